@testable import Emulator
import Foundation
import Testing

/// The permissions through the stackrun binary against the emulator: secrets the script cannot
/// read while its calls sign in with them, refusals made before anything is sent, the exit
/// status of one nothing caught, and the flags as a user writes them.
@Suite("permissions of stackrun run")
struct PermissionTests {
    static let password = "pw-Lm3q-only-for-keystone"

    /// An emulator whose admin signs in with `password`, and the OS_* variables that say so.
    func start() async throws -> (OpenStackEmulator, [String: String]) {
        var config = EmulatorConfig()
        for index in config.identity.users.indices where config.identity.users[index].name == "admin" {
            config.identity.users[index].password = Self.password
        }
        let emulator = try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
        var environment = cloudEnvironment(emulator)
        environment["OS_PASSWORD"] = Self.password
        environment["OS_TOKEN_FOR_TESTS"] = "tok-Lm3q-not-for-lua"
        return (emulator, environment)
    }

    @Test("os.getenv(\"OS_PASSWORD\") is nil, with or without --allow-all, while the script's calls sign in with it",
          arguments: [[], ["--allow-all"]])
    func passwordIsNotReadable(grants: [String]) async throws {
        let (emulator, environment) = try await start()
        defer { Task { await emulator.stop() } }
        let script = try temporaryScript("""
            return {password = os.getenv("OS_PASSWORD") == nil, token = os.getenv("OS_TOKEN_FOR_TESTS") == nil,
                    auth_url = os.getenv("OS_AUTH_URL") ~= nil, flavors = #nova.flavors.list()}
            """)
        let result = try await stackrunDetached(["run"] + grants + [script], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(document["password"] as? Bool == true && document["token"] as? Bool == true)
        #expect(document["auth_url"] as? Bool == true)
        #expect((document["flavors"] as? Int ?? 0) > 0, "the calls signed in with OS_PASSWORD")
        #expect(emulator.stats()["tokens_issued"]?.intValue == 1)
        let printed = [Self.password, "tok-Lm3q-not-for-lua"].filter { (result.stdout + result.stderr).contains($0) }.count
        #expect(printed == 0, "a secret was printed")
    }

    @Test("glance.images.upload of a file outside the read grant creates nothing; uncaught, the run exits 77")
    func uploadOutsideTheGrant() async throws {
        let (emulator, environment) = try await start()
        defer { Task { await emulator.stop() } }
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("sr-outside-\(UUID().uuidString.prefix(8))")
        try Data(repeating: 1, count: 4096).write(to: outside)
        defer { try? FileManager.default.removeItem(at: outside) }
        let script = try temporaryScript("""
            glance.images.list()
            glance.images.upload{name = "refused", file = \(luaString(outside.path))}
            """)
        let result = try await stackrunDetached(["run", script], environment: environment)
        #expect(result.status == 77, "\(result.stderr)")
        #expect(result.stderr.contains("glance.images.upload: no read permission for \(outside.path): run with --allow-read=\(outside.path) to grant it"),
                "\(result.stderr)")
        #expect(requestCount(emulator, "image", "POST", "/image/v2/images") == 0, "no image was created")

        // Granted, the same upload goes through.
        let granted = try await stackrunDetached(["run", "--allow-read=\(outside.path)", script], environment: environment)
        #expect(granted.status == 0, "\(granted.stderr)")
        #expect(requestCount(emulator, "image", "POST", "/image/v2/images") == 1)
    }

