/// The parts of an absolute URL that messages and the clients need, found without a full
/// parser (curl parses for real): "scheme://authority/rest".
public struct URLText: Sendable, Equatable {
    public let scheme: Substring
    /// "user:password@host:port" as written.
    public let authority: Substring
    /// Path, query and fragment: "/v3/auth/tokens?x=1", possibly empty.
    public let rest: Substring

    public init?(_ url: String) {
        let bytes = url.utf8
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")),
              bytes[colon...].starts(with: "://".utf8) else { return nil }
        scheme = url[..<colon]
        let authorityStart = url.utf8.index(colon, offsetBy: 3)
        let tail = url[authorityStart...]
        let authorityEnd = tail.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? tail.endIndex
        authority = tail[..<authorityEnd]
        rest = tail[authorityEnd...]
    }

    /// "host:port" without any credentials.
    public var host: Substring {
        guard let at = authority.lastIndex(of: "@") else { return authority }
        return authority[authority.index(after: at)...]
    }

    /// The URL without a user:password part, and with the value of each query parameter whose
    /// name holds a secret (SecretName: `?token=`, `?api_key=`) masked.
    public var redacted: String {
        let start = authority.contains("@") ? "\(scheme)://***@\(host)" : "\(scheme)://\(authority)"
        guard let question = rest.firstIndex(of: "?") else { return start + rest }
        let fragment = rest[question...].firstIndex(of: "#") ?? rest.endIndex
        let query = rest[rest.index(after: question)..<fragment]
        return start + rest[...question] + SecretName.maskingFields(query) + rest[fragment...]
    }
}

/// "https://user:secret@host/x?token=t" -> "https://***@host/x?token=***": a URL in a message
/// never carries a password or a token.
public func redactingCredentials(_ url: String) -> String {
    URLText(url)?.redacted ?? url
}

/// The host[:port] of a URL, for messages.
func hostOf(_ url: String) -> String {
    URLText(url).map { String($0.host) } ?? url
}
