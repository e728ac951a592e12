import Transport

/// Command-line words with the values of secret-named things replaced by `***`: what the run
/// history keeps of a run's arguments and what `stackrun cron` refuses to write into a crontab.
/// A name says secret by SecretName's rule (`password`, `token`, `api_key`...), in each form a
/// value can follow it: `--param NAME=V`, `--param=NAME=V`, `NAME=V`, `--NAME V`, `--NAME=V`.
/// stackrun's own `--ping URL` is one too: a health-check URL is the check's key.
public enum ArgumentMasking {
    /// stackrun options whose value is a secret though their name does not say so.
    static let secretOptions: Set<String> = ["ping"]

    static func isSecretOption(_ name: String) -> Bool { SecretName.isSecret(name) || secretOptions.contains(name) }

    public static func masked(_ words: [String]) -> [String] {
        var result: [String] = []
        var maskNext = false
        for word in words {
            if maskNext {
                result.append(maskedPair(word) ?? "***")
                maskNext = false
                continue
            }
            if word == "--param" {
                result.append(word)   // the next word is NAME=V: masked as a pair on its own turn
                continue
            }
            if word.hasPrefix("--param=") {
                result.append("--param=" + (maskedPair(String(word.dropFirst(8))) ?? String(word.dropFirst(8))))
            } else if word.hasPrefix("-") {
                if let equals = word.firstIndex(of: "=") {
                    let name = String(word[..<equals].drop { $0 == "-" })
                    result.append(isSecretOption(name) ? String(word[...equals]) + "***" : word)
                } else {
                    result.append(word)
                    maskNext = isSecretOption(String(word.drop { $0 == "-" }))
                }
            } else {
                result.append(maskedPair(word) ?? word)
            }
        }
        return result
    }

    /// The secret names among `words`, for a message that must not show their values.
    public static func secretNames(in words: [String]) -> [String] {
        let masked = masked(words)
        return words.indices.compactMap { index in
            guard words[index] != masked[index] else { return nil }
            // A whole word masked is the value of the option before it (`--password X`).
            if masked[index] == "***", index > 0 { return String(words[index - 1].drop { $0 == "-" }) }
            let name = masked[index].dropLast(3).drop { $0 == "-" }
            return String(name.hasSuffix("=") ? name.dropLast() : name).replacing("param=", with: "")
        }
    }

    /// `NAME=***` when NAME is secret; nil when the word is no such pair.
    static func maskedPair(_ word: String) -> String? {
        guard let equals = word.firstIndex(of: "="), SecretName.isSecret(String(word[..<equals])) else { return nil }
        return String(word[...equals]) + "***"
    }
}
