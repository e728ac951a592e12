internal import CLua
public import JSONValue

extension LuaStack {
    /// Pushes a JSON value as Lua values: objects and arrays become tables (arrays marked, see
    /// JSONMarkers), null becomes `json.null`, integers stay integers and floats stay floats.  [-0, +1]
    public func push(_ value: JSON) {
        let markers = owner.markers
        push(value, markers: markers)
    }

    private func push(_ value: JSON, markers: JSONMarkers) {
        switch value {
        case .null: push(ref: markers.null)
        case .bool(let flag): push(flag)
        case .int(let number): push(number)
        case .float(let number): push(number)
        case .string(let bytes): push(bytes: bytes)
        case .array(let elements):
            reserve(3)
            newTable(array: Int32(clamping: elements.count))
            for (index, element) in elements.enumerated() {
                push(element, markers: markers)
                setRawIndex(Int64(index + 1), ofTableAt: -2)
            }
            push(ref: markers.arrayMetatable)
            setMetatable(ofValueAt: -2)
        case .object(let object):
            reserve(3)
            newTable(fields: Int32(clamping: object.count))
            for member in object.members {
                pushKey(member.key)
                push(member.value, markers: markers)
                rawSet(tableAt: -3)
            }
        }
    }

    private func pushKey(_ key: String) {
        if let done = key.utf8.withContiguousStorageIfAvailable({ pushBytes($0) }) { return done }
        push(key)
    }
}
