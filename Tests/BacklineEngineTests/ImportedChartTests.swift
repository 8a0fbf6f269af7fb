import BacklinePresets
import ChordCharts
import Foundation
import MIDIFile
import MusicTheory
import Testing

@testable import BacklineEngine

/// A request whose chart comes from an iReal Pro link or a MusicXML lead sheet: what it takes
/// from the tune (genre, key, form, chords), what the user's own fields override, what is refused.
@Suite("Requests with imported charts")
struct ImportedChartTests {
    /// `irealbook://` charts are in the clear, so a test can read what it plays.
    static let rock = "Rocker=Doe John=Rock=E=n=*A{E |A |E |B7 }*B[C#- |A |B |x Z"
    static let bossa = "Bossa Test=Doe John=Bossa Nova=D-=n=*A[D-7 |G7 |C^7 |A7b9 Z"
    static let playlist = "irealbook://" + rock + "=" + bossa
    static let waltz = "irealbook://Waltz=Doe John=Jazz Waltz=F=n=T34*A[F^7 |D-7 |G-7 |C7 Z"
    static let five = "irealbook://Five=Doe John=Medium Swing=D-=n=T54*A[D-7 |A-7 Z"

    static func request(_ change: (inout SongRequest.Draft) -> Void, defaults: SongRequest.Defaults = .contract) throws(SongRequestError) -> SongRequest {
        var draft = SongRequest.Draft()
        draft.seed = 3
        change(&draft)
        return try SongRequest.validated(draft, defaults: defaults, genres: Fixtures.catalog.genres)
    }

    static func refusal(_ change: (inout SongRequest.Draft) -> Void) -> SongRequestError? {
        do {
            _ = try request(change)
            return nil
        } catch {
            return error
        }
    }

    @Test("An iReal song brings its genre, key, form and chords; the tempo is the genre's")
    func irealSong() throws {
        let request = try Self.request { $0.ireal = "irealbook://" + Self.rock }
        #expect(request.genre == "classic_rock" && request.key.description == "E major")
        #expect(request.tempo == Fixtures.catalog.genres["classic_rock"]!.defaultTempo)
        #expect(request.source == ChartSource(kind: .ireal, title: "Rocker"))
        #expect(request.progression == "[A] E | A | E | B7 [A] E | A | E | B7 [B] C#m | A | B | B")
        #expect(request.choruses == 1)
        let song = try Fixtures.song(request)
        #expect(song.outline.sections.map(\.name) == ["A", "A", "B"])
        #expect(song.title == "Rocker (Classic Rock in E major)")
    }

    @Test("The request's own genre, key and tempo win over the tune's; another key transposes it")
    func overrides() throws {
        let request = try Self.request {
            $0.ireal = Self.playlist
            $0.song = "BOSSA TEST"
            $0.genre = "funk"
            $0.key = "G"
            $0.tempo = 100
        }
        #expect(request.genre == "funk" && request.key.description == "G minor" && request.tempo == 100, "a tune in minor stays minor in the key asked for")
        #expect(request.progression == "[A] Gm7 | C7 | Fmaj7 | D7b9", "the tune moves from D minor to G, chords and all")
    }

    @Test("What cannot be played is refused, naming the field and what would do")
    func refusals() {
        let cases: [(change: (inout SongRequest.Draft) -> Void, field: String, words: String)] = [
            ({ $0.ireal = Self.playlist }, "song", "a playlist of 2 songs; name one as song: 'Rocker', 'Bossa Test'"),
            ({ $0.ireal = Self.playlist; $0.song = "Nope" }, "song", "no song titled 'Nope'"),
            ({ $0.song = "Rocker" }, "song", "give the link as ireal"),
            ({ $0.ireal = Self.waltz; $0.meter = "4/4" }, "meter", "'Waltz' is in 3/4; leave meter out"),
            ({ $0.meter = "3/5" }, "meter", "meter '3/5' is not a time signature"),
            ({ $0.ireal = "irealbook://" + Self.rock; $0.progression = "C" }, "ireal", "give one chord chart, not progression and ireal"),
            ({ $0.ireal = "irealbook://X=Doe=Rock=C=n=[C |Hx7 Z"; $0.strict = true }, "ireal", "ireal: song 1 (X), bar 2: 'Hx7' is not a chord"),
            ({ $0.musicxml = "<score-timewise/>" }, "musicxml", "musicxml:"),
            ({ $0.ireal = "irealbook://" + Self.rock; $0.sections = 2 }, "sections", "the chart names its own sections"),
        ]
        for (change, field, words) in cases {
            let error = Self.refusal(change)
            #expect(error?.field == field, "\(words)")
            #expect(error?.message.contains(words) == true, "\(error?.message ?? "accepted") lacks \(words)")
        }
    }

