public import Hummingbird
public import NIOCore

/// What a route handler answers. Headers keep their exact spelling and order, because the real
/// services differ in header case and the emulator reproduces that.
public struct EmulatorResponse: Sendable {
    public enum Body: Sendable {
        case empty
        /// Serialized by the dispatcher in the service's JSON layout.
        case json(EmulatorJSON)
        case text(String)
        case bytes(ByteBuffer)
        /// Written while it is sent (Glance downloads), so that large bodies never sit in memory.
        /// Give the body a `contentLength` when it is known: it becomes the `Content-Length` header.
        case stream(ResponseBody)
    }

    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Body

    public init(status: Int, headers: [(name: String, value: String)] = [], body: Body = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func json(_ value: EmulatorJSON, status: Int = 200, headers: [(name: String, value: String)] = []) -> EmulatorResponse {
        EmulatorResponse(status: status, headers: headers, body: .json(value))
    }

    public static func empty(status: Int = 204, headers: [(name: String, value: String)] = []) -> EmulatorResponse {
        EmulatorResponse(status: status, headers: headers, body: .empty)
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll { $0.name.lowercased() == name.lowercased() }
        headers.append((name, value))
    }

    public mutating func addHeader(_ name: String, _ value: String) {
        headers.append((name, value))
    }
}
