import Foundation

/// The token body and the service catalog, laid out as Keystone writes them.
extension IdentityState {
    func tokenBody(_ token: IssuedToken, catalog: [CatalogEntry], baseURL: String, region: String, includeCatalog: Bool) -> EmulatorJSON {
        var body = EmulatorJSONObject()
        body["methods"] = .array(token.methods.map(EmulatorJSON.string))
        if let user = users[token.userID] { body["user"] = userReference(user) }
        body["audit_ids"] = .array(token.auditIDs.map(EmulatorJSON.string))
        body["expires_at"] = .string(Timestamp.format(token.expiresAt, .microsecondsZ))
        body["issued_at"] = .string(Timestamp.format(token.issuedAt, .microsecondsZ))
        let roles = EmulatorJSON.array(token.roleIDs.compactMap { role(id: $0) }.map { ["id": .string($0.id), "name": .string($0.name)] })
        var projectID: String?
        switch token.scope {
        case .unscoped:
            break
        case .project(let id):
            projectID = id
            if let project = projects[id] {
                body["project"] = [
                    "domain": domainReference(project.domainID), "id": .string(project.id), "name": .string(project.name),
                ]
            }
            body["is_domain"] = false
            body["roles"] = roles
        case .domain(let id):
            body["domain"] = domainReference(id)
            body["roles"] = roles
        case .system:
            body["roles"] = roles
            body["system"] = ["all": true]
        }
        if token.scope != .unscoped && includeCatalog {
            body["catalog"] = catalogJSON(catalog, baseURL: baseURL, region: region, projectID: projectID)
        }
        if let credentialID = token.applicationCredentialID, let credential = applicationCredentials[credentialID] {
            body["application_credential"] = [
                "id": .string(credential.id), "name": .string(credential.name), "restricted": .bool(credential.unrestricted != true),
            ]
        }
        return ["token": .object(body)]
    }

    func userReference(_ user: IdentityUser) -> EmulatorJSON {
        ["domain": domainReference(user.domainID), "id": .string(user.id), "name": .string(user.name), "password_expires_at": nil]
    }

    func domainReference(_ id: String) -> EmulatorJSON {
        ["id": .string(id), "name": .string(domain(id: id)?.name ?? id)]
    }

    /// Every registered service with public, internal and admin endpoints in the region. An
    /// endpoint whose URL needs a project id is left out of tokens without one, as Keystone does.
    func catalogJSON(_ entries: [CatalogEntry], baseURL: String, region: String, projectID: String?) -> EmulatorJSON {
        var services: [EmulatorJSON] = []
        for entry in entries {
            var path = entry.path
            if path.contains("{project_id}") {
                guard let projectID else { continue }
                path = path.replacingOccurrences(of: "{project_id}", with: projectID)
            }
            let endpoints: [EmulatorJSON] = ["public", "internal", "admin"].map { interface in
                [
                    "id": .string(Identifiers.stableKeystoneID("endpoint:\(entry.type):\(interface)")),
                    "interface": .string(interface), "region_id": .string(region), "url": .string(baseURL + path),
                    "region": .string(region),
                ]
            }
            services.append([
                "endpoints": .array(endpoints), "id": .string(Identifiers.stableKeystoneID("service:" + entry.type)),
                "type": .string(entry.type), "name": .string(entry.name),
            ])
        }
        return .array(services)
    }
}