    @Test("A tune plays in its own meter whatever its genre: a 3/4 chart with jazz is a jazz waltz, a 5/4 swing tune swings in five")
    func chartMeterWins() throws {
        for (link, genre, meter) in [(Self.waltz, "jazz", "3/4"), (Self.five, nil, "5/4"), (Self.waltz, "bossa_nova", "3/4")] {
            let request = try Self.request {
                $0.ireal = link
                $0.genre = genre
            }
            #expect(request.meter?.description == meter)
            let song = try Fixtures.song(request)
            let contents = try MIDIFileReader().read(song.fullMIDIFile())
            #expect(contents.timeSignatures.map { "\($0.numerator)/\($0.denominator)" } == [meter], "the file says \(meter)")
            let barTicks = Meter(parsing: meter)!.ticksPerBar
            #expect(song.arrangement.totalTicks == song.arrangement.bars.count * barTicks)
            // Every bar sounds, and its first beat is played by the bass or the kick.
            for bar in song.arrangement.bars {
                let range = bar.start..<(bar.start + barTicks)
                let notes = song.tracks.flatMap(\.notes)
                #expect(notes.contains { range.contains($0.start) }, "bar \(bar.index + 1) of \(genre ?? "the style's genre") in \(meter) is silent")
            }
        }
    }

    @Test("A tune that carries its tempo plays at it: the link's own, or one in its style's name; tempo still wins")
    func tuneTempo() throws {
        let styled = try Self.request { $0.ireal = "irealbook://Rock DJ=Doe=104BPM Pop ALL=C=n=[C |F |G |C Z" }
        #expect(styled.tempo == 104 && styled.genre == "pop")
        let told = try Self.request {
            $0.ireal = "irealbook://Rock DJ=Doe=104BPM Pop ALL=C=n=[C |F |G |C Z"
            $0.tempo = 90
        }
        #expect(told.tempo == 90)
        let plain = try Self.request { $0.ireal = "irealbook://" + Self.rock }
        #expect(plain.tempo == Fixtures.catalog.genres["classic_rock"]!.defaultTempo, "no tempo in the link: the genre's")
    }

    @Test("A MusicXML lead sheet is a chart; its key is the song's")
    func musicXMLChart() throws {
        let score = MusicXMLScore(
            title: "Sheet", key: Key(tonic: NoteName(parsing: "Bb")!, mode: .major), meter: .common, tempo: 100, bars: 2,
            chords: [
                .init(bar: 0, tick: 0, root: "Bb", quality: ChordQuality.parse(suffix: "maj7")!),
                .init(bar: 1, tick: 0, root: "C", quality: ChordQuality.parse(suffix: "m7")!),
                .init(bar: 1, tick: 960, root: "F", quality: ChordQuality.parse(suffix: "7")!),
            ],
            parts: [.init(name: "Bass", program: 33, notes: [])])
        let request = try Self.request({ $0.musicxml = score.musicXML(); $0.genre = "jazz" }, defaults: .genreTempo)
        #expect(request.key.description == "Bb major" && request.progression == "Bbmaj7 | Cm7 F7")
        #expect(request.source == ChartSource(kind: .musicxml, title: "Sheet"))
    }

