import Foundation
import Testing

@testable import MusicTheory

/// The regular expression the API document publishes accepts exactly the charts the parser reads.
@Suite("Chord chart pattern")
struct ChordChartPatternTests {
    let regex = try! NSRegularExpression(pattern: ChordChart.pattern)

    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    func parses(_ text: String) -> Bool { (try? ChordChart(parsing: text)) != nil }

    @Test("Known charts agree", arguments: [
        "Am7 | D7 | Gmaj7 Cmaj7 | %", "ii7 | V7 | Imaj7", "I | IV | I I7 | %", "C6/9 | D7/F# | Bbm7b5 |", "#vii°7 | bVII",
        "", " ", "%", "% | I", "I || V", "I | % %", "Hm", "cm7", "b", "Cb", "E#", "C/9", "Cm6/9", "I | ", "Iv", "VIII", "C6/9/G",
        "F♯m7 | B♭maj7", "I\tIV", "I\nIV", "[A] C | Am [B] F | G", "[A] C | Am | [B] F", "[A]", "C [A] D", "[A] [B] C", "[A=verse] C",
        "[B=] C", "[] C", "[A] N.C. | C", "NC | %", "[A] C\n[B] D\n", "[A b] C",
        "Dm9 | G7alt | Cmaj9 | A7b13 | D7#9 | G13b9 | C6/9 | %", "ii9 | V7alt | Imaj9 | VI7b13 | II7#9 | V13b9 | I6/9",
        "C7(b9,#11) | F^7 | Bb-^7 | Ebh7 | Abø9 | G7b9sus", "C7(b9 #11)", "C7(b9", "C7b9)", "C7()", "C7(,b9)", "C7(b9,)", "C(b5) | Cm(add9)",
        "Cb9", "Cb5", "Db5", "E#9", "Bbb9", "C6/9#11/G", "C7alt#9", "Calt", "C7♭9♯11", "C13sus", "Cmaj7#11", "C^", "C-", "C--7", "Cadd9(13)",
        "Cm(maj7)", "Cm(maj9)", "Cm(maj7", "V7(b9)", "v7#5", "Imaj7#11 | bVII9#11", "C7sus4b9", "C7b9sus4", "C7sussus", "C9#11b13",
        "C | F. | G.. | ^C", "ii7 V7. | ^Imaj7", "C...", "^C.", "^^C", "N.C..", "^N.C.", "C .", "[A] ^C | F..", "Am7/G..", "% .",
        "C | 3/4 F | G", "3/4 C | 4/4 F", "C 3/4 | F", "3/4 | C", "7/8(2+2+3) Dm | %", "3/5 C", "17/4 C", "0/4 C", "[A] 3/4 C | F",
        "3/4 [A] C", "3/4 3/4 C", "C | 3/4 %", "G|12/8", "G | 3/4 ", "G | 3/4 |", "3/4C", "16/16 C", "6/8 ii7 | V7", "3/4(2+1) C", "3/4 (2+1) C",
    ])
    func corpus(chart: String) {
        #expect(matches(chart) == parses(chart), "'\(chart)': pattern \(matches(chart)), parser \(parses(chart))")
    }

    @Test("Random charts from chart pieces agree")
    func fuzz() {
        let pieces = ["C", "Db", "c", "H", "E#", "I", "iv", "bVII", "#", "b", "m", "7", "maj7", "m7b5", "ø", "sus4", "6/9", "/", "G",
                      "%", "|", " ", "  ", "\t", "x", "13", "add9", "°7", "+", "VII", "v", "[A]", "[B=chorus]", "[", "]", "=", "N.C.", "NC",
                      "\n", "b9", "#9", "b13", "#11", "#5", "b5", "9", "11", "alt", "(", ")", ",", "^", "h", "-", "Δ", "sus", "add", "♭", "♯", "69",
                      "mMaj", "dim", "aug", "3/4", "6/8", "12/8", "3/4 ", "7/8(2+2+3) ", "/4"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<6000 {
            let chart = (0..<Int.random(in: 1...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(matches(chart) == parses(chart), "'\(chart)': pattern \(matches(chart)), parser \(parses(chart))")
        }
    }
}

/// A time signature before a bar changes the chart's meter from there on.
@Suite("Meter changes in a chord chart")
struct ChordChartMeterTests {
    @Test("A time signature before a bar's first chord is that bar's meter and the next ones', and prints back as written")
    func meterMarks() throws {
        let chart = try ChordChart(parsing: "[A] Fmaj7 | D7 | 3/4 Gm7 | C7 | 7/8(3+2+2) Fmaj7 | %")
        #expect(chart.meters == [2: Meter(parsing: "3/4")!, 4: Meter(parsing: "7/8")!.grouped([3, 2, 2])!])
        #expect(chart.barMeters(startingIn: .common).map(\.description) == ["4/4", "4/4", "3/4", "3/4", "7/8", "7/8"])
        #expect(chart.description == "[A] Fmaj7 | D7 | 3/4 Gm7 | C7 | 7/8(3+2+2) Fmaj7 | Fmaj7")
        #expect(try ChordChart(parsing: chart.description) == chart)
    }

    @Test("A misplaced or unknown time signature is refused where it stands", arguments: [
        ("C 3/4 | F", "C 3/4", "before the bar's first chord"),
        ("3/5 C", "3/5", "is not a time signature"),
        ("7/8(2+2) C", "7/8(2+2)", "is not a time signature"),
        ("3/4 3/4 C", "3/4 3/4", "one time signature"),
        ("3/4 [A] C", "", "after the section marker"),
        ("G | 12/8", "", "no chord follows it"),
    ])
    func refusals(text: String, upTo: String, words: String) {
        #expect(throws: ChordChartError.self) { try ChordChart(parsing: text) }
        do {
            _ = try ChordChart(parsing: text)
        } catch {
            #expect(error.reason.contains(words), "\(error.reason)")
            if !upTo.isEmpty { #expect(error.offset == upTo.count - (upTo.split(separator: " ").last?.count ?? 0), "\(text): offset \(error.offset)") }
        }
    }
}
