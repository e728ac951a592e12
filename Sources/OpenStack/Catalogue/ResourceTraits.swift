/// The vocabulary a kind's declaration is written in: what it supports and how its service does
/// things that differ between services (tags, client markers, lookups, bulk status).

/// The nine calls every resource module may have. A kind lists those its service offers.
public enum Verb: String, CaseIterable, Sendable {
    case create, get, find, list, update, delete, wait, ensure, absent
}

/// How a kind's tags are read and written.
public enum TagStyle: Sendable, Equatable {
    /// None (flavors, key pairs, volumes, security group rules).
    case none
    /// Nova and Neutron: `GET/PUT {item}/tags` for the whole set, `PUT/DELETE {item}/tags/{tag}` for one.
    case tagCollection
    /// Glance: the tags are a field of the resource; `PUT/DELETE {item}/tags/{tag}` change one.
    case tagField
}

/// Where a create can leave a client marker (a token the client chose) that a later lookup finds,
/// so that a create whose answer was lost can be recognised instead of repeated.
public enum MarkerStyle: Sendable, Equatable {
    /// A key of the `metadata` object sent with the create (Nova servers, Cinder volumes and snapshots).
    case metadata
    /// A tag sent with the create, from `microversion` on (Nova takes `tags` at create from 2.52).
    case tag(microversion: Microversion?)
    /// A top-level property of the create body (Glance's custom image properties).
    case property
    /// Text in the `description` field (Neutron resources, which take no tags at create).
    case description
}

/// What a kind's ids look like: a reference that cannot be one is not tried as an id.
public enum IDShape: Sendable, Equatable {
    /// A UUID, with or without dashes (what every service here issues, except Nova's flavors
    /// and key pairs).
    case uuid
    /// Anything: flavor ids are chosen by the operator ("1", "m1.tiny"), a key pair's id is its name.
    case any

    /// Whether `reference` could be an id of this shape.
    public func admits(_ reference: String) -> Bool {
        guard self == .uuid else { return true }
        let hex = reference.utf8.filter { $0 != UInt8(ascii: "-") }
        guard hex.count == 32, hex.allSatisfy(Self.isHexDigit) else { return false }
        if reference.utf8.count == 32 { return true }
        let dashes = reference.utf8.enumerated().filter { $0.element == UInt8(ascii: "-") }.map(\.offset)
        return dashes == [8, 13, 18, 23]
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }
}

/// How a reference (an id or a name) is looked up.
public enum Lookup: Sendable, Equatable {
    /// GET by id when the reference could be an id, then the list filtered by name.
    case idThenName
    /// GET by id only: the id is the name (Nova's key pairs).
    case idIsName
    /// One GET of the whole list, matched by id or name: the service has no name filter, so the
    /// list is fetched anyway, and it already holds what a GET by id would return (flavors).
    case wholeList
}

/// How the statuses of many resources of a kind are read in one call.
public enum BulkStatusQuery: Sendable, Equatable {
    /// The detailed list, matched by id on our side (Nova and Cinder filter lists by status
    /// and name, not by a set of ids).
    case detailedList
    /// The list with the ids as repeated parameters (`?id=a&id=b`, Neutron).
    case repeatedParameter(String)
    /// The list with an `in:` operator (`?id=in:a,b`, Glance).
    case inOperator(String)
}

/// Code a kind's create needs beyond its declared references: named, so the declaration says
/// which, and written once in the layer that knows the service.
public enum CreateHook: Sendable, Equatable {
    /// Nova's server body: `network`/`networks` (names, ids, ports, "auto"), security groups by
    /// name, `user_data` Base64-encoded.
    case serverBody
}
