/// Turns a `ServiceError` into the body and headers a real service would send.
enum ErrorRenderer {
    static func render(_ error: ServiceError, style: ErrorStyle, conventions: ServiceConventions, acceptsJSON: Bool)
        -> EmulatorResponse
    {
        var response: EmulatorResponse
        switch style {
        case .keystone:
            // Flask sorts the keys.
            var members: [(String, EmulatorJSON)] = [("code", .int(error.status)), ("message", .string(error.message)), ("title", .string(StatusText.phrase(error.status)))]
            members += error.extra.members.map { ($0.key, $0.value) }
            members.sort { $0.0 < $1.0 }
            let body: EmulatorJSON = ["error": .object(EmulatorJSONObject(members))]
            response = EmulatorResponse(status: error.status, body: .text(body.serialized(.compact)))
            response.setHeader("Content-Type", "application/json")
        case .keystoneMiddleware:
            let body: EmulatorJSON = ["error": ["code": .int(error.status), "title": .string(StatusText.phrase(error.status)), "message": .string(error.message)]]
            response = EmulatorResponse(status: error.status, body: .text(body.serialized(.python)))
            response.setHeader("Content-Type", "application/json")
        case .fault:
            var fault: EmulatorJSONObject = ["code": .int(error.status), "message": .string(error.message)]
            for (key, value) in error.extra { fault[key] = value }
            let body = EmulatorJSON.object(EmulatorJSONObject([(error.kind ?? faultName(error.status), .object(fault))]))
            response = EmulatorResponse(status: error.status, body: .text(body.serialized(.python)))
            response.setHeader("Content-Type", conventions.errorContentType)
        case .neutron:
            let body: EmulatorJSON = ["NeutronError": ["type": .string(error.kind ?? neutronType(error.status)), "message": .string(error.message), "detail": ""]]
            response = EmulatorResponse(status: error.status, body: .text(body.serialized(.python)))
            response.setHeader("Content-Type", "application/json")
        case .webob:
            response = webob(status: error.status, message: error.message, residue: nil, acceptsJSON: acceptsJSON)
        }
        let replaced = Set(error.headers.map { $0.name.lowercased() })
        response.headers.removeAll { replaced.contains($0.name.lowercased()) }
        response.headers += error.headers
        return response
    }

    /// webob's error page. `residue` is what webob leaves after the message: `<br /><br />\n\n\n`
    /// for most errors, `<br /><br />\n` for a 405.
    static func webob(status: Int, message: String, residue: String?, acceptsJSON: Bool) -> EmulatorResponse {
        let tail = residue ?? "<br /><br />\n\n\n"
        let title = StatusText.phrase(status)
        let code = "\(status) \(title)"
        if acceptsJSON {
            let body: EmulatorJSON = ["message": .string(message + tail), "code": .string(code), "title": .string(title)]
            return EmulatorResponse(
                status: status, headers: [("Content-Type", "application/json")], body: .text(body.serialized(.python)))
        }
        let html = "<html>\n <head>\n  <title>\(code)</title>\n </head>\n <body>\n  <h1>\(code)</h1>\n  "
            + escapeHTML(message) + tail + "\n </body>\n</html>"
        return EmulatorResponse(status: status, headers: [("Content-Type", "text/html; charset=UTF-8")], body: .text(html))
    }

    /// Nova and Cinder's fault names, by status (their `wsgi.Fault._fault_names`).
    static func faultName(_ status: Int) -> String {
        switch status {
        case 400: "badRequest"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "itemNotFound"
        case 405: "badMethod"
        case 409: "conflictingRequest"
        case 413, 429: "overLimit"
        case 415: "badMediaType"
        case 501: "notImplemented"
        case 503: "serviceUnavailable"
        default: "computeFault"
        }
    }

    /// Neutron's `type` for errors raised as plain webob exceptions.
    static func neutronType(_ status: Int) -> String {
        switch status {
        case 400: "HTTPBadRequest"
        case 401: "HTTPUnauthorized"
        case 403: "HTTPForbidden"
        case 404: "HTTPNotFound"
        case 405: "HTTPMethodNotAllowed"
        case 409: "HTTPConflict"
        case 413: "HTTPRequestEntityTooLarge"
        case 429: "HTTPTooManyRequests"
        case 501: "HTTPNotImplemented"
        case 502: "HTTPBadGateway"
        case 503: "HTTPServiceUnavailable"
        case 504: "HTTPGatewayTimeout"
        default: "HTTPInternalServerError"
        }
    }

    static func escapeHTML(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "&": output += "&amp;"
            default: output.append(character)
            }
        }
        return output
    }
}

/// Error bodies as text, for tests and for services that embed one error in another.
public enum ServiceErrorRendering {
    /// The body a service with `conventions` sends for `error`.
    public static func render(_ error: ServiceError, conventions: ServiceConventions, acceptsJSON: Bool = true) -> String {
        let response = ErrorRenderer.render(
            error, style: error.style ?? conventions.errorStyle, conventions: conventions, acceptsJSON: acceptsJSON)
        switch response.body {
        case .text(let text): return text
        case .json(let value): return value.serialized(conventions.jsonLayout)
        case .bytes(let buffer): return String(buffer: buffer)
        case .empty, .stream: return ""
        }
    }
}
