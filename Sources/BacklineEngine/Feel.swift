import BacklineAgents
import MusicTheory

/// How a genre's time feels: swing of a grid, and the small human deviations of a player.
public struct Feel: Sendable, Hashable {
    /// Random deviations a part plays with, drawn from the song's seed.
    public struct Humanize: Sendable, Hashable {
        /// The largest timing deviation, early or late, in milliseconds.
        public let timingMilliseconds: Double
        /// The largest velocity deviation, softer or louder.
        public let velocity: Int

        public init(timingMilliseconds: Double, velocity: Int) {
            self.timingMilliseconds = timingMilliseconds
            self.velocity = velocity
        }

        public static let off = Humanize(timingMilliseconds: 0, velocity: 0)
    }

    /// The grid that swings: off-beat eighths, or off-beat sixteenths.
    public enum SwingUnit: String, Sendable, Hashable, CaseIterable {
        case eighth = "8th"
        case sixteenth = "16th"

        var ticks: Int { self == .eighth ? Meter.ticksPerQuarter : Meter.ticksPerQuarter / 2 }
    }

    /// Where the off-beat of each swung pair falls: 0.5 is straight, 2/3 a triplet swing, 0.75 a hard
    /// shuffle.
    public let swing: Double
    public let swingUnit: SwingUnit
    public let humanize: Humanize

    public init(swing: Double, swingUnit: SwingUnit, humanize: Humanize) {
        precondition((0.5...0.8).contains(swing), "swing is 0.5...0.8")
        self.swing = swing
        self.swingUnit = swingUnit
        self.humanize = humanize
    }

    public static let straight = Feel(swing: 0.5, swingUnit: .eighth, humanize: .off)

    /// Moves a straight tick onto the swung grid: inside each pair (two eighths, or two sixteenths)
    /// the first half stretches to `swing` of the pair and the second half shrinks to fit.
    public func swung(_ tick: Int) -> Int {
        guard swing != 0.5 else { return tick }
        let pair = swingUnit.ticks
        let base = tick - tick % pair
        let offset = Double(tick % pair)
        let half = Double(pair) / 2
        let moved = offset < half
            ? offset * (swing * Double(pair)) / half
            : swing * Double(pair) + (offset - half) * ((1 - swing) * Double(pair)) / half
        return base + Int(moved.rounded())
    }
}
