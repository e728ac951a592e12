import Crypto
import Foundation

/// Key pairs as Nova makes and checks them: a generated pair for `POST /os-keypairs` without a
/// public key, and the MD5 fingerprint of an imported OpenSSH public key.
///
/// Nova generates RSA keys; the emulator generates Ed25519 ones (instant, and every OpenSSH
/// client takes them), with the public key written as `ssh-ed25519 <base64> Generated-by-Nova`
/// and the private key in OpenSSH's own format.
enum SSHKeys {
    struct Generated {
        let publicKey: String
        let privateKey: String
        let fingerprint: String
    }

    static func generate() -> Generated {
        let key = Curve25519.Signing.PrivateKey()
        let publicBytes = Array(key.publicKey.rawRepresentation)
        var blob = SSHWire()
        blob.string("ssh-ed25519")
        blob.bytes(publicBytes)
        let publicKey = "ssh-ed25519 " + Data(blob.output).base64EncodedString() + " Generated-by-Nova"
        return Generated(
            publicKey: publicKey,
            privateKey: openSSHPrivateKey(seed: Array(key.rawRepresentation), publicKey: publicBytes, blob: blob.output),
            fingerprint: md5Fingerprint(blob.output))
    }

    /// `openssh-key-v1`, unencrypted: the layout `ssh-keygen` writes and reads.
    static func openSSHPrivateKey(seed: [UInt8], publicKey: [UInt8], blob: [UInt8]) -> String {
        var generator = SystemRandomNumberGenerator()
        let check = UInt32.random(in: .min ... .max, using: &generator)
        var secret = SSHWire()
        secret.uint32(check)
        secret.uint32(check)
        secret.string("ssh-ed25519")
        secret.bytes(publicKey)
        secret.bytes(seed + publicKey)
        secret.string("Generated-by-Nova")
        var pad: UInt8 = 1
        while secret.output.count % 8 != 0 {
            secret.output.append(pad)
            pad += 1
        }
        var file = SSHWire()
        file.output = Array("openssh-key-v1".utf8) + [0]
        file.string("none")
        file.string("none")
        file.string("")
        file.uint32(1)
        file.bytes(blob)
        file.bytes(secret.output)
        let encoded = Data(file.output).base64EncodedString()
        var lines: [String] = []
        var rest = Substring(encoded)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(70)))
            rest = rest.dropFirst(70)
        }
        return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + lines.joined(separator: "\n") + "\n-----END OPENSSH PRIVATE KEY-----\n"
    }

    /// The fingerprint of an OpenSSH public key line (`ssh-rsa AAAA… comment`), or nil when the
    /// line is not a well-formed key of a type OpenSSH knows.
    static func fingerprint(ofPublicKey line: String) -> String? {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        guard words.count >= 2, let blob = Data(base64Encoded: String(words[1])) else { return nil }
        let bytes = Array(blob)
        var reader = SSHWireReader(bytes)
        guard let type = reader.string(), type == String(words[0]), reader.isWellFormed(keyType: type) else { return nil }
        return md5Fingerprint(bytes)
    }

    /// Nova's x509 fingerprint: SHA-1 of the certificate's DER bytes, as colon-separated hex.
    static func fingerprint(ofCertificate pem: String) -> String? {
        let lines = pem.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let begin = lines.firstIndex(of: "-----BEGIN CERTIFICATE-----"),
            let end = lines.firstIndex(of: "-----END CERTIFICATE-----"), begin < end,
            let der = Data(base64Encoded: lines[(begin + 1)..<end].joined()), der.first == 0x30
        else { return nil }
        return colonHex(Array(Insecure.SHA1.hash(data: der)))
    }

    static func md5Fingerprint(_ blob: [UInt8]) -> String {
        colonHex(Array(Insecure.MD5.hash(data: blob)))
    }

    private static func colonHex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined(separator: ":")
    }
}

/// SSH's wire encoding: big-endian lengths before strings.
struct SSHWire {
    var output: [UInt8] = []

    mutating func uint32(_ value: UInt32) {
        output += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    mutating func bytes(_ value: [UInt8]) {
        uint32(UInt32(value.count))
        output += value
    }

    mutating func string(_ value: String) { bytes(Array(value.utf8)) }
}

struct SSHWireReader {
    private let input: [UInt8]
    private var offset = 0

    init(_ input: [UInt8]) { self.input = input }

    mutating func bytes() -> [UInt8]? {
        guard offset + 4 <= input.count else { return nil }
        let length = input[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        offset += 4
        guard length <= input.count - offset else { return nil }
        defer { offset += length }
        return Array(input[offset..<offset + length])
    }

    mutating func string() -> String? {
        bytes().map { String(decoding: $0, as: UTF8.self) }
    }

    /// The fields after the type are those the key type has, and nothing follows them.
    mutating func isWellFormed(keyType: String) -> Bool {
        let fields: Int
        switch keyType {
        case "ssh-rsa": fields = 2
        case "ssh-dss": fields = 4
        case "ssh-ed25519": fields = 1
        case "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521": fields = 2
        default: return false
        }
        var values: [[UInt8]] = []
        for _ in 0..<fields {
            guard let value = bytes(), !value.isEmpty else { return false }
            values.append(value)
        }
        guard offset == input.count else { return false }
        if keyType == "ssh-ed25519" { return values[0].count == 32 }
        return true
    }
}
