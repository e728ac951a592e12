import JSONValue
import Runtime
import Testing
import Transport

/// Lua tasks against a server whose endpoint waits: concurrency shows in the elapsed time.
@Suite(.exclusive) struct ConcurrencyTests {
    @Test func parallelMapOverFiftyDelayedRequests() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let (report, elapsed) = try await timedRunLua("""
            local url = \(lua(server.url("/delay?ms=200")))
            local list = {}
            for i = 1, 50 do list[i] = i end
            local statuses = parallel.map(list, function(n)
              local response = http.request{url = url .. "&n=" .. n}
              return response.status * 1000 + n
            end)
            return statuses
            """)
        #expect(report.status == .success, "\(report.problems)")
        // A client that sends one at a time peaks at 1; allow for a slow server on a loaded machine.
        #expect(try server.stats()["delay_peak"] ?? 0 >= 25, "the server never had many waiting at once")
        #expect(report.value == .array((1...50).map { JSON.int(200_000 + Int64($0)) }), "results keep the list's order")
        #expect(elapsed < 3, "50 requests of 200 ms took \(elapsed) s: not concurrent")
    }

    @Test func fiftySpawnedTasksWaitedOneByOne() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let (report, elapsed) = try await timedRunLua("""
            local url = \(lua(server.url("/delay?ms=200")))
            local tasks = {}
            for i = 1, 50 do
              tasks[i] = spawn(function(n) return http.request{url = url}.json.delayed_ms + n end, i)
            end
            local sum = 0
            for i = 1, 50 do sum = sum + tasks[i]:wait() end
            return sum, tasks[50]:status()
            """)
        #expect(report.status == .success, "\(report.problems)")
        let expected: [JSON] = [.int(11_275), "done"] // 50 × 200 ms + (1 + ... + 50)
        #expect(report.results == expected)
        #expect(try server.stats()["delay_peak"] ?? 0 >= 25)
        #expect(elapsed < 3, "50 tasks of 200 ms took \(elapsed) s")
    }

    @Test func theLimitOfParallelMapBoundsConcurrency() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let (report, elapsed) = try await timedRunLua("""
            local url = \(lua(server.url("/delay?ms=150")))
            local running, most = 0, 0
            local list = {}
            for i = 1, 12 do list[i] = i end
            parallel.map(list, function()
              running = running + 1
              most = math.max(most, running)
              http.request{url = url}
              running = running - 1
            end, {limit = 3})
            return most
            """)
        #expect(report.status == .success, "\(report.problems)")
        #expect(report.value == 3)
        #expect(try server.stats()["delay_peak"] ?? 0 <= 3)
        #expect(elapsed >= 0.55, "12 calls, 3 at a time, 150 ms each: at least 4 rounds; took \(elapsed) s")
    }

    @Test func parallelReturnsEachFunctionsFirstResultInOrder() async throws {
        let report = try await runLua("""
            local a, b, c = parallel(
              function() sleep(0.05) return "slow", "ignored" end,
              function() return "instant" end,
              function() sleep(0.01) return nil end)
            return {a, b, c == nil}
            """)
        #expect(report.status == .success, "\(report.problems)")
        #expect(report.value == ["slow", "instant", true])
    }

    @Test func settleReportsEveryOutcome() async throws {
        let report = try await runLua("""
            local outcomes = parallel.settle(
              function() sleep(0.02) return 1 end,
              function() error({code = 42}) end,
              function() error("plain") end)
            return {outcomes[1].ok, outcomes[1].value, outcomes[2].ok, outcomes[2].error.code,
                    outcomes[3].ok, tostring(outcomes[3].error):match("plain") ~= nil}
            """)
        #expect(report.status == .success, "\(report.problems)")
        #expect(report.value == [true, 1, false, 42, false, true])
    }

    @Test func aHundredSleepersSleepTogether() async throws {
        let (report, elapsed) = try await timedRunLua("""
            local asleep, most = 0, 0
            local fns = {}
            for i = 1, 100 do
              fns[i] = function()
                asleep = asleep + 1
                most = math.max(most, asleep)
                sleep(0.2)
                asleep = asleep - 1
                return i
              end
            end
            local results = {parallel(table.unpack(fns))}
            return {#results, most}
            """)
        #expect(report.value == [100, 100])
        #expect(elapsed < 5, "100 sleeps of 200 ms took \(elapsed) s")
    }

    @Test func aTaskThatOnlyComputesDoesNotStarveTheOthers() async throws {
        let report = try await runLua("""
            local ticks = 0
            local ticker = spawn(function()
              for _ = 1, 5 do sleep(0.01) ticks = ticks + 1 end
            end)
            -- A busy task that yields with plain coroutine.yield: the others still get turns.
            local busy = spawn(function()
              local n = 0
              while ticker:status() == "running" do n = n + 1 coroutine.yield() end
              return n
            end)
            return busy:wait() > 0, ticks
            """)
        #expect(report.status == .success, "\(report.problems)")
        #expect(report.results == [true, 5])
    }
}
