/// The services stackrun knows, by their official type, with the other names clouds use for them
/// in catalogs and in clouds.yaml keys.
public enum ServiceType: String, Sendable, CaseIterable, CustomStringConvertible {
    case identity
    case compute
    case blockStorage = "block-storage"
    case network
    case image

    /// Catalog types that mean this service, most preferred first.
    public var catalogTypes: [String] {
        switch self {
        case .blockStorage: ["block-storage", "volumev3", "volume", "block-store", "volumev2"]
        default: [rawValue]
        }
    }

    /// The project name, as people say it in messages: "nova", "cinder".
    public var projectName: String {
        switch self {
        case .identity: "keystone"
        case .compute: "nova"
        case .blockStorage: "cinder"
        case .network: "neutron"
        case .image: "glance"
        }
    }

    /// The service name of the `OpenStack-API-Version` header, for services with microversions.
    public var microversionName: String? {
        switch self {
        case .compute: "compute"
        case .blockStorage: "volume"
        default: nil
        }
    }

    public var description: String { rawValue }

    /// The service a user or config file names: a type, an alias or a project name.
    public init?(named name: String) {
        let key = name.lowercased().replacing("_", with: "-")
        for type in Self.allCases where type.rawValue == key || type.catalogTypes.contains(key) || type.projectName == key {
            self = type
            return
        }
        if key == "block-storage" || key == "volumes" { self = .blockStorage; return }
        return nil
    }
}
