/// How much of what a script produces stackrun writes as it is (README, Limits). A script run
/// unattended may log or return something huge by mistake (a whole listing in a log field, a
/// runaway string): what it writes must stay bounded, and never make the run crash.
public enum OutputLimits {
    /// A log record, and anything else written on stderr at once (an error and its traceback),
    /// is at most this many bytes; past it, the longest parts are cut and the record says how
    /// much. 64 KiB holds any record stackrun makes itself (a traceback, a --debug body at its
    /// default 4 KiB limit) many times over, while a 10 MB string logged by mistake does not
    /// reach a log collector as one line it must buffer whole (Docker splits lines at 16 KiB,
    /// journald at 48 KiB by default: such a record was never going to arrive readable).
    public static let logRecordBytes = 64 * 1024

    /// The results printed on stdout are at most this many bytes; a larger document is not
    /// printed at all (ReportPrinter). It is built in memory before it is written, so that
    /// stdout never holds part of it: this bounds that copy. 100 MiB holds the largest listing a
    /// cloud gives (10,000 servers with their details is about 50 MB); more belongs in a file
    /// (`fs.write`).
    public static let resultBytes = 100 * 1024 * 1024

    /// "1234567 of 1300000 bytes cut (a record is at most 65536 bytes)": the note a cut record
    /// carries.
    static func cutNote(cut: Int, of total: Int) -> String {
        "\(cut) of \(total) bytes cut (a record is at most \(logRecordBytes) bytes)"
    }

    /// Text on stderr at most `logRecordBytes` long: when longer, its start and a last line
    /// saying how much was cut.
    public static func boundedText(_ text: String) -> String {
        let total = text.utf8.count
        guard total > logRecordBytes else { return text }
        let kept = prefix(of: text, bytes: logRecordBytes - 120)
        return kept + "…\n[" + cutNote(cut: total - kept.utf8.count, of: total) + "]"
    }

    /// The longest start of `text` that is at most `bytes` UTF-8 bytes, cut between characters'
    /// scalars (never inside one's encoding).
    static func prefix(of text: String, bytes: Int) -> String {
        let utf8 = text.utf8
        guard bytes < utf8.count else { return text }
        guard bytes > 0 else { return "" }
        var end = utf8.index(utf8.startIndex, offsetBy: bytes)
        while end > utf8.startIndex && utf8[end] & 0xC0 == 0x80 { end = utf8.index(before: end) }
        return String(text.unicodeScalars[..<end])
    }
}
