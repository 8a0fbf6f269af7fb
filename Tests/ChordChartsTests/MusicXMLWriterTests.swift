import MusicTheory
import Testing

@testable import ChordCharts

@Suite("MusicXML writer")
struct MusicXMLWriterTests {
    typealias Note = MusicXMLScore.Note
    let ticks = MusicXMLFixtures.ticks

    func score(
        meter: Meter = .common, bars: Int, chords: [MusicXMLScore.ChordChange] = [], parts: [MusicXMLScore.Part],
        key: Key = Key(tonic: MusicXMLFixtures.name("C"), mode: .major)
    ) -> MusicXMLScore {
        MusicXMLScore(title: "Test", key: key, meter: meter, tempo: 120, bars: bars, chords: chords, parts: parts)
    }

    func bass(_ notes: [Note]) -> MusicXMLScore.Part { .init(name: "Bass", program: 33, notes: notes) }

    /// Written onsets of a part, in divisions from the start of the song, with their pitches; notes
    /// that continue a tie are not onsets.
    func onsets(_ part: WrittenScore.Part, barDivisions: Int) -> [(position: Int, pitch: Int)] {
        part.measures.enumerated().flatMap { index, measure in
            measure.notes.filter { !$0.isRest && !$0.tieStop }.map { (index * barDivisions + $0.position, $0.pitch ?? -1) }
        }
    }

    @Test("Humanized and swung onsets land on the sixteenth or eighth-triplet grid, pitches kept")
    func quantizesOnsets() throws {
        // (performed tick, expected written position in twelfths of a quarter)
        let cases: [(tick: Int, written: Int)] = [
            (7, 0),  // a hair late on the downbeat
            (480 - 9, 12),  // early on beat 2
            (960 + 4, 24),  // beat 3
            (960 + 320 + 6, 32),  // a swung eighth (2:1), late: the third triplet of beat 3
            (1440 - 5, 36),  // beat 4
            (1440 + 120 + 8, 39),  // a straight sixteenth after beat 4
            (1440 + 240 - 10, 42),  // the straight "and" of 4
            (1440 + 288, 44),  // a light swing (60%) is nearer the triplet than the straight eighth
        ]
        let notes = cases.enumerated().map { index, entry in Note(start: entry.tick, duration: 60, pitch: 40 + index, velocity: 90) }
        let written = try WrittenScore(score(bars: 1, parts: [bass(notes)]).musicXML())
        let found = onsets(written.part("Bass"), barDivisions: 48)
        #expect(found.map(\.position) == cases.map(\.written))
        #expect(found.map(\.pitch) == notes.map(\.pitch))
    }

    @Test("A note held over the barline is written as two notes tied across it")
    func tiesAcrossBarline() throws {
        // Beat 4 of bar 1 to the end of beat 1 of bar 2, a little late and short.
        let note = Note(start: 3 * ticks + 10, duration: 2 * ticks - 30, pitch: 43, velocity: 90)
        let written = try WrittenScore(score(bars: 2, parts: [bass([note])]).musicXML())
        let bar1 = written.part("Bass").measures[0].notes.filter { !$0.isRest }
        let bar2 = written.part("Bass").measures[1].notes.filter { !$0.isRest }
        #expect(bar1.map(\.position) == [36] && bar1.map(\.duration) == [12])
        #expect(bar2.map(\.position) == [0] && bar2.map(\.duration) == [12])
        #expect(bar1[0].pitch == 43 && bar2[0].pitch == 43)
        #expect(bar1[0].tieStart && !bar1[0].tieStop && bar2[0].tieStop && !bar2[0].tieStart)
        // The notation carries the tie too, for engravers.
        let tied = { (note: WrittenScore.Note) in note.node.child("notations")?.children("tied").compactMap { $0.attributes["type"] } ?? [] }
        #expect(tied(bar1[0]) == ["start"] && tied(bar2[0]) == ["stop"])
    }

    @Test("A rest shorter than an eighth between two notes is heard as articulation and held over")
    func holdsThroughShortGaps() throws {
        // Detached quarter notes (85% of the beat), and one real eighth rest after beat 3.
        let notes = [
            Note(start: 0, duration: 400, pitch: 40, velocity: 90),
            Note(start: 480, duration: 410, pitch: 43, velocity: 90),
            Note(start: 960, duration: 240, pitch: 45, velocity: 90),
            Note(start: 1440, duration: 400, pitch: 47, velocity: 90),
        ]
        let measure = try WrittenScore(score(bars: 1, parts: [bass(notes)]).musicXML()).part("Bass").measures[0]
        #expect(measure.notes.map(\.isRest) == [false, false, false, true, false])
        #expect(measure.notes.map(\.duration) == [12, 12, 6, 6, 12])
    }

