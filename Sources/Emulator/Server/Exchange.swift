import HTTPTypes
import Hummingbird
import Logging

/// One request inside one service: the steps after routing and faults.
struct Exchange {
    let request: Request
    let service: any EmulatedService
    let requestID: String
    let environment: EmulatorEnvironment
    let logger: Logger

    var conventions: ServiceConventions { service.conventions }

    var acceptsJSON: Bool {
        request.headers[.accept].map { $0.contains("application/json") } ?? false
    }

    func process(_ match: RouteMatch) async -> EmulatorResponse {
        switch match {
        case .notFound:
            if conventions.authenticatesBeforeRouting, authenticate() == nil { return unauthorized() }
            return withRequestID(unmatched(allowed: []), outer: true)
        case .wrongMethod(let allowed, _):
            if conventions.authenticatesBeforeRouting, authenticate() == nil { return unauthorized() }
            return withRequestID(unmatched(allowed: allowed.map(\.rawValue)), outer: true)
        case .found(let route, let parameters):
            var auth: AuthContext?
            if !route.traits.contains(.noToken) {
                guard let context = authenticate() else { return unauthorized() }
                auth = context
            }
            var response = await run(route, parameters: parameters, auth: auth)
            if !route.traits.contains(.noRequestID) { response = withRequestID(response) }
            return response
        }
    }

    private func run(_ route: Route, parameters: [String: String], auth: AuthContext?) async -> EmulatorResponse {
        var microversion: APIVersion?
        var echo: [(name: String, value: String)] = []
        if let spec = conventions.microversion, !route.traits.contains(.unversioned) {
            do {
                let version = try spec.negotiate(
                    headerValues: request.headers[values: .openStackAPIVersion],
                    legacyValue: spec.legacyHeader.flatMap { HTTPField.Name($0) }.flatMap { request.headers[$0] })
                microversion = version
                echo = spec.echoHeaders(version)
            } catch {
                return render(error)
            }
        }
        var body: [UInt8] = []
        var stream: RequestBody?
        if route.traits.contains(.streamsBody) {
            stream = request.body
        } else if hasBody {
            do {
                var incoming = request
                let buffer = try await incoming.collectBody(upTo: Dispatcher.maximumBodyBytes)
                body = Array(buffer.readableBytesView)
            } catch {
                return render(ServiceError(status: 413, message: "Request is too large."))
            }
        }
        let serviceRequest = EmulatorRequest(
            method: request.method, path: request.uri.path, route: route.template, parameters: parameters,
            query: QueryItems(parsing: request.uri.query), headers: request.headers, body: body, bodyStream: stream,
            requestID: requestID, auth: auth, microversion: microversion, cloud: environment.cloud,
            environment: environment, service: service)
        var response: EmulatorResponse
        do {
            response = try await route.handler(serviceRequest)
        } catch let error as ServiceError {
            response = render(error)
        } catch {
            logger.error("handler failed", metadata: ["route": "\(route.method) \(route.template)", "error": "\(error)"])
            response = render(ServiceError(
                status: 500, message: "The server has either erred or is incapable of performing the requested operation."))
        }
        for header in echo { response.addHeader(header.name, header.value) }
        return response
    }

    /// Whether the request announces a body. Most are GETs without one; skipping the collection
    /// for them saves a round trip to the connection's event loop.
    private var hasBody: Bool {
        if request.headers[.transferEncoding] != nil { return true }
        guard let length = request.headers[.contentLength] else { return false }
        return length != "0"
    }

    /// The token's owner, or nil when the token is missing, unknown, expired or revoked.
    func authenticate() -> AuthContext? {
        guard let token = request.headers[.authToken], !token.isEmpty else { return nil }
        return try? environment.cloud.withState { cloud in
            cloud[IdentityState.self].validate(token: token, at: cloud.now)
        }
    }

