/// Creating and deleting projects (admin only), for scripts that set up their own tenants.
enum ProjectRoutes {
    static func create(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        try IdentityReadRoutes.requireAdmin(request, "identity:create_project")
        let body = try request.json()
        guard let fields = body["project"]?.objectValue else { throw KeystoneError.schema("'project' is a required property") }
        guard let name = fields["name"]?.stringValue, !name.isEmpty else { throw KeystoneError.schema("'name' is a required property") }
        let domainID = fields["domain_id"]?.stringValue ?? request.auth?.projectDomainID ?? "default"
        let created = try request.cloud.withState { cloud -> EmulatorJSON in
            let identity = cloud.identity
            guard identity.domain(id: domainID) != nil else { throw ServiceError.notFound("Could not find domain: \(domainID).") }
            if let existing = identity.project(named: name, domainID: domainID) {
                throw ServiceError.conflict(
                    "Conflict occurred attempting to store project - it is not permitted to have two projects with either the same name or same id in the same domain: name is \(name), project id \(existing.id).")
            }
            let project = IdentityProject(
                id: Identifiers.keystoneID(), name: name, domainID: domainID, description: fields["description"]?.stringValue ?? "",
                enabled: fields["enabled"]?.boolValue ?? true, tags: fields["tags"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            identity.projects[project.id] = project
            identity.projectOrder.append(project.id)
            return ["project": identity.render(project, baseURL: request.baseURL)]
        }
        return .json(created, status: 201)
    }

    static func delete(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        try IdentityReadRoutes.requireAdmin(request, "identity:delete_project")
        let id = request.parameter("project_id")
        try request.cloud.withState { cloud in
            let identity = cloud.identity
            guard identity.projects[id] != nil else { throw ServiceError.notFound("Could not find project: \(id).") }
            identity.projects[id] = nil
            identity.projectOrder.removeAll { $0 == id }
            for user in identity.projectAssignments.keys { identity.projectAssignments[user]?[id] = nil }
        }
        return .empty()
    }
}
