import Foundation

/// Keystone's resources, as the emulator keeps them.
struct IdentityDomain: Sendable {
    let id: String
    var name: String
    var description: String
    var enabled = true
}

struct IdentityProject: Sendable {
    let id: String
    var name: String
    let domainID: String
    var description: String
    var enabled = true
    var tags: [String] = []
}

struct IdentityRole: Sendable {
    let id: String
    let name: String
    /// Ids of the roles this one implies.
    var implies: [String]
}

struct IdentityUser: Sendable {
    let id: String
    var name: String
    let domainID: String
    var password: String
    var defaultProjectID: String?
    var email: String?
    var enabled = true
}

/// What a token is scoped to.
enum TokenScope: Sendable, Equatable {
    case unscoped
    case project(String)
    case domain(String)
    case system
}

/// An issued token. The token string itself is only the dictionary key in `IdentityState`.
struct IssuedToken: Sendable {
    let userID: String
    let methods: [String]
    let auditIDs: [String]
    let issuedAt: Date
    /// What the body says.
    let expiresAt: Date
    /// When it really stops working: `expiresAt`, or earlier under an early-expiry fault.
    let validUntil: Date
    let scope: TokenScope
    /// Role ids, implied roles included, fixed at issue.
    let roleIDs: [String]
    let applicationCredentialID: String?
    var revoked = false
}

struct ApplicationCredential: Sendable {
    let id: String
    let name: String
    let description: String?
    let userID: String
    let projectID: String
    let secret: String
    let expiresAt: Date?
    /// Nil when the request did not say; Keystone stores and shows it that way.
    let unrestricted: Bool?
    let roleIDs: [String]
}
