import BacklineAgents
import MIDIFile
import BacklineEngine
import MusicTheory
import Testing

/// A walking bass a jazz player would keep: stepwise, chord tones on the strong beats, approaches
/// and enclosures into each root, and no bar played twice in a row over one chord.
@Suite("Walking bass")
struct WalkingBassTests {
    static let walkingGenres = ["swing", "jazz", "bebop"]

    /// The walked notes of a song in each genre, key and seed, with their performance.
    static func walks() throws -> [(Performance, [PartNote])] {
        var walks: [(Performance, [PartNote])] = []
        for genre in walkingGenres {
            for (key, mode) in [("C", Mode.major), ("A", Mode.minor), ("Eb", Mode.major)] {
                for seed: UInt64 in [1, 2, 3] {
                    let p = try Fixtures.performance(genre, sections: 7, key: key, mode: mode, seed: seed)
                    let walked = p.notes("bass").filter { !p.arrangement.isFinalBar(p.arrangement.bars[p.bar(of: $0)]) }
                    walks.append((p, walked.sorted { $0.start < $1.start }))
                }
            }
        }
        return walks
    }

    @Test("Most moves are by one or two semitones, and whole steps are common")
    func stepwise() throws {
        var moves: [Int] = []
        for (_, notes) in try Self.walks() {
            moves += zip(notes, notes.dropFirst()).map { abs($1.pitch.intValue - $0.pitch.intValue) }
        }
        let steps = Double(moves.filter { (1...2).contains($0) }.count) / Double(moves.count)
        let wholeSteps = Double(moves.filter { $0 == 2 }.count) / Double(moves.count)
        let repeats = Double(moves.filter { $0 == 0 }.count) / Double(moves.count)
        #expect(steps >= 0.6, "moves by one or two semitones: \(steps)")
        #expect(wholeSteps >= 0.15, "whole steps: \(wholeSteps)")
        #expect(repeats <= 0.1, "a walking line walks: repeated notes \(repeats)")
    }

    @Test("Chord tones on beats 1 and 3; the root where each chord begins")
    func strongBeats() throws {
        var onThree: [Bool] = []
        for (p, notes) in try Self.walks() {
            for note in notes {
                let span = p.arrangement.chord(at: note.start)
                if note.start == span.start {
                    #expect(PitchClass(note.pitch.intValue) == span.chord.bassNote, "the root on the chord's first beat")
                } else if p.isOn(beat: 2, note, tolerance: 0) && span.duration == p.barTicks {
                    onThree.append(span.chord.pitchClasses.contains(PitchClass(note.pitch.intValue)))
                }
            }
        }
        let share = Double(onThree.filter { $0 }.count) / Double(onThree.count)
        // The rest are enclosures: the step above the next root, on its way in.
        #expect(share >= 0.7, "chord tones on beat 3: \(share)")
    }

    @Test("Each chord is approached by a step, some from above and below in turn (enclosures)")
    func approaches() throws {
        var intoRoots = 0, byStep = 0, enclosures = 0
        for (p, notes) in try Self.walks() {
            for (index, note) in notes.enumerated().dropFirst(2) where note.start == p.arrangement.chord(at: note.start).start {
                intoRoots += 1
                let (before, approach) = (notes[index - 2].pitch.intValue, notes[index - 1].pitch.intValue)
                let target = note.pitch.intValue
                if (1...2).contains(abs(target - approach)) { byStep += 1 }
                if (before > target && approach < target) || (before < target && approach > target), abs(before - target) <= 2 { enclosures += 1 }
            }
        }
        #expect(Double(byStep) / Double(intoRoots) >= 0.9, "\(byStep) of \(intoRoots) roots approached by a step")
        #expect(enclosures >= intoRoots / 20, "\(enclosures) enclosures in \(intoRoots) chord changes")
    }

    @Test("No bar repeats the bar before it note for note over the same chord")
    func noRepeatedBars() throws {
        for (p, notes) in try Self.walks() {
            let bars = Dictionary(grouping: notes, by: p.bar(of:))
            for bar in p.arrangement.bars.dropFirst() where bar.chords.count == 1 {
                let before = p.arrangement.bars[bar.index - 1]
                guard before.chords.count == 1, before.chords[0].chord == bar.chords[0].chord,
                    let this = bars[bar.index], let last = bars[before.index]
                else { continue }
                #expect(this.map(\.pitch) != last.map(\.pitch), "bar \(bar.index + 1) repeats bar \(bar.index)")
            }
        }
    }

