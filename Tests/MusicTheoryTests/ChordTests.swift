import Testing

@testable import MusicTheory

@Suite("Roman numerals, chord symbols and charts")
struct ChordTests {
    func key(_ tonic: String, _ mode: Mode) -> Key { Key(tonic: NoteName(parsing: tonic)!, mode: mode) }

    func chordName(_ numeral: String, in key: Key) throws -> String {
        let parsed = try #require(RomanNumeral(parsing: numeral), "\(numeral) should parse")
        return parsed.chord(in: key).name(in: key)
    }

    @Test("A bare numeral takes its triad from the mode")
    func bareNumeralsFollowTheMode() throws {
        #expect(try chordName("IV", in: key("C", .major)) == "F")
        #expect(try chordName("IV", in: key("C", .minor)) == "Fm")
        #expect(try chordName("iv", in: key("C", .dorian)) == "F")
        #expect(try chordName("I", in: key("E", .minor)) == "Em")
        #expect(try chordName("vii", in: key("C", .major)) == "Bdim")
        #expect(try chordName("I", in: key("C", .wholeTone)) == "Caug")
    }

    @Test("Accidentals count from the major scale; case decides a chromatic root")
    func chromaticRoots() throws {
        #expect(try chordName("bVII", in: key("C", .major)) == "Bb")
        #expect(try chordName("bVII", in: key("C", .minor)) == "Bb")
        #expect(try chordName("VII", in: key("C", .minor)) == "Bb")
        #expect(try chordName("bVI", in: key("E", .minor)) == "C")
        #expect(try chordName("bII", in: key("E", .phrygian)) == "F")
        #expect(try chordName("bvi", in: key("C", .major)) == "Abm")
    }

    @Test("A suffix spells the quality, lowercase making it minor")
    func spelledQualities() throws {
        let aMinor = key("A", .minor)
        #expect(try chordName("V7", in: aMinor) == "E7")
        #expect(try chordName("ii7", in: key("C", .major)) == "Dm7")
        #expect(try chordName("Imaj7", in: key("F", .major)) == "Fmaj7")
        #expect(try chordName("iiø7", in: aMinor) == "Bm7b5")
        #expect(try chordName("#vii°7", in: aMinor) == "G#dim7")
        #expect(try chordName("vii°7", in: key("A", .harmonicMinor)) == "G#dim7")
        #expect(try chordName("#iv", in: key("C", .major)) == "F#m")
        #expect(try chordName("#iv°", in: key("C", .major)) == "F#dim")
        #expect(try chordName("I7", in: key("A", .major)) == "A7")
        #expect(try chordName("vi9", in: key("C", .major)) == "Am9")
        #expect(RomanNumeral(parsing: "VIII") == nil)
        #expect(RomanNumeral(parsing: "V7x") == nil)
    }

    @Test("Lead-sheet symbols", arguments: [
        ("Am7", [9, 0, 4, 7]), ("D7/F#", [2, 6, 9, 0]), ("Cm7b5", [0, 3, 6, 10]), ("Gsus4", [7, 0, 2]),
        ("C13", [0, 4, 7, 10, 2, 9]), ("Bbmaj7", [10, 2, 5, 9]), ("F#dim7", [6, 9, 0, 3]), ("Eaug", [4, 8, 0]),
        ("C6", [0, 4, 7, 9]), ("Cadd9", [0, 4, 7, 2]), ("Ebm", [3, 6, 10]),
    ])
    func leadSheetSymbols(symbol: String, pitchClasses: [Int]) throws {
        let parsed = try ChordSymbol.parse(symbol)
        let chord = try #require(parsed.chord(in: key("C", .major)))
        #expect(Set(chord.pitchClasses.map(\.value)) == Set(pitchClasses))
    }

    @Test("Charts: bars, several chords a bar, % repeats")
    func charts() throws {
        let chart = try ChordChart(parsing: "Am7 | D7 | Gmaj7 Cmaj7 | %")
        #expect(chart.bars.count == 4)
        #expect(chart.bars[2].count == 2)
        #expect(chart.bars[3] == chart.bars[2])
        let numerals = try ChordChart(parsing: "ii7 | V7 | Imaj7")
        #expect(numerals.bars.count == 3)
    }

