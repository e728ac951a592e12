/// `/os-keypairs`: create (generate) or import, list, show, delete, per user.
enum KeypairRoutes {
    static let root = "/compute/v2.1/os-keypairs"

    static var routes: [Route] {
        [
            Route(.post, root) { request in try create(request) },
            Route(.get, root) { request in try list(request) },
            Route(.get, root + "/{keypair_name}") { request in
                try userQuery(request, pagination: false)
                let owner = try owner(request, policy: "show")
                let name = request.parameter("keypair_name")
                let keypair = try request.cloud.withState { cloud in cloud.compute.keypairs[KeypairKey(userID: owner, name: name)] }
                guard let keypair else { throw ServiceError.notFound("Keypair \(name) not found for user \(owner)") }
                return .json(["keypair": render(keypair, fields: .show, version: request.version)])
            },
            Route(.delete, root + "/{keypair_name}") { request in
                try userQuery(request, pagination: false)
                let owner = try owner(request, policy: "delete")
                let name = request.parameter("keypair_name")
                let removed = try request.cloud.withState { cloud in
                    cloud.compute.keypairs.removeValue(forKey: KeypairKey(userID: owner, name: name)) != nil
                }
                guard removed else { throw ServiceError.notFound("Keypair \(name) not found for user \(owner)") }
                return .empty(status: request.atLeast(2, 2) ? 204 : 202)
            },
        ]
    }

    static func create(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let auth = try request.requireAuth
        let version = request.version
        let (body, member) = try request.novaBody("keypair")
        _ = try NovaValidation.object(body, key: nil, parent: body, allowed: ["keypair"])
        var allowed = ["name", "public_key"]
        if version >= APIVersion(2, 2) { allowed.append("type") }
        if version >= APIVersion(2, 10) { allowed.append("user_id") }
        let required = version >= APIVersion(2, 92) ? ["name", "public_key"] : ["name"]
        let fields = try NovaValidation.object(member, key: "keypair", parent: body, allowed: allowed, required: required)
        let name = try keypairName(fields["name"] ?? .null, version: version)
        let type = try fields["type"].map { value throws(ServiceError) in
            guard let text = value.stringValue, ["ssh", "x509"].contains(text) else {
                throw NovaValidation.invalid("type", value, "\(PythonRepr.repr(value)) is not one of ['ssh', 'x509']")
            }
            return text
        } ?? "ssh"
        let publicKey = try fields["public_key"].map { value throws(ServiceError) in try NovaValidation.string(value, key: "public_key") }
        var owner = auth.userID
        if let value = fields["user_id"] {
            owner = try NovaValidation.string(value, key: "user_id")
            if owner != auth.userID && !auth.isAdmin {
                throw ServiceError.forbidden("Policy doesn't allow os_compute_api:os-keypairs:create to be performed.")
            }
        }

        var privateKey: String?
        let material: (publicKey: String, fingerprint: String)
        if let publicKey {
            let fingerprint = type == "ssh" ? SSHKeys.fingerprint(ofPublicKey: publicKey) : SSHKeys.fingerprint(ofCertificate: publicKey)
            guard let fingerprint else {
                throw ServiceError.badRequest(
                    type == "ssh" ? "Keypair data is invalid: failed to generate fingerprint"
                        : "Keypair data is invalid: failed to generate X509 fingerprint. Error message: Unable to load certificate.")
            }
            material = (publicKey, fingerprint)
        } else {
            guard type == "ssh" else {
                throw ServiceError.badRequest("Keypair data is invalid: the emulator generates ssh key pairs only; import an x509 certificate instead")
            }
            let generated = SSHKeys.generate()
            material = (generated.publicKey, generated.fingerprint)
            privateKey = generated.privateKey
        }
        let keypair = try request.cloud.withCompute { cloud throws(ServiceError) -> Keypair in
            let compute = cloud.compute
            let key = KeypairKey(userID: owner, name: name)
            let limit = compute.quotaLimits(projectID: auth.projectID ?? "")["key_pairs"] ?? -1
            if limit >= 0 && compute.keypairs.values.filter({ $0.userID == owner }).count >= limit {
                throw .forbidden("Quota exceeded, too many key pairs.")
            }
            guard compute.keypairs[key] == nil else { throw .conflict("Key pair '\(name)' already exists.") }
            let keypair = Keypair(
                id: compute.nextKeypairID, name: name, userID: owner, publicKey: material.publicKey,
                fingerprint: material.fingerprint, type: type, created: cloud.now)
            compute.nextKeypairID += 1
            compute.keypairs[key] = keypair
            return keypair
        }
        var rendered = EmulatorJSONObject()
        if let privateKey { rendered["private_key"] = .string(privateKey) }
        if let object = render(keypair, fields: .create, version: version).objectValue {
            for (key, value) in object { rendered[key] = value }
        }
        return .json(["keypair": .object(rendered)], status: version >= APIVersion(2, 2) ? 201 : 200)
    }

