import Emulator
import Foundation
import Testing

/// What stackrun's OpenStack calls put on the wire, pinned in gophercloud's fixture style: a
/// sample of Lua calls per service runs through the binary against the emulator, which records
/// each request; the test checks the exact method, path and microversion headers each sent.
/// These pin today's behaviour, so a rewrite of the clients that changes the wire shows here.
@Suite("wire-level requests of the Lua calls")
struct WireTests {
    /// One request as sent, ids in paths replaced by `{id}` so expectations read as routes.
    struct Sent: Equatable, CustomStringConvertible {
        let method: String
        let path: String
        let microversion: String?
        let novaMicroversion: String?

        init(_ method: String, _ path: String, _ microversion: String? = nil, nova: String? = nil) {
            self.method = method
            self.path = path
            self.microversion = microversion
            self.novaMicroversion = nova
        }

        init(_ record: RecordedRequest) {
            let segments = record.path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
                Self.looksLikeID(segment) ? "{id}" : String(segment)
            }
            self.init(record.method, segments.joined(separator: "/"), record.apiVersion, nova: record.novaAPIVersion)
        }

        /// Keystone's 32 hex digits, or a UUID.
        static func looksLikeID(_ segment: Substring) -> Bool {
            let hex = segment.filter { $0 != "-" }
            return hex.count == 32 && hex.allSatisfy(\.isHexDigit)
        }

