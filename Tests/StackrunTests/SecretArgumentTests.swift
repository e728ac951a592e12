import Foundation
import Testing

/// What the final review found: a secret given as a recipe's parameter reached the run history,
/// a parameter's error message or a crontab line; --jitter crashed on a huge value and spoke
/// during a --quiet-success run; a recipe running itself never ended.
@Suite("secret arguments stay out of history, messages and crontab lines")
struct SecretArgumentTests {
    static let secret = "s3cr3t-\(UUID().uuidString.prefix(8))"

    static func recipe(_ directory: String) throws -> String {
        let path = directory + "/vault.lua"
        try """
            return {name = "vault", version = "1", description = "Takes a secret",
              params = {db_password = {type = "string", required = true, description = "the password"},
                        api_key = {type = "integer", description = "a numeric key"}},
              run = function(p) return #p.db_password end}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("a recipe's secret parameter is masked in the history, given either way, run by path")
    func history() throws {
        let script = try temporaryScript("return 1")
        let directory = URL(fileURLWithPath: script).deletingLastPathComponent().path
        defer { removeScratch(directory) }
        let recipe = try Self.recipe(directory)
        let state = directory + "/state"
        for form in [["--param=db_password=\(Self.secret)"], ["--param", "db_password=\(Self.secret)", "--param", "api_key=\(Self.secret)"]] {
            let result = try stackrun(["run", recipe] + form, environment: ["XDG_STATE_HOME": state])
            #expect(!result.stderr.contains(Self.secret), "\(result.stderr)")
        }
        let files = FileManager.default.enumerator(atPath: state + "/stackrun/runs")?.compactMap { $0 as? String } ?? []
        #expect(files.filter { $0.hasSuffix(".json") }.count == 2, "\(files)")
        for file in files where file.hasSuffix(".json") {
            let text = try String(contentsOfFile: state + "/stackrun/runs/" + file, encoding: .utf8)
            #expect(!text.contains(Self.secret) && text.contains("db_password=***"), "\(text)")
        }
    }

    @Test("stackrun cron refuses a secret anywhere in the line, naming it without its value")
    func cron() throws {
        let result = try stackrun(["cron", "@hourly", "job.lua", "--", "--password", Self.secret], environment: ["OS_CLOUD": "prod"])
        #expect(result.status == 2 && result.stderr.contains("password") && !result.stderr.contains(Self.secret), "\(result.stderr)")
        let pair = try stackrun(["cron", "@hourly", "network-stack", "--param=password=\(Self.secret)"], environment: ["OS_CLOUD": "prod"])
        #expect(pair.status == 2 && !pair.stderr.contains(Self.secret), "\(pair.stderr)")
    }

    @Test("--jitter is bounded and, with --quiet-success, silent on success; a recipe running itself is refused")
    func jitterAndLoops() throws {
        let script = try temporaryScript("return 'ok'")
        let directory = URL(fileURLWithPath: script).deletingLastPathComponent().path
        defer { removeScratch(directory) }
        #expect(try stackrun(["run", "--jitter", "1e30", script]).status == 2)
        let quiet = try stackrun(["run", "--jitter", "0.2", "--quiet-success", script])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty && quiet.stdout == "\"ok\"\n", "\(quiet.stderr)")
        let looping = try temporaryScript("""
            local d
            d = {name = "again", version = "1", description = "d", run = function() return recipe.run(d, {}) end}
            return recipe.run(d, {})
            """)
        defer { removeScratch(URL(fileURLWithPath: looping).deletingLastPathComponent().path) }
        let result = try stackrun(["run", "--timeout", "20", looping])
        #expect(result.status == 1 && result.stderr.contains("recipe 'again' runs itself (a recipe loop)"), "\(result.stderr)")
    }
}
