import Foundation

/// A `POST /servers` body, checked against Nova's schema for the request's microversion, in the
/// order Nova's validator finds problems (each member in schema order, then required members,
/// then members the schema does not know).
struct ServerSpec {
    enum Networks {
        /// No `networks` (before 2.37): every network the project may use, if there is one.
        case unspecified
        case auto
        case none
        case list([Request])
    }

    struct Request {
        var networkID: String?
        var portID: String?
        var fixedIP: String?
        var tag: String?
    }

    struct BlockDevice {
        var sourceType: String
        var destinationType: String
        var uuid: String?
        var bootIndex: Int?
        var volumeSize: Int?
        var deleteOnTermination = false
        var tag: String?
        var volumeType: String?
        var deviceName: String?
    }

    var name = ""
    var imageRef: String?
    var flavorRef = ""
    var adminPass: String?
    var metadata = EmulatorJSONObject()
    var networks = Networks.unspecified
    var diskConfig = "MANUAL"
    var accessIPv4 = ""
    var accessIPv6 = ""
    var availabilityZone: String?
    var blockDevices: [BlockDevice] = []
    var configDrive = false
    var keyName: String?
    var minCount = 1
    var maxCount = 1
    var returnReservationID = false
    var securityGroups: [String] = []
    var userData: String?
    var description: String?
    var descriptionGiven = false
    var tags: [String] = []
    var hostname: String?

    /// Members of `server` each microversion accepts.
    static func allowed(at version: APIVersion) -> [String] {
        var names = [
            "name", "imageRef", "flavorRef", "adminPass", "metadata", "networks", "OS-DCF:diskConfig", "accessIPv4",
            "accessIPv6", "personality", "availability_zone", "block_device_mapping", "block_device_mapping_v2",
            "config_drive", "key_name", "min_count", "max_count", "return_reservation_id", "security_groups", "user_data",
        ]
        if version >= APIVersion(2, 19) { names.append("description") }
        if version >= APIVersion(2, 52) { names.append("tags") }
        if version >= APIVersion(2, 57) { names.removeAll { $0 == "personality" } }
        if version >= APIVersion(2, 63) { names.append("trusted_image_certificates") }
        if version >= APIVersion(2, 74) { names += ["host", "hypervisor_hostname"] }
        if version >= APIVersion(2, 90) { names.append("hostname") }
        return names
    }

    init(body: EmulatorJSON, version: APIVersion) throws(ServiceError) {
        guard let top = body.objectValue else { throw .badRequest("\(PythonRepr.repr(body)) is not of type 'object'") }
        let serverValue = top["server"] ?? .null
        if top["server"] != nil {
            try parse(serverValue, version: version)
        }
        for hints in ["os:scheduler_hints", "OS-SCH-HNT:scheduler_hints"] {
            if let value = top[hints], value.objectValue == nil { throw NovaValidation.notOfType(hints, value, "object") }
        }
        guard top["server"] != nil else { throw .badRequest("'server' is a required property") }
        let unknown = top.keys.filter { !["server", "os:scheduler_hints", "OS-SCH-HNT:scheduler_hints"].contains($0) }
        if !unknown.isEmpty {
            throw .badRequest("Additional properties are not allowed (\(unknown.map { "'\($0)'" }.joined(separator: ", ")) \(unknown.count == 1 ? "was" : "were") unexpected)")
        }
        if minCount > maxCount { throw .badRequest("min_count must be <= max_count") }
    }

    private mutating func parse(_ value: EmulatorJSON, version: APIVersion) throws(ServiceError) {
        guard let server = value.objectValue else { throw NovaValidation.notOfType("server", value, "object") }
        let allowed = Self.allowed(at: version)
        for key in allowed {
            guard let member = server[key] else { continue }
            try parseMember(key, member, version: version)
        }
        var required = ["name", "flavorRef"]
        if version >= APIVersion(2, 37) { required.append("networks") }
        for key in required where server[key] == nil { throw NovaValidation.required(key, in: value, key: "server") }
        let unknown = server.keys.filter { !allowed.contains($0) }
        if !unknown.isEmpty {
            let names = unknown.map { "'\($0)'" }.joined(separator: ", ")
            throw NovaValidation.invalid("server", value, "Additional properties are not allowed (\(names) \(unknown.count == 1 ? "was" : "were") unexpected)")
        }
    }

