import JSONValue

/// Where a Lua-to-JSON walk is: the tables from the root to the current value (meeting one
/// again is a cycle) and the keys that led there, for errors ("at servers[2].name"). Shared by
/// the conversion to JSON values and the direct writer, so both refuse the same things in the
/// same words.
struct LuaJSONPath {
    enum Key {
        case index(Int64)
        case name(String)
    }

    private(set) var tables: [UnsafeRawPointer] = []
    var keys: [Key] = []

    /// Enters a table; fails on a cycle or nesting deeper than JSON.maximumDepth.
    mutating func enter(_ table: UnsafeRawPointer) throws(JSONError) {
        if tables.contains(table) { throw failure("cannot encode a table that contains itself") }
        guard tables.count < JSON.maximumDepth else { throw failure("table nested too deeply") }
        tables.append(table)
    }

    mutating func leave() { tables.removeLast() }

    func failure(_ message: String) -> JSONError {
        guard !keys.isEmpty else { return JSONError(message) }
        var location = ""
        // A very deep path is shown by its ends.
        let shown: [Key?] = keys.count <= 12 ? keys : keys.prefix(4).map { $0 } + [nil] + keys.suffix(6).map { $0 }
        for key in shown {
            guard let key else { location += "..."; continue }
            switch key {
            case .index(let n): location += "[\(n)]"
            case .name(let name): location += location.isEmpty ? name : ".\(name)"
            }
        }
        return JSONError("\(message) (at \(location))")
    }

    static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy { $0 < 0x80 } || String(validating: bytes, as: UTF8.self) != nil
    }
}
