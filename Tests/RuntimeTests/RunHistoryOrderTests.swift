import Foundation
import Glibc
import JSONValue
@testable import Runtime
import Testing

/// Which runs `--keep` prunes: the oldest by start time, which a run id begins with to the
/// second; runs that started in the same second by when their records were written.
@Suite struct RunHistoryOrderTests {
    static func directory() throws -> String {
        let path = "\(FileManager.default.temporaryDirectory.path)/sr-order-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A record file whose modification time is `written` seconds after the epoch.
    static func record(_ name: String, in directory: String, written: Int) throws {
        let path = "\(directory)/\(name).json"
        try Data("{}\n".utf8).write(to: URL(fileURLWithPath: path))
        var times = [timespec(tv_sec: written, tv_nsec: 0), timespec(tv_sec: written, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
    }

    @Test func byStartTimeThenWithinASecondByWriting() throws {
        let root = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let job = root + "/nightly"
        try FileManager.default.createDirectory(atPath: job, withIntermediateDirectories: true)
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
    }

    @Test func keepLeavesTheNewestRuns() throws {
        let history = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: history) }
        let job = history + "/nightly"
        try FileManager.default.createDirectory(atPath: job, withIntermediateDirectories: true)
        try Self.record("20261206T100000Z-00000000", in: job, written: 9_000)
        try Self.record("20261206T100001Z-00000000", in: job, written: 1_000)
        try RunHistory(directory: history).record(.object(JSONObject()), job: "nightly", runID: "20261206T100002Z-00000000", keep: 2)
        let left = try FileManager.default.contentsOfDirectory(atPath: job).sorted()
        #expect(left == ["20261206T100001Z-00000000.json", "20261206T100002Z-00000000.json"])
    }

    /// A long run that started before runs that ended sooner is the one just recorded: it
    /// stays, and the oldest of the others goes.
    @Test func theRunJustRecordedIsNeverPruned() throws {
        let history = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: history) }
        let job = history + "/nightly"
        try FileManager.default.createDirectory(atPath: job, withIntermediateDirectories: true)
        try Self.record("20261206T103000Z-00000000", in: job, written: 1_000)
        try Self.record("20261206T110000Z-00000000", in: job, written: 2_000)
        try RunHistory(directory: history).record(.object(JSONObject()), job: "nightly", runID: "20261206T100000Z-00000000", keep: 2)
        let left = try FileManager.default.contentsOfDirectory(atPath: job).sorted()
        #expect(left == ["20261206T100000Z-00000000.json", "20261206T110000Z-00000000.json"])
    }
}
