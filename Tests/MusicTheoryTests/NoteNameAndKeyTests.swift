import Testing

@testable import MusicTheory

@Suite("Note names and keys")
struct NoteNameAndKeyTests {
    @Test("Sharps and flats name the same pitch class but keep their spelling", arguments: [("Bb", "A#"), ("Db", "C#"), ("Eb", "D#"), ("Gb", "F#"), ("Ab", "G#")])
    func enharmonicNames(flat: String, sharp: String) throws {
        let a = try #require(NoteName(parsing: flat))
        let b = try #require(NoteName(parsing: sharp))
        #expect(a.pitchClass == b.pitchClass)
        #expect(a.description == flat)
        #expect(b.description == sharp)
    }

    @Test("All seventeen key names parse; nonsense does not")
    func keyNames() {
        #expect(NoteName.keyNames.count == 17)
        #expect(Set(NoteName.keyNames.compactMap { NoteName(parsing: $0)?.pitchClass }).count == 12)
        for bad in ["H", "Cb", "E#", "C##", "", "Bbb", "C major"] {
            #expect(NoteName(parsing: bad) == nil, "\(bad) should not parse")
        }
    }

    @Test("The contract's fifteen modes exist under their contract names")
    func modes() {
        let contract = [
            "major", "minor", "dorian", "mixolydian", "phrygian", "lydian", "locrian", "harmonic_minor", "melodic_minor",
            "whole_tone", "diminished", "bebop_dominant", "bebop_major", "spanish_phrygian", "hungarian_minor",
        ]
        #expect(Mode.names.sorted() == contract.sorted())
        for mode in Mode.allCases {
            #expect(mode.harmony.count == 7, "\(mode) needs a seven-note chord scale")
            #expect(mode.scale.first == 0 && mode.scale == mode.scale.sorted())
        }
    }

    @Test("Key signatures as MIDI writes them", arguments: [
        ("E", Mode.minor, 1, true), ("C", .major, 0, false), ("Bb", .major, -2, false), ("F#", .major, 6, false),
        ("Gb", .major, -6, false), ("D", .dorian, -1, true), ("A#", .minor, 7, true), ("G#", .major, -4, false),
    ])
    func signatures(tonic: String, mode: Mode, sharps: Int, minor: Bool) throws {
        let key = Key(tonic: try #require(NoteName(parsing: tonic)), mode: mode)
        #expect(key.signature.sharps == sharps)
        #expect(key.signature.isMinor == minor)
    }

    @Test("Flat keys spell chords with flats")
    func spelling() throws {
        let bb = Key(tonic: try #require(NoteName(parsing: "Bb")), mode: .major)
        let aSharp = Key(tonic: try #require(NoteName(parsing: "A#")), mode: .major)
        let chord = Chord(root: PitchClass(3), quality: .major)
        #expect(chord.name(in: bb) == "Eb")
        #expect(chord.name(in: aSharp) == "D#")
        #expect(Chord(root: PitchClass(10), quality: .major).name(in: aSharp) == "A#")
        let aMinor = Key(tonic: try #require(NoteName(parsing: "A")), mode: .minor)
        #expect(Chord(root: PitchClass(8), quality: .major).name(in: aMinor) == "G#")
        #expect(Chord(root: PitchClass(10), quality: .major).name(in: aMinor) == "Bb")
    }
}
