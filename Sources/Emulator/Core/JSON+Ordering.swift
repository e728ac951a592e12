extension EmulatorJSON {
    /// How Cinder and Glance order a list by a `sort` key (the database's order): integers by
    /// value, strings by their text, a missing or null value before any other, and values of
    /// different kinds as equal. -1, 0 or 1.
    static func ordering(_ left: EmulatorJSON?, _ right: EmulatorJSON?) -> Int {
        switch (left ?? .null, right ?? .null) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        case (.string(let a), .string(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        case (.null, .null): return 0
        case (.null, _): return -1
        case (_, .null): return 1
        default: return 0
        }
    }
}
