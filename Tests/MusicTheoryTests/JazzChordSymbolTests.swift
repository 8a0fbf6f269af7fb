import Foundation
import Testing

@testable import MusicTheory

/// Lead-sheet and iReal chord symbols with extensions and alterations: what they sound, how
/// Backline prints them, and that what it prints reads back.
@Suite("Jazz chord symbols")
struct JazzChordSymbolTests {
    static let cMajor = Key(tonic: NoteName(parsing: "C")!, mode: .major)

    static func pitchClasses(_ symbol: String) throws -> Set<Int> {
        let chord = try #require(try ChordSymbol.parse(symbol).chord(in: cMajor))
        return Set(chord.pitchClasses.map(\.value))
    }

    @Test(
        "An altered or extended symbol sounds the notes a player reads off the chart",
        arguments: [
            ("D7b13", [2, 6, 9, 0, 10]), ("G7alt", [7, 11, 5, 8, 10, 3]), ("C13b9", [0, 4, 7, 10, 1, 9]),
            ("F7#9", [5, 9, 0, 3, 8]),
            ("Bb7#11", [10, 2, 5, 8, 4]), ("E9sus4", [4, 9, 11, 2, 6]), ("C6/9", [0, 4, 7, 9, 2]),
            ("Cm(maj7)", [0, 3, 7, 11]),
            ("Dm9b5", [2, 5, 8, 0, 4]), ("A7b9", [9, 1, 4, 7, 10]), ("C7(#9,b13)", [0, 4, 7, 10, 3, 8]),
            ("Eb7(b9 #11)", [3, 7, 10, 1, 4, 9]),
            ("Gmaj7#11", [7, 11, 2, 6, 9, 1]), ("Abø9", [8, 11, 2, 6, 10]), ("C7#5#9", [0, 4, 8, 10, 3]),
            ("Db13#11", [1, 5, 8, 11, 3, 7, 10]),
            ("C-^7", [0, 3, 7, 11]), ("Ch7", [0, 3, 6, 10]), ("C^9", [0, 4, 7, 11, 2]), ("C7b9sus", [0, 5, 7, 10, 1]),
            ("Cm69", [0, 3, 7, 9, 2]),
            ("C9#5", [0, 4, 8, 10, 2]), ("C9b5", [0, 4, 6, 10, 2]), ("C(b5)", [0, 4, 6]),
            ("Cm7add11", [0, 3, 7, 10, 5]), ("F13sus4", [5, 10, 0, 3, 7, 2]),
            ("Bbm11", [10, 1, 5, 8, 0, 3]), ("E7b9b13", [4, 8, 11, 2, 5, 0]), ("A7#9b13", [9, 1, 4, 7, 0, 5]),
            ("B7b9#11", [11, 3, 6, 9, 0, 5]),
            ("G13#9", [7, 11, 2, 5, 10, 4]), ("D9#11", [2, 6, 9, 0, 4, 8]), ("CmMaj9", [0, 3, 7, 11, 2]),
            ("Cm(maj9)", [0, 3, 7, 11, 2]),
            ("C7(13)", [0, 4, 7, 10, 9]), ("Cmadd9", [0, 3, 7, 2]), ("C7♭9", [0, 4, 7, 10, 1]),
            ("G7alt/Db", [7, 11, 5, 8, 10, 3, 1]),
        ])
    func soundsWhatIsWritten(symbol: String, expected: [Int]) throws {
        #expect(try Self.pitchClasses(symbol) == Set(expected), "\(symbol)")
    }

    @Test(
        "Each alteration takes the place of its natural tone; b13 leaves the fifth",
        arguments: [
            ("9b13", [0, 4, 7, 10, 14, 20]), ("7b9#11", [0, 4, 7, 10, 13, 18]), ("7alt", [0, 4, 10, 13, 15, 20]),
            ("alt", [0, 4, 10, 13, 15, 20]),
            ("13b9", [0, 4, 7, 10, 13, 21]), ("13#11", [0, 4, 7, 10, 14, 18, 21]), ("7#5", [0, 4, 8, 10]),
            ("7b5", [0, 4, 6, 10]),
            ("9#5", [0, 4, 8, 10, 14]), ("m7b5", [0, 3, 6, 10]), ("m9b5", [0, 3, 6, 10, 14]),
            ("ø9", [0, 3, 6, 10, 14]),
            ("maj7#11", [0, 4, 7, 11, 14, 18]), ("maj9#11", [0, 4, 7, 11, 14, 18]), ("^7#11", [0, 4, 7, 11, 14, 18]),
            ("7(b9,13)", [0, 4, 7, 10, 13, 21]), ("7sus4b9", [0, 5, 7, 10, 13]), ("7b9sus4", [0, 5, 7, 10, 13]),
        ])
    func alterationsReplaceNaturals(suffix: String, intervals: [Int]) throws {
        let quality = try #require(ChordQuality.parse(suffix: suffix), "\(suffix) should parse")
        #expect(quality.intervals == intervals, "\(suffix)")
    }

