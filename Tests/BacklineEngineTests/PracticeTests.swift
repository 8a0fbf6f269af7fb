import BacklineAgents
import BacklinePresets
import Foundation
import MIDIFile
import MusicTheory
import Testing

@testable import BacklineEngine

/// The practice workflow: count-ins, charts played whole with their own sections and N.C. bars,
/// choruses, the woodshed loop, and the bounds that keep a request from asking for an hour.
@Suite("Practice: count-in, charts, choruses, the woodshed loop")
struct PracticeTests {
    static func request(_ genre: String, _ change: (inout SongRequest.Draft) -> Void) throws -> SongRequest {
        var draft = SongRequest.Draft()
        (draft.genre, draft.key, draft.mode, draft.seed) = (genre, "C", "major", 5)
        change(&draft)
        return try SongRequest.validated(draft, defaults: .genreTempo, genres: Fixtures.catalog.genres)
    }

    static func midi(_ song: Song) throws -> MIDIFileReader.Contents { try MIDIFileReader().read(song.fullMIDIFile()) }

    static let aaba = "[A] Cmaj7 | Am7 | Dm7 | G7 [A] Cmaj7 | Am7 | Dm7 G7 | C6 [B] Em7 | A7 | Dm7 | G7 [A] Cmaj7 | Am7 | N.C. | C6"

    @Test("A count-in is the drummer's side stick on every beat before anyone plays; two bars start on every other beat",
          arguments: [1, 2])
    func countIn(bars: Int) throws {
        let song = try Fixtures.song(Self.request("funk") { $0.countIn = bars })
        let midi = try Self.midi(song)
        let barTicks = midi.ticksPerQuarter * 4
        let before = midi.notes.filter { $0.start < bars * barTicks }
        #expect(before.allSatisfy { $0.channel == 9 && $0.pitch == 37 }, "only the side stick sounds during the count-in")
        let expected = bars == 1 ? [0, 480, 960, 1440] : [0, 960, 1920, 2400, 2880, 3360]
        #expect(before.map(\.start) == expected)
        #expect(before.first?.velocity == 100, "the count starts accented")
        #expect(song.arrangement.sections.first?.label == "count-in" && song.arrangement.sections.first?.bars == bars)
        #expect(song.outline.sections.first?.chordNames == Array(repeating: "N.C.", count: bars))
        // Every part comes in on the first bar after the count.
        for channel in [1, 2] {
            #expect(midi.notes.filter { $0.channel == channel }.map(\.start).min().map { $0 >= bars * barTicks - 30 } == true)
        }
        let plain = try Fixtures.song(Self.request("funk") { _ in })
        #expect(song.arrangement.bars.count == plain.arrangement.bars.count + bars)
    }

