public import JSONValue
import Transport

extension CloudConfig {
    /// Builds a configuration from a clouds.yaml-shaped entry: `auth = {auth_url, username, ...}`
    /// plus `auth_type`, `region_name`, `interface`, `cacert`, `cert`, `key`, `verify`/`insecure`,
    /// `<service>_endpoint_override` and `<service>_api_version`. Keys it does not use are left
    /// alone: the same file serves the openstack CLI, which has many more.
    public init(entry: JSONObject, name: String) throws(ConfigError) {
        let auth = entry["auth"]?.objectValue ?? JSONObject()
        func text(_ object: JSONObject, _ key: String) -> String? {
            switch object[key] {
            case .string: object[key]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            case .int(let number): String(number)
            case .bool(let flag): String(flag)
            default: nil
            }
        }
        func need(_ key: String, _ hint: String) throws(ConfigError) -> String {
            guard let value = text(auth, key) else {
                throw ConfigError("cloud '\(name)': auth.\(key) is missing (\(hint))")
            }
            return value
        }
        guard let authURL = text(auth, "auth_url") else {
            throw ConfigError("cloud '\(name)': auth.auth_url is missing (set it in clouds.yaml or OS_AUTH_URL)")
        }
        guard let parts = URLText(authURL), ["http", "https"].contains(parts.scheme.lowercased()), !parts.host.isEmpty,
              !authURL.contains(where: { $0 == " " || $0.isNewline }) else {
            throw ConfigError("cloud '\(name)': auth.auth_url '\(redactingCredentials(authURL))' is not an http or https URL "
                + "(Keystone's, such as https://keystone.example.com:5000/v3)")
        }
        let user = UserReference(
            id: text(auth, "user_id"), name: text(auth, "username") ?? text(auth, "user_name"),
            domainID: text(auth, "user_domain_id") ?? text(auth, "domain_id"),
            domainName: text(auth, "user_domain_name") ?? text(auth, "domain_name"))
        var type = text(entry, "auth_type")?.lowercased()
        if type == nil {
            if text(auth, "application_credential_secret") != nil { type = "v3applicationcredential" }
            else if text(auth, "token") != nil && text(auth, "password") == nil { type = "token" }
            else { type = "password" }
        }
        let method: AuthMethod
        switch type {
        case "password", "v3password":
            guard user.id != nil || user.name != nil else {
                throw ConfigError("cloud '\(name)': auth.username or auth.user_id is missing (OS_USERNAME)")
            }
            method = .password(user: user, password: Secret(try need("password", "set it in secure.yaml or OS_PASSWORD")))
        case "v3applicationcredential", "applicationcredential", "application_credential":
            let id = text(auth, "application_credential_id")
            let credentialName = text(auth, "application_credential_name")
            guard id != nil || credentialName != nil else {
                throw ConfigError("cloud '\(name)': auth.application_credential_id or _name is missing")
            }
            if id == nil && user.id == nil && user.name == nil {
                throw ConfigError("cloud '\(name)': an application credential given by name needs its user (username or user_id)")
            }
            method = .applicationCredential(
                id: id, name: credentialName, user: id == nil ? user : nil,
                secret: Secret(try need("application_credential_secret", "OS_APPLICATION_CREDENTIAL_SECRET")))
        case "token", "v3token":
            method = .token(Secret(try need("token", "OS_TOKEN")))
        default:
            throw ConfigError("cloud '\(name)': auth_type '\(type ?? "")' is not supported (password, v3applicationcredential, token, v3token)")
        }
        var scope = Scope.unscoped
        if text(auth, "project_id") != nil || text(auth, "project_name") != nil || text(auth, "tenant_name") != nil {
            scope = .project(
                id: text(auth, "project_id") ?? text(auth, "tenant_id"),
                name: text(auth, "project_name") ?? text(auth, "tenant_name"),
                domainID: text(auth, "project_domain_id") ?? text(auth, "domain_id"),
                domainName: text(auth, "project_domain_name") ?? text(auth, "domain_name"))
        } else if text(auth, "domain_id") != nil || text(auth, "domain_name") != nil {
            scope = .domain(id: text(auth, "domain_id"), name: text(auth, "domain_name"))
        } else if entry["system_scope"] != nil || auth["system_scope"] != nil {
            scope = .system
        }
        if case .applicationCredential = method { scope = .unscoped } // it carries its own scope

        var tls = HTTPRequest.TLS(caBundle: text(entry, "cacert"), clientCertificate: text(entry, "cert"), clientKey: text(entry, "key"))
        if entry["verify"]?.boolValue == false || entry["insecure"]?.boolValue == true { tls.insecure = true }
        var overrides: [String: String] = [:]
        var versions: [String: String] = [:]
        for member in entry.members {
            guard let value = text(entry, member.key) else { continue }
            if member.key.hasSuffix("_endpoint_override"), let service = ServiceType(named: String(member.key.dropLast(18))) {
                overrides[service.rawValue] = value
            } else if member.key.hasSuffix("_api_version"), let service = ServiceType(named: String(member.key.dropLast(12))) {
                versions[service.rawValue] = value
            }
        }
        self.init(
            name: name, authURL: authURL, auth: method, scope: scope, region: text(entry, "region_name"),
            interface: text(entry, "interface").map { $0.hasSuffix("URL") ? String($0.dropLast(3)) : $0 } ?? "public",
            tls: tls, endpointOverrides: overrides, apiVersions: versions)
        apiRetries = try Self.retryCount(entry, "api_retry_count", cloud: name)
        connectRetries = try Self.retryCount(entry, "connect_retries", cloud: name)
    }

    /// A count of retries from 0 to 20: a whole number, written `2` or `2.0` (a float, which
    /// openstacksdk turns into an int too; our YAML reader keeps decimals as text), or quoted.
    /// Nil when the key is absent.
    static func retryCount(_ entry: JSONObject, _ key: String, cloud: String) throws(ConfigError) -> Int? {
        func whole(_ number: Double) -> Int? { number.rounded() == number && abs(number) <= 1e6 ? Int(number) : nil }
        let value: Int?
        switch entry[key] {
        case nil, .null?: return nil
        case .int(let number)?: value = Int(exactly: number)
        case .float(let number)?: value = whole(number)
        case .string?:
            let text = entry[key]?.stringValue?.trimmingCharacters() ?? ""
            value = Int(text) ?? Double(text).flatMap(whole)
        default: value = nil
        }
        guard let value, (0...20).contains(value) else {
            throw ConfigError("cloud '\(cloud)': \(key) must be a whole number from 0 to 20, got \(Self.shown(entry[key]))")
        }
        return value
    }

    /// A value as the message about it quotes it.
    private static func shown(_ value: JSON?) -> String {
        switch value {
        case .string?: "'\(value?.stringValue ?? "")'"
        case .int(let number)?: String(number)
        case .float(let number)?: String(number)
        case .bool(let flag)?: String(flag)
        default: "a list or a mapping"
        }
    }
}