    /// The table Backline read before the grammar: every spelling must keep its meaning.
    static let spellingsReadBefore: [([Int], [String])] = [
        ([0, 4, 7], ["", "maj", "M"]), ([0, 3, 7], ["m", "min", "-"]), ([0, 3, 6], ["dim", "°", "o"]),
        ([0, 4, 8], ["aug", "+"]),
        ([0, 2, 7], ["sus2"]), ([0, 5, 7], ["sus4", "sus"]), ([0, 7], ["5"]), ([0, 4, 7, 9], ["6"]),
        ([0, 3, 7, 9], ["m6", "min6", "-6"]),
        ([0, 4, 7, 9, 14], ["6/9", "69"]), ([0, 4, 7, 10], ["7", "dom7"]),
        ([0, 4, 7, 11], ["maj7", "M7", "Δ7", "Δ", "ma7"]),
        ([0, 3, 7, 10], ["m7", "min7", "-7"]), ([0, 3, 6, 10], ["m7b5", "ø7", "ø", "min7b5", "-7b5"]),
        ([0, 3, 6, 9], ["dim7", "°7", "o7"]),
        ([0, 3, 7, 11], ["mMaj7", "m(maj7)", "mM7", "-Δ7"]), ([0, 5, 7, 10], ["7sus4", "7sus"]),
        ([0, 2, 7, 10], ["7sus2"]),
        ([0, 4, 8, 10], ["aug7", "+7", "7#5"]), ([0, 4, 6, 10], ["7b5"]), ([0, 4, 7, 10, 13], ["7b9"]),
        ([0, 4, 7, 10, 15], ["7#9"]),
        ([0, 4, 7, 10, 18], ["7#11"]), ([0, 4, 7, 10, 14], ["9"]), ([0, 4, 7, 11, 14], ["maj9", "M9", "Δ9"]),
        ([0, 3, 7, 10, 14], ["m9", "min9", "-9"]), ([0, 4, 7, 14], ["add9", "add2"]),
        ([0, 3, 7, 14], ["madd9", "m(add9)"]),
        ([0, 4, 7, 17], ["add11", "add4"]), ([0, 4, 7, 10, 14, 17], ["11"]),
        ([0, 3, 7, 10, 14, 17], ["m11", "min11", "-11"]),
        ([0, 4, 7, 11, 14, 18], ["maj7#11", "maj9#11"]), ([0, 4, 7, 10, 14, 21], ["13"]),
        ([0, 4, 7, 11, 14, 21], ["maj13", "M13"]),
        ([0, 3, 7, 10, 14, 21], ["m13", "min13", "-13"]),
    ]

    @Test("Every spelling read before reads as before, and prints as before")
    func spellingsKeepTheirMeaning() {
        for (intervals, spellings) in Self.spellingsReadBefore {
            for spelling in spellings {
                #expect(ChordQuality.parse(suffix: spelling)?.intervals == intervals, "'\(spelling)'")
            }
            #expect(ChordQuality(intervals: intervals).suffix == spellings[0], "\(intervals) prints as \(spellings[0])")
        }
    }

    @Test(
        "Backline prints each quality as a chord symbol a player reads",
        arguments: [
            ([0, 4, 7, 10, 14, 20], "9b13"), ([0, 4, 7, 10, 13, 18], "7b9#11"), ([0, 4, 10, 13, 15, 20], "7alt"),
            ([0, 4, 7, 10, 13, 21], "13b9"), ([0, 4, 7, 10, 14, 18, 21], "13#11"), ([0, 4, 7, 10, 15, 21], "13#9"),
            ([0, 4, 7, 10, 14, 18], "9#11"),
            ([0, 4, 6, 10, 14], "9b5"), ([0, 4, 8, 10, 14], "9#5"), ([0, 4, 7, 10, 13, 20], "7b9b13"),
            ([0, 4, 7, 10, 15, 20], "7#9b13"),
            ([0, 4, 8, 10, 15], "7#5#9"), ([0, 4, 7, 10, 15, 18], "7#9#11"), ([0, 4, 7, 10, 20], "7b13"),
            ([0, 5, 7, 10, 14], "9sus4"),
            ([0, 5, 7, 10, 14, 21], "13sus4"), ([0, 5, 7, 10, 13], "7b9sus4"), ([0, 3, 6, 10, 14], "m9b5"),
            ([0, 3, 7, 11, 14], "mMaj9"),
            ([0, 3, 7, 9, 14], "m6/9"), ([0, 4, 7, 9, 14, 18], "6/9#11"), ([0, 4, 7, 10, 21], "7add13"),
            ([0, 4, 6], "(b5)"),
            ([0, 3, 7, 10, 17], "m7add11"), ([0, 3, 7, 10, 17, 21], "m7(11,13)"),
        ])
    func printedNames(intervals: [Int], suffix: String) {
        #expect(ChordQuality(intervals: intervals).suffix == suffix)
    }

