/// What a recipe says it needs beyond its clouds, in the terms of the `--allow-*` flags:
/// `capabilities = {read = {"/etc/ssl"}, net = {"hooks.example.com"}, exec = {"ssh-keygen"}}`.
/// A run refuses to start a recipe whose needs the command line does not grant, naming every
/// flag missing at once, rather than failing halfway through at the first refusal.
public struct RecipeCapabilities: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case read, write, env, net, exec
    }

    public var needs: [Kind: [String]] = [:]

    public init(_ needs: [Kind: [String]] = [:]) { self.needs = needs }

    public subscript(kind: Kind) -> [String] {
        get { needs[kind] ?? [] }
        set { needs[kind] = newValue.isEmpty ? nil : newValue }
    }

    public var isEmpty: Bool { needs.isEmpty }

    /// The flags that grant everything, in the order of `Kind`: what `recipe show` prints and
    /// a user adds to the command line.
    public var flags: [String] {
        Kind.allCases.flatMap { kind in self[kind].map { "--allow-\(kind.rawValue)=\($0)" } }
    }

    /// The needs that `access` does not grant, each as the flag that would (or, for what no
    /// flag can grant, why not).
    func missing(from access: GrantedAccess) -> [String] {
        var missing: [String] = []
        for kind in Kind.allCases {
            for target in self[kind] {
                if let gap = Self.gap(kind, target, access) { missing.append(gap) }
            }
        }
        return missing
    }

    private static func gap(_ kind: Kind, _ target: String, _ access: GrantedAccess) -> String? {
        let flag = "--allow-\(kind.rawValue)=\(target)"
        switch kind {
        case .read:
            return (try? access.checkRead(target)) == nil ? flag : nil
        case .write:
            return (try? access.checkWrite(target)) == nil ? flag : nil
        case .env:
            switch access.checkEnvironment(target) {
            case .granted: return nil
            case .secret: return "\(target) (a secret: never readable by a script, whatever is granted)"
            case .denied: return flag
            }
        case .net:
            // A host without a port is used on any port: the grant must cover both usual ones.
            let urls = target.contains(":") && !target.hasSuffix("]") ? ["http://\(target)/"] : ["http://\(target)/", "https://\(target)/"]
            return urls.allSatisfy { (try? access.checkNet($0)) != nil } ? nil : flag
        case .exec:
            switch access.checkExec(target) {
            case .allowed: return nil
            case .notFound: return "\(target) (granted, but not found on PATH)"
            case .denied: return flag
            }
        }
    }
}
