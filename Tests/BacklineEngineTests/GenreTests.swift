import BacklineEngine
import MIDIFile
import MusicTheory
import Testing

/// What a musician checks in every bundled genre.
@Suite("Every genre")
struct GenreTests {
    @Test("All bundled genres, the contract's 22 among them, load from Presets/ without a problem")
    func allGenresLoad() {
        #expect(Fixtures.catalog.failures.map(\.description) == [])
        #expect(Fixtures.catalog.ids == Fixtures.allGenres.sorted())
        for preset in Fixtures.catalog.genres.values {
            #expect(preset.tempoRange.contains(preset.defaultTempo), "\(preset.id)")
            #expect(preset.partNames.starts(with: ["drums", "bass", "guitar"]), "\(preset.id)")
        }
    }

    @Test("Heard in the key and mode asked: tonic home, the mode's third, the mode's scale", arguments: Fixtures.allGenres)
    func keyAndMode(genre: String) throws {
        for (tonic, mode) in [("C", Mode.major), ("E", Mode.minor), ("Bb", Mode.major), ("F#", Mode.minor)] {
            let request = Fixtures.request(genre, key: tonic, mode: mode, sections: 5, withKeys: true)
            let song = try Fixtures.song(request)
            let hearing = KeyHearing(song)
            let key = request.key
            let root = key.tonicPitchClass.value
            let label = "\(genre) in \(key)"

            // Home is the tonic: the bass ends on it and starts on it or dwells on it most.
            #expect(hearing.bassPitchClasses.last == root, "\(label): bass does not end on the tonic")
            let dwellsMost = hearing.bassDurations.firstIndex(of: hearing.bassDurations.max()!) == root
            #expect(hearing.bassPitchClasses.first == root || dwellsMost, "\(label): bass neither starts on nor dwells on the tonic")

            // Major or minor is decided by the third.
            let third = mode.third, otherThird = 7 - third
            #expect(hearing.time(above: root, third) > hearing.time(above: root, otherThird), "\(label): the mode's third is not the one heard")

            // Most of the sounding time in the mode's scale.
            #expect(hearing.shareInScale(of: key) >= 0.7, "\(label): only \(hearing.shareInScale(of: key)) in the scale")

            // The key profile as a witness: the asked key beats its parallel and ranks near the top.
            let asked = hearing.correlation(tonic: root, minor: mode.hasMinorThird)
            let parallel = hearing.correlation(tonic: root, minor: !mode.hasMinorThird)
            #expect(asked > parallel, "\(label): profile prefers the parallel key (\(asked) vs \(parallel))")
            let rank = hearing.ranking.firstIndex { $0.tonic == root && $0.minor == mode.hasMinorThird } ?? 99
            #expect(rank < 3, "\(label): the asked key ranks \(rank + 1) by key profile")
        }
    }

    @Test("Minor keys get minor chords where the mode has them", arguments: Fixtures.allGenres)
    func minorChords(genre: String) throws {
        let song = try Fixtures.song(Fixtures.request(genre, key: "E", mode: .minor, sections: 5))
        let tonicChords = song.arrangement.bars.flatMap(\.chords).filter { $0.chord.root.value == 4 }
        #expect(!tonicChords.isEmpty)
        #expect(tonicChords.allSatisfy { $0.chord.quality.third == 3 }, "\(genre): an E chord in E minor with a major third")
    }

