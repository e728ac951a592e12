import Emulator
import Foundation
import Testing

struct KeystoneTokenTests {
    static let tokens = "/identity/v3/auth/tokens"

    @Test func passwordByNameScopedToProjectName() async throws {
        try await TestCloud.run { cloud in
            let response = try await cloud.client.send("POST", Self.tokens, json: TestCloud.passwordAuth(user: "admin", password: "admin", project: "admin"))
            #expect(response.status == 201)
            let subject = try #require(response.header("X-Subject-Token"))
            #expect(subject.count >= 40)
            #expect(response.header("Vary") == "X-Auth-Token")
            let token = try #require(try response.json["token"])
            #expect(token.objectValue?.keys == ["methods", "user", "audit_ids", "expires_at", "issued_at", "project", "is_domain", "roles", "catalog"])
            #expect(token["methods"] == ["password"])
            #expect(token["user"]?["name"] == "admin")
            #expect(token["user"]?["domain"] == ["id": "default", "name": "Default"])
            #expect(token["user"]?["id"]?.stringValue?.count == 32)
            #expect(token["project"]?["name"] == "admin")
            #expect(Set(token["roles"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []) == ["admin", "member", "reader"])
            let issued = try #require(token["issued_at"]?.stringValue.flatMap(Timestamp.parse))
            let expires = try #require(token["expires_at"]?.stringValue.flatMap(Timestamp.parse))
            #expect(expires.timeIntervalSince(issued) == 3600)
            #expect(token["expires_at"]?.stringValue?.hasSuffix(".000000Z") == true)
        }
    }

