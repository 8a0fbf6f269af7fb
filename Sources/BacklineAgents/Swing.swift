import MusicTheory

/// Swing of a step grid: the off-beat of each pair of eighths (or sixteenths) played late.
public struct Swing: Sendable, Hashable {
    /// The grid that swings: off-beat eighths, or off-beat sixteenths.
    public enum Unit: String, Sendable, Hashable, CaseIterable {
        case eighth = "8th"
        case sixteenth = "16th"

        /// Ticks of one swung pair: a quarter for eighths, an eighth for sixteenths.
        @usableFromInline var pairTicks: Int { self == .eighth ? Meter.ticksPerQuarter : Meter.ticksPerQuarter / 2 }
        /// Grid steps per quarter note that the unit swings: 2 (eighths) or 4 (sixteenths) and finer
        /// binary subdivisions.
        @usableFromInline var smallestStepsPerQuarter: Int { self == .eighth ? 2 : 4 }
    }

    /// Where the off-beat of each pair falls: 0.5 is straight, 2/3 a triplet swing, 0.75 a hard shuffle.
    public let ratio: Double
    public let unit: Unit
    /// Ticks from the start of a pair to its swung off-beat.
    @usableFromInline let offBeat: Int

    public init(ratio: Double, unit: Unit) {
        precondition((0.5...0.8).contains(ratio), "swing is 0.5...0.8")
        self.ratio = ratio
        self.unit = unit
        self.offBeat = Int((ratio * Double(unit.pairTicks)).rounded())
    }

    public static let straight = Swing(ratio: 0.5, unit: .eighth)

    /// Whether a grid of `steps` steps per bar of `meter` swings: binary grids do (eighths and
    /// finer in simple meters); triplet grids and compound meters do not.
    @inlinable
    public func applies(toGridOf steps: Int, in meter: Meter) -> Bool {
        guard ratio != 0.5, !meter.isCompound, meter.denominator == 4 else { return false }
        let perQuarter = steps / meter.numerator
        return steps % meter.numerator == 0 && perQuarter >= unit.smallestStepsPerQuarter && perQuarter & (perQuarter - 1) == 0
    }

    /// Moves a straight tick onto the swung grid: inside each pair the first half stretches to
    /// `ratio` of the pair and the second half shrinks to fit. Pair boundaries do not move.
    @inlinable
    public func swung(_ tick: Int) -> Int {
        guard ratio != 0.5 else { return tick }
        let pair = unit.pairTicks
        let half = pair / 2
        let base = tick - tick % pair
        let offset = tick % pair
        // Integer arithmetic, rounded to the nearest tick.
        let moved = offset < half
            ? (offset * offBeat * 2 + half) / (2 * half)
            : offBeat + ((offset - half) * (pair - offBeat) * 2 + half) / (2 * half)
        return base + moved
    }
}
