import JSONValue
import LuaBridge
import Transport

/// A script whose main chunk returns a declaration (a table with a `run` function) is a
/// recipe. Its body only declares; the work starts in `run`, called as the main task once the
/// arguments after the script's name are validated against the declared parameters and the
/// declared capabilities are found granted. Either check failing ends the run before `run` is
/// called, with every problem listed.
extension Runtime {
    enum RecipeStart {
        case notARecipe
        case started(LuaTask, RecipeDeclaration)
        case refused(RunReport)
    }

    /// Starts `run` when `main` returned a declaration. `script` has the arguments after the
    /// script's name, and the name it was found by on the recipe path.
    func startRecipe(returnedBy main: LuaTask, script: Script) -> RecipeStart {
        guard case .returned(let ref, let count) = main.outcome else { return .notARecipe }
        // Found by name, it must be a recipe: a module that is not one ran as a script already,
        // but its result is not what the user asked for.
        let notARecipe: RecipeStart = script.recipeName.map { name in
            .refused(RunReport(status: .scriptError, failure: ScriptFailure(
                message: "\(script.path) was found as the recipe '\(name)', but returns no declaration (a table with name, version, description and run)")))
        } ?? .notARecipe
        guard count == 1 else { return notARecipe }
        let stack = lua.stack
        let base = stack.top
        defer { stack.setTop(base) }
        stack.push(ref: ref)
        guard stack.rawIndex(1, ofTableAt: -1) == .table else { return notARecipe }
        // A table with a run function is a declaration; so is one that names itself and has
        // params or a version (its run missing or mistyped is then a problem to report).
        let hasRun = stack.rawField("run", ofTableAt: -1) == .function
        let named = stack.rawField("name", ofTableAt: -2) == .string
        let hasParams = stack.rawField("params", ofTableAt: -3) != .nil_
        let hasVersion = stack.rawField("version", ofTableAt: -4) != .nil_
        let declares = hasParams || hasVersion
        stack.pop(3)
        guard hasRun || (named && declares) else { return notARecipe }
        let declaration: RecipeDeclaration
        switch readDeclaration(tableAt: -2, on: stack) {
        case .failure(let problems): return .refused(RunReport(status: .scriptError, failure: ScriptFailure(message: problems.description)))
        case .success(let read): declaration = read
        }
        if let name = script.recipeName, name != declaration.name {
            return .refused(refusal(.scriptError, "recipe file \(script.path) declares the name '\(declaration.name)', not '\(name)'", declaration))
        }
        recipeDeclaration = declaration
        if onlyReadsDeclaration { return .notARecipe }
        let given: RecipeArguments
        switch RecipeArguments.parse(script.arguments) {
        case .failure(let problem): return .refused(refusal(.usage, "recipe '\(declaration.name)': \(problem)", declaration))
        case .success(let parsed): given = parsed
        }
        let parameters: JSONObject
        switch given.validate(against: declaration) {
        case .failure(let problems): return .refused(refusal(.usage, problems.description, declaration))
        case .success(let values): parameters = values
        }
        let missing = declaration.capabilities.missing(from: access)
        if !missing.isEmpty {
            let message = "recipe '\(declaration.name)' needs what this command line does not grant:"
                + missing.map { "\n  \($0)" }.joined() + "\nadd the flags above to the command line to run it"
            return .refused(refusal(.permissionDenied, message, declaration))
        }
        stack.rawField("run", ofTableAt: -2)
        stack.push(.object(parameters))
        let task = scheduler.spawn(functionAt: stack.top - 1, arguments: 1, from: stack)
        task.observed = true
        scheduler.mainTask = task
        return .started(task, declaration)
    }

    private func refusal(_ status: ExitStatus, _ message: String, _ declaration: RecipeDeclaration) -> RunReport {
        var report = RunReport(status: status, failure: ScriptFailure(message: message))
        report.recipe = declaration.name
        return report
    }

