/// A field of a create or update body that names another resource: a script writes
/// `network = "web"` and the API gets `network_id = "<id of web>"`. Declared per kind, resolved by
/// one function (Session+References).
public struct Reference: Sendable {
    /// The option a script writes ("network").
    public let option: String
    /// The API field it fills ("network_id").
    public let field: String
    /// The kind it names. Read when used, not when declared: kinds name each other (a volume is
    /// made from a snapshot, a snapshot from a volume), and a declaration that read the other
    /// kind's at once would recurse.
    public var kind: ResourceKind { named() }
    private let named: @Sendable () -> ResourceKind

    public init(_ option: String, _ field: String, _ kind: @autoclosure @escaping @Sendable () -> ResourceKind) {
        self.option = option
        self.field = field
        named = kind
    }
}
