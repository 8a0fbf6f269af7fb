import MusicTheory

/// Everything about one song that a part needs to play it.
public struct RenderContext: Sendable {
    public let key: Key
    /// Beats per minute.
    public let tempo: Int
    public let arrangement: Arrangement
    /// The genre's swing; grids ask ``StepPattern/tick(ofStep:barStart:in:)`` for swung times.
    public let swing: Swing

    public init(key: Key, tempo: Int, arrangement: Arrangement, swing: Swing = .straight) {
        self.key = key
        self.tempo = tempo
        self.arrangement = arrangement
        self.swing = swing
    }

    public var meter: Meter { arrangement.meter }

    /// Ticks in `milliseconds` at this song's tempo (a quarter note lasts 60000/tempo ms).
    public func ticks(milliseconds: Double) -> Int {
        Int((milliseconds * Double(tempo) * Double(Meter.ticksPerQuarter) / 60_000).rounded())
    }
}
