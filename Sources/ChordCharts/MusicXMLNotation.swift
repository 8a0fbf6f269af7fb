import MusicTheory

/// Performed ticks turned into written rhythm: a grid to quantize to, and the note values that
/// spell a stretch of a bar.
///
/// Positions are in units of a twelfth of a quarter note, which are also the document's
/// `<divisions>`: a sixteenth is 3 units, an eighth-note triplet 4, so both grids are whole numbers.
struct MusicXMLNotation {
    /// Units per quarter note: the `<divisions>` the writer declares.
    static let divisions = 12

    let ticksPerQuarter: Int
    /// Units in one bar.
    let barUnits: Int
    /// Units in one felt beat: a quarter in 4/4, a dotted quarter in 6/8, an eighth in 7/8.
    let beatUnits: Int
    let isCompound: Bool
    /// Eighth-note triplets are written only in meters counted in quarters or halves; in 6/8 the
    /// beat's own eighths already are the triplets, and they lie on the sixteenth grid.
    let allowsTriplets: Bool

    init(meter: Meter, ticksPerQuarter: Int) {
        precondition(ticksPerQuarter > 0, "a quarter note has ticks")
        self.ticksPerQuarter = ticksPerQuarter
        barUnits = Self.divisions * 4 * meter.numerator / meter.denominator
        beatUnits = barUnits / meter.beatsPerBar
        isCompound = meter.isCompound
        allowsTriplets = meter.denominator <= 4
    }

    // MARK: Quantizing

    /// Sixteenths, and eighth-note triplets.
    static let sixteenthStep = 3
    static let tripletStep = 4

    /// The written start and end of a note played from `start` to `end` (ticks): the onset goes to
    /// the nearest point of the sixteenth grid or the eighth-triplet grid, whichever is nearer
    /// (on a point both share, such as a beat, the end decides); the end goes to the nearest point of
    /// the grid the note chose. A note never shrinks to nothing: it lasts at least one step.
    func quantize(start: Int, end: Int) -> (start: Int, end: Int) {
        let onset = units(start)
        let release = units(max(end, start + 1))
        var step = Self.sixteenthStep
        if allowsTriplets {
            let sixteenthError = abs(onset - Double(nearest(onset, step: Self.sixteenthStep)))
            let tripletError = abs(onset - Double(nearest(onset, step: Self.tripletStep)))
            let tolerance = 1e-9
            if tripletError + tolerance < sixteenthError {
                step = Self.tripletStep
            } else if abs(tripletError - sixteenthError) <= tolerance {
                let endSixteenth = abs(release - Double(nearest(release, step: Self.sixteenthStep)))
                let endTriplet = abs(release - Double(nearest(release, step: Self.tripletStep)))
                if endTriplet + tolerance < endSixteenth { step = Self.tripletStep }
            }
        }
        let written = nearest(onset, step: step)
        return (written, max(nearest(release, step: step), written + step))
    }

    /// A single point (a chord change) on the nearer grid; sixteenths on a tie.
    func quantize(point tick: Int) -> Int {
        let position = units(tick)
        let sixteenth = nearest(position, step: Self.sixteenthStep)
        guard allowsTriplets else { return sixteenth }
        let triplet = nearest(position, step: Self.tripletStep)
        return abs(position - Double(triplet)) + 1e-9 < abs(position - Double(sixteenth)) ? triplet : sixteenth
    }

    private func units(_ tick: Int) -> Double { Double(tick) * Double(Self.divisions) / Double(ticksPerQuarter) }

    private func nearest(_ position: Double, step: Int) -> Int { Int((position / Double(step)).rounded()) * step }

    // MARK: Note values

    /// A written duration: `<type>`, dots, and whether it is a triplet (3 in the time of 2).
    struct Value: Hashable {
        let units: Int
        let type: String
        let dots: Int
        let isTriplet: Bool
    }

    /// Longest first, so that a stretch is spelled with as few tied values as its position allows.
    static let values: [Value] = [
        Value(units: 72, type: "whole", dots: 1, isTriplet: false),
        Value(units: 48, type: "whole", dots: 0, isTriplet: false),
        Value(units: 36, type: "half", dots: 1, isTriplet: false),
        Value(units: 24, type: "half", dots: 0, isTriplet: false),
        Value(units: 18, type: "quarter", dots: 1, isTriplet: false),
        Value(units: 12, type: "quarter", dots: 0, isTriplet: false),
        Value(units: 9, type: "eighth", dots: 1, isTriplet: false),
        Value(units: 8, type: "quarter", dots: 0, isTriplet: true),
        Value(units: 6, type: "eighth", dots: 0, isTriplet: false),
        Value(units: 4, type: "eighth", dots: 0, isTriplet: true),
        Value(units: 3, type: "16th", dots: 0, isTriplet: false),
        Value(units: 2, type: "16th", dots: 0, isTriplet: true),
        Value(units: 1, type: "32nd", dots: 0, isTriplet: true),
    ]

    /// The values that spell `start..<end` of a bar (positions within the bar), tied in order.
    ///
    /// A value that starts off the beat stays inside its beat; a value of a beat or more starts on a
    /// beat (and in 6/8 or 12/8 lasts whole beats); triplets stay inside a quarter note and start on
    /// their own grid. The one-unit value fits anywhere, so every stretch can be spelled.
    func values(from start: Int, to end: Int) -> [Value] {
        precondition(0 <= start && start < end && end <= barUnits, "a stretch inside the bar")
        var result: [Value] = []
        var position = start
        while position < end {
            let value = Self.values.first { fits($0, at: position, before: end) }!
            result.append(value)
            position += value.units
        }
        return result
    }

    private func fits(_ value: Value, at position: Int, before end: Int) -> Bool {
        let length = value.units
        guard position + length <= end else { return false }
        if length == 1 { return true }
        if value.isTriplet {
            let quarter = Self.divisions
            return allowsTriplets && position % min(length, Self.tripletStep) == 0 && position % quarter + length <= quarter
        }
        guard position % Self.sixteenthStep == 0 else { return false }
        if length < beatUnits { return position % beatUnits + length <= beatUnits }
        if position == 0 && length == barUnits { return true }
        return position % beatUnits == 0 && (!isCompound || length % beatUnits == 0)
    }
}
