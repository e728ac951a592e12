import Emulator
import JSONValue
import OpenStack
import Testing
import Transport

/// Calls that are not safe to repeat, whose answer left open whether the service acted: the
/// call looks, takes what an earlier attempt did as its answer, and sends again only when
/// nothing happened. The emulator's counters say how often each was sent and what exists; the
/// session's clock says when it looked (2 s after the answer, then 4 s later).
@Suite("calls settled after an answer that left them open", .exclusive)
struct SettledCallTests {
    /// Servers ACTIVE and volumes available from the next request on.
    static func configure(_ config: inout EmulatorConfig) {
        config.timings.buildSeconds = 0
    }

    /// A server and a volume ready to be attached, made through `session`.
    @LoopActor static func serverAndVolume(_ session: Session) async throws -> (server: JSON, volume: JSON) {
        let body = try await session.createBody(Kinds.server, ["name": "s", "image": "cirros", "flavor": "m1.tiny", "network": "public"])
        let server = try await session.create(Kinds.server, body)
        let volume = try await session.create(Kinds.volume, ["name": "v", "size": 1])
        return (server, volume)
    }

    @LoopActor static func attach(_ session: Session, _ server: JSON, _ volume: JSON) async throws -> JSON? {
        let attach = try #require(Catalogue.operation("attach_volume", on: Kinds.server))
        return try await session.perform(attach, OperationInput(subject: server, values: ["volume": .reference(volume, Kinds.volume)]))
    }

    static let attachRoute = "/compute/v2.1/servers/{server_id}/os-volume_attachments"
    static let interfaceRoute = "/network/v2.0/routers/{router_id}/add_router_interface"

    @Test("an attach whose answer is lost after Nova made it: sent once, the attachment is the answer")
    @LoopActor func attachAdopted() async throws {
        try await withEmulator(configure: Self.configure) { emulator in
            let clock = ManualClock()
            let session = Session(config: emulator.cloudConfig(), seams: SessionSeams(clock: clock))
            let (server, volume) = try await Self.serverAndVolume(session)
            _ = try await emulator.control("PUT", "faults", ["drops": [["method": "POST", "route": JSON(Self.attachRoute),
                                                                      "rate": 1.0, "when": "after", "times": 1]]])
            let attachment = try await Self.attach(session, server, volume)
            #expect(attachment?["volumeId"] == volume["id"])
            #expect(attachment?["serverId"] == server["id"])
            #expect(emulator.count("POST", Self.attachRoute) == 1)
            #expect(emulator.resources("volume_attachment") == 1)
            #expect(clock.sleeps == [2])
        }
    }

    @Test("an attach answered 500 before Nova acted: looked for twice, then sent again; one attachment")
    @LoopActor func attachAfterServerError() async throws {
        try await withEmulator(configure: Self.configure) { emulator in
            let clock = ManualClock()
            let attaches = Counter()
            let failing = InterceptingTransport { request, _ in
                guard request.method == "POST", request.url.hasSuffix("/os-volume_attachments") else { return nil }
                return attaches.next() == 1 ? Self.serverError : nil
            }
            let session = Session(config: emulator.cloudConfig(), seams: SessionSeams(clock: clock, transport: failing))
            let (server, volume) = try await Self.serverAndVolume(session)
            let attachment = try await Self.attach(session, server, volume)
            #expect(attachment?["volumeId"] == volume["id"])
            #expect(failing.intercepted == 1)
            #expect(emulator.count("POST", Self.attachRoute) == 1)
            #expect(emulator.resources("volume_attachment") == 1)
            #expect(clock.sleeps == [2, 4])
        }
    }

