import BacklineAgents
import BacklineEngine
import BacklinePresets
import MIDIFile
import MusicTheory
import Testing

/// Swing, humanize, dynamics, fills, walking bass, voice leading, meters and chord charts,
/// measured on rendered notes.
@Suite("Feel and form")
struct FeelAndFormTests {
    /// A one-part-per-instrument preset in which every hit's grid position is known: the drummer
    /// plays its bars exactly as written (`variation: false`).
    static func gridPreset(meter: String = "4/4", swing: String = "0.5", unit: String = "8th", humanize: String = "{ timing_ms: 0, velocity: 0 }", hats: String = "xxxxxxxx", fill: String = "") -> String {
        """
        id: grid
        name: Grid
        tempo: { default: 120, min: 60, max: 180 }
        meter: \(meter)
        feel: { swing: \(swing), swing_unit: \(unit), humanize: \(humanize) }
        sections:
          verse: { bars: 4, energy: 0.7, chords: "I | IV | V | I" }
          chorus: { bars: 4, energy: 1.0, chords: "IV | V | I | I" }
        form: [verse, chorus, verse, chorus]
        parts:
          drums:
            variation: false
            grooves: [{ kick: "x...", hat: "\(hats)" }]
            \(fill)
          bass: { patterns: ["R . . ."] }
          guitar: { voicing: power, rhythm: ["D . . ."] }
        """
    }

    static func song(_ yaml: String, sections: Int = 4, seed: UInt64 = 3, chart: ChordChart? = nil, key: String = "C", mode: Mode = .major) throws -> Song {
        let preset = try Fixtures.loader.load(yaml: yaml, source: "grid.yaml").get()
        return Song(preset: preset, request: SongRequest(genre: "grid", key: Key(tonic: NoteName(parsing: key)!, mode: mode), tempo: 120, sections: sections, withKeys: false, seed: seed, chart: chart))
    }

    @Test("Swing moves the off-beat eighth to the preset's ratio; triplet grids do not move", arguments: [0.5, 0.6, 0.67, 0.75])
    func swingRatio(ratio: Double) throws {
        let song = try Self.song(Self.gridPreset(swing: "\(ratio)"))
        let hats = Performance(song).hits(Kit.hat)
        let offBeats = hats.map { $0.start % 480 }.filter { $0 != 0 }
        #expect(!offBeats.isEmpty)
        #expect(offBeats.allSatisfy { abs(Double($0) / 480 - ratio) < 0.005 }, "off-beats at \(Set(offBeats))")

        let triplets = try Self.song(Self.gridPreset(swing: "\(ratio)", hats: "xxxxxxxxxxxx"))
        #expect(Set(Performance(triplets).hits(Kit.hat).map { $0.start % 480 }) == [0, 160, 320])
    }

    @Test("Sixteenth swing moves the off-beat sixteenths and leaves the eighths")
    func sixteenthSwing() throws {
        let song = try Self.song(Self.gridPreset(swing: "0.6", unit: "16th", hats: "xxxxxxxxxxxxxxxx"))
        #expect(Set(Performance(song).hits(Kit.hat).map { $0.start % 480 }) == [0, 144, 240, 384])
    }

    @Test("Humanize stays inside its bounds, is seeded, and is zero when off")
    func humanize() throws {
        let exact = try Self.song(Self.gridPreset())
        let loose = try Self.song(Self.gridPreset(humanize: "{ timing_ms: 10, velocity: 8 }"))
        let again = try Self.song(Self.gridPreset(humanize: "{ timing_ms: 10, velocity: 8 }"))
        #expect(loose.fullMIDIFile() == again.fullMIDIFile())
        // 10 ms at 120 bpm is 10 * 120 * 480 / 60000 = 9.6 ticks.
        for (straight, human) in zip(exact.tracks, loose.tracks) {
            #expect(straight.notes.count == human.notes.count)
            for (a, b) in zip(straight.notes, human.notes) {
                #expect(abs(a.start - b.start) <= 10)
                #expect(abs(a.velocity.intValue - b.velocity.intValue) <= 8)
            }
            #expect(zip(straight.notes, human.notes).contains { $0.start != $1.start }, "humanize changed nothing")
        }
        for note in exact.tracks.first(where: { $0.name == "drums" })!.notes {
            #expect(note.start % 240 == 0, "a hit off the grid with humanize off")
        }
    }