        var description: String {
            "\(method) \(path) [\(microversion ?? "-")] [\(novaMicroversion ?? "-")]"
        }
    }

    /// Runs `source` against a fresh emulator; every request it sent, in order.
    private func sent(by source: String) async throws -> [Sent] {
        var config = EmulatorConfig()
        config.timings.buildSeconds = 0.1
        config.timings.deleteSeconds = 0.1
        let emulator = try await OpenStackEmulator.start(config, host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        let result = try await stackrunDetached(["run", try temporaryScript(source)], environment: cloudEnvironment(emulator))
        #expect(result.status == 0, "\(result.stderr)")
        return emulator.recentRequests().map(Sent.init)
    }

    /// `expected` appear in `sent` in this order (other requests may come between them).
    private func expectInOrder(_ expected: [Sent], in sent: [Sent], sourceLocation: SourceLocation = #_sourceLocation) {
        var rest = sent[...]
        for request in expected {
            guard let index = rest.firstIndex(of: request) else {
                let listing = sent.map(\.description).joined(separator: "\n")
                Issue.record("not sent (in order): \(request)\nsent:\n\(listing)", sourceLocation: sourceLocation)
                return
            }
            rest = rest[(index + 1)...]
        }
    }

    @Test("nova: create, get, list, reboot, attach_volume, keypairs.create at the negotiated 2.90")
    func nova() async throws {
        let sent = try await sent(by: """
            neutron.networks.create{name = "wire-net"}
            neutron.subnets.create{network = "wire-net", cidr = "10.9.0.0/24", ip_version = 4}
            nova.keypairs.create{name = "wire-key"}
            local server = nova.create{name = "wire-1", image = "cirros", flavor = "m1.tiny", network = "wire-net", wait = true}
            nova.get(server)
            nova.list()
            nova.reboot(server)
            local volume = cinder.create{name = "wire-vol", size = 1, wait = true}
            nova.attach_volume(server, volume)
            """)
        let both = (compute: "compute 2.90", legacy: "2.90")
        expectInOrder([
            Sent("POST", "/compute/v2.1/os-keypairs", both.compute, nova: both.legacy),
            Sent("POST", "/compute/v2.1/servers", both.compute, nova: both.legacy),
            Sent("GET", "/compute/v2.1/servers/{id}", both.compute, nova: both.legacy),
            Sent("GET", "/compute/v2.1/servers/detail", both.compute, nova: both.legacy),
            Sent("POST", "/compute/v2.1/servers/{id}/action", both.compute, nova: both.legacy),
            Sent("POST", "/compute/v2.1/servers/{id}/os-volume_attachments", both.compute, nova: both.legacy),
        ], in: sent)
        // Version discovery goes to the unversioned root without a microversion.
        #expect(sent.contains(Sent("GET", "/compute/v2.1/")))
    }

    @Test("cinder: create and extend at 3.70, with no Nova header")
    func cinder() async throws {
        let sent = try await sent(by: """
            local volume = cinder.create{name = "wire-vol", size = 1, wait = true}
            cinder.extend(volume, 2, {wait = true})
            """)
        expectInOrder([
            Sent("GET", "/volume/v3/"),
            Sent("POST", "/volume/v3/{id}/volumes", "volume 3.70"),
            Sent("GET", "/volume/v3/{id}/volumes/{id}", "volume 3.70"),
            Sent("POST", "/volume/v3/{id}/volumes/{id}/action", "volume 3.70"),
        ], in: sent)
    }

    @Test("neutron: networks.create, routers.add_interface, floating_ips.associate without microversions")
    func neutron() async throws {
        let sent = try await sent(by: """
            neutron.networks.create{name = "wire-net"}
            local subnet = neutron.subnets.create{network = "wire-net", cidr = "10.9.0.0/24", ip_version = 4}
            local router = neutron.routers.create{name = "wire-router"}
            neutron.routers.set_gateway(router, "public")
            neutron.routers.add_interface(router, subnet)
            local port = neutron.ports.create{network = "wire-net"}
            local fip = neutron.floating_ips.create{network = "public"}
            neutron.floating_ips.associate(fip, port)
            """)
        expectInOrder([
            Sent("GET", "/network"),
            Sent("POST", "/network/v2.0/networks"),
            Sent("POST", "/network/v2.0/subnets"),
            Sent("POST", "/network/v2.0/routers"),
            Sent("PUT", "/network/v2.0/routers/{id}"),
            Sent("PUT", "/network/v2.0/routers/{id}/add_router_interface"),
            Sent("POST", "/network/v2.0/ports"),
            Sent("POST", "/network/v2.0/floatingips"),
            Sent("PUT", "/network/v2.0/floatingips/{id}"),
        ], in: sent)
        #expect(sent.filter { $0.path.hasPrefix("/network") }.allSatisfy { $0.microversion == nil && $0.novaMicroversion == nil })
    }

    @Test("glance: images.create and images.update (a JSON patch) without microversions")
    func glance() async throws {
        let sent = try await sent(by: """
            local image = glance.images.create{name = "wire-image", disk_format = "raw", container_format = "bare"}
            glance.images.update(image, {os_version = "12"})
            """)
        expectInOrder([
            Sent("GET", "/image"),
            Sent("POST", "/image/v2/images"),
            Sent("PATCH", "/image/v2/images/{id}"),
        ], in: sent)
        #expect(sent.filter { $0.path.hasPrefix("/image") }.allSatisfy { $0.microversion == nil })
    }

    @Test("the control API lists the recorded requests with their query and headers")
    func controlEndpoint() async throws {
        let emulator = try await OpenStackEmulator.start(EmulatorConfig(), host: "127.0.0.1", port: 0)
        defer { Task { await emulator.stop() } }
        let script = try temporaryScript("""
            openstack.request{service = "compute", path = "/flavors/detail?limit=1", microversion = "2.61"}
            return http.request{url = \(luaString(emulator.baseURL + "/_emulator/requests"))}.json.requests
            """)
        let result = try await stackrunDetached(["run", "--allow-net=127.0.0.1", script], environment: cloudEnvironment(emulator))
        #expect(result.status == 0, "\(result.stderr)")
        let records = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let flavors = try #require(records.first { $0["path"] as? String == "/compute/v2.1/flavors/detail" })
        #expect(flavors["method"] as? String == "GET")
        #expect(flavors["query"] as? String == "limit=1")
        #expect(flavors["openstack_api_version"] as? String == "compute 2.61")
        #expect(flavors["x_openstack_nova_api_version"] as? String == "2.61")
        #expect(flavors["status"] as? Int == 200)
    }

    private func luaString(_ text: String) -> String { "\"" + text + "\"" }
}
