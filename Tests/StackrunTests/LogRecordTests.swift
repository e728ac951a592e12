import Foundation
import Testing

/// What `log.*` and the clients write: numbers and nulls as themselves in JSON, one line per
/// record whatever the text holds, and no secret at any depth of a logged value, while the fields
/// people need to read stay readable.
@Suite("log records: typed, one line each, secrets redacted")
struct LogRecordTests {
    @Test("numbers, booleans and json.null keep their JSON types in fields")
    func typedFields() throws {
        let script = try temporaryScript("""
            log.info("typed", {ms = 5, ratio = 1.5, ok = true, none = json.null, nested = {n = 2, z = json.null}})
            """)
        let result = try stackrun(["run", "--log-format", "json", script])
        let record = try #require(jsonRecords(result.stderr).first)
        #expect(record["ms"] as? Int == 5)
        #expect(record["ratio"] as? Double == 1.5)
        #expect(record["ok"] as? Bool == true)
        #expect(record["none"] is NSNull, "\(record)")
        #expect((record["nested"] as? [String: Any])?["z"] is NSNull, "\(record)")
        #expect((record["nested"] as? [String: Any])?["n"] as? Int == 2)
    }

    @Test("the clients' own records carry numbers as numbers")
    func clientRecords() throws {
        let script = try temporaryScript("nova.list()")
        let result = try stackrun(["run", "--emulator", "--log-level", "debug", "--log-format", "json", script])
        #expect(result.status == 0, "\(result.stderr)")
        let records = jsonRecords(result.stderr)
        let calls = records.filter { $0["ms"] != nil }
        #expect(!calls.isEmpty, "\(result.stderr)")
        #expect(calls.allSatisfy { $0["ms"] is Int }, "\(calls)")
        #expect(records.contains { $0["expires_in_s"] is Int }, "\(records)")
    }

    @Test("a newline or another control character in a message, key or value is escaped in text logs")
    func controlCharactersAreEscaped() throws {
        let script = try temporaryScript(#"log.info("two\nlines", {note = "a\nb\tc", ["k\r"] = "\27[31m", n = 1})"#)
        let result = try stackrun(["run", script])
        #expect(result.status == 0)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        let line = String(lines.first ?? "")
        #expect(line.contains(#"INFO two\nlines "#), "\(line)")
        #expect(line.contains(#"note="a\nb\tc""#), "\(line)")
        #expect(line.contains(#"k\r="\u001b[31m""#), "\(line)")
        #expect(!line.contains("\u{1B}") && !line.contains("\r"), "\(line)")
    }

    /// A Nova server as `nova.create` returns it, a key pair, and credentials under the names
    /// scripts and OpenStack use for them.
    static let script = """
        log.info("made", {
          server = {name = "web-1", adminPass = "sec-1", key_name = "ops", metadata = {api_key = "sec-2"}},
          api_key = "sec-3", ["X-Auth-Token"] = "sec-4", servers = {{PASSWORD = "sec-5", id = "s1"}},
          keypair = {name = "ops", public_key = "ssh-ed25519 AAAA", private_key = "sec-6", fingerprint = "aa:bb"},
          application_credential_secret = "sec-7", os_password = "sec-8", passphrase = "sec-9",
          credentials = {user = "sec-10"}, apiKey = "sec-11", status = "ACTIVE",
          headers = {Authorization = "Bearer sec-12", ["set-cookie"] = "session=sec-13", ["content-type"] = "text/plain"},
        })
        """

    @Test("secret-looking names are redacted at any depth; key_name, public_key and fingerprint are kept",
          arguments: ["text", "json"])
    func redaction(format: String) throws {
        let result = try stackrun(["run", "--log-format", format, try temporaryScript(Self.script)])
        #expect(result.status == 0)
        #expect(!result.stderr.contains("sec-"), "a secret was printed")
        for kept in ["web-1", "ops", "ssh-ed25519 AAAA", "aa:bb", "s1", "ACTIVE", "text/plain"] {
            #expect(result.stderr.contains(kept), "\(kept) was hidden")
        }
    }

    @Test("redacted fields read *** where they were")
    func redactedShape() throws {
        let result = try stackrun(["run", "--log-format", "json", try temporaryScript(Self.script)])
        let record = try #require(jsonRecords(result.stderr).first)
        let server = record["server"] as? [String: Any]
        #expect(server?["adminPass"] as? String == "***")
        #expect(server?["key_name"] as? String == "ops")
        #expect((server?["metadata"] as? [String: Any])?["api_key"] as? String == "***")
        let keypair = record["keypair"] as? [String: Any]
        #expect(keypair?["private_key"] as? String == "***")
        #expect(keypair?["public_key"] as? String == "ssh-ed25519 AAAA")
        #expect(record["credentials"] as? String == "***")
    }
}
