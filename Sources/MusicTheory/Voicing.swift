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
