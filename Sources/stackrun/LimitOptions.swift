import ArgumentParser
import Runtime

/// `stackrun run`'s resource limits: the Lua heap and Lua execution time.
struct LimitOptions: ParsableArguments {
    @Option(name: .customLong("memory-limit"),
            help: ArgumentHelp("The most memory the Lua heap may hold: bytes, or with K, M or G (binary units); 0 for no limit. Past it the script gets a catchable \"not enough memory\" error; going past it again ends the run with 6.",
                               valueName: "size"))
    var memory: String = "512M"

    @Option(name: .customLong("cpu-limit"),
            help: ArgumentHelp("Seconds Lua code may run in all, not counting the time tasks wait for I/O or sleep; then it is stopped and the run exits with 152.",
                               valueName: "seconds"))
    var cpu: Double?

    var limits: ResourceLimits {
        let bytes = Self.bytes(memory) ?? 0
        return ResourceLimits(memoryBytes: bytes == 0 ? nil : bytes, cpuSeconds: cpu)
    }

    func validate() throws {
        guard let bytes = Self.bytes(memory) else {
            throw ValidationError("--memory-limit must be a number of bytes, optionally followed by K, M or G (64M, 1G), or 0")
        }
        if bytes != 0 && bytes < 1 << 20 { throw ValidationError("--memory-limit must be at least 1M (or 0 for no limit)") }
        if let cpu, !(cpu > 0 && cpu.isFinite) { throw ValidationError("--cpu-limit must be a positive number of seconds") }
    }

    /// "64M", "1G", "512k", "1048576": bytes; nil when not a size.
    static func bytes(_ text: String) -> Int? {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        var digits = Substring(text)
        var multiplier = 1
        if let last = text.last?.uppercased().first, let unit = units[last] {
            multiplier = unit
            digits = digits.dropLast()
            if digits.last?.uppercased() == "I" || digits.last == "B" { return nil }
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let value = Int(digits), value >= 0 else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : product
    }
}
