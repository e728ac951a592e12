import Emulator
import Glibc
import Testing

/// Recipes run by the built binary: by name from the project's ./recipes, parameters checked
/// before `run` is called, declared capabilities, `recipe list` and `recipe show`, and modules
/// required along the recipe path.
@Suite(.exclusive) struct RecipeRunTests {
    /// A project directory with `recipes/`, where the binary runs.
    struct Project {
        let root: TemporaryDirectory

        init() throws {
            root = try TemporaryDirectory("recipes")
            for directory in ["recipes", "recipes/lib", "config", "config/stackrun", "other"] { mkdir(root.file(directory), 0o755) }
        }

        func write(_ name: String, _ text: String) throws { try root.write(name, text) }

        /// Runs `stackrun ARGUMENTS` in the project; (status, stdout, stderr).
        func stackrun(_ arguments: [String], environment: [String: String] = [:]) async throws -> (Int32, String, String) {
            var variables = ["XDG_CONFIG_HOME": root.file("config"), "STACKRUN_PATH": root.file("other"), "OS_CLOUD": ""]
            variables.merge(environment) { $1 }
            let process = try ChildProcess([Fixtures.stackrunBinary] + arguments, environment: variables, outputIn: root.path,
                                           workingDirectory: root.path)
            let status = await process.wait(seconds: 60) ?? { process.send(SIGKILL); return process.wait() }()
            return (status, process.stdout, process.stderr)
        }
    }

    static let greeter = """
        return {
          name = "greet", version = "2.1.0", description = "Greets someone",
          params = {
            who = {type = "string", required = true, description = "whom to greet"},
            times = {type = "integer", default = 1, description = "how many greetings"},
            tone = {type = "string", allowed = {"warm", "dry"}, default = "warm", description = "how it sounds"},
          },
          run = function(p)
            log.info("run was called")
            return {greeting = string.rep(p.who .. "! ", p.times), tone = p.tone}
          end,
        }
        """

    @Test func aRecipeRunsByNameWithItsParameters() async throws {
        let project = try Project()
        defer { project.root.remove() }
        try project.write("recipes/greet.lua", Self.greeter)
        let (status, stdout, stderr) = try await project.stackrun(["run", "greet", "--param", "who=Ana", "--param=times=2"])
        #expect(status == 0, "\(stderr)")
        #expect(stdout == "{\n  \"greeting\": \"Ana! Ana! \",\n  \"tone\": \"warm\"\n}\n", "\(stdout)")
    }

    @Test func badParametersAreAllReportedBeforeRunIsCalled() async throws {
        let project = try Project()
        defer { project.root.remove() }
        try project.write("recipes/greet.lua", Self.greeter)
        let (status, stdout, stderr) = try await project.stackrun(["run", "greet", "--param", "times=many", "--param", "tone=loud",
                                                                   "--param", "whom=Ana"])
        #expect(status == 2)
        #expect(stdout.isEmpty && !stderr.contains("run was called"), "\(stderr)")
        for line in ["recipe 'greet': 4 parameter problems:", "times: needs an integer, and 'many' is not one", "(how many greetings)",
                     "tone: must be one of \"warm\", \"dry\", got \"loud\"", "whom: recipe 'greet' has no such parameter (did you mean 'who'?)",
                     "who: is required: --param who=TEXT", "(whom to greet)"] {
            #expect(stderr.contains(line), "missing: \(line)\n\(stderr)")
        }
    }

