import BacklineAgents
import BacklinePresets
import MIDIFile
import MusicTheory
import Testing

@testable import BacklineEngine

/// Every genre in every everyday meter, judged as a musician listens: the bar as long as its meter,
/// something sounding in every bar, the downbeat where the genre puts it, the groups of an odd
/// meter accented, the key as asked.
@Suite("Meters")
struct MeterTests {
    static let meters = ["3/4", "6/8", "12/8", "2/2", "2/4", "5/4", "7/8"]

    /// What a listener hears of one rendering.
    struct Heard {
        let bars: Int
        let silentBars: [Int]
        /// Bars whose first beat has a kick or a bass note on it, as a share of all bars.
        let downbeats: Double
        /// Pitched onsets in the key's scale, as a share of all pitched onsets.
        let inKey: Double
        /// Felt beats (a grouped meter's group starts) that some part strikes, as a share of all.
        let feltBeats: Double
        let timeSignatures: [String]
    }

    static func hear(_ genre: String, meter: Meter?, key: Key) throws -> Heard {
        let preset = try #require(Fixtures.catalog.genre(genre))
        var request = Fixtures.request(genre, key: key.tonic.description, mode: key.mode, sections: 3, seed: 11, meter: meter)
        request = SongRequest(
            genre: request.genre, key: request.key, tempo: request.tempo, sections: request.sections, withKeys: request.withKeys,
            seed: request.seed, meter: meter)
        let song = Song(preset: preset, request: request)
        let played = meter ?? preset.meter
        let barTicks = played.ticksPerBar
        let arrangement = song.arrangement
        #expect(arrangement.totalTicks == arrangement.bars.count * barTicks, "\(genre) in \(played): every bar lasts a bar of \(played)")
        let notes = song.tracks.flatMap { track in track.notes.map { (note: $0, track: track) } }
        #expect(notes.allSatisfy { $0.note.start + $0.note.duration <= arrangement.totalTicks + barTicks / 8 }, "\(genre) in \(played): nothing sounds past the end")
        let silent = arrangement.bars.map(\.start).enumerated().filter { _, start in
            !notes.contains { $0.note.start < start + barTicks && $0.note.start + $0.note.duration > start }
        }.map(\.offset)
        let slack = Meter.ticksPerQuarter / 8
        let downbeats = arrangement.bars.filter { bar in
            notes.contains { entry in
                abs(entry.note.start - bar.start) <= slack
                    && (entry.track.channel == .percussion ? [35, 36].contains(entry.note.pitch.intValue) : entry.track.name == "bass")
            }
        }.count
        let scale = Set(key.mode.scale.map { (key.tonic.pitchClass.value + $0) % 12 })
        let pitched = notes.filter { $0.track.traits.isPitched }
        let inKey = pitched.filter { scale.contains($0.note.pitch.intValue % 12) }.count
        // Each felt beat (each group's start in 7/8 or 5/4) struck by some part, bar by bar.
        var struck = 0
        for bar in arrangement.bars {
            for beat in played.feltBeats where notes.contains(where: { abs($0.note.start - bar.start - beat) <= slack }) { struck += 1 }
        }
        let contents = try MIDIFileReader().read(song.fullMIDIFile())
        return Heard(
            bars: arrangement.bars.count, silentBars: silent, downbeats: Double(downbeats) / Double(arrangement.bars.count),
            inKey: pitched.isEmpty ? 1 : Double(inKey) / Double(pitched.count),
            feltBeats: Double(struck) / Double(arrangement.bars.count * played.feltBeats.count),
            timeSignatures: contents.timeSignatures.map { "\($0.numerator)/\($0.denominator)" })
    }

    @Test("Every genre plays 3/4, 6/8, 12/8, 2/2, 2/4, 5/4 and 7/8 as it plays its own meter", arguments: Fixtures.allGenres)
    func everyGenreEveryMeter(genre: String) throws {
        let key = Key(tonic: NoteName(parsing: "A")!, mode: .minor)
        let own = try Self.hear(genre, meter: nil, key: key)
        for text in Self.meters {
            let meter = try #require(Meter(parsing: text)?.felt)
            let heard = try Self.hear(genre, meter: meter, key: key)
            #expect(heard.timeSignatures == [text], "\(genre) in \(text): the file's time signature")
            #expect(heard.silentBars.isEmpty, "\(genre) in \(text): bars \(heard.silentBars.map { $0 + 1 }) are silent")
            // Where the genre marks its one with the kick or the bass, so does every meter (reggae's
            // one drop leaves it open in every meter alike).
            #expect(heard.downbeats >= min(0.9, own.downbeats) - 0.15, "\(genre) in \(text): the downbeat is marked in \(Int(heard.downbeats * 100))% of bars, \(Int(own.downbeats * 100))% in its own meter")
            #expect(heard.inKey >= own.inKey - 0.05, "\(genre) in \(text): \(Int(heard.inKey * 100))% of notes in A minor, \(Int(own.inKey * 100))% in its own meter")
            #expect(heard.feltBeats >= min(0.9, own.feltBeats) - 0.15, "\(genre) in \(text): \(Int(heard.feltBeats * 100))% of its felt beats are struck, \(Int(own.feltBeats * 100))% in its own meter")
        }
    }

