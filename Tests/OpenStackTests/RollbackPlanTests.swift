import JSONValue
import OpenStack
import Testing

/// The order a rollback undoes a run in, from journal records alone (no cloud).
@Suite("rollback plan: what is left of a run, and in which order it goes")
struct RollbackPlanTests {
    /// Journal records for `changes`, numbered from 2 (line 1 is the run), all in cloud c1.
    func records(_ changes: [JournalRecord.Entry]) -> [JournalRecord] {
        [JournalRecord(sequence: 1, time: "", entry: .run(JournalRun(id: "r", script: "s.lua", processID: 1, version: "0")))]
            + changes.enumerated().map { JournalRecord(sequence: $0.offset + 2, time: "", cloud: "c1", entry: $0.element) }
    }

    func created(_ kind: String, _ id: String, uses: [String] = []) -> JournalRecord.Entry {
        .change(.created(CreatedResource(kind: kind, id: id, uses: uses)))
    }

    let attachment = ResourceLink(kind: "server", operation: "attach_volume", subject: "vm", slots: ["volume": "disk"])

    @Test("a resource goes after everything made with it: server, then port, then network")
    func dependencies() {
        let plan = RollbackPlan(records([
            created("network", "net"), created("port", "port", uses: ["net"]), created("server", "vm", uses: ["port"]),
            created("volume", "disk"),
        ]))
        let after = Dictionary(uniqueKeysWithValues: plan.removals.map { ($0.resource.id, $0.after) })
        #expect(after["vm"] == [])
        #expect(after["disk"] == [])
        #expect(after["port"] == [4]) // the server's line
        #expect(after["net"] == [3, 4]) // the port's, and the server's (a network outlives servers)
        #expect(plan.removals.map(\.resource.id) == ["disk", "vm", "port", "net"])
    }

    @Test("a subnet waits for the run's ports even when no port named it")
    func implicitUse() {
        let plan = RollbackPlan(records([
            created("network", "net"), created("subnet", "sub", uses: ["net"]), created("port", "p", uses: ["net"]),
        ]))
        let subnet = plan.removals.first { $0.resource.id == "sub" }
        #expect(subnet?.after == [4])
    }

    @Test("a join still standing is undone, newest first; one the run undid itself is not")
    func links() {
        let interface = ResourceLink(kind: "router", operation: "add_interface", subject: "r", slots: ["subnet": "s"])
        let plan = RollbackPlan(records([
            .change(.linked(interface)), .change(.linked(attachment)), .change(.unlinked(interface)),
        ]))
        #expect(plan.unlinks.map(\.link) == [attachment])
        #expect(plan.unlinks.map(\.sequence) == [3])
    }

    @Test("what the run deleted itself, and what an earlier rollback undid, is not undone again")
    func alreadyUndone() {
        var lines = records([
            created("network", "a"), created("network", "b"), .change(.deleted(kind: "network", id: "a")),
            .change(.linked(attachment)),
        ])
        #expect(RollbackPlan(lines).removals.map(\.resource.id) == ["b"])
        lines.append(JournalRecord(sequence: 6, time: "", cloud: "c1", entry: .undone(of: 3, note: nil)))
        lines.append(JournalRecord(sequence: 7, time: "", cloud: "c1", entry: .undone(of: 5, note: "already gone")))
        #expect(RollbackPlan(lines).isEmpty)
    }

    @Test("a failed undo leaves the change in the plan, for the next cleanup")
    func failedUndoStays() {
        var lines = records([created("volume", "disk")])
        lines.append(JournalRecord(sequence: 3, time: "", cloud: "c1", entry: .undoFailed(of: 2, message: "409")))
        #expect(RollbackPlan(lines).removals.map(\.resource.id) == ["disk"])
    }

    @Test("a resource nested in another goes before its parent")
    func nested() {
        let plan = RollbackPlan(records([
            created("server", "vm"), .change(.created(CreatedResource(kind: "volume attachment", id: "att", parent: "vm"))),
        ]))
        #expect(plan.removals.first { $0.resource.id == "vm" }?.after == [3])
    }

    @Test("records survive the journal's line format, and a damaged line is not a record")
    func lineFormat() throws {
        let entries: [JournalRecord] = records([
            .cloud(JournalCloud(name: "prod", authURL: "https://keystone", region: "R1", projectID: "p", userID: "u")),
            created("server", "vm", uses: ["port"]), .change(.linked(attachment)), .change(.unlinked(attachment)),
            .change(.deleted(kind: "server", id: "vm")), .undone(of: 3, note: "already gone"), .undoFailed(of: 4, message: "x"),
        ])
        for record in entries {
            #expect(JournalRecord(line: record.line.dropLast()) == record)
        }
        #expect(JournalRecord(line: Array(entries[2].line.prefix(30))) == nil)
        #expect(JournalRecord(line: Array(#"{"seq": 2, "event": "launched"}"#.utf8)) == nil)
    }
}
