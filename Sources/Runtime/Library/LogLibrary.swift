import JSONValue
import LuaBridge
import Logging

extension Runtime {
    /// `log.debug/info/warn/error(message, fields)`: a record on stderr with the script's
    /// file:line (`at`) and the fields as metadata.
    func installLogLibrary() {
        let stack = lua.stack
        stack.newTable(fields: 4)
        let levels: [(String, Logger.Level)] = [("debug", .debug), ("info", .info), ("warn", .warning), ("error", .error)]
        for (name, level) in levels {
            lua.setFunction(name, in: -1, name: "log.\(name)") { [logger = scriptLogger] call throws(LuaCallError) in
                guard logger.logLevel <= level else { return .results(0) }
                let message = call.isAbsent(1) ? "" : call.stack.describe(at: 1)
                var metadata: Logger.Metadata = [:]
                if try call.optionalTable(2), case .object(let fields) = try call.json(2) {
                    for member in fields.members { metadata[member.key] = LogValueText.metadata(member.value) }
                }
                if let position = call.stack.position() { metadata["at"] = .string(position) }
                logger.log(level: level, "\(message)", metadata: metadata)
                return .results(0)
            }
        }
        stack.setGlobal("log")
        installPrint()
    }

    /// `print(...)`: Lua's print, but as an info record on stderr. stdout carries only the
    /// script's results, one JSON document that `jq` can read; a stray print would break it.
    private func installPrint() {
        lua.setGlobalFunction("print") { [logger = scriptLogger] call throws(LuaCallError) in
            guard logger.logLevel <= .info else { return .results(0) }
            // As Lua's print: every argument through tostring, tabs between them.
            let message = stride(from: 1, through: call.argumentCount, by: 1)
                .map { call.stack.describe(at: $0) }.joined(separator: "\t")
            var metadata: Logger.Metadata = [:]
            if let position = call.stack.position() { metadata["at"] = .string(position) }
            logger.info("\(message)", metadata: metadata)
            return .results(0)
        }
    }
}