    func render(_ error: ServiceError) -> EmulatorResponse {
        ErrorRenderer.render(error, style: error.style ?? conventions.errorStyle, conventions: conventions, acceptsJSON: acceptsJSON)
    }

    /// The 401 for a missing or bad token, in front of the service.
    func unauthorized() -> EmulatorResponse {
        let message = "The request you have made requires authentication."
        let identityRoot = environment.baseURL + "/" + IdentityService.prefix
        switch conventions.unauthorized {
        case .keystone:
            var response = render(ServiceError(status: 401, message: message, style: .keystone))
            response.setHeader("WWW-Authenticate", "Keystone uri=\"\(identityRoot)/v3\"")
            return withRequestID(response)
        case .middleware(let headerName):
            var response = render(ServiceError(status: 401, message: message, style: .keystoneMiddleware))
            response.setHeader(headerName, "Keystone uri=\"\(identityRoot)\"")
            return withRequestID(response, outer: true)
        case .glance:
            var response = ErrorRenderer.webob(
                status: 401,
                message: "This server could not verify that you are authorized to access the document you requested. "
                    + "Either you supplied the wrong credentials (e.g., bad password), or your browser does not "
                    + "understand how to supply the credentials required.",
                residue: nil, acceptsJSON: acceptsJSON)
            response.setHeader("Www-Authenticate", "Keystone uri=\"\(identityRoot)\"")
            return response
        }
    }

    /// An error the fault plan injects, in the service's format, as if the service were overloaded.
    func injectedError(status: Int, retryAfter: Int) -> EmulatorResponse {
        let message: String
        switch status {
        case 429: message = "Rate limit exceeded: too many requests. Retry after \(retryAfter) seconds."
        case 502: message = "The proxy server received an invalid response from an upstream server."
        case 503: message = "The server is currently unavailable. Please try again at a later time."
        case 504: message = "The gateway did not receive a timely response from the upstream server."
        default: message = "The server has either erred or is incapable of performing the requested operation."
        }
        var error = ServiceError(status: status, message: message)
        if status == 429 || status == 503 { error.headers = [("Retry-After", String(retryAfter))] }
        return withRequestID(render(error))
    }

    private func unmatched(allowed: [String]) -> EmulatorResponse {
        let details = UnmatchedRequest(
            method: request.method.rawValue, path: request.uri.path, allowedMethods: allowed, acceptsJSON: acceptsJSON)
        if let custom = service.unmatched(details) { return custom }
        if allowed.isEmpty || conventions.wrongMethodIsNotFound {
            // Neutron answers from its own router; Nova, Cinder and Glance from webob's.
            if case .neutron = conventions.errorStyle { return render(.notFound("The resource could not be found.")) }
            return ErrorRenderer.webob(status: 404, message: "The resource could not be found.", residue: nil, acceptsJSON: acceptsJSON)
        }
        if case .webob = conventions.errorStyle {
            var response = ErrorRenderer.webob(
                status: 405, message: "The method \(request.method.rawValue) is not allowed for this resource. ",
                residue: "<br /><br />\n", acceptsJSON: acceptsJSON)
            response.setHeader("Allow", allowed.joined(separator: ", "))
            return response
        }
        return render(ServiceError(
            status: 405, message: "The server could not comply with the request since it is either malformed or otherwise incorrect."))
    }

    private func withRequestID(_ response: EmulatorResponse, outer: Bool = false) -> EmulatorResponse {
        var response = response
        let names = outer ? conventions.outerRequestIDHeaders ?? conventions.requestIDHeaders : conventions.requestIDHeaders
        for name in names where response.header(name) == nil {
            response.addHeader(name, requestID)
        }
        return response
    }
}

extension HTTPField.Name {
    static let authToken = HTTPField.Name("X-Auth-Token")!
    static let subjectToken = HTTPField.Name("X-Subject-Token")!
    static let openStackAPIVersion = HTTPField.Name("OpenStack-API-Version")!
}
