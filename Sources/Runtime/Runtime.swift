public import LuaBridge
import JSONValue
import OpenStack
public import Logging
public import Transport
import SystemIO
internal import CStackrun

/// One Lua state with stackrun's standard library, running scripts as tasks on the event loop.
@LoopActor
public final class Runtime {
    public let lua: LuaState
    public let scheduler: Scheduler
    let scriptLogger: Logger
    var taskMetatable: Int32 = 0
    var errorMetatable: Int32 = 0
    /// The clouds scripts talk to (the default one, clouds.yaml entries, the emulator).
    public let clouds: CloudRegistry
    /// Lua tables of clouds already handed out, by session.
    var cloudObjects: [ObjectIdentifier: Int32] = [:]
    /// A rollback under way (Runtime+Rollback), which a signal stops.
    var rollbackTask: Task<Rollback.Summary, Never>?
    /// The first signal or timeout that interrupted this runtime's work.
    public internal(set) var interruption: CancelReason?
    /// What scripts may read, write, call and run (Permissions, resolved).
    var access: GrantedAccess
    /// The variables `os.getenv` reads (when granted) and the clouds are configured from.
    let environment: @Sendable (String) -> String?
    /// Secret variables a script asked for, each warned about once.
    var secretNamesAsked: Set<String> = []
    /// The directories `require` searches as the host set them (the script's, the working
    /// directory, STACKRUN_PATH's), canonical: modules there load even where reads are not
    /// granted. A `package.path` a script sets itself reaches only granted paths.
    var moduleRoots: [String] = []
    /// Reading an undeclared global or assigning a new one inside a function is an error rather
    /// than a warning (`stackrun run --strict`; Runtime+Sandbox.swift).
    public var strictGlobals = false
    /// Undeclared globals already warned about, by kind, name and place.
    var undeclaredReported: Set<String> = []
    /// The sandbox's `new_env` (Prelude/sandbox.lua), which each script's chunk gets its `_ENV` from.
    var newEnvironmentRef: Int32 = 0
    /// The heap and CPU limits of the next run (Runtime+Limits); none unless set.
    public var limits = ResourceLimits()
    /// Where recipes and modules are found; nil: this process's (RecipePath.forProcess).
    public var recipePath: RecipePath? {
        didSet { processRecipePath = nil }
    }
    /// This process's recipe path, worked out once (it reads the file system) when first needed.
    private var processRecipePath: RecipePath?

    /// `recipePath`, else this process's.
    var effectiveRecipePath: RecipePath {
        if let recipePath { return recipePath }
        if let processRecipePath { return processRecipePath }
        let found = RecipePath.forProcess(environment: environment)
        processRecipePath = found
        return found
    }
    /// The name of the recipe running, once its declaration is read (for logs and summaries).
    public internal(set) var recipe: String?
    /// The declaration of the script run, when it was a recipe (Runtime+Recipe).
    public internal(set) var recipeDeclaration: RecipeDeclaration?
    /// Read a recipe's declaration without calling its `run` (`recipe list`, `recipe show`).
    public var onlyReadsDeclaration = false
    /// Installed recipes whose files were found as their lock records them, with the identity
    /// of the directory then (InstalledRecipes).
    var verifiedRecipes: [String: [UInt64]] = [:]

    /// `permissions` are what scripts may do beyond their clouds: by default what `stackrun run`
    /// grants without a flag (read the working directory and the script's own; the non-secret
    /// OS_* and STACKRUN_* variables; nothing else). `environment` is where variables come from,
    /// for os.getenv and the cloud configuration alike.
    public init(logger: Logger = Logger(label: "stackrun.script"), permissions: Permissions = .standard,
                environment: @escaping @Sendable (String) -> String? = Environment.value) throws(LuaError) {
        lua = try LuaState()
        scheduler = Scheduler(lua: lua)
        scriptLogger = logger
        self.environment = environment
        access = GrantedAccess(permissions, environment: environment)
        clouds = CloudRegistry(environment: environment)
        errorMetatable = makeErrorMetatable()
        // Bad arguments are error tables like every other stackrun error, so that
        // `err.kind(e) == "invalid_argument"` holds whatever function was called wrongly.
        lua.argumentError = { [weak self] stack, function, message in
            LoopActor.assumeIsolated {
                guard let self else { return stack.push(message) }
                self.pushErrorTable(message: message, fields: ["kind": "invalid_argument", "function": JSON(function)],
                               position: stack.position(), on: stack)
            }
        }
        installJSONLibrary()
        installLogLibrary()
        installTaskLibrary()
        installDeferLibrary()
        installHTTPLibrary()
        installFileSystemLibrary()
        installOSLibrary()
        installExecLibrary()
        installOpenStackLibrary()
        moduleRoots = processModulePath.directories.compactMap(POSIXFile.canonicalPath)
        try runPrelude()
    }

