import Foundation

/// `os-getConsoleOutput`: a boot log that reads like a CirrOS guest's serial console, written
/// from what the emulator knows of the server (name, addresses, key, when it booted).
enum ConsoleOutput {
    static func respond(_ request: EmulatorRequest, id: String, auth: AuthContext, body: EmulatorJSON, argument: EmulatorJSON) throws -> EmulatorResponse {
        let fields = try NovaValidation.object(argument, key: "os-getConsoleOutput", parent: body, allowed: ["length"])
        var length: Int?
        if let value = fields["length"], !value.isNull {
            let text: String
            switch value {
            case .int(let number): text = String(number)
            case .string(let string): text = string
            default: throw NovaValidation.invalid("length", value, "\(PythonRepr.repr(value)) is not of type 'integer', 'string', 'null'")
            }
            guard let number = Int(text), text.allSatisfy({ $0.isNumber || $0 == "-" }) else {
                throw NovaValidation.invalid("length", value, "\(PythonRepr.repr(value)) does not match '^-?[0-9]+$'")
            }
            guard number >= -1 else { throw NovaValidation.invalid("length", value, "\(number) is less than the minimum of -1") }
            length = number
        }
        let output = try request.cloud.withCompute { cloud throws(ServiceError) -> String in
            let server = try cloud.compute.server(id, auth: auth)
            guard !server.deleted else { throw .notFound("Instance \(id) could not be found.") }
            guard server.host != nil else { throw .conflict("Instance \(id) is not ready") }
            return log(for: server, addresses: ComputeNeighbors.fixedIPs(of: server, in: cloud))
        }
        return .json(["output": .string(tail(output, length))])
    }

    /// Nova's `_tail_log`: the last `length` lines, with Python's slicing (so -1 drops the first line).
    static func tail(_ log: String, _ length: Int?) -> String {
        guard let length else { return log }
        let lines = log.components(separatedBy: "\n")
        if length == 0 { return log }
        if length < 0 { return lines.dropFirst(-length).joined(separator: "\n") }
        return lines.suffix(length).joined(separator: "\n")
    }

    static func log(for server: Server, addresses: [String]) -> String {
        let booted = server.launchedAt ?? server.created
        let stamp = Timestamp.format(booted, .secondsZ)
        var lines = [
            "[    0.000000] Linux version 5.15.0-71-generic (buildd@emulator) #78-Ubuntu SMP (stackrun emulator)",
            "[    0.000000] Command line: BOOT_IMAGE=/vmlinuz root=LABEL=cirros-rootfs ro console=tty1 console=ttyS0",
            "[    0.000000] Memory: \(server.flavor.ram * 1024)K available",
            "[    0.000000] smpboot: Allowing \(server.flavor.vcpus) CPUs",
            "[    1.204711] EXT4-fs (vda1): mounted filesystem with ordered data mode",
            "Starting network...",
        ]
        if server.vmState == VMState.building {
            lines.append("Waiting for the network...")
            return lines.joined(separator: "\n")
        }
        for address in addresses {
            lines.append("udhcpc: lease of \(address) obtained, lease time 86400")
        }
        lines += [
            "checking http://169.254.169.254/2009-04-04/instance-id",
            "successful after 1/20 tries: up 3.41. iid=\(server.instanceName)",
            "=== cirros: current=0.6.2 uptime=5.02 ===",
            "=== system information ===",
            "Platform: OpenStack Foundation OpenStack Nova",
            "Container: none",
            "Arch: x86_64",
            "CPU(s): \(server.flavor.vcpus) @ 2399.998 MHz",
            "Cores/Sockets/Threads: \(server.flavor.vcpus)/1/1",
            "Virt-type: VT-x",
            "RAM Size: \(server.flavor.ram)MB",
            "Disks:",
            "NAME  MAJ:MIN       SIZE LABEL         MOUNTPOINT",
            "vda   253:0   \(server.flavor.disk * 1_073_741_824)",
            "=== sshd host keys ===",
            "-----BEGIN SSH HOST KEY KEYS-----",
            "-----END SSH HOST KEY KEYS-----",
            "=== network info ===",
        ]
        for (index, address) in addresses.enumerated() {
            lines.append("if-info: eth\(index),up,\(address),24,,")
        }
        if let key = server.keyName { lines.append("=== public key \(key) installed for user cirros ===") }
        lines += [
            "=== datasource: ec2 net ===",
            "instance-id: \(server.instanceName)",
            "name: N/A",
            "availability-zone: \(server.availabilityZone)",
            "local-hostname: \(server.hostname)",
            "launch-index: \(server.launchIndex)",
            "=== cirros: current=0.6.2 latest=0.6.2 uptime=5.91 ===",
            "  ____               ____  ____",
            " / __/ __ ____ ____ / __ \\/ __/",
            "/ /__ / // __// __// /_/ /\\ \\ ",
            "\\___//_//_/  /_/   \\____/___/ ",
            "   http://cirros-cloud.net",
            "",
            "booted at \(stamp)",
            "login as 'cirros' user. default password: 'gocubsgo'. use 'sudo' for root.",
            "\(server.hostname) login: ",
        ]
        if server.vmState == VMState.stopped { lines.append("[   42.000000] reboot: Power down") }
        return lines.joined(separator: "\n")
    }
}
