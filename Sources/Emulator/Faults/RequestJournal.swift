import Synchronization

/// One request as the emulator received it, for wire-level tests: what a client sent, not what
/// it meant. Headers other than the microversion ones, and bodies, are never kept (tokens and
/// passwords travel in them).
public struct RecordedRequest: Sendable, Equatable {
    public let service: String
    public let method: String
    public let path: String
    /// The raw query string, without the `?` ("" when there is none).
    public let query: String
    /// `OpenStack-API-Version`, as sent (nil when absent).
    public let apiVersion: String?
    /// `X-OpenStack-Nova-API-Version`, Nova's legacy header, as sent.
    public let novaAPIVersion: String?
    /// The status answered; nil when the connection was dropped.
    public var status: Int?

    public var json: EmulatorJSON {
        var object: EmulatorJSONObject = [
            "service": .string(service), "method": .string(method), "path": .string(path), "query": .string(query),
            "status": status.map { .int($0) } ?? .null,
        ]
        object["openstack_api_version"] = apiVersion.map { .string($0) } ?? .null
        object["x_openstack_nova_api_version"] = novaAPIVersion.map { .string($0) } ?? .null
        return .object(object)
    }
}

/// The most recent requests to the services (control requests excluded), oldest first, for
/// `GET /_emulator/requests` and `OpenStackEmulator.recentRequests()`. Bounded, so a long run
/// under load keeps only its tail.
final class RequestJournal: Sendable {
    static let capacity = 2000
    private let entries = Mutex<[RecordedRequest]>([])

    func append(_ request: RecordedRequest) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeFirst(entries.count - Self.capacity + 1) }
            entries.append(request)
        }
    }

    var all: [RecordedRequest] { entries.withLock { $0 } }

    func reset() { entries.withLock { $0.removeAll() } }
}
