internal import CLua
internal import CCurl
internal import CStackrun

/// Versions, for `stackrun version` and `--version`.
public enum StackrunVersion {
    public static let number = "0.1.0"
    public static let text = "stackrun \(number)"

    /// "Lua 5.4.4, libcurl/7.88.1 OpenSSL/3.0.x ..."
    public static var components: String {
        let lua = "Lua \(LUA_VERSION_MAJOR).\(LUA_VERSION_MINOR).\(LUA_VERSION_RELEASE)"
        return "\(lua), \(String(cString: sr_curl_version()))"
    }
}