    @Test("Choruses are louder than verses and intros, in every genre", arguments: Fixtures.allGenres)
    func dynamics(genre: String) throws {
        let p = try Fixtures.performance(genre)
        guard !p.bars(ofSection: "chorus").isEmpty else {
            // A jazz head in AABA form has no chorus: its intro is still quieter than the tune.
            let loudest = Set(p.arrangement.sections.map(\.name)).map { p.meanVelocity(inBars: p.bars(ofSection: $0)) }.max() ?? 0
            #expect(p.meanVelocity(inBars: p.bars(ofSection: "intro")) < loudest, "\(genre): the intro is as loud as the loudest section")
            return
        }
        let verse = p.meanVelocity(inBars: p.bars(ofSection: "verse"))
        let chorus = p.meanVelocity(inBars: p.bars(ofSection: "chorus"))
        #expect(chorus > verse, "\(genre): chorus \(chorus), verse \(verse)")
        if !p.bars(ofSection: "intro").isEmpty {
            #expect(chorus > p.meanVelocity(inBars: p.bars(ofSection: "intro")), "\(genre): intro as loud as the chorus")
        }
    }

    @Test("A fill in the last bar of every section but the last; the song ends on a final hit")
    func fills() throws {
        let fill = #"fills: [{ snare: "....xxxx", tom_high: "xx......" }]"#
        let p = Performance(try Self.song(Self.gridPreset(fill: fill)))
        for section in p.arrangement.sections.dropLast() {
            let lastBar = section.firstBar + section.bars - 1
            #expect(p.hits(Kit.snare.union(Kit.toms)).filter { p.bar(of: $0) == lastBar }.count == 6)
            #expect(p.hits(Kit.snare.union(Kit.toms)).filter { p.bar(of: $0) == lastBar - 1 }.isEmpty)
        }
        let finalBar = p.arrangement.bars.count - 1
        #expect(p.notes("drums").filter { p.bar(of: $0) == finalBar }.allSatisfy { $0.start == finalBar * p.barTicks })
        #expect(p.hits(Kit.crash).contains { $0.start == finalBar * p.barTicks })
    }

    @Test("Every genre fills the last bar of its sections", arguments: Fixtures.allGenres)
    func genreFills(genre: String) throws {
        let p = try Fixtures.performance(genre)
        for bar in p.arrangement.bars where p.arrangement.isLastBarOfSection(bar) && !p.arrangement.isFinalBar(bar) {
            let section = p.arrangement.section(of: bar)
            guard section.bars > 2 else { continue }
            let fillBar = Set(p.notes("drums").filter { p.bar(of: $0) == bar.index }.map { [$0.pitch.intValue, ($0.start - bar.start) / 60] })
            let before = Set(p.notes("drums").filter { p.bar(of: $0) == bar.index - 1 }.map { [$0.pitch.intValue, ($0.start - bar.start + p.barTicks) / 60] })
            #expect(fillBar != before, "\(genre): bar \(bar.index + 1) plays the groove, not a fill")
        }
    }

    @Test("Walking bass: quarter notes, stepwise motion, a half- or whole-step approach into each chord", arguments: ["jazz", "swing", "bebop"])
    func walkingBass(genre: String) throws {
        let p = try Fixtures.performance(genre, sections: 5)
        let walkedBars = p.arrangement.bars.filter { !p.arrangement.isFinalBar($0) && !p.arrangement.isFinalBar(p.arrangement.bars[$0.index + 1]) }
        let bass = p.notes("bass").filter { note in walkedBars.contains { $0.index == p.bar(of: note) } }
        #expect(p.share(bass) { $0.start % p.beatTicks == 0 } >= 0.95)
        let pitches = bass.map(\.pitch.intValue)
        let steps = zip(pitches, pitches.dropFirst()).map { abs($0 - $1) }
        #expect(Double(steps.filter { $0 <= 2 }.count) / Double(steps.count) >= 0.5, "\(genre): \(steps.filter { $0 <= 2 }.count) of \(steps.count) moves are steps")
        // The note before each chord change is a half or whole step from the new chord's root.
        var approaches = 0, changes = 0
        for (index, note) in bass.enumerated().dropLast() {
            let next = bass[index + 1]
            let nextChord = p.arrangement.chord(at: next.start)
            guard nextChord.start == next.start, p.arrangement.chord(at: note.start).start != nextChord.start else { continue }
            changes += 1
            if [1, 2, 10, 11].contains(PitchClass(note.pitch.intValue).semitones(above: nextChord.chord.bassNote)) { approaches += 1 }
        }
        #expect(changes > 8 && Double(approaches) / Double(changes) >= 0.9, "\(genre): \(approaches) approaches in \(changes) changes")
    }

