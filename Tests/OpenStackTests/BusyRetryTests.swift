import Emulator
import JSONValue
import OpenStack
import Testing
import Transport

/// 409s over HTTP: the emulator's Nova and Neutron refuse as the real ones do, and only the
/// refusals that mean "busy" (BusyConflicts) are sent again.
@Suite("busy conflicts are retried, the others are not", .exclusive)
struct BusyRetryTests {
    /// Retries 0.1, 0.2, 0.4 and 0.8 s apart (the jitter is fixed at the top of the window).
    @LoopActor func steadySession(_ emulator: OpenStackEmulator, transport: (any SessionTransport)? = nil) -> Session {
        let session = Session(config: emulator.cloudConfig(),
                              seams: SessionSeams(clock: FastClock(), transport: transport ?? EventLoopTransport()))
        session.retryPolicy.baseDelay = 0.1
        return session
    }

    func action(_ id: String, _ body: JSON) -> ServiceRequest {
        ServiceRequest(.compute, "POST", "/servers/\(id)/action", body: .json(body))
    }

    @Test("a stop refused while the server reboots is sent again, and done, once the reboot is over")
    @LoopActor func novaActionDuringAnother() async throws {
        // Actions take half of build_seconds: the reboot keeps task_state rebooting for 1 s, so
        // that the stop sent right after it meets it even on a loaded machine (0.2 s did not
        // once, in CI), and the retries, 0.1 to 0.8 s apart (1.5 s in all), outlast it.
        try await withEmulator(configure: { $0.timings.buildSeconds = 2 }) { emulator in
            let session = steadySession(emulator)
            let body = try await session.createBody(Kinds.server, ["name": "busy", "image": "cirros", "flavor": "m1.tiny", "network": "public"])
            let id = try #require(try await session.create(Kinds.server, body)["id"]?.stringValue)
            _ = try await session.wait(for: ["ACTIVE"], Kinds.server, id, WaitOptions(interval: 0.05))
            #expect(try await session.send(action(id, ["reboot": ["type": "SOFT"]])).status == 202)
            let stopped = try await session.send(action(id, ["os-stop": .null]))
            #expect(stopped.status == 202 && stopped.attempts > 1, "the stop met the reboot, and was sent again")
            #expect(try await emulator.requests(withStatus: 409) == Int64(stopped.attempts - 1))
            _ = try await session.wait(for: ["SHUTOFF"], Kinds.server, id, WaitOptions(interval: 0.05))
            // Stopped for good: a second stop is refused for a state no wait changes, once.
            do throws(OpenStackError) {
                _ = try await session.send(action(id, ["os-stop": .null]))
                Issue.record("expected the 409")
            } catch {
                #expect(error.status == 409 && error.attempts == 1 && error.message.contains("vm_state stopped"), "\(error)")
            }
        }
    }

    @Test("a network delete refused while a port is still on it is sent again, and done, once the port is gone")
    @LoopActor func neutronInUseOnDelete() async throws {
        try await withEmulator { emulator in
            let other = Session(config: emulator.cloudConfig())
            let port = Notes()
            let refusals = Notes()
            // Another client deletes the port right after the first refusal, as Nova does a
            // deleted server's ports a moment after answering the server's DELETE.
            let transport = WatchingTransport { request, response in
                guard request.method == "DELETE", response.status == 409 else { return }
                refusals.add(String(decoding: response.body, as: UTF8.self))
                if refusals.lines.count == 1, let id = port.lines.first {
                    _ = try? await other.send(ServiceRequest(.network, "DELETE", "/ports/\(id)"))
                }
            }
            let session = steadySession(emulator, transport: transport)
            let network = try #require(try await session.create(Kinds.network, ["name": "in-use"])["id"]?.stringValue)
            _ = try await session.create(Kinds.subnet, try await session.createBody(Kinds.subnet, [
                "name": "in-use", "network": "in-use", "cidr": "10.8.0.0/24", "ip_version": 4,
            ]))
            port.add(try #require(try await session.create(Kinds.port, ["network_id": JSON(network), "name": "holder"])["id"]?.stringValue))
            let deleted = try await session.send(ServiceRequest(.network, "DELETE", "/networks/\(network)"))
            #expect(deleted.status == 204 && deleted.attempts == 2)
            #expect(refusals.lines.count == 1 && refusals.lines.allSatisfy { $0.contains("NetworkInUse") }, "\(refusals.lines)")
        }
    }

    @Test("a 409 that says something exists already is not sent again")
    @LoopActor func existingNotRetried() async throws {
        try await withEmulator { emulator in
            let session = steadySession(emulator)
            let network = try #require(try await session.create(Kinds.network, ["name": "macs"])["id"]?.stringValue)
            _ = try await session.create(Kinds.subnet, try await session.createBody(Kinds.subnet, [
                "name": "macs", "network": "macs", "cidr": "10.7.0.0/24", "ip_version": 4,
            ]))
            let port: JSON = ["port": ["network_id": JSON(network), "mac_address": "fa:16:3e:00:00:01"]]
            _ = try await session.send(ServiceRequest(.network, "POST", "/ports", body: .json(port)))
            let key: JSON = ["keypair": ["name": "twice", "public_key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA7YpEbmKbZl94jSb0JqZ0F0A7eEG5ht+N1gVc+SX+5u someone@example"]]
            _ = try await session.send(ServiceRequest(.compute, "POST", "/os-keypairs", body: .json(key)))
            for request in [ServiceRequest(.network, "POST", "/ports", body: .json(port)), ServiceRequest(.compute, "POST", "/os-keypairs", body: .json(key))] {
                do throws(OpenStackError) {
                    _ = try await session.send(request)
                    Issue.record("expected the 409")
                } catch {
                    #expect(error.status == 409 && error.attempts == 1, "\(error)")
                }
            }
            #expect(try await emulator.requests(withStatus: 409) == 2)
        }
    }
}
