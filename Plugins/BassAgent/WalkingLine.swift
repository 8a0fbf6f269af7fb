import MusicTheory

/// How a jazz bassist walks through one chord: the root on the first beat, a chord tone on the
/// third, scale steps and chromatic passing tones between, and the last beat leading into the next
/// chord's root by a half or whole step from above or below, sometimes as an enclosure (above the
/// target, then below it). Lines change direction with the next root and stay inside the range.
struct WalkingLine {
    let chord: Chord
    let range: ClosedRange<Int>
    /// The chord's own tones.
    let chordTones: Set<PitchClass>
    /// What the line passes through: the chord's tones and the key's scale tones that do not clash
    /// with them (none a half step above a chord tone, the "avoid" notes).
    let passingTones: Set<PitchClass>

    init(chord: Chord, key: Key, range: ClosedRange<Int>) {
        self.chord = chord
        self.range = range
        let tones = Set(chord.pitchClasses)
        chordTones = tones
        passingTones = tones.union(key.scalePitchClasses.filter { tone in !tones.contains(tone) && !tones.contains(tone - 1) })
    }

    /// One pitch per beat, from `root` toward `target` (the next chord's root, nil at the end).
    func line(root: Int, target: Int?, beats: Int, _ random: inout some RandomNumberGenerator) -> [Int] {
        guard beats > 1 else { return [root] }
        let goal = target ?? root
        var direction = goal == root ? (root - range.lowerBound < 7 ? 1 : (range.upperBound - root < 7 ? -1 : coin(&random))) : (goal > root ? 1 : -1)
        // Sometimes a line goes the long way round, the way a bassist turns around.
        if goal != root && random.next() % 5 == 0 && fits(root + 5 * -direction) { direction = -direction }

        var line = [root]
        guard let target else {
            // The last chord of the song: a walk up or down the chord and back.
            while line.count < beats { line.append(pass(from: line[line.count - 1], direction: direction, &random)) }
            return line
        }
        // The last beat approaches the target; with four beats or more, the third holds a chord tone
        // or starts an enclosure.
        let enclosure = beats >= 4 && random.next() % 5 == 0
        let approach = enclosure ? target - 1 : approachNote(to: target, from: root, &random)
        if beats >= 4 {
            let third = enclosure ? above(target) : chordTone(near: root + direction * 4, between: root, and: approach, &random)
            let midpoint = beats / 2
            while line.count < midpoint {
                line.append(step(from: line[line.count - 1], toward: third, &random))
            }
            line.append(third)
        }
        while line.count < beats - 1 {
            line.append(step(from: line[line.count - 1], toward: approach, &random))
        }
        line.append(approach)
        return line.map { fits($0) ? $0 : range.foldingOctaves($0) }
    }

    /// Two notes a chord of four beats (or more halves): the root, then the fifth or a step into the next root.
    func twoFeel(root: Int, target: Int?, halves: Int, _ random: inout some RandomNumberGenerator) -> [Int] {
        var line = [root]
        while line.count < halves {
            let last = line.count == halves - 1
            if last, let target, random.next() % 2 == 0 {
                line.append(approachNote(to: target, from: root, &random))
            } else {
                let fifth = [root + 7, root - 5].filter(fits).min { abs($0 - root) < abs($1 - root) } ?? root
                line.append(chordTones.contains(PitchClass(root + 7)) ? fifth : chordTone(near: root + 4, between: root, and: root + 7, &random))
            }
        }
        return line
    }

    /// A half step or a whole step into `target`, from above or below: below more often, and from
    /// the side the line comes from.
    private func approachNote(to target: Int, from current: Int, _ random: inout some RandomNumberGenerator) -> Int {
        let fromBelow = current < target ? random.next() % 4 != 0 : random.next() % 3 == 0
        let wholeStep = random.next() % 5 < 2
        let candidate: Int
        if wholeStep {
            // A scale tone a whole step away, when the key has one there.
            let scaleWise = fromBelow ? target - 2 : target + 2
            candidate = passingTones.contains(PitchClass(scaleWise)) ? scaleWise : (fromBelow ? target - 1 : target + 1)
        } else {
            candidate = fromBelow ? target - 1 : target + 1
        }
        return fits(candidate) ? candidate : (fromBelow ? target + 1 : target - 1)
    }

    /// The tone a step above the target that opens an enclosure: a whole step when it passes, else a half.
    private func above(_ target: Int) -> Int {
        passingTones.contains(PitchClass(target + 2)) && fits(target + 2) ? target + 2 : target + 1
    }

    /// A chord tone near `aim` and not beyond the span from `start` to `end` by more than a step.
    private func chordTone(near aim: Int, between start: Int, and end: Int, _ random: inout some RandomNumberGenerator) -> Int {
        let low = min(start, end) - 2, high = max(start, end) + 2
        let candidates = (low...high).filter { chordTones.contains(PitchClass($0)) && fits($0) && $0 != start && $0 != end }
        guard !candidates.isEmpty else { return start }
        let sorted = candidates.sorted { abs($0 - aim) < abs($1 - aim) }
        return sorted[Int(random.next() % UInt64(min(2, sorted.count)))]
    }

    /// The next note toward `goal`: a scale step (one or two semitones), a chromatic passing tone
    /// when the scale has none, or a neighbour tone when already there.
    private func step(from current: Int, toward goal: Int, _ random: inout some RandomNumberGenerator) -> Int {
        if current == goal { return pass(from: current, direction: coin(&random), &random) }
        let direction = goal > current ? 1 : -1
        let distance = abs(goal - current)
        if distance <= 2 {
            // Next to the goal already: a neighbour on the far side keeps the line moving.
            let neighbour = current - direction * (passingTones.contains(PitchClass(current - direction * 2)) ? 2 : 1)
            return fits(neighbour) ? neighbour : current + direction
        }
        return pass(from: current, direction: direction, &random)
    }

    /// A scale step in `direction`, or a chromatic step when the scale leaves a gap.
    private func pass(from current: Int, direction: Int, _ random: inout some RandomNumberGenerator) -> Int {
        let direction = fits(current + direction * 2) ? direction : -direction
        for semitones in [2, 1] where passingTones.contains(PitchClass(current + direction * semitones)) {
            // Now and then a chromatic passing tone even where the scale has a whole step.
            if semitones == 2 && random.next() % 4 == 0 { return current + direction }
            return current + direction * semitones
        }
        return current + direction
    }

    private func fits(_ pitch: Int) -> Bool { range.contains(pitch) }

    private func coin(_ random: inout some RandomNumberGenerator) -> Int { random.next() % 2 == 0 ? 1 : -1 }
}
