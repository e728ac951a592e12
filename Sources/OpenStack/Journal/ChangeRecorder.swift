import Transport

/// Told of each change a session makes to its cloud, as it is made: after the service
/// confirmed it, before the call returns to the script. A run journal keeps them so that what
/// the run built can be taken down again (rollback, `stackrun cleanup`).
public protocol ChangeRecorder: Sendable {
    @LoopActor func record(_ change: ResourceChange)
    /// An existing resource was updated in place (`update`): nothing a rollback could undo, so
    /// the journal ignores it; a run summary counts it as changed.
    @LoopActor func recordUpdate(kind: String, id: String)
}

extension ChangeRecorder {
    @LoopActor public func recordUpdate(kind: String, id: String) {}
}

/// The default: keeps nothing.
public struct NoChangeRecorder: ChangeRecorder {
    public init() {}
    @LoopActor public func record(_ change: ResourceChange) {}
}
