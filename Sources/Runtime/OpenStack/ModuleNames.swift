import LuaBridge
import OpenStack
import Transport

extension Runtime {
    /// Makes reading a name the module table at `index` does not have an error that says so and
    /// names the closest ones (`nova has no 'creat'; did you mean 'create'?`), instead of a nil
    /// that fails later as "attempt to call a nil value". `notes` explain names that are missing
    /// on purpose (`wait` where the resources have no status).  [-0, +0]
    func rejectUnknownNames(ofModuleAt index: Int32, module: String, notes: [String: String] = [:]) {
        let stack = lua.stack
        let table = stack.absolute(index)
        stack.newTable(fields: 2)
        lua.setFunction("__index", in: -1, name: "\(module).__index", isolated { call throws(LuaCallError) in
            let stack = call.stack
            // A number key is shown as the number (`nova[1]`), anything else by its type.
            let key: String = switch stack.type(at: 2) {
            case .string: stack.string(at: 2) ?? "?"
            case .number: stack.integer(at: 2).map { String($0) } ?? stack.number(at: 2).map { "\($0)" } ?? "?"
            default: "a \(stack.typeName(at: 2)) key"
            }
            var text = "\(module) has no '\(key)'"
            if let note = notes[key] {
                text += " (\(note))"
            } else {
                let closest = ModuleNames.closest(to: key, among: Self.stringKeys(ofTableAt: 1, stack))
                if !closest.isEmpty { text += "; did you mean " + closest.map { "'\($0)'" }.joined(separator: " or ") + "?" }
            }
            throw .message(text)
        })
        stack.push("stackrun.module")
        stack.setRawField("__name", ofTableAt: -2)
        stack.setMetatable(ofValueAt: table)
    }

    private static func stringKeys(ofTableAt index: Int32, _ stack: LuaStack) -> [String] {
        var keys: [String] = []
        stack.reserve(3)
        stack.pushNil()
        while stack.next(tableAt: index) {
            // Read the key only when it is a string: converting a number key in place would
            // confuse the traversal.
            if stack.type(at: -2) == .string, let key = stack.string(at: -2) { keys.append(key) }
            stack.pop()
        }
        return keys
    }
}

/// Which names are close enough to a mistyped one to suggest.
enum ModuleNames {
    /// Up to three names within a small edit distance of `name` (one edit per three letters,
    /// at least one), nearest first, then alphabetical.
    static func closest(to name: String, among names: [String]) -> [String] {
        let allowed = max(1, name.count / 3)
        let scored = names.map { ($0, editDistance(name.lowercased(), $0.lowercased())) }.filter { $0.1 <= allowed }
        return scored.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(3).map(\.0)
    }

    /// Levenshtein distance over characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
