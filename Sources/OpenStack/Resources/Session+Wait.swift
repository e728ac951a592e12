public import JSONValue
import Transport

/// How long and how often a wait polls.
public struct WaitOptions: Sendable {
    public var timeout: Double?
    public var interval: Double?

    public init(timeout: Double? = nil, interval: Double? = nil) {
        self.timeout = timeout
        self.interval = interval
    }
}

extension Session {
    /// Polls until the resource's status is one of `targets` (compared without case) and returns
    /// it. A failed state (ERROR, error_deleting, killed...) raises at once with the resource's
    /// fault message; a resource that disappears raises; so does the timeout (every wait has one:
    /// the kind's default unless given). The polls are shared with every other wait on the kind
    /// (Session+Observe), and waiting yields to other tasks.
    public func wait(for targets: [String], _ kind: ResourceKind, _ id: String, _ wait: WaitOptions = WaitOptions(),
                     _ options: CallOptions = CallOptions()) async throws(OpenStackError) -> JSON {
        guard let status = kind.status else {
            throw OpenStackError(.invalidArgument, "a \(kind.name) has no status to wait for", service: kind.service.projectName)
        }
        let timeout = wait.timeout ?? status.timeout
        let interval = max(0.05, wait.interval ?? status.interval)
        let deadline = waitDeadline(timeout)
        let wanted = Set(targets.map { $0.lowercased() })
        let failures = Set(status.failed.map { $0.lowercased() })
        var lastStatus = "unknown"
        // Shown on a terminal's progress line; its last status is what this wait ended with,
        // unless it was given up (nil).
        seams.waits.waitStarted(kind.name, id, target: targets.first ?? "?")
        var ended: String?
        defer { seams.waits.waitEnded(kind.name, id, status: ended) }
        // A wait that would outlast the token starts with a fresh one (each poll renews too).
        _ = try await validToken(minimumLifetime: min(timeout, (token?.lifetime ?? 0) / 2))
        // The first look is at once (within StatusPoller.joinDelay); the next ones follow the rounds.
        var firstRead = true
        while true {
            let resource: JSON
            do {
                resource = try await observe(kind, id, interval: interval, deadline: deadline, firstRead: firstRead, options)
                firstRead = false
            } catch where error.kind == .timeout && clock.now() >= deadline {
                throw OpenStackError(.timeout, "\(kind.name) \(id) is still \(lastStatus) after \(Self.seconds(timeout)) (waiting for \(targets.joined(separator: "/")))",
                                     service: kind.service.projectName)
            } catch where error.status == 404 {
                throw OpenStackError(.vanished, "\(kind.name) \(id) disappeared while waiting for \(targets.joined(separator: "/")) (last status \(lastStatus))",
                                     service: kind.service.projectName, status: 404, requestID: error.requestID)
            }
            lastStatus = resource[status.field]?.stringValue ?? "unknown"
            seams.waits.waitObserved(kind.name, id, status: lastStatus)
            if wanted.contains(lastStatus.lowercased()) {
                ended = lastStatus
                return resource
            }
            if failures.contains(lastStatus.lowercased()) {
                ended = lastStatus
                throw OpenStackError(.failed, "\(kind.name) \(id) went to \(lastStatus)\(Self.faultText(resource))",
                                     service: kind.service.projectName, resource: resource)
            }
            if clock.instant(after: interval) > deadline {
                throw OpenStackError(.timeout, "\(kind.name) \(id) is still \(lastStatus) after \(Self.seconds(timeout)) (waiting for \(targets.joined(separator: "/")))",
                                     service: kind.service.projectName, resource: resource)
            }
            logger.debug("waiting", metadata: ["kind": "\(kind.name)", "id": "\(id)", "status": "\(lastStatus)"])
        }
    }

    /// Polls until the resource answers 404. Its failed states (error_deleting...) raise.
    public func waitForDeletion(_ kind: ResourceKind, _ id: String, _ wait: WaitOptions = WaitOptions(),
                                _ options: CallOptions = CallOptions()) async throws(OpenStackError) {
        let defaults = kind.status ?? .init(ready: [], failed: [], timeout: 120)
        let timeout = wait.timeout ?? defaults.timeout
        let interval = max(0.05, wait.interval ?? defaults.interval)
        let deadline = waitDeadline(timeout)
        let failures = Set(defaults.failed.map { $0.lowercased() } + ["error_deleting"])
        seams.waits.waitStarted(kind.name, id, target: "DELETED")
        var ended: String?
        defer { seams.waits.waitEnded(kind.name, id, status: ended) }
        // The first look is at once (within StatusPoller.joinDelay); the next ones follow the rounds.
        var firstRead = true
        while true {
            let resource: JSON
            do {
                resource = try await observe(kind, id, interval: interval, deadline: deadline, firstRead: firstRead, options)
                firstRead = false
            } catch where error.kind == .timeout && clock.now() >= deadline {
                throw OpenStackError(.timeout, "\(kind.name) \(id) still exists after \(Self.seconds(timeout))", service: kind.service.projectName)
            } catch where error.status == 404 {
                ended = "DELETED"
                return
            }
            let current = resource[defaults.field]?.stringValue ?? ""
            seams.waits.waitObserved(kind.name, id, status: current.isEmpty ? "?" : current)
            if failures.contains(current.lowercased()) {
                ended = current
                throw OpenStackError(.failed, "\(kind.name) \(id) went to \(current) while being deleted\(Self.faultText(resource))",
                                     service: kind.service.projectName, resource: resource)
            }
            if clock.instant(after: interval) > deadline {
                throw OpenStackError(.timeout, "\(kind.name) \(id) still exists after \(Self.seconds(timeout)) (status \(current.isEmpty ? "unknown" : current))",
                                     service: kind.service.projectName, resource: resource)
            }
        }
    }

    /// When a wait of `timeout` seconds gives up: then, or when the call it is part of must end.
    nonisolated func waitDeadline(_ timeout: Double) -> UInt64 {
        let own = clock.instant(after: timeout)
        return min(own, CallDeadline.current?.instant ?? own)
    }

    /// ": <fault message>" from Nova's `fault`, or what other services put in a message field.
    static func faultText(_ resource: JSON) -> String {
        let message = resource["fault"]?["message"]?.stringValue ?? resource["message"]?.stringValue
        return message.map { ": \($0)" } ?? ""
    }

    nonisolated static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
