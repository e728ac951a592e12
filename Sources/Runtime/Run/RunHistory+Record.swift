public import JSONValue
import Transport

extension RunHistory {
    /// What the history keeps of a run: its summary (as `--log-format json` prints it), the job,
    /// its parameters with secret ones masked, when it ended, and for a run that failed the
    /// tail of its log (`log_tail`; `log_tail_cut` when earlier lines were left out).
    public static func entry(summary: RunSummary, job: String, script: Script, ended: String, log: StderrCapture.Log?) -> JSON {
        guard case .object(var object) = summary.json else { return summary.json }
        object["job"] = JSON(job)
        object["script"] = JSON(script.path)
        object["parameters"] = parameters(script, recipe: summary.recipe)
        object["ended"] = JSON(ended)
        if summary.status != .success, let log {
            let (tail, cut) = log.lastBytes(logTailLimit)
            object["log_tail"] = JSON(String(decoding: tail, as: UTF8.self))
            object["log_tail_cut"] = .bool(cut)
        }
        return .object(object)
    }

    /// A recipe's `--param`s (an object, secret names masked) and its `--params-file`, for a run
    /// that was a recipe (by name or by path); and always the arguments as given, with every
    /// secret-named value masked (ArgumentMasking), so that nothing depends on their parsing.
    static func parameters(_ script: Script, recipe: String?) -> JSON {
        var result: JSONObject = ["arguments": .array(ArgumentMasking.masked(script.arguments).map { JSON($0) })]
        if recipe != nil || script.recipeName != nil, case .success(let parsed) = RecipeArguments.parse(script.arguments) {
            var object = JSONObject()
            for pair in parsed.pairs { object[pair.key] = JSON(SecretName.isSecret(pair.key) ? "***" : pair.value) }
            result["param"] = .object(object)
            if let file = parsed.file { result["params_file"] = JSON(file) }
        }
        return .object(result)
    }
}
