public import JSONValue

/// The OS_* variables as a clouds.yaml-shaped entry (the openstack client's "envvars" cloud).
public enum EnvironmentCloud {
    /// OS_X -> where it goes in the entry ("auth.x" or "x").
    static let variables: [(String, String)] = [
        ("OS_AUTH_URL", "auth.auth_url"), ("OS_USERNAME", "auth.username"), ("OS_USER_ID", "auth.user_id"),
        ("OS_PASSWORD", "auth.password"), ("OS_PROJECT_NAME", "auth.project_name"),
        ("OS_PROJECT_ID", "auth.project_id"), ("OS_TENANT_NAME", "auth.project_name"),
        ("OS_TENANT_ID", "auth.project_id"), ("OS_USER_DOMAIN_NAME", "auth.user_domain_name"),
        ("OS_USER_DOMAIN_ID", "auth.user_domain_id"), ("OS_PROJECT_DOMAIN_NAME", "auth.project_domain_name"),
        ("OS_PROJECT_DOMAIN_ID", "auth.project_domain_id"), ("OS_DOMAIN_NAME", "auth.domain_name"),
        ("OS_DOMAIN_ID", "auth.domain_id"), ("OS_APPLICATION_CREDENTIAL_ID", "auth.application_credential_id"),
        ("OS_APPLICATION_CREDENTIAL_NAME", "auth.application_credential_name"),
        ("OS_APPLICATION_CREDENTIAL_SECRET", "auth.application_credential_secret"), ("OS_TOKEN", "auth.token"),
        ("OS_AUTH_TYPE", "auth_type"), ("OS_REGION_NAME", "region_name"), ("OS_INTERFACE", "interface"),
        ("OS_ENDPOINT_TYPE", "interface"), ("OS_CACERT", "cacert"), ("OS_CERT", "cert"), ("OS_KEY", "key"),
    ]

    /// The entry, or nil when OS_AUTH_URL is not set (no cloud in the environment).
    public static func entry(environment: (String) -> String?) -> JSONObject? {
        guard let url = environment("OS_AUTH_URL"), !url.isEmpty else { return nil }
        var entry = JSONObject()
        var auth = JSONObject()
        for (variable, target) in variables {
            guard let value = environment(variable), !value.isEmpty else { continue }
            if target.hasPrefix("auth.") {
                let key = String(target.dropFirst(5))
                if auth[key] == nil { auth[key] = JSON(value) }
            } else if entry[target] == nil {
                entry[target] = JSON(value)
            }
        }
        if let insecure = environment("OS_INSECURE")?.lowercased(), ["1", "true", "yes"].contains(insecure) {
            entry["insecure"] = .bool(true)
        }
        entry["auth"] = .object(auth)
        return entry
    }
}
