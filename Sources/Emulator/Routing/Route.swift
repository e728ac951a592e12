public import HTTPTypes

/// Handles one matched request. Runs outside the state lock: take it with `request.cloud.withState`.
public typealias RouteHandler = @Sendable (EmulatorRequest) async throws -> EmulatorResponse

/// Per-route behaviour that differs from the service's defaults.
public struct RouteTraits: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// No token needed (version documents, `POST /v3/auth/tokens`).
    public static let noToken = RouteTraits(rawValue: 1 << 0)
    /// Outside the microversioned API: no version negotiation and no echo headers (Nova's `/`).
    public static let unversioned = RouteTraits(rawValue: 1 << 1)
    /// No request-id headers (Nova's and Neutron's version lists, Glance's `/versions`).
    public static let noRequestID = RouteTraits(rawValue: 1 << 2)
    /// The body is not collected: the handler reads `request.bodyStream` (Glance uploads).
    public static let streamsBody = RouteTraits(rawValue: 1 << 3)
}

/// A route: method, a path template under the server root, and a handler.
public struct Route: Sendable {
    public let method: HTTPRequest.Method
    public let template: String
    public let traits: RouteTraits
    public let handler: RouteHandler
    let segments: [Segment]

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    /// `template` is the full path as clients see it, with `{name}` parameters:
    /// `/compute/v2.1/servers/{server_id}`. The template is also the route's name in stats and
    /// fault plans.
    public init(_ method: HTTPRequest.Method, _ template: String, _ traits: RouteTraits = [], handler: @escaping RouteHandler) {
        self.method = method
        self.template = template
        self.traits = traits
        self.handler = handler
        segments = template.split(separator: "/").map { part in
            if part.hasPrefix("{") && part.hasSuffix("}") {
                .parameter(String(part.dropFirst().dropLast()))
            } else {
                .literal(String(part))
            }
        }
    }

    /// Matches decoded path segments; returns the parameters and a score that ranks literal
    /// segments above parameters, position by position (`servers/detail` beats `servers/{id}`).
    func match(_ path: [String]) -> (parameters: [String: String], score: UInt64)? {
        guard path.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        var score: UInt64 = 0
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .literal(let literal):
                guard literal == path[index] else { return nil }
                if index < 63 { score |= 1 << UInt64(63 - index) }
            case .parameter(let name):
                guard !path[index].isEmpty else { return nil }
                parameters[name] = path[index]
            }
        }
        return (parameters, score)
    }
}

/// The outcome of looking a request up in a service's routes.
enum RouteMatch {
    case found(Route, parameters: [String: String])
    /// The path exists but not for this method; the methods that would work.
    case wrongMethod(allowed: [HTTPRequest.Method], template: String)
    case notFound
}

/// The routes of one service.
struct RouteTable: Sendable {
    let routes: [Route]

    init(_ routes: [Route]) { self.routes = routes }

    func match(method: HTTPRequest.Method, path: [String], headFallsBackToGet: Bool) -> RouteMatch {
        var best: (route: Route, parameters: [String: String], score: UInt64)?
        var fallback: (route: Route, parameters: [String: String], score: UInt64)?
        var pathMatches: [(route: Route, score: UInt64)] = []
        for route in routes {
            guard let (parameters, score) = route.match(path) else { continue }
            pathMatches.append((route, score))
            if route.method == method {
                if best == nil || score > best!.score { best = (route, parameters, score) }
            } else if headFallsBackToGet && method == .head && route.method == .get {
                if fallback == nil || score > fallback!.score { fallback = (route, parameters, score) }
            }
        }
        if let chosen = best ?? fallback { return .found(chosen.route, parameters: chosen.parameters) }
        guard let top = pathMatches.max(by: { $0.score < $1.score }) else { return .notFound }
        let allowed = pathMatches.filter { $0.score == top.score }.map(\.route.method)
        return .wrongMethod(allowed: allowed, template: top.route.template)
    }
}
