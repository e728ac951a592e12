/// Rows as aligned columns for a terminal: each column as wide as its widest cell, the last
/// one left ragged.
enum Table {
    static func render(_ rows: [[String]]) -> String {
        guard let columns = rows.map(\.count).max() else { return "" }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() where index < columns - 1 { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in index < columns - 1 ? cell.padding(to: widths[index]) : cell }
                .joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
