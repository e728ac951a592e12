import Transport

/// Told of each change a session makes to its cloud, as it is made: after the service
/// confirmed it, before the call returns to the script. A run journal keeps them so that what
/// the run built can be taken down again (rollback, `stackrun cleanup`).
public protocol ChangeRecorder: Sendable {
    @LoopActor func record(_ change: ResourceChange)
}

/// The default: keeps nothing.
public struct NoChangeRecorder: ChangeRecorder {
    public init() {}
    @LoopActor public func record(_ change: ResourceChange) {}
}
