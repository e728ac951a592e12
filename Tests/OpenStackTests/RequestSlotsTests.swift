import Emulator
import Foundation
import JSONValue
import OpenStack
import Testing
import Transport

/// A session sends at most `maxConcurrentRequests` requests to one service at once.
@Suite("requests in flight per service", .exclusive)
struct RequestSlotsTests {
    @Test("twenty calls at once with a limit of four: never more than four in flight, and all answered")
    @LoopActor func limitHolds() async throws {
        try await withEmulator { emulator in
            let transport = SlowProjectsTransport()
            let session = Session(config: emulator.cloudConfig(), seams: SessionSeams(transport: transport))
            session.maxConcurrentRequests = 4
            try await session.authenticate()
            let calls = (0..<20).map { _ in Task { @LoopActor in try await session.send(listProjects).status } }
            for call in calls { #expect(try await call.value == 200) }
            #expect(transport.answered == 20)
            #expect(transport.mostInFlight == 4)
        }
    }

    /// A session allowed one Glance request at a time, whose image list the emulator answers
    /// after a second: a list holds the only slot that long.
    @LoopActor func slowImageList(_ emulator: OpenStackEmulator) async throws -> Session {
        let session = Session(config: emulator.cloudConfig())
        session.maxConcurrentRequests = 1
        _ = try await session.list(Kinds.image)
        _ = try await emulator.control("PUT", "faults", ["latency": [["service": "image", "method": "GET", "route": "/image/v2/images", "ms": 1000]]])
        return session
    }

    @Test("an image download and an upload take no slot: they run while a list holds the only one")
    @LoopActor func streamsTakeNoSlot() async throws {
        try await withEmulator { emulator in
            let session = Session(config: emulator.cloudConfig())
            let stored = try #require(try await session.create(Kinds.image, ["name": "stored", "disk_format": "raw", "container_format": "bare"])["id"]?.stringValue)
            try await session.uploadImageData(stored, bytes: Array(repeating: 7, count: 4096))
            let queued = try #require(try await session.create(Kinds.image, ["name": "queued", "disk_format": "raw", "container_format": "bare"])["id"]?.stringValue)
            let limited = try await slowImageList(emulator)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("sr-slot-\(UUID().uuidString.prefix(8))").path
            defer { try? FileManager.default.removeItem(atPath: file) }
            let finished = Notes()
            let list = Task { @LoopActor in
                _ = try await limited.list(Kinds.image)
                finished.add("list")
            }
            try await EventLoop.shared.sleep(seconds: 0.2)
            #expect(try await limited.downloadImageData(stored, to: file) == 4096)
            finished.add("download")
            try await limited.uploadImageData(queued, bytes: Array(repeating: 1, count: 4096))
            finished.add("upload")
            try await list.value
            #expect(finished.lines == ["download", "upload", "list"])
        }
    }

    @Test("time spent waiting for a slot comes out of the call's timeout")
    @LoopActor func queuedTimeCounts() async throws {
        try await withEmulator { emulator in
            let session = try await slowImageList(emulator)
            let first = Task { @LoopActor in try await session.list(Kinds.image).count }
            try await EventLoop.shared.sleep(seconds: 0.2)
            // Queued about 0.8 s behind the first list, then a list of its own that takes 1 s:
            // 1.8 s in all, past its 1.3 s, though the list alone would fit.
            do throws(OpenStackError) {
                _ = try await CallDeadline.within(1.3) { () async throws(OpenStackError) in try await session.list(Kinds.image) }
                Issue.record("expected the call's timeout")
            } catch {
                #expect(error.kind == .timeout, "\(error)")
            }
            _ = try await first.value
        }
    }
}

/// Answers the project list itself after a short pause, so that calls overlap, and counts how
/// many are in flight at once; everything else goes to the emulator.
@LoopActor
final class SlowProjectsTransport: SessionTransport {
    private let real = EventLoopTransport()
    private var inFlight = 0
    private(set) var mostInFlight = 0
    private(set) var answered = 0

    func perform(_ request: HTTPRequest) async -> Result<HTTPResponse, TransportError> {
        guard request.url.hasSuffix("/auth/projects") else { return await real.perform(request) }
        inFlight += 1
        mostInFlight = max(mostInFlight, inFlight)
        try? await EventLoop.shared.sleep(seconds: 0.05)
        inFlight -= 1
        answered += 1
        return .success(HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: Array(#"{"projects": []}"#.utf8)))
    }
}

/// What a test's tasks noted, in order.
@LoopActor
final class Notes {
    private(set) var lines: [String] = []
    func add(_ line: String) { lines.append(line) }
}
