/// One of the twelve pitch classes, unspelled: `PitchClass(10)` is both A♯ and B♭.
///
/// Spelled names live in ``NoteName``; arithmetic on pitch classes wraps modulo 12.
public struct PitchClass: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// 0 = C, 1 = C♯/D♭, … 11 = B.
    public let value: Int

    /// Any integer, reduced modulo 12.
    public init(_ value: Int) {
        self.value = ((value % 12) + 12) % 12
    }

    public static func + (lhs: PitchClass, rhs: Int) -> PitchClass { PitchClass(lhs.value + rhs) }
    public static func - (lhs: PitchClass, rhs: Int) -> PitchClass { PitchClass(lhs.value - rhs) }

    /// Semitones upward from `other` to `self`, in 0..<12.
    public func semitones(above other: PitchClass) -> Int { PitchClass(value - other.value).value }

    public static func < (lhs: PitchClass, rhs: PitchClass) -> Bool { lhs.value < rhs.value }

    /// Spelled with sharps; use ``Spelling`` to spell for a key.
    public var description: String { Spelling.sharps.name(of: self) }
}

/// Whether chromatic pitch classes are written with sharps or flats.
public enum Spelling: Sendable, Hashable {
    case sharps, flats

    private static let sharpNames = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
    private static let flatNames = ["C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"]

    public func name(of pitchClass: PitchClass) -> String {
        switch self {
        case .sharps: Self.sharpNames[pitchClass.value]
        case .flats: Self.flatNames[pitchClass.value]
        }
    }
}
