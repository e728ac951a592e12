/// Keystone's error messages.
enum KeystoneError {
    static let clientAtFault =
        " The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error."

    /// Keystone's ValidationError: "Expecting to find X in Y." plus the standard sentence.
    static func validation(_ message: String) -> ServiceError {
        .badRequest(message + clientAtFault)
    }

    /// A JSON-schema failure. Keystone appends the whole schema; the emulator keeps the first line.
    static func schema(_ message: String) -> ServiceError {
        .badRequest(message)
    }

    static func unauthorized(_ message: String = "The request you have made requires authentication.", extra: EmulatorJSONObject = [:])
        -> ServiceError
    {
        ServiceError(status: 401, message: message, extra: extra)
    }

    static func forbidden(_ message: String) -> ServiceError {
        .forbidden(message)
    }

    /// The 403 of a failed policy check.
    static func policy(_ rule: String) -> ServiceError {
        .forbidden("You are not authorized to perform the requested action: \(rule).")
    }
}
