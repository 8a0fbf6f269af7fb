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

    /// A swing ratio at a tempo: one point of a swing that changes with tempo.
    public struct SwingPoint: Sendable, Hashable {
        public let tempo: Int
        public let ratio: Double

        public init(tempo: Int, ratio: Double) {
            self.tempo = tempo
            self.ratio = ratio
        }
    }

    /// The swing at the genre's usual tempo, applied by the agents to their grids so strums and
    /// triplets stay intact. ``swing(atTempo:)`` gives it at any tempo.
    public let swing: Swing
    /// Swing by tempo, sorted by tempo; empty when the swing is the same at every tempo. Players
    /// swing lighter as the tempo rises: a jazz ride near 2:1 at 120 bpm is nearly straight at 280.
    public let swingByTempo: [SwingPoint]
    public let humanize: Humanize

    public init(swing: Swing, humanize: Humanize, swingByTempo: [SwingPoint] = []) {
        self.swing = swing
        self.humanize = humanize
        self.swingByTempo = swingByTempo.sorted { $0.tempo < $1.tempo }
    }

    /// The swing at `tempo`: straight-line between the given tempos, level beyond the first and last.
    public func swing(atTempo tempo: Int) -> Swing {
        guard let first = swingByTempo.first, let last = swingByTempo.last else { return swing }
        let ratio: Double
        if tempo <= first.tempo {
            ratio = first.ratio
        } else if tempo >= last.tempo {
            ratio = last.ratio
        } else {
            let upper = swingByTempo.firstIndex { $0.tempo >= tempo }!
            let (a, b) = (swingByTempo[upper - 1], swingByTempo[upper])
            ratio = a.ratio + (b.ratio - a.ratio) * Double(tempo - a.tempo) / Double(b.tempo - a.tempo)
        }
        return Swing(ratio: ratio, unit: swing.unit)
    }

    public static let straight = Feel(swing: .straight, humanize: .off)
}
