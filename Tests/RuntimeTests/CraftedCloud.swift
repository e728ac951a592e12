import JSONValue
import Runtime
import Testing
import Transport

/// The fixture server's cloud of crafted answers (test_server.py, /cloud/): a Keystone that
/// signs anyone in and a compute service that answers each server id with the answer crafted
/// for it, so that a script's calls go through the clients' whole pipeline (token, discovery,
/// transport, retries, decoding, errors) and meet exactly the bytes a test chose.
struct CraftedCloud {
    let server: TestServer

    static func start() async throws -> CraftedCloud { CraftedCloud(server: try await TestServer.start()) }

    func stop() { server.stop() }

    /// A server id for answer `number`: UUID-shaped, as nova.get tries ids before names.
    static func id(_ number: Int) -> String {
        let digits = String(number)
        return "00000000-0000-4000-8000-" + String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }

    /// The URL a call for `id` goes to.
    func url(of id: String) -> String { server.url("/cloud/compute/v2.1/servers/\(id)") }

    /// Gives the answers to the server, by id.
    func craft(_ answers: [(id: String, answer: CraftedAnswer)]) throws {
        let document = "{" + answers.map { "\"\($0.id)\": \($0.answer.json)" }.joined(separator: ", ") + "}"
        let reply = try plainRequest(method: "PUT", port: server.port, path: "/crafted", body: Array(document.utf8))
        #expect(reply.contains("\"queued\": \(answers.count)"), "\(reply)")
    }

    /// Waits until the connections left open are at most the one the stats are asked on and
    /// one the process's shared transfer pool keeps for its next request (Transport's
    /// EventLoop outlives each run in the test process); false if more stay open.
    func connectionsClosed() async throws -> Bool {
        for _ in 0..<250 {
            if try (server.stats()["connections_open"] ?? .max) <= 2 { return true }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        return false
    }

    /// The cloud's settings, as a script's environment gives them (no clouds.yaml, no cache).
    var environment: @Sendable (String) -> String? {
        let values = ["OS_AUTH_URL": server.url("/cloud/identity/v3"), "OS_USERNAME": "admin", "OS_PASSWORD": "pw-crafted",
                      "OS_PROJECT_NAME": "admin", "OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_NAME": "Default",
                      "STACKRUN_NO_TOKEN_CACHE": "1", "OS_CLOUD": "", "OS_CLIENT_CONFIG_FILE": ""]
        return { values[$0] }
    }

    /// Lua that calls `call` (a function of an id) for each id and returns, per call, `{ok =
    /// true, value = ...}` or the error's fields and its text.
    static func script(ids: [String], call: String) -> String {
        """
        local call = \(call)
        local results = {}
        for i, id in ipairs({\(ids.map(lua).joined(separator: ", "))}) do
          local ok, e = pcall(call, id)
          if ok then
            results[i] = {ok = true, value = e}
          elseif type(e) ~= "table" then
            results[i] = {ok = false, text = tostring(e)}
          else
            results[i] = {ok = false, kind = e.kind, service = e.service, method = e.method, url = e.url,
                          status = e.status, message = e.message, text = tostring(e)}
          end
        end
        return results
        """
    }

    /// The calls the tests make: Nova's own get (the body must be a server) and the raw request.
    static let novaGet = "function(id) local s = nova.get(id, {retries = 0, timeout = 30}); return {id = tostring(s.id), name_size = type(s.name) == 'string' and #s.name or json.null, huge = s.huge == math.huge, big = s.big == 1e20, tiny = s.tiny == 0} end"
    static let rawRequest = "function(id) local r = openstack.request{service = 'compute', path = '/servers/' .. id, retries = 0, timeout = 30}; return {status = r.status, size = #r.body, json = r.json ~= nil} end"

    /// Runs the calls, one per id, in one script; the report's value is their results.
    @LoopActor
    func run(ids: [String], call: String) async throws -> [JSON] {
        let report = try await runLua(Self.script(ids: ids, call: call), timeout: 600, environment: environment)
        #expect(report.status == .success, "\(report.problems)")
        return report.value.arrayValue ?? []
    }
}
