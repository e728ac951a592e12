import Foundation
import Testing

/// libcurl is loaded with dlopen on first use (CStackrun's curl_loader.c), so that start-up
/// does not pay for its ~30 libraries. STACKRUN_LIBCURL names the library to load; these tests
/// point it at a file that does not exist.
@Suite struct CurlLoadingTests {
    private let missing = ["STACKRUN_LIBCURL": "/nonexistent/libcurl.so.4"]

    @Test func aRunThatMakesNoRequestNeverLoadsLibcurl() throws {
        let script = try temporaryScript("return 1 + 1")
        let result = try stackrun(["run", script], environment: missing)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
        #expect(!result.stderr.contains("libcurl"))
    }

    @Test func aMissingLibcurlEndsWithOneClearLineAndStatus127() throws {
        let result = try stackrun(["version"], environment: missing)
        #expect(result.status == 127)
        #expect(result.stderr.contains("stackrun: cannot load libcurl (/nonexistent/libcurl.so.4)"))
        #expect(result.stderr.contains("install the libcurl4 package"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func theNamedLibraryIsTheOneLoaded() throws {
        let result = try stackrun(["version"], environment: ["STACKRUN_LIBCURL": "libcurl.so.4"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("libcurl/"))
    }
}
