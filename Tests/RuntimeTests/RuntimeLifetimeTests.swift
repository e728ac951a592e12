import Logging
import Runtime
import Testing
import Transport

/// A Runtime is an ordinary object: when it is freed its Lua state closes and runs the
/// script's pending finalizers, which may call stackrun's functions. That must raise a Lua
/// error (which Lua turns into a warning in a finalizer), never take the process down.
@Suite(.exclusive) struct RuntimeLifetimeTests {
    @Test @LoopActor func bindingsCalledWhileTheStateClosesRaiseInsteadOfCrashing() async throws {
        let log = LogCapture()
        weak var freed: Runtime?
        do {
            let runtime = try Runtime(logger: Logger(label: "stackrun.script") { _ in log }, permissions: .allowAll)
            freed = runtime
            let report = await runtime.run(source: """
                keep = setmetatable({}, {__gc = function()
                  local calls = {function() sleep(0) end, function() spawn(print) end,
                                 function() http.request{url = "http://127.0.0.1:9/"} end,
                                 function() parallel(print) end}
                  for _, call in ipairs(calls) do
                    local ok, err = pcall(call)
                    log.warn(tostring(err))
                  end
                end})
                return "done"
                """)
            #expect(report.value == "done")
        }
        #expect(freed == nil)
        #expect(log.messages.count == 4, "\(log.messages)")
        for message in log.messages {
            #expect(message.contains("cannot be called: the run is over"), "\(message)")
        }
    }
}