    @Test("a router interface whose answer is lost after Neutron made it: sent once, answered from its port")
    @LoopActor func interfaceAdopted() async throws {
        try await withEmulator(configure: Self.configure) { emulator in
            let session = Session(config: emulator.cloudConfig(), seams: SessionSeams(clock: ManualClock()))
            let (router, subnet) = try await Self.routerAndSubnet(session)
            let portsBefore = emulator.resources("port")
            _ = try await emulator.control("PUT", "faults", ["drops": [["route": JSON(Self.interfaceRoute), "rate": 1.0,
                                                                      "when": "after", "times": 1]]])
            let answer = try await Self.addInterface(session, router, subnet)
            #expect(answer?["subnet_id"] == subnet["id"])
            #expect(answer?["id"] == router["id"])
            let port = try await session.get(Kinds.port, try #require(answer?["port_id"]?.stringValue))
            #expect(port["device_id"] == router["id"])
            #expect(emulator.count("PUT", Self.interfaceRoute) == 1)
            #expect(emulator.resources("port") == portsBefore + 1)
        }
    }

    @Test("a router interface dropped before Neutron saw it: sent again, one interface")
    @LoopActor func interfaceResent() async throws {
        try await withEmulator(configure: Self.configure) { emulator in
            let session = Session(config: emulator.cloudConfig(), seams: SessionSeams(clock: ManualClock()))
            let (router, subnet) = try await Self.routerAndSubnet(session)
            let portsBefore = emulator.resources("port")
            _ = try await emulator.control("PUT", "faults", ["drops": [["route": JSON(Self.interfaceRoute), "rate": 1.0,
                                                                      "when": "before", "times": 1]]])
            let answer = try await Self.addInterface(session, router, subnet)
            #expect(answer?["subnet_id"] == subnet["id"])
            #expect(emulator.count("PUT", Self.interfaceRoute) == 2)
            #expect(emulator.resources("port") == portsBefore + 1)
        }
    }

    @Test("a create answered 500 before the service acted: looked for by its marker, then sent again; one network")
    @LoopActor func createAfterServerError() async throws {
        try await withEmulator { emulator in
            let clock = ManualClock()
            let creates = Counter()
            let failing = InterceptingTransport { request, _ in
                guard request.method == "POST", request.url.hasSuffix("/v2.0/networks") else { return nil }
                return creates.next() == 1 ? Self.serverError : nil
            }
            let session = Session(config: emulator.cloudConfig(), seams: SessionSeams(clock: clock, transport: failing))
            let before = emulator.resources("network")
            let network = try await session.create(Kinds.network, ["name": "after-500"])
            #expect(network["name"] == "after-500")
            #expect(failing.intercepted == 1)
            #expect(emulator.count("POST", "/network/v2.0/networks") == 1)
            #expect(emulator.resources("network") == before + 1)
            #expect(clock.sleeps == [2, 4])
        }
    }

    @Test("a create whose answers keep leaving it open is sent as often as any request may be, then fails")
    @LoopActor func sendLimitFollowsRetries() async throws {
        try await withEmulator { emulator in
            let gateway = HTTPResponse(status: 504, headers: ["Content-Type": "application/json"], body: Array(#"{"message": "late"}"#.utf8))
            let failing = InterceptingTransport { request, _ in
                request.method == "POST" && request.url.hasSuffix("/v2.0/networks") ? gateway : nil
            }
            let session = Session(config: emulator.cloudConfig(), seams: SessionSeams(clock: ManualClock(), transport: failing))
            for (retries, sends) in [(4, 5), (1, 2)] {
                session.retryPolicy.maxAttempts = retries + 1
                let before = failing.intercepted
                do {
                    _ = try await session.create(Kinds.network, ["name": "never"])
                    Issue.record("a create never answered succeeded")
                } catch let error as OpenStackError {
                    #expect(error.kind == .outcomeUnknown)
                    #expect(error.message.contains("sent \(sends) times in all"), "\(error.message)")
                }
                #expect(failing.intercepted - before == sends)
            }
        }
    }

    // MARK: helpers

    static let serverError = HTTPResponse(
        status: 500, headers: ["Content-Type": "application/json"],
        body: Array(#"{"computeFault": {"code": 500, "message": "Unexpected API Error."}}"#.utf8))

    @LoopActor static func routerAndSubnet(_ session: Session) async throws -> (router: JSON, subnet: JSON) {
        let network = try await session.create(Kinds.network, ["name": "inside"])
        let subnet = try await session.create(Kinds.subnet, ["network_id": network["id"] ?? .null, "cidr": "10.7.0.0/24", "ip_version": 4])
        let router = try await session.create(Kinds.router, ["name": "edge"])
        return (router, subnet)
    }

    @LoopActor static func addInterface(_ session: Session, _ router: JSON, _ subnet: JSON) async throws -> JSON? {
        let add = try #require(Catalogue.operation("add_interface", on: Kinds.router))
        return try await session.perform(add, OperationInput(subject: router, values: ["subnet": .reference(subnet, Kinds.subnet)]))
    }
}

extension OpenStackEmulator {
    /// How many `method route` requests the emulator saw (route: a template).
    func count(_ method: String, _ route: String) -> Int {
        let service = String(route.dropFirst().prefix { $0 != "/" })
        return stats()["requests"]?["by_route"]?[service]?["\(method) \(route)"]?.intValue ?? 0
    }

    /// How many resources of `kind` exist.
    func resources(_ kind: String) -> Int {
        stats()["resources"]?[kind]?.intValue ?? 0
    }
}