    static func list(_ request: EmulatorRequest) throws -> EmulatorResponse {
        try userQuery(request, pagination: true)
        let owner = try owner(request, policy: "index")
        let paginated = request.atLeast(2, 35)
        var (limit, marker) = paginated ? try request.novaLimitAndMarker() : (1000, nil)
        if !paginated { limit = Int.max }
        let keypairs = try request.cloud.withState { cloud in
            cloud.compute.keypairs.values.filter { $0.userID == owner }.sorted { $0.name < $1.name }
        }
        if let marker, !keypairs.contains(where: { $0.name == marker }) {
            throw ServiceError.badRequest("Marker \(marker) could not be found.")
        }
        let page = try Pagination.novaPage(keypairs, limit: limit, marker: marker) { $0.name }
        var body: EmulatorJSONObject = [
            "keypairs": .array(page.items.map { ["keypair": render($0, fields: .index, version: request.version)] })
        ]
        if paginated {
            let links = Pagination.nextLinks(page, url: request.baseURL + request.path, query: request.query) { $0.name }
            if !links.isEmpty { body["keypairs_links"] = .array(links) }
        }
        return .json(.object(body))
    }

    enum Fields { case index, create, show }

    /// The members Nova's keypair view builder writes, in its order.
    static func render(_ keypair: Keypair, fields: Fields, version: APIVersion) -> EmulatorJSON {
        var object: EmulatorJSONObject = [:]
        if fields == .create && version >= APIVersion(2, 2) { object["type"] = .string(keypair.type) }
        object["name"] = .string(keypair.name)
        object["public_key"] = .string(keypair.publicKey)
        object["fingerprint"] = .string(keypair.fingerprint)
        if fields != .index { object["user_id"] = .string(keypair.userID) }
        if fields == .show {
            object["created_at"] = .string(Timestamp.format(keypair.created, .microseconds))
            object["deleted"] = false
            object["deleted_at"] = .null
            object["id"] = .int(keypair.id)
            object["updated_at"] = .null
        }
        if fields != .create && version >= APIVersion(2, 2) { object["type"] = .string(keypair.type) }
        return .object(object)
    }

    /// Whose key pairs: the caller's, or from 2.10 an admin's `?user_id=`.
    static func owner(_ request: EmulatorRequest, policy: String) throws(ServiceError) -> String {
        let auth = try request.requireAuth
        guard request.atLeast(2, 10), let userID = request.query.first("user_id"), userID != auth.userID else { return auth.userID }
        guard auth.isAdmin else { throw .forbidden("Policy doesn't allow os_compute_api:os-keypairs:\(policy) to be performed.") }
        return userID
    }

    private static func userQuery(_ request: EmulatorRequest, pagination: Bool) throws(ServiceError) {
        var allowed: Set<String> = ["user_id"]
        if pagination { allowed.formUnion(["limit", "marker"]) }
        try request.rejectUnknownQueryParameters(allowed: allowed)
    }

    /// Names: 1 to 255 of letters, digits, `_`, `-` and space (from 2.92 also `@` and `.`).
    static func keypairName(_ value: EmulatorJSON, version: APIVersion) throws(ServiceError) -> String {
        let name = try NovaValidation.name(value, allowSurroundingSpaces: version < APIVersion(2, 1))
        let safe = version >= APIVersion(2, 92)
            ? "@._- 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
            : "_- 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
        guard name.allSatisfy({ safe.contains($0) }) else {
            throw .badRequest("An invalid 'name' value was provided. The name must be: Only expected characters: [\(safe)]")
        }
        return name
    }
}
