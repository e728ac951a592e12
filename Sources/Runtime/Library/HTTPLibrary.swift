import JSONValue
import LuaBridge
import OpenStack
import Transport

extension Runtime {
    /// `http.request{method =, url =, headers =, body =, json =, file =, output =, timeout =,
    /// insecure =, cacert =, cert =, key =}`: a raw HTTP call through the event loop. Returns
    /// `{status =, headers =, body =, json =}` for any HTTP status; raises an error table when
    /// there is no response (cannot connect, timed out, ...).
    func installHTTPLibrary() {
        lua.stack.newTable(fields: 1)
        lua.setFunction("request", in: -1, name: "http.request", isolated { [weak self] call throws(LuaCallError) in
            guard let self else { throw .runtimeClosed(call) }
            let request = try HTTPRequestOptions.read(call)
            // Sent with the files resolved; the response names them as the script did.
            let sent = try permitted(request, call)
            let position = call.stack.position()
            return try scheduler.suspend(call) { complete in
                // Traced as the clouds' requests are (--debug), through the same tracer.
                let traced = clouds.tracer.map { tracer in (tracer, TracedRequest(sent, service: "http", attempt: 1)) }
                if let (tracer, request) = traced { tracer.willSend(request) }
                let started = monotonicNanoseconds()
                let handle = EventLoop.shared.start(sent) { [weak self] result in
                    if let (tracer, request) = traced {
                        let milliseconds = Int((monotonicNanoseconds() &- started) / 1_000_000)
                        tracer.didReceive(TracedResponse(result, to: request, milliseconds: milliseconds))
                    }
                    guard let self else { return }
                    switch result {
                    case .success(let response):
                        complete(.success { stack in self.pushHTTPResponse(response, request: request, on: stack) })
                    case .failure(let error):
                        complete(.failure { stack in self.pushTransportError(error, position: position, on: stack) })
                    }
                }
                return { handle.cancel() }
            }
        })
        lua.stack.setGlobal("http")
    }

    /// The request when the permissions allow all of it, with every file it names resolved:
    /// its host (`--allow-net`), the file it sends and the CA, certificate and key it reads
    /// (`--allow-read`), the file it writes (`--allow-write`). Checked before anything is opened
    /// or connected.
    private func permitted(_ request: HTTPRequest, _ call: LuaCall) throws(LuaCallError) -> HTTPRequest {
        do {
            try access.checkNet(request.url)
        } catch {
            throw denied(error, call)
        }
        var checked = request
        if case .file(let path) = request.body { checked.body = .file(path: try readablePath(path, call)) }
        if case .file(let path) = request.output { checked.output = .file(path: try writablePath(path, call)) }
        if let path = request.tls.caBundle { checked.tls.caBundle = try readablePath(path, call) }
        if let path = request.tls.clientCertificate { checked.tls.clientCertificate = try readablePath(path, call) }
        if let path = request.tls.clientKey { checked.tls.clientKey = try readablePath(path, call) }
        return checked
    }

    private func pushHTTPResponse(_ response: HTTPResponse, request: HTTPRequest, on stack: LuaStack) -> Int32 {
        stack.reserve(4)
        stack.newTable(fields: 6)
        stack.push(response.status)
        stack.setRawField("status", ofTableAt: -2)
        stack.newTable(fields: Int32(response.headers.count))
        var seen: [String: String] = [:]
        for (name, value) in response.headers {
            let key = name.lowercased()
            seen[key] = seen[key].map { "\($0), \(value)" } ?? value
        }
        for (key, value) in seen {
            stack.push(value)
            stack.setRawField(key, ofTableAt: -2)
        }
        stack.setRawField("headers", ofTableAt: -2)
        stack.push(bytes: response.body)
        stack.setRawField("body", ofTableAt: -2)
        stack.push(response.bodySize)
        stack.setRawField("size", ofTableAt: -2)
        if case .file(let path) = request.output, (200..<300).contains(response.status) {
            stack.push(path)
            stack.setRawField("file", ofTableAt: -2)
        }
        // A body that says it is JSON but is not stays available as `body`; `json` is then nil.
        if isJSONContentType(response.headers["content-type"]), !response.body.isEmpty,
           (try? stack.pushJSON(decoding: response.body)) != nil {
            stack.setRawField("json", ofTableAt: -2)
        }
        return 1
    }

    private func isJSONContentType(_ value: String?) -> Bool {
        guard let value else { return false }
        let type = value.split(separator: ";").first.map { $0.trimmingSpaces.lowercased() } ?? ""
        return type == "application/json" || type.hasSuffix("+json")
    }

    /// The error a script sees when a request got no response.
    func pushTransportError(_ error: TransportError, position: String?, on stack: LuaStack) {
        var fields = JSONObject()
        fields["kind"] = JSON(error.kind.rawValue)
        fields["method"] = JSON(error.method)
        fields["url"] = JSON(error.url)
        fields["detail"] = JSON(error.detail)
        fields["sent"] = .bool(error.requestMayHaveBeenSent)
        pushErrorTable(message: "\(error.method) \(error.url): \(error.kind.summary): \(error.detail)", fields: fields, position: position, on: stack)
    }
}

extension StringProtocol {
    var trimmingSpaces: Substring {
        let text = Substring(self)
        let start = text.firstIndex(where: { $0 != " " && $0 != "\t" }) ?? text.endIndex
        let end = text.lastIndex(where: { $0 != " " && $0 != "\t" }).map { text.index(after: $0) } ?? start
        return text[start..<end]
    }
}
