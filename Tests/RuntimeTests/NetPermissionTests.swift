import JSONValue
import Runtime
import Testing
import Transport

/// `http.request` reaches only the hosts granted, judged on the host curl connects to, and the
/// refusal comes before any connection: the test server counts the connections it accepted.
@Suite(.exclusive) struct NetPermissionTests {
    @Test("a host not granted is refused before any connection is made; the granted one is called")
    @LoopActor func refusedBeforeConnecting() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let port = server.port
        func script(_ urls: [String]) -> String { """
            local results = {}
            for _, url in ipairs({\(urls.map(lua).joined(separator: ", "))}) do
              local ok, e = pcall(http.request, {url = url})
              results[#results + 1] = ok and e.status or e.kind .. " " .. (e.flag or "")
            end
            return results
            """ }
        // Another port of the same host, another name for it, and curl's own reading of
        // user-info and fragments: each names a host:port that is not the one granted.
        let urls = [server.url("/json"), "http://localhost:\(port)/json", "http://127.0.0.1:1@localhost:\(port)/json",
                    "http://localhost:\(port)#@127.0.0.1:1/json"]
        let refused = try await runLua(script(urls), permissions: Permissions(net: ["127.0.0.1:1"]))
        #expect(refused.value == ["permission_denied --allow-net=127.0.0.1", "permission_denied --allow-net=localhost",
                                  "permission_denied --allow-net=localhost", "permission_denied --allow-net=localhost"],
                "\(refused.problems)")
        // /stats counts the connection it is asked on: 1 is that one alone.
        #expect(try server.stats()["connections_opened"] == 1, "a refused request never connected")

        let granted = try await runLua(script([server.url("/json")]), permissions: Permissions(net: ["127.0.0.1:\(port)"]))
        #expect(granted.value == [200], "\(granted.problems)")
        #expect(try server.stats()["connections_opened"] == 3, "the first /stats, the granted request, this /stats")
    }

    @Test("the files http.request reads and writes need their own grants, checked before connecting")
    @LoopActor func filesAreCheckedToo() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let scratch = try TemporaryDirectory("net")
        defer { scratch.remove() }
        try scratch.write("body.bin", "payload")
        let report = try await runLua("""
            local url, dir = \(lua(server.url(""))), \(lua(scratch.path))
            local _, sent = pcall(http.request, {method = "PUT", url = url .. "/blob/x", file = dir .. "/body.bin"})
            local _, kept = pcall(http.request, {url = url .. "/json", output = dir .. "/out.json"})
            return {sent.capability, kept.capability}
            """, permissions: Permissions(net: ["127.0.0.1"]))
        #expect(report.value == ["read", "write"], "\(report.problems)")
        #expect(try server.stats()["connections_opened"] == 1, "no connection but the one /stats is asked on")
        #expect(scratch.list() == ["body.bin"], "no download was started")
    }

    @Test("--allow-all reaches any host")
    @LoopActor func allowAll() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let report = try await runLua("return http.request{url = \(lua(server.url("/json")))}.status", permissions: .allowAll)
        #expect(report.value == 200, "\(report.problems)")
    }
}
