/// A kind of resource, declared as data: where it lives, how its JSON is wrapped, how its lists
/// are paged, what its status means, which calls its service offers, which of its fields name
/// other resources, how it is tagged and marked. The calls themselves are written once, for
/// every kind (Session+Resources); the declarations are in Compute.swift, BlockStorage.swift,
/// Network.swift and Image.swift.
public struct ResourceKind: Sendable {
    public enum Paging: Sendable {
        /// One response holds the whole list.
        case none
        /// Nova, Cinder and Neutron: `limit`/`marker`, and a `<plural>_links` entry with rel "next".
        case links
        /// Glance: `limit`/`marker`, and a `next` URL relative to the service root.
        case glance
    }

    public enum NameMatch: Sendable {
        /// The service filters `name` exactly.
        case exact
        /// Nova treats `name` as a regular expression: send an anchored, escaped one and compare.
        case regex
        /// No name filter: list everything and compare.
        case clientSide
    }

    /// What its status field means, for waits.
    public struct Status: Sendable {
        public var field = "status"
        /// What `wait = true` on create waits for.
        public var ready: [String]
        /// Other states a resource may rest in, healthy and not changing (a stopped server, an
        /// attached volume, an unassociated floating IP): `ensure{wait = true}` accepts an
        /// existing resource in them as it is, and waits out any other.
        public var settled: [String] = []
        /// States that end a wait at once with an error.
        public var failed: [String]
        /// States that end a wait for a deletion at once with an error.
        public var deleteFailed: [String] = ["error_deleting"]
        /// Default seconds for waits.
        public var timeout: Double
        public var interval: Double = 2

        public init(ready: [String], failed: [String], timeout: Double, settled: [String] = []) {
            self.ready = ready
            self.failed = failed
            self.timeout = timeout
            self.settled = settled
        }
    }

    /// "server", "volume": for messages.
    public let name: String
    public let service: ServiceType
    /// The collection path, relative to the service's versioned endpoint. `{parent}` stands for
    /// the parent resource's id ("/servers/{parent}/os-volume_attachments").
    public let path: String
    /// The JSON key wrapping one resource ("server"); nil when bodies are not wrapped (Glance).
    public let singular: String?
    /// The JSON key of a list ("servers").
    public let plural: String
    /// Where the detailed list is ("/servers/detail"); the collection path when nil.
    public var listPath: String?
    /// Lists whose items are each wrapped again (Nova's keypairs: `{"keypair": {...}}`).
    public var listItemKey: String?
    public var idField = "id"
    public var paging = Paging.none
    public var nameMatch = NameMatch.exact
    public var status: Status?
    /// PUT with a wrapped body for most services; Glance takes a JSON patch.
    public var updateStyle = UpdateStyle.put
    /// The highest microversion this kind's calls may use (Nova stops generating key pairs at 2.92).
    public var maximumMicroversion: Microversion?

    public enum UpdateStyle: Sendable { case put, jsonPatch }

    /// The calls the service offers for this kind (`wait` only with a status).
    public var verbs: Set<Verb> = Set(Verb.allCases)
    /// Fields of create and update that name other resources (`network` -> `network_id`).
    public var references: [Reference] = []
    public var tagStyle = TagStyle.none
    /// Where a create can carry a client marker; nil when the kind needs none (a key pair's name
    /// is unique, so creating it twice fails instead of duplicating it).
    public var marker: MarkerStyle?
    public var idShape = IDShape.uuid
    public var lookup = Lookup.idThenName
    public var bulkStatus: BulkStatusQuery?
    public var createHook: CreateHook?
    /// Kinds whose resources may use one of this kind without naming it in their create (a port
    /// takes its address from a subnet of its network): a rollback removes those the run made
    /// first. Those that name it are found from the journal.
    public var removedAfter: [String] = []

    /// Whether the Lua module of this kind has `verb`.
    public func supports(_ verb: Verb) -> Bool {
        verb == .wait ? status != nil && verbs.contains(.wait) : verbs.contains(verb)
    }

    public init(_ name: String, _ service: ServiceType, path: String, singular: String?, plural: String) {
        self.name = name
        self.service = service
        self.path = path
        self.singular = singular
        self.plural = plural
    }

    /// The collection path with its parent's id filled in.
    func collection(parent: String?) -> String {
        guard let parent else { return path }
        return path.replacing("{parent}", with: Session.percentEncoded(parent))
    }

    func item(_ id: String, parent: String?) -> String {
        collection(parent: parent) + "/" + Session.percentEncoded(id)
    }
}