    /// Wraps a loop-isolated binding body as a LuaFunction. Bindings are called by Lua from
    /// inside `lua_resume`, which the scheduler runs on the loop thread, so the assumption holds.
    /// The wrapper holds the runtime weakly and keeps it alive for the call: a binding reached
    /// after the runtime is gone (a `__gc` finalizer run while its Lua state closes) raises
    /// instead of touching freed memory, so bodies may capture `self` unowned.
    func isolated(_ body: @escaping @LoopActor (LuaCall) throws(LuaCallError) -> LuaReturn) -> LuaFunction {
        { [weak self] call throws(LuaCallError) in
            guard let runtime = self else { throw LuaCallError.runtimeClosed(call) }
            let result: Result<LuaReturn, LuaCallError> = LoopActor.assumeIsolated {
                withExtendedLifetime(runtime) {
                    do throws(LuaCallError) { return .success(try body(call)) } catch { return .failure(error) }
                }
            }
            return try result.get()
        }
    }

    /// `require`'s path before a script file sets its own: the working directory and the
    /// recipe path of this runtime's environment.
    private var processModulePath: ModuleSearchPath {
        ModuleSearchPath(scriptDirectory: nil, recipePath: effectiveRecipePath)
    }

    private func runPrelude() throws(LuaError) {
        switch PreludeChunk.form {
        case .bytecode(let bytecode): try lua.loadOwnBytecode(bytecode, chunkName: PreludeChunk.chunkName)
        case .source(let source): try lua.load(source, chunkName: PreludeChunk.chunkName)
        }
        let stack = lua.stack
        stack.pushLightUserdata(sr_host_sentinel())
        stack.newTable(fields: 4)
        pushModuleFinder()
        stack.setRawField("find_module", ofTableAt: -2)
        pushRecipeFinder()
        stack.setRawField("find_recipe", ofTableAt: -2)
        // A script file's own directory is put first when it runs (Runtime+Run.swift).
        stack.push(processModulePath.packagePath)
        stack.setRawField("module_path", ofTableAt: -2)
        // host.resume: coroutine.resume watched by the run's stop (see sr_push_watched_resume).
        _ = stack.pushGlobal("coroutine")
        _ = stack.rawField("resume", ofTableAt: -1)
        stack.remove(at: -2)
        sr_push_watched_resume(stack.L)
        stack.setRawField("resume", ofTableAt: -2)
        // host.bad_argument(function, message): the invalid_argument error table for a function
        // written in the prelude, located at its caller's line like a binding's.
        lua.setFunction("bad_argument", in: -1, name: "bad_argument", isolated { [unowned self] call throws(LuaCallError) in
            let function = try call.string(1)
            let message = try call.string(2)
            pushErrorTable(message: message, fields: ["kind": "invalid_argument", "function": JSON(function)],
                           position: call.stack.position(level: 2), on: call.stack)
            return .results(1)
        })
        lua.setFunction("recipe_parameters", in: -1, name: "recipe.run", recipeParametersFunction())
        addSandboxHostFunctions()
        try lua.call(arguments: 2, results: 1)
        newEnvironmentRef = stack.ref()
    }

    /// Closes the Lua state: pending `__close` and `__gc` metamethods run, and every Lua value and
    /// the Swift objects behind them are freed. The runtime cannot run anything afterwards.
    public func close() {
        scheduler.closeAll()
        lua.close()
    }

    /// `--debug`: every HTTP request of the run (every cloud's, and `http.request`'s) and its
    /// answer as debug log records, bodies shown up to `bodyLimit` bytes (DebugTracer). Set
    /// before the run makes its first request.
    public func traceHTTP(bodyLimit: Int) {
        clouds.tracer = DebugTracer(bodyLimit: bodyLimit)
    }

    /// Cancels every task because the run must end (a timeout or a signal); their cleanup has
    /// the grace period. The first reason is the one reported.
    public func interrupt(_ reason: CancelReason) {
        scheduler.cancelRun(reason)
        if interruption == nil { interruption = reason }
        rollbackTask?.cancel()
    }
}
