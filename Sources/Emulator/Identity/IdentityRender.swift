/// Keystone's JSON for its resources, and its list envelope.
extension IdentityState {
    func render(_ project: IdentityProject, baseURL: String) -> EmulatorJSON {
        [
            "id": .string(project.id), "name": .string(project.name), "domain_id": .string(project.domainID),
            "description": .string(project.description), "enabled": .bool(project.enabled), "parent_id": .string(project.domainID),
            "is_domain": false, "tags": .array(project.tags.map(EmulatorJSON.string)), "options": [:],
            "links": ["self": .string(baseURL + "/identity/v3/projects/" + project.id)],
        ]
    }

    func render(_ user: IdentityUser, baseURL: String) -> EmulatorJSON {
        var object: EmulatorJSONObject = ["id": .string(user.id), "name": .string(user.name), "domain_id": .string(user.domainID)]
        if let project = user.defaultProjectID { object["default_project_id"] = .string(project) }
        if let email = user.email { object["email"] = .string(email) }
        object["enabled"] = .bool(user.enabled)
        object["password_expires_at"] = .null
        object["options"] = [:]
        object["links"] = ["self": .string(baseURL + "/identity/v3/users/" + user.id)]
        return .object(object)
    }

    func render(_ role: IdentityRole, baseURL: String) -> EmulatorJSON {
        [
            "id": .string(role.id), "name": .string(role.name), "domain_id": nil, "description": nil, "options": ["immutable": true],
            "links": ["self": .string(baseURL + "/identity/v3/roles/" + role.id)],
        ]
    }

    func render(_ domain: IdentityDomain, baseURL: String) -> EmulatorJSON {
        [
            "id": .string(domain.id), "name": .string(domain.name), "description": .string(domain.description),
            "enabled": .bool(domain.enabled), "tags": [], "options": [:],
            "links": ["self": .string(baseURL + "/identity/v3/domains/" + domain.id)],
        ]
    }

    /// Keystone's list body: `{"<key>": [...], "links": {"next": null, "self": "...", "previous": null}}`.
    /// Query parameters that name a member filter by equality, as Keystone's list filters do.
    static func list(_ key: String, _ items: [EmulatorJSON], request: EmulatorRequest) -> EmulatorJSON {
        var filtered = items
        for (name, value) in request.query {
            filtered = filtered.filter { item in
                guard let member = item[name] else { return true }
                switch member {
                case .string(let text): return text == value
                case .bool(let flag): return (value.lowercased() == "true" || value == "1") == flag
                default: return true
                }
            }
        }
        let query = request.query.isEmpty ? "" : "?" + QueryItems.encode(request.query.items)
        return [
            key: .array(filtered),
            "links": ["next": nil, "self": .string(request.baseURL + request.path + query), "previous": nil],
        ]
    }
}
