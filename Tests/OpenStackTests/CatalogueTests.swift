import JSONValue
import OpenStack
import Testing

/// The catalogue is consistent as data: every slot an operation's wire form, wait or effect uses
/// is one its arguments or options fill, and every inverse names an operation that exists.
@Suite("the catalogue's declarations")
struct CatalogueTests {
    static let operations = Catalogue.modules.flatMap(\.operations)

    @Test("every operation's slots are filled by its arguments or options", arguments: operations.map(\.name))
    func slotsAreFilled(_ name: String) throws {
        let operation = try #require(Self.operations.first { $0.name == name })
        var filled = Set(operation.options.map(\.key))
        for argument in operation.arguments {
            if case .oneOf(let choices) = argument.form { filled.formUnion(choices.map(\.slot)) } else { filled.insert(argument.slot) }
        }
        var used = Self.slots(in: operation.request.body)
        used.formUnion(Self.pathSlots(operation.request.path))
        if let slot = operation.wait?.slot { used.insert(slot) }
        if case .field(_, let slot?) = operation.effect { used.insert(slot) }
        if case .exists(let path, _) = operation.effect { used.formUnion(Self.pathSlots(path)) }
        if let flag = operation.request.methodWhenFlagSet?.flag { used.insert(flag) }
        #expect(used.subtracting(filled) == [], "\(name) uses slots nothing fills")
    }

    @Test("every inverse is an operation of the same kind, keeping slots the inverse takes")
    func inversesExist() {
        for module in Catalogue.modules {
            for operation in module.operations {
                guard let inverse = operation.inverse else { continue }
                let undo = Catalogue.operation(inverse.operation, on: module.kind)
                #expect(undo != nil, "\(operation.name)'s inverse \(inverse.operation) is not declared")
                let takes = Set((undo?.arguments ?? []).flatMap { argument -> [String] in
                    if case .oneOf(let choices) = argument.form { return choices.map(\.slot) }
                    return [argument.slot]
                })
                #expect(Set(inverse.keeping).isSubset(of: takes), "\(operation.name) keeps slots \(inverse.operation) does not take")
            }
        }
    }

    @Test("module paths are unique and only kinds with a status offer wait")
    func modulesAreConsistent() {
        let paths = Catalogue.modules.map(\.path)
        #expect(Set(paths).count == paths.count)
        #expect(Catalogue.roots == ["nova", "cinder", "neutron", "glance"])
        for module in Catalogue.modules where module.kind.status == nil { #expect(!module.kind.supports(.wait), "\(module.path)") }
        #expect(!Kinds.keypair.supports(.update))
        #expect(Kinds.server.supports(.wait))
    }

    @Test("ids where ids are UUIDs: with or without dashes, any case; names are not")
    func uuidShape() {
        #expect(IDShape.uuid.admits("3f2a6c1e-0b7d-4c2e-9a51-7d0c2b3e4f5a"))
        #expect(IDShape.uuid.admits("3F2A6C1E0B7D4C2E9A517D0C2B3E4F5A"))
        #expect(!IDShape.uuid.admits("cirros"))
        #expect(!IDShape.uuid.admits("3f2a6c1e-0b7d-4c2e-9a51-7d0c2b3e4f5"))
        #expect(!IDShape.uuid.admits("3f2a6c1e0b7d-4c2e-9a51-7d0c2b3e-4f5a"))
        #expect(!IDShape.uuid.admits("web-3f2a6c1e-0b7d-4c2e-9a51-7d0c2b3e"))
        #expect(IDShape.any.admits("m1.tiny"))
    }

    @Test("a template leaves out members whose slot has no value")
    func templateOmitsEmptySlots() throws {
        let gateway: BodyTemplate = ["router": ["external_gateway_info": ["network_id": .slot("network")]]]
        #expect(try gateway.filled([:])?.encodedString() == #"{"router":{"external_gateway_info":{}}}"#)
        #expect(try gateway.filled(["network": "n1"])?.encodedString() == #"{"router":{"external_gateway_info":{"network_id":"n1"}}}"#)
        let stop: BodyTemplate = ["os-stop": nil]
        #expect(try stop.filled([:])?.encodedString() == #"{"os-stop":null}"#)
    }

    static func slots(in template: BodyTemplate?) -> Set<String> {
        switch template {
        case nil, .value?: return []
        case .slot(let name)?: return [name]
        case .object(let members)?: return members.reduce(into: Set<String>()) { $0.formUnion(slots(in: $1.value)) }
        }
    }

    static func pathSlots(_ path: String) -> Set<String> {
        Set(path.split(separator: "{").dropFirst().compactMap { $0.split(separator: "}").first.map(String.init) })
    }
}
