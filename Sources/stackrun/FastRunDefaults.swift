import Runtime

// Every property of `Run` and its option groups set to the default its declaration gives, for
// FastRunArguments: a `Run()` made outside argument-parser holds definitions, not values, and
// reading one traps. FastRunArgumentsTests compares the result, property by property, with what
// argument-parser makes of the same command line, so a default changed there and not here (or
// a property added) fails a test.

extension Run {
    static func defaulted() -> Run {
        var run = Run()
        run.script = ""
        run.arguments = []
        run.output = .json
        run.timeout = nil
        run.grace = Scheduler.defaultGraceSeconds
        run.cloud = nil
        run.emulator = false
        run.retries = nil
        run.maxConcurrency = nil
        run.noTokenCache = false
        run.journal = nil
        run.noJournal = false
        run.rollbackOnFailure = false
        run.rollbackTimeout = 600
        run.grants = .defaulted()
        run.sandbox = .defaulted()
        run.limits = .defaulted()
        run.logging = .defaulted()
        run.job = .defaulted()
        run.debugging = .defaulted()
        return run
    }
}

extension PermissionOptions {
    static func defaulted() -> PermissionOptions {
        var options = PermissionOptions()
        (options.read, options.write, options.environment, options.net, options.exec) = ([], [], [], [], [])
        options.all = false
        return options
    }
}

extension SandboxOptions {
    static func defaulted() -> SandboxOptions {
        var options = SandboxOptions()
        options.strict = false
        return options
    }
}

extension LimitOptions {
    static func defaulted() -> LimitOptions {
        var options = LimitOptions()
        options.memory = "512M"
        options.cpu = nil
        return options
    }
}

extension LoggingOptions {
    static func defaulted() -> LoggingOptions {
        var options = LoggingOptions()
        options.logLevel = .info
        options.logFormat = .text
        options.quiet = false
        return options
    }
}

extension JobOptions {
    static func defaulted() -> JobOptions {
        var options = JobOptions()
        (options.lock, options.waitLock, options.jitter) = (nil, nil, nil)
        (options.summary, options.quietSuccess, options.noHistory) = (false, false, false)
        options.keep = RunHistory.defaultKeep
        (options.metricsFile, options.ping, options.pingFile) = (nil, nil, nil)
        options.pingExitCode = false
        return options
    }
}

extension DebugOptions {
    static func defaulted() -> DebugOptions {
        var options = DebugOptions()
        options.debug = false
        options.debugBodyLimit = 4096
        return options
    }
}
