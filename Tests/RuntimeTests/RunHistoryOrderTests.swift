import Foundation
import Glibc
import JSONValue
@testable import Runtime
import Testing

/// Which runs `--keep` prunes: the oldest by start time, which a run id begins with to the
/// second; runs that started in the same second by when their records were written.
@Suite struct RunHistoryOrderTests {
    /// A history of its own with an empty job "nightly", removed afterwards.
    static func withJob(_ body: (_ history: String, _ job: String) throws -> Void) throws {
        let history = "\(FileManager.default.temporaryDirectory.path)/sr-order-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: history) }
        try FileManager.default.createDirectory(atPath: history + "/nightly", withIntermediateDirectories: true)
        try body(history, history + "/nightly")
    }

    /// Records run `runID` with `keep` into `history`'s job; the job's files left after it.
    static func recordAndList(_ runID: String, keep: Int, in history: String) throws -> [String] {
        try RunHistory(directory: history).record(.object(JSONObject()), job: "nightly", runID: runID, keep: keep)
        return try FileManager.default.contentsOfDirectory(atPath: history + "/nightly").sorted()
    }

    /// A record file whose modification time is `written` seconds after the epoch.
    static func record(_ name: String, in directory: String, written: Int) throws {
        let path = "\(directory)/\(name).json"
        try Data("{}\n".utf8).write(to: URL(fileURLWithPath: path))
        var times = [timespec(tv_sec: written, tv_nsec: 0), timespec(tv_sec: written, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
    }

    @Test func byStartTimeThenWithinASecondByWriting() throws { try Self.withJob { root, job in
        // Written long after runs that started later: start time decides across seconds.
        try Self.record("20261206T100000Z-ffffffff", in: job, written: 5_000)
        try Self.record("20261206T100001Z-00000001", in: job, written: 1_000)
        // Three that started in one second: the order they were written in, not their names.
        try Self.record("20261206T100002Z-cccccccc", in: job, written: 2_001)
        try Self.record("20261206T100002Z-aaaaaaaa", in: job, written: 2_003)
        try Self.record("20261206T100002Z-bbbbbbbb", in: job, written: 2_002)
        try Self.record("20261206T100003Z-00000000", in: job, written: 3_000)
        let history = RunHistory(directory: root)
        #expect(history.runsBeyond(5, in: job) == ["20261206T100000Z-ffffffff.json"])
        #expect(history.runsBeyond(3, in: job) == [
            "20261206T100000Z-ffffffff.json", "20261206T100001Z-00000001.json", "20261206T100002Z-cccccccc.json",
        ])
        #expect(history.runsBeyond(2, in: job) == [
            "20261206T100000Z-ffffffff.json", "20261206T100001Z-00000001.json", "20261206T100002Z-cccccccc.json",
            "20261206T100002Z-bbbbbbbb.json",
        ])
        #expect(history.runsBeyond(6, in: job).isEmpty)
    } }

    @Test func keepLeavesTheNewestRuns() throws { try Self.withJob { history, job in
        try Self.record("20261206T100000Z-00000000", in: job, written: 9_000)
        try Self.record("20261206T100001Z-00000000", in: job, written: 1_000)
        #expect(try Self.recordAndList("20261206T100002Z-00000000", keep: 2, in: history)
            == ["20261206T100001Z-00000000.json", "20261206T100002Z-00000000.json"])
    } }

    /// A long run that started before runs that ended sooner is the one just recorded: it
    /// stays, and the oldest of the others goes.
    @Test func theRunJustRecordedIsNeverPruned() throws { try Self.withJob { history, job in
        try Self.record("20261206T103000Z-00000000", in: job, written: 1_000)
        try Self.record("20261206T110000Z-00000000", in: job, written: 2_000)
        #expect(try Self.recordAndList("20261206T100000Z-00000000", keep: 2, in: history)
            == ["20261206T100000Z-00000000.json", "20261206T110000Z-00000000.json"])
    } }
}
