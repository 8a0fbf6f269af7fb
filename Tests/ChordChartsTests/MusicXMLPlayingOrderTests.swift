import ChordCharts
import Foundation
import MusicTheory
import Testing

/// Bars in the order a band plays them: pickups, repeats, endings, D.C., D.S., To Coda and Fine.
@Suite("MusicXML playing order")
struct MusicXMLPlayingOrderTests {
    @Test("A pickup without a chord is not a bar: the band starts on the downbeat of bar 1")
    func pickupWithoutChord() throws {
        let sheet = try MusicXMLLeadSheet.read(MusicXMLFixtures.file("clementine-3-4.musicxml"))
        #expect(MusicXMLFixtures.bars(sheet) == ["F", "F", "F", "C7", "C7", "C7", "F", "F C7"])
        #expect(sheet.chart.sections.first?.name == "A")
        #expect(sheet.meter == Meter(parsing: "3/4"))
    }

    static func pickupSheet(firstBar: String, implicit: Bool) -> String {
        """
        <score-partwise><part-list><score-part id="P1"><part-name>Lead</part-name></score-part></part-list><part id="P1">
        <measure number="0"\(implicit ? " implicit=\"yes\"" : "")><attributes><divisions>1</divisions><time><beats>4</beats><beat-type>4</beat-type></time></attributes>
        <harmony><root><root-step>G</root-step></root><kind>dominant</kind></harmony><note><pitch><step>D</step><octave>5</octave></pitch><duration>1</duration></note></measure>
        <measure number="1">\(firstBar)<note><pitch><step>C</step><octave>5</octave></pitch><duration>4</duration></note></measure>
        <measure number="2"><harmony><root><root-step>F</root-step></root><kind>major</kind></harmony><note><rest/><duration>4</duration></note></measure>
        </part></score-partwise>
        """
    }

    @Test(
        "A pickup's chord sounds from the first downbeat when bar 1 names none there, implicit or merely short",
        arguments: [true, false])
    func pickupChordCarries(implicit: Bool) throws {
        let held = try MusicXMLLeadSheet.read(Data(Self.pickupSheet(firstBar: "", implicit: implicit).utf8))
        #expect(MusicXMLFixtures.bars(held) == ["G7", "F"])
        let own = "<harmony><root><root-step>C</root-step></root><kind>major</kind></harmony>"
        let replaced = try MusicXMLLeadSheet.read(Data(Self.pickupSheet(firstBar: own, implicit: implicit).utf8))
        #expect(MusicXMLFixtures.bars(replaced) == ["C", "F"])
    }

    @Test("A jig in 6/8: the repeat with its 1st and 2nd endings played out, the pickup dropped")
    func jigRepeats() throws {
        let sheet = try MusicXMLLeadSheet.read(MusicXMLFixtures.file("washerwoman-6-8.musicxml"))
        let strain = ["G", "D", "G", "D7", "G", "D", "G C"]
        #expect(MusicXMLFixtures.bars(sheet) == strain + ["D7"] + strain + ["G"] + ["C", "G", "D7", "G"])
        #expect(sheet.chart.sections.map(\.name) == ["A", "A", "B"])
        #expect(sheet.chart.sections.map(\.firstBar) == [0, 8, 16])
    }

