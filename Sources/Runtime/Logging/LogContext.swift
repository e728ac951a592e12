import Synchronization

/// What every JSON log record of the process says about the run it belongs to: its id (the
/// journal's, the lock file's, the summary's) and, for a recipe, the recipe's name. One run per
/// process, so it is process-wide: records written from any thread, by any logger, carry it.
public enum LogContext {
    private struct Values {
        var runID: String?
        var recipe: String?
    }

    private static let values = Mutex(Values())

    /// Set once the run has an id, before its first record.
    public static var runID: String? {
        get { values.withLock { $0.runID } }
        set { values.withLock { $0.runID = newValue } }
    }

    /// The recipe's declared name when the run is a recipe; nil for a plain script.
    public static var recipe: String? {
        get { values.withLock { $0.recipe } }
        set { values.withLock { $0.recipe = newValue } }
    }

    /// Both at once, for a record being written.
    static var current: (runID: String?, recipe: String?) { values.withLock { ($0.runID, $0.recipe) } }
}
