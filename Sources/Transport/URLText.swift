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

    /// The URL without a user:password part.
    public var redacted: String {
        authority.contains("@") ? "\(scheme)://***@\(host)\(rest)" : "\(scheme)://\(authority)\(rest)"
    }
}

/// "https://user:secret@host/x" -> "https://***@host/x": a URL in a message never carries a password.
public func redactingCredentials(_ url: String) -> String {
    URLText(url)?.redacted ?? url
}

/// The host[:port] of a URL, for messages.
func hostOf(_ url: String) -> String {
    URLText(url).map { String($0.host) } ?? url
}