    @Test("Notes struck together are one chord, held until the next onset", arguments: [false, true])
    func writesChords(humanized: Bool) throws {
        let wobble = humanized ? [3, -4, 0, 5] : [0, 0, 0, 0]
        let first = [60, 64, 67, 71].enumerated().map { Note(start: wobble[$0.offset], duration: 1000, pitch: $0.element, velocity: 70) }
        let second = [62, 65, 69].map { Note(start: 960, duration: 900, pitch: $0, velocity: 70) }
        let written = try WrittenScore(score(bars: 1, parts: [.init(name: "Piano", program: 0, notes: first + second)]).musicXML())
        let notes = written.part("Piano").measures[0].notes
        #expect(notes.map(\.pitch) == [60, 64, 67, 71, 62, 65, 69])
        #expect(notes.map(\.isChord) == [false, true, true, true, false, true, true])
        #expect(notes.map(\.duration) == [24, 24, 24, 24, 24, 24, 24])
    }

    @Test("Every measure of every part fills its time signature, and every note's type says its duration", arguments: ["4/4", "3/4", "6/8", "12/8", "5/4", "7/8", "2/2"])
    func measuresAddUp(meterText: String) throws {
        let meter = Meter(parsing: meterText)!
        var wobble = MusicXMLFixtures.Wobble(state: UInt64(meter.numerator * 31 + meter.denominator))
        let bars = 12
        let barTicks = meter.ticksPerBar
        var bassNotes: [Note] = []
        var keys: [Note] = []
        var drums: [Note] = []
        var tick = 0
        while tick < bars * barTicks {
            // Steps of a sixteenth, an eighth, a triplet eighth or a dotted quarter, humanized.
            let step = [120, 240, 160, 720, 480, 360][wobble.next(0...5)]
            let start = max(0, tick + wobble.next(-15...15))
            bassNotes.append(Note(start: start, duration: step * wobble.next(60...140) / 100, pitch: 36 + wobble.next(0...12), velocity: 90))
            if wobble.next(0...2) == 0 {
                for pitch in [60, 64, 67] { keys.append(Note(start: start + wobble.next(-4...4), duration: wobble.next(100...2000), pitch: pitch, velocity: 70)) }
            }
            drums.append(Note(start: start, duration: 50, pitch: [36, 38, 42, 46, 49, 51, 56][wobble.next(0...6)], velocity: 80))
            tick += step
        }
        let text = score(
            meter: meter, bars: bars, chords: [.init(bar: 1, tick: barTicks / 3 + 7, root: "A", quality: .minor)],
            parts: [
                bass(bassNotes), .init(name: "Keys", program: 4, notes: keys), .init(name: "Drums", program: 0, isPercussion: true, notes: drums),
            ]
        ).musicXML()
        let written = try WrittenScore(text)
        let barDivisions = 48 * meter.numerator / meter.denominator
        for part in written.parts {
            #expect(part.measures.count == bars)
            for measure in part.measures {
                #expect(measure.length == barDivisions, "\(part.name) measure \(measure.number) lasts \(measure.length) of \(barDivisions)")
                for note in measure.notes {
                    #expect(note.duration == Self.divisions(type: note.type, dots: note.dots, triplet: note.isTriplet), "\(part.name) measure \(measure.number)")
                }
            }
        }
        // Triplets are written only where the beat is a quarter or half note.
        let hasTriplets = written.parts.contains { $0.measures.contains { $0.notes.contains(where: \.isTriplet) } }
        #expect(hasTriplets == (meter.denominator <= 4))
    }

    /// Divisions (12 a quarter) of a written value.
    static func divisions(type: String?, dots: Int, triplet: Bool) -> Int {
        let lengths = ["whole": 48, "half": 24, "quarter": 12, "eighth": 6, "16th": 3, "32nd": 1]
        guard let type, var length = lengths[type].map(Double.init) else { return -1 }
        if type == "32nd" { length = 1.5 }
        length *= [1, 1.5, 1.75][dots]
        if triplet { length *= 2.0 / 3 }
        return length == length.rounded() ? Int(length) : -1
    }

