import Foundation

/// `/v3/users/{user_id}/application_credentials`: create, list, get, delete.
enum ApplicationCredentialRoutes {
    static let collection = "/identity/v3/users/{user_id}/application_credentials"
    static let member = collection + "/{application_credential_id}"

    static var routes: [Route] {
        [
            Route(.post, collection, handler: create),
            Route(.get, collection, handler: list),
            Route(.get, member, handler: show),
            Route(.delete, member, handler: delete),
        ]
    }

    static func create(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        let caller = try request.requireAuth
        let userID = request.parameter("user_id")
        guard caller.userID == userID else { throw KeystoneError.policy("identity:create_application_credential") }
        if caller.applicationCredentialID != nil {
            throw KeystoneError.forbidden(
                "Using method 'application_credential' is not allowed for managing additional application credentials.")
        }
        guard let projectID = caller.projectID else {
            throw KeystoneError.validation("Application credentials must be created with a project-scoped token.")
        }
        let body = try request.json()
        guard let fields = body["application_credential"]?.objectValue else {
            throw KeystoneError.schema("'application_credential' is a required property")
        }
        guard let name = fields["name"]?.stringValue, !name.isEmpty else { throw KeystoneError.schema("'name' is a required property") }
        let givenSecret = fields["secret"]?.stringValue
        var expiresAt: Date?
        if let text = fields["expires_at"]?.stringValue {
            guard let date = Timestamp.parse(text) else {
                throw KeystoneError.validation("Invalid input for field 'expires_at': '\(text)' is not a valid date.")
            }
            expiresAt = date
        }
        let requestedRoles = fields["roles"]?.arrayValue ?? []
        let baseURL = request.baseURL
        let created = try request.cloud.withState { cloud -> EmulatorJSON in
            let identity = cloud.identity
            let secret = givenSecret ?? identity.newSecret(byteCount: 64)
            if let expiresAt, expiresAt <= cloud.now {
                throw KeystoneError.validation("Invalid application credential: Expiration time is in the past.")
            }
            if identity.applicationCredentials.values.contains(where: { $0.userID == userID && $0.name == name }) {
                throw ServiceError.conflict(
                    "Conflict occurred attempting to store application_credential - Duplicate entry found with name \(name).")
            }
            let held = identity.effectiveRoles(userID: userID, scope: .project(projectID))
            var roleIDs = held
            if !requestedRoles.isEmpty {
                roleIDs = []
                for reference in requestedRoles {
                    let role = reference["id"]?.stringValue.flatMap { identity.role(id: $0) }
                        ?? reference["name"]?.stringValue.flatMap { identity.role(named: $0) }
                    guard let role, held.contains(role.id) else {
                        throw ServiceError.badRequest(
                            "Invalid application credential: Cannot create an application credential with unassigned role")
                    }
                    roleIDs.append(role.id)
                }
            }
            let credential = ApplicationCredential(
                id: Identifiers.keystoneID(), name: name, description: fields["description"]?.stringValue, userID: userID,
                projectID: projectID, secret: secret, expiresAt: expiresAt, unrestricted: fields["unrestricted"]?.boolValue,
                roleIDs: roleIDs)
            identity.applicationCredentials[credential.id] = credential
            identity.applicationCredentialOrder.append(credential.id)
            var object = identity.render(credential, baseURL: baseURL).objectValue ?? [:]
            object["secret"] = .string(secret)
            let links = object["links"]
            object["links"] = nil
            object["links"] = links
            return ["application_credential": .object(object)]
        }
        return .json(created, status: 201)
    }

    static func list(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        let caller = try request.requireAuth
        let userID = request.parameter("user_id")
        guard caller.userID == userID || caller.isAdmin else { throw KeystoneError.policy("identity:list_application_credentials") }
        let nameFilter = request.query.first("name")
        let baseURL = request.baseURL
        let selfURL = baseURL + request.path + (request.query.isEmpty ? "" : "?" + QueryItems.encode(request.query.items))
        let body = try request.cloud.withState { cloud -> EmulatorJSON in
            let identity = cloud.identity
            guard identity.users[userID] != nil else { throw ServiceError.notFound("Could not find user: \(userID).") }
            let credentials = identity.applicationCredentialOrder.compactMap { identity.applicationCredentials[$0] }
                .filter { $0.userID == userID && (nameFilter == nil || $0.name == nameFilter) }
            return [
                "application_credentials": .array(credentials.map { identity.render($0, baseURL: baseURL) }),
                "links": ["next": nil, "self": .string(selfURL), "previous": nil],
            ]
        }
        return .json(body)
    }

    static func show(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        let (userID, id) = try authorize(request, rule: "identity:get_application_credential")
        let baseURL = request.baseURL
        let body = try request.cloud.withState { cloud -> EmulatorJSON in
            guard let credential = cloud.identity.applicationCredentials[id], credential.userID == userID else {
                throw ServiceError.notFound("Could not find Application Credential: \(id).")
            }
            return ["application_credential": cloud.identity.render(credential, baseURL: baseURL)]
        }
        return .json(body)
    }

    static func delete(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        let (userID, id) = try authorize(request, rule: "identity:delete_application_credential")
        try request.cloud.withState { cloud in
            let identity = cloud.identity
            guard let credential = identity.applicationCredentials[id], credential.userID == userID else {
                throw ServiceError.notFound("Could not find Application Credential: \(id).")
            }
            identity.applicationCredentials[id] = nil
            identity.applicationCredentialOrder.removeAll { $0 == id }
            identity.revokeTokens(applicationCredentialID: id)
        }
        return .empty()
    }

    private static func authorize(_ request: EmulatorRequest, rule: String) throws -> (userID: String, id: String) {
        let caller = try request.requireAuth
        let userID = request.parameter("user_id")
        guard caller.userID == userID || caller.isAdmin else { throw KeystoneError.policy(rule) }
        return (userID, request.parameter("application_credential_id"))
    }
}

extension IdentityState {
    func render(_ credential: ApplicationCredential, baseURL: String) -> EmulatorJSON {
        [
            "id": .string(credential.id), "name": .string(credential.name), "description": .optional(credential.description),
            "user_id": .string(credential.userID), "project_id": .string(credential.projectID), "system": nil,
            "expires_at": credential.expiresAt.map { .string(Timestamp.format($0, .microseconds)) } ?? nil,
            "unrestricted": credential.unrestricted.map(EmulatorJSON.bool) ?? nil,
            "roles": .array(credential.roleIDs.compactMap { role(id: $0) }.map { role in
                ["id": .string(role.id), "name": .string(role.name), "domain_id": nil, "description": nil, "options": ["immutable": true]]
            }),
            "links": ["self": .string(baseURL + "/identity/v3/application_credentials/" + credential.id)],
        ]
    }
}
