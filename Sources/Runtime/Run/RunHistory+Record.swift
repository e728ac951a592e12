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
        object["parameters"] = parameters(script)
        object["ended"] = JSON(ended)
        if summary.status != .success, let log {
            let (tail, cut) = log.lastBytes(logTailLimit)
            object["log_tail"] = JSON(String(decoding: tail, as: UTF8.self))
            object["log_tail_cut"] = .bool(cut)
        }
        return .object(object)
    }

    /// A recipe's `--param`s (an object, secret names masked) and its `--params-file`; a
    /// script's arguments, with the value of a `name=value` or of the word after a `--name`
    /// masked when the name says secret (`--password x`, `token=x`).
    static func parameters(_ script: Script) -> JSON {
        if script.recipeName != nil, case .success(let parsed) = RecipeArguments.parse(script.arguments) {
            var object = JSONObject()
            for pair in parsed.pairs { object[pair.key] = JSON(SecretName.isSecret(pair.key) ? "***" : pair.value) }
            var result: JSONObject = ["param": .object(object)]
            if let file = parsed.file { result["params_file"] = JSON(file) }
            return .object(result)
        }
        var masked: [JSON] = []
        var maskNext = false
        for argument in script.arguments {
            defer { maskNext = argument.hasPrefix("-") && !argument.contains("=") && SecretName.isSecret(argument) }
            if maskNext { masked.append("***"); continue }
            if let equals = argument.firstIndex(of: "="), SecretName.isSecret(String(argument[..<equals])) {
                masked.append(JSON(String(argument[...equals]) + "***"))
            } else {
                masked.append(JSON(argument))
            }
        }
        return ["arguments": .array(masked)]
    }
}