    private mutating func parseMember(_ key: String, _ member: EmulatorJSON, version: APIVersion) throws(ServiceError) {
        switch key {
        case "name": name = try NovaValidation.name(member)
        case "imageRef":
            let text = try NovaValidation.string(member, key: key)
            if !text.isEmpty && !NovaValidation.isUUID(text) {
                throw NovaValidation.invalid(key, member, "\(PythonRepr.repr(member)) is not valid under any of the given schemas")
            }
            imageRef = text
        case "flavorRef":
            switch member {
            case .int(let number): flavorRef = String(number)
            case .string(let text):
                if text.isEmpty { throw NovaValidation.invalid(key, member, "'' is too short") }
                flavorRef = text
            default: throw NovaValidation.invalid(key, member, "\(PythonRepr.repr(member)) is not of type 'string', 'integer'")
            }
        case "adminPass": adminPass = try NovaValidation.string(member, key: key)
        case "metadata": metadata = EmulatorJSONObject(try NovaValidation.metadata(member).map { ($0.0, EmulatorJSON.string($0.1)) })
        case "networks": networks = try Self.parseNetworks(member, version: version)
        case "OS-DCF:diskConfig":
            guard let text = member.stringValue, ["AUTO", "MANUAL"].contains(text) else {
                throw NovaValidation.invalid(key, member, "\(PythonRepr.repr(member)) is not one of ['AUTO', 'MANUAL']")
            }
            diskConfig = text
        case "accessIPv4":
            let text = try NovaValidation.string(member, key: key)
            guard IPText.isIPv4(text) else { throw NovaValidation.invalid(key, member, "\(PythonRepr.repr(member)) is not a 'ipv4'") }
            accessIPv4 = text
        case "accessIPv6":
            let text = try NovaValidation.string(member, key: key)
            guard IPText.isIPv6(text) else { throw NovaValidation.invalid(key, member, "\(PythonRepr.repr(member)) is not a 'ipv6'") }
            accessIPv6 = text
        case "personality":
            guard member.arrayValue != nil else { throw NovaValidation.notOfType(key, member, "array") }
        case "availability_zone": availabilityZone = try NovaValidation.name(member, key: key)
        case "block_device_mapping":
            guard member.arrayValue != nil else { throw NovaValidation.notOfType(key, member, "array") }
            if !(member.arrayValue ?? []).isEmpty {
                throw .badRequest("The emulator supports block_device_mapping_v2 only; legacy block_device_mapping is not emulated.")
            }
        case "block_device_mapping_v2": blockDevices = try Self.parseBlockDevices(member, version: version)
        case "config_drive": configDrive = try Self.strictBoolean(member, key: key)
        case "key_name": keyName = try NovaValidation.name(member, key: key)
        case "min_count": minCount = try Self.positiveInteger(member, key: key)
        case "max_count": maxCount = try Self.positiveInteger(member, key: key)
        case "return_reservation_id": returnReservationID = try Self.strictBoolean(member, key: key)
        case "security_groups": securityGroups = try Self.parseSecurityGroups(member)
        case "user_data":
            let text = try NovaValidation.string(member, key: key)
            if text.count > 65535 { throw NovaValidation.invalid(key, member, "\(PythonRepr.repr(member)) is too long") }
            guard IPText.looksBase64(text) else {
                throw NovaValidation.invalid(key, member, "\(PythonRepr.repr(member)) is not a 'base64'")
            }
            userData = text
        case "description":
            descriptionGiven = true
            if !member.isNull { description = try NovaValidation.string(member, key: key, maxLength: 255) }
        case "tags": tags = try Self.parseTags(member, key: key)
        case "hostname":
            let text = try NovaValidation.string(member, key: key, minLength: 2, maxLength: 63)
            let valid = text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
                && text.first != "-" && text.last != "-"
            guard valid else {
                throw NovaValidation.invalid(key, member, "\(PythonRepr.repr(member)) does not match '^[a-zA-Z0-9]+[a-zA-Z0-9-]*[a-zA-Z0-9]+$'")
            }
            hostname = text
        default: break
        }
    }

