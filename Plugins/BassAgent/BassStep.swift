import MusicTheory

/// One bass note in a grid, relative to the chord sounding at that moment.
///
/// `R` the chord's root (its bass note in a slash chord); `3`, `5`, `7` the chord's own third, fifth
/// and seventh (the mode's, when the chord has none); `2`, `4`, `6` the mode's scale steps above the
/// root; `8` the octave; `b3`, `#4`, `b7` … exact intervals; `A` a chromatic approach into the next
/// chord's root; `x` a muted dead note. A trailing `'` raises a note an octave and `,` lowers it;
/// a leading `!` accents it, and a leading `>` takes the step from the next chord instead, played
/// early and tied over the change (salsa's tumbao anticipates each chord on the "and" of 2 and on 4);
/// a leading `~` slides into the note from the one before it, as a trap 808 does.
struct BassStep: Sendable, Hashable {
    enum Target: Sendable, Hashable {
        case root
        case chordTone(Int)  // 3, 5, 7
        case scaleStep(Int)  // 2, 4, 6
        case interval(Int)  // semitones above the root
        case approach
        case dead
    }

    let target: Target
    let octave: Int
    let accent: Bool
    /// Played from the next chord: an anticipation.
    let anticipates: Bool
    /// Slides in from the note before it (`~`), as an 808 does.
    let glides: Bool

    private init(target: Target, octave: Int, accent: Bool, anticipates: Bool, glides: Bool) {
        self.target = target
        self.octave = octave
        self.accent = accent
        self.anticipates = anticipates
        self.glides = glides
    }

    /// The same step moved to the root (its octave marks and accent kept): what a bass plays where
    /// a chord begins.
    var onRoot: BassStep {
        switch target {
        case .root, .dead, .approach: self
        default: BassStep(target: .root, octave: octave, accent: accent, anticipates: anticipates, glides: glides)
        }
    }

    static let accepted = "R, 3, 5, 7, 2, 4, 6, 8, b3, #4, b7 (with ' or , for octaves, ! for accent, > for the next chord's, ~ to slide in), A (approach) or x (dead note)"

    init?(parsing token: String) {
        var text = Substring(token)
        var accent = false, anticipates = false, glides = false
        while let first = text.first, first == "!" || first == ">" || first == "~" {
            switch first {
            case "!": accent = true
            case ">": anticipates = true
            default: glides = true
            }
            text = text.dropFirst()
        }
        var octave = 0
        while let last = text.last, last == "'" || last == "," {
            octave += last == "'" ? 1 : -1
            text = text.dropLast()
        }
        let target: Target
        switch text {
        case "R", "1": target = .root
        case "3", "5", "7": target = .chordTone(Int(text)!)
        case "2", "4", "6": target = .scaleStep(Int(text)!)
        case "8":
            target = .root
            octave += 1
        case "A": target = .approach
        case "x": target = .dead
        default:
            let intervals = ["b2": 1, "b3": 3, "#4": 6, "b5": 6, "#5": 8, "b6": 8, "b7": 10, "#9": 15, "b9": 13, "9": 14]
            guard let semitones = intervals[String(text)] else { return nil }
            target = .interval(semitones)
        }
        if (anticipates || glides) && [.approach, .dead].contains(target) { return nil }
        self.target = target
        self.octave = octave
        self.accent = accent
        self.anticipates = anticipates
        self.glides = glides
    }

    /// The pitch for this step, placed near `rootPitch`.
    func pitch(chord: Chord, key: Key, rootPitch: Int, next: Chord?, previousPitch: Int?) -> Int {
        let root = chord.bassNote
        let semitones: Int
        switch target {
        case .root, .dead:
            semitones = 0
        case .chordTone(let number):
            semitones = BassStep.chordTone(number, of: chord, key: key)
        case .scaleStep(let number):
            semitones = key.scaleStep(number, above: chord.root) + chord.root.semitones(above: root)
        case .interval(let value):
            semitones = value
        case .approach:
            // A half step below the next root, or above it when that is nearer the line.
            let target = next?.bassNote ?? key.tonicPitchClass
            let from = previousPitch ?? rootPitch
            let below = from + (target - 1).semitones(above: PitchClass(from))
            let candidates = [below - 12, below, below + 2 - 12, below + 2]
            return candidates.min { abs($0 - from) < abs($1 - from) }! + 12 * octave
        }
        return rootPitch + semitones + 12 * octave
    }

    static func chordTone(_ number: Int, of chord: Chord, key: Key) -> Int {
        let offset = chord.root.semitones(above: chord.bassNote)
        let quality = chord.quality
        let tone: Int? = switch number {
        case 3: quality.third
        case 5: quality.fifth
        default: quality.seventh
        }
        return offset + (tone ?? key.scaleStep(number, above: chord.root))
    }
}
