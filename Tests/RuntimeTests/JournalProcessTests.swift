import Emulator
import Glibc
import JSONValue
import Runtime
import Testing

/// The journal against the process's end: a create is on disk before the script sees it, so a
/// run killed right after still lists it; an interrupted run is rolled back before it exits.
@Suite(.exclusive) struct JournalProcessTests {
    func environment(_ emulator: OpenStackEmulator) -> [String: String] {
        ["OS_AUTH_URL": emulator.authURL, "OS_USERNAME": "admin", "OS_PASSWORD": TestEnvironment.adminPassword, "OS_PROJECT_NAME": "admin",
         "OS_USER_DOMAIN_NAME": "Default", "OS_PROJECT_DOMAIN_NAME": "Default", "OS_REGION_NAME": "RegionOne", "OS_CLOUD": ""]
    }

    @Test func aRunKilledRightAfterACreateStillHasItInItsJournal() async throws {
        let emulator = try await OpenStackEmulator.start(EmulatorConfig(), host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        let directory = try TemporaryDirectory("journal")
        defer { directory.remove() }
        try directory.write("script.lua", """
            local network = neutron.networks.create{name = "then-killed"}
            log.warn("created " .. network.id)
            sleep(100)
            """)
        let journal = directory.file("run.jsonl")
        let process = try ChildProcess([Fixtures.stackrunBinary, "run", "--journal", journal, directory.file("script.lua")],
                                       environment: environment(emulator), outputIn: directory.path)
        #expect(await process.waitFor("created ", seconds: 30), "\(process.stderr)")
        process.send(SIGKILL)
        _ = process.wait()
        let id = process.stderr.split(separator: "created ").last.map { String($0.prefix(36)) } ?? "?"
        let lines = try readFile(journal).split(separator: "\n")
        #expect(lines.first?.contains(#""event":"run""#) == true)
        #expect(lines.contains { $0.contains(#""event":"created","kind":"network","id":"\#(id)""#) }, "\(lines)")
    }

    @Test func anInterruptedRunIsRolledBackBeforeItExits() async throws {
        let emulator = try await OpenStackEmulator.start(EmulatorConfig(), host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        let networksBefore = emulator.stats()["resources"]?["network"]
        let directory = try TemporaryDirectory("journal")
        defer { directory.remove() }
        try directory.write("script.lua", """
            local network = neutron.networks.create{name = "interrupted"}
            neutron.subnets.create{network = network, cidr = "10.1.0.0/24", ip_version = 4}
            log.warn("built")
            sleep(100)
            """)
        let process = try ChildProcess([Fixtures.stackrunBinary, "run", "--rollback-on-failure", directory.file("script.lua")],
                                       environment: environment(emulator), outputIn: directory.path)
        #expect(await process.waitFor("built", seconds: 30), "\(process.stderr)")
        process.send(SIGINT)
        let status = await process.wait(seconds: 60)
        #expect(status == 130, "\(process.stderr)")
        #expect(process.stderr.contains("rollback: 2 undone; nothing the run created is left"), "\(process.stderr)")
        #expect(emulator.stats()["resources"]?["network"] == networksBefore)
    }

    @Test func aSignalStopsARollbackAtOnce() async throws {
        let emulator = try await OpenStackEmulator.start(EmulatorConfig(), host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        var plan = FaultPlan()
        plan.latency = [FaultPlan.Latency(match: RequestMatcher(service: "network", method: "DELETE"), milliseconds: 30_000...30_000)]
        emulator.setFaults(plan)
        let directory = try TemporaryDirectory("journal")
        defer { directory.remove() }
        try directory.write("script.lua", """
            neutron.networks.create{name = "slow-to-go"}
            error("fails at once")
            """)
        let process = try ChildProcess([Fixtures.stackrunBinary, "run", "--rollback-on-failure", directory.file("script.lua")],
                                       environment: environment(emulator), outputIn: directory.path)
        #expect(await process.waitFor("undoing what the run made", seconds: 30), "\(process.stderr)")
        let signalled = ContinuousClock.now
        process.send(SIGINT)
        let status = await process.wait(seconds: 20)
        #expect(status == 130, "\(process.stderr)")
        #expect(ContinuousClock.now - signalled < .seconds(5), "the rollback went on after the signal")
        #expect(process.stderr.contains("stopped by a signal"), "\(process.stderr)")
    }
}