    @Test("A two-feel section plays half notes; the walk returns after it")
    func twoFeel() throws {
        let yaml = """
            id: two_feel_jazz
            name: Two Feel
            tempo: { default: 140, min: 100, max: 200 }
            feel: { swing: 0.66 }
            sections:
              head: { bars: 8, chords: "ii7 | V7 | Imaj7 | VI7" }
              solo: { bars: 8, chords: "ii7 | V7 | Imaj7 | VI7" }
            form: [head, solo, head]
            parts:
              drums: { grooves: [{ ride: "x.xxx.xx" }] }
              bass: { style: walking, two_feel: [head] }
              guitar: { voicing: shell, rhythm: ["D D D D"] }
            """
        let p = try Fixtures.performance(yaml: yaml, key: "F", tempo: 140, sections: 3, seed: 4)
        let heads = p.bars(ofSection: "head"), solos = p.bars(ofSection: "solo")
        let inHead = p.notes("bass").filter { heads.contains(p.bar(of: $0)) && !p.arrangement.isFinalBar(p.arrangement.bars[p.bar(of: $0)]) }
        #expect(inHead.allSatisfy { p.isOn(beat: 0, $0, tolerance: 0) || p.isOn(beat: 2, $0, tolerance: 0) })
        #expect(inHead.allSatisfy { $0.duration > p.beatTicks })
        #expect(p.notes("bass").filter { solos.contains(p.bar(of: $0)) }.count == 8 * 4, "four to the bar in the solo")
    }

    @Test("two_feel names sections of the genre, and only for a walking bass")
    func twoFeelValidation() throws {
        let base = """
            id: bad_two
            name: Bad
            tempo: { default: 140, min: 100, max: 200 }
            sections: { head: { bars: 4, chords: "I" } }
            form: [head]
            parts:
              drums: { grooves: [{ ride: "x.xxx.xx" }] }
              guitar: { voicing: shell, rhythm: ["D D D D"] }
            """
        let unknown = Fixtures.presetErrors(base + "\n  bass: { style: walking, two_feel: [verse] }")
        #expect(unknown.map(\.message).contains { $0.contains("unknown section 'verse'") }, "an unknown section is refused")
        let pattern = Fixtures.presetErrors(base + "\n  bass: { patterns: [\"R R R R\"], two_feel: [head] }")
        #expect(pattern.map(\.message).contains("two_feel is for a walking bass (style: walking)"), "two_feel on a pattern bass is refused")
    }
}

@Suite("Anticipated bass notes")
struct AnticipationTests {
    @Test("'>R' sounds the coming chord's root early and ties it over the bar line to the next note")
    func tumbao() throws {
        let p = try Fixtures.performance(yaml: Fixtures.montuno(bass: ". . . 5 . . >R -"), tempo: 180, sections: 2)
        let onFour = p.notes("bass").filter { p.isOn(beat: 3, $0, tolerance: 0) }.prefix(3)
        // Over C the note on 4 is F (IV, the chord to come), over F it is G, over G7 it is F.
        #expect(onFour.map { PitchClass($0.pitch.intValue) } == [PitchClass(5), PitchClass(7), PitchClass(5)])
        // Tied over the bar line: it rings until the "and" of 2 of the next bar, where the next note is.
        #expect(onFour.allSatisfy { $0.duration > p.beatTicks * 2 && $0.start + $0.duration <= $0.start - $0.start % p.barTicks + p.barTicks + 3 * p.beatTicks / 2 })
        #expect(p.notes("bass").allSatisfy { !p.isOn(beat: 0, $0) || p.arrangement.isFinalBar(p.arrangement.bars[p.bar(of: $0)]) }, "nothing on the one")
    }
}

@Suite("808 glides")
struct GlideTests {
    @Test("'~' slides a trap 808 into its note: pitch bends from the note before, back to centre, an octave's range")
    func trap808() throws {
        let song = try Fixtures.song(Fixtures.request("trap", key: "F", mode: .minor, sections: 4, seed: 3))
        let bass = try #require(song.midiFiles().first { $0.part == "bass" })
        let contents = try MIDIFileReader().read(bass.bytes)
        #expect(contents.controllers.prefix(4).map { [$0.tick, $0.controller, $0.value] } == [[0, 101, 0], [0, 100, 0], [0, 6, 12], [0, 38, 0]])
        let notes = contents.notes.sorted { $0.start < $1.start }
        let bendsByTick = Dictionary(grouping: contents.pitchBends, by: \.tick)
        var glides = 0
        for (previous, note) in zip(notes, notes.dropFirst()) {
            // A slide starts bent where the note starts (a bend back at the centre there is the end
            // of the note before's slide).
            guard let bends = bendsByTick[note.start]?.filter({ $0.value != 8192 }), !bends.isEmpty else { continue }
            glides += 1
            // Starts at the note before, an octave at most (8192 / 12 a semitone), and slides home.
            let expected = min(16383, 8192 + max(-12, min(12, previous.pitch - note.pitch)) * 8192 / 12)
            #expect(abs(bends[0].value - expected) <= 1, "bar \(note.start / 1920 + 1): starts at \(bends[0].value), not \(expected)")
            let ramp = contents.pitchBends.filter { $0.tick >= note.start && $0.tick <= note.start + 120 }
            #expect(ramp.last?.value == 8192, "back to its own pitch within a sixteenth")
        }
        #expect(glides >= 4, "the 808 glides in verses and choruses")
        // A bass without glides writes no pitch bends at all.
        let funk = try Fixtures.song(Fixtures.request("funk", sections: 2))
        let funkBass = try MIDIFileReader().read(try #require(funk.midiFiles().first { $0.part == "bass" }).bytes)
        #expect(funkBass.pitchBends.isEmpty && funkBass.controllers.isEmpty)
    }
}
