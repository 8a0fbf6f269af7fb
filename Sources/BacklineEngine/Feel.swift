import BacklineAgents

/// How a genre's time feels: the swing of its grids, and the small human deviations of a player.
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

    /// Applied by the agents to their grids, so strums and triplets stay intact.
    public let swing: Swing
    public let humanize: Humanize

    public init(swing: Swing, humanize: Humanize) {
        self.swing = swing
        self.humanize = humanize
    }

    public static let straight = Feel(swing: .straight, humanize: .off)
}
