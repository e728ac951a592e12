import Emulator
import Testing

struct ApplicationCredentialTests {
    /// The demo user's id and a project-scoped token of theirs.
    static func demo(_ cloud: TestCloud) async throws -> (userID: String, token: String) {
        let response = try await cloud.client.send(
            "POST", "/identity/v3/auth/tokens?nocatalog", json: TestCloud.passwordAuth(user: "demo", password: "demo", project: "demo"))
        return (try #require(try response.json["token"]?["user"]?["id"]?.stringValue), try #require(response.header("X-Subject-Token")))
    }

    @Test func createListShowDelete() async throws {
        try await TestCloud.run { cloud in
            let (userID, token) = try await Self.demo(cloud)
            let collection = "/identity/v3/users/\(userID)/application_credentials"
            let created = try await cloud.client.send("POST", collection, headers: [("X-Auth-Token", token)], json: [
                "application_credential": ["name": "ci", "description": "for CI"],
            ])
            #expect(created.status == 201)
            let credential = try #require(try created.json["application_credential"])
            #expect(credential.objectValue?.keys == [
                "id", "name", "description", "user_id", "project_id", "system", "expires_at", "unrestricted", "roles", "secret", "links",
            ])
            #expect(credential["unrestricted"] == .null)
            #expect(Set(credential["roles"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []) == ["member", "reader"])
            let id = try #require(credential["id"]?.stringValue)
            #expect(credential["secret"]?.stringValue?.isEmpty == false)

            let listed = try await cloud.client.get(collection + "?name=ci", headers: [("X-Auth-Token", token)])
            #expect(try listed.json["application_credentials"]?.arrayValue?.count == 1)
            #expect(try listed.json["application_credentials"]?.arrayValue?.first?["secret"] == nil)
            let shown = try await cloud.client.get(collection + "/" + id, headers: [("X-Auth-Token", token)])
            #expect(try shown.json["application_credential"]?["name"] == "ci")

            #expect(try await cloud.client.send("DELETE", collection + "/" + id, headers: [("X-Auth-Token", token)]).status == 204)
            let gone = try await cloud.client.send("DELETE", collection + "/" + id, headers: [("X-Auth-Token", token)])
            #expect(gone.status == 404)
            #expect(try gone.json["error"]?["message"]?.stringValue == "Could not find Application Credential: \(id).")
        }
    }

    @Test func authenticatesByIDAndByNameAndIsRevokedWithTheCredential() async throws {
        try await TestCloud.run { cloud in
            let (userID, token) = try await Self.demo(cloud)
            let collection = "/identity/v3/users/\(userID)/application_credentials"
            let created = try await cloud.client.send("POST", collection, headers: [("X-Auth-Token", token)], json: [
                "application_credential": ["name": "runner", "secret": "s3cret", "roles": [["name": "reader"]]],
            ])
            let id = try #require(try created.json["application_credential"]?["id"]?.stringValue)

            let byID = try await cloud.client.send("POST", "/identity/v3/auth/tokens", json: [
                "auth": ["identity": ["methods": ["application_credential"], "application_credential": ["id": .string(id), "secret": "s3cret"]]],
            ])
            #expect(byID.status == 201)
            let body = try #require(try byID.json["token"])
            #expect(body["methods"] == ["application_credential"])
            #expect(body["project"]?["name"] == "demo")
            #expect(body["roles"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["reader"])
            #expect(body["application_credential"] == ["id": .string(id), "name": "runner", "restricted": true])

            let byName = try await cloud.client.send("POST", "/identity/v3/auth/tokens", json: [
                "auth": [
                    "identity": [
                        "methods": ["application_credential"],
                        "application_credential": ["name": "runner", "secret": "s3cret", "user": ["name": "demo", "domain": ["name": "Default"]]],
                    ],
                ],
            ])
            #expect(byName.status == 201)

            let wrongSecret = try await cloud.client.send("POST", "/identity/v3/auth/tokens", json: [
                "auth": ["identity": ["methods": ["application_credential"], "application_credential": ["id": .string(id), "secret": "nope"]]],
            ])
            #expect(wrongSecret.status == 401)

            let scoped = try await cloud.client.send("POST", "/identity/v3/auth/tokens", json: [
                "auth": [
                    "identity": ["methods": ["application_credential"], "application_credential": ["id": .string(id), "secret": "s3cret"]],
                    "scope": ["project": ["name": "demo", "domain": ["id": "default"]]],
                ],
            ])
            #expect(scoped.status == 401)
            #expect(scoped.text == #"{"error":{"code":401,"identity":{},"message":"Error authenticating with application credential: Application credentials cannot request a scope.","title":"Unauthorized"}}"#)

            let credentialToken = try #require(byID.header("X-Subject-Token"))
            let nested = try await cloud.client.send("POST", collection, headers: [("X-Auth-Token", credentialToken)], json: [
                "application_credential": ["name": "nested"],
            ])
            #expect(nested.status == 403)

            #expect(try await cloud.client.get("/volume/v3", headers: [("X-Auth-Token", credentialToken)]).status == 200)
            _ = try await cloud.client.send("DELETE", collection + "/" + id, headers: [("X-Auth-Token", token)])
            #expect(try await cloud.client.get("/volume/v3", headers: [("X-Auth-Token", credentialToken)]).status == 401)
        }
    }

    @Test func rejectsDuplicatesUnassignedRolesAndOtherUsers() async throws {
        try await TestCloud.run { cloud in
            let (userID, token) = try await Self.demo(cloud)
            let collection = "/identity/v3/users/\(userID)/application_credentials"
            _ = try await cloud.client.send("POST", collection, headers: [("X-Auth-Token", token)], json: ["application_credential": ["name": "one"]])
            let duplicate = try await cloud.client.send("POST", collection, headers: [("X-Auth-Token", token)], json: ["application_credential": ["name": "one"]])
            #expect(duplicate.status == 409)
            #expect(try duplicate.json["error"]?["message"] == "Conflict occurred attempting to store application_credential - Duplicate entry found with name one.")

            let unassigned = try await cloud.client.send("POST", collection, headers: [("X-Auth-Token", token)], json: [
                "application_credential": ["name": "two", "roles": [["name": "admin"]]],
            ])
            #expect(unassigned.status == 400)
            #expect(try unassigned.json["error"]?["message"] == "Invalid application credential: Cannot create an application credential with unassigned role")

            let noName = try await cloud.client.send("POST", collection, headers: [("X-Auth-Token", token)], json: ["application_credential": [:]])
            #expect(noName.status == 400)

            let admin = try await cloud.token()
            let adminUserID = try #require(try await cloud.client.get(
                "/identity/v3/auth/tokens?nocatalog", headers: [("X-Auth-Token", admin), ("X-Subject-Token", admin)]
            ).json["token"]?["user"]?["id"]?.stringValue)
            let foreign = try await cloud.client.get("/identity/v3/users/\(adminUserID)/application_credentials", headers: [("X-Auth-Token", token)])
            #expect(foreign.status == 403)
            #expect(try foreign.json["error"]?["message"] == "You are not authorized to perform the requested action: identity:list_application_credentials.")
            let byAdmin = try await cloud.client.get(collection, headers: [("X-Auth-Token", admin)])
            #expect(byAdmin.status == 200)
        }
    }

    @Test func expiredCredentialsDoNotAuthenticate() async throws {
        let clock = ManualClock()
        var config = EmulatorConfig()
        config.clock = clock
        try await TestCloud.run(config) { cloud in
            let (userID, token) = try await Self.demo(cloud)
            let expiry = Timestamp.format(clock.now().addingTimeInterval(30), .microseconds)
            let created = try await cloud.client.send("POST", "/identity/v3/users/\(userID)/application_credentials", headers: [("X-Auth-Token", token)], json: [
                "application_credential": ["name": "short", "secret": "x", "expires_at": .string(expiry)],
            ])
            #expect(try created.json["application_credential"]?["expires_at"]?.stringValue == expiry)
            let id = try #require(try created.json["application_credential"]?["id"]?.stringValue)
            let auth: EmulatorJSON = ["auth": ["identity": ["methods": ["application_credential"], "application_credential": ["id": .string(id), "secret": "x"]]]]
            let early = try await cloud.client.send("POST", "/identity/v3/auth/tokens", json: auth)
            #expect(early.status == 201)
            let issued = try #require(try early.json["token"]?["expires_at"]?.stringValue.flatMap(Timestamp.parse))
            #expect(issued <= clock.now().addingTimeInterval(30))
            clock.advance(by: 31)
            #expect(try await cloud.client.send("POST", "/identity/v3/auth/tokens", json: auth).status == 401)
        }
    }
}
