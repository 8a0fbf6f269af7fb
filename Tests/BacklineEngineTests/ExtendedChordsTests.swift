import BacklineAgents
import BacklineEngine
import MusicTheory
import Testing

/// Jazz changes with ninths, thirteenths and altered dominants, played by the band: every note
/// the guitar and keys strike belongs to the chord, each voicing keeps what makes the chord that
/// chord, and the bass still lands on the root.
@Suite("Extended and altered chords")
struct ExtendedChordsTests {
    static let genres = ["jazz", "bossa_nova", "funk"]
    /// The same changes as symbols, and as numerals in B♭ (Cm9 F7alt B♭maj9 G7b13 C7#9 F13b9 B♭6/9).
    static let charts: [(key: String, text: String)] = [
        ("C", "Dm9 | G7alt | Cmaj9 | A7b13 | D7#9 | G13b9 | C6/9 | %"),
        ("Bb", "ii9 | V7alt | Imaj9 | VI7b13 | II7#9 | V13b9 | I6/9 | %"),
    ]
    /// The agents' default registers: these genres keep them.
    static let ranges = ["guitar": 40...76, "keys": 48...79]

    static func performance(_ genre: String, key: String, chart text: String) throws -> Performance {
        let preset = try #require(Fixtures.catalog.genre(genre))
        let chart = try ChordChart(parsing: text)
        return Performance(
            Song(
                preset: Fixtures.strict(preset),
                request: Fixtures.request(genre, key: key, sections: 4, withKeys: true, chart: chart)))
    }

    /// The notes of a part struck together within one chord: one strum or one comping hit. A strum
    /// spreads its strings over a few milliseconds, well under a sixteenth note.
    static func voicings(_ part: String, in performance: Performance) -> [(chord: Chord, pitches: [Int])] {
        var groups: [(span: Arrangement.ChordSpan, start: Int, pitches: [Int])] = []
        for note in performance.notes(part).sorted(by: { ($0.start, $0.pitch.intValue) < ($1.start, $1.pitch.intValue) }
        ) {
            let span = performance.arrangement.chord(at: note.start)
            if let last = groups.last, last.span == span, note.start - last.start < 100 {
                groups[groups.count - 1].pitches.append(note.pitch.intValue)
            } else {
                groups.append((span, note.start, [note.pitch.intValue]))
            }
        }
        return groups.map { ($0.span.chord, $0.pitches) }
    }

    static func label(_ chord: Chord) -> String { chord.name(in: Key(tonic: NoteName(parsing: "C")!, mode: .major)) }

    @Test(
        "Guitar and keys play only the chord's notes, keeping its third, seventh and alterations",
        arguments: genres, charts)
    func voicingsHoldTheChord(genre: String, chart: (key: String, text: String)) throws {
        let performance = try Self.performance(genre, key: chart.key, chart: chart.text)
        for part in ["guitar", "keys"] {
            let voicings = Self.voicings(part, in: performance)
            #expect(voicings.count >= 16, "\(genre) \(part) comps through the song")
            #expect(Set(voicings.map(\.chord)).count == 7, "\(genre) \(part) plays every chord of the chart")
            for (chord, pitches) in voicings {
                let name = "\(genre) \(part) on \(Self.label(chord)) plays \(pitches)"
                let heard = Set(pitches.map { PitchClass($0) })
                #expect(heard.isSubset(of: Set(chord.pitchClasses)), "\(name): notes outside the chord")
                let quality = chord.quality
                let needed =
                    ([quality.third, quality.seventh].compactMap { $0 }
                    + [6, 8, 13, 15, 18, 20].filter(quality.contains))
                    .map { chord.root + $0 }
                #expect(Set(needed).isSubset(of: heard), "\(name): missing \(Set(needed).subtracting(heard))")
                if quality.contains(20) || quality.contains(8) {
                    #expect(!heard.contains(chord.root + 7), "\(name): a natural fifth against the b13")
                }
                if quality.contains(13) || quality.contains(15) {
                    #expect(!heard.contains(chord.root + 2), "\(name): a natural ninth against the altered one")
                }
                let range = try #require(Self.ranges[part])
                #expect(pitches.allSatisfy(range.contains), "\(name): outside \(range)")
                if part == "guitar" {
                    #expect(Voicing(pitches: pitches).isPlayableOnGuitar, "\(name): no hand holds that on six strings")
                }
            }
        }
    }

    @Test(
        "The extended chords are heard in full: a ninth chord's ninth, a thirteenth chord's thirteenth",
        arguments: genres)
    func coloursAreHeard(genre: String) throws {
        let performance = try Self.performance(genre, key: "C", chart: Self.charts[0].1)
        // Between them, guitar and keys sound every note each chord spells but a fifth the b13 rules out.
        let voicings = Self.voicings("guitar", in: performance) + Self.voicings("keys", in: performance)
        for chord in Set(voicings.map(\.chord)) {
            let heard = Set(voicings.filter { $0.chord == chord }.flatMap(\.pitches).map { PitchClass($0) })
            let spelled = chord.quality.intervals.filter { $0 != 7 || chord.quality.playableFifth == 7 }.map {
                chord.root + $0
            }
            let colour = spelled.filter { [2, 9].contains($0.semitones(above: chord.root)) }
            #expect(
                Set(colour).isSubset(of: heard),
                "\(genre): \(Self.label(chord)) never sounds its \(Set(colour).subtracting(heard))")
        }
    }

    @Test("The bass starts every bar on the chord's root", arguments: genres, charts)
    func bassOnTheRoot(genre: String, chart: (key: String, text: String)) throws {
        let performance = try Self.performance(genre, key: chart.key, chart: chart.text)
        let bass = performance.notes("bass").sorted { $0.start < $1.start }
        for bar in performance.arrangement.bars {
            let chord = try #require(bar.chords.first).chord
            let first = try #require(bass.first { $0.start >= bar.start }, "\(genre): bar \(bar.index) has no bass")
            #expect(first.start == bar.start, "\(genre): bar \(bar.index) starts with a rest")
            #expect(
                PitchClass(first.pitch.intValue) == chord.bassNote,
                "\(genre): bar \(bar.index) on \(Self.label(chord)) starts on \(first.pitch.intValue)")
        }
    }

    @Test("Every section plays the chart from its top, each chord named as the chart wrote it", arguments: genres)
    func chordsKeepTheirNames(genre: String) throws {
        let performance = try Self.performance(genre, key: "C", chart: Self.charts[0].text)
        let written = ["Dm9", "G7alt", "Cmaj9", "A7b13", "D7#9", "G13b9", "C6/9", "C6/9"]
        let arrangement = performance.arrangement
        for bar in arrangement.bars {
            #expect(
                Self.label(bar.chords[0].chord) == written[bar.barInSection % written.count],
                "\(genre): bar \(bar.index)")
        }
        // Every chord of the chart is heard from both guitar and keys.
        for part in ["guitar", "keys"] {
            let heard = Set(Self.voicings(part, in: performance).map { Self.label($0.chord) })
            #expect(heard == Set(written), "\(genre) \(part) plays \(heard.sorted())")
        }
    }
}
