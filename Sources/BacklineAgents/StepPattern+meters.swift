import MusicTheory

extension StepPattern {
    /// This bar, written for a bar of `written`, as a player plays it in a bar of `meter`: how every
    /// genre plays every meter without a groove written for it (Docs/PRESETS.md, "Meters").
    ///
    /// The rule, beat by beat. The target bar's felt beats (``Meter/beatGroups``: quarters in 3/4,
    /// dotted quarters in 6/8, the 2, 2 and 3 eighths of 7/8) each play one beat of the written bar:
    /// - a bar's first beat plays the written downbeat; a later group's first beat (the 3 of 5/4 as
    ///   3+2) plays the written bar's second strong beat (beat 3 of 4/4), so every group starts
    ///   accented;
    /// - a group's last beat, in groups of three or more, plays the written bar's last beat, which
    ///   leads into the next downbeat (3/4 from 4/4 plays beats 1, 2 and 4: kick, snare, snare);
    /// - the beats between play the written beats that follow the group's first, in order.
    /// Within a beat, the written steps keep their place in the beat: an offbeat stays an offbeat.
    /// Straight eighths moved into a beat of three (6/8, 12/8) land on its last third, the way a
    /// drummer shuffles a straight groove into a 12/8 feel; triplets moved into a quarter keep
    /// their triplet places. Steps last about as long as written. Cut time (2/2) keeps the 4/4 bar as
    /// it is, felt in two; 2/4 is the first half of it, with its own downbeat.
    public func derived(from written: Meter, to meter: Meter) -> StepPattern {
        let written = written.felt, meter = meter.felt
        if written == meter { return self }
        // The same bar felt in two or in four (2/2 and 4/4): the grid stays as it is.
        if written.ticksPerBar == meter.ticksPerBar, written.grouping == nil, meter.grouping == nil, !written.isCompound, !meter.isCompound,
            meter.fits(steps: steps.count)
        {
            return self
        }
        let source = Self.beats(of: written, steps: steps.count)
        guard !source.isEmpty else { return self }
        let sourceRoles = Self.strongBeats(of: written, count: source.count)
        // A bar of one-unit beats (3/4, 5/4) divides each beat as the written bar does (triplets
        // stay triplets); beats of several units (6/8, 7/8) get steps about as long as the written ones.
        let writtenStep = Double(written.ticksPerBar) / Double(steps.count)
        let unitTicks = meter.ticksPerBar / meter.numerator
        let simple = meter.beatGroups.allSatisfy { $0.allSatisfy { $0 == 1 } }
        var perUnit = simple ? source[0].count : Swift.max(1, Int((Double(unitTicks) / writtenStep).rounded()))
        while perUnit > 1 && !meter.fits(steps: meter.numerator * perUnit) { perUnit -= 1 }
        guard meter.fits(steps: meter.numerator * perUnit) else { return self }

        // Which note sounds at each written step, by the index of its hit.
        var sounding = [Int?](repeating: nil, count: steps.count)
        for (index, hit) in hits.enumerated() {
            for step in hit.step..<Swift.min(steps.count, hit.step + hit.length) { sounding[step] = index }
        }
        var result: [Step] = []
        result.reserveCapacity(meter.numerator * perUnit)
        var current: Int?  // the written hit sounding at the end of `result`
        for (groupIndex, group) in meter.beatGroups.enumerated() {
            let first = groupIndex == 0 ? 0 : sourceRoles.second
            for (offset, units) in group.enumerated() {
                let beat: Int
                if offset == 0 {
                    beat = first
                } else if offset == group.count - 1 && group.count >= 3 {
                    beat = source.count - 1
                } else {
                    beat = Swift.min(first + offset, source.count - 1)
                }
                let from = source[beat]
                let length = units * perUnit
                var slots = [Int?](repeating: nil, count: length)
                for (position, step) in from.enumerated() {
                    guard case .hit = steps[step], let hit = sounding[step] else { continue }
                    let fraction = Double(position) / Double(from.count)
                    // A beat of several units (a dotted quarter) places notes on its units; a beat of
                    // one unit on its steps.
                    let slot = units > 1
                        ? Swift.min(Int((fraction * Double(units)).rounded()), units - 1) * perUnit
                        : Swift.min(Int((fraction * Double(length)).rounded()), length - 1)
                    if slots[slot] == nil { slots[slot] = hit }
                }
                for slot in 0..<length {
                    if let hit = slots[slot] {
                        result.append(.hit(hits[hit].token))
                        current = hit
                        continue
                    }
                    // What sounds at the middle of this place in the written beat.
                    let sampled = from.lowerBound + (2 * slot + 1) * from.count / (2 * length)
                    if let held = sounding[sampled], held == current {
                        result.append(.hold)
                    } else if let held = sounding[sampled], slot == 0 {
                        // A note held into the beat from one this bar leaves out: struck again.
                        result.append(.hit(hits[held].token))
                        current = held
                    } else {
                        result.append(.rest)
                        current = nil
                    }
                }
            }
        }
        return StepPattern(steps: result)
    }

    /// The written bar's felt beats, as ranges of its steps: each group of a grouped x/8 meter, each
    /// dotted quarter of a compound one, each beat of a simple one. Empty when the grid does not
    /// divide into them.
    static func beats(of meter: Meter, steps: Int) -> [Range<Int>] {
        let lengths = meter.beatGroups.flatMap { $0 }
        if steps % meter.numerator == 0 {
            let perUnit = steps / meter.numerator
            var start = 0
            return lengths.map { units in
                defer { start += units * perUnit }
                return start..<(start + units * perUnit)
            }
        }
        guard steps % lengths.count == 0 else { return [] }
        let perBeat = steps / lengths.count
        return (0..<lengths.count).map { ($0 * perBeat)..<(($0 + 1) * perBeat) }
    }

    /// The written bar's second strong beat: where its second group starts, or the middle of a bar
    /// of four beats or more (beat 3 of 4/4); the downbeat again in shorter bars.
    static func strongBeats(of meter: Meter, count: Int) -> (downbeat: Int, second: Int) {
        let groups = meter.beatGroups
        if groups.count >= 2 { return (0, groups[0].count) }
        return (0, count >= 4 ? count / 2 : 0)
    }
}
