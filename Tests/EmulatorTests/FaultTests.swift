import Emulator
import Foundation
import Testing

struct FaultTests {
    static func putPlan(_ cloud: TestCloud, _ plan: String) async throws -> WireResponse {
        try await cloud.client.send("PUT", "/_emulator/faults", headers: [("Content-Type", "application/json")], body: Array(plan.utf8))
    }

    @Test func rateOneInjectsTheErrorEveryTimeInTheServicesFormat() async throws {
        try await TestCloud.run { cloud in
            let installed = try await Self.putPlan(cloud, #"{"errors": [{"service": "compute", "route": "/compute/v2.1", "rate": 1, "status": 503, "retry_after": 7}]}"#)
            #expect(installed.status == 200)
            for _ in 0..<5 {
                let response = try await cloud.client.get("/compute/v2.1")
                #expect(response.status == 503)
                #expect(response.header("Retry-After") == "7")
                #expect(try response.json["serviceUnavailable"]?["code"] == 503)
                #expect(response.header("x-compute-request-id") != nil)
            }
            #expect(try await cloud.client.get("/compute").status == 200)
            #expect(try await cloud.stats()["faults"]?["errors"] == 5)
        }
    }

    @Test func injectedErrorsInEachServicesFormat() async throws {
        try await TestCloud.run { cloud in
            _ = try await Self.putPlan(cloud, #"{"errors": [{"rate": 1, "statuses": [429]}]}"#)
            let keystone = try await cloud.client.get("/identity/v3")
            #expect(keystone.status == 429)
            #expect(try keystone.json["error"]?["code"] == 429)
            let neutron = try await cloud.client.get("/network")
            #expect(try neutron.json["NeutronError"]?["type"] == "HTTPTooManyRequests")
            let glance = try await cloud.client.get("/image", headers: [("Accept", "application/json")])
            #expect(try glance.json["code"] == "429 Too Many Requests")
            let nova = try await cloud.client.get("/compute")
            #expect(try nova.json["overLimit"]?["code"] == 429)
            #expect(nova.header("Retry-After") == "1")
        }
    }

    @Test func seededDrawsRepeat() async throws {
        func outcomes(seed: Int) async throws -> [Int] {
            try await TestCloud.run { cloud in
                _ = try await Self.putPlan(cloud, #"{"seed": \#(seed), "errors": [{"route": "/compute", "rate": 0.5, "statuses": [500, 502]}]}"#)
                var statuses: [Int] = []
                for _ in 0..<24 { statuses.append(try await cloud.client.get("/compute").status) }
                return statuses
            }
        }
        let first = try await outcomes(seed: 42)
        #expect(try await outcomes(seed: 42) == first)
        #expect(Set(first) == [200, 500, 502])
        #expect(try await outcomes(seed: 7) != first)
    }

    @Test func dropBeforeProcessingLeavesNoTrace() async throws {
        try await TestCloud.run { cloud in
            _ = try await Self.putPlan(cloud, #"{"drops": [{"route": "/identity/v3/auth/tokens", "method": "POST", "rate": 1, "when": "before"}]}"#)
            let response = try await cloud.client.exchange(
                "POST", "/identity/v3/auth/tokens", headers: [("Content-Type", "application/json")],
                body: Array(TestCloud.passwordAuth(user: "admin", password: "admin", project: "admin").serialized().utf8))
            #expect(response == nil)
            let stats = try await cloud.stats()
            #expect(stats["tokens_issued"] == 0)
            #expect(stats["faults"]?["dropped_before"] == 1)
            #expect(try await cloud.client.get("/identity").status == 300)
        }
    }

    @Test func dropAfterProcessingLeavesTheEffect() async throws {
        try await TestCloud.run { cloud in
            let admin = try await cloud.token()
            _ = try await Self.putPlan(cloud, #"{"drops": [{"service": "identity", "method": "POST", "rate": 1, "when": "after"}]}"#)
            let response = try await cloud.client.exchange(
                "POST", "/identity/v3/projects", headers: [("X-Auth-Token", admin), ("Content-Type", "application/json")],
                body: Array(#"{"project": {"name": "ambiguous"}}"#.utf8))
            #expect(response == nil)
            let listed = try await cloud.client.get("/identity/v3/projects?name=ambiguous", headers: [("X-Auth-Token", admin)])
            #expect(try listed.json["projects"]?.arrayValue?.count == 1)
            #expect(try await cloud.stats()["faults"]?["dropped_after"] == 1)
        }
    }

    /// For LostCreateTests: a create whose resource appears only after its answer was lost.
    @Test func dropAfterWithADelayProcessesTheRequestLater() async throws {
        try await TestCloud.run { cloud in
            let admin = try await cloud.token()
            // 3 s: long enough that the look below comes first on a loaded machine too.
            _ = try await Self.putPlan(cloud, #"{"drops": [{"service": "identity", "method": "POST", "rate": 1, "when": "after", "processed_after_ms": 3000}]}"#)
            let response = try await cloud.client.exchange(
                "POST", "/identity/v3/projects", headers: [("X-Auth-Token", admin), ("Content-Type", "application/json")],
                body: Array(#"{"project": {"name": "later"}}"#.utf8))
            #expect(response == nil)
            let path = "/identity/v3/projects?name=later"
            #expect(try await cloud.client.get(path, headers: [("X-Auth-Token", admin)]).json["projects"]?.arrayValue?.count == 0)
            var appeared = false
            for _ in 0..<100 where !appeared {
                try await Task.sleep(for: .seconds(0.1))
                appeared = try await cloud.client.get(path, headers: [("X-Auth-Token", admin)]).json["projects"]?.arrayValue?.count == 1
            }
            #expect(appeared, "the project appears once the delay has passed")
            #expect(try await cloud.stats()["faults"]?["dropped_after"] == 1)
        }
    }

    @Test func dropWithTimesIsSpentAfterThatMany() async throws {
        try await TestCloud.run { cloud in
            _ = try await Self.putPlan(cloud, #"{"drops": [{"route": "/identity", "rate": 1, "when": "before", "times": 1}]}"#)
            #expect(try await cloud.client.exchange("GET", "/identity") == nil)
            #expect(try await cloud.client.get("/identity").status == 300)
            #expect(try await cloud.stats()["faults"]?["dropped_before"] == 1)
            #expect(try await cloud.client.get("/_emulator/faults").json["drops"]?.arrayValue?.first?["times"] == 0)
        }
    }

    @Test func latencyDelaysMatchingRequests() async throws {
        try await TestCloud.run { cloud in
            _ = try await Self.putPlan(cloud, #"{"latency": [{"service": "image", "ms": 300}]}"#)
            let clock = ContinuousClock()
            let slow = try await clock.measure { _ = try await cloud.client.get("/image/versions") }
            let fast = try await clock.measure { _ = try await cloud.client.get("/network") }
            #expect(slow >= .milliseconds(300))
            // Only the image request was delayed; the stats say so whatever the machine's load
            // did to the wall time of the other one.
            #expect(try await cloud.stats()["faults"]?["delayed"] == 1)
            _ = fast
            _ = try await Self.putPlan(cloud, #"{"latency": [{"min_ms": 50, "max_ms": 80}]}"#)
            let ranged = try await clock.measure { _ = try await cloud.client.get("/network") }
            #expect(ranged >= .milliseconds(50))
        }
    }

    @Test func earlyTokenExpiryCutsTokensShort() async throws {
        let clock = ManualClock()
        var config = EmulatorConfig()
        config.clock = clock
        try await TestCloud.run(config) { cloud in
            _ = try await Self.putPlan(cloud, #"{"early_token_expiry": {"rate": 1, "after_seconds": 5}}"#)
            let token = try await cloud.token()
            #expect(try await cloud.client.get("/network/v2.0", headers: [("X-Auth-Token", token)]).status == 200)
            clock.advance(by: 6)
            #expect(try await cloud.client.get("/network/v2.0", headers: [("X-Auth-Token", token)]).status == 401)
        }
    }

    @Test func resourceErrorsAreDrawnPerKindThroughTheCloudState() async throws {
        var config = EmulatorConfig()
        config.faults.resourceErrors = [.init(kind: "server", rate: 1), .init(kind: "volume", rate: 0)]
        try await TestCloud.run(config) { cloud in
            let draws = try cloud.emulator.cloud.withState { state in
                ["server", "volume", "image"].map { state.faults.resourceShouldFail(kind: $0) }
            }
            #expect(draws == [true, false, false])
        }
    }

    @Test(arguments: [
        #"{"errors": [{"rate": 2}]}"#,
        #"{"errors": [{"rate": 0.5, "status": 404}]}"#,
        #"{"drops": [{"rate": 0.5, "when": "sometimes"}]}"#,
        #"{"drops": [{"rate": 0.5, "times": 0}]}"#,
        #"{"drops": [{"rate": 0.5, "when": "before", "processed_after_ms": 100}]}"#,
        #"{"latency": [{"ms": 5, "min_ms": 1}]}"#,
        #"{"latency": [{"service": "compute"}]}"#,
        #"{"bogus": []}"#,
        #"{"errors": [{"rate": 0.5, "serivce": "compute"}]}"#,
        "not json",
    ])
    func invalidPlansAreRejected(_ plan: String) async throws {
        try await TestCloud.run { cloud in
            let response = try await Self.putPlan(cloud, plan)
            #expect(response.status == 400)
            #expect(try response.json["error"]?["message"]?.stringValue?.isEmpty == false)
        }
    }

    @Test func planRoundTripsAndCanBeCleared() async throws {
        try await TestCloud.run { cloud in
            let plan = #"{"seed": 3, "latency": [{"service": "compute", "min_ms": 1.0, "max_ms": 2.0}], "errors": [{"method": "GET", "rate": 0.25, "statuses": [500, 504], "retry_after": 1}], "drops": [{"route": "/image*", "rate": 0.1, "when": "either"}], "early_token_expiry": {"rate": 0.5, "after_seconds": 3.0}, "resource_errors": [{"kind": "server", "rate": 0.2}]}"#
            let put = try await Self.putPlan(cloud, plan)
            let read = try await cloud.client.get("/_emulator/faults")
            #expect(try read.json == EmulatorJSON.parse(plan))
            #expect(try put.json == read.json)
            #expect(try await cloud.client.send("DELETE", "/_emulator/faults").status == 204)
            #expect(try await cloud.client.get("/_emulator/faults").json["errors"] == [])
        }
    }
}
