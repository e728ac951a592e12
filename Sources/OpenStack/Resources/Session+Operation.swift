public import JSONValue
import Transport

/// What a script gave an operation: the subject and, by slot, its arguments and options, with
/// references not yet resolved.
public struct OperationInput: Sendable {
    public enum Value: Sendable {
        /// An id or a name of `kind`, or a resource table: resolved to the id.
        case reference(JSON, ResourceKind)
        case value(JSON)
    }

    public var subject: JSON
    public var values: [String: Value] = [:]

    public init(subject: JSON, values: [String: Value] = [:]) {
        self.subject = subject
        self.values = values
    }
}

/// An operation ready to send: every reference resolved to an id.
public struct PreparedOperation: Sendable {
    public let operation: Operation
    public let subjectID: String
    public let slots: [String: JSON]

    func id(of slot: String?) -> String? {
        guard let slot else { return subjectID }
        return slots[slot]?.identifierText
    }
}

extension Session {
    /// Performs `operation` as declared: resolves the subject and the references (at once),
    /// sends the request, waits when asked, and returns the declared result.
    public func perform(_ operation: Operation, _ input: OperationInput, wait: Bool = false, _ waitOptions: WaitOptions = WaitOptions(),
                        _ options: CallOptions = CallOptions()) async throws(OpenStackError) -> JSON? {
        let prepared = try await prepare(operation, input)
        let answer = try await sendSettled(prepared, options)
        recordLink(prepared)
        var waited: JSON?
        if wait, let target = operation.wait, let kind = kind(of: target.slot, in: operation), let id = prepared.id(of: target.slot) {
            waited = try await self.wait(for: target.states, kind, id, waitOptions)
        }
        switch operation.result {
        case .subject:
            if let waited, operation.wait?.slot == nil { return waited }
            return try await get(operation.subject, prepared.subjectID)
        case .answer(nil):
            return answer
        case .answer(let key?):
            return try Self.member(key, of: answer, operation)
        case .text(let key):
            guard let text = try Self.member(key, of: answer, operation).stringValue else {
                throw OpenStackError(.http, "the answer's '\(key)' is not a string", service: operation.subject.service.projectName)
            }
            return JSON(text)
        case .waited:
            // json.null, not nil, without a wait: what the call has always returned.
            return waited ?? .null
        }
    }

    /// The member of the answer the operation returns; a malformed answer is an error, not a nil.
    private static func member(_ key: String, of answer: JSON, _ operation: Operation) throws(OpenStackError) -> JSON {
        guard let value = answer[key] else {
            throw OpenStackError(.http, "the answer to \(operation.name) has no '\(key)'", service: operation.subject.service.projectName)
        }
        return value
    }

    /// Resolves the subject and every reference the input holds, at once.
    public func prepare(_ operation: Operation, _ input: OperationInput) async throws(OpenStackError) -> PreparedOperation {
        var slots: [String: JSON] = [:]
        var references: [(slot: String, run: @LoopActor @Sendable () async throws(OpenStackError) -> JSON)] = [
            ("", { () async throws(OpenStackError) in try await self.resolveID(input.subject, operation.subject, option: operation.subject.name) }),
        ]
        for (slot, value) in input.values {
            switch value {
            case .value(let json):
                slots[slot] = json
            case .reference(let reference, let kind):
                references.append((slot, { () async throws(OpenStackError) in try await self.resolveID(reference, kind, option: slot) }))
            }
        }
        let ids = try await Self.concurrently(references.map(\.run))
        for (slot, id) in zip(references.map(\.slot), ids).dropFirst() { slots[slot] = id }
        let subject = ids[0].identifierText ?? ""
        return PreparedOperation(operation: operation, subjectID: subject, slots: slots)
    }

    /// Sends the operation's request; returns the answer's JSON (null when it has no body). A
    /// DELETE answered 404 after an earlier attempt got no answer did its work on that attempt.
    func send(_ prepared: PreparedOperation, _ options: CallOptions) async throws(OpenStackError) -> JSON {
        let operation = prepared.operation
        var method = operation.request.method
        if let (flag, alternative) = operation.request.methodWhenFlagSet, prepared.slots[flag]?.boolValue == true { method = alternative }
        let path = operation.subject.item(prepared.subjectID, parent: nil) + Self.filled(operation.request.path, prepared.slots)
        let body = operation.request.body?.filled(prepared.slots)
        var request = ServiceRequest(operation.subject.service, method, path, body: body.map { .json($0) } ?? .none,
                                     microversion: options.microversion)
        request.microversionCap = operation.subject.maximumMicroversion
        request.onlyReads = !operation.mutates
        request.sendsOnce = operation.request.sendsOnce
        do {
            return try await sendJSON(request)
        } catch where method == "DELETE" && error.status == 404 && error.attempts > 1 {
            return .null
        }
    }

    /// The kind of the subject (nil slot) or of the reference argument in `slot`.
    func kind(of slot: String?, in operation: Operation) -> ResourceKind? {
        guard let slot else { return operation.subject }
        for argument in operation.arguments where argument.slot == slot {
            switch argument.form {
            case .reference(let kind): return kind
            case .oneOf(let choices): return choices.first?.kind
            default: return nil
            }
        }
        return nil
    }

    /// `path` with each `{slot}` replaced by the slot's value, percent-encoded.
    nonisolated static func filled(_ path: String, _ slots: [String: JSON]) -> String {
        var result = path
        for (name, value) in slots where result.contains("{\(name)}") {
            let text = value.identifierText ?? ""
            result = result.replacing("{\(name)}", with: percentEncoded(text))
        }
        return result
    }
}