    @Test("Chord symbols stand where the chords change, with an offset when a note is held through the change")
    func placesChordSymbols() throws {
        let chords: [MusicXMLScore.ChordChange] = [
            .init(bar: 0, tick: 0, root: "C", quality: .major),
            .init(bar: 0, tick: 2 * ticks + 5, root: "A", quality: MusicXMLFixtures.quality("m7")),
            .init(bar: 1, tick: 3 * ticks, root: "G", quality: MusicXMLFixtures.quality("7")),
        ]
        // A half note from beat 2 of bar 1 holds through the change on beat 3; bar 2 rests from beat 3.
        let notes = [Note(start: 0, duration: 470, pitch: 36, velocity: 90), Note(start: 480, duration: 950, pitch: 45, velocity: 90),
                     Note(start: 1920, duration: 900, pitch: 43, velocity: 90)]
        let written = try WrittenScore(score(bars: 2, chords: chords, parts: [bass(notes)]).musicXML())
        let measures = written.part("Bass").measures
        #expect(measures[0].harmonies.map(\.position) == [0, 24])
        #expect(measures[1].harmonies.map(\.position) == [36])
        // The A minor seventh sits on the held note, offset by a beat.
        #expect(measures[0].harmonies[1].node.value("offset") == "12")
        #expect(measures[0].harmonies[1].node.child("offset")?.attributes["sound"] == "yes")
        // The G7 sits on a rest of its own on beat 4.
        #expect(measures[1].harmonies[0].node.child("offset") == nil)
        #expect(measures[1].notes.contains { $0.isRest && $0.position == 36 })
    }

    @Test("A harmony spells its root, kind, degrees, bass, and shows the symbol")
    func spellsHarmony() throws {
        let chords: [MusicXMLScore.ChordChange] = [
            .init(bar: 0, tick: 0, root: "Bb", quality: MusicXMLFixtures.quality("7b9"), bass: "Ab"),
            .init(bar: 1, tick: 0, root: "F#", quality: MusicXMLFixtures.quality("m7b5")),
            .init(bar: 2, tick: 0, root: "E", quality: ChordQuality(intervals: [0, 1, 4, 8, 10])),
            .noChord(bar: 3),
        ]
        let written = try WrittenScore(score(bars: 4, chords: chords, parts: [bass([])]).musicXML())
        let harmonies = written.part("Bass").measures.map { $0.harmonies[0].node }
        let first = harmonies[0]
        #expect(first.child("root")?.value("root-step") == "B" && first.child("root")?.value("root-alter") == "-1")
        #expect(first.value("kind") == "dominant" && first.child("kind")?.attributes["text"] == "7b9")
        #expect(first.child("bass")?.value("bass-step") == "A" && first.child("bass")?.value("bass-alter") == "-1")
        let degree = first.children("degree").map { [$0.value("degree-value"), $0.value("degree-alter"), $0.value("degree-type")] }
        #expect(degree == [["9", "-1", "add"]])
        // The symbol's text already says b9, so the degree is not printed twice.
        #expect(first.child("degree")?.attributes["print-object"] == "no")
        #expect(harmonies[1].value("kind") == "half-diminished" && harmonies[1].children("degree").isEmpty)
        #expect(harmonies[1].child("root")?.value("root-alter") == "1")
        // A quality without a name: the kind's own symbol, and printed degrees.
        #expect(harmonies[2].value("kind") == "augmented-seventh" && harmonies[2].child("kind")?.attributes["text"] == nil)
        #expect(harmonies[2].children("degree").map { $0.value("degree-value") } == ["2"])
        #expect(harmonies[2].child("degree")?.attributes["print-object"] == nil)
        #expect(harmonies[3].value("kind") == "none" && harmonies[3].child("kind")?.attributes["text"] == "N.C.")
    }

