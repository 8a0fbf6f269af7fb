/// A chord written relative to the key: `I`, `bVII`, `ii7`, `V7`, `viiø7`, `IVmaj7`.
///
/// How Backline reads one:
/// - Without an accidental, the numeral is a degree of the requested mode (`VII` in C minor is B♭).
///   `b` lowers the major scale's degree, as rock charts write borrowed chords (`bVII` is B♭ in C
///   major and in C minor); `#` raises the mode's degree, as in `#vii°7`, the leading-tone chord of a
///   minor key (B in C minor).
/// - A bare numeral takes its triad from the mode: `IV` is F major in C major and F minor in C
///   minor, whatever its case. Case only decides a chromatic root's triad (`bVII` major, `bvii` minor).
/// - A suffix spells the quality as on a lead sheet; a lowercase numeral makes the suffix minor:
///   `V7` is dominant, `ii7` is minor seventh, `Imaj7` major seventh, `iiø7` half-diminished.
public struct RomanNumeral: Sendable, Hashable {
    /// 1...7.
    public let degree: Int
    /// -1 flat, 0 none, +1 sharp.
    public let alteration: Int
    public let isUppercase: Bool
    /// The quality written after the numeral; nil for a bare numeral.
    public let spelledQuality: ChordQuality?
    /// The numeral as written (`bVII`, `ii7`).
    public let text: String

    private static let numerals = ["VII", "III", "IV", "VI", "II", "V", "I"]
    private static let degrees = ["I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7]
    private static let majorScale = [0, 2, 4, 5, 7, 9, 11]

    public init?(parsing text: some StringProtocol) {
        var rest = Substring(text)
        var alteration = 0
        if let first = rest.first, "b♭#♯".contains(first) {
            alteration = (first == "#" || first == "♯") ? 1 : -1
            rest = rest.dropFirst()
        }
        var matched: (numeral: String, uppercase: Bool)?
        for numeral in Self.numerals {
            let head = rest.prefix(numeral.count)
            if head == numeral {
                matched = (numeral, true)
            } else if head == numeral.lowercased() {
                matched = (numeral, false)
            }
            if matched != nil { break }
        }
        guard let matched, let degree = Self.degrees[matched.numeral] else { return nil }
        rest = rest.dropFirst(matched.numeral.count)

        var quality: ChordQuality?
        if !rest.isEmpty {
            guard let parsed = ChordQuality.parse(suffix: rest) else { return nil }
            quality = matched.uppercase ? parsed : Self.minorized(parsed, suffix: rest)
        }
        self.degree = degree
        self.alteration = alteration
        self.isUppercase = matched.uppercase
        self.spelledQuality = quality
        self.text = String(text)
    }

    /// True when `text` starts like a numeral, so an error can say "numeral" rather than "chord".
    static func looksLikeNumeral(_ text: String) -> Bool {
        let body = text.drop { "b♭#♯".contains($0) }
        return body.first.map { "IViv".contains($0) } ?? false
    }

    /// A lowercase numeral turns a major-third suffix minor (`ii7` → m7, `vi9` → m9, `iii7b9` →
    /// m7b9), except where the suffix names its own third (`maj`, `aug`, `sus`, `dim` …): an
    /// augmented fifth without a perfect one (`aug7`, `7#5`, `9#5`) keeps the chord augmented.
    private static func minorized(_ quality: ChordQuality, suffix: Substring) -> ChordQuality {
        let keepsThird = ["maj", "M"].contains(String(suffix)) || (quality.contains(8) && !quality.contains(7))
        guard !keepsThird, quality.contains(4) else { return quality }
        return ChordQuality.named(intervals: quality.intervals.map { $0 == 4 ? 3 : $0 })
    }

    /// Semitones above the tonic of this numeral's root in `mode`.
    public func rootOffset(in mode: Mode) -> Int {
        switch alteration {
        case ..<0: Self.majorScale[degree - 1] + alteration
        case 0: mode.harmony[degree - 1]
        default: mode.harmony[degree - 1] + alteration
        }
    }

    public func chord(in key: Key) -> Chord {
        let offset = rootOffset(in: key.mode)
        let root = key.tonicPitchClass + offset
        if let spelledQuality { return Chord(root: root, quality: spelledQuality) }
        // A root inside the mode's chord scale takes the mode's triad there; a chromatic root
        // (bII in major, say) has no diatonic triad, so its case decides.
        if let index = key.mode.harmony.firstIndex(of: PitchClass(offset).value) {
            return Chord(root: root, quality: ChordQuality.named(intervals: key.mode.triadIntervals(onDegree: index + 1)))
        }
        return Chord(root: root, quality: isUppercase ? .major : .minor)
    }
}
