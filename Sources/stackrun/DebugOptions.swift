import ArgumentParser

/// `--debug` and `--debug-body-limit`, for the commands that talk to clouds (run, cleanup).
struct DebugOptions: ParsableArguments {
    @Flag(help: """
        Show every HTTP request and its answer on stderr, as debug log records: method, URL, \
        status, time, request id, headers and bodies. Tokens show as {SHA256} fingerprints, \
        other secrets as ***; the bodies of token requests are never shown. Implies --log-level debug.
        """)
    var debug = false

    @Option(name: .customLong("debug-body-limit"),
            help: ArgumentHelp("With --debug, show at most this many bytes of each body (0: none).", valueName: "bytes"))
    var debugBodyLimit = 4096

    func validate() throws {
        if debugBodyLimit < 0 { throw ValidationError("--debug-body-limit must be a number of bytes, 0 or more") }
    }

    /// The body limit of the trace asked for; nil without --debug (Runtime.traceHTTP).
    var tracedBodyLimit: Int? { debug ? debugBodyLimit : nil }
}