    /// Suffixes built from every head spelling with every combination of the pieces that may follow
    /// it (alterations in written order and reversed, suspensions before and after them, added
    /// tones and parentheses), and the quality each should be, worked out from the pieces.
    static func suffixes(startingWith spelling: String, head: ChordQuality.Head) -> [String] {
        typealias Alteration = ChordQuality.Alteration
        let subsets: [[Alteration]] = (0..<(1 << Alteration.allCases.count)).map { bits in
            Alteration.allCases.enumerated().filter { bits & (1 << $0.offset) != 0 }.map(\.element)
        }
        let ends = [
            "", "add9", "add2", "add11", "add4", "add13", "(13)", "(9,11)", "(add9)", "(b9,#11)", "add13(b5,11)",
        ]
        var suffixes: [String] = []
        switch head.tail {
        case .none:
            suffixes = [spelling]
        case .addOrGroup:
            suffixes =
                ends.map { spelling + $0 }
                + subsets.filter { !$0.isEmpty }.map { spelling + "(" + $0.map(\.printed).joined(separator: ",") + ")" }
        case .alterations, .suspendable:
            let suspensions = head.tail == .suspendable ? ["", "sus4", "sus", "sus2"] : [""]
            for subset in subsets {
                let written = subset.map(\.printed).joined()
                let reversed = subset.reversed().map(\.printed).joined()
                for suspension in suspensions {
                    suffixes += [spelling + suspension + written, spelling + reversed + suspension]
                }
                if subset.count <= 2 { suffixes += ends.map { spelling + written + $0 } }
            }
            suffixes += ["♭9♯11", "b9(#5)"].map { spelling + $0 }
        }
        return suffixes.filter { !$0.isEmpty }
    }

