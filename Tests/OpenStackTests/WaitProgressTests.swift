import OpenStack
import Testing

/// The live progress line's counts, without a terminal: what the waits report, aggregated per
/// kind, and dropped once a kind has no wait left.
@Suite("wait progress: counts per kind")
struct WaitProgressTests {
    @Test("a hundred servers: reached, failed and still building, by count")
    func hundredServers() {
        var progress = WaitProgress()
        for i in 0..<100 { progress.started("server", "s\(i)", target: "ACTIVE") }
        #expect(progress.text == "servers: 0/100 ACTIVE, 100 ?")
        for i in 0..<100 { progress.observed("server", "s\(i)", status: "BUILD") }
        for i in 0..<37 { progress.ended("server", "s\(i)", status: "active") }
        for i in 37..<39 { progress.ended("server", "s\(i)", status: "ERROR") }
        #expect(progress.text == "servers: 37/100 ACTIVE, 61 BUILD, 2 ERROR")
        for i in 39..<100 { progress.ended("server", "s\(i)", status: "ACTIVE") }
        #expect(progress.isEmpty, "no server is waited for any more")
        #expect(progress.text.isEmpty)
    }

    @Test("kinds are shown in the order their waits began; a wait given up keeps its last status")
    func severalKinds() {
        var progress = WaitProgress()
        progress.started("volume", "v1", target: "available")
        progress.started("server", "s1", target: "DELETED")
        progress.started("volume", "v2", target: "available")
        progress.observed("volume", "v1", status: "creating")
        progress.observed("server", "s1", status: "ACTIVE")
        progress.ended("volume", "v2", status: "available")
        #expect(progress.text == "volumes: 1/2 AVAILABLE, 1 CREATING; servers: 0/1 DELETED, 1 ACTIVE")
        progress.ended("volume", "v1", status: nil)
        #expect(progress.text == "servers: 0/1 DELETED, 1 ACTIVE")
        progress.ended("server", "s1", status: "DELETED")
        #expect(progress.isEmpty)
    }

    @Test("a new wave of waits on a kind starts its count again")
    func newWave() {
        var progress = WaitProgress()
        progress.started("server", "a", target: "ACTIVE")
        progress.ended("server", "a", status: "ACTIVE")
        progress.started("server", "b", target: "ACTIVE")
        #expect(progress.text == "servers: 0/1 ACTIVE, 1 ?")
    }
}
