import Emulator
import Foundation
import Testing

@Suite("standard recipes: image-upload", .serialized)
struct ImageUploadRecipeTests {
    @Test("image-upload from a file granted with --allow-read: active, its size; run again, nothing is sent")
    func fromFile() async throws {
        let emulator = try await StandardRecipe.emulator()
        defer { Task { await emulator.stop() } }
        let file = try temporaryScript(String(repeating: "x", count: 100_000), name: "base.img")
        defer { removeScratch((file as NSString).deletingLastPathComponent) }
        let params = ["name=base", "file=\(file)", "disk_format=raw", "properties=os_distro=debian"]

        let refused = try await StandardRecipe.run("image-upload", params, emulator: emulator)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--allow-read"), "\(refused.stderr)")
        #expect(emulator.recentRequests().filter { $0.method == "POST" && $0.service == "image" }.isEmpty)

        let first = try await StandardRecipe.run("image-upload", params, options: ["--allow-read=\(file)"], emulator: emulator)
        #expect(first.status == 0, "\(first.stderr)")
        let made = StandardRecipe.summary(first)
        #expect(made["uploaded"] as? Bool == true)
        #expect(made["status"] as? String == "active")
        #expect(made["size"] as? Int == 100_000)

        let sent = emulator.recentRequests().count
        let second = try await StandardRecipe.run("image-upload", params, options: ["--allow-read=\(file)"], emulator: emulator)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(StandardRecipe.summary(second)["uploaded"] as? Bool == false)
        #expect(StandardRecipe.changes(emulator.recentRequests().dropFirst(sent)) == [])
    }

    @Test("image-upload from a URL whose host is granted with --allow-net")
    func fromURL() async throws {
        let emulator = try await StandardRecipe.emulator()
        defer { Task { await emulator.stop() } }
        let url = emulator.baseURL + "/_emulator/health"
        let fetch = try temporaryScript("return #http.request{url = ...}.body")
        let length = try await stackrunDetached(["run", "--allow-net=127.0.0.1", fetch, url])
        let size = Int(length.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect((size ?? 0) > 0, "\(length.stderr)")
        let result = try await StandardRecipe.run("image-upload", ["name=fetched", "url=\(url)", "disk_format=raw"],
                                                  options: ["--allow-net=127.0.0.1"], emulator: emulator)
        #expect(result.status == 0, "\(result.stderr)")
        let made = StandardRecipe.summary(result)
        #expect(made["status"] as? String == "active")
        #expect(made["size"] as? Int == size)
        #expect(made["source"] as? String == url)
    }

    @Test("image-upload needs exactly one of file and url")
    func oneSource() async throws {
        let emulator = try await StandardRecipe.emulator()
        defer { Task { await emulator.stop() } }
        let result = try await StandardRecipe.run("image-upload", ["name=nothing"], emulator: emulator)
        #expect(result.status == 1)
        #expect(result.stderr.contains("give exactly one of the parameters file and url"), "\(result.stderr)")
    }
}
