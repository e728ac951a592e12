/// The parts of Keystone's API that clients read around authentication: the caller's catalog,
/// projects and domains, users, projects (with create and delete for admins), roles, domains,
/// regions, services and endpoints.
enum IdentityReadRoutes {
    static let root = "/identity/v3"

    static var routes: [Route] {
        [
            Route(.get, root + "/auth/catalog", handler: authCatalog),
            Route(.get, root + "/auth/projects", handler: authProjects),
            Route(.get, root + "/auth/domains", handler: authDomains),
            Route(.get, root + "/auth/system", handler: authSystem),
            Route(.get, root + "/users", handler: listUsers),
            Route(.get, root + "/users/{user_id}", handler: showUser),
            Route(.get, root + "/projects", handler: listProjects),
            Route(.post, root + "/projects", handler: ProjectRoutes.create),
            Route(.get, root + "/projects/{project_id}", handler: showProject),
            Route(.delete, root + "/projects/{project_id}", handler: ProjectRoutes.delete),
            Route(.get, root + "/roles", handler: listRoles),
            Route(.get, root + "/domains", handler: listDomains),
            Route(.get, root + "/domains/{domain_id}", handler: showDomain),
            Route(.get, root + "/regions", handler: listRegions),
            Route(.get, root + "/services", handler: listServices),
            Route(.get, root + "/endpoints", handler: listEndpoints),
        ]
    }

    static func authCatalog(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        let auth = try request.requireAuth
        guard auth.projectID != nil || auth.domainID != nil || auth.systemScoped else {
            throw KeystoneError.forbidden("The service catalog is empty.")
        }
        let base = request.baseURL
        let catalog = try request.cloud.withState { cloud in
            cloud.identity.catalogJSON(cloud.catalogEntries, baseURL: base, region: cloud.config.region, projectID: auth.projectID)
        }
        return .json(["catalog": catalog, "links": ["self": .string(base + request.path)]])
    }

    static func authProjects(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        let auth = try request.requireAuth
        let body = try request.cloud.withState { cloud in
            let identity = cloud.identity
            let projects = identity.projectOrder.compactMap { identity.projects[$0] }
                .filter { !(identity.projectAssignments[auth.userID]?[$0.id] ?? []).isEmpty }
            return IdentityState.list("projects", projects.map { identity.render($0, baseURL: request.baseURL) }, request: request)
        }
        return .json(body)
    }

    static func authDomains(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        let auth = try request.requireAuth
        let body = try request.cloud.withState { cloud in
            let identity = cloud.identity
            let domains = identity.domains.filter { !(identity.domainAssignments[auth.userID]?[$0.id] ?? []).isEmpty }
            return IdentityState.list("domains", domains.map { identity.render($0, baseURL: request.baseURL) }, request: request)
        }
        return .json(body)
    }

    static func authSystem(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        let auth = try request.requireAuth
        let hasSystemRoles = try request.cloud.withState { !($0.identity.systemAssignments[auth.userID] ?? []).isEmpty }
        return .json([
            "system": hasSystemRoles ? [["all": true]] : [], "links": ["self": .string(request.baseURL + request.path)],
        ])
    }

    static func listUsers(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        try requireAdmin(request, "identity:list_users")
        let body = try request.cloud.withState { cloud in
            let identity = cloud.identity
            let users = identity.userOrder.compactMap { identity.users[$0] }
            return IdentityState.list("users", users.map { identity.render($0, baseURL: request.baseURL) }, request: request)
        }
        return .json(body)
    }

    static func showUser(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        let auth = try request.requireAuth
        let id = request.parameter("user_id")
        guard auth.userID == id || auth.isAdmin else { throw KeystoneError.policy("identity:get_user") }
        let body = try request.cloud.withState { cloud -> EmulatorJSON in
            guard let user = cloud.identity.users[id] else { throw ServiceError.notFound("Could not find user: \(id).") }
            return ["user": cloud.identity.render(user, baseURL: request.baseURL)]
        }
        return .json(body)
    }

