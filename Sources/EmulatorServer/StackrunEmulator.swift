import ArgumentParser
import Emulator
import Foundation

/// `stackrun-emulator`: the OpenStack emulator as a process, for people and for the runner.
@main
struct StackrunEmulator: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stackrun-emulator",
        abstract: "Serve an emulated OpenStack cloud (Keystone, Nova, Cinder, Neutron, Glance) on one port.",
        discussion: """
            Services are laid out as devstack lays them out: /identity, /compute/v2.1, /volume/v3/{project_id}, \
            /image and /network. On start the emulator prints the OS_* variables to use it. Test hooks (stats, \
            reset, fault plan) are under /_emulator/. See docs/emulator.md, and docs/emulator/control.md for /_emulator/.
            """)

    @Option(help: "Address to listen on. Anything but loopback exposes an unauthenticated control API.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one.")
    var port = 5000

    @Option(help: "JSON config file: identities, region, timings, fault plan.")
    var config: String?

    @Option(name: .customLong("latency-ms"), help: "Delay added to every request, in milliseconds.")
    var latencyMilliseconds: Double?

    @Option(help: "Seconds a server takes from BUILD to ACTIVE and a volume from creating to available.")
    var buildSeconds: Double?

    @Option(name: .customLong("token-ttl"), help: "Token lifetime in seconds.")
    var tokenTTL: Double?

    @Option(help: "Share of requests answered with an injected 500, 502, 503, 504 or 429 (0 to 1).")
    var faultRate: Double?

    @Option(help: "Share of requests whose connection is dropped without an answer, before or after processing (0 to 1).")
    var dropRate: Double?

    @Option(help: "Seed of the fault generator, for reproducible runs.")
    var seed: UInt64?

    @Flag(help: "Make the first stdout line exactly 'ready http://HOST:PORT', once the port is bound.")
    var readyLine = false

    @Flag(name: .customLong("exit-on-stdin-eof"), help: "Exit when standard input reaches end of file.")
    var exitOnStdinEOF = false

    @Flag(help: "Log every request (method, path, status, time) to standard error. Headers are never logged.")
    var verbose = false

    func validate() throws {
        for (name, rate) in [("--fault-rate", faultRate), ("--drop-rate", dropRate)] {
            if let rate, !(0...1).contains(rate) { throw ValidationError("\(name) must be between 0 and 1, not \(rate)") }
        }
        if let latencyMilliseconds, latencyMilliseconds < 0 { throw ValidationError("--latency-ms must not be negative") }
        if let buildSeconds, buildSeconds < 0 { throw ValidationError("--build-seconds must not be negative") }
        if let tokenTTL, tokenTTL < 1 { throw ValidationError("--token-ttl must be at least 1 second") }
        if !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        signal(SIGPIPE, SIG_IGN) // a reader that went away must not kill the server
        let settings = try makeConfig()
        let emulator: OpenStackEmulator
        do {
            emulator = try await OpenStackEmulator.start(settings, host: host, port: port)
        } catch let error as EmulatorConfigError {
            // A service's own config section (`compute`, `network`, …) is read when its state is seeded.
            Console.error("config\(config.map { " file \($0)" } ?? ""): \(error)")
            throw ExitCode(78)
        } catch {
            Console.error("cannot listen on \(host):\(port): \(error)")
            // Straight out: the server's event loops may already run, and an orderly exit can
            // wait on them (once, under load, for more than ten seconds). Nothing is left to save.
            fflush(nil)
            _exit(69)
        }
        if readyLine { Console.out("ready http://\(hostForURL):\(emulator.port)") }
        Console.out(Banner.text(emulator: emulator, config: settings))
        let shutdown = Shutdown(emulator: emulator)
        shutdown.onSignals([SIGINT, SIGTERM])
        if exitOnStdinEOF { shutdown.onStandardInputEOF() }
        try await emulator.waitUntilStopped()
    }

    private var hostForURL: String { host.contains(":") ? "[\(host)]" : host }

    private func makeConfig() throws -> EmulatorConfig {
        var settings = EmulatorConfig()
        if let config {
            let text: String
            do {
                text = try String(contentsOfFile: config, encoding: .utf8)
            } catch {
                Console.error("cannot read config file \(config): \(error.localizedDescription)")
                throw ExitCode(66)
            }
            do {
                settings = try EmulatorConfig.load(contentsOf: text)
            } catch {
                Console.error("config file \(config): \(error)")
                throw ExitCode(78)
            }
        }
        if let buildSeconds { settings.timings.buildSeconds = buildSeconds }
        if let tokenTTL { settings.timings.tokenTTL = tokenTTL }
        if let seed { settings.seed = seed }
        if let latencyMilliseconds {
            settings.faults.latency.append(.init(milliseconds: latencyMilliseconds...latencyMilliseconds))
        }
        if let faultRate {
            settings.faults.errors.append(.init(rate: faultRate, statuses: [500, 502, 503, 504, 429]))
        }
        if let dropRate {
            settings.faults.drops.append(.init(rate: dropRate, when: .either))
        }
        if verbose {
            settings.requestLog = { line in Console.error(line) }
        }
        return settings
    }
}
