/// Where a service is reached and which microversions it takes.
public struct ServiceEndpoint: Sendable, Equatable {
    public let service: ServiceType
    /// The versioned base URL, without a trailing slash ("http://host/compute/v2.1").
    public let url: String
    /// Where the URL came from: "catalog (public, RegionOne)" or "endpoint override".
    public let source: String
    public let minimumMicroversion: Microversion?
    public let maximumMicroversion: Microversion?
    /// The microversion sent when a call does not ask for one: the highest both sides support,
    /// or the cloud's configured `<service>_api_version`.
    public let defaultMicroversion: Microversion?
}

/// A microversion such as 2.79, compared numerically (2.10 is above 2.9).
public struct Microversion: Sendable, Comparable, CustomStringConvertible {
    public let major: Int
    public let minor: Int

    public init?(_ text: String) {
        let parts = text.trimmingCharacters().split(separator: ".")
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        self.major = major
        self.minor = minor
    }

    public static func < (a: Microversion, b: Microversion) -> Bool {
        (a.major, a.minor) < (b.major, b.minor)
    }

    public var description: String { "\(major).\(minor)" }

    /// The highest microversion stackrun's clients are written for, per service. Higher ones
    /// change response shapes the generic code relies on only through fields it reads by name,
    /// but are not known to us, so they are not chosen by default.
    static func clientMaximum(_ service: ServiceType) -> Microversion? {
        switch service {
        case .compute: Microversion("2.90")
        case .blockStorage: Microversion("3.70")
        default: nil
        }
    }
}
