import Emulator
import Foundation
import Testing

/// What a user reads when a call goes wrong: argument errors as error tables before anything is
/// sent, the service's whole message, discovery retried like any GET, `timeout` bounding a call,
/// and the closest names for a function a module does not have.
@Suite("call errors", .serialized)
struct CallErrorTests {
    /// The script reaches the emulator's control API (its first argument) with http.request,
    /// which needs the net grant; the cloud's own endpoints need none.
    func run(_ source: String, _ emulator: OpenStackEmulator, grants: [String] = []) async throws -> Invocation {
        let script = try temporaryScript(source)
        return try await stackrunDetached(["run", "--allow-net=127.0.0.1"] + grants + [script, emulator.baseURL],
                                          environment: cloudEnvironment(emulator))
    }

    func start() async throws -> OpenStackEmulator {
        try await OpenStackEmulator.start(EmulatorConfig(), host: "127.0.0.1", port: 0)
    }

    @Test("an empty or malformed reference is an invalid_argument error table, and nothing is sent")
    func emptyReference() async throws {
        let emulator = try await start()
        defer { Task { await emulator.stop() } }
        let result = try await run("""
            local kinds = {}
            for _, call in ipairs({function() return nova.get("") end, function() return nova.get({}) end,
                                   function() return nova.get(true) end, function() return sleep("soon") end,
                                   function() return neutron.networks.create("web") end,
                                   function() return nova.ensure{name = ""} end,
                                   function() return parallel.map(5, print) end}) do
              local ok, e = pcall(call)
              kinds[#kinds + 1] = type(e) == "table" and e.kind or ("string: " .. tostring(e))
            end
            return kinds
            """, emulator)
        #expect(result.status == 0, "\(result.stderr)")
        let kinds = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String]
        #expect(kinds == Array(repeating: "invalid_argument", count: 7), "\(result.stdout)")
        #expect(emulator.stats()["requests"]?["by_service"]?["compute"] == nil, "no request reached Nova")
    }

    @Test("a service message with '<' in it arrives whole")
    func messageWithLessThan() async throws {
        let emulator = try await start()
        defer { Task { await emulator.stop() } }
        let result = try await run("""
            local group = neutron.security_groups.create{name = "ports"}
            local ok, e = pcall(neutron.security_group_rules.create, {security_group = group.id, direction = "ingress",
              protocol = "tcp", port_range_min = 100, port_range_max = 10, ethertype = "IPv4"})
            return e.message
            """, emulator)
        #expect(result.stdout == "\"For TCP/UDP protocols, port_range_min must be <= port_range_max\"\n", "\(result.stderr)")
    }

    @Test("version discovery is retried on 503 like any GET")
    func discoveryRetried() async throws {
        let emulator = try await start()
        defer { Task { await emulator.stop() } }
        let result = try await run("""
            local control = ...
            http.request{method = "PUT", url = control .. "/_emulator/faults", json = {errors = {
              {method = "GET", route = "/compute/v2.1", rate = 1.0, statuses = {503}, retry_after = 0}}}}
            local ok, e = pcall(nova.flavors.list)
            return {status = e.status, request_id = e.request_id ~= nil}
            """, emulator)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(requestCount(emulator, "compute", "GET", "/compute/v2.1") == 5, "five attempts")
        #expect(result.stdout == "{\n  \"request_id\": true,\n  \"status\": 503\n}\n")
    }

    @Test("a call's timeout bounds the call, whatever its retries")
    func callTimeout() async throws {
        let emulator = try await start()
        defer { Task { await emulator.stop() } }
        let result = try await run("""
            local control = ...
            nova.flavors.list()
            http.request{method = "PUT", url = control .. "/_emulator/faults",
                         json = {latency = {{route = "/compute/v2.1/flavors/detail", ms = 20000}}}}
            local started = os.time()
            local ok, e = pcall(nova.flavors.list, {timeout = 1})
            return {ok = ok, kind = e.kind, quick = os.time() - started <= 4}
            """, emulator)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "{\n  \"kind\": \"timeout\",\n  \"ok\": false,\n  \"quick\": true\n}\n")
    }

    @Test("a function a module does not have is named, with the closest ones")
    func didYouMean() async throws {
        let emulator = try await start()
        defer { Task { await emulator.stop() } }
        let result = try await run("""
            local ok, e = pcall(function() return nova.creat{name = "x"} end)
            local ok2, e2 = pcall(function() return neutron.network.list() end)
            local ok3, e3 = pcall(function() return nova.flavors.wait("m1.tiny") end)
            local ok4, e4 = pcall(function() return nova.keypairs.update("k", {}) end)
            local ok5, e5 = pcall(function() return nova.reboot("no-such-server", {typ = "HARD"}) end)
            return {tostring(e), tostring(e2), tostring(e3), tostring(e4), tostring(e5)}
            """, emulator)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("nova has no 'creat'; did you mean 'create'?"), "\(result.stdout)")
        #expect(result.stdout.contains("neutron has no 'network'; did you mean 'networks'?"), "\(result.stdout)")
        #expect(result.stdout.contains("nova.flavors has no 'wait' (flavors have no status to wait for"), "\(result.stdout)")
        // A call the service does not offer is absent, and says so.
        #expect(result.stdout.contains("nova.keypairs has no 'update' (nova has no update call for keypairs)"), "\(result.stdout)")
        // An option an operation does not take is refused before anything is sent.
        #expect(result.stdout.contains("bad argument #2 to 'nova.reboot' (unknown option 'typ')"), "\(result.stdout)")
    }

    @Test("an upload that runs out of its timeout deletes the image it made")
    func uploadTimeoutCleansUp() async throws {
        let emulator = try await start()
        defer { Task { await emulator.stop() } }
        let result = try await run("""
            local control = ...
            http.request{method = "PUT", url = control .. "/_emulator/faults",
                         json = {latency = {{method = "PUT", route = "/image/v2/images/{image_id}/file", ms = 5000}}}}
            local ok, e = pcall(glance.images.upload, {name = "slow", data = "bytes", timeout = 1})
            http.request{method = "DELETE", url = control .. "/_emulator/faults"}
            return {kind = e.kind, left = #glance.images.list{name = "slow"}}
            """, emulator)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "{\n  \"kind\": \"timeout\",\n  \"left\": 0\n}\n")
    }

    @Test("an upload of a missing file creates no image; a failed upload deletes the image it made")
    func uploadLeavesNothingBehind() async throws {
        let emulator = try await start()
        defer { Task { await emulator.stop() } }
        let before = cloudResources(emulator)["image"]
        let result = try await run("""
            local control = ...
            local ok, e = pcall(glance.images.upload, {name = "missing", file = "/nonexistent/image.raw"})
            http.request{method = "PUT", url = control .. "/_emulator/faults", json = {errors = {
              {method = "PUT", route = "/image/v2/images/{image_id}/file", rate = 1.0, statuses = {500}}}}}
            local ok2, e2 = pcall(glance.images.upload, {name = "broken", data = "bytes"})
            return {missing = e.kind, broken = e2.status, left = #glance.images.list{name = "broken"}}
            """, emulator, grants: ["--allow-read=/nonexistent"]) // a file missing where reading is granted
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "{\n  \"broken\": 500,\n  \"left\": 0,\n  \"missing\": \"invalid_argument\"\n}\n")
        #expect(cloudResources(emulator)["image"] == before)
        #expect(requestCount(emulator, "image", "POST", "/image/v2/images") == 1, "only the second upload created an image")
    }
}
