import JSONValue
@testable import Runtime
import Testing

/// Declarations and parameters as values: read, checked and converted without Lua.
@Suite struct RecipeDeclarationTests {
    static let declaration: RecipeDeclaration = {
        let fields: JSON = [
            "name": "web", "version": "1.0.0", "description": "A web tier", "services": ["nova", "neutron"],
            "params": [
                "name": ["type": "string", "required": true, "description": "the tier's name"],
                "count": ["type": "integer", "default": 3, "description": "how many servers"],
                "size": ["type": "string", "allowed": ["small", "large"], "default": "small", "description": "the flavor size"],
                "ports": ["type": "list", "items": "integer", "description": "ports to open"],
                "public": ["type": "boolean", "default": false, "description": "whether to add a floating IP"],
                "labels": ["type": "map", "description": "metadata for each server"],
            ],
        ]
        guard case .success(let declaration) = RecipeDeclaration.read(fields.objectValue!, runIsFunction: true) else { fatalError() }
        return declaration
    }()

    @Test func requiredParametersComeFirstThenTheOthersByName() {
        #expect(Self.declaration.parameters.map(\.name) == ["name", "count", "labels", "ports", "public", "size"])
        #expect(Self.declaration.parameters.first { $0.name == "count" }?.defaultValue == .int(3))
    }

    @Test func everyProblemOfADeclarationIsReportedAtOnce() {
        let fields: JSON = [
            "name": "Web Tier", "description": "", "services": ["nova", "swift"], "param": [:],
            "capabilities": ["net": ["a.example"], "network": ["x"]],
            "params": [
                "count": ["type": "int", "description": "how many"],
                "size": ["type": "string", "default": 3, "description": "size"],
                "zone": ["type": "string", "required": true, "default": "a", "description": "zone"],
                "tags": ["type": "string", "items": "string", "description": "tags"],
                "mode": ["type": "string", "allowed": [1, "b"], "description": "mode"],
                "quiet": ["default": true],
            ],
        ]
        guard case .failure(let problems) = RecipeDeclaration.read(fields.objectValue!, runIsFunction: false) else {
            Issue.record("a declaration with mistakes was accepted")
            return
        }
        let expected = [
            "run must be a function (it receives the parameters)",
            "name 'Web Tier' must be lowercase letters, digits, '-', '_' or '.', starting with a letter or digit",
            "version is required (a string)",
            "description must be a non-empty string, got string",
            "services: 'swift' is not a service stackrun knows (cinder, glance, keystone, neutron, nova)",
            "params.count.type must be one of string, integer, number, boolean, list, map, got \"int\"",
            "params.size.default: needs a string, got number",
            "params.zone: a required parameter has no default",
            "params.tags.items is only for a list",
            "params.mode.allowed: 1 is not a string",
            "params.quiet.type is required: one of string, integer, number, boolean, list, map",
            "params.quiet.description is required (a string saying what the parameter is for)",
            "capabilities: unknown capability 'network' (read, write, env, net, exec)",
            "unknown field 'param' (a declaration has capabilities, description, name, params, run, services, version)",
        ]
        for line in expected { #expect(problems.problems.contains(line), "missing: \(line)\nin: \(problems.problems)") }
        #expect(problems.problems.count == expected.count, "\(problems.problems)")
    }

    @Test func everyProblemWithTheGivenParametersIsReportedAtOnceWithItsDescription() {
        let given = RecipeArguments(pairs: [("count", "three"), ("size", "huge"), ("sise", "large"), ("ports", "80,http"),
                                            ("public", "maybe"), ("count", "4")])
        guard case .failure(let problems) = given.validate(against: Self.declaration) else {
            Issue.record("bad parameters were accepted")
            return
        }
        let texts = problems.problems.map(\.description)
        #expect(texts == [
            "name: is required: --param name=TEXT",
            "count: needs an integer, and 'three' is not one",
            "ports: needs a list of integer values, and 'http' is not one",
            "public: needs a boolean, and 'maybe' is not one",
            "size: must be one of \"small\", \"large\", got \"huge\"",
            "sise: recipe 'web' has no such parameter (did you mean 'size'?); it declares name, count, labels, ports, public, size",
        ], "\(texts)")
        // What each parameter is for is said with its problem.
        #expect(problems.description.contains("count: needs an integer, and 'three' is not one\n      (how many servers)"), "\(problems)")
    }

    @Test func valuesAreConvertedByTypeAndDefaultsFillTheRest() throws {
        let given = RecipeArguments(pairs: [("name", "web"), ("ports", "80,443"), ("ports", "[8080]"), ("public", "yes"),
                                            ("labels", "team=ops,tier=web")])
        let values = try given.validate(against: Self.declaration).get()
        #expect(values["name"] == "web")
        #expect(values["ports"] == [80, 443, 8080])
        #expect(values["public"] == true)
        #expect(values["labels"] == ["team": "ops", "tier": "web"])
        #expect(values["count"] == 3 && values["size"] == "small")
    }

    @Test func numbersAreDecimalAndARequiredStringIsNotEmpty() {
        let count = Self.declaration.parameters.first { $0.name == "count" }!
        for text in ["0x10", "1e3", "3.5", "", " 3"] {
            #expect((try? count.value(fromArgument: text).get()) == nil, "\(text) was taken as an integer")
        }
        #expect((try? count.value(fromArgument: "+7").get()) == .int(7) && (try? count.value(fromArgument: "-2.00").get()) == .int(-2))
        let name = Self.declaration.parameters.first { $0.name == "name" }!
        guard case .failure(let problem) = name.value(fromArgument: "") else {
            Issue.record("an empty required string was accepted")
            return
        }
        #expect(problem.message == "is required and must not be empty")
    }

    @Test func aParametersFileIsReadAndTheCommandLineWinsOverIt() throws {
        let directory = try TemporaryDirectory("params")
        defer { directory.remove() }
        try directory.write("p.yaml", "name: web\ncount: 5.0\nports: [22, 80]\nsize: large\n")
        let values = try RecipeArguments(pairs: [("size", "small")], file: directory.file("p.yaml"))
            .validate(against: Self.declaration).get()
        // YAML's 5.0 is an integer's worth, so it is taken as one.
        #expect(values["count"] == .int(5) && values["ports"] == [22, 80] && values["size"] == "small")
        try directory.write("bad.json", "{\"count\": \"5\", \"extra\": 1}")
        guard case .failure(let problems) = RecipeArguments(file: directory.file("bad.json")).validate(against: Self.declaration) else {
            Issue.record("a bad parameters file was accepted")
            return
        }
        #expect(problems.problems.map(\.parameter) == ["name", "count", "extra"], "\(problems)")
    }

    @Test func onlyParametersMayFollowARecipesName() {
        #expect(RecipeArguments.parse(["--param", "a=1", "--param=b=x=y", "--params-file", "f.json"])
            == .success(RecipeArguments(pairs: [("a", "1"), ("b", "x=y")], file: "f.json")))
        guard case .failure(let problem) = RecipeArguments.parse(["--timeout", "5"]) else {
            Issue.record("an option after the name was accepted")
            return
        }
        #expect(problem.description.contains("stackrun's own options go before the recipe's name"))
        #expect(RecipeArguments.parse(["--param", "novalue"]) == .failure(UsageProblem("--param needs key=value, got 'novalue'")))
    }
}