    @Test("Counting in 3/4, 6/8 and 12/8 as musicians count: three beats, two and four dotted quarters")
    func countInMeters() throws {
        for (meter, beats) in [("3/4", [0, 480, 960]), ("6/8", [0, 720]), ("12/8", [0, 720, 1440, 2160])] {
            let clicks = Song.countIn(bars: 1, meter: try #require(Meter(parsing: meter)), from: 0)
            #expect(clicks.map(\.start) == beats, "\(meter)")
        }
        let waltz = try #require(try Fixtures.loader.load(file: Fixtures.presetsDirectory + "/../Docs/examples/country_waltz.yaml").get())
        var draft = SongRequest.Draft()
        (draft.genre, draft.countIn, draft.seed) = ("country_waltz", 2, 1)
        let song = Song(preset: waltz, request: try SongRequest.validated(draft, defaults: .genreTempo, genres: ["country_waltz": waltz]))
        let clicks = try Self.midi(song).notes.filter { $0.start < 2 * 1440 }.map(\.start)
        #expect(clicks == [0, 960, 1440, 1920, 2400], "one … two …, one two three")
    }

    @Test("A chart with its own sections plays as written: AABA, named A and B, with the genre's verse and bridge grooves")
    func sectionedChart() throws {
        let song = try Fixtures.song(Self.request("jazz") { $0.progression = Self.aaba })
        #expect(song.arrangement.sections.map(\.label) == ["A", "A", "B", "A"])
        #expect(song.arrangement.sections.map(\.name) == ["verse", "verse", "bridge", "verse"])
        #expect(song.outline.sections.map(\.chordNames) == [
            ["Cmaj7", "Am7", "Dm7", "G7"], ["Cmaj7", "Am7", "Dm7 G7", "C6"], ["Em7", "A7", "Dm7", "G7"], ["Cmaj7", "Am7", "N.C.", "C6"],
        ])
        let explicit = try Fixtures.song(Self.request("jazz") { $0.progression = "[A] Cmaj7 | Am7 [B=chorus] Dm7 | G7" })
        #expect(explicit.arrangement.sections.map(\.name) == ["verse", "chorus"])
        #expect(explicit.arrangement.bars.count == 4, "the chart once through")
    }

    @Test("N.C.: the band drops out for the bar and the drums keep time")
    func noChord() throws {
        let song = try Fixtures.song(Self.request("jazz") { $0.progression = Self.aaba })
        let midi = try Self.midi(song)
        let bar = 14 * 1920..<15 * 1920
        let pitched = midi.notes.filter { $0.channel != 9 }
        #expect(!pitched.contains { bar.contains($0.start) }, "no pitched note starts in the N.C. bar")
        #expect(!pitched.contains { $0.start < bar.lowerBound && $0.end > bar.lowerBound }, "none sounds into it")
        #expect(midi.notes.contains { $0.channel == 9 && bar.contains($0.start) }, "the drums play on")
        #expect(pitched.contains { (15 * 1920..<16 * 1920).contains($0.start) }, "the band comes back")
    }

    @Test("A chart without sections plays whole, choruses times; with sections or a form its chords fill the genre's form")
    func chartWhole() throws {
        let chart = "Am7 | Dm7 | Am7 | % | Dm7 | % | Am7 | % | E7 | Dm7 | Am7 | E7"
        let once = try Fixtures.song(Self.request("blues") { $0.progression = chart })
        #expect(once.arrangement.bars.count == 12)
        let twice = try Fixtures.song(Self.request("blues") { ($0.progression, $0.choruses) = (chart, 3) })
        #expect(twice.arrangement.sections.map(\.label) == ["chorus 1", "chorus 2", "chorus 3"])
        #expect(twice.outline.sections.allSatisfy { $0.chordNames.count == 12 && $0.chordNames[8] == "E7" })
        let laid = try Fixtures.song(Self.request("blues") { ($0.progression, $0.sections) = (chart, 2) })
        #expect(laid.arrangement.sections.map(\.label) == ["intro", "verse"], "sections given: the chart's chords over the genre's form")
    }

    @Test("The woodshed loop: N passes, a tempo change at each, each pass counted in, the ending only at the end")
    func practice() throws {
        let song = try Fixtures.song(Self.request("jazz") { ($0.progression, $0.practice, $0.countIn, $0.tempo) = (Self.aaba, "3x+10", 1, 150) })
        let midi = try Self.midi(song)
        let passBars = 1 + 16
        #expect(song.arrangement.bars.count == 3 * passBars)
        #expect(midi.microsecondsPerQuarter == [150, 160, 170].map { 60_000_000 / $0 })
        #expect(song.tempos.map(\.bar) == [0, passBars, 2 * passBars])
        #expect(song.outline.tempos == [.init(bar: 0, bpm: 150), .init(bar: 17, bpm: 160), .init(bar: 34, bpm: 170)])
        #expect(song.arrangement.sections.map(\.label) == Array(repeating: ["count-in", "A", "A", "B", "A"], count: 3).flatMap { $0 })
        let countIns = song.arrangement.sections.filter { $0.label == "count-in" }.map(\.firstBar)
        for first in countIns {
            let clicks = midi.notes.filter { ($0.start / 1920) == first }
            #expect(clicks.allSatisfy { $0.channel == 9 && $0.pitch == 37 } && clicks.count == 4, "pass at bar \(first) is counted in")
        }
        #expect(song.arrangement.endsWithHit)
        let looped = try Fixtures.song(Self.request("jazz") { ($0.progression, $0.practice, $0.loop) = (Self.aaba, "2x-5", .sections(["B"])) })
        #expect(looped.arrangement.sections.map(\.label) == ["B", "B"])
        #expect(looped.tempos.map(\.bpm) == [looped.request.tempo, looped.request.tempo - 5])
        #expect(!looped.arrangement.endsWithHit, "a looped section never ends")
    }

    @Test("What cannot be played is refused with what can", arguments: [
        Refusal({ d in d.countIn = 3 }, "count_in", "count_in 3 is outside 0–2 bars"),
        Refusal({ d in d.practice = "4y" }, "practice",
         "practice '4y' is not a practice plan: write passes, x, and an optional step in bpm, such as 4x+5 (1–16 passes, steps up to 50)"),
        Refusal({ d in (d.practice, d.tempo) = ("16x+20", 100) }, "practice",
         "practice 16x+20 takes the tempo from 100 to 400 bpm, outside 40–300"),
        Refusal({ d in d.choruses = 2 }, "choruses",
         "choruses repeats a chord chart played whole: give a progression (or ireal, or musicxml), and no sections or form"),
        Refusal({ d in (d.progression, d.form) = (PracticeTests.aaba, ["verse"]) }, "form",
         "the progression names its own sections ([A] [A] [B] [A]); leave out sections and form, and repeat it with choruses"),
        Refusal({ d in d.progression = "[A] C | F [B=chrous] G" }, "progression",
         "section [B=chrous]: jazz has no section 'chrous'; its sections are bridge, chorus, intro, outro, verse"),
        Refusal({ d in (d.progression, d.loop) = (PracticeTests.aaba, .sections(["C"])) }, "loop",
         "the song has no section 'C' to loop; its sections are A, B"),
        Refusal({ d in (d.progression, d.choruses, d.practice) = (PracticeTests.aaba, 64, "2x") }, "bars",
         "the song would last 2048 bars; a song is at most 1024 bars (count-ins and practice passes included)"),
        Refusal({ d in (d.progression, d.choruses, d.tempo) = (PracticeTests.aaba, 60, 40) }, "tempo",
         "the song would last 96 minutes at 40 bpm; a song is at most 30 minutes (count-ins and practice passes included)"),
    ])
    func refusals(refusal: Refusal) {
        #expect(throws: SongRequestError(field: refusal.field, message: refusal.message)) { try Self.request("jazz", refusal.change) }
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        let change: @Sendable (inout SongRequest.Draft) -> Void
        let field: String
        let message: String

        init(_ change: @escaping @Sendable (inout SongRequest.Draft) -> Void, _ field: String, _ message: String) {
            (self.change, self.field, self.message) = (change, field, message)
        }

        var testDescription: String { message }
    }

    @Test("The new fields are stored and read back as given")
    func storage() throws {
        let request = try Self.request("jazz") {
            ($0.progression, $0.practice, $0.countIn, $0.choruses, $0.loop) = (Self.aaba, "2x+5", 2, 2, .sections(["A", "B"]))
        }
        let decoded = try JSONDecoder().decode(SongRequest.self, from: Data(request.json.utf8))
        #expect(decoded == request)
        #expect(request.json.contains(#""loop":["A","B"],"count_in":2,"choruses":2,"practice":"2x+5""#))
    }
}
