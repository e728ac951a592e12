/// The life of one transfer, as a value: which outcome is delivered, exactly once, whatever the
/// order in which curl's completion, a cancellation and a failing body callback arrive. The
/// `Transfer` class performs the actions this returns; this type does no I/O, so every order of
/// events can be tested without sockets.
struct TransferLifecycle {
    enum State: Equatable {
        case created
        case inFlight
        /// A body callback refused data; curl will complete with a write error, which the
        /// reason explains.
        case aborting(AbortReason)
        case done
    }

    enum AbortReason: Equatable {
        case bodyTooLarge(limit: Int)
        case fileWrite(String)
        case fileRead(String)
    }

    enum Completion: Equatable {
        /// Build the response and deliver it.
        case deliverResponse
        /// Deliver this error.
        case deliverError(TransportError.Kind, String)
        /// Already delivered (cancelled): only release resources.
        case releaseOnly
    }

    enum Cancellation: Equatable {
        /// Take the handle out of the multi handle, then deliver `cancelled`.
        case removeAndDeliverCancelled
        /// Not started: deliver `cancelled` without touching curl.
        case deliverCancelled
        case nothing
    }

    private(set) var state = State.created

    mutating func start() {
        precondition(state == .created, "a transfer starts once")
        state = .inFlight
    }

    /// A body callback failed; returns whether curl should be told to stop (the first failure
    /// wins, later ones are the same transfer stopping).
    mutating func abort(_ reason: AbortReason) -> Bool {
        guard state == .inFlight else { return false }
        state = .aborting(reason)
        return true
    }

    mutating func cancel() -> Cancellation {
        switch state {
        case .created:
            state = .done
            return .deliverCancelled
        case .inFlight, .aborting:
            state = .done
            return .removeAndDeliverCancelled
        case .done:
            return .nothing
        }
    }

    /// curl finished the transfer with `code` (0 is success) and `failure`, its classification.
    mutating func complete(code: Int32, failure: (TransportError.Kind, String)?) -> Completion {
        switch state {
        case .done:
            return .releaseOnly
        case .created:
            preconditionFailure("completion of a transfer that never started")
        case .aborting(let reason):
            state = .done
            switch reason {
            case .bodyTooLarge(let limit): return .deliverError(.tooLarge, "the body is larger than \(limit) bytes")
            case .fileWrite(let detail), .fileRead(let detail): return .deliverError(.file, detail)
            }
        case .inFlight:
            state = .done
            if code == 0 { return .deliverResponse }
            let (kind, detail) = failure ?? (.other, "curl error \(code)")
            return .deliverError(kind, detail)
        }
    }
}

/// Reads response header lines as curl hands them over. A status line starts a new head, so
/// that only the final response's fields remain after `100 Continue` or a redirect.
struct ResponseHeadParser {
    private(set) var status = 0
    private(set) var httpVersion = "1.1"
    private(set) var headers = HTTPHeaders()

    mutating func consume(line raw: Substring) {
        // By bytes: Character-level work (grapheme breaking) was a visible part of each
        // request's CPU, and "\r\n" is a single Character, equal to neither "\r" nor "\n".
        var line = raw.utf8[...]
        while let last = line.last, last == 13 || last == 10 { line = line.dropLast() }
        if line.starts(with: "HTTP/".utf8) {
            let parts = line.split(separator: 32, maxSplits: 2)
            status = parts.count > 1 ? Int(Substring(parts[1])) ?? 0 : 0
            httpVersion = String(Substring(parts[0].dropFirst(5)))
            headers = HTTPHeaders()
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        var value = line[line.index(after: colon)...]
        while let first = value.first, first == 32 || first == 9 { value = value.dropFirst() }
        while let last = value.last, last == 32 || last == 9 { value = value.dropLast() }
        headers.add(String(Substring(line[..<colon])), String(Substring(value)))
    }
}
