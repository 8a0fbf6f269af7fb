import Testing

@testable import MusicTheory

/// Which notes of a big chord a player keeps, and what one hand can hold on a guitar.
@Suite("Voicing extended chords")
struct ExtendedVoicingTests {
    static func chord(_ symbol: String) throws -> Chord {
        try #require(try ChordSymbol.parse(symbol).chord(in: Key(tonic: NoteName(parsing: "C")!, mode: .major)))
    }

    static func names(_ pitchClasses: [PitchClass]) -> [String] { pitchClasses.map { Spelling.flats.name(of: $0) } }

    @Test(
        "Guide tones and alterations first; the fifth goes before the root",
        arguments: [
            ("G13b9", 4, false, ["B", "F", "Ab", "E"]), ("Dm9", 4, false, ["F", "C", "E", "D"]),
            ("Dm9", 5, false, ["F", "C", "E", "D", "A"]),
            ("Dm9", 4, true, ["F", "C", "E", "A"]), ("A7b13", 5, false, ["Db", "G", "F", "A"]),
            ("C6/9", 3, false, ["E", "A", "D"]),
            ("G7alt", 2, false, ["B", "F", "Ab", "Bb", "Eb"]), ("E9sus4", 3, true, ["A", "D", "F#"]),
            ("Cmaj7#11", 4, true, ["E", "B", "F#", "D"]),
        ])
    func tonesKept(symbol: String, count: Int, rootless: Bool, expected: [String]) throws {
        let tones = try Self.chord(symbol).voicingTones(count: count, limit: 6, rootless: rootless)
        #expect(Self.names(tones) == expected.map { Spelling.flats.name(of: NoteName(parsing: $0)!.pitchClass) })
    }

    @Test("A b13 chord never offers its natural fifth; an altered ninth chord has no natural ninth")
    func clashesLeftOut() throws {
        let a7b13 = try Self.chord("A7b13")
        #expect(!a7b13.quality.tonesByImportance.contains(7) && a7b13.quality.playableFifth == nil)
        #expect(try Self.chord("C9b13").quality.tonesByImportance.contains(14))
        for symbol in ["G7b9", "G13b9", "G7#9", "G7alt", "G7b9#11"] {
            #expect(try !Self.chord(symbol).quality.contains(14), "\(symbol)")
        }
    }

    @Test("Past the limit the least important tones go, never the guide tones")
    func limitKeepsGuideTones() throws {
        let tones = try Self.chord("G7alt").voicingTones(count: 2, limit: 3, rootless: true)
        #expect(Self.names(tones) == ["B", "F", "Ab"])
    }

    @Test(
        "One hand on six strings: a cowboy chord yes; a chromatic cluster, seven notes or a five-fret stretch no",
        arguments: [
            ([48, 52, 55, 60, 64], true), ([40, 47, 52, 56, 59, 64], true), ([40, 76], true),
            ([53, 56, 59, 63, 70], true),
            ([60, 61, 62, 63], false), ([40, 45, 50, 55, 59, 64, 67], false), ([41, 70], false), ([30, 40], false),
        ])
    func guitarPlayability(pitches: [Int], playable: Bool) {
        #expect(Voicing(pitches: pitches).isPlayableOnGuitar == playable)
    }

    @Test("Guitar grips hold every tone once, above their bass, inside the range")
    func guitarGrips() throws {
        let chord = try Self.chord("G7alt")
        let upper = chord.voicingTones(count: 4, limit: 5, rootless: true)
        let grips = Voicing.guitarGrips(of: upper, bass: chord.root, in: 40...76)
        #expect(!grips.isEmpty)
        for grip in grips {
            #expect(grip.isPlayableOnGuitar && grip.pitches.allSatisfy((40...76).contains), "\(grip.pitches)")
            #expect(PitchClass(grip.pitches[0]) == chord.root, "\(grip.pitches)")
            #expect(grip.pitches.dropFirst().map { PitchClass($0) }.sorted() == upper.sorted(), "\(grip.pitches)")
        }
    }
}