    @Test("Keys voice-lead: less total movement than root-position chords", arguments: ["pop", "jazz", "gospel", "soul", "classic_rock"])
    func voiceLeading(genre: String) throws {
        let p = try Fixtures.performance(genre, withKeys: true)
        // The chords the keys play, each with the chord symbol sounding when it was struck.
        let struck = p.notes("keys").reduce(into: [(start: Int, pitches: [Int])]()) { groups, note in
            if groups.last?.start == note.start { groups[groups.count - 1].pitches.append(note.pitch.intValue) } else { groups.append((note.start, [note.pitch.intValue])) }
        }.filter { $0.pitches.count >= 3 }
        let played = struck.map { Voicing(pitches: $0.pitches) }
        // The same chords in root position: the chord's tones stacked upward from its root near middle C.
        let rootPosition = struck.map { group -> Voicing in
            let chord = p.arrangement.chord(at: group.start).chord
            let classes = Set(group.pitches.map { PitchClass($0) }).sorted { $0.semitones(above: chord.root) < $1.semitones(above: chord.root) }
            return Voicing(pitches: classes.reduce(into: [Int]()) { stack, pitchClass in
                stack.append(stack.last.map { $0 + max(1, pitchClass.semitones(above: PitchClass($0))) } ?? 48.placing(pitchClass))
            })
        }
        func travel(_ voicings: [Voicing]) -> Int { zip(voicings, voicings.dropFirst()).map { $0.movement(to: $1) }.reduce(0, +) }
        #expect(struck.count > 10)
        #expect(travel(played) < travel(rootPosition), "\(genre): voice-led \(travel(played)) vs root position \(travel(rootPosition))")
    }

