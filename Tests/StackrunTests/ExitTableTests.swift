import Foundation
import Runtime
import Testing

/// Every exit status, and only those, in the README's table and in `stackrun run --help`: the
/// help is generated from ExitStatus.meaning, the README is written by hand, and a cron job's
/// owner reads one or the other to learn what a code means.
@Suite("the exit status table")
struct ExitTableTests {
    static let readme: String = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
            directory = directory.deletingLastPathComponent()
        }
        return (try? String(contentsOf: directory.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
    }()

    /// The codes of the rows of the table under "### Exit status".
    static func readmeCodes() -> [Int32] {
        guard let start = readme.range(of: "### Exit status\n") else { return [] }
        let rows = readme[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
            .drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }
        return rows.compactMap { row in Int32(row.dropFirst(2).prefix { $0 != " " && $0 != "|" }) }
    }

    @Test("the README's table has one row per exit status")
    func readmeTable() {
        let codes = Self.readmeCodes()
        #expect(codes.sorted() == ExitStatus.allCases.map(\.rawValue).sorted(), "\(codes)")
    }

    @Test("run --help lists every exit status with its meaning", arguments: [["run", "--help"], ["--help"]])
    func helpTable(arguments: [String]) throws {
        let result = try stackrun(arguments)
        #expect(result.status == 0)
        // The help wraps long lines: compare without the line breaks and indentation.
        let help = result.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for status in ExitStatus.allCases {
            let meaning = status.meaning.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(help.contains("\(status.rawValue) \(meaning)"), "\(status) missing from \(arguments.joined(separator: " "))")
        }
    }

    @Test("each status's name, a summary's outcome, is its case name in snake case")
    func names() {
        for status in ExitStatus.allCases {
            let snakeCase = String(describing: status).reduce(into: "") { name, character in
                if character.isUppercase { name += "_" + character.lowercased() } else { name.append(character) }
            }
            #expect(status.name == snakeCase)
        }
    }
}