    @Test("A 12/8 blues: a repeat played three times, D.S. al Coda back to the segno, To Coda to the coda")
    func dalSegnoAlCoda() throws {
        let sheet = try MusicXMLLeadSheet.read(MusicXMLFixtures.file("night-train-12-8.musicxml"))
        let chorus = ["C7", "F7", "C7", "C7", "F7", "F7", "C7", "A7"]
        #expect(
            MusicXMLFixtures.bars(sheet) == ["C7", "G7", "G7", "G7"] + chorus + ["Dm7", "G7 Dm7"] + chorus + [
                "Dm7", "G7", "C9",
            ])
        #expect(sheet.meter == Meter(parsing: "12/8"))
        #expect(sheet.meterChanges.isEmpty)
        #expect(sheet.chart.sections.map(\.name) == ["Intro", "A", "A", "Coda"])
    }

    @Test("A 2/2 march: D.C. al Fine written in words goes back to the top and stops at Fine")
    func daCapoAlFine() throws {
        let sheet = try MusicXMLLeadSheet.read(MusicXMLFixtures.file("march-2-2.musicxml"))
        #expect(
            MusicXMLFixtures.bars(sheet) == ["Bb", "F7", "F7", "Bb", "Eb", "Bb", "C7", "F7", "Bb", "F7", "F7", "Bb"])
        #expect(sheet.meter == Meter(parsing: "2/2"))
    }

    static let lostJump = """
        <score-partwise><part-list><score-part id="P1"><part-name>Lead</part-name></score-part></part-list><part id="P1">
        <measure number="1"><harmony><root><root-step>C</root-step></root><kind>major</kind></harmony></measure>
        <measure number="2"><direction><direction-type><words>D.S. al Coda</words></direction-type></direction>
        <harmony><root><root-step>G</root-step></root><kind>major</kind></harmony></measure>
        </part></score-partwise>
        """

    @Test("A D.S. without a segno is played through with a warning, and refused when strict")
    func jumpWithoutTarget() throws {
        let result = try MusicXMLLeadSheet.import(Data(Self.lostJump.utf8))
        #expect(MusicXMLFixtures.bars(result.sheet) == ["C", "G"])
        #expect(
            result.warnings == [
                MusicXMLWarning(measure: "2", message: "D.S., but no segno comes before it; the tune plays on")
            ])
        do {
            _ = try MusicXMLLeadSheet.import(Data(Self.lostJump.utf8), strict: true)
            Issue.record("a strict import followed a D.S. to nowhere")
        } catch {
            #expect(error.code == .unresolvedJump)
        }
    }

    @Test("Every jump is taken once: a D.C. inside a repeat plays out to a bounded tune")
    func jumpsDoNotCycle() throws {
        let text = """
            <score-partwise><part-list><score-part id="P1"><part-name>Lead</part-name></score-part></part-list><part id="P1">
            <measure number="1"><barline location="left"><repeat direction="forward"/></barline>
            <harmony><root><root-step>C</root-step></root><kind>major</kind></harmony></measure>
            <measure number="2"><sound dacapo="yes"/><harmony><root><root-step>G</root-step></root><kind>major</kind></harmony>
            <barline location="right"><repeat direction="backward"/></barline></measure>
            </part></score-partwise>
            """
        let sheet = try MusicXMLLeadSheet.read(Data(text.utf8))
        #expect(MusicXMLFixtures.bars(sheet) == ["C", "G", "C", "G", "C", "G"])
    }

    @Test("Of several parts, the one with the most chord symbols is the lead sheet")
    func partWithMostHarmony() throws {
        let sheet = try MusicXMLLeadSheet.read(MusicXMLFixtures.file("polka-2-4-two-parts.musicxml"))
        #expect(MusicXMLFixtures.bars(sheet) == ["G", "D7", "D7", "G", "C G", "D7 G"])
        #expect(sheet.meter == Meter(parsing: "2/4"))
    }
}

extension MusicXMLPlayingOrderTests {
    @Test("Two bare coda signs and a D.S. al Coda: the first sign is where the band leaves for the second")
    func bareCodaSigns() throws {
        func measure(_ number: Int, _ root: String, _ extra: String = "") -> String {
            "<measure number=\"\(number)\">\(extra)<harmony><root><root-step>\(root)</root-step></root><kind>major</kind></harmony></measure>"
        }
        let sign = { (name: String) in "<direction><direction-type><\(name)/></direction-type></direction>" }
        let text = """
            <score-partwise><part-list><score-part id="P1"><part-name>Lead</part-name></score-part></part-list><part id="P1">
            \(measure(1, "C", sign("segno")))\(measure(2, "D", sign("coda")))\(measure(3, "E", "<direction><direction-type><words>D.S. al Coda</words></direction-type></direction>"))\(measure(4, "F", sign("coda")))
            </part></score-partwise>
            """
        let result = try MusicXMLLeadSheet.import(Data(text.utf8))
        #expect(MusicXMLFixtures.bars(result.sheet) == ["C", "D", "E", "C", "D", "F"])
        #expect(result.warnings.isEmpty)
    }
}