    @Test(
        "What Backline prints reads back as the same chord, for every suffix the grammar makes",
        arguments: ChordQuality.headSpellings.map(\.0))
    func roundTrip(headSpelling: String) throws {
        let head = try #require(ChordQuality.headSpellings.first { $0.0 == headSpelling }?.1)
        let regex = try NSRegularExpression(pattern: "^(?:\(ChordQuality.suffixPattern))$")
        for suffix in Self.suffixes(startingWith: headSpelling, head: head) {
            let quality = try #require(ChordQuality.parse(suffix: suffix), "'\(suffix)' should parse")
            let printed = quality.suffix
            #expect(
                ChordQuality.parse(suffix: printed) == quality,
                "'\(suffix)' prints as '\(printed)', which reads as \(ChordQuality.parse(suffix: printed)?.intervals ?? [])"
            )
            // Printed names use the first spelling of their head: no ø, h, ^, Δ or - in them.
            #expect(!printed.contains { "øh^Δ-+°♭♯ ".contains($0) }, "'\(suffix)' prints as '\(printed)'")
            #expect(
                regex.firstMatch(in: suffix, range: NSRange(suffix.startIndex..., in: suffix)) != nil,
                "the pattern refuses '\(suffix)'")
        }
    }

    @Test("The suffix pattern accepts exactly the suffixes the parser reads")
    func patternAgreesWithParser() throws {
        let regex = try NSRegularExpression(pattern: "^(?:\(ChordQuality.suffixPattern))$")
        func matches(_ text: String) -> Bool {
            regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
        let pieces = [
            "m", "7", "9", "b", "#", "5", "13", "11", "1", "maj", "M", "sus", "4", "2", "add", "(", ")", ",", "alt",
            "ø", "h", "^", "Δ",
            "-", "+", "°", "o", "6", "/", "dim", "aug", "min", "mM", "dom", "♭", "♯", "b9", "#11", "b13", "#5", "(b9",
            " ", "x",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<4000 {
            let suffix = (0..<Int.random(in: 1...6, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }.joined()
            #expect(
                matches(suffix) == (ChordQuality.parse(suffix: suffix) != nil),
                "'\(suffix)': pattern \(matches(suffix))")
        }
        #expect(!matches(""), "the empty suffix is left to the pattern's user")
    }

    @Test("A chart of jazz changes prints back as it reads, in Backline's spelling")
    func chartsPrintBack() throws {
        let chart = try ChordChart(parsing: "Dm9 | G7alt | Cmaj9 | A7b13 | D7#9 | G13b9 | C6/9 | %")
        #expect(chart.description == "Dm9 | G7alt | Cmaj9 | A7b13 | D7#9 | G13b9 | C6/9 | C6/9")
        #expect(try ChordChart(parsing: chart.description) == chart)
        let iReal = try ChordChart(parsing: "C-^7 | Ch7 | F^ | Bb7(#9,b13) | Eb-69 | Abø9 | G7b9sus | C7♭9/E")
        #expect(iReal.description == "CmMaj7 | Cm7b5 | Fmaj7 | Bb7#9b13 | Ebm6/9 | Abm9b5 | G7b9sus4 | C7b9/E")
        #expect(try ChordChart(parsing: iReal.description) == iReal)
    }

    @Test(
        "A slash after a quality is a bass note; 6/9 stays a quality",
        arguments: [
            ("C6/9", nil, [0, 4, 7, 9, 14]), ("C6/9/G", "G", [0, 4, 7, 9, 14]), ("C6/9#11", nil, [0, 4, 7, 9, 14, 18]),
            ("Cm6/9/Eb", "Eb", [0, 3, 7, 9, 14]),
            ("G7(b9)/B", "B", [0, 4, 7, 10, 13]),
        ])
    func slashChords(symbol: String, bass: String?, intervals: [Int]) throws {
        guard case .absolute(_, let quality, let parsedBass) = try ChordSymbol.parse(symbol) else {
            Issue.record("\(symbol) is not a lead-sheet symbol")
            return
        }
        #expect(parsedBass == bass.flatMap { NoteName(parsing: $0) })
        #expect(quality.intervals == intervals)
    }

    @Test(
        "Roman numerals take the same suffixes; a lowercase numeral keeps an augmented chord augmented",
        arguments: [
            ("V7b9", "A", Mode.minor, "E7b9"), ("V7alt", "C", .major, "G7alt"), ("V13b9", "F", .major, "C13b9"),
            ("IVmaj7#11", "C", .major, "Fmaj7#11"),
            ("bVII9#11", "C", .major, "Bb9#11"), ("V7(#9,b13)", "C", .major, "G7#9b13"),
            ("iii7b9", "C", .major, "Em7b9"), ("ii9b5", "A", .minor, "Bm9b5"),
            ("iiø9", "A", .minor, "Bm9b5"), ("vi7#5", "C", .major, "Aaug7"), ("I6/9", "C", .major, "C6/9"),
            ("V7sus4b9", "C", .major, "G7b9sus4"),
            ("ii7", "C", .major, "Dm7"), ("V7", "A", .minor, "E7"), ("iiø7", "A", .minor, "Bm7b5"),
        ])
    func romanNumerals(numeral: String, tonic: String, mode: Mode, name: String) throws {
        let key = Key(tonic: try #require(NoteName(parsing: tonic)), mode: mode)
        let parsed = try #require(RomanNumeral(parsing: numeral), "\(numeral) should parse")
        #expect(parsed.chord(in: key).name(in: key) == name)
    }

    @Test(
        "A symbol that cannot be read says what a chord symbol is, naming the altered ones",
        arguments: [
            ("D7b14", "after the root D, '7b14' is not a quality"), ("G7alt#9", "7alt"), ("Cmaj7 b9", "7b9"),
            ("C7(b9", "its parenthesis is not closed"), ("Q7", "a root C–B with # or b"),
        ])
    func unreadableSymbols(symbol: String, explanation: String) {
        #expect(throws: ChordChartError.self) { try ChordSymbol.parse(symbol) }
        do {
            _ = try ChordSymbol.parse(symbol)
        } catch {
            #expect(error.reason.contains(explanation), "\(error.reason)")
            #expect(error.reason.contains("is not a chord symbol"), "\(error.reason)")
        }
    }

    @Test("A chart that spaces a chord's alterations points at the unclosed parenthesis")
    func spacedAlterationsInACharts() {
        do {
            _ = try ChordChart(parsing: "C7(b9 #11) | F")
            Issue.record("a space ends a chord in a chart")
        } catch {
            #expect(error.symbol == "C7(b9")
            #expect(error.reason.contains("write alterations with commas"))
        }
    }
}
