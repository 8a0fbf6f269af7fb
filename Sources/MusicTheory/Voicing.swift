/// A chord laid out on an instrument: MIDI note numbers, lowest first.
public struct Voicing: Sendable, Hashable {
    public let pitches: [Int]

    public init(pitches: [Int]) {
        self.pitches = pitches.sorted()
    }

    /// Pitches already in ascending order.
    init(ascending pitches: [Int]) {
        self.pitches = pitches
    }

    /// Summed distance, in semitones, that voices travel to reach `other`, pairing voices bottom
    /// to top. With different voice counts the extra voices of the larger chord are paired with
    /// the nearest voice of the smaller.
    public func movement(to other: Voicing) -> Int {
        guard !pitches.isEmpty, !other.pitches.isEmpty else { return 0 }
        if pitches.count == other.pitches.count {
            return zip(pitches, other.pitches).reduce(0) { $0 + abs($1.0 - $1.1) }
        }
        var sum = 0
        for pitch in other.pitches {
            var nearest = Int.max
            for own in pitches { nearest = min(nearest, abs(own - pitch)) }
            sum += nearest
        }
        return sum
    }

    /// Every inversion of `stack` (pitch classes bottom to top, each stacked above the previous)
    /// whose notes all lie in `range`, in every octave that fits.
    public static func inversions(of stack: [PitchClass], in range: ClosedRange<Int>) -> [Voicing] {
        guard !stack.isEmpty else { return [] }
        var voicings: [Voicing] = []
        voicings.reserveCapacity(stack.count * 2)
        for rotation in 0..<stack.count {
            // Lowest placement of the bottom note at or above the range's bottom.
            var bottom = range.lowerBound + stack[rotation].semitones(above: PitchClass(range.lowerBound))
            while bottom <= range.upperBound {
                var pitches = [Int]()
                pitches.reserveCapacity(stack.count)
                pitches.append(bottom)
                for step in 1..<stack.count {
                    let previous = pitches[step - 1]
                    pitches.append(previous + max(1, stack[(rotation + step) % stack.count].semitones(above: PitchClass(previous))))
                }
                // Built ascending: no sort needed.
                if pitches[pitches.count - 1] <= range.upperBound { voicings.append(Voicing(ascending: pitches)) }
                bottom += 12
            }
        }
        return voicings
    }

    /// The candidate that moves least from `previous`; without a previous voicing, the one whose
    /// middle sits nearest `center`.
    public static func nearest(_ candidates: [Voicing], to previous: Voicing?, center: Int) -> Voicing? {
        if let previous {
            return candidates.min { a, b in
                let (ma, mb) = (previous.movement(to: a), previous.movement(to: b))
                return ma != mb ? ma < mb : abs(a.middle - center) < abs(b.middle - center)
            }
        }
        return candidates.min { abs($0.middle - center) < abs($1.middle - center) }
    }

    /// The average pitch, rounded down.
    public var middle: Int { pitches.isEmpty ? 0 : pitches.reduce(0, +) / pitches.count }
}

extension Int {
    /// The pitch of `pitchClass` at or above `self`.
    public func placing(_ pitchClass: PitchClass) -> Int {
        self + pitchClass.semitones(above: PitchClass(self))
    }
}

extension ClosedRange<Int> {
    /// Moves `pitch` by octaves into the range (to its nearest edge if the range is under an octave).
    public func foldingOctaves(_ pitch: Int) -> Int {
        var pitch = pitch
        while pitch < lowerBound { pitch += 12 }
        while pitch > upperBound { pitch -= 12 }
        return Swift.max(lowerBound, pitch)
    }
}

// MARK: - Extended chords

extension ChordQuality {
    /// Whether the symbol spells tones past the octave (ninths, elevenths, thirteenths and their
    /// alterations): such a chord has more notes than a comping hand holds, so instruments voice it
    /// from ``tonesByImportance`` rather than from their triad or seventh shapes.
    public var isExtended: Bool { mask >> 12 != 0 }

    /// A fifth a voicing may sound: the chord's fifth, unless it is a natural fifth beside a b13,
    /// which rubs a semitone against it (the b13 is the point of the chord).
    public var playableFifth: Int? {
        guard let fifth else { return nil }
        return fifth == 7 && contains(20) ? nil : fifth
    }

    /// Every tone of the chord, in semitones above the root (compound: a ninth is 14), in the order
    /// a voicing keeps them when it cannot hold them all:
    /// 1. the guide tones: the third (or the suspended fourth or second) and the seventh (or sixth);
    /// 2. the altered tones, b5, #5, b9, #9, #11, b13, and the thirteenth;
    /// 3. the other colour: the ninth, the eleventh, anything else the symbol spells;
    /// 4. the root; 5. the fifth, never a natural one beside a b13.
    ///
    /// The first ``essentialToneCount`` are what makes the chord this chord. A natural ninth never
    /// sits beside a b9 or #9, because the suffix grammar replaces one with the other.
    public var tonesByImportance: [Int] {
        var tones = guideTones + alteredTones
        for interval in [14, 17] + intervals where contains(interval) && !tones.contains(interval) {
            if interval != 0 && interval != 7 { tones.append(interval) }
        }
        if contains(0) { tones.append(0) }
        if let fifth = playableFifth, !tones.contains(fifth) { tones.append(fifth) }
        return tones
    }

