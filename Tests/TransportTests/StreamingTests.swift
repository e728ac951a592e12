import Testing
import Transport

/// Bodies streamed from and to files, checked with SHA-256 on both sides: the server hashes
/// what it receives, sha256sum hashes what we have.
@Suite(.exclusive) struct StreamingTests {
    static let size = 40 << 20 + 12_345

    @Test func uploadAndDownloadThroughFiles() async throws {
        let server = try await TestServer.start()
        let files = try TemporaryDirectory("stream")
        defer { server.stop(); files.remove() }
        let source = files.file("source.bin")
        try await makeRandomFile(source, size: Self.size)
        let expected = try await sha256(ofFile: source)

        let upload = try await EventLoop.shared.perform(
            HTTPRequest(method: "PUT", url: server.url("/blob/big"), body: .file(path: source)))
        #expect(upload.status == 201)
        #expect(text(upload).contains("\"size\": \(Self.size)"))
        #expect(text(upload).contains("\"sha256\": \"\(expected)\""), "the server received other bytes")

        let target = files.file("copy.bin")
        let download = try await EventLoop.shared.perform(
            HTTPRequest(url: server.url("/blob/big"), output: .file(path: target)))
        #expect(download.status == 200)
        #expect(download.body.isEmpty)
        #expect(download.bodySize == Int64(Self.size))
        #expect(try await sha256(ofFile: target) == expected)
        #expect(files.list() == ["copy.bin", "source.bin"], "no temporary file is left")
    }

    @Test func aPOSTStreamsAFileToo() async throws {
        let server = try await TestServer.start()
        let files = try TemporaryDirectory("stream")
        defer { server.stop(); files.remove() }
        let source = files.file("image.qcow2")
        try await makeRandomFile(source, size: 3 << 20)
        let response = try await EventLoop.shared.perform(
            HTTPRequest(method: "POST", url: server.url("/discard"), body: .file(path: source)))
        #expect(text(response).contains("\"sha256\": \"\(try await sha256(ofFile: source))\""))
    }

    @Test func aDownloadThatBreaksOffLeavesNoFile() async throws {
        let server = try await TestServer.start()
        let files = try TemporaryDirectory("stream")
        defer { server.stop(); files.remove() }
        let target = files.file("partial.bin")
        let error = try await failure(of: HTTPRequest(url: server.url("/truncated?size=4000000"), output: .file(path: target)))
        #expect(error.kind == .receive)
        #expect(files.list().isEmpty, "found \(files.list())")
    }

    @Test func aFailedDownloadKeepsTheFileItWouldHaveReplaced() async throws {
        let server = try await TestServer.start()
        let files = try TemporaryDirectory("stream")
        defer { server.stop(); files.remove() }
        try files.write("keep.txt", "the previous version\n")
        _ = try await failure(of: HTTPRequest(url: server.url("/truncated?size=100000"), output: .file(path: files.file("keep.txt"))))
        #expect(try readFile(files.file("keep.txt")) == "the previous version\n")
        #expect(files.list() == ["keep.txt"])
    }

    /// An error status is a response, but its body is the service's message, not the file.
    @Test func anErrorStatusKeepsItsBodyInMemoryAndWritesNoFile() async throws {
        let server = try await TestServer.start()
        let files = try TemporaryDirectory("stream")
        defer { server.stop(); files.remove() }
        let response = try await EventLoop.shared.perform(
            HTTPRequest(url: server.url("/blob/missing"), output: .file(path: files.file("image.raw"))))
        #expect(response.status == 404)
        #expect(text(response).contains("no blob missing"))
        #expect(files.list().isEmpty)
    }

    @Test func anEmptyBodyStillMakesTheFile() async throws {
        let server = try await TestServer.start()
        let files = try TemporaryDirectory("stream")
        defer { server.stop(); files.remove() }
        let response = try await EventLoop.shared.perform(
            HTTPRequest(url: server.url("/bytes?size=0"), output: .file(path: files.file("empty.bin"))))
        #expect(response.status == 200)
        #expect(files.list() == ["empty.bin"])
        #expect(fileSize(files.file("empty.bin")) == 0)
    }

    @Test func anOutputFileThatCannotBeCreatedFailsBeforeAnyIO() async throws {
        let server = try await TestServer.start()
        defer { server.stop() }
        let error = try await failure(of: HTTPRequest(url: server.url("/json"), output: .file(path: "/nonexistent/dir/out")))
        #expect(error.kind == .file)
        #expect(!error.requestMayHaveBeenSent)
        #expect(error.detail.contains("/nonexistent/dir/out"))
    }

    @Test func cancellingADownloadRemovesItsTemporaryFile() async throws {
        let server = try await TestServer.start()
        let files = try TemporaryDirectory("stream")
        defer { server.stop(); files.remove() }
        let transfer = await StreamingDownload(url: server.url("/hang"), to: files.file("never.bin"))
        #expect(try await server.waitFor("hanging", toBe: 1))
        #expect(files.list().count == 1, "the download writes under a temporary name")
        await transfer.cancel()
        #expect(try await server.waitFor("hanging", toBe: 0))
        #expect(files.list().isEmpty, "found \(files.list())")
    }
}

@LoopActor
final class StreamingDownload {
    private var handle: TransferHandle?

    init(url: String, to path: String) {
        handle = EventLoop.shared.start(HTTPRequest(url: url, output: .file(path: path))) { _ in }
    }

    func cancel() { handle?.cancel() }
}
