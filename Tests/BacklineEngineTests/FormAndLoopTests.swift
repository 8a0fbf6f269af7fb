import BacklineAgents
import BacklineEngine
import MIDIFile
import MusicTheory
import Testing

@Suite("Forms, lengths and seamless loops")
struct FormAndLoopTests {
    static func song(_ genre: String, key: String = "A", mode: String = "minor", form: [String]? = nil, bars: Int? = nil, loop: Bool = false)
        throws -> (song: Song, midi: MIDIFileReader.Contents)
    {
        var draft = SongRequest.Draft()
        (draft.genre, draft.key, draft.mode, draft.seed) = (genre, key, mode, 11)
        (draft.form, draft.bars, draft.loop) = (form, bars, loop ? .whole : nil)
        let request = try SongRequest.validated(draft, defaults: .genreTempo, genres: Fixtures.catalog.genres)
        let song = try Fixtures.song(request)
        return (song, try MIDIFileReader().read(song.fullMIDIFile()))
    }

    /// The bar length a MIDI reader measures: quarter notes per bar times the file's resolution.
    static func ticksPerBar(_ song: Song, _ midi: MIDIFileReader.Contents) -> Int {
        midi.ticksPerQuarter * 4 * song.arrangement.meter.numerator / song.arrangement.meter.denominator
    }

    @Test("A form plays its sections in the order given, repeats included, and the file is as long as they are")
    func formOrder() throws {
        let (song, midi) = try Self.song("pop", form: ["intro", "chorus", "chorus", "pre_chorus", "chorus"])
        #expect(song.arrangement.sections.map(\.name) == ["intro", "chorus", "chorus", "pre_chorus", "chorus"])
        let bars = song.arrangement.bars.count
        #expect(bars == song.arrangement.sections.map(\.bars).reduce(0, +))
        #expect(midi.trackEnds.max() == bars * Self.ticksPerBar(song, midi))
    }

    @Test("bars cuts a song to length, or repeats its body past the form, and still ends on the tonic", arguments: [6, 20, 100])
    func length(bars: Int) throws {
        let (song, midi) = try Self.song("blues", bars: bars)
        #expect(song.arrangement.bars.count == bars)
        let end = bars * Self.ticksPerBar(song, midi)
        #expect(midi.trackEnds.max() == end)
        #expect(midi.notes.allSatisfy { $0.end <= end }, "no note past bar \(bars)")
        #expect(song.arrangement.bars.last?.chords.first?.chord.root == song.key.tonicPitchClass)
        if bars == 100 {
            // Past the form the body repeats: the intro opens the song once.
            #expect(song.arrangement.sections.filter { $0.name == "intro" }.count == 1)
            #expect(song.arrangement.sections.first?.name == "intro")
        }
    }

    @Test("A loop ends on the dominant of its first chord, with no ending hit and no note across the loop point",
          arguments: ["metal", "electronic", "bossa_nova", "ambient", "funk"])
    func seamlessLoop(genre: String) throws {
        let (loop, midi) = try Self.song(genre, form: ["verse"], bars: 8, loop: true)
        let (ending, _) = try Self.song(genre, form: ["verse"], bars: 8)
        let end = 8 * Self.ticksPerBar(loop, midi)
        #expect(midi.trackEnds.allSatisfy { $0 == end }, "every track ends exactly on the loop point")
        #expect(midi.notes.allSatisfy { $0.end <= end })
        #expect(midi.unmatchedNoteEvents == 0)
        // The groove does not stop for a final hit: the drummer's last bar is as busy as a groove
        // bar, and busier than the same song's ending.
        let bar = Self.ticksPerBar(loop, midi)
        let drumAttacks = { (midi: MIDIFileReader.Contents, range: Range<Int>) in midi.notes.filter { $0.channel == 9 && range.contains($0.start) }.count }
        let lastBar = drumAttacks(midi, (end - bar)..<end)
        #expect(lastBar * 2 >= drumAttacks(midi, (end - 2 * bar)..<(end - bar)), "\(genre): the loop's last bar keeps playing")
        let endingMIDI = try MIDIFileReader().read(ending.fullMIDIFile())
        #expect(lastBar > drumAttacks(endingMIDI, (end - bar)..<end), "\(genre): a song's ending hit is sparser than a loop's last bar")
        // The last chord leads back to the first: a dominant seventh a fifth above it.
        let first = try #require(loop.arrangement.bars.first?.chords.first?.chord)
        let last = try #require(loop.arrangement.bars.last?.chords.first?.chord)
        #expect(last.root == first.root + 7)
        #expect(last.quality.intervals == [0, 4, 7, 10])
        // Something sounds on the downbeat, so the loop has no gap when it wraps.
        #expect(midi.notes.contains { $0.start == 0 })
    }

    @Test("A form the genre cannot play is refused with its sections; sections and form must agree")
    func badForms() throws {
        #expect(throws: SongRequestError(field: "form", message: "metal has no section 'chorsu'; its sections are bridge, chorus, intro, outro, verse")) {
            _ = try Self.song("metal", form: ["verse", "chorsu"])
        }
        var draft = SongRequest.Draft()
        (draft.genre, draft.form, draft.sections) = ("pop", ["verse", "chorus"], 3)
        #expect(throws: SongRequestError(field: "sections", message: "sections 3 disagrees with the form's 2 sections; give one or the other")) {
            _ = try SongRequest.validated(draft, defaults: .contract, genres: Fixtures.catalog.genres)
        }
    }
}