    @Test("The stored request keeps where its chart came from")
    func storage() throws {
        let request = try Self.request { $0.ireal = "irealb://" + "Rocker=Doe John==Rock=E==1r34LbKcu7[E |A Z".addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
        let decoded = try JSONDecoder().decode(SongRequest.self, from: Data(request.json.utf8))
        #expect(decoded == request)
        #expect(request.json.hasSuffix(#","source":{"kind":"ireal","title":"Rocker"}}"#))
    }

    @Test("The MusicXML export holds a chord symbol per chord, a mark per section, and the bass line")
    func musicXMLExport() throws {
        let request = try Self.request({ $0.ireal = "irealbook://" + Self.rock; $0.countIn = 1 }, defaults: .genreTempo)
        let song = try Fixtures.song(request)
        let document = song.musicXML()
        let chords = song.outline.sections.flatMap { $0.chords.flatMap { $0 } }
        #expect(document.components(separatedBy: "<harmony").count - 1 == chords.count)
        #expect(document.components(separatedBy: "<rehearsal").count - 1 == song.outline.sections.count)
        #expect(document.contains("<work-title>Rocker</work-title>"))
        #expect(document.contains("<part-name>Bass</part-name>") && document.contains("<part-name>Drums</part-name>"))
        #expect(!document.contains("<part-name>Guitar</part-name>"), "guitar is left to the chord symbols")
        let bassNotes = try MIDIFileReader().read(song.fullMIDIFile()).notes.filter { $0.channel == 1 }
        #expect(bassNotes.count > 20)
    }
}

/// Shots, holds and pushes in a chart: every part plays them together.
@Suite("Chart hits in every part")
struct ChartHitSongTests {
    static func performance(_ chart: String, genre: String = "funk") throws -> Performance {
        let preset = try #require(Fixtures.catalog.genre(genre))
        let request = Fixtures.request(genre, key: "C", sections: 1, withKeys: true, seed: 4, chart: try ChordChart(parsing: chart))
        return Performance(Song(preset: Fixtures.strict(preset), request: request))
    }

    static let parts = ["drums", "bass", "guitar", "keys"]

    @Test("A shot is struck short by every part on its beat, then silence to the next chord", arguments: ["funk", "jazz", "reggae", "classic_rock"])
    func shot(genre: String) throws {
        let p = try Self.performance("C | F. | C | C", genre: genre)
        let bar = p.barTicks
        for part in Self.parts {
            let inBar = p.notes(part).filter { (bar..<(2 * bar)).contains($0.start) }
            // One stroke (a guitar strum spreads it over a few ticks).
            #expect(!inBar.isEmpty && inBar.allSatisfy { $0.start < bar + 60 }, "\(genre) \(part): only the shot in bar 2")
            #expect(inBar.allSatisfy { $0.duration <= Meter.ticksPerQuarter / 2 }, "\(genre) \(part): the shot is short")
            #expect(p.notes(part).filter { $0.start < bar }.allSatisfy { $0.end <= bar }, "\(genre) \(part): nothing rings into the shot")
        }
        #expect(Set(p.notes("drums").filter { $0.start == bar }.map(\.pitch.intValue)).isSuperset(of: [36, 49]), "crash and kick")
        #expect(p.notes("bass").filter { $0.start == bar }.map { PitchClass($0.pitch.intValue) } == [PitchClass(5)], "the bass strikes F")
    }

    @Test("A hold is struck on its beat and held by every pitched part to the next chord")
    func hold() throws {
        let p = try Self.performance("C | G7.. | C | C")
        let bar = p.barTicks
        for part in Self.parts {
            let inBar = p.notes(part).filter { (bar..<(2 * bar)).contains($0.start) }
            #expect(!inBar.isEmpty && inBar.allSatisfy { $0.start < bar + 60 }, "\(part): one stroke in the held bar")
            if part != "drums" { #expect(inBar.allSatisfy { $0.end == 2 * bar }, "\(part): held to the next chord") }
        }
    }

    @Test("A push is struck an eighth early by every part, on the chord it anticipates")
    func push() throws {
        let p = try Self.performance("C | F | ^G7 | C")
        let written = 2 * p.barTicks, early = written - Meter.ticksPerQuarter / 2
        for part in Self.parts {
            let struck = p.notes(part).filter { $0.start == early }
            #expect(!struck.isEmpty, "\(part): strikes on the and of 4")
            #expect(p.notes(part).allSatisfy { !((early + 60)..<(written + p.beatTicks)).contains($0.start) }, "\(part): lets the push ring across the beat")
        }
        let g7: Set<PitchClass> = [PitchClass(7), PitchClass(11), PitchClass(2), PitchClass(5)]
        #expect(p.notes("bass").filter { $0.start == early }.map { PitchClass($0.pitch.intValue) } == [PitchClass(7)])
        #expect(p.notes("guitar").filter { $0.start >= early && $0.start < early + 60 }.allSatisfy { g7.contains(PitchClass($0.pitch.intValue)) })
    }
}
