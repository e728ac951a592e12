import JSONValue
import OpenStack
import Testing
import Transport

/// Declared operations performed against the emulator, and their declared effects: what a retry
/// after a lost answer will use to tell whether the operation already happened.
@Suite("operations and their effects", .exclusive)
struct OperationEffectTests {
    @LoopActor func operation(_ name: String, of kind: ResourceKind) throws -> Operation {
        try #require(Catalogue.operation(name, on: kind))
    }

    @Test("stopping a server: not in effect before, in effect after, and start is its inverse")
    @LoopActor func serverStop() async throws {
        try await withEmulator(configure: { $0.timings.buildSeconds = 0.05 }) { emulator in
            let session = Session(config: emulator.cloudConfig())
            let body = try await session.createBody(Kinds.server, ["name": "effect", "image": "cirros", "flavor": "m1.tiny", "network": "public"])
            let server = try await session.create(Kinds.server, body)
            let id = try #require(server["id"]?.stringValue)
            _ = try await session.wait(for: ["ACTIVE"], Kinds.server, id, WaitOptions(interval: 0.05))
            let stop = try operation("stop", of: Kinds.server)
            let prepared = try await session.prepare(stop, OperationInput(subject: JSON(id)))
            #expect(try await session.hasTakenEffect(prepared) == false)
            let stopped = try await session.perform(stop, OperationInput(subject: "effect"), wait: true, WaitOptions(interval: 0.05))
            #expect(stopped?["status"]?.stringValue == "SHUTOFF")
            #expect(try await session.hasTakenEffect(prepared) == true)
            #expect(stop.inverse?.operation == "start")
            #expect(try await session.hasTakenEffect(session.prepare(try operation("reboot", of: Kinds.server), OperationInput(subject: JSON(id)))) == nil)
        }
    }

    @Test("associating a floating IP: the port field holds the port after, and null after disassociating")
    @LoopActor func floatingIPAssociation() async throws {
        try await withEmulator { emulator in
            let session = Session(config: emulator.cloudConfig())
            let network = try await session.create(Kinds.network, ["name": "inner"])
            _ = try await session.create(Kinds.subnet, try await session.createBody(Kinds.subnet, [
                "name": "inner", "network": "inner", "cidr": "10.9.0.0/24", "ip_version": 4,
            ]))
            // The port's subnet must reach the external network: a router joins them.
            let router = try await session.create(Kinds.router, ["name": "edge"])
            let gateway = try operation("set_gateway", of: Kinds.router)
            let routed = OperationInput(subject: router, values: ["network": .reference("public", Kinds.network)])
            #expect(try await session.hasTakenEffect(session.prepare(gateway, routed)) == false)
            _ = try await session.perform(gateway, routed)
            #expect(try await session.hasTakenEffect(session.prepare(gateway, routed)) == true)
            _ = try await session.perform(try operation("add_interface", of: Kinds.router),
                                          OperationInput(subject: router, values: ["subnet": .reference("inner", Kinds.subnet)]))
            let port = try await session.create(Kinds.port, ["network_id": network["id"] ?? .null, "name": "p"])
            let floating = try await session.create(Kinds.floatingIP, try await session.createBody(Kinds.floatingIP, ["network": "public"]))
            let associate = try operation("associate", of: Kinds.floatingIP)
            let input = OperationInput(subject: floating, values: ["port": .reference("p", Kinds.port)])
            let prepared = try await session.prepare(associate, input)
            #expect(prepared.slots["port"] == port["id"])
            #expect(try await session.hasTakenEffect(prepared) == false)
            let associated = try await session.perform(associate, input)
            #expect(associated?["port_id"] == port["id"])
            #expect(try await session.hasTakenEffect(prepared) == true)
            let disassociate = try operation("disassociate", of: Kinds.floatingIP)
            let undo = try await session.prepare(disassociate, OperationInput(subject: floating))
            #expect(try await session.hasTakenEffect(undo) == false)
            _ = try await session.perform(disassociate, OperationInput(subject: floating))
            #expect(try await session.hasTakenEffect(undo) == true)
        }
    }
}

