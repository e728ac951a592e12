import JSONValue
@testable import Runtime
import Testing

/// Recipe declarations and parameter values as a careless author or user might write them:
/// every mutated declaration is read or refused with its problems, never a crash; every
/// mutated `--param` value is converted or refused with a problem naming the parameter.
@Suite("recipe declarations against bad input")
struct RecipeDeclarationFuzzTests {
    static let corpus = """
        {"name": "web-tier", "version": "1.2.0", "description": "Web servers", "services": ["nova", "neutron"],
         "capabilities": {"net": ["hooks.example.com"], "exec": ["ssh-keygen"]},
         "params": {
           "name": {"type": "string", "required": true, "description": "prefix"},
           "count": {"type": "integer", "default": 2, "description": "servers"},
           "ratio": {"type": "number", "default": 0.5, "description": "share"},
           "size": {"type": "string", "allowed": ["small", "large"], "default": "small", "description": "size"},
           "ports": {"type": "list", "items": "integer", "default": [22, 443], "description": "ports"},
           "labels": {"type": "map", "default": {"team": "ops"}, "description": "labels"},
           "public": {"type": "boolean", "default": false, "description": "floating IP"}}}
        """

    @Test("mutated declarations are read or refused with problems")
    func declarations() throws {
        var random = SeededMutator(seed: SeededMutator.seed &+ 11)
        var read = 0, refused = 0
        for _ in 0..<SeededMutator.iterations {
            guard let object = (try? JSON.decode(random.mutate(Array(Self.corpus.utf8))))?.objectValue else { continue }
            switch RecipeDeclaration.read(object, runIsFunction: random.below(8) != 0) {
            case .success(let declaration):
                read += 1
                // Every parameter the reader accepted has a default of its own type, if any.
                for parameter in declaration.parameters {
                    if let value = parameter.defaultValue { #expect((try? parameter.check(value).get()) == value) }
                }
            case .failure(let problems):
                refused += 1
                #expect(!problems.problems.isEmpty)
            }
        }
        #expect(read > 0 && refused > 0, "the mutations should both keep and break declarations: \(read) read, \(refused) refused")
    }

    @Test("mutated parameter values are converted or refused, naming the parameter")
    func parameterValues() throws {
        let object = try #require(try JSON.decode(Self.corpus).objectValue)
        let declaration = try RecipeDeclaration.read(object, runIsFunction: true).get()
        let samples = ["name": "web", "count": "3", "ratio": "0.25", "size": "large", "ports": "22,80", "labels": "a=b,c=d", "public": "yes"]
        var random = SeededMutator(seed: SeededMutator.seed &+ 12)
        for _ in 0..<SeededMutator.iterations {
            let parameter = declaration.parameters[random.below(declaration.parameters.count)]
            let text = String(decoding: random.mutate(Array(samples[parameter.name]!.utf8)), as: UTF8.self)
            switch RecipeArguments(pairs: [("name", "web"), (parameter.name, text)]).validate(against: declaration) {
            case .success(let values): #expect(values[parameter.name] != nil)
            case .failure(let problems): #expect(problems.problems.allSatisfy { $0.parameter == parameter.name }, "\(problems)")
            }
        }
    }
}
