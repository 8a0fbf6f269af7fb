import BacklineAgents
import BacklineEngine
import MusicTheory
import Testing

@Suite("The horn section")
struct HornsTests {
    static let hornGenres = ["funk", "soul", "latin", "swing", "reggae"]

    /// Comfortable section ranges, concert pitch (shared/MUSIC-CHECKS.md).
    static let ranges: [String: ClosedRange<Int>] = ["trumpet": 55...79, "alto_sax": 49...75, "tenor_sax": 44...70, "trombone": 40...65]

    static func song(_ genre: String, key: String, mode: Mode) throws -> Song {
        let preset = try #require(Fixtures.catalog.genre(genre))
        let parts = preset.defaultParts.map(\.name) + ["horns"]
        let request = Fixtures.request(genre, key: key, mode: mode, sections: 7)
        return try Fixtures.song(SongRequest(
            genre: genre, key: request.key, tempo: request.tempo, sections: request.sections, withKeys: false, seed: 5, parts: parts))
    }

    @Test("Horns play only when asked, on channels of their own with each instrument's program", arguments: hornGenres)
    func onRequest(genre: String) throws {
        let preset = try #require(Fixtures.catalog.genre(genre))
        #expect(preset.onRequestPartNames.contains("horns"))
        #expect(try Fixtures.song(Fixtures.request(genre)).tracks.map(\.name) == ["drums", "bass", "guitar"])
        let horns = try #require(try Self.song(genre, key: "C", mode: .major).tracks.first { $0.name == "horns" })
        let channels = horns.voices.map(\.channel.intValue)
        #expect(Set(channels).count == channels.count && !channels.contains(9) && ![1, 2, 3].contains(where: channels.contains))
        #expect(Set(horns.voices.map(\.program.intValue)).isSubset(of: [56, 57, 65, 66]))
        #expect(Set(horns.notes.map(\.voice)).count == horns.voices.count, "every instrument plays")
    }

    @Test("Every note inside its instrument's range, chords of three or more, in the key asked", arguments: hornGenres)
    func rangeChordsKey(genre: String) throws {
        for (tonic, mode) in [("C", Mode.major), ("E", Mode.minor), ("Bb", Mode.major), ("F#", Mode.minor)] {
            let song = try Self.song(genre, key: tonic, mode: mode)
            let preset = try #require(Fixtures.catalog.genre(genre)?.part(named: "horns"))
            let names = preset.performer.instruments.map(\.name)
            let horns = try #require(song.tracks.first { $0.name == "horns" })
            let label = "\(genre) in \(tonic) \(mode)"
            for note in horns.notes {
                let range = try #require(Self.ranges[names[Int(note.voice)]])
                #expect(range.contains(note.pitch.intValue), "\(label): \(names[Int(note.voice)]) plays \(note.pitch.intValue)")
            }
            // Notes struck together (within a 32nd) sound as one chord of the section.
            var groups: [[PartNote]] = []
            for note in horns.notes.sorted(by: { $0.start < $1.start }) {
                if let first = groups.last?.first, note.start - first.start < 60 { groups[groups.count - 1].append(note) } else { groups.append([note]) }
            }
            #expect(!groups.isEmpty)
            let full = groups.filter { Set($0.map(\.pitch)).count >= 3 }.count
            #expect(Double(full) >= 0.95 * Double(groups.count), "\(label): \(full) of \(groups.count) hits are chords of 3+")
            // In the key: most of the horns' sounding time in the mode's scale, and the mode's third
            // over the other one, as shared/MUSIC-CHECKS.md asks of every pitched part.
            let key = song.key
            var inScale = 0, total = 0, third = 0, otherThird = 0
            for note in horns.notes {
                let interval = PitchClass(note.pitch.intValue).semitones(above: key.tonicPitchClass)
                total += note.duration
                if key.mode.scale.contains(interval) { inScale += note.duration }
                if interval == mode.third { third += note.duration }
                if interval == 7 - mode.third { otherThird += note.duration }
            }
            #expect(Double(inScale) >= 0.7 * Double(total), "\(label): \(inScale) of \(total) ticks in the scale")
            #expect(third > otherThird, "\(label): the mode's third is not the one heard")
        }
    }

