/// A spelled note name such as `Bb` or `A#`: the letter and accidental a user wrote.
///
/// Two names can share a ``PitchClass`` (`Bb` and `A#`); the name keeps the user's spelling so
/// that files, titles and chord names show it back as written.
public struct NoteName: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Letter: Character, Sendable, Hashable, Codable, CaseIterable {
        case c = "C", d = "D", e = "E", f = "F", g = "G", a = "A", b = "B"

        var naturalPitchClass: Int {
            switch self {
            case .c: 0
            case .d: 2
            case .e: 4
            case .f: 5
            case .g: 7
            case .a: 9
            case .b: 11
            }
        }

        /// Position on the circle of fifths relative to C (F = -1 … B = 5).
        var fifths: Int {
            switch self {
            case .f: -1
            case .c: 0
            case .g: 1
            case .d: 2
            case .a: 3
            case .e: 4
            case .b: 5
            }
        }
    }

    public enum Accidental: Int, Sendable, Hashable, Codable {
        case flat = -1, natural = 0, sharp = 1
    }

    public let letter: Letter
    public let accidental: Accidental

    public init(_ letter: Letter, _ accidental: Accidental = .natural) {
        self.letter = letter
        self.accidental = accidental
    }

    /// A regular expression matching exactly the names ``prefix(of:)`` reads.
    public static let pattern = "(?:[CDFGA](?:#|♯)|[DEGAB](?:b|♭)|[A-G])"

    /// The seventeen names Backline accepts for a key: every pitch class, sharps and flats.
    public static let keyNames: [String] = [
        "C", "C#", "Db", "D", "D#", "Eb", "E", "F", "F#", "Gb", "G", "G#", "Ab", "A", "A#", "Bb", "B",
    ]

    /// Parses `C`, `C#`, `Bb`, `B♭`, `F♯`: an upper-case letter and an optional accidental. Returns nil
    /// for anything else, including `Cb`, `E#`, double accidentals and trailing text.
    public init?(parsing text: some StringProtocol) {
        guard let (name, length) = NoteName.prefix(of: text), length == text.count else { return nil }
        self = name
    }

    /// Reads a note name at the start of `text` (as in a chord symbol `Bbm7`), returning the name and
    /// how many characters it used. Only the seventeen key names are recognised.
    public static func prefix(of text: some StringProtocol) -> (NoteName, Int)? {
        guard let first = text.first, let letter = Letter(rawValue: first) else { return nil }
        var accidental = Accidental.natural
        var length = 1
        if let second = text.dropFirst().first {
            switch second {
            case "#", "♯":
                accidental = .sharp
                length = 2
            case "b", "♭":
                accidental = .flat
                length = 2
            default: break
            }
        }
        let name = NoteName(letter, accidental)
        // Cb, Fb, E# and B# are real spellings but not keys Backline offers, so they are refused.
        if accidental != .natural, !keyNames.contains(name.description) { return nil }
        return (name, length)
    }

    public var pitchClass: PitchClass { PitchClass(letter.naturalPitchClass + accidental.rawValue) }

    /// Position on the circle of fifths (C = 0, G = 1, F = -1, F# = 6, Gb = -6).
    public var fifths: Int { letter.fifths + 7 * accidental.rawValue }

    public var description: String {
        switch accidental {
        case .natural: String(letter.rawValue)
        case .sharp: "\(letter.rawValue)#"
        case .flat: "\(letter.rawValue)b"
        }
    }
}
