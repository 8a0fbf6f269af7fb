import ChordCharts
import Foundation
import MusicTheory
import Testing

@Suite("MusicXML round trip")
struct MusicXMLRoundTripTests {
    func read(_ score: MusicXMLScore) throws -> LeadSheet { try MusicXMLLeadSheet.read(Data(score.musicXML().utf8)) }

    func chord(_ text: String) -> ChordSymbol { try! ChordSymbol.parse(text) }

    @Test("A written song reads back with its chords bar by bar, its sections, title, key, meter and tempo")
    func swingScore() throws {
        let sheet = try read(MusicXMLFixtures.swingScore())
        #expect(sheet.title == "Blues & \"Changes\"")
        #expect(sheet.composer == "Backline")
        #expect(sheet.key == Key(tonic: MusicXMLFixtures.name("Bb"), mode: .major))
        #expect(sheet.meter == .common)
        #expect(sheet.tempo == 132)
        let expected = ["Bbmaj7", "G7", "Cm7", "F7 Bb7", "Dm7b5", "G7/B", "Cm7", "F7sus4"].map { $0.split(separator: " ").map { chord(String($0)) } }
        #expect(sheet.chart.bars == expected)
        #expect(sheet.chart.sections.map { [$0.name, "\($0.firstBar)", "\($0.bars)"] } == [["A", "0", "4"], ["B", "4", "4"]])
        #expect(sheet.chart.sections.allSatisfy { $0.type == nil })
    }

    @Test("Every quality Backline names, and qualities it does not, read back as the same chord")
    func everyQuality() throws {
        var qualities: [ChordQuality] = []
        for suffix in [""] + ChordQuality.acceptedSuffixes {
            let quality = try #require(ChordQuality.parse(suffix: suffix))
            if !qualities.contains(quality) { qualities.append(quality) }
        }
        qualities += [[0, 4, 7, 10, 13, 20], [0, 4, 8, 10, 15], [0, 3, 6, 10, 14], [0, 4, 7, 10, 14, 18, 21], [0, 4, 7, 10, 14, 17, 21], [0, 4, 5, 7]]
            .map(ChordQuality.init(intervals:))
        let roots = ["C", "Bb", "F#", "Eb", "A", "Db", "G", "E", "Ab", "B"]
        let chords = qualities.enumerated().map { index, quality in
            MusicXMLScore.ChordChange(bar: index, tick: 0, root: roots[index % roots.count], quality: quality, bass: index % 4 == 3 ? "D" : nil)
        }
        let score = MusicXMLScore(
            title: "Qualities", key: Key(tonic: MusicXMLFixtures.name("C"), mode: .major), meter: .common, tempo: 90, bars: chords.count, chords: chords,
            parts: [.init(name: "Bass", program: 33, notes: [])])
        let bars = try read(score).chart.bars
        for (index, written) in chords.enumerated() {
            let bass = written.bass.flatMap { NoteName(parsing: $0) }
            let expected = ChordSymbol.absolute(
                root: MusicXMLFixtures.name(written.root!), quality: written.quality, bass: bass?.pitchClass == MusicXMLFixtures.name(written.root!).pitchClass ? nil : bass)
            #expect(bars[index] == [expected], "\(written.root!)\(written.quality.suffix)")
        }
    }

    @Test("N.C. and chords that change mid-bar come back in their bars; bars without a new chord hold the last one")
    func noChordAndHeldBars() throws {
        let chords: [MusicXMLScore.ChordChange] = [
            .init(bar: 0, tick: 0, root: "E", quality: MusicXMLFixtures.quality("m7")),
            .init(bar: 0, tick: 720, root: "A", quality: MusicXMLFixtures.quality("7")),
            .noChord(bar: 2),
            .init(bar: 3, tick: 480, root: "D", quality: MusicXMLFixtures.quality("maj7")),
        ]
        let score = MusicXMLScore(
            title: "Held", key: Key(tonic: MusicXMLFixtures.name("E"), mode: .minor), meter: Meter(numerator: 6, denominator: 8)!, tempo: 100, bars: 4,
            chords: chords, parts: [.init(name: "Bass", program: 33, notes: [.init(start: 0, duration: 1440 * 4, pitch: 40, velocity: 90)])])
        let sheet = try read(score)
        #expect(sheet.chart.bars == [[chord("Em7"), chord("A7")], [chord("A7")], [.noChord], [.noChord, chord("Dmaj7")]])
        #expect(sheet.meter == Meter(numerator: 6, denominator: 8))
        #expect(sheet.key == Key(tonic: MusicXMLFixtures.name("E"), mode: .minor))
        #expect(sheet.chart.sections.isEmpty)
    }

    @Test("A chart of the written song parses in Backline's chart syntax", arguments: ["3/4", "4/4", "12/8"])
    func chartSyntax(meterText: String) throws {
        let meter = Meter(parsing: meterText)!
        let chords = ["Am", "Dm7", "G7", "Cmaj7", "F#m7b5", "B7"].enumerated().map { index, text in
            let symbol = chord(text)
            guard case .absolute(let root, let quality, _) = symbol else { fatalError("a lead-sheet symbol") }
            return MusicXMLScore.ChordChange(bar: index, tick: 0, root: root.description, quality: quality)
        }
        let score = MusicXMLScore(
            title: "Autumn", key: Key(tonic: MusicXMLFixtures.name("A"), mode: .minor), meter: meter, tempo: 140, bars: 6,
            sections: [.init(name: "Verse 1", firstBar: 0), .init(name: "Bridge", firstBar: 3)], chords: chords, parts: [])
        let sheet = try read(score)
        #expect(sheet.chart.description == "[Verse 1] Am | Dm7 | G7 [Bridge] Cmaj7 | F#m7b5 | B7")
        #expect(try ChordChart(parsing: sheet.chart.description) == sheet.chart)
        #expect(sheet.meter == meter)
    }
}
