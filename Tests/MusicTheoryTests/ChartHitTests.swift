import Testing

@testable import MusicTheory

/// Band-in-a-Box's hits, written in a chord chart: shots, holds and pushes.
@Suite("Chart hits")
struct ChartHitTests {
    @Test("G7. is a shot, G7.. a hold, ^G7 a push; the chart prints them back")
    func marks() throws {
        let chart = try ChordChart(parsing: "C | F. | G7.. | ^C Am7")
        #expect(chart.hits == [[nil], [.shot], [.hold], [.push, nil]])
        #expect(chart.bars[2] == [try ChordSymbol.parse("G7")], "the marks are not part of the chord")
        #expect(chart.description == "C | F. | G7.. | ^C Am7")
        #expect(try ChordChart(parsing: "C. | %").hits == [[.shot], [.shot]], "% repeats the hit too")
        #expect(!(try ChordChart(parsing: "C | F")).hasHits)
    }

    @Test("A mark that cannot be played is refused with its place and why", arguments: [
        ("C | ^G7.", "^G7.", 4, "a push is held into the beat it anticipates: write ^G7, or a shot or hold without ^"),
        ("C | F...", "F...", 4, "one dot marks a shot (F.), two a hold (F..)"),
        ("C | N.C..", "N.C..", 4, "a shot, hold or push needs a chord; N.C. is the band resting"),
        ("C | ^N.C.", "^N.C.", 4, "a push is held into the beat it anticipates: write ^N.C, or a shot or hold without ^"),
    ])
    func refused(text: String, symbol: String, offset: Int, reason: String) {
        #expect(throws: ChordChartError(symbol: symbol, offset: offset, reason: reason)) { try ChordChart(parsing: text) }
    }
}
