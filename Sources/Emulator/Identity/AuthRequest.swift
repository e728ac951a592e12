/// The body of `POST /v3/auth/tokens`, checked the way Keystone checks it.
struct AuthRequest {
    enum DomainReference {
        case id(String)
        case name(String)
    }

    enum UserReference {
        case id(String)
        case name(String, domain: DomainReference)
    }

    enum ProjectReference {
        case id(String)
        case name(String, domain: DomainReference)
    }

    enum Method {
        case password(UserReference, password: String)
        case token(id: String)
        case applicationCredentialByID(String, secret: String)
        case applicationCredentialByName(String, user: UserReference, secret: String)
    }

    enum Scope {
        case project(ProjectReference)
        case domain(DomainReference)
        case system
    }

    let methodNames: [String]
    let methods: [Method]
    let scope: Scope?

    static func parse(_ body: EmulatorJSON) throws(ServiceError) -> AuthRequest {
        guard let auth = body["auth"] else { throw KeystoneError.validation("Expecting to find auth in request body.") }
        guard auth.objectValue != nil else { throw KeystoneError.schema("\(PythonRepr.repr(auth)) is not of type 'object'") }
        guard let identity = auth["identity"] else { throw KeystoneError.schema("'identity' is a required property") }
        guard let methodList = identity["methods"] else { throw KeystoneError.schema("'methods' is a required property") }
        guard let names = methodList.arrayValue?.compactMap(\.stringValue), names.count == methodList.arrayValue?.count else {
            throw KeystoneError.schema("\(PythonRepr.repr(methodList)) is not of type 'array'")
        }
        var methods: [Method] = []
        for name in names {
            guard let details = identity[name] else { throw KeystoneError.validation("Expecting to find \(name) in identity.") }
            switch name {
            case "password":
                guard let user = details["user"] else { throw KeystoneError.validation("Expecting to find user in password.") }
                let password = user["password"]?.stringValue ?? ""
                methods.append(.password(try userReference(user), password: password))
            case "token":
                guard let id = details["id"]?.stringValue else { throw KeystoneError.schema("'id' is a required property") }
                methods.append(.token(id: id))
            case "application_credential":
                let secret = details["secret"]?.stringValue ?? ""
                if let id = details["id"]?.stringValue {
                    methods.append(.applicationCredentialByID(id, secret: secret))
                } else if let credentialName = details["name"]?.stringValue {
                    guard let user = details["user"] else {
                        throw KeystoneError.validation("Expecting to find user in application_credential.")
                    }
                    methods.append(.applicationCredentialByName(credentialName, user: try userReference(user), secret: secret))
                } else {
                    throw KeystoneError.validation("Expecting to find id or name in application_credential.")
                }
            default:
                throw KeystoneError.unauthorized()
            }
        }
        guard !methods.isEmpty else { throw KeystoneError.unauthorized() }
        return AuthRequest(methodNames: names, methods: methods, scope: try scope(auth["scope"]))
    }

    private static func userReference(_ user: EmulatorJSON) throws(ServiceError) -> UserReference {
        if let id = user["id"]?.stringValue { return .id(id) }
        guard let name = user["name"]?.stringValue else { throw KeystoneError.validation("Expecting to find id or name in user.") }
        guard let domain = user["domain"] else { throw KeystoneError.validation("Expecting to find domain in user.") }
        return .name(name, domain: try domainReference(domain, owner: "user"))
    }

    private static func domainReference(_ domain: EmulatorJSON, owner: String) throws(ServiceError) -> DomainReference {
        if let id = domain["id"]?.stringValue { return .id(id) }
        if let name = domain["name"]?.stringValue { return .name(name) }
        throw KeystoneError.validation("Expecting to find id or name in domain.")
    }

    private static func scope(_ scope: EmulatorJSON?) throws(ServiceError) -> Scope? {
        guard let scope, !scope.isNull else { return nil }
        let requested = ["project", "domain", "system", "OS-TRUST:trust"].filter { scope[$0] != nil }
        if requested.count > 1 {
            throw KeystoneError.validation("Specifying both project and domain is not allowed.")
        }
        if let project = scope["project"] {
            if let id = project["id"]?.stringValue { return .project(.id(id)) }
            guard let name = project["name"]?.stringValue else { throw KeystoneError.validation("Expecting to find id or name in project.") }
            guard let domain = project["domain"] else { throw KeystoneError.validation("Expecting to find domain in project.") }
            return .project(.name(name, domain: try domainReference(domain, owner: "project")))
        }
        if let domain = scope["domain"] { return .domain(try domainReference(domain, owner: "domain")) }
        if let system = scope["system"] {
            guard system["all"]?.boolValue == true else { throw KeystoneError.validation("Expecting to find all in system.") }
            return .system
        }
        if scope["OS-TRUST:trust"] != nil { throw KeystoneError.forbidden("Trusts are not supported by this emulator.") }
        return nil
    }
}