    @Test func catalogHasAllServicesAndInterfacesLaidOutAsDevstack() async throws {
        try await TestCloud.run { cloud in
            let response = try await cloud.client.send("POST", Self.tokens, json: TestCloud.passwordAuth(user: "demo", password: "demo", project: "demo"))
            let token = try #require(try response.json["token"])
            let projectID = try #require(token["project"]?["id"]?.stringValue)
            let catalog = token["catalog"]?.arrayValue ?? []
            var urls: [String: String] = [:]
            for service in catalog {
                let endpoints = service["endpoints"]?.arrayValue ?? []
                #expect(endpoints.compactMap { $0["interface"]?.stringValue } == ["public", "internal", "admin"])
                #expect(endpoints.allSatisfy { $0["region_id"] == "RegionOne" && $0["region"] == "RegionOne" })
                urls[service["type"]?.stringValue ?? ""] = endpoints.first?["url"]?.stringValue
            }
            #expect(urls == [
                "identity": cloud.base + "/identity",
                "compute": cloud.base + "/compute/v2.1",
                "block-storage": cloud.base + "/volume/v3/" + projectID,
                "volumev3": cloud.base + "/volume/v3/" + projectID,
                "image": cloud.base + "/image",
                "network": cloud.base + "/network",
            ])
        }
    }

    @Test func userByIDProjectByIDAndNoCatalog() async throws {
        try await TestCloud.run { cloud in
            let first = try await cloud.client.send("POST", Self.tokens, json: TestCloud.passwordAuth(user: "demo", password: "demo", project: "demo"))
            let token = try first.json["token"]
            let userID = try #require(token?["user"]?["id"]?.stringValue)
            let projectID = try #require(token?["project"]?["id"]?.stringValue)
            let body: EmulatorJSON = [
                "auth": [
                    "identity": ["methods": ["password"], "password": ["user": ["id": .string(userID), "password": "demo"]]],
                    "scope": ["project": ["id": .string(projectID)]],
                ],
            ]
            let second = try await cloud.client.send("POST", Self.tokens + "?nocatalog", json: body)
            #expect(second.status == 201)
            #expect(try second.json["token"]?["project"]?["id"]?.stringValue == projectID)
            #expect(try second.json["token"]?["catalog"] == nil)
        }
    }

    @Test func unscopedSystemAndDomainScopes() async throws {
        var config = EmulatorConfig()
        config.identity.users[0].domainRoles = ["Default": ["admin"]]
        try await TestCloud.run(config) { cloud in
            let unscoped = try await cloud.client.send("POST", Self.tokens, json: TestCloud.passwordAuth(user: "admin", password: "admin"))
            #expect(unscoped.status == 201)
            #expect(try unscoped.json["token"]?.objectValue?.keys == ["methods", "user", "audit_ids", "expires_at", "issued_at"])

            func scoped(_ scope: EmulatorJSON) async throws -> WireResponse {
                var body = TestCloud.passwordAuth(user: "admin", password: "admin").objectValue!
                var auth = body["auth"]!.objectValue!
                auth["scope"] = scope
                body["auth"] = .object(auth)
                return try await cloud.client.send("POST", Self.tokens, json: .object(body))
            }
            let system = try await scoped(["system": ["all": true]])
            #expect(system.status == 201)
            #expect(try system.json["token"]?["system"] == ["all": true])
            #expect(try system.json["token"]?["catalog"]?.arrayValue?.isEmpty == false)

            let domain = try await scoped(["domain": ["name": "Default"]])
            #expect(domain.status == 201)
            #expect(try domain.json["token"]?["domain"] == ["id": "default", "name": "Default"])

            let demoSystem = try await cloud.client.send("POST", Self.tokens, json: [
                "auth": [
                    "identity": ["methods": ["password"], "password": ["user": ["name": "demo", "domain": ["id": "default"], "password": "demo"]]],
                    "scope": ["system": ["all": true]],
                ],
            ])
            #expect(demoSystem.status == 401)
        }
    }

    @Test func rescopingWithTheTokenMethodKeepsExpiryAndChainsAuditIDs() async throws {
        var config = EmulatorConfig()
        config.identity.users[1].projectRoles["admin"] = ["reader"]
        try await TestCloud.run(config) { cloud in
            let first = try await cloud.client.send("POST", Self.tokens, json: TestCloud.passwordAuth(user: "demo", password: "demo", project: "demo"))
            let subject = try #require(first.header("X-Subject-Token"))
            let original = try #require(try first.json["token"])
            let rescoped = try await cloud.client.send("POST", Self.tokens, json: [
                "auth": [
                    "identity": ["methods": ["token"], "token": ["id": .string(subject)]],
                    "scope": ["project": ["name": "admin", "domain": ["id": "default"]]],
                ],
            ])
            #expect(rescoped.status == 201)
            let token = try #require(try rescoped.json["token"])
            #expect(token["methods"] == ["token", "password"])
            #expect(token["expires_at"] == original["expires_at"])
            #expect(token["audit_ids"]?.arrayValue?.count == 2)
            #expect(token["audit_ids"]?.arrayValue?.last == original["audit_ids"]?.arrayValue?.first)
            #expect(token["roles"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["reader"])

            let unknown = try await cloud.client.send("POST", Self.tokens, json: [
                "auth": ["identity": ["methods": ["token"], "token": ["id": "bogus"]]],
            ])
            #expect(unknown.status == 404)
            #expect(unknown.text == #"{"error":{"code":404,"message":"Could not recognize Fernet token","title":"Not Found"}}"#)
        }
    }

    @Test func badCredentialsAndScopesAnswer401WithKeystonesBody() async throws {
        try await TestCloud.run { cloud in
            let attempts: [EmulatorJSON] = [
                TestCloud.passwordAuth(user: "admin", password: "wrong", project: "admin"),
                TestCloud.passwordAuth(user: "nobody", password: "x"),
                TestCloud.passwordAuth(user: "demo", password: "demo", project: "admin"),
                TestCloud.passwordAuth(user: "admin", password: "admin", project: "missing"),
            ]
            for attempt in attempts {
                let response = try await cloud.client.send("POST", Self.tokens, json: attempt)
                #expect(response.status == 401)
                #expect(response.text == #"{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}"#)
                #expect(response.header("WWW-Authenticate") == "Keystone uri=\"\(cloud.base)/identity/v3\"")
                #expect(response.header("X-Subject-Token") == nil)
            }
            #expect(try await cloud.stats()["tokens_issued"] == 0)
        }
    }

    @Test func malformedRequestsAnswer400() async throws {
        try await TestCloud.run { cloud in
            let notJSON = try await cloud.client.send("POST", Self.tokens, headers: [("Content-Type", "application/json")], body: Array("{\"auth\":".utf8))
            #expect(notJSON.status == 400)
            #expect(try notJSON.json["error"]?["message"]?.stringValue?.hasPrefix("Expecting to find valid JSON in request body.") == true)

            let cases: [(EmulatorJSON, String)] = [
                ([:], "Expecting to find auth in request body."),
                (["auth": [:]], "'identity' is a required property"),
                (["auth": ["identity": ["methods": ["password"]]]], "Expecting to find password in identity."),
                (["auth": ["identity": ["methods": ["password"], "password": ["user": ["name": "admin", "password": "admin"]]]]],
                 "Expecting to find domain in user."),
            ]
            for (body, message) in cases {
                let response = try await cloud.client.send("POST", Self.tokens, json: body)
                #expect(response.status == 400)
                #expect(try response.json["error"]?["message"]?.stringValue?.hasPrefix(message) == true, "\(message)")
                #expect(try response.json["error"]?["title"] == "Bad Request")
            }
        }
    }

    @Test func validateCheckAndRevoke() async throws {
        try await TestCloud.run { cloud in
            let admin = try await cloud.token()
            let demo = try await cloud.token(user: "demo", project: "demo")

            let validated = try await cloud.client.get(Self.tokens + "?nocatalog", headers: [("X-Auth-Token", demo), ("X-Subject-Token", demo)])
            #expect(validated.status == 200)
            #expect(validated.header("X-Subject-Token") == demo)
            #expect(try validated.json["token"]?["user"]?["name"] == "demo")

            let checked = try await cloud.client.send("HEAD", Self.tokens, headers: [("X-Auth-Token", admin), ("X-Subject-Token", demo)])
            #expect(checked.status == 200)
            #expect(checked.body.isEmpty)
            #expect(Int(checked.header("Content-Length") ?? "") ?? 0 > 0)

            let othersToken = try await cloud.client.get(Self.tokens, headers: [("X-Auth-Token", demo), ("X-Subject-Token", admin)])
            #expect(othersToken.status == 403)
            let missing = try await cloud.client.get(Self.tokens, headers: [("X-Auth-Token", admin)])
            #expect(missing.status == 404)
            #expect(try missing.json["error"]?["message"] == "No token in the request")

            let beforeRevoke = try await cloud.client.get("/volume/v3", headers: [("X-Auth-Token", demo)])
            #expect(beforeRevoke.status == 200)
            let revoked = try await cloud.client.send("DELETE", Self.tokens, headers: [("X-Auth-Token", admin), ("X-Subject-Token", demo)])
            #expect(revoked.status == 204)
            let again = try await cloud.client.get(Self.tokens, headers: [("X-Auth-Token", admin), ("X-Subject-Token", demo)])
            #expect(again.status == 404)
            #expect(try again.json["error"]?["message"] == "Failed to validate token")
            let used = try await cloud.client.get("/network/v2.0", headers: [("X-Auth-Token", demo)])
            #expect(used.status == 401)
        }
    }

    @Test func tokensExpireAfterTheirTTL() async throws {
        // A manual clock: on a loaded machine, wall time could pass the TTL before the first use.
        let clock = ManualClock()
        var config = EmulatorConfig()
        config.clock = clock
        config.timings.tokenTTL = 1
        try await TestCloud.run(config) { cloud in
            let token = try await cloud.token()
            #expect(try await cloud.client.get("/network/v2.0", headers: [("X-Auth-Token", token)]).status == 200)
            clock.advance(by: 1.2)
            let expired = try await cloud.client.get("/network/v2.0", headers: [("X-Auth-Token", token)])
            #expect(expired.status == 401)
            #expect(expired.text == #"{"error": {"code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."}}"#)
            let fresh = try await cloud.token()
            let validate = try await cloud.client.get(Self.tokens, headers: [("X-Auth-Token", fresh), ("X-Subject-Token", token)])
            #expect(validate.status == 404)
            let allowed = try await cloud.client.get(Self.tokens + "?allow_expired=1", headers: [("X-Auth-Token", fresh), ("X-Subject-Token", token)])
            #expect(allowed.status == 200)
        }
    }

    @Test func tokenExpiryFollowsAManualClock() async throws {
        let clock = ManualClock()
        var config = EmulatorConfig()
        config.clock = clock
        config.timings.tokenTTL = 60
        try await TestCloud.run(config) { cloud in
            let token = try await cloud.token()
            clock.advance(by: 59.5)
            #expect(try await cloud.client.get("/volume/v3", headers: [("X-Auth-Token", token)]).status == 200)
            clock.advance(by: 1)
            #expect(try await cloud.client.get("/volume/v3", headers: [("X-Auth-Token", token)]).status == 401)
        }
    }
}