    @Test("The header and first measure: title, composer, key signature, time, clefs, tempo and rehearsal marks")
    func writesHeader() throws {
        let score = MusicXMLFixtures.swingScore()
        let written = try WrittenScore(score.musicXML())
        #expect(written.root.attributes["version"] == "4.0")
        #expect(written.root.child("work")?.value("work-title") == "Blues & \"Changes\"")
        #expect(written.root.child("identification")?.child("creator")?.attributes["type"] == "composer")
        let first = written.parts[0].measures[0].node
        let attributes = try #require(first.child("attributes"))
        #expect(attributes.value("divisions") == "12")
        #expect(attributes.child("key")?.value("fifths") == "-2" && attributes.child("key")?.value("mode") == "major")
        #expect(attributes.child("time")?.value("beats") == "4" && attributes.child("time")?.value("beat-type") == "4")
        let directions = first.children("direction").flatMap { $0.children("direction-type") }
        #expect(directions.compactMap { $0.value("rehearsal") } == ["A"])
        #expect(directions.compactMap { $0.child("metronome")?.value("per-minute") } == ["132"])
        #expect(first.children("direction").compactMap { $0.child("sound")?.attributes["tempo"] } == ["132"])
        #expect(written.parts[0].measures[4].node.children("direction").compactMap { $0.child("direction-type")?.value("rehearsal") } == ["B"])
        // Bass: the bass clef an octave down; piano: treble; drums: percussion.
        let clefs = written.parts.map { part in
            part.measures[0].node.child("attributes")?.child("clef").map { [$0.value("sign"), $0.value("line"), $0.value("clef-octave-change")] }
        }
        #expect(clefs == [["F", "4", "-1"], ["G", "2", nil], ["percussion", nil, nil]])
        #expect(written.parts.last?.measures.last?.node.child("barline")?.value("bar-style") == "light-heavy")
    }

    @Test("Parts name their MIDI program; drums play on channel 10 as unpitched kit pieces")
    func writesInstruments() throws {
        let written = try WrittenScore(MusicXMLFixtures.swingScore().musicXML())
        let scoreParts = written.root.child("part-list")!.children("score-part")
        let bass = scoreParts[0].child("midi-instrument")
        #expect(bass?.value("midi-program") == "34" && bass?.value("midi-channel") == "1")
        let drums = scoreParts[2]
        #expect(drums.children("midi-instrument").allSatisfy { $0.value("midi-channel") == "10" })
        #expect(drums.children("midi-instrument").compactMap { $0.value("midi-unpitched") } == ["37", "45", "52"])
        #expect(drums.children("score-instrument").compactMap { $0.value("instrument-name") } == ["Bass Drum", "Pedal Hi-Hat", "Ride Cymbal"])
        let hits = written.part("Drums").measures[0].notes.filter { !$0.isRest }
        #expect(hits.allSatisfy { $0.node.child("unpitched") != nil && $0.node.child("instrument") != nil && !$0.tieStart })
        // Kick on the bottom space, ride above the staff with x noteheads.
        let kick = hits.first { $0.node.child("instrument")?.attributes["id"] == "P3-I36" }
        #expect(kick?.node.child("unpitched")?.value("display-step") == "F" && kick?.node.child("unpitched")?.value("display-octave") == "4")
        let ride = hits.first { $0.node.child("instrument")?.attributes["id"] == "P3-I51" }
        #expect(ride?.node.value("notehead") == "x")
    }

    @Test("Chord symbols go above a part of rests when every part is drums")
    func chordsWithoutPitchedParts() throws {
        let chords: [MusicXMLScore.ChordChange] = [.init(bar: 0, tick: 0, root: "D", quality: .minor)]
        let drums = MusicXMLScore.Part(name: "Drums", program: 0, isPercussion: true, notes: [Note(start: 0, duration: 60, pitch: 36, velocity: 90)])
        let written = try WrittenScore(score(bars: 1, chords: chords, parts: [drums]).musicXML())
        #expect(written.parts.map(\.name) == ["Chords", "Drums"])
        #expect(written.parts[0].measures[0].harmonies.count == 1)
        #expect(written.parts[0].measures[0].notes.map(\.isRest) == [true])
        #expect(written.parts[0].measures[0].notes[0].node.child("rest")?.attributes["measure"] == "yes")
    }

    @Test("Pitches are spelled as the key spells them: flats in F, F# and C# in D")
    func spellsPitches() throws {
        let notes = [70, 63, 66, 61].enumerated().map { Note(start: $0.offset * ticks, duration: 400, pitch: $0.element, velocity: 80) }
        func spelled(_ key: String) throws -> [String] {
            let written = try WrittenScore(score(bars: 1, parts: [.init(name: "Lead", program: 65, notes: notes)], key: Key(tonic: MusicXMLFixtures.name(key), mode: .major)).musicXML())
            return written.part("Lead").measures[0].notes.filter { !$0.isRest }.map { note in
                let pitch = note.node.child("pitch")!
                return pitch.value("step")! + ["-1": "b", "1": "#"][pitch.value("alter") ?? "0", default: ""] + pitch.value("octave")!
            }
        }
        #expect(try spelled("F") == ["Bb4", "Eb4", "Gb4", "Db4"])
        #expect(try spelled("D") == ["Bb4", "Eb4", "F#4", "C#4"])
    }
}
