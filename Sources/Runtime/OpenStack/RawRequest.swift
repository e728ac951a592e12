import JSONValue
import LuaBridge
import OpenStack
import Transport

extension Runtime {
    /// `openstack.request{service =, method =, path =, query =, body =, headers =, microversion =}`:
    /// any API call, with the same token, catalog, retries and errors as the rest. Returns
    /// `{status =, headers =, body =, json =}`.  [-0, +1]
    func pushOpenStackModule(_ session: @escaping SessionProvider) {
        lua.stack.newTable(fields: 1)
        lua.setFunction("request", in: -1, name: "openstack.request", isolated { [unowned self] call throws(LuaCallError) in
            var (fields, control) = try call.options(1)
            guard let serviceName = fields.take("service")?.stringValue, let service = ServiceType(named: serviceName) else {
                throw .argument(1, "'service' must name a service (compute, block-storage, network, image, identity)")
            }
            guard let path = fields.take("path")?.stringValue else { throw .argument(1, "'path' is required") }
            let method = fields.take("method")?.stringValue?.uppercased() ?? "GET"
            var query: [(String, String)] = []
            if case .object(let object)? = fields.take("query") {
                for member in object.members { query.append((member.key, member.value.stringValue ?? (try? member.value.encodedString()) ?? "")) }
            }
            var headers = HTTPHeaders()
            if case .object(let object)? = fields.take("headers") {
                for member in object.members { headers.add(member.key, member.value.stringValue ?? "") }
            }
            var body = ServiceRequest.Body.none
            if let value = fields.take("body") {
                if case .string(let bytes) = value {
                    body = .bytes(bytes, contentType: headers["Content-Type"] ?? "application/octet-stream")
                } else {
                    body = .json(value)
                }
            }
            try Self.refuseLeftovers(fields, call, 1)
            var request = ServiceRequest(service, method, path, query: query, body: body, headers: headers, microversion: control.microversion)
            request.timeout = control.timeout ?? request.timeout
            let sendable = request
            return try suspend(call, control) { () async throws(OpenStackError) in
                let session = try await session()
                try await Self.refuseForeignURL(sendable, session)
                // What it changes is not declared: any name may name something else after it.
                defer { if !["GET", "HEAD"].contains(sendable.method) { session.forgetResolvedReferences() } }
                let response = try await session.send(sendable)
                return { stack in
                    var result: JSONObject = ["status": .int(Int64(response.status))]
                    var seen: [String: String] = [:]
                    // Never a token (X-Subject-Token) or a cookie: the script has the call, not its keys.
                    for (name, value) in response.headers where !SecretName.isSecret(name) {
                        seen[name.lowercased()] = seen[name.lowercased()].map { "\($0), \(value)" } ?? value
                    }
                    result["headers"] = .object(JSONObject(seen.sorted { $0.key < $1.key }.map { (key: $0.key, value: JSON($0.value)) }))
                    result["body"] = .string(response.body)
                    if let json = try? JSON.decode(response.body) { result["json"] = json }
                    stack.push(.object(result))
                    return 1
                }
            }
        })
        rejectUnknownNames(ofModuleAt: -1, module: "openstack")
    }

    /// A script's `path` may be a whole URL (a `next` link it was given), but only on the
    /// service's own endpoint: the request carries the cloud's token, which goes nowhere else.
    private static func refuseForeignURL(_ request: ServiceRequest, _ session: Session) async throws(OpenStackError) {
        let path = request.path
        guard path.hasPrefix("http://") || path.hasPrefix("https://") else { return }
        let endpoint = try await session.endpoint(request.service)
        guard let target = URLOrigin(path), let own = URLOrigin(endpoint.url),
              target.scheme == own.scheme, target.host == own.host, target.port == own.port else {
            throw OpenStackError(.permissionDenied, "\(redactingCredentials(path)) is not on the \(request.service.rawValue) endpoint "
                + "(\(endpoint.url)): openstack.request sends the cloud's token only to the cloud's own endpoints; "
                + "http.request (with --allow-net) calls other hosts", service: request.service.rawValue, method: request.method)
        }
    }
}
