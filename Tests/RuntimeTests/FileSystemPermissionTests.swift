import Glibc
import JSONValue
import Runtime
import Testing
import Transport

/// `fs.read`, `fs.write`, `fs.exists` and `fs.list` on real files, inside and outside the
/// granted paths: `..` and symbolic links are resolved before the check, a refusal is an error
/// table naming the flag, and a write replaces the file atomically.
@Suite struct FileSystemPermissionTests {
    /// `call` (a Lua expression) under pcall, as a table: ok, and the error's fields.
    static func attempt(_ call: String) -> String {
        """
        local ok, e = pcall(function() return \(call) end)
        if ok then return {ok = true, value = e} end
        return {ok = false, kind = e.kind, capability = e.capability, target = e.target, flag = e.flag, message = tostring(e)}
        """
    }

    @Test("a granted directory is read, listed and tested; .. out of it is refused before any read")
    @LoopActor func dotDotCannotEscape() async throws {
        let root = try TemporaryDirectory("fs")
        defer { root.remove() }
        try root.write("secret.txt", "outside")
        _ = mkdir(root.file("inner"), 0o755)
        try root.write("inner/a.txt", "inside")
        try root.write("inner/b.txt", "")
        let grant = Permissions(read: [root.file("inner")])

        let inside = try await runLua("""
            return {fs.read(\(lua(root.file("inner/a.txt")))), fs.list(\(lua(root.file("inner")))),
                    fs.exists(\(lua(root.file("inner/b.txt")))), fs.exists(\(lua(root.file("inner/none"))))}
            """, permissions: grant)
        #expect(inside.value == ["inside", ["a.txt", "b.txt"], true, false], "\(inside.problems)")

        let escaped = try await runLua(Self.attempt("fs.read(\(lua(root.file("inner/../secret.txt"))))"), permissions: grant)
        #expect(escaped.value["ok"] == false)
        #expect(escaped.value["kind"] == "permission_denied")
        #expect(escaped.value["capability"] == "read")
        #expect(escaped.value["target"] == JSON(root.file("secret.txt")), "the resolved path is what was checked")
        #expect(escaped.value["flag"] == JSON("--allow-read=\(root.file("secret.txt"))"))
        let message = escaped.value["message"]?.stringValue ?? ""
        #expect(message.hasPrefix("script:1: fs.read: no read permission for \(root.file("inner/../secret.txt")) (\(root.file("secret.txt"))): run with") && message.hasSuffix("to grant it"), "\(message)")
        #expect(!message.contains("outside"), "nothing of the file was read")

        // Testing for a file and listing a directory outside are refused as well.
        let exists = try await runLua(Self.attempt("fs.exists(\(lua(root.file("secret.txt"))))"), permissions: grant)
        #expect(exists.value["kind"] == "permission_denied")
        let listed = try await runLua(Self.attempt("fs.list(\(lua(root.path)))"), permissions: grant)
        #expect(listed.value["kind"] == "permission_denied")
    }

    @Test("a symbolic link inside a granted directory to a file or directory outside it is refused")
    @LoopActor func symlinksAreResolvedBeforeTheCheck() async throws {
        let root = try TemporaryDirectory("fs")
        defer { root.remove() }
        try root.write("secret.txt", "outside")
        _ = mkdir(root.file("granted"), 0o755)
        _ = symlink(root.file("secret.txt"), root.file("granted/link.txt"))
        _ = symlink(root.path, root.file("granted/up"))
        let grant = Permissions(read: [root.file("granted")], write: [root.file("granted")])

        for path in ["granted/link.txt", "granted/up/secret.txt"] {
            let read = try await runLua(Self.attempt("fs.read(\(lua(root.file(path))))"), permissions: grant)
            #expect(read.value["kind"] == "permission_denied", "\(path): \(read.value)")
            #expect(read.value["target"] == JSON(root.file("secret.txt")), "\(path)")
        }
        // Writing through the link would replace the file outside: refused, the file untouched.
        let write = try await runLua(Self.attempt("fs.write(\(lua(root.file("granted/link.txt"))), 'changed')"), permissions: grant)
        #expect(write.value["kind"] == "permission_denied")
        #expect(write.value["capability"] == "write")
        #expect(try readFile(root.file("secret.txt")) == "outside")
    }

