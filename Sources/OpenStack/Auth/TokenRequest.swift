import JSONValue

/// The body of `POST /v3/auth/tokens` for each way of authenticating.
enum TokenRequest {
    static func body(for method: AuthMethod, scope: Scope) -> JSON {
        var identity = JSONObject()
        switch method {
        case .password(let user, let password):
            var userObject = reference(user)
            userObject["password"] = JSON(password.reveal())
            identity["methods"] = ["password"]
            identity["password"] = ["user": .object(userObject)]
        case .applicationCredential(let id, let name, let user, let secret):
            var credential = JSONObject()
            if let id { credential["id"] = JSON(id) } else { credential["name"] = name.map { JSON($0) } }
            if id == nil, let user { credential["user"] = .object(reference(user)) }
            credential["secret"] = JSON(secret.reveal())
            identity["methods"] = ["application_credential"]
            identity["application_credential"] = .object(credential)
        case .token(let token):
            identity["methods"] = ["token"]
            identity["token"] = ["id": JSON(token.reveal())]
        }
        var auth: JSONObject = ["identity": .object(identity)]
        if let scopeObject = scopeObject(scope) { auth["scope"] = scopeObject }
        return ["auth": .object(auth)]
    }

    /// A user by id, or by name within a domain (Default when none is given, as devstack sets up).
    private static func reference(_ user: UserReference) -> JSONObject {
        if let id = user.id { return ["id": JSON(id)] }
        return ["name": JSON(user.name ?? ""), "domain": domain(id: user.domainID, name: user.domainName)]
    }

    private static func domain(id: String?, name: String?) -> JSON {
        if let id { return ["id": JSON(id)] }
        if let name { return ["name": JSON(name)] }
        return ["id": "default"]
    }

    private static func scopeObject(_ scope: Scope) -> JSON? {
        switch scope {
        case .unscoped: return nil
        case .system: return ["system": ["all": true]]
        case .domain(let id, let name): return ["domain": id.map { ["id": JSON($0)] } ?? ["name": JSON(name ?? "")]]
        case .project(let id, let name, let domainID, let domainName):
            if let id { return ["project": ["id": JSON(id)]] }
            return ["project": ["name": JSON(name ?? ""), "domain": domain(id: domainID, name: domainName)]]
        }
    }
}