    /// The declaration in the table at `index`: every field but `run` read as data.
    func readDeclaration(tableAt index: Int32, on stack: LuaStack) -> Result<RecipeDeclaration, DeclarationProblems> {
        let table = stack.absolute(index)
        var fields = JSONObject()
        var problems: [String] = []
        stack.pushNil()
        while stack.next(tableAt: table) {
            defer { stack.pop() }
            guard stack.type(at: -2) == .string, let key = stack.string(at: -2) else {
                problems.append("a declaration's fields are named; found a \(stack.typeName(at: -2)) key")
                continue
            }
            guard key != "run" else { continue }
            do {
                fields[key] = try stack.json(at: -1)
            } catch {
                problems.append("\(key): \(error.message)")
            }
        }
        let name = fields["name"]?.stringValue
        guard problems.isEmpty else { return .failure(DeclarationProblems(recipe: name, problems: problems)) }
        stack.rawField("run", ofTableAt: table)
        let runIsFunction = stack.type(at: -1) == .function
        stack.pop()
        return RecipeDeclaration.read(fields, runIsFunction: runIsFunction)
    }
}

extension Runtime {
    /// The declaration of the recipe in `file`, read by running its body in a runtime of its
    /// own with no cloud (what `recipe list` and `recipe show` print), or why it could not be.
    public static func declaration(of file: RecipeFile) async -> Result<RecipeDeclaration, RecipeLoadFailure> {
        let runtime: Runtime
        do { runtime = try Runtime() } catch { return .failure(RecipeLoadFailure(description: "\(error)")) }
        defer { runtime.close() }
        runtime.onlyReadsDeclaration = true
        runtime.clouds.offline = "a recipe's declaration is read without a cloud (by recipe list and recipe show): "
            + "call APIs inside run, not in the module's body"
        let report = await runtime.run(Script(path: file.path, recipeName: file.expectedName), timeout: 10, grace: 0)
        if let declaration = runtime.recipeDeclaration { return .success(declaration) }
        if let failure = report.failure { return .failure(RecipeLoadFailure(description: failure.message, status: report.status)) }
        return .failure(RecipeLoadFailure(description: "not a recipe: \(file.path) returns no declaration (a table with a run function)"))
    }
}

/// Why a file on the recipe path could not be read as a recipe, and the exit status that says so.
public struct RecipeLoadFailure: Error, Sendable, CustomStringConvertible {
    public var description: String
    public var status: ExitStatus = .scriptError
}

extension Runtime {
    /// host.recipe_parameters(declaration, values): the parameters `recipe.run` passes to
    /// another recipe's `run`, checked and completed with defaults as the command line's are;
    /// or nil and every problem, which `recipe.run` raises at its caller's line. The
    /// capabilities that recipe declares must be granted to this run too.
    func recipeParametersFunction() -> LuaFunction {
        isolated { [unowned self] call throws(LuaCallError) in
            func refuse(_ message: String) -> LuaReturn {
                call.stack.pushNil()
                call.stack.push(message)
                return .results(2)
            }
            guard call.stack.type(at: 1) == .table else { return refuse("bad argument #1 to 'recipe.run' (recipe name or declaration expected)") }
            let declaration: RecipeDeclaration
            switch readDeclaration(tableAt: 1, on: call.stack) {
            case .success(let read): declaration = read
            case .failure(let problems): return refuse(problems.description)
            }
            var given = RecipeArguments()
            if ![.nil_, .none].contains(call.stack.type(at: 2)) {
                guard call.stack.type(at: 2) == .table else {
                    return refuse("bad argument #2 to 'recipe.run' (a table of parameter values by name expected, got \(call.stack.typeName(at: 2)))")
                }
                do throws(JSONError) {
                    guard let values = DeclarationReader.table(try call.stack.json(at: 2)) else {
                        return refuse("bad argument #2 to 'recipe.run' (a table of parameter values by name expected, got a list)")
                    }
                    given.values = values
                } catch {
                    return refuse("bad argument #2 to 'recipe.run' (the parameters: \(error.message))")
                }
            }
            switch given.validate(against: declaration) {
            case .failure(let problems): return refuse(problems.description)
            case .success(let values):
                let missing = declaration.capabilities.missing(from: access)
                if !missing.isEmpty {
                    return refuse("recipe '\(declaration.name)' needs what this run was not granted: " + missing.joined(separator: ", "))
                }
                call.stack.push(.object(values))
                return .results(1)
            }
        }
    }
}
