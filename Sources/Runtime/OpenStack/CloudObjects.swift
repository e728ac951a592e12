import JSONValue
import LuaBridge
import OpenStack
import Transport

extension Runtime {
    /// The global `nova`, `cinder`, `neutron`, `glance` and `openstack` (bound to the default
    /// cloud, chosen on first use), `keystone.auth` for choosing clouds, and `err`.
    func installOpenStackLibrary() {
        let defaultCloud: SessionProvider = { [unowned self] () async throws(OpenStackError) in try await clouds.defaultCloud() }
        pushServiceModules(into: nil, defaultCloud)
        let stack = lua.stack
        stack.newTable(fields: 1)
        lua.setFunction("auth", in: -1, name: "keystone.auth", isolated { [unowned self] call throws(LuaCallError) in
            let request = try permitted(try Self.cloudRequest(call), call)
            return try suspend(call) { [unowned self] () async throws(OpenStackError) in
                let session: Session
                switch request {
                case .default: session = try await clouds.defaultCloud()
                case .named(let name): session = try await clouds.session(for: try clouds.cloudsYAMLConfig(name))
                case .emulator: session = try await clouds.session(for: try await clouds.emulatorConfig(reason: "keystone.auth{emulator = true}"))
                case .explicit(let entry):
                    do {
                        // Keyed by the entry itself, secrets included: it stays in memory, like the config.
                        let key = "script " + ((try? JSON.object(entry).encodedString()) ?? "")
                        session = try await clouds.session(for: try CloudConfig(entry: entry, name: "script"), key: key)
                    } catch let error as ConfigError {
                        throw OpenStackError(.configuration, error.message)
                    } catch let error as OpenStackError {
                        throw error
                    } catch {
                        throw OpenStackError(.configuration, "\(error)")
                    }
                }
                return { [unowned self] stack in
                    pushCloudObject(session, on: stack)
                    return 1
                }
            }
        })
        rejectUnknownNames(ofModuleAt: -1, module: "keystone")
        stack.setGlobal("keystone")
        installErrorHelpers()
    }

    /// Sets the catalogue's service modules (nova, cinder, neutron, glance) and openstack into the table at `index` (globals when nil).
    private func pushServiceModules(into index: Int32?, _ session: @escaping SessionProvider) {
        let stack = lua.stack
        for name in Catalogue.roots + ["openstack"] {
            if name == "openstack" { pushOpenStackModule(session) } else { pushServiceModule(name, session) }
            if let index { stack.setRawField(name, ofTableAt: index) } else { stack.setGlobal(name) }
        }
    }

    /// A cloud as a Lua table: its service modules, `name`, `project_id`, `region`, and
    /// `endpoint(service)`. One table per session: asking again returns the same one.  [-0, +1]
    func pushCloudObject(_ session: Session, on target: LuaStack) {
        let key = ObjectIdentifier(session)
        if let ref = cloudObjects[key] {
            target.push(ref: ref)
            return
        }
        let stack = lua.stack
        stack.newTable(fields: 10)
        let table = stack.top
        let provider: SessionProvider = { () async throws(OpenStackError) in session }
        pushServiceModules(into: table, provider)
        stack.push(session.config.name)
        stack.setRawField("name", ofTableAt: table)
        if let project = session.projectID {
            stack.push(project)
            stack.setRawField("project_id", ofTableAt: table)
        }
        if let region = session.config.region {
            stack.push(region)
            stack.setRawField("region", ofTableAt: table)
        }
        lua.setFunction("endpoint", in: table, name: "cloud:endpoint", isolated { [unowned self] call throws(LuaCallError) in
            // Works as cloud:endpoint("compute") and as cloud.endpoint("compute").
            let position: Int32 = call.stack.type(at: 1) == .table ? 2 : 1
            let name = try call.string(position)
            guard let service = ServiceType(named: name) else {
                throw .argument(position, "unknown service '\(name)' (compute, block-storage, network, image, identity)")
            }
            return try suspend(call) { () async throws(OpenStackError) in
                Self.value(Self.describe(try await session.endpoint(service)))
            }
        })
        stack.pushValue(at: table)
        cloudObjects[key] = stack.ref()
        if target.L != stack.L { stack.move(1, to: target) }
    }

    static func describe(_ endpoint: ServiceEndpoint) -> JSON {
        var object: JSONObject = ["service": JSON(endpoint.service.rawValue), "url": JSON(endpoint.url), "source": JSON(endpoint.source)]
        if let version = endpoint.defaultMicroversion { object["microversion"] = JSON(version.description) }
        if let version = endpoint.minimumMicroversion { object["min_microversion"] = JSON(version.description) }
        if let version = endpoint.maximumMicroversion { object["max_microversion"] = JSON(version.description) }
        return .object(object)
    }

    enum CloudRequest {
        case `default`
        case named(String)
        case emulator
        case explicit(JSONObject)
    }

    /// An explicit cloud's TLS files (`cacert`, `cert`, `key`) are read like any file a script
    /// names: inside the read permission, resolved.
    private func permitted(_ request: CloudRequest, _ call: LuaCall) throws(LuaCallError) -> CloudRequest {
        guard case .explicit(var entry) = request else { return request }
        for key in ["cacert", "cert", "key"] {
            if let path = entry[key]?.stringValue { entry[key] = JSON(try readablePath(path, call)) }
        }
        return .explicit(entry)
    }

    /// The keys `keystone.auth{...}` takes beside `cloud` and `emulator`: clouds.yaml's, flat or
    /// under `auth`.
    static let authKeys: Set<String> = [
        "auth_url", "username", "user_id", "password", "project_name", "project_id", "user_domain_name",
        "user_domain_id", "project_domain_name", "project_domain_id", "domain_name", "domain_id",
        "application_credential_id", "application_credential_name", "application_credential_secret", "token",
    ]
    static let entryKeys: Set<String> = ["auth", "auth_type", "region_name", "interface", "cacert", "cert", "key", "verify", "insecure",
                                         "api_retry_count"]

    private static func cloudRequest(_ call: LuaCall) throws(LuaCallError) -> CloudRequest {
        guard !call.isAbsent(1) else { return .default }
        try call.table(1)
        guard case .object(var fields) = try call.json(1) else { return .default }
        if let name = fields.take("cloud") {
            guard let text = name.stringValue else { throw .argument(1, "'cloud' must be a cloud name from clouds.yaml") }
            try refuseLeftovers(fields, call, 1)
            return .named(text)
        }
        if fields.take("emulator")?.boolValue == true {
            try refuseLeftovers(fields, call, 1)
            return .emulator
        }
        if fields.isEmpty { return .default }
        var entry = JSONObject()
        var auth = fields.take("auth")?.objectValue ?? JSONObject()
        for member in fields.members {
            if authKeys.contains(member.key) {
                auth[member.key] = member.value
            } else if entryKeys.contains(member.key) || member.key.hasSuffix("_endpoint_override") || member.key.hasSuffix("_api_version") {
                entry[member.key] = member.value
            } else {
                throw .argument(1, "unknown option '\(member.key)'")
            }
        }
        entry["auth"] = .object(auth)
        return .explicit(entry)
    }
}
