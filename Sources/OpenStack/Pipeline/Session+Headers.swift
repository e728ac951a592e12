import Transport

extension Session {
    /// The call as an HTTP request, without a token: base headers, the microversion the
    /// endpoint's discovery chose (or the call's own, or the kind's cap), the body and its type,
    /// the call's own headers last, and its time limits.
    func httpRequest(for request: ServiceRequest, url: String, endpoint: ServiceEndpoint) throws(OpenStackError) -> HTTPRequest {
        var headers = Self.baseHeaders
        // Each service gets only its own microversion header: Cinder answers 400 to another's.
        if let name = request.service.microversionName,
           let version = request.microversion ?? Self.cappedDefault(endpoint.defaultMicroversion, request.microversionCap)?.description {
            headers.add("OpenStack-API-Version", "\(name) \(version)")
            if request.service == .compute { headers.add("X-OpenStack-Nova-API-Version", version) }
        }
        let body: HTTPRequest.Body
        switch request.body {
        case .none:
            body = .none
        case .json(let value):
            do {
                body = .bytes(try value.encoded())
            } catch {
                throw OpenStackError(.invalidArgument, "cannot encode the request body: \(error.message)",
                                     service: request.service.projectName, method: request.method, url: url)
            }
            headers.set("Content-Type", "application/json")
        case .bytes(let bytes, let type):
            body = .bytes(bytes)
            headers.set("Content-Type", type)
        case .file(let path, let type):
            body = .file(path: path)
            headers.set("Content-Type", type)
        }
        for (name, value) in request.headers { headers.set(name, value) }
        var timeouts = HTTPRequest.Timeouts(connect: 30, total: request.timeout)
        if request.timeout == nil { (timeouts.lowSpeedBytes, timeouts.lowSpeedSeconds) = (1, 300) }
        var http = HTTPRequest(method: request.method, url: url, headers: headers, body: body, output: request.output,
                               timeouts: timeouts, tls: config.tls)
        http.isIdempotent = request.isIdempotent
        return http
    }

    /// The endpoint's default microversion, lowered to `cap` when it is above it.
    nonisolated static func cappedDefault(_ current: Microversion?, _ cap: Microversion?) -> Microversion? {
        guard let current, let cap, cap < current else { return current }
        return cap
    }
}
