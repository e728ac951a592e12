/// A call on one resource beyond the nine verbs, declared as data: a server action (`reboot`), a
/// volume action (`extend`), or one side of a relation between two resources (attaching a volume
/// to a server, a subnet to a router, a floating IP to a port). It says what the script passes,
/// what goes on the wire, what to wait for, how to see that it already took effect, and what
/// undoes it. Session+Operation performs any of them; the Lua binder installs any of them.
public struct Operation: Sendable {
    /// The Lua name, within its module ("reboot", "attach_volume").
    public let name: String
    /// The resource it acts on: the call's first argument.
    public let subject: ResourceKind
    /// The arguments after the subject, in order.
    public var arguments: [Argument] = []
    /// Keys of the options table beside the control keys (wait, timeout, interval, microversion).
    public var options: [Option] = []
    public var request: Request
    /// What `wait = true` waits for; nil when nothing changes state.
    public var wait: Wait?
    public var result: Result
    /// How to see that the operation already took effect (a retry after a lost answer need not
    /// repeat it); nil when it cannot be seen (a reboot).
    public var effect: Effect?
    /// What undoes it; nil when nothing does (an extend cannot shrink a volume back).
    public var inverse: Inverse?
    /// Whether it changes anything (a console log does not: nothing to journal or undo).
    public var mutates = true
    /// Whether it joins two resources or breaks such a join: a run journal keeps the joins a
    /// run made, and a rollback undoes those still standing before it deletes anything.
    public var link: LinkRole?
    /// Kinds whose resources and joins made by the run a rollback takes away before it undoes
    /// this join: a router interface outlasts the floating IPs that reach their ports through it
    /// (Neutron refuses its removal while they are there).
    public var undoneAfter: [String] = []

    public init(_ name: String, on subject: ResourceKind, _ request: Request, result: Result = .subject) {
        self.name = name
        self.subject = subject
        self.request = request
        self.result = result
    }

    /// A positional argument. Its value fills the template slot of the same name.
    public struct Argument: Sendable {
        public enum Form: Sendable {
            /// A resource of the kind, by id, name or table; the slot gets its id.
            case reference(ResourceKind)
            /// One of several kinds: a plain reference means the first, a table names which
            /// (`{port = ...}`); the slot of the chosen one gets its id.
            case oneOf([(key: String, slot: String, kind: ResourceKind)])
            /// A whole number of at least `minimum`.
            case integer(minimum: Int64)
            /// A table passed to the API as it is (metadata keys are the user's own).
            case table
        }

        public let slot: String
        public let form: Form
        public var optional = false
        /// What the argument is, for messages ("size in GiB").
        public var description: String

        public init(_ slot: String, _ form: Form, optional: Bool = false, description: String) {
            self.slot = slot
            self.form = form
            self.optional = optional
            self.description = description
        }
    }

    /// A key of the options table.
    public struct Option: Sendable {
        public enum Form: Sendable {
            /// A word sent upper-cased, `fallback` when not given ("SOFT").
            case word(fallback: String)
            case string
            case flag
        }

        public let key: String
        public let form: Form

        public init(_ key: String, _ form: Form) {
            self.key = key
            self.form = form
        }
    }

    /// What goes on the wire: relative to the subject's own URL.
    public struct Request: Sendable {
        public var method: String
        /// Appended to the subject's URL; `{slot}` takes a slot's value ("/os-volume_attachments/{volume}").
        public var path: String
        public var body: BodyTemplate?
        /// A flag option that switches the method (`set_metadata`'s `replace` makes it a PUT).
        public var methodWhenFlagSet: (flag: String, method: String)?
        /// A PUT that does not do the same when sent twice (Neutron's add_router_interface
        /// refuses a second interface on the subnet): sent once, as a POST is.
        public var sendsOnce = false

        public init(_ method: String, _ path: String = "", body: BodyTemplate? = nil) {
            self.method = method
            self.path = path
            self.body = body
        }

        /// Nova's and Cinder's `POST {item}/action` with `{name: body}`.
        public static func action(_ name: String, _ body: BodyTemplate = nil) -> Request {
            Request("POST", "/action", body: [name: body])
        }
    }

    public struct Wait: Sendable {
        /// The subject, or the resource an argument names (attaching waits for the volume).
        public var slot: String?
        public var states: [String]

        public static func subject(_ states: String...) -> Wait { Wait(slot: nil, states: states) }
        public static func argument(_ slot: String, _ states: String...) -> Wait { Wait(slot: slot, states: states) }
    }

    public enum Result: Sendable {
        /// The subject as it is afterwards: the waited-for resource, or a fresh GET.
        case subject
        /// A member of the answer ("volumeAttachment"), or the whole answer when nil.
        case answer(String?)
        /// A string member of the answer ("output").
        case text(String)
        /// The waited-for resource with `wait = true`, else nil.
        case waited
    }

    public enum Effect: Sendable {
        /// The subject's status is one of these.
        case status([String])
        /// A field of the subject (a dotted path) holds a slot's value, or null for nil.
        case field(String, equalsSlot: String?)
        /// A GET of this path under the subject answers (true) or answers 404 (false). When
        /// true, what that GET answers is what the operation answers (Nova's attachment).
        case exists(path: String, Bool)
        /// The subject, a router, has an interface on the subnet in the `subnet` slot or is the
        /// device of the port in the `port` slot (true), or not (false).
        case routerInterface(Bool)
    }

    public enum LinkRole: Sendable {
        /// It joins its subject to another resource (attach, add an interface, associate).
        case makes
        /// It breaks the join the named operation makes (detach breaks `attach_volume`'s).
        case breaks(String)
    }

    /// The operation that undoes this one, and which of this one's slots it takes.
    public struct Inverse: Sendable {
        public let operation: String
        public var keeping: [String] = []

        public init(_ operation: String, keeping: [String] = []) {
            self.operation = operation
            self.keeping = keeping
        }
    }
}