    @Test("3/4, 6/8 and 12/8 songs have their bar lengths and time signatures", arguments: [("3/4", 1440, 6), ("6/8", 1440, 6), ("12/8", 2880, 12)])
    func meters(meter: String, barTicks: Int, steps: Int) throws {
        let grid = String(repeating: "x", count: steps)
        let yaml = Self.gridPreset(meter: meter, hats: grid)
            .replacingOccurrences(of: #"kick: "x...""#, with: #"kick: "\#("x" + String(repeating: ".", count: steps - 1))""#)
            .replacingOccurrences(of: #"["R . . ."]"#, with: #"["\#((["R"] + Array(repeating: ".", count: steps - 1)).joined(separator: " "))"]"#)
            .replacingOccurrences(of: #"["D . . ."]"#, with: #"["\#((["D"] + Array(repeating: ".", count: steps - 1)).joined(separator: " "))"]"#)
        let song = try Self.song(yaml)
        #expect(song.arrangement.meter.ticksPerBar == barTicks)
        let contents = try MIDIFileReader().read(song.fullMIDIFile())
        let parts = meter.split(separator: "/").map { Int($0)! }
        #expect(contents.timeSignatures.map { [$0.numerator, $0.denominator] } == [parts])
        #expect(contents.trackEnds.allSatisfy { $0 == 16 * barTicks })
        #expect(contents.notes.filter { $0.channel == 9 && $0.pitch == 42 }.count == 15 * steps + 0)
    }

    @Test("A chord chart replaces the progressions: the bass plays each chord's root on its downbeat")
    func chordChart() throws {
        let chart = try ChordChart(parsing: "Am7 | D7 | Gmaj7 Cmaj7 | %")
        // Genres whose bass lands on the beat (funk and reggae syncopate around it on purpose).
        for genre in ["classic_rock", "jazz", "pop", "country"] {
            let preset = try #require(Fixtures.catalog.genre(genre))
            let song = Song(preset: Fixtures.strict(preset), request: Fixtures.request(genre, key: "G", sections: 3, chart: chart))
            let bass = try #require(song.tracks.first { $0.name == "bass" })
            for bar in song.arrangement.bars {
                let expected = chart.bars[bar.index % 4].map { $0.chord(in: song.key) }
                #expect(bar.chords.map(\.chord) == expected)
                for span in bar.chords {
                    let onDownbeat = bass.notes.first { $0.start == span.start }
                    #expect(onDownbeat.map { PitchClass($0.pitch.intValue) } == span.chord.root, "\(genre) bar \(bar.index + 1)")
                }
            }
        }
    }
}

@Suite("Swing by tempo")
struct SwingByTempoTests {
    @Test("The jazz presets swing lighter as the tempo rises", arguments: ["jazz", "swing", "bebop"])
    func relaxes(genre: String) throws {
        let preset = try #require(Fixtures.catalog.genre(genre))
        func ratio(_ tempo: Int) -> Double {
            let request = SongRequest(genre: genre, key: Key(tonic: NoteName(parsing: "F")!, mode: .major), tempo: tempo, sections: 4, withKeys: false, seed: 3)
            return Performance(Song(preset: Fixtures.strict(preset), request: request)).swingRatio(of: Kit.ride.union(Kit.hat))
        }
        let (slow, fast) = (ratio(120), ratio(260))
        #expect(slow >= 0.63, "near a triplet at 120 bpm: \(slow)")
        #expect(fast < slow - 0.04 && fast >= 0.5, "nearer straight at 260 bpm: \(fast) against \(slow)")
    }

    @Test("Swing by tempo is read point by point and level beyond them; a bad tempo is named")
    func curve() throws {
        let feel = Feel(swing: .straight, humanize: .off, swingByTempo: [.init(tempo: 200, ratio: 0.6), .init(tempo: 100, ratio: 0.7)])
        #expect(feel.swing(atTempo: 60).ratio == 0.7)
        #expect(abs(feel.swing(atTempo: 150).ratio - 0.65) < 1e-9)
        #expect(feel.swing(atTempo: 300).ratio == 0.6)
        let yaml = """
            id: bad_swing
            name: Bad
            tempo: { default: 120, min: 100, max: 140 }
            feel: { swing: { 120: 0.66, fast: 0.6 } }
            sections: { verse: { bars: 4, chords: "I" } }
            form: [verse]
            parts:
              drums: { grooves: [{ ride: "x.xxx.xx" }] }
              bass: { style: walking }
              guitar: { voicing: shell, rhythm: ["D D D D"] }
            """
        let error = try #require(Fixtures.presetErrors(yaml).first, "accepted a tempo named 'fast'")
        #expect(error.message == "'fast' is not a tempo; swing by tempo is written { 120: 0.68, 280: 0.56 } with tempos 40–300")
        #expect(error.location.line == 4 && error.location.column == 29)
    }
}

@Suite("Grouped meters")
struct GroupedMeterTests {
    static func preset(grouping: String, kick: String = "x.|..|x..") -> String {
        """
        id: seven
        name: Seven
        tempo: { default: 200, min: 120, max: 260 }
        meter: 7/8
        grouping: \(grouping)
        sections: { verse: { bars: 4, chords: "i | iv | V | i" } }
        form: [verse]
        parts:
          drums: { grooves: [{ kick: "\(kick)", rim: "..|x.|..x" }] }
          bass: { patterns: ["R . | 5 . | R . 5"] }
          guitar: { voicing: triad, rhythm: ["D . D . D . ."] }
        """
    }


    @Test("A 2+2+3 bar counts in on its groups and is written 2+2+3 in MusicXML")
    func feltInGroups() throws {
        let preset = try Fixtures.loader.load(yaml: Self.preset(grouping: "[2, 2, 3]"), source: "seven.yaml").get()
        #expect(preset.meter.grouping == [2, 2, 3] && preset.meter.feltBeats == [0, 480, 960])
        let request = SongRequest(genre: "seven", key: Key(tonic: NoteName(parsing: "D")!, mode: .minor), tempo: 200, sections: 1, withKeys: false, seed: 1, countIn: 1)
        let song = Song(preset: preset, request: request)
        let clicks = song.tracks.flatMap(\.notes).filter { $0.start < song.arrangement.meter.ticksPerBar && $0.pitch.intValue == 37 }
        #expect(clicks.map(\.start).sorted() == [0, 480, 960], "one click a group, not seven")
        #expect(song.musicXML().contains("<beats>2+2+3</beats>"))
    }

    @Test("Grouping and grids are checked against the meter, with line and column")
    func validated() {
        let sum = Fixtures.presetErrors(Self.preset(grouping: "[2, 2, 2]"))
        #expect(sum.map(\.message) == ["grouping 2+2+2 adds up to 6 eighths, but a bar of 7/8 has 7"])
        #expect(sum.first?.location.line == 5 && sum.first?.location.column == 11)
        let grid = Fixtures.presetErrors(Self.preset(grouping: "[2, 2, 3]", kick: "x.|..x|.."))
        #expect(grid.map(\.message) == ["grid is grouped 2+3+2 steps, but 7/8 is grouped 2+2+3: write 2+2+3 steps between the |"])
        #expect(grid.first?.location.line == 9)
    }
}

extension GroupedMeterTests {
    @Test("Two chords in a 3+2 bar change on the group, beat 4, in every part")
    func chordsOnTheGroups() throws {
        let preset = try #require(Fixtures.catalog.genre("jazz_5_4"))
        let request = Fixtures.request("jazz_5_4", key: "D", mode: .minor, sections: 1, withKeys: true, seed: 2, chart: try ChordChart(parsing: "i7 iv7 | i7 iv7. | i7"))
        let p = Performance(Song(preset: Fixtures.strict(preset), request: request))
        #expect(p.arrangement.bars[0].chords.map(\.start) == [0, 3 * p.beatTicks])
        #expect(p.arrangement.bars[0].chords.map(\.duration) == [3 * p.beatTicks, 2 * p.beatTicks])
        // The shot on iv7 in bar 2 is struck on beat 4 by every part.
        for part in ["drums", "bass", "guitar", "keys"] {
            #expect(p.notes(part).contains { $0.start == p.barTicks + 3 * p.beatTicks }, "\(part)")
        }
    }
}
