import ChordCharts
import Foundation
import Testing

@Suite("The iReal style tables in Docs/CHARTS.md")
struct IRealProStyleDocTests {
    /// The rows of the table that follows `marker` in the guide (up to its first blank line):
    /// genre → the names in its row, split at ", ".
    static func documented(after marker: String) throws -> [String: [String]] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let guide = try String(contentsOf: root.appendingPathComponent("Docs/CHARTS.md"), encoding: .utf8)
        let start = try #require(guide.range(of: marker))
        let table = guide[start.upperBound...].components(separatedBy: "\n\n")[0]
        var rows: [String: [String]] = [:]
        for line in table.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 2 else { continue }
            let genre = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            rows[genre, default: []] += cells[1].components(separatedBy: ", ")
        }
        return rows
    }

    @Test("The guide lists every style the reader maps, under the genre it maps to, and nothing else")
    func guideMatchesTheTable() throws {
        let documented = try Self.documented(after: "<!-- The rows below are checked")
        var expected: [String: [String]] = [:]
        for row in IRealPro.styleTable { expected[row.genre, default: []].append(row.style) }
        #expect(documented == expected)
        // Every row is what the reader does, as a style and as the groove of its family.
        for (genre, styles) in documented {
            for style in styles {
                #expect(IRealPro.genre(forStyle: style) == genre, "\(style)")
            }
        }
    }

    @Test("The guide lists every word a style of one's own is read by, and each picks its genre")
    func guideMatchesTheWords() throws {
        let documented = try Self.documented(after: "<!-- The word rows below are checked")
        var words: [String: [String]] = [:]
        for row in IRealPro.styleWords { words[row.genre, default: []].append(row.word) }
        #expect(documented == words)
        // A style made of a word the table does not list, and the word, maps to the word's genre.
        for (genre, list) in documented {
            for word in list where IRealPro.styleTable.allSatisfy({ $0.style.lowercased() != word }) {
                #expect(IRealPro.genre(forStyle: "Medium \(word.capitalized) 96BPM") == genre, "\(word)")
            }
        }
    }
}