    @Test("A chart names its own sections, maps them to genre sections, and prints back as it reads")
    func sectionedCharts() throws {
        let chart = try ChordChart(parsing: "[A] Cmaj7 | Am7 | Dm7 | G7 [B=chorus] Em7 | A7 |\n[A] % | N.C. | Dm7 G7 | C")
        #expect(chart.bars.count == 10)
        #expect(chart.sections == [
            .init(name: "A", type: nil, firstBar: 0, bars: 4), .init(name: "B", type: "chorus", firstBar: 4, bars: 2),
            .init(name: "A", type: nil, firstBar: 6, bars: 4),
        ])
        #expect(chart.bars[6] == chart.bars[5], "% repeats across a section marker")
        #expect(chart.bars[7] == [.noChord])
        #expect(chart.description == "[A] Cmaj7 | Am7 | Dm7 | G7 [B=chorus] Em7 | A7 [A] A7 | N.C. | Dm7 G7 | C")
        #expect(try ChordChart(parsing: chart.description) == chart)
        #expect(try ChordChart(parsing: "Am7 | D7").sections.isEmpty)
    }

    @Test("Section markers that cannot be read say why", arguments: [
        ("[A] C [B]", "section B has no bars"), ("C | [A] D", "chords before the first section marker: start the chart with one, such as [A]"),
        ("[A C | D", "section marker without its closing ]: write [A] or [B=chorus]"),
        ("[B=] C", "'[B=]': after = comes a section of the genre, such as verse, chorus or bridge"),
    ])
    func sectionErrors(text: String, reason: String) {
        #expect(throws: ChordChartError.self) { try ChordChart(parsing: text) }
        do { _ = try ChordChart(parsing: text) } catch { #expect(error.reason == reason) }
    }

    @Test("A chart error points at the symbol", arguments: [
        ("Am7 | Dx7 | G", 6, "Dx7"), ("I | IV | Vzz", 9, "Vzz"), ("% | I", 0, "%"), ("I || V", 3, "|"),
    ])
    func chartErrors(text: String, offset: Int, symbol: String) {
        #expect(throws: ChordChartError.self) { try ChordChart(parsing: text) }
        do {
            _ = try ChordChart(parsing: text)
        } catch {
            #expect(error.offset == offset)
            #expect(error.symbol == symbol)
        }
    }

    @Test("Voicings: inversions stay in range; the nearest moves least")
    func voicings() {
        let c = [PitchClass(0), PitchClass(4), PitchClass(7)]
        let f = [PitchClass(5), PitchClass(9), PitchClass(0)]
        let candidates = Voicing.inversions(of: f, in: 55...76)
        #expect(!candidates.isEmpty && candidates.allSatisfy { $0.pitches.allSatisfy { (55...76).contains($0) } })
        let start = Voicing(pitches: [60, 64, 67])
        let next = Voicing.nearest(candidates, to: start, center: 65)
        #expect(next == Voicing(pitches: [60, 65, 69]))
        #expect(Voicing.inversions(of: c, in: 60...72).contains(start))
    }

    @Test("Meters: bar and beat lengths, grid fit")
    func meters() throws {
        let waltz = try #require(Meter(parsing: "3/4"))
        let slowBlues = try #require(Meter(parsing: "12/8"))
        #expect(waltz.ticksPerBar == 1440 && waltz.beatsPerBar == 3)
        #expect(slowBlues.ticksPerBar == 2880 && slowBlues.beatsPerBar == 4 && slowBlues.ticksPerBeat == 720)
        #expect(Meter.common.fits(steps: 16) && !Meter.common.fits(steps: 6) && Meter.common.fits(steps: 12))
        #expect(waltz.fits(steps: 6) && !waltz.fits(steps: 8))
        #expect(Meter(parsing: "4/3") == nil && Meter(parsing: "x") == nil)
    }
}
