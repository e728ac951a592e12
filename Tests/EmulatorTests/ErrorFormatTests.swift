import Emulator
import Testing

/// Every error format, as the real services write it (see realstack.md).
struct ErrorFormatTests {
    static let middleware401 = #"{"error": {"code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."}}"#

    @Test(arguments: [
        ("/compute/v2.1/servers", "WWW-Authenticate", ["x-openstack-request-id", "x-compute-request-id"]),
        ("/volume/v3/x/volumes", "Www-Authenticate", ["X-Openstack-Request-Id"]),
        ("/network/v2.0/networks", "Www-Authenticate", ["X-Openstack-Request-Id"]),
    ])
    func keystonemiddlewareAnswers401InFrontOfServices(path: String, authenticateHeader: String, requestIDHeaders: [String]) async throws {
        try await TestCloud.run { cloud in
            for headers in [[], [("X-Auth-Token", "bogus")]] {
                let response = try await cloud.client.get(path, headers: headers)
                #expect(response.status == 401)
                #expect(response.text == Self.middleware401)
                #expect(response.headerSpelling("www-authenticate") == authenticateHeader)
                #expect(response.header("WWW-Authenticate") == "Keystone uri=\"\(cloud.base)/identity\"")
                for name in requestIDHeaders {
                    #expect(response.headerSpelling(name) == name)
                    #expect(response.header(name)?.hasPrefix("req-") == true)
                }
                // Cinder's compute-style id comes from inside its app, which a 401 never reaches.
                if path.hasPrefix("/volume") { #expect(response.header("X-Compute-Request-Id") == nil) }
            }
        }
    }

    @Test func glanceAnswers401AsHTMLOrJSONWithoutRequestID() async throws {
        try await TestCloud.run { cloud in
            let html = try await cloud.client.get("/image/v2/images", headers: [("X-Auth-Token", "bogus")])
            #expect(html.status == 401)
            #expect(html.header("Content-Type") == "text/html; charset=UTF-8")
            #expect(html.text.hasPrefix("<html>\n <head>\n  <title>401 Unauthorized</title>"))
            #expect(html.header("X-Openstack-Request-Id") == nil)
            let json = try await cloud.client.get("/image/v2/images", headers: [("X-Auth-Token", "bogus"), ("Accept", "application/json")])
            #expect(try json.json["code"] == "401 Unauthorized")
            #expect(try json.json["title"] == "Unauthorized")
            #expect(try json.json["message"]?.stringValue?.hasSuffix("<br /><br />\n\n\n") == true)
        }
    }

    @Test func unknownPathsAndMethodsPerService() async throws {
        try await TestCloud.run { cloud in
            let token = try await cloud.token()
            let auth = ("X-Auth-Token", token)

            let keystonePath = try await cloud.client.get("/identity/v3/bogus", headers: [auth])
            #expect(keystonePath.status == 404)
            #expect(keystonePath.text.hasPrefix("<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>"))
            let keystoneMethod = try await cloud.client.send("PUT", "/identity/v3/auth/tokens", headers: [auth])
            #expect(keystoneMethod.status == 405)
            #expect(keystoneMethod.text == #"{"message": "The method is not allowed for the requested URL."}"#)
            #expect(keystoneMethod.header("Allow") == "DELETE, GET, HEAD, OPTIONS, POST")

            let novaPath = try await cloud.client.get("/compute/v2.1/bogus", headers: [auth])
            #expect(novaPath.status == 404)
            #expect(novaPath.text == "<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  The resource could not be found.<br /><br />\n\n\n\n </body>\n</html>")
            #expect(novaPath.header("OpenStack-API-Version") == nil)
            let novaJSON = try await cloud.client.get("/compute/v2.1/bogus", headers: [auth, ("Accept", "application/json")])
            #expect(novaJSON.text == #"{"message": "The resource could not be found.<br /><br />\n\n\n", "code": "404 Not Found", "title": "Not Found"}"#)
            let novaMethod = try await cloud.client.send("PATCH", "/compute/v2.1", headers: [auth])
            #expect(novaMethod.status == 404)

            let cinderPath = try await cloud.client.get("/volume/v3/x/bogus", headers: [auth])
            #expect(cinderPath.status == 404)
            #expect(cinderPath.header("Content-Type") == "text/html; charset=UTF-8")

            let neutronPath = try await cloud.client.get("/network/v2.0/bogus", headers: [auth])
            #expect(neutronPath.status == 404)
            #expect(neutronPath.text == #"{"NeutronError": {"type": "HTTPNotFound", "message": "The resource could not be found.", "detail": ""}}"#)
            let neutronMethod = try await cloud.client.send("POST", "/network/v2.0", headers: [auth])
            #expect(neutronMethod.status == 405)
            #expect(neutronMethod.text == #"{"NeutronError": {"type": "HTTPMethodNotAllowed", "message": "The server could not comply with the request since it is either malformed or otherwise incorrect.", "detail": ""}}"#)

            let glanceMethod = try await cloud.client.send("PUT", "/image/versions", headers: [auth, ("Accept", "application/json")])
            #expect(glanceMethod.status == 405)
            #expect(glanceMethod.header("Allow") == "GET")
            #expect(glanceMethod.text == #"{"message": "The method PUT is not allowed for this resource. <br /><br />\n", "code": "405 Method Not Allowed", "title": "Method Not Allowed"}"#)
        }
    }

    @Test func novaMicroversions() async throws {
        try await TestCloud.run { cloud in
            func get(_ headers: [(String, String)]) async throws -> WireResponse {
                try await cloud.client.get("/compute/v2.1", headers: headers)
            }
            #expect(try await get([("OpenStack-API-Version", "compute 2.60")]).header("OpenStack-API-Version") == "compute 2.60")
            #expect(try await get([("X-OpenStack-Nova-API-Version", "2.50")]).header("X-OpenStack-Nova-API-Version") == "2.50")
            #expect(try await get([("OpenStack-API-Version", "compute latest")]).header("OpenStack-API-Version") == "compute 2.93")
            #expect(try await get([("OpenStack-API-Version", "volume 3.50")]).header("OpenStack-API-Version") == "compute 2.1")

            let high = try await get([("OpenStack-API-Version", "compute 9.99")])
            #expect(high.status == 406)
            #expect(high.text == #"{"computeFault": {"code": 406, "message": "Version 9.99 is not supported by the API. Minimum is 2.1 and maximum is 2.93."}}"#)
            #expect(high.header("Content-Type") == "application/json; charset=UTF-8")
            #expect(high.header("OpenStack-API-Version") == "compute 9.99")
            #expect(high.headerValues("Vary") == ["OpenStack-API-Version", "X-OpenStack-Nova-API-Version"])

            let invalid = try await get([("OpenStack-API-Version", "compute foo")])
            #expect(invalid.status == 400)
            #expect(invalid.text == #"{"badRequest": {"code": 400, "message": "API Version String foo is of invalid format. Must be of format MajorNum.MinorNum."}}"#)
        }
    }

    @Test func cinderMicroversionsRejectOtherServicesHeaders() async throws {
        try await TestCloud.run { cloud in
            let token = try await cloud.token()
            func get(_ version: String) async throws -> WireResponse {
                try await cloud.client.get("/volume/v3", headers: [("X-Auth-Token", token), ("OpenStack-API-Version", version)])
            }
            #expect(try await get("volume 3.42").header("Openstack-Api-Version") == "volume 3.42")
            #expect(try await get("volume latest").header("Openstack-Api-Version") == "volume 3.70")
            let foreign = try await get("compute 2.1")
            #expect(foreign.status == 400)
            #expect(foreign.text == #"{"badRequest": {"code": 400, "message": "The server could not comply with the request since it is either malformed or otherwise incorrect."}}"#)
            let high = try await get("volume 9.99")
            #expect(high.status == 406)
            #expect(high.text == #"{"computeFault": {"code": 406, "message": "Version 9.99 is not supported by the API. Minimum is 3.0 and maximum is 3.70."}}"#)
        }
    }

    @Test func faultBodiesPerStatus() throws {
        var conventions = ServiceConventions(errorStyle: .fault)
        conventions.errorContentType = "application/json"
        let cases: [(Int, String)] = [
            (400, "badRequest"), (403, "forbidden"), (404, "itemNotFound"), (409, "conflictingRequest"), (413, "overLimit"), (500, "computeFault"),
        ]
        for (status, name) in cases {
            let error = ServiceError(status: status, message: "m", extra: status == 413 ? ["retryAfter": "0"] : [:])
            let text = ServiceErrorRendering.render(error, conventions: conventions)
            let expected = status == 413
                ? #"{"overLimit": {"code": 413, "message": "m", "retryAfter": "0"}}"#
                : #"{"\#(name)": {"code": \#(status), "message": "m"}}"#
            #expect(text == expected)
        }
        let neutron = ServiceErrorRendering.render(
            .notFound("Network x could not be found.", kind: "NetworkNotFound"), conventions: ServiceConventions(errorStyle: .neutron))
        #expect(neutron == #"{"NeutronError": {"type": "NetworkNotFound", "message": "Network x could not be found.", "detail": ""}}"#)
    }
}
