/// Receives what a JSONReader reads, so that one parser can build different things: a JSON
/// value (JSONTreeSink), or Lua tables pushed straight onto a Lua stack (in LuaBridge), without
/// an intermediate tree. Strings arrive as UTF-8 bytes already unescaped and validated; the buffer
/// is only valid during the call.
public protocol JSONSink {
    associatedtype Value
    associatedtype ArrayState
    associatedtype ObjectState

    mutating func null() -> Value
    mutating func bool(_ value: Bool) -> Value
    mutating func integer(_ value: Int64) -> Value
    mutating func float(_ value: Double) -> Value
    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> Value

    mutating func beginArray() -> ArrayState
    mutating func append(_ element: Value, to array: inout ArrayState)
    mutating func endArray(_ array: ArrayState) -> Value

    mutating func beginObject() -> ObjectState
    /// A member's key, read before its value.
    mutating func key(_ bytes: UnsafeBufferPointer<UInt8>, in object: inout ObjectState)
    /// That member's value.
    mutating func value(_ value: Value, in object: inout ObjectState)
    mutating func endObject(_ object: ObjectState) -> Value
}

/// Builds JSON values.
public struct JSONTreeSink: JSONSink {
    public init() {}

    public func null() -> JSON { .null }
    public func bool(_ value: Bool) -> JSON { .bool(value) }
    public func integer(_ value: Int64) -> JSON { .int(value) }
    public func float(_ value: Double) -> JSON { .float(value) }
    public func string(_ bytes: UnsafeBufferPointer<UInt8>) -> JSON { .string(Array(bytes)) }

    public func beginArray() -> [JSON] { [] }
    public func append(_ element: JSON, to array: inout [JSON]) { array.append(element) }
    public func endArray(_ array: [JSON]) -> JSON { .array(array) }

    public func beginObject() -> (JSONObject, String) { (JSONObject(minimumCapacity: 8), "") }
    public func key(_ bytes: UnsafeBufferPointer<UInt8>, in object: inout (JSONObject, String)) {
        object.1 = String(decoding: bytes, as: UTF8.self)
    }
    public func value(_ value: JSON, in object: inout (JSONObject, String)) {
        object.0.members.append((object.1, value))
    }
    public func endObject(_ object: (JSONObject, String)) -> JSON { .object(object.0) }
}