    static func listProjects(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        try requireAdmin(request, "identity:list_projects")
        let body = try request.cloud.withState { cloud in
            let identity = cloud.identity
            let projects = identity.projectOrder.compactMap { identity.projects[$0] }
            return IdentityState.list("projects", projects.map { identity.render($0, baseURL: request.baseURL) }, request: request)
        }
        return .json(body)
    }

    static func showProject(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        let auth = try request.requireAuth
        let id = request.parameter("project_id")
        guard auth.projectID == id || auth.isAdmin else { throw KeystoneError.policy("identity:get_project") }
        let body = try request.cloud.withState { cloud -> EmulatorJSON in
            guard let project = cloud.identity.projects[id] else { throw ServiceError.notFound("Could not find project: \(id).") }
            return ["project": cloud.identity.render(project, baseURL: request.baseURL)]
        }
        return .json(body)
    }

    static func listRoles(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        try requireAdmin(request, "identity:list_roles")
        let body = try request.cloud.withState { cloud in
            IdentityState.list("roles", cloud.identity.roles.map { cloud.identity.render($0, baseURL: request.baseURL) }, request: request)
        }
        return .json(body)
    }

    static func listDomains(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        try requireAdmin(request, "identity:list_domains")
        let body = try request.cloud.withState { cloud in
            IdentityState.list("domains", cloud.identity.domains.map { cloud.identity.render($0, baseURL: request.baseURL) }, request: request)
        }
        return .json(body)
    }

    static func showDomain(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        let auth = try request.requireAuth
        let id = request.parameter("domain_id")
        guard auth.isAdmin || auth.domainID == id || auth.projectDomainID == id else { throw KeystoneError.policy("identity:get_domain") }
        let body = try request.cloud.withState { cloud -> EmulatorJSON in
            guard let domain = cloud.identity.domain(id: id) else { throw ServiceError.notFound("Could not find domain: \(id).") }
            return ["domain": cloud.identity.render(domain, baseURL: request.baseURL)]
        }
        return .json(body)
    }

    static func listRegions(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        let region = request.environment.config.region
        let item: EmulatorJSON = [
            "id": .string(region), "description": "", "parent_region_id": nil,
            "links": ["self": .string(request.baseURL + "/identity/v3/regions/" + region)],
        ]
        return .json(IdentityState.list("regions", [item], request: request))
    }

    static func listServices(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        try requireAdmin(request, "identity:list_services")
        let items: [EmulatorJSON] = request.environment.services.flatMap(\.catalog).map { entry in
            let id = Identifiers.stableKeystoneID("service:" + entry.type)
            return [
                "name": .string(entry.name), "description": "", "id": .string(id), "type": .string(entry.type), "enabled": true,
                "links": ["self": .string(request.baseURL + "/identity/v3/services/" + id)],
            ]
        }
        return .json(IdentityState.list("services", items, request: request))
    }

    static func listEndpoints(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        try requireAdmin(request, "identity:list_endpoints")
        let region = request.environment.config.region
        var items: [EmulatorJSON] = []
        for entry in request.environment.services.flatMap(\.catalog) {
            for interface in ["public", "internal", "admin"] {
                let id = Identifiers.stableKeystoneID("endpoint:\(entry.type):\(interface)")
                items.append([
                    "id": .string(id), "interface": .string(interface), "region_id": .string(region),
                    "service_id": .string(Identifiers.stableKeystoneID("service:" + entry.type)),
                    "url": .string(request.baseURL + entry.path.replacingOccurrences(of: "{project_id}", with: "$(project_id)s")),
                    "enabled": true, "region": .string(region),
                    "links": ["self": .string(request.baseURL + "/identity/v3/endpoints/" + id)],
                ])
            }
        }
        return .json(IdentityState.list("endpoints", items, request: request))
    }

    static func requireAdmin(_ request: EmulatorRequest, _ rule: String) throws {
        guard try request.requireAuth.isAdmin else { throw KeystoneError.policy(rule) }
    }
}
