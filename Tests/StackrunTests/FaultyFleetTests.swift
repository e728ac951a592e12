import Emulator
import Foundation
import Testing

/// The reliability proof: the fleet workflow (Tests/LuaScripts/workflows/fleet.lua: a network
/// stack, 50 servers, 50 volumes, each attached to its server, all at once) run by the stackrun
/// binary against an emulator that answers 20% of requests with 500, 502, 503, 504 or 429 and
/// drops the connection of 5% after it processed them. The run must succeed and the cloud must
/// hold exactly what the script asked for: not one duplicate, not one missing.
@Suite("a fleet built through failed and lost answers", .serialized)
struct FaultyFleetTests {
    static let workflow = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../LuaScripts/workflows/fleet.lua").standardized.path

    /// Room for the fleet, as an operator would raise the quotas, and servers and volumes ready
    /// in a fifth of a second so that the run is about the faults, not the waiting.
    static func emulator() async throws -> OpenStackEmulator {
        var config = EmulatorConfig()
        config.timings.buildSeconds = 0.2
        config.serviceSections["compute"] = ["quotas": ["instances": 100, "cores": 100, "ram": 102_400]]
        config.serviceSections["volume"] = ["quotas": ["volumes": 100, "gigabytes": 1000]]
        return try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
    }

    /// Every service, every route: 5% of connections closed after the request was processed
    /// (drops are drawn first), and 20% of the rest answered with a failure. 429 and 503 say
    /// `Retry-After: 0` (as Cinder's 413 does), so that the run spends its time on the faults
    /// that need a look rather than on waiting as told.
    static func faults(seed: UInt64) -> FaultPlan {
        var plan = FaultPlan()
        plan.seed = seed
        plan.drops = [.init(rate: 0.05, when: .after)]
        plan.errors = [.init(rate: 0.2, statuses: [500, 502, 503, 504, 429], retryAfter: 0)]
        return plan
    }

    @Test("50 servers and 50 volumes attached on a new network, through faults: the run succeeds, nothing is duplicated")
    func fleetThroughFaults() async throws {
        // Each run meets other faults; the seed is in every message (requests sent at once
        // draw in the order they arrive, so it names the plan, not one exact run).
        let seed = UInt64.random(in: 1...999_999)
        let emulator = try await Self.emulator()
        defer { Task { await emulator.stop() } }
        let before = cloudResources(emulator)
        emulator.setFaults(Self.faults(seed: seed))

        let started = ContinuousClock.now
        // A quarter of all answers fail (drops and errors): with 5 attempts (the default) one
        // request in about 1,300 fails for good (0.24^5), and a run makes about 450. More
        // retries, so that only a fault the client mishandles fails the run.
        let result = try await stackrunDetached(["run", "--retries", "10", "--timeout", "180", Self.workflow, "proof", "50"],
                                                environment: cloudEnvironment(emulator))
        let elapsed = ContinuousClock.now - started
        emulator.setFaults(FaultPlan())
        let context = "seed \(seed), \(elapsed): \(result.stderr.split(separator: "\n").suffix(30).joined(separator: "\n"))"
        #expect(result.status == 0, "\(context)")
        let built = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
        #expect((built["servers"] as? [String]).map { Set($0).count } == 50, "\(context)")
        #expect((built["volumes"] as? [String]).map { Set($0).count } == 50, "\(context)")
        #expect(built["attachments"] as? Int == 50, "\(context)")

        let control = try await ControlRecord.read(emulator)
        var added: [String: Int] = [:]
        for (kind, count) in control.resources { added[kind] = count - (before[kind] ?? 0) }
        // A new security group comes with Neutron's two egress rules, beside the script's one;
        // every server has a port, and so has the router's interface.
        let expected = ["server": 50, "volume": 50, "volume_attachment": 50, "network": 1, "subnet": 1, "router": 1,
                        "security_group": 1, "security_group_rule": 3, "port": 51]
        for (kind, count) in expected {
            #expect(added[kind] == count, "\(kind): \(added[kind] ?? 0) made, \(count) asked for; seed \(seed)")
        }

        // The faults hit the creates (the answer lost, or a failure answered), not only the reads.
        #expect(control.requestsTotal <= 2000, "the record of requests holds the whole run")
        let creates = control.requests.filter(\.isCreate)
        #expect(creates.contains { [500, 502, 503, 504, 429].contains($0.status ?? 0) }, "an injected error hit a create; seed \(seed)")
        #expect(creates.contains { $0.status == nil }, "a create's answer was lost; seed \(seed)")
    }
}

/// What the emulator's control API says after a run, read over HTTP by the stackrun binary:
/// the resources in the cloud (`GET /_emulator/stats`) and the requests it answered
/// (`GET /_emulator/requests`).
struct ControlRecord {
    struct Request {
        let method: String
        let path: String
        /// nil when the connection was dropped.
        let status: Int?

        /// A POST that makes a resource or an attachment (not an action, not a token).
        var isCreate: Bool {
            method == "POST" && !path.hasSuffix("/action") && !path.hasSuffix("/auth/tokens")
        }
    }

    var resources: [String: Int]
    var requestsTotal: Int
    var requests: [Request]

    static func read(_ emulator: OpenStackEmulator) async throws -> ControlRecord {
        let script = try temporaryScript("""
            local base = ...
            return {stats = http.request{url = base .. "/_emulator/stats"}.json,
                    requests = http.request{url = base .. "/_emulator/requests"}.json.requests}
            """)
        // The control API is on the emulator's own host, which a script reaches only when granted.
        let result = try await stackrunDetached(["run", "--allow-net=127.0.0.1", script, emulator.baseURL])
        let document = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
        let stats = document["stats"] as? [String: Any] ?? [:]
        var resources = (stats["resources"] as? [String: Int]) ?? [:]
        resources["token"] = nil
        let total = (stats["requests"] as? [String: Any])?["total"] as? Int ?? 0
        let requests = (document["requests"] as? [[String: Any]] ?? []).map {
            Request(method: $0["method"] as? String ?? "", path: $0["path"] as? String ?? "", status: $0["status"] as? Int)
        }
        return ControlRecord(resources: resources, requestsTotal: total, requests: requests)
    }
}