    @Test("glance.images.download to a path not granted sends nothing")
    func downloadOutsideTheGrant() async throws {
        let (emulator, environment) = try await start()
        defer { Task { await emulator.stop() } }
        let target = "/tmp/sr-download-\(UUID().uuidString.prefix(8))"
        let script = try temporaryScript("""
            local image = glance.images.upload{name = "img", data = "bytes"}
            local ok, e = pcall(glance.images.download, image, \(luaString(target)))
            return {e.kind, e.capability}
            """)
        let result = try await stackrunDetached(["run", script], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "[\n  \"permission_denied\",\n  \"write\"\n]\n")
        #expect(requestCount(emulator, "image", "GET", "/image/v2/images/{image_id}/file") == 0)
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test("openstack.request sends the token only to its service's endpoint, and never hands one to Lua")
    func tokensStayInside() async throws {
        let (emulator, environment) = try await start()
        defer { Task { await emulator.stop() } }
        let foreign = try await OpenStackEmulator.start(EmulatorConfig(), host: "127.0.0.1", port: 0)
        defer { Task { await foreign.stop() } }
        let script = try temporaryScript("""
            local own = keystone.auth():endpoint("compute").url
            local ok, e = pcall(openstack.request, {service = "compute", path = \(luaString(foreign.baseURL + "/compute/v2.1/flavors"))})
            local same = openstack.request{service = "compute", path = own .. "/flavors"}
            local signed = openstack.request{service = "identity", method = "POST", path = "/auth/tokens", body = {auth = {
              identity = {methods = {"password"}, password = {user = {name = "admin", domain = {name = "Default"},
                                                                      password = \(luaString(Self.password))}}}}}}
            local headers = {}
            for name in pairs(signed.headers) do headers[#headers + 1] = name end
            return {foreign = e.kind, same = same.status, signed = signed.status,
                    subject_token = signed.headers["x-subject-token"] == nil, headers = #headers > 0}
            """)
        let result = try await stackrunDetached(["run", script], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(document["foreign"] as? String == "permission_denied")
        #expect(foreign.recentRequests().isEmpty, "the other host got no request, so no token")
        #expect(document["same"] as? Int == 200, "a whole URL on the service's own endpoint is fine")
        #expect(document["signed"] as? Int == 201, "a script that passes a password itself still signs in")
        #expect(document["subject_token"] as? Bool == true && document["headers"] as? Bool == true)
    }

    @Test("--allow-all grants files, variables, hosts and programs; flags take comma lists and repeat")
    func allowAllAndLists() async throws {
        let directory = URL(fileURLWithPath: "/tmp/sr-grants-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["a", "b", "c"] { try Data(name.utf8).write(to: directory.appendingPathComponent(name)) }
        let files = ["a", "b", "c"].map { directory.appendingPathComponent($0).path }
        let script = try temporaryScript("""
            return {fs.read(\(luaString(files[0]))) .. fs.read(\(luaString(files[1]))) .. fs.read(\(luaString(files[2]))),
                    os.getenv("HOME") ~= nil, exec{"true"}.ok}
            """)
        let environment = ["HOME": "/home/someone"]
        let all = try await stackrunDetached(["run", "--allow-all", script], environment: environment)
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout == "[\n  \"abc\",\n  true,\n  true\n]\n")
        let listed = try await stackrunDetached(["run", "--allow-read=\(files[0]),\(files[1])", "--allow-read=\(files[2])",
                                                 "--allow-env=HOME", "--allow-exec=true", script], environment: environment)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout == all.stdout)
        let missing = try await stackrunDetached(["run", "--allow-read=\(files[0]),\(files[1])", "--allow-env=HOME", "--allow-exec=true", script],
                                                 environment: environment)
        #expect(missing.status == 77)
        #expect(missing.stderr.contains("--allow-read=\(files[2])"), "\(missing.stderr)")
    }

    @Test("a grant of a secret variable or of something that is not a host is a usage error", arguments: [
        ["--allow-env=OS_PASSWORD"], ["--allow-env=OS_APPLICATION_CREDENTIAL_SECRET"], ["--allow-net=example.com:https"], ["--allow-read=", "--allow-write=/tmp"],
    ])
    func badGrants(grants: [String]) async throws {
        let script = try temporaryScript("return 1")
        let result = try await stackrunDetached(["run"] + grants + [script])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(grants[0].split(separator: "=").first.map(String.init) ?? ""), "\(result.stderr)")
    }
}

/// A Lua string literal for `text` (paths and URLs: no quotes or backslashes to escape beyond these).
private func luaString(_ text: String) -> String {
    "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
}
