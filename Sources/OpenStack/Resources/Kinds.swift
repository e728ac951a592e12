/// The resources of the five services, as declarations.
public enum Kinds {
    // MARK: Nova

    public static let server: ResourceKind = {
        var kind = ResourceKind("server", .compute, path: "/servers", singular: "server", plural: "servers")
        kind.listPath = "/servers/detail"
        kind.paging = .links
        kind.nameMatch = .regex
        kind.status = .init(ready: ["ACTIVE"], failed: ["ERROR"], timeout: 600,
                            settled: ["SHUTOFF", "PAUSED", "SUSPENDED", "SHELVED", "SHELVED_OFFLOADED", "RESCUE", "VERIFY_RESIZE"])
        return kind
    }()

    public static let flavor: ResourceKind = {
        var kind = ResourceKind("flavor", .compute, path: "/flavors", singular: "flavor", plural: "flavors")
        kind.listPath = "/flavors/detail"
        kind.paging = .links
        kind.nameMatch = .clientSide
        return kind
    }()

    public static let keypair: ResourceKind = {
        var kind = ResourceKind("keypair", .compute, path: "/os-keypairs", singular: "keypair", plural: "keypairs")
        kind.listItemKey = "keypair"
        kind.idField = "name"
        kind.paging = .links
        kind.nameMatch = .clientSide
        // From 2.92 Nova no longer generates key pairs; creating one without a public key needs 2.91.
        kind.maximumMicroversion = Microversion("2.91")
        return kind
    }()

    public static let volumeAttachment: ResourceKind = {
        var kind = ResourceKind("volume attachment", .compute, path: "/servers/{parent}/os-volume_attachments",
                                singular: "volumeAttachment", plural: "volumeAttachments")
        kind.idField = "volumeId"
        return kind
    }()

    // MARK: Cinder

    public static let volume: ResourceKind = {
        var kind = ResourceKind("volume", .blockStorage, path: "/volumes", singular: "volume", plural: "volumes")
        kind.listPath = "/volumes/detail"
        kind.paging = .links
        kind.status = .init(ready: ["available"], failed: ["error", "error_restoring", "error_extending", "error_managing"], timeout: 300,
                            settled: ["in-use"])
        return kind
    }()

    public static let snapshot: ResourceKind = {
        var kind = ResourceKind("snapshot", .blockStorage, path: "/snapshots", singular: "snapshot", plural: "snapshots")
        kind.listPath = "/snapshots/detail"
        kind.paging = .links
        kind.status = .init(ready: ["available"], failed: ["error"], timeout: 300)
        return kind
    }()

    public static let volumeType: ResourceKind = {
        var kind = ResourceKind("volume type", .blockStorage, path: "/types", singular: "volume_type", plural: "volume_types")
        kind.nameMatch = .clientSide
        return kind
    }()

    // MARK: Neutron

    static func neutron(_ name: String, path: String, singular: String, plural: String, status: Bool = false) -> ResourceKind {
        var kind = ResourceKind(name, .network, path: path, singular: singular, plural: plural)
        kind.paging = .links
        // DOWN is where a port without a host, a floating IP without a port and a network set
        // administratively down stay.
        if status { kind.status = .init(ready: ["ACTIVE"], failed: ["ERROR"], timeout: 120, settled: ["DOWN"]) }
        return kind
    }

    public static let network = neutron("network", path: "/networks", singular: "network", plural: "networks", status: true)
    public static let subnet = neutron("subnet", path: "/subnets", singular: "subnet", plural: "subnets")
    public static let port = neutron("port", path: "/ports", singular: "port", plural: "ports", status: true)
    public static let router = neutron("router", path: "/routers", singular: "router", plural: "routers", status: true)
    public static let floatingIP = neutron("floating IP", path: "/floatingips", singular: "floatingip", plural: "floatingips", status: true)
    public static let securityGroup = neutron("security group", path: "/security-groups", singular: "security_group", plural: "security_groups")
    public static let securityGroupRule = neutron("security group rule", path: "/security-group-rules",
                                                  singular: "security_group_rule", plural: "security_group_rules")

    // MARK: Glance

    public static let image: ResourceKind = {
        var kind = ResourceKind("image", .image, path: "/images", singular: nil, plural: "images")
        kind.paging = .glance
        kind.status = .init(ready: ["active"], failed: ["killed", "deactivated"], timeout: 600)
        kind.updateStyle = .jsonPatch
        return kind
    }()
}