    @Test("Odd and long bars play in every genre; a bar too short for a groove is refused, naming the field", arguments: Fixtures.allGenres)
    func oddMeters(genre: String) throws {
        for text in ["2/8", "3/8", "9/16", "15/8", "16/16", "3/2", "7/8 (3+2+2)", "9/8 (2+2+2+3)"] {
            var draft = SongRequest.Draft()
            (draft.genre, draft.meter, draft.sections, draft.seed) = (genre, text, 2, 1)
            let request = try SongRequest.validated(draft, defaults: .genreTempo, genres: Fixtures.catalog.genres)
            let song = try Fixtures.song(request)
            let meter = try #require(Meter(parsing: text))
            #expect(song.arrangement.totalTicks == song.arrangement.bars.count * meter.ticksPerBar, "\(genre) in \(text)")
            #expect(song.tracks.contains { !$0.notes.isEmpty }, "\(genre) in \(text) sounds")
        }
        for text in ["1/4", "1/8", "2/16", "3/5", "4/4 (1+1+2"] {
            var draft = SongRequest.Draft()
            (draft.genre, draft.meter) = (genre, text)
            #expect(throws: SongRequestError.self, "\(text) is refused") {
                _ = try SongRequest.validated(draft, defaults: .genreTempo, genres: Fixtures.catalog.genres)
            }
        }
    }

    @Test("A groove derived for another meter keeps the downbeat, the backbeat and the offbeats' places")
    func derivationRule() {
        func grid(_ text: String) -> StepPattern<Character> {
            StepPattern(steps: text.map { $0 == "." ? .rest : $0 == "-" ? .hold : .hit($0) })
        }
        func text(_ pattern: StepPattern<Character>) -> String {
            String(pattern.steps.map { step -> Character in
                switch step {
                case .rest: "."
                case .hold: "-"
                case .hit(let token): token
                }
            })
        }
        let common = Meter.common
        let rock = grid("k...s...k...s...")
        #expect(text(rock.derived(from: common, to: Meter(parsing: "3/4")!)) == "k...s...s...", "3/4 plays beats 1, 2 and 4")
        #expect(text(rock.derived(from: common, to: Meter(parsing: "2/4")!)) == "k...s...", "2/4 is the first half bar")
        #expect(text(rock.derived(from: common, to: Meter(parsing: "2/2")!)) == "k...s...k...s...", "cut time keeps the bar")
        #expect(text(rock.derived(from: common, to: Meter(parsing: "5/4")!.felt)) == "k...s...s...k...s...", "5/4 as 3+2: the second group starts on beat 3's kick")
        #expect(text(grid("hhhhhhhh").derived(from: common, to: Meter(parsing: "12/8")!)) == "h.hh.hh.hh.h", "straight eighths shuffle into twelve")
        #expect(text(rock.derived(from: common, to: Meter(parsing: "6/8")!)) == "k.....s.....", "6/8 plays the downbeat and the backbeat on its two beats")
        #expect(text(grid("H---------------").derived(from: common, to: Meter(parsing: "3/4")!)) == "H-----------", "a held chord stays held")
        #expect(text(grid("H-------H-------").derived(from: common, to: Meter(parsing: "3/4")!)) == "H-------H---", "a chord held into a beat left out is struck again")
        #expect(text(grid("k..s..k..s..").derived(from: Meter(parsing: "12/8")!, to: common)) == "k..s..k..s..", "triplets keep their places in a bar of four")
    }

    @Test("GET /genres says what a genre writes itself and what it derives; a meters: block is played as written")
    func writtenAndDerived() throws {
        let jazz = try #require(Fixtures.catalog.genre("jazz"))
        #expect(jazz.writtenMeters.first == .common)
        #expect(jazz.derivedMeters.count + jazz.writtenMeters.count >= Meter.everyday.count)
        let yaml = PresetValidationTests.valid.replacingOccurrences(of: "parts:", with: """
            meters:
              "3/4":
                parts:
                  drums: { grooves: [{ kick: "x.....", snare: "..x.x." }] }
            parts:
            """)
        let preset = try Fixtures.loader.load(yaml: yaml, source: "waltzing.yaml").get()
        #expect(preset.writtenMeters.map(\.description) == ["4/4", "3/4"])
        let waltz = try #require(preset.playing(in: Meter(parsing: "3/4")!))
        let song = Song(preset: waltz, request: SongRequest(genre: preset.id, key: Key(tonic: NoteName(parsing: "C")!, mode: .major), tempo: 120, sections: 1, withKeys: false, seed: 1, meter: Meter(parsing: "3/4")))
        let drums = try #require(song.tracks.first { $0.channel == .percussion })
        let snares = drums.notes.filter { $0.pitch.intValue == 38 }.map { $0.start % 1440 }
        #expect(Set(snares).isSubset(of: [480, 960]) && !snares.isEmpty, "the snare plays on 2 and 3 as the block writes it: \(Set(snares))")
    }

    @Test("A song that changes meter plays each stretch with the genre's grooves for that meter, whichever meter it starts in")
    func stretchesPlayTheirOwnGrooves() throws {
        // Kick alone in the genre's 3/4, snare alone in its 4/4: which part of the kit sounds says
        // which grooves played each bar.
        let yaml = PresetValidationTests.valid
            .replacingOccurrences(of: #"grooves: [{ kick: "x...x...", snare: "..x...x.", hat: "xxxxxxxx" }]"#, with: "grooves: [{ snare: \"x.x.x.x.\" }]\n    variation: false")
            .replacingOccurrences(of: "parts:", with: """
                meters:
                  "3/4":
                    parts:
                      drums: { grooves: [{ kick: "x.x.x." }], variation: false }
                parts:
                """)
        let preset = try Fixtures.loader.load(yaml: yaml, source: "two-meters.yaml").get()
        for (chart, threeFour) in [("3/4 C | C | 4/4 C | C", [0, 1]), ("4/4 C | C | 3/4 C | C", [2, 3])] {
            var draft = SongRequest.Draft()
            (draft.genre, draft.progression, draft.seed) = (preset.id, chart, 1)
            let request = try SongRequest.validated(draft, defaults: .genreTempo, genres: [preset.id: preset])
            let song = Song(preset: preset, request: request)
            let drums = try #require(song.tracks.first { $0.channel == .percussion })
            for bar in song.arrangement.bars {
                let end = bar.index + 1 < song.arrangement.bars.count ? song.arrangement.bars[bar.index + 1].start : song.arrangement.totalTicks
                let pieces = Set(drums.notes.filter { (bar.start..<end).contains($0.start) }.map(\.pitch.intValue))
                let expected: Set<Int> = threeFour.contains(bar.index) ? [36] : [38]
                // The last bar ends the song with a crash and a kick besides.
                let ending: Set<Int> = song.arrangement.isFinalBar(bar) ? [36, 49, 57] : []
                #expect(pieces.isSubset(of: expected.union(ending)) && (!ending.isEmpty || !pieces.isDisjoint(with: expected)), "\(chart), bar \(bar.index + 1): \(pieces)")
            }
        }
    }

    @Test("A meters: block with a mistake is reported with its line")
    func meterBlockErrors() throws {
        let cases = [
            ("meters:\n  \"3/5\":\n    parts: {}\nparts:", "'3/5' is not a time signature"),
            ("meters:\n  \"4/4\":\n    parts: {}\nparts:", "the genre's own meter is 4/4"),
            ("meters:\n  \"3/4\":\n    parts: { banjo: { rhythm: [\"x\"] } }\nparts:", "the genre has no part 'banjo'"),
            ("meters:\n  \"3/4\":\n    parts: { drums: { grooves: [{ kick: \"x.......\" }] } }\nparts:", "do not divide a bar of 3/4"),
        ]
        for (block, words) in cases {
            let yaml = PresetValidationTests.valid.replacingOccurrences(of: "parts:", with: block)
            let errors = Fixtures.presetErrors(yaml)
            #expect(errors.contains { $0.message.contains(words) && $0.location.line > 1 }, "\(words): \(errors.map(\.message))")
        }
    }
}
