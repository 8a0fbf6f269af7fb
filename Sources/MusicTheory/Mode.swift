/// The fifteen modes Backline plays in.
///
/// Each mode has the scale a melody would use (``scale``) and a seven-note chord scale
/// (``harmony``) from which roman numerals take their roots and triads. For the seven-note modes the
/// two are the same; the whole-tone, diminished and bebop scales borrow a seven-note parent.
public enum Mode: String, Sendable, Hashable, Codable, CaseIterable {
    case major, minor, dorian, mixolydian, phrygian, lydian, locrian
    case harmonicMinor = "harmonic_minor"
    case melodicMinor = "melodic_minor"
    case wholeTone = "whole_tone"
    case diminished
    case bebopDominant = "bebop_dominant"
    case bebopMajor = "bebop_major"
    case spanishPhrygian = "spanish_phrygian"
    case hungarianMinor = "hungarian_minor"

    /// Semitones above the tonic of every note of the mode's scale, ascending from 0.
    public var scale: [Int] { Mode.scales[index] }

    /// The seven-note scale chords are built from: degree `n` of a roman numeral is `harmony[n - 1]`.
    public var harmony: [Int] { Mode.harmonies[index] }

    private var index: Int { Mode.allCases.firstIndex(of: self)! }

    // Tables, so that asking for a scale in a hot loop does not build an array each time.
    private static let scales: [[Int]] = allCases.map { mode in
        switch mode {
        case .major: [0, 2, 4, 5, 7, 9, 11]
        case .minor: [0, 2, 3, 5, 7, 8, 10]
        case .dorian: [0, 2, 3, 5, 7, 9, 10]
        case .mixolydian: [0, 2, 4, 5, 7, 9, 10]
        case .phrygian: [0, 1, 3, 5, 7, 8, 10]
        case .lydian: [0, 2, 4, 6, 7, 9, 11]
        case .locrian: [0, 1, 3, 5, 6, 8, 10]
        case .harmonicMinor: [0, 2, 3, 5, 7, 8, 11]
        case .melodicMinor: [0, 2, 3, 5, 7, 9, 11]
        case .wholeTone: [0, 2, 4, 6, 8, 10]
        case .diminished: [0, 2, 3, 5, 6, 8, 9, 11]
        case .bebopDominant: [0, 2, 4, 5, 7, 9, 10, 11]
        case .bebopMajor: [0, 2, 4, 5, 7, 8, 9, 11]
        case .spanishPhrygian: [0, 1, 4, 5, 7, 8, 10]
        case .hungarianMinor: [0, 2, 3, 6, 7, 8, 11]
        }
    }

    private static let harmonies: [[Int]] = allCases.map { mode in
        switch mode {
        case .wholeTone: [0, 2, 4, 6, 8, 9, 11]  // lydian augmented: the tonic triad is augmented
        case .diminished: [0, 2, 3, 5, 6, 8, 10]  // locrian natural 2: the tonic triad is diminished
        case .bebopDominant: scales[Mode.allCases.firstIndex(of: .mixolydian)!]
        case .bebopMajor: scales[Mode.allCases.firstIndex(of: .major)!]
        default: scales[Mode.allCases.firstIndex(of: mode)!]
        }
    }

    /// True when the mode's third is minor: such modes take a preset's `minor` progressions.
    public var hasMinorThird: Bool { harmony[2] == 3 }

    /// Semitones above the tonic of the mode's third (3 or 4).
    public var third: Int { harmony[2] }

    /// The triad on scale degree `degree` (1...7), stacked in thirds inside ``harmony``, as intervals
    /// above its root.
    public func triadIntervals(onDegree degree: Int) -> [Int] {
        precondition((1...7).contains(degree), "degree \(degree) is not 1...7")
        let h = harmony
        let root = h[degree - 1]
        let third = h[(degree + 1) % 7] + ((degree + 1) >= 7 ? 12 : 0)
        let fifth = h[(degree + 3) % 7] + ((degree + 3) >= 7 ? 12 : 0)
        return [0, third - root, fifth - root]
    }

    /// The names accepted for a mode, as the contract spells them.
    public static var names: [String] { allCases.map(\.rawValue) }
}
