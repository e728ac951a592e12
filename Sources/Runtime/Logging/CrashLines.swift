internal import CStackrun

/// The lines C writes itself when nothing else can (a second signal exits at once, Lua's memory
/// ran out): they follow `--log-format`, so that with json every stderr line is still a record.
public enum CrashLines {
    public static func follow(_ format: LogLineHandler.Format) {
        sr_set_json_diagnostics(format == .json ? 1 : 0)
    }
}
