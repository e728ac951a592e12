/// Where each kind appears to scripts: the module path, its kind, its operations and the named
/// hooks that stay code. The Lua binder installs exactly this; docs/lua-api.md is checked
/// against what it installs.
public struct CatalogueModule: Sendable {
    /// Code a module has beyond verbs and operations, by name.
    public enum Hook: String, Sendable {
        /// `glance.images.upload{file = ... or data = ...}`: create, stream the data, wait.
        case imageUpload = "upload"
        /// `glance.images.download(image, path)`: stream the data into a file.
        case imageDownload = "download"
    }

    /// "nova", "nova.flavors", "neutron.networks".
    public let path: String
    public let kind: ResourceKind
    public var operations: [Operation] = []
    public var hooks: [Hook] = []

    public init(_ path: String, _ kind: ResourceKind, operations: [Operation] = [], hooks: [Hook] = []) {
        self.path = path
        self.kind = kind
        self.operations = operations
        self.hooks = hooks
    }
}

public enum Catalogue {
    /// The service modules, in the order they are installed.
    public static let modules: [CatalogueModule] = [
        CatalogueModule("nova", Kinds.server, operations: Operations.server),
        CatalogueModule("nova.flavors", Kinds.flavor),
        CatalogueModule("nova.keypairs", Kinds.keypair),
        CatalogueModule("cinder", Kinds.volume, operations: Operations.volume),
        CatalogueModule("cinder.snapshots", Kinds.snapshot),
        CatalogueModule("cinder.types", Kinds.volumeType),
        CatalogueModule("neutron.networks", Kinds.network),
        CatalogueModule("neutron.subnets", Kinds.subnet),
        CatalogueModule("neutron.ports", Kinds.port),
        CatalogueModule("neutron.routers", Kinds.router, operations: Operations.router),
        CatalogueModule("neutron.floating_ips", Kinds.floatingIP, operations: Operations.floatingIP),
        CatalogueModule("neutron.security_groups", Kinds.securityGroup),
        CatalogueModule("neutron.security_group_rules", Kinds.securityGroupRule),
        CatalogueModule("glance.images", Kinds.image, hooks: [.imageUpload, .imageDownload]),
    ]

    /// The top-level module names ("nova", "cinder", "neutron", "glance"), in order.
    public static var roots: [String] {
        var seen: [String] = []
        for module in modules {
            let root = String(module.path.prefix { $0 != "." })
            if !seen.contains(root) { seen.append(root) }
        }
        return seen
    }

    /// The operation named `name` among a kind's, for inverses.
    public static func operation(_ name: String, on kind: ResourceKind) -> Operation? {
        modules.first { $0.kind.path == kind.path && $0.kind.service == kind.service }?.operations.first { $0.name == name }
    }
}

extension Catalogue {
    /// Kinds that are no module's own: nested ones, reached through operations.
    static let nestedKinds: [ResourceKind] = [Kinds.volumeAttachment]

    /// The kind a journal names ("server", "security group rule").
    public static func kind(named name: String) -> ResourceKind? {
        modules.first { $0.kind.name == name }?.kind ?? nestedKinds.first { $0.name == name }
    }
}
