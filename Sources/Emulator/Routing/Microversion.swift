/// A microversion, `major.minor`, ordered numerically (2.10 comes after 2.9).
public struct APIVersion: Sendable, Comparable, Hashable, CustomStringConvertible {
    public let major: Int
    public let minor: Int

    public init(_ major: Int, _ minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `2.61`; nil for anything else (leading zeros and signs included, as Nova rejects them).
    public init?(parsing text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let major = Self.number(parts[0]), let minor = Self.number(parts[1]) else { return nil }
        self.init(major, minor)
    }

    private static func number(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) else { return nil }
        if text.count > 1 && text.first == "0" { return nil }
        return Int(text)
    }

    public var description: String { "\(major).\(minor)" }

    public static func < (lhs: APIVersion, rhs: APIVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }
}

/// How a service negotiates microversions.
public struct MicroversionSpec: Sendable {
    /// The service name in `OpenStack-API-Version: <type> X.Y`.
    public var serviceType: String
    public var minimum: APIVersion
    public var maximum: APIVersion
    /// Nova's pre-2.27 header, `X-OpenStack-Nova-API-Version`; read and echoed as well.
    public var legacyHeader: String?
    /// How the echoed header is spelled: Nova `OpenStack-API-Version`, Cinder `Openstack-Api-Version`.
    public var echoHeader: String
    /// Cinder answers 400 when the header names another service; Nova ignores such entries.
    public var rejectsForeignServices: Bool

    public init(
        serviceType: String, minimum: APIVersion, maximum: APIVersion, legacyHeader: String? = nil,
        echoHeader: String = "OpenStack-API-Version", rejectsForeignServices: Bool = false
    ) {
        self.serviceType = serviceType
        self.minimum = minimum
        self.maximum = maximum
        self.legacyHeader = legacyHeader
        self.echoHeader = echoHeader
        self.rejectsForeignServices = rejectsForeignServices
    }

    /// The version a request asks for. `headerValues` are all values of `OpenStack-API-Version`;
    /// `legacyValue` that of the legacy header. Throws the 400 or 406 the real service sends.
    public func negotiate(headerValues: [String], legacyValue: String?) throws(ServiceError) -> APIVersion {
        var requested: String?
        for entry in headerValues.flatMap({ $0.split(separator: ",") }) {
            let words = entry.split(separator: " ", omittingEmptySubsequences: true)
            guard let service = words.first else { continue }
            if service.lowercased() == serviceType {
                requested = words.dropFirst().joined(separator: " ")
            } else if rejectsForeignServices {
                throw ServiceError.badRequest(
                    "The server could not comply with the request since it is either malformed or otherwise incorrect.")
            }
        }
        if requested == nil, legacyHeader != nil { requested = legacyValue }
        guard let text = requested?.trimmingSpaces else { return minimum }
        if text.lowercased() == "latest" { return maximum }
        guard let version = APIVersion(parsing: text) else {
            throw ServiceError.badRequest("API Version String \(text) is of invalid format. Must be of format MajorNum.MinorNum.")
        }
        guard version >= minimum && version <= maximum else {
            throw ServiceError(
                status: 406,
                message: "Version \(version) is not supported by the API. Minimum is \(minimum) and maximum is \(maximum).",
                kind: "computeFault", headers: echoHeaders(version))
        }
        return version
    }

    /// The headers that echo the version on every versioned response.
    public func echoHeaders(_ version: APIVersion) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = [(echoHeader, "\(serviceType) \(version)")]
        if let legacyHeader { headers.append((legacyHeader, version.description)) }
        headers.append(("Vary", "OpenStack-API-Version"))
        if let legacyHeader { headers.append(("Vary", legacyHeader)) }
        return headers
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return String(text)
    }
}