    @Test func aRecipeRefusesToStartWithoutTheCapabilitiesItDeclares() async throws {
        let project = try Project()
        defer { project.root.remove() }
        try project.write("recipes/notify.lua", """
            return {
              name = "notify", version = "1", description = "Posts to a hook",
              capabilities = {net = {"hooks.example.com"}, env = {"HOOK_CHANNEL"}, exec = {"true"}},
              run = function() log.info("run was called") return "sent" end,
            }
            """)
        let (refused, _, stderr) = try await project.stackrun(["run", "--allow-env=HOOK_CHANNEL", "notify"])
        #expect(refused == 77, "\(stderr)")
        #expect(stderr.contains("recipe 'notify' needs what this command line does not grant:\n  --allow-net=hooks.example.com\n  --allow-exec=true\n"),
                "\(stderr)")
        #expect(!stderr.contains("run was called"))
        let (granted, stdout, grantedErr) = try await project.stackrun(["run", "--allow-env=HOOK_CHANNEL", "--allow-net=hooks.example.com",
                                                                       "--allow-exec=true", "notify"])
        #expect(granted == 0 && stdout == "\"sent\"\n", "\(grantedErr)")
    }

    @Test func listShowsWhereEachRecipeWasFoundAndWhatItShadows() async throws {
        let project = try Project()
        defer { project.root.remove() }
        try project.write("recipes/greet.lua", Self.greeter)
        try project.write("other/greet.lua", Self.greeter.replacing("2.1.0", with: "1.0.0"))
        try project.write("config/stackrun/recipes", "")   // a file where the directory would be is skipped
        try project.write("recipes/broken.lua", "return {name = 'broken', run = function() end}")
        let (status, stdout, stderr) = try await project.stackrun(["recipe", "list"])
        #expect(status == 0, "\(stderr)")
        let lines = stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("NAME") == true)
        #expect(lines.contains { $0.hasPrefix("greet ") && $0.contains("2.1.0") && $0.contains("project: recipes/greet.lua") && !$0.contains("shadowed") },
                "\(stdout)")
        #expect(lines.contains { $0.contains("1.0.0") && $0.contains("STACKRUN_PATH: \(project.root.file("other/greet.lua")) (shadowed by recipes/greet.lua)") },
                "\(stdout)")
        #expect(lines.contains { $0.hasPrefix("broken") && $0.contains("cannot be read: recipe 'broken' has declaration problems: version is required (a string) description is required (a string)") }, "\(stdout)")
    }

    @Test func showPrintsTheHelpMadeFromTheDeclaration() async throws {
        let project = try Project()
        defer { project.root.remove() }
        try project.write("recipes/greet.lua", Self.greeter)
        let (status, stdout, stderr) = try await project.stackrun(["recipe", "show", "greet"])
        #expect(status == 0, "\(stderr)")
        #expect(stdout.hasPrefix("greet 2.1.0: Greets someone\nfound: recipes/greet.lua (project)\n"), "\(stdout)")
        #expect(stdout.contains("  --param who=TEXT  (string; required)\n      whom to greet\n"), "\(stdout)")
        #expect(stdout.contains("  --param tone=TEXT  (string; default \"warm\"; one of \"warm\", \"dry\")\n"), "\(stdout)")
        #expect(stdout.hasSuffix("example:\n  stackrun run greet --param who=TEXT\n"), "\(stdout)")
        let (missing, _, missingErr) = try await project.stackrun(["recipe", "show", "nothing-here"])
        #expect(missing == 2 && missingErr.contains("no file and no recipe named 'nothing-here'"), "\(missingErr)")
    }

    @Test func aRecipeRunsAnotherWithItsParametersCheckedAndDefaulted() async throws {
        let project = try Project()
        defer { project.root.remove() }
        try project.write("recipes/greet.lua", Self.greeter)
        try project.write("recipes/twice.lua", """
            return {
              name = "twice", version = "1", description = "Greets twice through greet",
              params = {bad = {type = "boolean", default = false, description = "pass a wrong value on"}},
              run = function(p)
                if p.bad then
                  local ok, e = pcall(recipe.run, "greet", {times = "2"})
                  return {kind = e.kind, message = e.message}
                end
                return recipe.run("greet", {who = "Bo", times = 2})
              end,
            }
            """)
        let (status, stdout, stderr) = try await project.stackrun(["run", "twice"])
        #expect(status == 0 && stdout == "{\n  \"greeting\": \"Bo! Bo! \",\n  \"tone\": \"warm\"\n}\n", "\(stdout)\(stderr)")
        let (_, refused, _) = try await project.stackrun(["run", "twice", "--param", "bad=true"])
        #expect(refused.contains("\"kind\": \"invalid_argument\""), "\(refused)")
        #expect(refused.contains("who: is required") && refused.contains("times: needs an integer, got string"), "\(refused)")
    }

    @Test func whatIsFoundByNameMustBeARecipe() async throws {
        let project = try Project()
        defer { project.root.remove() }
        try project.write("recipes/module.lua", "return {value = 1}")
        try project.write("recipes/norun.lua", """
            return {name = "norun", version = "1", description = "d", run = "go",
                    params = {n = {type = "integer", required = true, description = "n"}}}
            """)
        mkdir(project.root.file("greet"), 0o755)   // a directory of the same name is no script
        try project.write("recipes/greet.lua", Self.greeter)
        let (module, _, moduleErr) = try await project.stackrun(["run", "module"])
        #expect(module == 1 && moduleErr.contains("was found as the recipe 'module', but returns no declaration"), "\(moduleErr)")
        let (norun, _, norunErr) = try await project.stackrun(["run", "norun", "--param", "n=notanint"])
        #expect(norun == 1 && norunErr.contains("run must be a function"), "\(norunErr)")
        #expect(try await project.stackrun(["run", "greet", "--param", "who=Di"]).0 == 0)
    }

    @Test func recipeRunFindsRecipesOnTheRecipePathOnly() async throws {
        let project = try Project()
        defer { project.root.remove() }
        try project.write("recipes/greet.lua", Self.greeter)
        mkdir(project.root.file("jobs"), 0o755)
        // Beside the script, where require would look first: not the recipe 'greet'.
        try project.write("jobs/greet.lua", "return {name = 'impostor', version = '1', description = 'd', run = function() return 'impostor' end}")
        try project.write("jobs/job.lua", "return recipe.run('greet', {who = 'Al'})")
        let (status, stdout, stderr) = try await project.stackrun(["run", "jobs/job.lua"])
        #expect(status == 0 && stdout.contains("Al! "), "\(stdout)\(stderr)")
    }

    @Test func everyUsageProblemAfterTheNameIsReportedAtOnce() async throws {
        let project = try Project()
        defer { project.root.remove() }
        try project.write("recipes/greet.lua", Self.greeter)
        let (status, _, stderr) = try await project.stackrun(["run", "greet", "--param", "nokey", "--timeout", "5", "--param", "who=", "--param"])
        #expect(status == 2, "\(stderr)")
        for line in ["--param needs key=value, got 'nokey'", "not '--timeout' (stackrun's own options go before the recipe's name)", "not '5'",
                     "--param needs key=value"] {
            #expect(stderr.contains(line), "missing: \(line)\n\(stderr)")
        }
    }

    @Test func aDeclarationMustCarryTheNameItWasFoundBy() async throws {
        let project = try Project()
        defer { project.root.remove() }
        try project.write("recipes/hello.lua", Self.greeter)
        let (status, _, stderr) = try await project.stackrun(["run", "hello", "--param", "who=x"])
        #expect(status == 1 && stderr.contains("recipe file recipes/hello.lua declares the name 'greet', not 'hello'"), "\(stderr)")
    }
}

