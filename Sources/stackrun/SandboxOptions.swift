import ArgumentParser

/// `stackrun run --strict`: undeclared globals are errors, not warnings (docs/permissions.md).
struct SandboxOptions: ParsableArguments {
    @Flag(name: .customLong("strict"),
          help: "Make reading an undeclared global, or assigning a new global inside a function, an error (by default a warning with file:line).")
    var strict = false
}