    @Test("Drums on channel 9 only, with kick, snare or rim, and a cymbal", arguments: Fixtures.allGenres)
    func drums(genre: String) throws {
        let song = try Fixtures.song(Fixtures.request(genre, sections: 4))
        let drums = try #require(song.tracks.first { $0.name == "drums" })
        #expect(drums.channel == .percussion)
        #expect(song.tracks.filter { $0.channel == .percussion }.count == 1)
        let pitches = Set(drums.notes.map(\.pitch.intValue))
        #expect(!pitches.isDisjoint(with: [35, 36]), "\(genre): no kick")
        #expect(!pitches.isDisjoint(with: [37, 38, 40]), "\(genre): no snare or rim")
        // A tango orchestra has no kit: its "drums" are the bass drum, side stick and güiro.
        if genre != "tango" {
            #expect(!pitches.isDisjoint(with: [42, 44, 46, 49, 51, 52, 53, 55, 57, 59]), "\(genre): no cymbal")
        }
        // The contract's three parts on their channels; a genre may add parts of its own (afrobeat's
        // second guitar) on free channels after them.
        #expect(song.tracks.prefix(3).map(\.channel.intValue) == [9, 1, 2])
    }

    @Test("Bass stays inside MIDI 28–55", arguments: Fixtures.allGenres)
    func bassRange(genre: String) throws {
        for key in ["C", "E", "G#", "B"] {
            let song = try Fixtures.song(Fixtures.request(genre, key: key, mode: .minor, sections: 6))
            let bass = try #require(song.tracks.first { $0.name == "bass" })
            #expect(!bass.notes.isEmpty)
            #expect(bass.notes.allSatisfy { (28...55).contains($0.pitch.intValue) }, "\(genre) in \(key): bass \(bass.notes.map(\.pitch.intValue).min()!)–\(bass.notes.map(\.pitch.intValue).max()!)")
        }
    }

    @Test("Guitar or keys sound chords of three notes or more", arguments: Fixtures.allGenres)
    func chords(genre: String) throws {
        let song = try Fixtures.song(Fixtures.request(genre, sections: 4, withKeys: true))
        let most = song.tracks.filter { $0.name == "guitar" || $0.name == "keys" }.map { track in
            track.notes.map { note in track.notes.filter { $0.start <= note.start && $0.end > note.start }.count }.max() ?? 0
        }.max() ?? 0
        #expect(most >= 3, "\(genre): at most \(most) notes sound together")
    }

    @Test("The song lasts exactly its arrangement; every note-on has its note-off", arguments: Fixtures.allGenres)
    func length(genre: String) throws {
        let song = try Fixtures.song(Fixtures.request(genre, sections: 5, withKeys: true))
        let barTicks = song.arrangement.meter.ticksPerBar
        let preset = try #require(Fixtures.catalog.genre(genre))
        let expectedBars = preset.sectionNames(count: 5).reduce(0) { $0 + preset.sectionTypes[$1]!.bars }
        #expect(song.arrangement.bars.count == expectedBars)
        for file in song.midiFiles() {
            let contents = try MIDIFileReader().read(file.bytes)
            #expect(contents.format == 1 && contents.ticksPerQuarter == 480)
            #expect(contents.unmatchedNoteEvents == 0, "\(genre) \(file.part): unmatched note events")
            #expect(contents.trackEnds.allSatisfy { $0 == expectedBars * barTicks }, "\(genre) \(file.part): ends at \(contents.trackEnds)")
            #expect(contents.notes.allSatisfy { $0.end <= expectedBars * barTicks && $0.start >= 0 })
            #expect(!contents.notes.isEmpty)
        }
        let parts = song.midiFiles().map(\.part)
        #expect(parts.starts(with: ["drums", "bass", "guitar"]) && parts.contains("keys") && parts.last == "full", "\(parts)")
    }

    @Test("Same seed, same bytes; another seed, other notes", arguments: Fixtures.allGenres)
    func seeds(genre: String) throws {
        let first = try Fixtures.song(Fixtures.request(genre, withKeys: true, seed: 1234)).fullMIDIFile()
        let again = try Fixtures.song(Fixtures.request(genre, withKeys: true, seed: 1234)).fullMIDIFile()
        let other = try Fixtures.song(Fixtures.request(genre, withKeys: true, seed: 4321)).fullMIDIFile()
        #expect(first == again)
        #expect(first != other)
    }
}
