import Foundation

/// `POST /v3/auth/tokens`: checks the credentials and the scope, and issues the token.
extension IdentityState {
    /// Who the methods prove the caller to be, and what they carry over.
    private struct Proof {
        var userID: String
        var parent: IssuedToken?
        var credential: ApplicationCredential?
    }

    func issue(_ request: AuthRequest, now: Date, faults: FaultInjector) throws(ServiceError) -> (id: String, token: IssuedToken) {
        var proof: Proof?
        for method in request.methods {
            let next = try prove(method, now: now)
            if let earlier = proof, earlier.userID != next.userID { throw KeystoneError.unauthorized() }
            proof = Proof(
                userID: next.userID, parent: proof?.parent ?? next.parent, credential: proof?.credential ?? next.credential)
        }
        guard let proof, let user = users[proof.userID], user.enabled else { throw KeystoneError.unauthorized() }

        let credential = proof.credential ?? proof.parent?.applicationCredentialID.flatMap { applicationCredentials[$0] }
        var scope = try resolve(request.scope, user: user)
        var roleIDs: [String]
        if let credential {
            if request.scope != nil, proof.parent == nil {
                throw KeystoneError.unauthorized(
                    "Error authenticating with application credential: Application credentials cannot request a scope.",
                    extra: ["identity": [:]])
            }
            if scope != .unscoped && scope != .project(credential.projectID) { throw KeystoneError.unauthorized() }
            scope = .project(credential.projectID)
            let held = Set(effectiveRoles(userID: user.id, scope: scope))
            roleIDs = expandingImplied(credential.roleIDs).filter { held.contains($0) }
        } else {
            roleIDs = effectiveRoles(userID: user.id, scope: scope)
        }
        if scope != .unscoped && roleIDs.isEmpty { throw KeystoneError.unauthorized() }

        let issuedAt = now.floorToSecond
        var expiresAt = issuedAt.addingTimeInterval(tokenTTL)
        var validUntil = now.addingTimeInterval(tokenTTL)
        if let parent = proof.parent {
            expiresAt = parent.expiresAt
            validUntil = parent.validUntil
        }
        if let limit = credential?.expiresAt, limit < validUntil {
            validUntil = limit
            expiresAt = min(expiresAt, limit.floorToSecond)
        }
        if let lifetime = faults.earlyTokenLifetime() {
            validUntil = min(validUntil, now.addingTimeInterval(lifetime))
        }
        var methods = request.methodNames
        var auditIDs = [Identifiers.auditID()]
        if let parent = proof.parent {
            methods = ["token"] + parent.methods.filter { !methods.contains($0) && $0 != "token" }
            auditIDs.append(parent.auditIDs.last ?? parent.auditIDs[0])
        }
        let token = IssuedToken(
            userID: user.id, methods: methods, auditIDs: auditIDs, issuedAt: issuedAt, expiresAt: expiresAt,
            validUntil: validUntil, scope: scope, roleIDs: roleIDs, applicationCredentialID: credential?.id)
        return (store(token), token)
    }

    private func prove(_ method: AuthRequest.Method, now: Date) throws(ServiceError) -> Proof {
        switch method {
        case .password(let reference, let password):
            guard let user = try findUser(reference), user.password == password, !password.isEmpty else {
                throw KeystoneError.unauthorized()
            }
            return Proof(userID: user.id)
        case .token(let id):
            guard let parent = tokens[id] else { throw ServiceError.notFound("Could not recognize Fernet token") }
            guard !parent.revoked, now < parent.validUntil else { throw ServiceError.notFound("Failed to validate token") }
            return Proof(userID: parent.userID, parent: parent)
        case .applicationCredentialByID(let id, let secret):
            return try proveCredential(applicationCredentials[id], secret: secret, now: now)
        case .applicationCredentialByName(let name, let reference, let secret):
            guard let user = try findUser(reference) else { throw KeystoneError.unauthorized() }
            let credential = applicationCredentials.values.first { $0.userID == user.id && $0.name == name }
            return try proveCredential(credential, secret: secret, now: now)
        }
    }

    private func proveCredential(_ credential: ApplicationCredential?, secret: String, now: Date) throws(ServiceError) -> Proof {
        guard let credential, credential.secret == secret else { throw KeystoneError.unauthorized() }
        if let expiry = credential.expiresAt, expiry <= now { throw KeystoneError.unauthorized() }
        return Proof(userID: credential.userID, credential: credential)
    }

    /// A user named in a request; nil if there is none. An unknown domain is a 401, as in Keystone.
    func findUser(_ reference: AuthRequest.UserReference) throws(ServiceError) -> IdentityUser? {
        switch reference {
        case .id(let id): return users[id]
        case .name(let name, let domainReference):
            guard let domain = find(domainReference) else { throw KeystoneError.unauthorized() }
            return user(named: name, domainID: domain.id)
        }
    }

    func find(_ reference: AuthRequest.DomainReference) -> IdentityDomain? {
        switch reference {
        case .id(let id): domain(id: id)
        case .name(let name): domain(named: name)
        }
    }

    /// The requested scope, or the user's default project when it has roles there, or none.
    private func resolve(_ scope: AuthRequest.Scope?, user: IdentityUser) throws(ServiceError) -> TokenScope {
        switch scope {
        case nil:
            if let projectID = user.defaultProjectID, !effectiveRoles(userID: user.id, scope: .project(projectID)).isEmpty {
                return .project(projectID)
            }
            return .unscoped
        case .project(.id(let id)):
            guard let project = projects[id], project.enabled else { throw KeystoneError.unauthorized() }
            return .project(project.id)
        case .project(.name(let name, let domainReference)):
            guard let domain = find(domainReference), let project = project(named: name, domainID: domain.id), project.enabled else {
                throw KeystoneError.unauthorized()
            }
            return .project(project.id)
        case .domain(let reference):
            guard let domain = find(reference), domain.enabled else { throw KeystoneError.unauthorized() }
            return .domain(domain.id)
        case .system:
            return .system
        }
    }
}

extension Date {
    var floorToSecond: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