/// Each kind's bulk status query reads many resources in one call.
@Suite("bulk status queries", .exclusive)
struct BulkStatusTests {
    @Test("servers, networks and images: one list call answers for several ids, and a missing id is absent")
    @LoopActor func currentByIDs() async throws {
        try await withEmulator { emulator in
            let session = Session(config: emulator.cloudConfig())
            var servers: [String] = []
            for name in ["a", "b"] {
                let body = try await session.createBody(Kinds.server, ["name": JSON(name), "image": "cirros", "flavor": "m1.tiny", "network": "public"])
                servers.append(try #require(try await session.create(Kinds.server, body)["id"]?.stringValue))
            }
            let networks = [try #require(try await session.create(Kinds.network, ["name": "n1"])["id"]?.stringValue),
                            try #require(try await session.create(Kinds.network, ["name": "n2"])["id"]?.stringValue)]
            let image = try #require(try await session.create(Kinds.image, ["name": "i", "disk_format": "raw", "container_format": "bare"])["id"]?.stringValue)
            let missing = "00000000-0000-4000-8000-000000000000"
            let before = emulator.stats()["requests"]?["total"]?.intValue ?? 0
            let found = try await session.current(Kinds.server, ids: servers + [missing])
            #expect(Set(found.keys) == Set(servers))
            #expect(found[servers[0]]?["status"] != nil)
            #expect(Set(try await session.current(Kinds.network, ids: networks + [missing]).keys) == Set(networks))
            #expect(Set(try await session.current(Kinds.image, ids: [image, missing]).keys) == [image])
            #expect((emulator.stats()["requests"]?["total"]?.intValue ?? 0) - before == 3)
        }
    }
}

/// An operation that only reads is retried like a GET, though it is a POST; one that changes
/// something is sent once.
@Suite("operations that only read are safe to retry", .exclusive)
struct ReadingOperationTests {
    @Test("a 503 on the console-log POST is retried; on a stop it is reported as outcome_unknown")
    @LoopActor func consoleRetriedStopNot() async throws {
        try await withEmulator(configure: { $0.timings.buildSeconds = 0.05 }) { emulator in
            // The 1st, 3rd, 5th... server action sent is answered 503.
            let actions = Counter()
            let busy = InterceptingTransport { request, _ in
                guard request.method == "POST", request.url.hasSuffix("/action") else { return nil }
                guard actions.next() % 2 == 1 else { return nil }
                return HTTPResponse(status: 503, headers: ["Content-Type": "application/json"], body: Array(#"{"message": "busy"}"#.utf8))
            }
            let session = Session(config: emulator.cloudConfig(), seams: SessionSeams(transport: busy))
            let body = try await session.createBody(Kinds.server, ["name": "console", "image": "cirros", "flavor": "m1.tiny", "network": "public"])
            let id = try #require(try await session.create(Kinds.server, body)["id"]?.stringValue)
            _ = try await session.wait(for: ["ACTIVE"], Kinds.server, id, WaitOptions(interval: 0.05))
            let console = try #require(Catalogue.operation("console_log", on: Kinds.server))
            #expect(try await session.perform(console, OperationInput(subject: JSON(id)))?.stringValue != nil)
            #expect(actions.count == 2)
            let stop = try #require(Catalogue.operation("stop", on: Kinds.server))
            do {
                _ = try await session.perform(stop, OperationInput(subject: JSON(id)))
                Issue.record("a stop answered 503 was not reported")
            } catch let error as OpenStackError {
                #expect(error.kind == .outcomeUnknown)
            }
            #expect(actions.count == 3)
        }
    }
}

@LoopActor
final class Counter {
    private(set) var count = 0

    func next() -> Int {
        count += 1
        return count
    }
}