    /// How many of ``tonesByImportance`` a voicing must keep: the guide tones, the altered tones
    /// and the thirteenth.
    public var essentialToneCount: Int { guideTones.count + alteredTones.count }

    /// The third (or the suspended fourth or second) and the seventh (or sixth).
    private var guideTones: [Int] {
        let thirds = [3, 4].filter(contains)
        return (thirds.isEmpty ? [5, 2].filter(contains) : thirds) + (seventh.map { [$0] } ?? [])
    }

    /// b5, #5, b9, #9, #11, b13 and the thirteenth, as the chord has them.
    private var alteredTones: [Int] { [6, 8, 13, 15, 18, 20, 21].filter(contains) }
}

extension Chord {
    /// The pitch classes a voicing of about `count` notes holds: every essential tone (guide
    /// tones, alterations, thirteenth; even past `count`, but never past `limit`), then colour,
    /// the root (unless `rootless`) and the fifth while there is room. Pitch classes two tones
    /// share (a #11 and a b5) are held once.
    public func voicingTones(count: Int, limit: Int, rootless: Bool) -> [PitchClass] {
        let essential = quality.essentialToneCount
        var tones: [PitchClass] = []
        for (index, interval) in quality.tonesByImportance.enumerated() {
            if rootless && interval == 0 { continue }
            let pitchClass = root + interval
            guard !tones.contains(pitchClass) else { continue }
            guard tones.count < (index < essential ? limit : min(count, limit)) else { continue }
            tones.append(pitchClass)
        }
        return tones
    }
}

extension Voicing {
    /// Open strings of a guitar in standard tuning, low E to high E.
    public static let guitarStrings = [40, 45, 50, 55, 59, 64]

    /// Whether one hand holds this voicing on a guitar in standard tuning: each note on a string of
    /// its own, lower notes on lower strings, nothing above the 15th fret, the fretted notes within
    /// four frets, and no more than three of them above the lowest fret (which the index finger
    /// may barre).
    public var isPlayableOnGuitar: Bool {
        guard pitches.count <= Self.guitarStrings.count else { return false }
        func place(_ note: Int, from string: Int, frets: [Int]) -> Bool {
            if note == pitches.count {
                let fretted = frets.filter { $0 > 0 }
                guard let lowest = fretted.min(), let highest = fretted.max() else { return true }
                return highest - lowest <= 4 && fretted.filter { $0 > lowest }.count <= 3
            }
            // Leave enough strings for the notes still to place.
            guard string <= Self.guitarStrings.count - (pitches.count - note) else { return false }
            for candidate in string..<Self.guitarStrings.count {
                let fret = pitches[note] - Self.guitarStrings[candidate]
                guard (0...15).contains(fret) else { continue }
                if place(note + 1, from: candidate + 1, frets: frets + [fret]) { return true }
            }
            return false
        }
        return place(0, from: 0, frets: [])
    }

    /// Every guitar voicing of `tones` (pitch classes, each once, in any order across the strings)
    /// inside `range` that one hand can hold; with `bass`, that pitch class sounds below them all.
    public static func guitarGrips(
        of tones: [PitchClass], bass: PitchClass? = nil, in range: ClosedRange<Int>
    ) -> [Voicing] {
        guard !tones.isEmpty else { return [] }
        var grips: Set<Voicing> = []
        var bottoms: [Int?] = [nil]
        if let bass {
            bottoms = stride(from: range.lowerBound.placing(bass), through: range.upperBound, by: 12).map { $0 }
        }
        for order in permutations(of: tones) {
            for bottom in bottoms {
                // The lowest upper note: just above the bass, or anywhere in the range's first octave and up.
                var first =
                    bottom.map { $0 + max(1, order[0].semitones(above: PitchClass($0))) }
                    ?? range.lowerBound.placing(order[0])
                while first <= range.upperBound {
                    var pitches = bottom.map { [$0] } ?? []
                    pitches.append(first)
                    for tone in order.dropFirst() {
                        let previous = pitches[pitches.count - 1]
                        pitches.append(previous + max(1, tone.semitones(above: PitchClass(previous))))
                    }
                    if pitches[pitches.count - 1] <= range.upperBound {
                        let voicing = Voicing(ascending: pitches)
                        if voicing.isPlayableOnGuitar { grips.insert(voicing) }
                    }
                    first += 12
                }
            }
        }
        return grips.sorted { $0.pitches.lexicographicallyPrecedes($1.pitches) }
    }

    private static func permutations(of tones: [PitchClass]) -> [[PitchClass]] {
        guard tones.count > 1 else { return [tones] }
        return tones.indices.flatMap { index in
            var rest = tones
            let first = rest.remove(at: index)
            return permutations(of: rest).map { [first] + $0 }
        }
    }
}