    static func parseNetworks(_ value: EmulatorJSON, version: APIVersion) throws(ServiceError) -> Networks {
        if version >= APIVersion(2, 37), let text = value.stringValue {
            switch text {
            case "auto": return .auto
            case "none": return .none
            default: throw NovaValidation.invalid("networks", value, "\(PythonRepr.repr(value)) is not valid under any of the given schemas")
            }
        }
        guard let items = value.arrayValue else {
            if version >= APIVersion(2, 37) {
                throw NovaValidation.invalid("networks", value, "\(PythonRepr.repr(value)) is not valid under any of the given schemas")
            }
            throw NovaValidation.notOfType("networks", value, "array")
        }
        var allowed = ["fixed_ip", "port", "uuid"]
        if version >= APIVersion(2, 32) { allowed.append("tag") }
        var requests: [Request] = []
        var ports: Set<String> = []
        for item in items {
            let fields = try NovaValidation.object(item, key: "networks", parent: value, allowed: allowed)
            var request = Request()
            if let fixed = fields["fixed_ip"] {
                let text = try NovaValidation.string(fixed, key: "fixed_ip")
                guard IPText.isIPv4(text) || IPText.isIPv6(text) else {
                    throw NovaValidation.invalid("fixed_ip", fixed, "\(PythonRepr.repr(fixed)) is not valid under any of the given schemas")
                }
                request.fixedIP = text
            }
            if let port = fields["port"], !port.isNull {
                guard let text = port.stringValue, NovaValidation.isUUID(text) else {
                    throw NovaValidation.invalid("port", port, "\(PythonRepr.repr(port)) is not valid under any of the given schemas")
                }
                request.portID = text
            }
            if let uuid = fields["uuid"] { request.networkID = try NovaValidation.string(uuid, key: "uuid") }
            if let tag = fields["tag"] { request.tag = try parseTag(tag, key: "tag") }
            if let port = request.portID {
                if ports.contains(port) {
                    throw .badRequest("Port ID '\(port)' was specified twice: you cannot attach a port multiple times.")
                }
                if let address = request.fixedIP {
                    throw .badRequest("Specified Fixed IP '\(address)' cannot be used with port '\(port)': the two cannot be specified together.")
                }
                ports.insert(port)
                request.networkID = nil
            } else {
                guard let network = request.networkID else { throw .badRequest("Bad network format: missing 'uuid'") }
                guard NovaValidation.isUUID(network) else {
                    throw .badRequest("Bad networks format: network uuid is not in proper format (\(network))")
                }
            }
            requests.append(request)
        }
        return .list(requests)
    }

    static func parseBlockDevices(_ value: EmulatorJSON, version: APIVersion) throws(ServiceError) -> [BlockDevice] {
        guard let items = value.arrayValue else { throw NovaValidation.notOfType("block_device_mapping_v2", value, "array") }
        var allowed = [
            "virtual_name", "volume_id", "snapshot_id", "volume_size", "device_name", "delete_on_termination", "no_device",
            "connection_info", "source_type", "uuid", "image_id", "destination_type", "guest_format", "device_type",
            "disk_bus", "boot_index",
        ]
        if version >= APIVersion(2, 42) || (version >= APIVersion(2, 32) && version < APIVersion(2, 33)) { allowed.append("tag") }
        if version >= APIVersion(2, 67) { allowed.append("volume_type") }
        var devices: [BlockDevice] = []
        for item in items {
            let fields = try NovaValidation.object(item, key: "block_device_mapping_v2", parent: value, allowed: allowed)
            var source = "volume"
            if let member = fields["source_type"] {
                guard let text = member.stringValue, ["volume", "image", "snapshot", "blank"].contains(text) else {
                    throw NovaValidation.invalid("source_type", member, "\(PythonRepr.repr(member)) is not one of ['volume', 'image', 'snapshot', 'blank']")
                }
                source = text
            }
            var destination = source == "volume" || source == "snapshot" ? "volume" : "local"
            if let member = fields["destination_type"] {
                guard let text = member.stringValue, ["local", "volume"].contains(text) else {
                    throw NovaValidation.invalid("destination_type", member, "\(PythonRepr.repr(member)) is not one of ['local', 'volume']")
                }
                destination = text
            }
            var device = BlockDevice(sourceType: source, destinationType: destination)
            if let member = fields["uuid"] { device.uuid = try NovaValidation.string(member, key: "uuid", minLength: 1, maxLength: 255) }
            if let member = fields["boot_index"], !member.isNull {
                switch member {
                case .int(let number): device.bootIndex = number
                case .string(let text):
                    guard let number = Int(text) else {
                        throw NovaValidation.invalid("boot_index", member, "\(PythonRepr.repr(member)) does not match '^-?[0-9]+$'")
                    }
                    device.bootIndex = number
                default: throw NovaValidation.invalid("boot_index", member, "\(PythonRepr.repr(member)) is not of type 'integer', 'string', 'null'")
                }
            }
            if let member = fields["volume_size"] {
                guard let size = member.intValue ?? member.stringValue.flatMap({ Int($0) }), size >= 1 else {
                    throw NovaValidation.invalid("volume_size", member, "\(PythonRepr.repr(member)) is less than the minimum of 1")
                }
                device.volumeSize = size
            }
            if let member = fields["delete_on_termination"] { device.deleteOnTermination = try strictBoolean(member, key: "delete_on_termination") }
            if let member = fields["tag"] { device.tag = try parseTag(member, key: "tag") }
            if let member = fields["volume_type"], !member.isNull { device.volumeType = try NovaValidation.string(member, key: "volume_type", maxLength: 255) }
            if let member = fields["device_name"] { device.deviceName = try NovaValidation.string(member, key: "device_name", minLength: 1, maxLength: 255) }
            devices.append(device)
        }
        return devices
    }

