internal import CCurl
internal import CStackrun
internal import Glibc

/// The scheme, host and port a URL sends a request to, as libcurl itself reads the URL: a
/// permission check must see the host curl will connect to, and a parser of our own could be
/// told otherwise by `http://granted@evil/`, `http://evil#@granted/` and their kin.
public struct URLOrigin: Sendable, Equatable, CustomStringConvertible {
    /// Lower case: "http" or "https".
    public let scheme: String
    /// Lower case, IPv6 addresses without brackets ("::1").
    public let host: String
    /// The port connected to: the URL's, else the scheme's (80, 443).
    public let port: Int

    public init?(_ url: String) {
        guard let handle = sr_curl_url() else { return nil }
        defer { sr_curl_url_cleanup(handle) }
        guard sr_curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK,
              let scheme = Self.part(handle, CURLUPART_SCHEME, 0),
              let host = Self.part(handle, CURLUPART_HOST, 0),
              let port = Self.part(handle, CURLUPART_PORT, UInt32(CURLU_DEFAULT_PORT)).flatMap({ Int($0) }) else { return nil }
        self.scheme = scheme.lowercased()
        self.host = Self.bare(host.lowercased())
        self.port = port
    }

    /// "host:port", brackets around an IPv6 address.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    private static func part(_ handle: OpaquePointer, _ what: CURLUPart, _ flags: UInt32) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard sr_curl_url_get(handle, what, &value, flags) == CURLUE_OK, let value else { return nil }
        defer { sr_curl_free(value) }
        return String(cString: value)
    }

    static func bare(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }
}