    @Test("In funk the stabs land on the drums' accents")
    func funkStabsOnAccents() throws {
        let song = try Self.song("funk", key: "E", mode: .minor)
        let preset = try #require(Fixtures.catalog.genre("funk"))
        let strict = Fixtures.strict(preset)
        let request = SongRequest(genre: "funk", key: song.key, tempo: song.request.tempo, sections: 7, withKeys: false, seed: 5, parts: song.request.parts)
        let exact = Song(preset: strict, request: request)
        let performance = Performance(exact)
        let drums = performance.notes("drums")
        // An accent is a drum hit as loud as the bar's loudest (the X's of the groove).
        let loudest = Dictionary(grouping: drums, by: { performance.bar(of: $0) }).mapValues { notes in notes.map { $0.velocity.intValue }.max() ?? 0 }
        let accents = Set(drums.filter { $0.velocity.intValue >= (loudest[performance.bar(of: $0)] ?? 0) - 2 }.map(\.start))
        let stabs = Set(performance.notes("horns").filter { performance.grooveBars.contains(performance.bar(of: $0)) }.map(\.start))
        let onAccent = stabs.filter(accents.contains)
        #expect(stabs.count >= 20)
        #expect(Double(onAccent.count) >= 0.9 * Double(stabs.count), "\(onAccent.count) of \(stabs.count) stabs on a drum accent")
    }

    @Test("A riff plays the chord tones it names, in octaves, in every instrument's range; last_only sections play once")
    func riffsAndLastOnly() throws {
        let funk = try String(contentsOfFile: Fixtures.presetsDirectory + "/funk.yaml", encoding: .utf8)
        let riffing = funk.replacingOccurrences(of: "id: funk", with: "id: riff_funk")
            + "    riffs:\n      verse: [\"!1 . . 3 . 5 . . 7 . . 8 . . . .\"]\n    last_only: [chorus]\n"
        let preset = try Fixtures.loader.load(file: try Fixtures.temporaryPreset(riffing)).get()
        let request = SongRequest(
            genre: "riff_funk", key: Key(tonic: NoteName(parsing: "G")!, mode: .mixolydian), tempo: 100, sections: 5, withKeys: false, seed: 1,
            parts: ["drums", "horns"])
        let song = Song(preset: Fixtures.strict(preset), request: request)
        let horns = try #require(song.tracks.first { $0.name == "horns" })
        let performance = Performance(song)
        let verse = performance.bars(ofSection: "verse")
        let riffNotes = horns.notes.filter { verse.contains(performance.bar(of: $0)) && !song.arrangement.isLastBarOfSection(song.arrangement.bars[performance.bar(of: $0)]) }
        #expect(!riffNotes.isEmpty)
        for note in riffNotes {
            let chord = song.arrangement.chord(at: note.start).chord
            #expect(chord.pitchClasses.contains(PitchClass(note.pitch.intValue)), "riff note \(note.pitch) is not a tone of \(chord.name(in: song.key))")
            #expect(Self.ranges[["trumpet", "alto_sax", "tenor_sax", "trombone"][Int(note.voice)]]!.contains(note.pitch.intValue))
        }
        // Struck together, the section plays one pitch class in octaves.
        for onset in Set(riffNotes.map(\.start)) {
            #expect(Set(riffNotes.filter { $0.start == onset }.map { $0.pitch.intValue % 12 }).count == 1)
        }
        // The chorus comes twice in five sections (intro, verse, chorus, verse, chorus): horns play only the second.
        let choruses = song.arrangement.sections.enumerated().filter { $0.element.name == "chorus" }.map(\.offset)
        #expect(choruses.count == 2)
        let played = Set(horns.notes.map { song.arrangement.bars[performance.bar(of: $0)].section })
        #expect(!played.contains(choruses[0]) && played.contains(choruses[1]))
    }
}
