import JSONValue
import Logging

extension Logger.MetadataValue {
    /// A number in a log record. swift-log's metadata is text; carried as `JSONText`, the number
    /// reaches a JSON log line as a number (`"ms":12`), not as the string `"12"`.
    static func number(_ value: some BinaryInteger) -> Self { .stringConvertible(JSONText(.int(Int64(clamping: value)))) }

    static func number(_ value: Double) -> Self { .stringConvertible(JSONText(.float(value))) }
}
