import ChordCharts
import Foundation
import MusicTheory
import Testing

@testable import ChordCharts

/// Every `<time>` of a lead sheet, read and written: the meter of every bar.
@Suite("MusicXML meters and meter changes")
struct MusicXMLMeterTests {
    @Test(
        "Lead sheets in 2/2, 2/4, 3/4, 6/8, 12/8 and 3/2 read with their meter in every bar",
        arguments: [
            ("march-2-2.musicxml", "2/2"), ("polka-2-4-two-parts.musicxml", "2/4"), ("clementine-3-4.musicxml", "3/4"),
            ("washerwoman-6-8.musicxml", "6/8"), ("night-train-12-8.musicxml", "12/8"),
            ("old-hundredth-3-2.musicxml", "3/2"),
        ])
    func oneMeter(_ name: String, _ meter: String) throws {
        let sheet = try MusicXMLLeadSheet.read(MusicXMLFixtures.file(name))
        #expect(sheet.meterChanges.isEmpty)
        #expect(MusicXMLFixtures.meters(sheet) == Array(repeating: meter, count: sheet.chart.bars.count))
    }

    @Test("A 3/2 hymn keeps its chords where they change in the bar")
    func hymn() throws {
        let sheet = try MusicXMLLeadSheet.read(MusicXMLFixtures.file("old-hundredth-3-2.musicxml"))
        #expect(MusicXMLFixtures.bars(sheet) == ["G D", "Em D", "G C", "D", "G Dsus4 D", "G"])
    }

    @Test("A meter that changes part-way: 5/4 as 3+2, 4/4, 3/4, 7/8 as 2+2+3, 6/4, each in its bars")
    func meterChanges() throws {
        let sheet = try MusicXMLLeadSheet.read(MusicXMLFixtures.file("changing-meters.musicxml"))
        #expect(sheet.meter == Meter(numerator: 5, denominator: 4)?.grouped([3, 2]))
        #expect(
            sheet.meterChanges == [
                LeadSheet.MeterChange(bar: 2, meter: .common),
                LeadSheet.MeterChange(bar: 4, meter: Meter(parsing: "3/4")!),
                LeadSheet.MeterChange(bar: 6, meter: Meter(numerator: 7, denominator: 8)!.grouped([2, 2, 3])!),
                LeadSheet.MeterChange(bar: 8, meter: Meter(parsing: "6/4")!),
            ])
        #expect(
            MusicXMLFixtures.meters(sheet) == [
                "5/4 (3+2)", "5/4 (3+2)", "4/4", "4/4", "3/4", "3/4", "7/8 (2+2+3)", "7/8 (2+2+3)", "6/4", "6/4",
            ])
        #expect(
            MusicXMLFixtures.bars(sheet) == ["Em7", "Bm7", "Em7", "A7", "Dmaj7", "Gmaj7", "C#m7b5", "F#7", "Bm", "Bm"])
    }

    @Test("Meter changes count in playing order: a repeat of a 3/4 bar after 4/4 changes twice")
    func changesInPlayingOrder() throws {
        let text = """
            <score-partwise><part-list><score-part id="P1"><part-name>Lead</part-name></score-part></part-list><part id="P1">
            <measure number="1"><attributes><divisions>1</divisions><time><beats>4</beats><beat-type>4</beat-type></time></attributes>
            <barline location="left"><repeat direction="forward"/></barline><harmony><root><root-step>C</root-step></root><kind>major</kind></harmony></measure>
            <measure number="2"><attributes><time><beats>3</beats><beat-type>4</beat-type></time></attributes>
            <harmony><root><root-step>G</root-step></root><kind>major</kind></harmony><barline location="right"><repeat direction="backward"/></barline></measure>
            </part></score-partwise>
            """
        let sheet = try MusicXMLLeadSheet.read(Data(text.utf8))
        #expect(MusicXMLFixtures.meters(sheet) == ["4/4", "3/4", "4/4", "3/4"])
    }

    /// Four bars of quarter notes: 4/4, then 3/4 from bar 1, 6/8 from bar 2, 7/8 (2+2+3) from bar 3.
    static func changingScore() -> MusicXMLScore {
        let meters = ["4/4", "3/4", "6/8", "7/8"].map { Meter(parsing: $0)! }
        var notes: [MusicXMLScore.Note] = []
        var chords: [MusicXMLScore.ChordChange] = []
        var barStart = 0
        for (bar, meter) in meters.enumerated() {
            var tick = barStart
            while tick < barStart + meter.ticksPerBar {
                notes.append(.init(start: tick, duration: 230, pitch: 40 + bar, velocity: 90))
                tick += 240
            }
            chords.append(.init(bar: bar, tick: 0, root: ["C", "F", "G", "A"][bar], quality: .major))
            barStart += meter.ticksPerBar
        }
        return MusicXMLScore(
            title: "Changes", key: Key(tonic: NoteName(parsing: "C")!, mode: .major), meter: meters[0], tempo: 120,
            bars: 4, chords: chords,
            parts: [.init(name: "Bass", program: 33, notes: notes)],
            meterChanges: [
                .init(bar: 1, meter: meters[1]), .init(bar: 2, meter: meters[2]),
                .init(bar: 3, meter: meters[3].grouped([2, 2, 3])!),
            ])
    }

    @Test("A score whose meter changes writes a <time> where it changes, and each bar lasts its own meter")
    func writerMeterChanges() throws {
        let score = Self.changingScore()
        let written = try WrittenScore(score.musicXML())
        let measures = written.part("Bass").measures
        #expect(measures.map(\.length) == [48, 36, 36, 42])
        let times = measures.map { measure in
            measure.node.children("attributes").flatMap { $0.children("time") }.map {
                "\($0.value("beats")!)/\($0.value("beat-type")!)"
            }
        }
        #expect(times == [["4/4"], ["3/4"], ["6/8"], ["2+2+3/8"]])
        // Each bar's notes are that bar's: the bass plays pitch 40 + bar in bar `bar`.
        for (bar, measure) in measures.enumerated() {
            #expect(Set(measure.notes.compactMap(\.pitch)) == [40 + bar], "bar \(bar + 1)")
        }
    }

    @Test("A written score with meter changes reads back with the same meter in every bar")
    func roundTrip() throws {
        let sheet = try MusicXMLLeadSheet.read(Data(Self.changingScore().musicXML().utf8))
        #expect(MusicXMLFixtures.meters(sheet) == ["4/4", "3/4", "6/8", "7/8 (2+2+3)"])
        #expect(MusicXMLFixtures.bars(sheet) == ["C", "F", "G", "A"])
    }

    @Test("Without meter changes the writer's output is as before: one <time>, in the first bar")
    func noChangesOneTime() throws {
        var score = Self.changingScore()
        score.meterChanges = []
        let text = score.musicXML()
        #expect(text.components(separatedBy: "<time>").count - 1 == 1)
    }
}
