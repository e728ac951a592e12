/// Nova: servers, flavors, key pairs, volume attachments, and the server operations.
public enum Kinds {
    public static let server: ResourceKind = {
        var kind = ResourceKind("server", .compute, path: "/servers", singular: "server", plural: "servers")
        kind.listPath = "/servers/detail"
        kind.paging = .links
        kind.nameMatch = .regex
        kind.status = .init(ready: ["ACTIVE"], failed: ["ERROR"], timeout: 600,
                            settled: ["SHUTOFF", "PAUSED", "SUSPENDED", "SHELVED", "SHELVED_OFFLOADED", "RESCUE", "VERIFY_RESIZE"])
        kind.references = [Reference("image", "imageRef", image), Reference("flavor", "flavorRef", flavor)]
        kind.createHook = .serverBody
        kind.tagStyle = .tagCollection
        // Metadata, not a tag: Nova takes `metadata` on create at every microversion, tags only from 2.52.
        kind.marker = .metadata
        kind.bulkStatus = .detailedList
        return kind
    }()

    public static let flavor: ResourceKind = {
        var kind = ResourceKind("flavor", .compute, path: "/flavors", singular: "flavor", plural: "flavors")
        kind.listPath = "/flavors/detail"
        kind.paging = .links
        kind.nameMatch = .clientSide
        kind.idShape = .any
        kind.lookup = .wholeList
        return kind
    }()

    public static let keypair: ResourceKind = {
        var kind = ResourceKind("keypair", .compute, path: "/os-keypairs", singular: "keypair", plural: "keypairs")
        kind.listItemKey = "keypair"
        kind.idField = "name"
        kind.paging = .links
        kind.nameMatch = .clientSide
        kind.idShape = .any
        kind.lookup = .idIsName
        // No marker: the name is unique, and settles a lost answer (Session+CreateNamed).
        // Nova has no call that changes a key pair.
        kind.verbs = [.create, .get, .find, .list, .delete, .ensure, .absent]
        // From 2.92 Nova no longer generates key pairs; creating one without a public key needs 2.91.
        kind.maximumMicroversion = Microversion("2.91")
        return kind
    }()

    /// A volume attached to a server; reached through the server's attach and detach operations.
    public static let volumeAttachment: ResourceKind = {
        var kind = ResourceKind("volume attachment", .compute, path: "/servers/{parent}/os-volume_attachments",
                                singular: "volumeAttachment", plural: "volumeAttachments")
        kind.idField = "volumeId"
        kind.verbs = [.create, .get, .list, .delete]
        return kind
    }()
}

public enum Operations {
    /// The operations of `nova` (on servers).
    public static let server: [Operation] = [
        serverAction("stop", "os-stop", leadsTo: "SHUTOFF", inverse: "start"),
        serverAction("start", "os-start", leadsTo: "ACTIVE", inverse: "stop"),
        {
            var reboot = Operation("reboot", on: Kinds.server, .action("reboot", ["type": .slot("type")]))
            reboot.options = [.init("type", .word(fallback: "SOFT"))]
            reboot.wait = .subject("ACTIVE")
            return reboot
        }(),
        {
            var resize = Operation("resize", on: Kinds.server, .action("resize", ["flavorRef": .slot("flavor")]))
            resize.arguments = [.init("flavor", .reference(Kinds.flavor), description: "flavor")]
            resize.wait = .subject("VERIFY_RESIZE")
            resize.effect = .status(["VERIFY_RESIZE"])
            resize.inverse = .init("revert_resize")
            return resize
        }(),
        serverAction("confirm_resize", "confirmResize", leadsTo: "ACTIVE", inverse: nil),
        serverAction("revert_resize", "revertResize", leadsTo: "ACTIVE", inverse: nil),
        {
            var attach = Operation("attach_volume", on: Kinds.server,
                                   .init("POST", "/os-volume_attachments",
                                         body: ["volumeAttachment": ["volumeId": .slot("volume"), "device": .slot("device")]]),
                                   result: .answer("volumeAttachment"))
            attach.arguments = [.init("volume", .reference(Kinds.volume), description: "volume")]
            attach.options = [.init("device", .string)]
            attach.wait = .argument("volume", "in-use")
            attach.effect = .exists(path: "/os-volume_attachments/{volume}", true)
            attach.inverse = .init("detach_volume", keeping: ["volume"])
            attach.link = .makes
            return attach
        }(),
        {
            var detach = Operation("detach_volume", on: Kinds.server, .init("DELETE", "/os-volume_attachments/{volume}"),
                                   result: .waited)
            detach.arguments = [.init("volume", .reference(Kinds.volume), description: "volume")]
            detach.wait = .argument("volume", "available")
            detach.effect = .exists(path: "/os-volume_attachments/{volume}", false)
            detach.inverse = .init("attach_volume", keeping: ["volume"])
            detach.link = .breaks("attach_volume")
            return detach
        }(),
        {
            var console = Operation("console_log", on: Kinds.server, .action("os-getConsoleOutput", ["length": .slot("lines")]),
                                    result: .text("output"))
            // Nova takes -1 for the whole log, as it takes no length at all.
            console.arguments = [.init("lines", .integer(minimum: -1), optional: true, description: "number of lines")]
            console.mutates = false
            return console
        }(),
        {
            var metadata = Operation("set_metadata", on: Kinds.server, .init("POST", "/metadata", body: ["metadata": .slot("metadata")]),
                                     result: .answer("metadata"))
            metadata.request.methodWhenFlagSet = ("replace", "PUT")
            metadata.arguments = [.init("metadata", .table, description: "table of metadata keys and values")]
            metadata.options = [.init("replace", .flag)]
            return metadata
        }(),
    ]

    /// A server action without arguments that leads to one state.
    private static func serverAction(_ name: String, _ wire: String, leadsTo state: String, inverse: String?) -> Operation {
        var operation = Operation(name, on: Kinds.server, .action(wire))
        operation.wait = .subject(state)
        operation.inverse = inverse.map { .init($0) }
        if inverse != nil { operation.effect = .status([state]) }
        return operation
    }
}
