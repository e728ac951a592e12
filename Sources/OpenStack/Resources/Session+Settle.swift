import JSONValue
import Logging

/// What a look after a lost answer found.
enum LostAnswerLook {
    /// The call did not happen: it may be sent again.
    case absent
    /// An earlier attempt did it: this is what the call answers.
    case found(JSON)
    /// Something is there that cannot be passed off as the call's result (a generated key
    /// pair whose private key was in the lost answer): the call fails, saying why.
    case unusable(String)
}

/// How one kind of settled call speaks of itself in log records and errors.
struct LostAnswerWording {
    /// "create" or "attach_volume": the call, as in "the create was sent 3 times".
    var call: String
    /// The log record's text when a look finds what an earlier attempt did ("adopted the server
    /// an earlier attempt created").
    var adopted: String
    /// What the look does, as in "looking for it by its marker failed too".
    var looking: String
    /// What a look that found nothing saw: "no server carries its marker".
    var absence: String
    /// The member of a found result to log as its id (nil: the metadata says what it is).
    var idField: String?
    /// Logged with every record (the marker).
    var metadata: Logger.Metadata = [:]
}

/// The layer that decides whether a call that is not safe to repeat is sent again: a create
/// (by its marker, or its name for key pairs) and an operation whose effect can be read back
/// (attaching a volume, adding a router interface). Every layer below sends it once
/// (RetryPolicy). When its answer leaves open whether the service acted on it, the service is
/// asked: what the call did is taken as its answer; when it did nothing, the call is sent
/// again, and a second lost answer is settled the same way.
extension Session {
    /// How many times one call may be sent in all: as many as any request may be (`--retries`,
    /// a call's `retries = N`; 5 by default). Each resend follows a look that found nothing, so
    /// it is as safe as a GET's retry; the call's deadline (or one request's limit) bounds the
    /// whole. With no retries, a lost answer is only looked for.
    var settledSendLimit: Int { (CallRetries.current ?? retryPolicy.maxAttempts - 1) + 1 }

    /// Seconds before the first look after a lost answer (twice that before the second): time
    /// for a service still working on it to finish.
    static let settleDelay = 2.0

    /// Whether `error`, from sending a `method` request that is not safe to repeat, leaves open
    /// whether the service acted: no answer after sending, or 502/503/504 (the retries report
    /// those as outcome_unknown), or 500: the service failed part-way, possibly after it made
    /// what was asked (a resource left behind by a create answered 500 is a known failure of
    /// Nova, Cinder and Neutron alike). The look tells which.
    static func leavesOutcomeOpen(_ error: OpenStackError, method: String) -> Bool {
        error.kind == .outcomeUnknown || (error.kind == .http && error.status == 500 && error.method == method)
    }

    /// Sends with `send` until it is answered, a look finds what an earlier attempt did, or it
    /// was sent `settledSendLimit` times. `look` is asked twice after each open outcome,
    /// `settleDelay` and twice that later (a proxy's 504 may come while the service is still
    /// working); it throws when it cannot tell. The whole call stands for one request: it has
    /// the call's deadline, or one request's limit.
    func settling(_ method: String, _ wording: LostAnswerWording, send: () async throws(OpenStackError) -> JSON,
                  look: () async throws(OpenStackError) -> LostAnswerLook) async throws(OpenStackError) -> JSON {
        try await CallDeadline.withinRequestLimit(requestTimeout, clock: clock) { () async throws(OpenStackError) in
            var sent = 0
            while true {
                sent += 1
                let lost: OpenStackError
                do throws(OpenStackError) {
                    return try await send()
                } catch where Self.leavesOutcomeOpen(error, method: method) {
                    lost = error
                }
                var seen = LostAnswerLook.absent
                for attempt in 1...2 {
                    guard case .absent = seen else { break }
                    do throws(OpenStackError) {
                        try await pause(Self.settleDelay * Double(attempt))
                        seen = try await look()
                    } catch {
                        throw Self.unsettled(lost, "\(wording.looking) failed too (\(error.description))")
                    }
                }
                switch seen {
                case .found(let result):
                    var metadata = wording.metadata
                    if let field = wording.idField { metadata["id"] = "\(result[field]?.identifierText ?? "?")" }
                    metadata["sent"] = "\(sent)"
                    logger.info("\(wording.adopted): its answer left that open", metadata: metadata)
                    return result
                case .unusable(let why):
                    throw Self.unsettled(lost, why)
                case .absent:
                    break
                }
                guard sent < settledSendLimit else {
                    throw Self.unsettled(lost, "the \(wording.call) was sent \(sent == 1 ? "once" : "\(sent) times") in all, no answer said what became of it, and \(wording.absence)")
                }
                var metadata = wording.metadata
                metadata["attempt"] = "\(sent + 1)"
                logger.info("\(wording.absence) after an answer that left it open: sending the \(wording.call) again", metadata: metadata)
            }
        }
    }

    /// The error that left the outcome open, saying what the look after it found out (its own
    /// text speaks of the retries below, which did not send it again).
    static func unsettled(_ error: OpenStackError, _ why: String) -> OpenStackError {
        var error = error
        error.message += "; then \(why)"
        return error
    }
}