    @Test("fs.write is refused without a grant and leaves nothing; with one it replaces the file atomically")
    @LoopActor func writesAreGrantedAndAtomic() async throws {
        let root = try TemporaryDirectory("fs")
        defer { root.remove() }
        try root.write("data.txt", "old content")
        let target = root.file("data.txt")

        // Readable (granted) is not writable.
        let refused = try await runLua(Self.attempt("fs.write(\(lua(target)), 'new')"), permissions: Permissions(read: [root.path]))
        #expect(refused.value["kind"] == "permission_denied")
        #expect(refused.value["flag"] == JSON("--allow-write=\(target)"))
        #expect(try readFile(target) == "old content")
        #expect(root.list().sorted() == ["data.txt"], "no temporary file was made")

        // A hard link keeps the old file: rewritten in place, it would show the new bytes too.
        #expect(link(target, root.file("old-link")) == 0)
        var before = stat()
        stat(target, &before)
        let written = try await runLua("""
            fs.write(\(lua(target)), "new content")
            fs.write(\(lua(root.file("key.pem"))), "private", {mode = "0600"})
            return fs.read(\(lua(target)))
            """, permissions: Permissions(read: [root.path], write: [root.path]))
        #expect(written.value == "new content", "\(written.problems)")
        var after = stat()
        stat(target, &after)
        #expect(after.st_ino != before.st_ino, "a new file was renamed over the old one")
        #expect(try readFile(root.file("old-link")) == "old content")
        #expect(root.list().sorted() == ["data.txt", "key.pem", "old-link"], "no temporary file is left")
        var key = stat()
        stat(root.file("key.pem"), &key)
        #expect(key.st_mode & 0o777 == 0o600)
    }

    @Test("the secret stores are refused whatever is granted: clouds.yaml, the token cache, /proc")
    @LoopActor func secretStoresAreNeverReadable() async throws {
        let root = try TemporaryDirectory("fs")
        defer { root.remove() }
        try root.write("clouds.yaml", "clouds: {prod: {auth: {password: hunter2}}}")
        _ = mkdir(root.file("cache"), 0o700)
        _ = mkdir(root.file("cache/stackrun"), 0o700)
        _ = mkdir(root.file("cache/stackrun/tokens"), 0o700)
        try root.write("cache/stackrun/tokens/t.json", "{\"token\": \"gAAAA\"}")
        let environment: @Sendable (String) -> String? = { name in
            switch name {
            case "OS_CLIENT_CONFIG_FILE": root.file("clouds.yaml")
            case "XDG_CACHE_HOME": root.file("cache")
            default: nil
            }
        }
        for path in [root.file("clouds.yaml"), root.file("cache/stackrun/tokens/t.json"), "/proc/self/environ"] {
            let read = try await runLua(Self.attempt("fs.read(\(lua(path)))"), permissions: .allowAll, environment: environment)
            #expect(read.value["kind"] == "permission_denied", "\(path): \(read.value)")
            #expect(read.value["flag"] == nil, "no flag grants \(path)")
            let message = read.value["message"]?.stringValue ?? ""
            #expect(!message.contains("hunter2"))
        }
        let write = try await runLua(Self.attempt("fs.write(\(lua(root.file("clouds.yaml"))), 'clouds: {}')"),
                                     permissions: .allowAll, environment: environment)
        #expect(write.value["kind"] == "permission_denied")
        #expect(try readFile(root.file("clouds.yaml")).contains("hunter2"), "the configuration is untouched")
    }

    @Test("require reaches a file outside the search path only where reading is granted; keystone.auth's TLS files likewise")
    @LoopActor func modulesAndTLSFilesAreReads() async throws {
        let root = try TemporaryDirectory("fs")
        defer { root.remove() }
        try root.write("clouds.txt", "password: hunter2")
        let script = """
            package.path = \(lua(root.path)) .. "/?.txt"
            local ok, e = pcall(require, "clouds")
            local ok2, e2 = pcall(keystone.auth, {auth_url = "not-a-url", username = "u", password = "p",
                                                  project_name = "p", cacert = \(lua(root.file("ca.pem")))})
            return {type(e) == "table" and e.kind or "not Lua: " .. tostring(e), e2.kind, e2.capability}
            """
        let refused = try await runLua(script, permissions: .standard)
        #expect(refused.value == ["permission_denied", "permission_denied", "read"], "\(refused.problems)")
        // Granted, the file is loaded as Lua (and fails as Lua), and the sign-in gets as far as its
        // configuration (an auth_url that is not one).
        let granted = try await runLua(script, permissions: Permissions(read: [root.path]))
        #expect(granted.value[0]?.stringValue?.hasPrefix("not Lua: ") == true && granted.value[1] == "configuration", "\(granted.value)")
    }

    @Test("the working directory is readable without a grant; other paths are not")
    @LoopActor func theDefaults() async throws {
        let cwd = try #require(POSIXPath.currentDirectory())
        let report = try await runLua("""
            local listed = fs.list(".")
            local ok, e = pcall(fs.read, "/etc/hostname")
            return {#listed > 0, e.kind, e.flag}
            """, permissions: .standard)
        #expect(report.value == [true, "permission_denied", "--allow-read=/etc/hostname"], "\(report.problems) in \(cwd)")
    }
}

enum POSIXPath {
    static func currentDirectory() -> String? {
        guard let cwd = getcwd(nil, 0) else { return nil }
        defer { free(cwd) }
        return String(cString: cwd)
    }
}
