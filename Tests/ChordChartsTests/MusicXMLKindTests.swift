import ChordCharts
import Foundation
import MusicTheory
import Testing

/// The `<kind>` values real exporters write, beyond MusicXML's own list.
@Suite("MusicXML chord kinds as exporters write them")
struct MusicXMLKindTests {
    static func sheet(kind: String, degrees: String = "") -> String {
        """
        <score-partwise version="4.0"><part-list><score-part id="P1"><part-name>Lead</part-name></score-part></part-list>
        <part id="P1"><measure number="12"><attributes><divisions>1</divisions><time><beats>4</beats><beat-type>4</beat-type></time></attributes>
        <harmony><root><root-step>C</root-step></root>\(kind)\(degrees)</harmony><note><rest/><duration>4</duration></note></measure></part></score-partwise>
        """
    }

    @Test(
        "Non-standard kinds and kinds given by their text play as the chord they name, with a warning",
        arguments: [
            ("<kind>augmented-ninth</kind>", "C9#5"), ("<kind>minor-major</kind>", "CmMaj7"),
            ("<kind>minor-major-seventh</kind>", "CmMaj7"),
            ("<kind>dominant-seventh</kind>", "C7"), ("<kind>maj7</kind>", "Cmaj7"), ("<kind>min7</kind>", "Cm7"),
            ("<kind>7</kind>", "C7"),
            ("<kind>dim</kind>", "Cdim"), ("<kind>aug</kind>", "Caug"), ("<kind>sus4</kind>", "Csus4"),
            ("<kind text=\"m7b5\"/>", "Cm7b5"),
            ("<kind text=\"7alt\"/>", "C7alt"), ("<kind text=\"maj7\"></kind>", "Cmaj7"),
            ("<kind text=\"m\">weird-minor</kind>", "Cm"),
            ("<kind text=\"?\">mystery</kind>", "C"), ("<kind>Major-Seventh</kind>", "Cmaj7"),
        ])
    func exportedKinds(_ kind: String, _ expected: String) throws {
        let result = try MusicXMLLeadSheet.import(Data(Self.sheet(kind: kind).utf8))
        #expect(result.sheet.chart.bars == [[try ChordSymbol.parse(expected)]])
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.measure == "12")
    }

    @Test("A degree still alters a kind read by its name: maj7 with a raised 11th")
    func degreesApply() throws {
        let degree =
            "<degree><degree-value>11</degree-value><degree-alter>1</degree-alter><degree-type>add</degree-type></degree>"
        let result = try MusicXMLLeadSheet.import(Data(Self.sheet(kind: "<kind>maj7</kind>", degrees: degree).utf8))
        #expect(
            result.sheet.chart.bars[0][0]
                == .absolute(
                    root: NoteName(parsing: "C")!, quality: ChordQuality(intervals: [0, 4, 7, 11, 18]), bass: nil))
    }

    @Test("MusicXML's own kinds read without a warning; a strict import refuses what a lenient one guesses")
    func strictRefuses() throws {
        let standard = try MusicXMLLeadSheet.import(
            Data(Self.sheet(kind: "<kind text=\"-7\">minor-seventh</kind>").utf8), strict: true)
        #expect(standard.warnings.isEmpty)
        #expect(standard.sheet.chart.bars == [[try ChordSymbol.parse("Cm7")]])
        do {
            _ = try MusicXMLLeadSheet.import(Data(Self.sheet(kind: "<kind>mystery</kind>").utf8), strict: true)
            Issue.record("a strict import read an unknown kind")
        } catch {
            #expect(error.code == .unknownKind)
            #expect(error.measure == "12")
        }
    }

    @Test("A sheet of exporters' kinds reads every bar, one warning for each guessed kind")
    func exporterKindsFile() throws {
        let result = try MusicXMLLeadSheet.import(MusicXMLFixtures.file("exporter-kinds.musicxml"))
        #expect(
            MusicXMLFixtures.bars(result.sheet) == [
                "C9#5", "DmMaj7", "EmMaj7", "F7", "Gmaj7", "Am7", "B7", "Cdim", "Daug", "Esus4", "Fm7b5", "G7alt",
                "Amaj7", "Bb7b9", "C", "Dm11",
                "Eb(6,10,15)", "F5",
            ])
        #expect(
            result.warnings.map(\.measure) == [
                "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "15",
            ])
    }
}
