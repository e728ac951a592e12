@testable import Emulator
import Testing

/// Addresses and subnets, written back as netaddr writes them.
struct IPAddressTests {
    @Test(arguments: [
        ("10.0.0.1", "10.0.0.1"), ("fd00:0:0:1::", "fd00:0:0:1::"), ("0:0:1::", "0:0:1::"), ("::", "::"), ("::1", "::1"),
        ("1::", "1::"), ("1:0:0:2:0:0:3:4", "1::2:0:0:3:4"), ("1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7"), ("FD00::01", "fd00::1"),
    ])
    func addressesRoundTrip(text: String, written: String) {
        #expect(IPAddress.parse(text)?.description == written)
    }

    @Test(arguments: ["", "1.2.3", "1.2.3.256", "1.2.3.4.5", "01234.1.1.1", ":::", "1::2::3", "12345::", "g::", "1:2:3:4:5:6:7:8:9"])
    func garbageIsRefused(text: String) {
        #expect(IPAddress.parse(text) == nil)
    }

    @Test func networks() throws {
        let network = try #require(IPNetwork.parse("10.1.0.5/24"))
        #expect(network.cidr == "10.1.0.0/24")
        #expect(network.text == "10.1.0.5/24")
        #expect(network.last.description == "10.1.0.255")
        #expect(network.contains(try #require(IPAddress.parse("10.1.0.200"))))
        #expect(!network.contains(try #require(IPAddress.parse("10.1.1.0"))))
        #expect(network.overlaps(try #require(IPNetwork.parse("10.0.0.0/8"))))
        #expect(!network.overlaps(try #require(IPNetwork.parse("10.2.0.0/16"))))
        #expect(IPNetwork.parse("10.0.0.1")?.prefix == 32)
        #expect(IPNetwork.parse("::/0")?.last.description == "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")
        #expect(IPNetwork.parse("10.0.0.0/33") == nil)
        #expect(IPNetwork.parse("10.0.0.0/") == nil)
    }
}
