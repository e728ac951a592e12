import JSONValue
import LuaBridge
import OpenStack
import Transport

extension Runtime {
    /// Installs a declared operation: `prefix.NAME(subject, arguments..., {options, wait =, timeout =, ...})`.
    /// Arguments are checked here, before anything is sent; the session resolves, sends and waits.
    func setOperation(_ operation: Operation, prefix: String, in table: Int32, session: @escaping SessionProvider) {
        lua.setFunction(operation.name, in: table, name: "\(prefix).\(operation.name)", isolated { [unowned self] call throws(LuaCallError) in
            var input = OperationInput(subject: try call.referenceValue(1, operation.subject))
            var position: Int32 = 2
            for argument in operation.arguments {
                defer { position += 1 }
                if argument.optional && call.isAbsent(position) { continue }
                let (slot, value) = try Self.argument(argument, at: position, call)
                input.values[slot] = value
            }
            var (fields, control) = try call.options(position)
            for option in operation.options {
                input.values[option.key] = try Self.option(option, fields.take(option.key), at: position)
            }
            try Self.refuseLeftovers(fields, call, position)
            if control.wait && operation.wait == nil {
                throw .argument(position, "'wait': \(prefix).\(operation.name) leads to no state to wait for")
            }
            let given = input
            return try suspend(call, control) { () async throws(OpenStackError) in
                let result = try await session().perform(operation, given, wait: control.wait, control.waitOptions, control.callOptions)
                guard let result else { return { stack in stack.pushNil(); return 1 } }
                return Self.value(result)
            }
        })
    }

    /// One positional argument, checked: the slot it fills and its value.
    private static func argument(_ argument: Operation.Argument, at position: Int32,
                                 _ call: LuaCall) throws(LuaCallError) -> (String, OperationInput.Value) {
        switch argument.form {
        case .reference(let kind):
            return (argument.slot, .reference(try call.referenceValue(position, kind), kind))
        case .oneOf(let choices):
            // A table naming which (`{port = ...}`, `{port_id = ...}`); anything else is the first.
            if call.stack.type(at: position) == .table, case .object(let given) = try call.json(position), given[choices[0].kind.idField] == nil {
                for choice in choices {
                    if let value = given[choice.key] ?? given[choice.key + "_id"] { return (choice.slot, .reference(value, choice.kind)) }
                }
                throw .argument(position, "\(argument.description) expected")
            }
            return (choices[0].slot, .reference(JSON(try call.reference(position, choices[0].kind)), choices[0].kind))
        case .integer(let minimum):
            let number = try call.integer(position)
            guard number >= minimum else {
                throw .argument(position, minimum == 1 ? "\(argument.description) must be positive" : "\(argument.description) must be at least \(minimum)")
            }
            return (argument.slot, .value(.int(number)))
        case .table:
            try call.table(position)
            guard case .object(let object) = try call.json(position) else { throw .argument(position, "a \(argument.description) expected") }
            return (argument.slot, .value(.object(object)))
        }
    }

    /// One key of the options table, checked (nil when not given and without a fallback).
    private static func option(_ option: Operation.Option, _ value: JSON?, at position: Int32) throws(LuaCallError) -> OperationInput.Value? {
        switch option.form {
        case .word(let fallback):
            guard let value else { return .value(JSON(fallback)) }
            guard let word = value.stringValue else { throw .argument(position, "'\(option.key)' must be a string") }
            return .value(JSON(word.uppercased()))
        case .string:
            guard let value else { return nil }
            guard value.stringValue != nil else { throw .argument(position, "'\(option.key)' must be a string") }
            return .value(value)
        case .flag:
            guard let value else { return nil }
            guard value.boolValue != nil else { throw .argument(position, "'\(option.key)' must be true or false") }
            return .value(value)
        }
    }
}
