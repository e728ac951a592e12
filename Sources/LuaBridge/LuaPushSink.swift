internal import CLua
public import JSONValue

/// Builds Lua values straight from JSON text, with no JSON tree in between: the fast path for
/// response bodies and `json.decode` (one pass over the bytes, one Lua table per container).
/// Arrays get the json.array mark, null becomes json.null, integers stay integers.
struct LuaPushSink: JSONSink {
    let stack: LuaStack
    let markers: JSONMarkers

    func null() { stack.push(ref: markers.null) }
    func bool(_ value: Bool) { stack.push(value) }
    func integer(_ value: Int64) { stack.push(value) }
    func float(_ value: Double) { stack.push(value) }
    func string(_ bytes: UnsafeBufferPointer<UInt8>) { stack.pushBytes(bytes) }

    func beginArray() -> Int64 {
        stack.reserve(3)
        stack.newTable()
        return 0
    }

    func append(_ element: Void, to count: inout Int64) {
        count += 1
        stack.setRawIndex(count, ofTableAt: -2)
    }

    func endArray(_ count: Int64) {
        stack.push(ref: markers.arrayMetatable)
        stack.setMetatable(ofValueAt: -2)
    }

    func beginObject() {
        stack.reserve(3)
        stack.newTable()
    }

    func key(_ bytes: UnsafeBufferPointer<UInt8>, in object: inout Void) { stack.pushBytes(bytes) }
    func value(_ value: Void, in object: inout Void) { stack.rawSet(tableAt: -3) }
    func endObject(_ object: Void) {}
}

extension LuaStack {
    /// Decodes JSON text and pushes the value; on an error, pushes nothing.  [-0, +(1|0)]
    public func pushJSON(decoding bytes: some Collection<UInt8>) throws(JSONError) {
        let pushed: Result<Void, JSONError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONError) in try pushJSON(decodingBuffer: buffer) }
        }
        if let pushed { return try pushed.get() }
        try Array(bytes).withUnsafeBufferPointer { buffer throws(JSONError) in try pushJSON(decodingBuffer: buffer) }
    }

    /// Not generic on purpose: the reader is specialized for LuaPushSink only where both of its
    /// type parameters are concrete; called from a generic method it ran unspecialized, every
    /// token a protocol-witness call (seen with perf; the time is dominated by Lua's table and
    /// string building either way, so the gain is small).
    private func pushJSON(decodingBuffer buffer: UnsafeBufferPointer<UInt8>) throws(JSONError) {
        let base = top
        var sink = LuaPushSink(stack: self, markers: owner.markers)
        do {
            try JSONReader.read(buffer, into: &sink)
        } catch {
            setTop(base)
            throw error
        }
    }
}
