/// A config file or fault plan that cannot be used; says where and why.
public struct EmulatorConfigError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { path.isEmpty ? reason : "\(path): \(reason)" }

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

/// Reads one JSON object of a config file strictly: wrong types and unknown keys are errors,
/// so a misspelt option never goes unnoticed.
struct ConfigReader {
    let object: EmulatorJSONObject
    let path: String
    private var used: Set<String> = []

    init(_ value: EmulatorJSON, path: String) throws(EmulatorConfigError) {
        guard let object = value.objectValue else { throw EmulatorConfigError(path: path, reason: "expected an object, got \(value.typeName)") }
        self.object = object
        self.path = path
    }

    private func location(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    mutating func value(_ key: String) -> EmulatorJSON? {
        used.insert(key)
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    mutating func string(_ key: String) throws(EmulatorConfigError) -> String? {
        guard let value = value(key) else { return nil }
        guard let text = value.stringValue else { throw EmulatorConfigError(path: location(key), reason: "expected a string, got \(value.typeName)") }
        return text
    }

    mutating func number(_ key: String, atLeast minimum: Double = -.infinity, atMost maximum: Double = .infinity)
        throws(EmulatorConfigError) -> Double?
    {
        guard let value = value(key) else { return nil }
        guard let number = value.doubleValue else { throw EmulatorConfigError(path: location(key), reason: "expected a number, got \(value.typeName)") }
        guard number >= minimum && number <= maximum else {
            throw EmulatorConfigError(path: location(key), reason: "\(number) is outside \(minimum)...\(maximum)")
        }
        return number
    }

    mutating func integer(_ key: String, atLeast minimum: Int = .min) throws(EmulatorConfigError) -> Int? {
        guard let value = value(key) else { return nil }
        guard let number = value.intValue else { throw EmulatorConfigError(path: location(key), reason: "expected an integer, got \(value.typeName)") }
        guard number >= minimum else { throw EmulatorConfigError(path: location(key), reason: "\(number) is less than \(minimum)") }
        return number
    }

    mutating func strings(_ key: String) throws(EmulatorConfigError) -> [String]? {
        guard let value = value(key) else { return nil }
        guard let array = value.arrayValue else { throw EmulatorConfigError(path: location(key), reason: "expected an array, got \(value.typeName)") }
        var result: [String] = []
        for (index, element) in array.enumerated() {
            guard let text = element.stringValue else {
                throw EmulatorConfigError(path: "\(location(key))[\(index)]", reason: "expected a string, got \(element.typeName)")
            }
            result.append(text)
        }
        return result
    }

    mutating func object(_ key: String) throws(EmulatorConfigError) -> ConfigReader? {
        guard let value = value(key) else { return nil }
        return try ConfigReader(value, path: location(key))
    }

    mutating func objects(_ key: String) throws(EmulatorConfigError) -> [ConfigReader]? {
        guard let value = value(key) else { return nil }
        guard let array = value.arrayValue else { throw EmulatorConfigError(path: location(key), reason: "expected an array, got \(value.typeName)") }
        var readers: [ConfigReader] = []
        for (index, element) in array.enumerated() {
            readers.append(try ConfigReader(element, path: "\(location(key))[\(index)]"))
        }
        return readers
    }

    func required<T>(_ value: T?, _ key: String) throws(EmulatorConfigError) -> T {
        guard let value else { throw EmulatorConfigError(path: location(key), reason: "is required") }
        return value
    }

    /// Fails on keys nobody read.
    func finish() throws(EmulatorConfigError) {
        for key in object.keys where !used.contains(key) {
            throw EmulatorConfigError(path: location(key), reason: "unknown option")
        }
    }

    /// Keys nobody read yet, for sections handed on to services.
    var unusedKeys: [String] { object.keys.filter { !used.contains($0) } }
}