    static func parseSecurityGroups(_ value: EmulatorJSON) throws(ServiceError) -> [String] {
        guard let items = value.arrayValue else { throw NovaValidation.notOfType("security_groups", value, "array") }
        var names: [String] = []
        for item in items {
            let fields = try NovaValidation.object(item, key: "security_groups", parent: value, allowed: ["name"])
            if let name = fields["name"] {
                let text = try NovaValidation.name(name)
                if !names.contains(text) { names.append(text) }
            }
        }
        return names
    }

    static func parseTags(_ value: EmulatorJSON, key: String) throws(ServiceError) -> [String] {
        guard let items = value.arrayValue else { throw NovaValidation.notOfType(key, value, "array") }
        if items.count > 50 { throw NovaValidation.invalid(key, value, "\(PythonRepr.repr(value)) is too long") }
        var tags: [String] = []
        for (index, item) in items.enumerated() {
            let tag = try parseTag(item, key: String(index))
            if !tags.contains(tag) { tags.append(tag) }
        }
        return tags
    }

    /// A tag: 1 to 60 characters, no `,` or `/`.
    static func parseTag(_ value: EmulatorJSON, key: String) throws(ServiceError) -> String {
        let text = try NovaValidation.string(value, key: key, minLength: 1, maxLength: 60)
        if text.contains(",") || text.contains("/") {
            throw NovaValidation.invalid(key, value, "\(PythonRepr.repr(value)) does not match '^[^,/]*$'")
        }
        return text
    }

    /// Nova's `boolean`: true, false, or one of the spellings of them it lists.
    static func strictBoolean(_ value: EmulatorJSON, key: String) throws(ServiceError) -> Bool {
        if let flag = value.boolValue { return flag }
        let truthy = ["True", "TRUE", "true", "1", "ON", "On", "on", "YES", "Yes", "yes"]
        let falsy = ["False", "FALSE", "false", "0", "OFF", "Off", "off", "NO", "No", "no"]
        if let text = value.stringValue {
            if truthy.contains(text) { return true }
            if falsy.contains(text) { return false }
        }
        let choices = "[True, 'True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', False, 'False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no']"
        throw NovaValidation.invalid(key, value, "\(PythonRepr.repr(value)) is not one of \(choices)")
    }

    static func positiveInteger(_ value: EmulatorJSON, key: String) throws(ServiceError) -> Int {
        let number: Int?
        switch value {
        case .int(let integer): number = integer
        case .string(let text):
            guard !text.isEmpty, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) else {
                throw NovaValidation.invalid(key, value, "\(PythonRepr.repr(value)) does not match '^[0-9]*$'")
            }
            number = Int(text)
        default: throw NovaValidation.invalid(key, value, "\(PythonRepr.repr(value)) is not of type 'integer', 'string'")
        }
        guard let number, number >= 1 else { throw NovaValidation.invalid(key, value, "\(PythonRepr.repr(value)) is less than the minimum of 1") }
        return number
    }
}
