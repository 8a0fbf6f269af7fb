import ChordCharts
import Foundation
import Testing

@Suite("The iReal style table in Docs/CHARTS.md")
struct IRealProStyleDocTests {
    @Test("The guide lists every style the reader maps, under the genre it maps to, and nothing else")
    func guideMatchesTheTable() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let guide = try String(contentsOf: root.appendingPathComponent("Docs/CHARTS.md"), encoding: .utf8)
        // The table follows its comment and ends at the first blank line.
        let marker = try #require(guide.range(of: "<!-- The rows below are checked"))
        let table = guide[marker.upperBound...].components(separatedBy: "\n\n")[0]
        var documented: [String: [String]] = [:]
        for line in table.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 2 else { continue }
            let genre = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            documented[genre, default: []] += cells[1].components(separatedBy: ", ")
        }
        var expected: [String: [String]] = [:]
        for row in IRealPro.styleTable { expected[row.genre, default: []].append(row.style) }
        #expect(documented == expected)
        for row in IRealPro.styleTable {
            #expect(IRealPro.genre(forStyle: row.style) == row.genre, "\(row.style)")
        }
    }
}
