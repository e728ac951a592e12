import ArgumentParser

/// `stackrun run`'s command line read by hand, for start-up's sake: swift-argument-parser
/// builds run's option set three times by reflection, which is two thirds of an empty run's
/// instructions (docs/performance.md, Start-up). This reader knows run's options from a table
/// (FastRunOptionTable) and gives up, returning nil, on anything it is not sure of: an unknown
/// or short option, --help, --version, a value that does not convert, a repeated option, a
/// validation error. Then main.swift hands the command line to swift-argument-parser, so
/// help, error messages and exit statuses stay its own. FastRunArgumentsTests checks that
/// whatever this returns, swift-argument-parser would have made the same `Run` of.
enum FastRunArguments {
    /// `arguments` as in CommandLine.arguments (the program first); a validated `Run` or nil.
    static func parse(_ arguments: [String]) -> Run? {
        guard arguments.count >= 3, arguments[1] == "run", splitsCleanly(arguments.dropFirst()) else { return nil }
        var run = Run.defaulted()
        var seen = Set<String>()
        var index = 2
        while index < arguments.count {
            let word = arguments[index]
            if !word.hasPrefix("-") {
                // The script: argument-parser stops reading run's options at the first value and
                // hands everything after it to the script, options and `--` included.
                guard !word.isEmpty else { return nil }
                run.script = word
                run.arguments = Array(arguments[(index + 1)...])
                return validated(run)
            }
            guard word.hasPrefix("--"), word != "--" else { return nil }
            let body = word.dropFirst(2)
            let name = String(body.prefix { $0 != "=" })
            let attached = body.firstIndex(of: "=").map { String(body[body.index(after: $0)...]) }
            guard let option = FastRunOptionTable.options[name] else { return nil }
            if option.kind != .repeating {
                guard seen.insert(option.property ?? name).inserted else { return nil }
            }
            switch option.kind {
            case .flag:
                guard attached == nil, option.assign(&run, "") else { return nil }
                index += 1
            case .option, .repeating:
                if let attached {
                    // `--journal=` with nothing after the = : argument-parser then takes the
                    // next word as the value; left to it.
                    guard !attached.isEmpty, option.assign(&run, attached) else { return nil }
                    index += 1
                } else {
                    // The value is the next word, when it is not itself dash-prefixed.
                    guard index + 1 < arguments.count else { return nil }
                    let value = arguments[index + 1]
                    guard !value.hasPrefix("-"), option.assign(&run, value) else { return nil }
                    index += 2
                }
            }
        }
        return nil  // no script: argument-parser says what is missing
    }

    /// What swift-argument-parser checks of every word up to the first `--`, the script's own
    /// arguments included: three dashes or more is an error, a single-dash word must be short
    /// letters or digits (it splits it into short options), and `--generate-completion-script`
    /// anywhere asks for a completion script.
    private static func splitsCleanly(_ words: ArraySlice<String>) -> Bool {
        for word in words {
            if word == "--" { return true }
            if word == "--generate-completion-script" || word.hasPrefix("--generate-completion-script=") { return false }
            if word.hasPrefix("---") { return false }
            if word.hasPrefix("-"), !word.hasPrefix("--"), word != "-" {
                guard word.dropFirst().allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return false }
            }
        }
        return true
    }

    /// Runs every validate() argument-parser would run (each option group's as it is decoded,
    /// then run's); any failure leaves the message to argument-parser.
    private static func validated(_ run: Run) -> Run? {
        var run = run
        do {
            try run.grants.validate()
            try run.sandbox.validate()
            try run.limits.validate()
            try run.logging.validate()
            try run.job.validate()
            try run.debugging.validate()
            try run.validate()
        } catch {
            return nil
        }
        return run
    }
}
