import JSONValue
import Runtime
import Testing
import Transport

/// `retry(options, fn, ...)`: the retries of the OpenStack calls, for anything a script does.
@Suite("retry()")
struct RetryFunctionTests {
    @Test("a function that fails twice is called three times and its values returned")
    @LoopActor func succeedsOnThirdAttempt() async throws {
        let result = try await evaluateLua("""
            local calls = 0
            local a, b = retry({attempts = 5, delay = 0}, function(x)
              calls = calls + 1
              if calls < 3 then error({kind = "http", status = 503, message = "busy"}) end
              return x, calls
            end, "value")
            return {a, b}
            """)
        #expect(result == ["value", 3])
    }

    @Test("the last error is raised when the attempts run out, and on() can stop early")
    @LoopActor func givesUp() async throws {
        let result = try await evaluateLua("""
            local calls = 0
            local ok, e = pcall(retry, {attempts = 2, delay = 0}, function() calls = calls + 1; error("still down " .. calls, 0) end)
            local stopped = 0
            local ok2, e2 = pcall(retry, {attempts = 5, delay = 0, on = function(err) return err.status ~= 404 end},
              function() stopped = stopped + 1; error({kind = "not_found", status = 404}) end)
            local invalid = 0
            pcall(retry, {delay = 0}, function() invalid = invalid + 1; error({kind = "invalid_argument"}) end)
            -- A create that may have happened is not called again by default; a GET that timed out is.
            local unknown = 0
            pcall(retry, {delay = 0}, function() unknown = unknown + 1; error({kind = "outcome_unknown", method = "POST"}) end)
            local posted, read = 0, 0
            pcall(retry, {delay = 0}, function() posted = posted + 1; error({kind = "timeout", method = "POST"}) end)
            pcall(retry, {delay = 0}, function() read = read + 1; error({kind = "timeout", method = "GET"}) end)
            return {ok, e, calls, ok2, e2.status, stopped, invalid, unknown, posted, read}
            """)
        #expect(result == [false, "still down 2", 2, false, 404, 1, 1, 1, 1, 3])
    }

    @Test("wrong options are an invalid_argument error before fn runs")
    @LoopActor func badOptions() async throws {
        let result = try await evaluateLua("""
            local ran = false
            local ok, e = pcall(retry, {attempts = 0}, function() ran = true end)
            local ok2, e2 = pcall(retry, {}, "not a function")
            return {e.kind, e.message, e2.message, ran}
            """)
        #expect(result == ["invalid_argument", "bad argument #1 to 'retry' (attempts must be a positive integer)",
                           "bad argument #2 to 'retry' (function expected, got string)", false])
    }
}
