import Glibc

/// What scripts/test.sh tells the suite so that it can prove no secret leaks: every emulator's
/// admin password and the prefix of every token it issues are set to distinctive values, test
/// files go to a directory of the run's own and stay there, and afterwards everything the suite
/// wrote is searched for those values (scripts/checks/secrets.sh). Run alone, the tests see the
/// defaults: admin, /tmp, and files removed.
enum TestEnvironment {
    /// The password of the emulator's seeded admin: STACKRUN_EMULATOR_PASSWORD, as the
    /// emulator itself reads it, else "admin".
    static let adminPassword = variable("STACKRUN_EMULATOR_PASSWORD") ?? "admin"

    /// The password of a seeded user: the admin's as above, any other's is its name.
    static func password(of user: String) -> String { user == "admin" ? adminPassword : user }

    /// Where tests make their files: TMPDIR, else /tmp. Short, as Lua shortens the chunk names
    /// of long script paths in its messages.
    static let scratch = variable("TMPDIR").map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? "/tmp"

    /// STACKRUN_KEEP_TEST_FILES=1: nothing a test wrote is removed, so that it can be searched.
    static let keepsFiles = variable("STACKRUN_KEEP_TEST_FILES") == "1"

    private static func variable(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }
}