/// `require` along the recipe path: a recipe builds on another recipe, and a module whose body
/// calls an API at load is loaded once even when several tasks require it at the same time.
@Suite(.exclusive) struct RecipeModuleTests {
    func networkListings(_ emulator: OpenStackEmulator) -> Int {
        emulator.stats()["requests"]?["by_route"]?["network"]?["GET /network/v2.0/networks"]?.intValue ?? 0
    }

    @Test func recipesRequireEachOtherAndAModuleDoingIOAtLoadRunsOnce() async throws {
        let emulator = try await OpenStackEmulator.start(EmulatorConfig(), host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        let project = try RecipeRunTests.Project()
        defer { project.root.remove() }
        try project.write("other/netinfo.lua", """
            log.info("netinfo loading")
            local networks = neutron.networks.list()      -- I/O while the module loads
            return {count = #networks}
            """)
        try project.write("recipes/base.lua", """
            return {
              name = "base", version = "1", description = "Names a thing",
              params = {prefix = {type = "string", default = "b", description = "the prefix"}},
              run = function(p) return p.prefix .. "-" .. require("netinfo").count end,
            }
            """)
        try project.write("recipes/app.lua", """
            return {
              name = "app", version = "1", description = "Builds on base",
              params = {n = {type = "integer", default = 4, description = "tasks"}},
              run = function(p)
                local counts = parallel.map({1, 2, 3, 4}, function() return require("netinfo").count end)
                return {counts = counts, base = require("base").run{prefix = "app"}}
              end,
            }
            """)
        let environment = ["OS_AUTH_URL": emulator.authURL, "OS_USERNAME": "admin", "OS_PASSWORD": TestEnvironment.adminPassword,
                           "OS_PROJECT_NAME": "admin", "OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_NAME": "Default"]
        let before = networkListings(emulator)
        let (status, stdout, stderr) = try await project.stackrun(["run", "app"], environment: environment)
        #expect(status == 0, "\(stderr)")
        let networks = try #require(emulator.stats()["resources"]?["network"]?.intValue)
        #expect(stdout == "{\n  \"base\": \"app-\(networks)\",\n  \"counts\": [\n" + Array(repeating: "    \(networks)", count: 4).joined(separator: ",\n") + "\n  ]\n}\n",
                "\(stdout)")
        #expect(stderr.components(separatedBy: "netinfo loading").count == 2, "the module's body ran more than once:\n\(stderr)")
        #expect(networkListings(emulator) == before + 1)
    }
}
