import MIDIFile

/// One note an agent plays: when, how long, which pitch, how hard. The channel belongs to the part.
public struct PartNote: Sendable, Hashable, MIDINoteEvent {
    /// Ticks from the start of the song.
    public var start: Int
    /// Ticks; at least 1.
    public var duration: Int
    public var pitch: UInt7
    public var velocity: UInt7

    public init(start: Int, duration: Int, pitch: UInt7, velocity: UInt7) {
        self.start = start
        self.duration = duration
        self.pitch = pitch
        self.velocity = velocity
    }

    public var end: Int { start + duration }
}
