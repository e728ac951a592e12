import PackagePlugin

/// Compiles the Runtime's Lua prelude to bytecode when the Runtime target is built (with the
/// PreludeCompiler tool, linked with the build machine's liblua5.4), and hands the Runtime a
/// Swift file holding it, its source and that library's release (a runner with another release
/// compiles the source: see PreludeChunk). Rebuilt whenever a prelude file changes.
@main struct PreludeBytecode: BuildToolPlugin {
    /// The prelude's files, in the order they are joined into one chunk: each sees the locals
    /// of those before it, and the sandbox must come last (it wraps every global made before).
    static let files = ["prelude.lua", "retry.lua", "sandbox.lua"]

    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let directory = target.directoryURL.appending(path: "Prelude")
        let inputs = Self.files.map { directory.appending(path: $0) }
        let output = context.pluginWorkDirectoryURL.appending(path: "PreludeBytecode.swift")
        return [.buildCommand(
            displayName: "Compiling the Lua prelude to bytecode",
            executable: try context.tool(named: "PreludeCompiler").url,
            arguments: [output.path(percentEncoded: false), "=prelude", "preludeBytecode"]
                + inputs.map { $0.path(percentEncoded: false) },
            inputFiles: inputs,
            outputFiles: [output]
        )]
    }
}
