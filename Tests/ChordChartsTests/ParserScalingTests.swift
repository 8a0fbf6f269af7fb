import Foundation
import MusicTheory
import Testing

@testable import ChordCharts

/// Every parser of outside input takes time linear in its input: reading 16 times the input may
/// take about 16 times as long, never 256 times. A ratio, not an absolute time, so that a slow or
/// busy machine passes and a quadratic parser fails: at 1×, 4× and 16× the best of a few runs is
/// taken, and 16× may cost at most 48 times 1× (three times linear, far below quadratic's 256).
@Suite struct ParserScalingTests {
    /// The best of `runs` timings of `body`, in seconds.
    static func seconds(runs: Int = 3, _ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<runs {
            let start = ContinuousClock.now
            body()
            let elapsed = start.duration(to: .now)
            best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        return best
    }

    /// Times `parse` on `input(n)` at n, 4n and 16n, and checks the growth.
    static func expectLinear(_ name: String, base: Int, input: (Int) -> String, parse: (String) -> Void) {
        let sizes = [base, base * 4, base * 16]
        let inputs = sizes.map(input)
        parse(inputs[0])  // warm-up
        let times = inputs.map { text in seconds { parse(text) } }
        let ratio = times[2] / max(times[0], 1e-6)
        #expect(
            ratio < 48,
            "\(name): \(inputs.map { "\($0.utf8.count) B" }) took \(times.map { String(format: "%.4f s", $0) }), 16× input cost \(String(format: "%.1f", ratio))×")
    }

    @Test func chordChartsReadInLinearTime() {
        Self.expectLinear("chart", base: 250, input: { bars in
            "[A] " + (0..<bars).map { ["Am7", "D7 G7.", "^Cmaj7", "%"][$0 % 4] }.joined(separator: " | ")
        }) { text in _ = try? ChordChart(parsing: text) }
        // Chord-like tokens without bar lines, and text that is no chart at all.
        Self.expectLinear("one long bar", base: 1000, input: { chords in Array(repeating: "C", count: chords).joined(separator: " ") }) { text in
            _ = try? ChordChart(parsing: text)
        }
    }

    @Test func longChartsStopAtTheBarLimit() throws {
        let text = Array(repeating: "C", count: ChordChart.maximumBars + 10).joined(separator: " | ")
        #expect(throws: ChordChartError.self) { try ChordChart(parsing: text) }
        do {
            _ = try ChordChart(parsing: text)
        } catch {
            #expect(error.reason.contains("more than \(ChordChart.maximumBars) bars"))
        }
    }

    @Test func iRealLinksReadInLinearTime() {
        Self.expectLinear("bars", base: 200, input: { bars in "irealbook://Tune=Me=Medium Swing=C=n=" + String(repeating: "C7 |", count: bars) + "F7 Z" }) { link in
            _ = try? IRealPro.playlist(link)
        }
        // Repeats and endings, which the player walks back through: the probe's slow inputs.
        Self.expectLinear("repeats", base: 60, input: { count in "irealbook://Tune=Me=Medium Swing=C=n=" + String(repeating: "{C |C }", count: count) }) { link in
            _ = try? IRealPro.playlist(link)
        }
        Self.expectLinear("endings", base: 50, input: { count in
            "irealbook://Tune=Me=Medium Swing=C=n=" + String(repeating: "{C |F N1C }|N2G }", count: count)
        }) { link in _ = try? IRealPro.playlist(link) }
        // Far past the limit of played bars, a link is refused for its length at once.
        Self.expectLinear("repeats past the limit", base: 5000, input: { count in
            "irealbook://Tune=Me=Medium Swing=C=n=" + String(repeating: "{C |C N1C }|N2C }", count: count)
        }) { link in _ = try? IRealPro.playlist(link) }
    }

    @Test func musicXMLReadsInLinearTime() {
        Self.expectLinear("measures", base: 60, input: Self.leadSheet(measures:)) { text in _ = try? MusicXMLLeadSheet.read(Data(text.utf8)) }
        // Elements with many attributes: each tag's are counted once.
        Self.expectLinear("attributes", base: 20, input: { elements in
            let attributes = (0..<60).map { "a\($0)=\"1\"" }.joined(separator: " ")
            return "<score-partwise>" + String(repeating: "<x \(attributes)/>", count: elements) + "</score-partwise>"
        }) { text in _ = try? MusicXMLLeadSheet.read(Data(text.utf8)) }
    }

    @Test func anElementWithThousandsOfAttributesIsRefusedAtOnce() {
        let attributes = (0..<100_000).map { "a\($0)=\"1\"" }.joined(separator: " ")
        let text = "<?xml version=\"1.0\"?><score-partwise \(attributes)><part-list/></score-partwise>"
        let time = Self.seconds(runs: 1) {
            #expect(throws: MusicXMLError.self) { try MusicXMLLeadSheet.read(Data(text.utf8)) }
        }
        #expect(time < 1, "libxml2 takes seconds over 100,000 attributes; the count refuses them first")
    }

    static func leadSheet(measures: Int) -> String {
        let body = (1...measures).map { number in
            """
            <measure number="\(number)"><harmony><root><root-step>\(["C", "F", "G", "A"][number % 4])</root-step></root><kind>dominant</kind></harmony>
            <note><rest/><duration>4</duration></note></measure>
            """
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8"?><score-partwise version="4.0"><part-list><score-part id="P1"><part-name>Lead</part-name></score-part></part-list>
            <part id="P1"><measure number="0"><attributes><divisions>1</divisions><key><fifths>0</fifths></key><time><beats>4</beats><beat-type>4</beat-type></time></attributes></measure>\(body)</part></score-partwise>
            """
    }
}
