import BacklineAgents
import BacklineEngine
import MusicTheory
import Testing

/// A band does not loop one bar: drums, guitar and keys vary inside a section, and no two section
/// ends in a row have the same fill.
@Suite("Variation")
struct VariationTests {
    /// What a listener tells a drum bar apart by: each hit's piece, place in the bar and strength,
    /// leaving out the crash that opens a section.
    static func drumBar(_ p: Performance, _ bar: Int) -> Set<[Int]> {
        Set(p.notes("drums").filter { p.bar(of: $0) == bar && !Kit.crash.contains($0.pitch.intValue) }
            .map { [$0.pitch.intValue, p.tickInBar($0), $0.velocity.intValue / 16] })
    }

    static func compBar(_ p: Performance, _ part: String, _ bar: Int) -> [Int] {
        p.notes(part).filter { p.bar(of: $0) == bar }.map { p.tickInBar($0) }.sorted()
    }

    @Test("Every 8-bar section has at least three different drum bars", arguments: Fixtures.allGenres)
    func drumBars(genre: String) throws {
        let p = try Fixtures.performance(genre, sections: 7)
        for section in p.arrangement.sections where section.bars >= 8 {
            let bars = (section.firstBar..<(section.firstBar + section.bars)).map { Self.drumBar(p, $0) }
            #expect(Set(bars).count >= 3, "\(genre) \(section.name) at bar \(section.firstBar + 1): \(Set(bars).count) different drum bars")
        }
    }

    @Test("The fill differs from one section end to the next", arguments: Fixtures.allGenres)
    func fillsDiffer(genre: String) throws {
        let p = try Fixtures.performance(genre, sections: 7)
        let ends = p.arrangement.sections.dropLast().map { $0.firstBar + $0.bars - 1 }
        for (a, b) in zip(ends, ends.dropFirst()) {
            #expect(Self.drumBar(p, a) != Self.drumBar(p, b), "\(genre): the fills of bars \(a + 1) and \(b + 1) are the same")
        }
    }

    @Test("Guitar and keys do not loop one bar through a section", arguments: Fixtures.allGenres)
    func compVaries(genre: String) throws {
        let p = try Fixtures.performance(genre, sections: 7)
        for part in ["guitar", "keys"] where !p.notes(part).isEmpty {
            for section in p.arrangement.sections where section.bars >= 8 {
                let rhythms = Set((section.firstBar..<(section.firstBar + section.bars - 1)).map { Self.compBar(p, part, $0) })
                #expect(rhythms.count >= 2, "\(genre) \(part) in \(section.name) at bar \(section.firstBar + 1) plays one rhythm in every bar")
            }
        }
    }

    @Test("variation: false plays the preset's bars exactly")
    func strictLoop() throws {
        let yaml = FeelAndFormTests.gridPreset()
        let p = Performance(try FeelAndFormTests.song(yaml))
        let verse = p.bars(ofSection: "verse").sorted().map { Self.drumBar(p, $0) }
        #expect(Set(verse).count == 1, "every verse bar, the last included, is the groove as written")
        let varied = Performance(try FeelAndFormTests.song(yaml.replacingOccurrences(of: "variation: false", with: "variation: true")))
        let variedBars = varied.bars(ofSection: "verse").sorted().map { Self.drumBar(varied, $0) }
        #expect(Set(variedBars).count == 2, "a verse of four bars: the groove, and a fill of the drummer's own")
        let ends = varied.arrangement.sections.dropLast().map { Self.drumBar(varied, $0.firstBar + $0.bars - 1) }
        #expect(zip(ends, ends.dropFirst()).allSatisfy { $0 != $1 }, "the drummer's fills alternate")
    }
}

/// Humanize is set per part: a drum machine stays on the grid while a player next to it breathes.
@Suite("Humanize per part")
struct HumanizePerPartTests {
    @Test("Drum-machine genres keep every drum hit on the grid", arguments: ["house", "electronic", "drum_and_bass", "trap", "lofi"])
    func drumsOnTheGrid(genre: String) throws {
        let preset = try #require(Fixtures.catalog.genre(genre))
        let request = Fixtures.request(genre, sections: 5, withKeys: true, seed: 5)
        let played = Song(preset: preset, request: request), grid = Song(preset: Fixtures.strict(preset), request: request)
        func starts(_ song: Song, _ part: String) -> [Int] { song.tracks.first { $0.name == part }?.notes.map(\.start) ?? [] }
        #expect(starts(played, "drums") == starts(grid, "drums"), "\(genre): a drum hit moved off the grid")
        let kicksOnTheOne = played.tracks[0].notes.filter { $0.pitch.intValue == 36 && $0.start % played.arrangement.meter.ticksPerBar == 0 }
        #expect(!kicksOnTheOne.isEmpty || genre == "drum_and_bass" || genre == "trap" || genre == "lofi", "\(genre): the kick lands on the bar line")
        // The velocities still breathe, and a part with timing humanize of its own moves.
        let velocities = Set(played.tracks[0].notes.map(\.velocity))
        #expect(velocities.count > Set(grid.tracks[0].notes.map(\.velocity)).count, "\(genre): drum velocities do not vary")
        for part in preset.parts where part.name != "drums" && (part.humanize ?? preset.feel.humanize).timingMilliseconds > 0 {
            #expect(starts(played, part.name) != starts(grid, part.name), "\(genre): \(part.name) should breathe")
        }
    }
}

@Suite("Keys montuno")
struct MontunoTests {
    @Test("Chord-tone steps in a keys grid play the chord's tones in octaves, 8 above the line")
    func octaves() throws {
        let p = try Fixtures.performance(yaml: Fixtures.montuno(bass: ". . . 5 . . >R -", keys: "!1 . 5 3 . 5 . 8"), tempo: 180, sections: 1, withKeys: true)
        let strokes = Dictionary(grouping: p.notes("keys").filter { p.bar(of: $0) < 3 }, by: \.start).sorted { $0.key < $1.key }
        #expect(strokes.count == 3 * 5, "five strokes a bar")
        #expect(strokes.allSatisfy { $0.value.count == 2 && $0.value.map(\.pitch.intValue).sorted().reduce(0) { $1 - $0 } == 12 }, "each an octave")
        let lows = strokes.map { $0.value.map(\.pitch.intValue).min()! }
        // Over C: C, G, E, G, then the C above the G before it; over F: F, C, A, C, F; over G7: G, D, B, D, G.
        let expected = [0, 7, 4, 7, 0, 5, 0, 9, 0, 5, 7, 2, 11, 2, 7]
        #expect(lows.map { $0 % 12 } == expected)
        #expect(lows[4] > lows[3], "8 goes up from the line")
        #expect(strokes[0].value.allSatisfy { $0.velocity.intValue > strokes[1].value[0].velocity.intValue }, "! accents")
    }
}
