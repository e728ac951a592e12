import Foundation

/// The `/tags` sub-resource of every taggable Neutron resource.
enum TagRoutes {
    /// Collection names as they appear in URLs, and the singular the policy rules use.
    static let collections = [
        ("networks", "network"), ("subnets", "subnet"), ("ports", "port"), ("routers", "router"),
        ("floatingips", "floatingip"), ("security-groups", "security_group"),
    ]

    static var routes: [Route] {
        collections.flatMap { collection, singular in
            let base = "/network/v2.0/\(collection)/{resource_id}/tags"
            return [
                Route(.get, base) { request in
                    try request.withNetwork { state, auth in
                        let tags = try state.tags(collection, request.parameter("resource_id"), auth)
                        return NeutronResponse.json(["tags": .array(tags.map(EmulatorJSON.string))], layout: .python)
                    }
                },
                Route(.put, base) { request in
                    let body = try request.neutronJSON()
                    guard let value = body["tags"] else { throw NeutronError.invalidInput("Invalid tags body.") }
                    guard let list = value.arrayValue else { throw NeutronError.invalidInput("'\(PythonRepr.str(value))' is not a list.") }
                    var tags: [String] = []
                    for item in list {
                        guard let tag = item.stringValue else { throw NeutronError.invalidInput("'\(PythonRepr.str(item))' is not a valid string.") }
                        tags.append(tag)
                    }
                    try NeutronTags.validate(tags)
                    return try request.withNetwork { state, auth in
                        try state.changeTags(collection, singular, request.parameter("resource_id"), auth) { $0 = tags }
                        return NeutronResponse.json(["tags": .array(tags.map(EmulatorJSON.string))], layout: .python)
                    }
                },
                Route(.delete, base) { request in
                    try request.withNetwork { state, auth in
                        try state.changeTags(collection, singular, request.parameter("resource_id"), auth) { $0 = [] }
                        return EmulatorResponse.empty()
                    }
                },
                Route(.get, base + "/{tag}") { request in
                    try request.withNetwork { state, auth in
                        let tag = request.parameter("tag")
                        guard try state.tags(collection, request.parameter("resource_id"), auth).contains(tag) else { throw tagNotFound(tag) }
                        return EmulatorResponse.empty()
                    }
                },
                Route(.put, base + "/{tag}") { request in
                    let tag = request.parameter("tag")
                    try NeutronTags.validate(tag)
                    return try request.withNetwork { state, auth in
                        try state.changeTags(collection, singular, request.parameter("resource_id"), auth) { tags in
                            if !tags.contains(tag) { tags.append(tag) }
                        }
                        return NeutronResponse.json(.null, status: 201, layout: .python)
                    }
                },
                Route(.delete, base + "/{tag}") { request in
                    try request.withNetwork { state, auth in
                        let tag = request.parameter("tag")
                        guard try state.tags(collection, request.parameter("resource_id"), auth).contains(tag) else { throw tagNotFound(tag) }
                        try state.changeTags(collection, singular, request.parameter("resource_id"), auth) { $0.removeAll { $0 == tag } }
                        return EmulatorResponse.empty()
                    }
                },
            ]
        }
    }

    static func tagNotFound(_ tag: String) -> ServiceError {
        .notFound("Tag \(tag) could not be found.", kind: "TagNotFound")
    }
}

extension NetworkState {
    /// The standard attributes and owner of a visible resource, by URL collection name.
    private func tagged(_ collection: String, _ id: String, _ auth: AuthContext) -> (StandardAttributes, String)? {
        switch collection {
        case "networks": networks[id].flatMap { canSee($0, auth) ? ($0.standard, $0.projectID) : nil }
        case "subnets": subnets[id].flatMap { canSee($0, auth) ? ($0.standard, $0.projectID) : nil }
        case "ports": ports[id].flatMap { canSee($0, auth) ? ($0.standard, $0.projectID) : nil }
        case "routers": routers[id].flatMap { owns($0.projectID, auth) ? ($0.standard, $0.projectID) : nil }
        case "floatingips": floatingIPs[id].flatMap { owns($0.projectID, auth) ? ($0.standard, $0.projectID) : nil }
        case "security-groups": securityGroups[id].flatMap { owns($0.projectID, auth) ? ($0.standard, $0.projectID) : nil }
        default: nil
        }
    }

    func tags(_ collection: String, _ id: String, _ auth: AuthContext) throws(ServiceError) -> [String] {
        guard let (standard, _) = tagged(collection, id, auth) else { throw tagResourceNotFound(collection, id) }
        return standard.tags
    }

    /// Applies `change` to the resource's tags (kept sorted, as Neutron lists them) and bumps
    /// its revision.
    func changeTags(_ collection: String, _ singular: String, _ id: String, _ auth: AuthContext, _ change: (inout [String]) -> Void)
        throws(ServiceError)
    {
        guard let (_, owner) = tagged(collection, id, auth) else { throw tagResourceNotFound(collection, id) }
        try requireOwner(owner, auth, rule: "update_\(singular)")
        func edit(_ standard: inout StandardAttributes) {
            change(&standard.tags)
            standard.tags.sort()
            standard.touch(now)
        }
        switch collection {
        case "networks": edit(&networks[id]!.standard)
        case "subnets": edit(&subnets[id]!.standard)
        case "ports": edit(&ports[id]!.standard)
        case "routers": edit(&routers[id]!.standard)
        case "floatingips": edit(&floatingIPs[id]!.standard)
        default: edit(&securityGroups[id]!.standard)
        }
    }

    private func tagResourceNotFound(_ collection: String, _ id: String) -> ServiceError {
        .notFound("Resource \(collection.replacingOccurrences(of: "-", with: "_")) \(id) could not be found.", kind: "TagResourceNotFound")
    }
}
