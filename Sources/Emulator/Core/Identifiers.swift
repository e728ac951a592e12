import Foundation

/// Identifiers shaped like the real services' own.
public enum Identifiers {
    /// Keystone's ids: a UUID4 as 32 lower-case hex digits.
    public static func keystoneID() -> String {
        UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    }

    /// The other services' ids: a lower-case UUID4 with dashes.
    public static func uuid() -> String {
        UUID().uuidString.lowercased()
    }

    /// `req-<uuid>`, as oslo.middleware's request_id middleware makes them.
    public static func requestID() -> String {
        "req-" + uuid()
    }

    /// A stable Keystone-style id derived from a name, so that seeded identities keep their ids
    /// across resets and restarts (clients cache project ids in catalog URLs).
    public static func stableKeystoneID(_ name: String) -> String {
        var first = SplitMix64(seed: fnv1a(name))
        var second = SplitMix64(seed: fnv1a(name + "#"))
        return hex(first.next()) + hex(second.next())
    }

    /// A stable UUID derived from a name, for seeded resources of the other services.
    public static func stableUUID(_ name: String) -> String {
        let digits = Array(stableKeystoneID(name))
        func part(_ range: Range<Int>) -> String { String(digits[range]) }
        // Version 4 and the RFC 4122 variant, so that it parses as what it pretends to be.
        return part(0..<8) + "-" + part(8..<12) + "-4" + part(13..<16) + "-a" + part(17..<20) + "-" + part(20..<32)
    }

    /// An opaque random token or secret, URL-safe, with 256 bits from the system's CSPRNG.
    public static func secret(byteCount: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<byteCount).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Keystone's audit ids: 16 random bytes, URL-safe base64 without padding (22 characters).
    public static func auditID() -> String {
        secret(byteCount: 16)
    }

    private static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01B3
        }
        return hash
    }

    private static func hex(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
