import Logging

/// A record longer than OutputLimits.logRecordBytes (a 10 MB string logged by mistake) is still
/// one line, and still valid JSON with `--log-format json`: its longest values are cut, each
/// ending in "…", and a `truncated` field says how many bytes went. Cutting the finished line
/// instead would leave a JSON record no collector can parse.
extension LogRecord {
    /// One part of a line: how it starts (`" name="`, `,"name":`), its value as written, and
    /// that value written from at most n bytes of its text, ending in "…".
    private struct Piece {
        let lead: String
        let value: String
        let shortened: (Int) -> String
    }

    func boundedLine(_ format: LogLineHandler.Format, _ sorted: [Field], time: String, fullSize: Int) -> String {
        // A field's name is cut too: a name is never meant to be long.
        func name(_ key: String) -> String { OutputLimits.prefix(of: key, bytes: 256) }
        let prefix: String
        var pieces: [Piece]
        let note: (String) -> String
        let suffix: String
        switch format {
        case .text:
            prefix = "\(time) \(level.rawValue.uppercased()) "
            pieces = [Piece(lead: "", value: LogValueText.escaped(message)) { LogValueText.escaped(Self.cut(message, $0)) }]
            for field in sorted {
                let text = Self.plainText(field.value)
                pieces.append(Piece(lead: " \(LogValueText.escaped(name(field.key)))=", value: LogValueText.text(field.value)) {
                    LogValueText.text(.string(Self.cut(text, $0)))
                })
            }
            note = { " truncated=" + LogValueText.text(.string($0)) }
            suffix = ""
        case .json:
            prefix = jsonPrefix(time: time)
            pieces = [Piece(lead: ",\"message\":", value: LogValueText.quoted(message)) { LogValueText.quoted(Self.cut(message, $0)) }]
            for field in sorted where !Self.jsonReservedKeys.contains(field.key) && field.key != "truncated" {
                let text = Self.plainText(field.value)
                pieces.append(Piece(lead: "," + LogValueText.quoted(name(field.key)) + ":", value: LogValueText.json(field.value)) {
                    LogValueText.quoted(Self.cut(text, $0))
                })
            }
            note = { ",\"truncated\":" + LogValueText.quoted($0) }
            suffix = "}"
        }
        // Room for the note, whose numbers are at most a few dozen bytes.
        let budget = OutputLimits.logRecordBytes - prefix.utf8.count - suffix.utf8.count - 200
        // The message, and as many fields as leave half the room to their values (16 bytes each
        // at least); the fields after them go (the message is first, then the fields by name).
        var leads = 0
        var count = 0
        for piece in pieces {
            let needed = piece.lead.utf8.count + 16
            if count > 0 && leads + needed > budget / 2 { break }
            (leads, count) = (leads + piece.lead.utf8.count, count + 1)
        }
        pieces.removeLast(pieces.count - count)
        // The room left is shared out: values shorter than their share stay whole, and what they
        // leave goes to the longer ones.
        var room = budget - leads
        var values = pieces.map(\.value)
        var left = values.count
        for index in values.indices.sorted(by: { values[$0].utf8.count < values[$1].utf8.count }) {
            let share = room / left
            if values[index].utf8.count > share { values[index] = Self.fit(pieces[index].shortened, in: share) }
            room -= values[index].utf8.count
            left -= 1
        }
        let kept = prefix + zip(pieces, values).map { $0.lead + $1 }.joined()
        let cut = fullSize - kept.utf8.count - suffix.utf8.count
        return kept + note(OutputLimits.cutNote(cut: cut, of: fullSize)) + suffix
    }

    /// A value as text to cut: a string as it is, anything else as its JSON.
    private static func plainText(_ value: Logger.MetadataValue) -> String {
        if case .string(let text) = value { return text }
        return LogValueText.json(value)
    }

    /// The first `bytes` bytes of `text` and "…", or `text` when it is that short.
    private static func cut(_ text: String, _ bytes: Int) -> String {
        text.utf8.count <= bytes ? text : OutputLimits.prefix(of: text, bytes: bytes) + "…"
    }

    /// The value written from as much of its text as fits in `size` bytes once escaped: escapes
    /// can make text up to six times longer, so the cut is made shorter until it fits.
    private static func fit(_ shortened: (Int) -> String, in size: Int) -> String {
        // The cut leaves room for the "…" and the quotes.
        var bytes = size - 8
        while bytes > 0 {
            let value = shortened(bytes)
            if value.utf8.count <= size { return value }
            bytes = bytes * 3 / 4
        }
        return shortened(0)
    }
}
