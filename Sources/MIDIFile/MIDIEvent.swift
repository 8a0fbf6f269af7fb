/// One event of a Standard MIDI File track, with its absolute time in ticks.
public struct MIDIEvent: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case noteOn(channel: MIDIChannel, note: UInt7, velocity: UInt7)
        case noteOff(channel: MIDIChannel, note: UInt7)
        case programChange(channel: MIDIChannel, program: UInt7)
        case controlChange(channel: MIDIChannel, controller: UInt7, value: UInt7)
        /// A pitch wheel position, 0–16383; 8192 is the centre (no bend).
        case pitchBend(channel: MIDIChannel, value: Int)
        /// Meta 0x03: the track's name (the song title on the conductor track).
        case trackName(String)
        /// Meta 0x51: microseconds per quarter note.
        case tempo(microsecondsPerQuarter: Int)
        /// Meta 0x58.
        case timeSignature(numerator: Int, denominator: Int)
        /// Meta 0x59: sharps (+) or flats (−), and minor.
        case keySignature(sharps: Int, minor: Bool)
    }

    public var tick: Int
    public var kind: Kind

    public init(tick: Int, _ kind: Kind) {
        precondition(tick >= 0, "events cannot precede the start of the song")
        self.tick = tick
        self.kind = kind
    }

    /// Order among events at the same tick: meta first, then program and controller changes,
    /// note-offs before note-ons so that a repeated note is released before it is struck again.
    var sortRank: Int {
        switch kind {
        case .trackName, .tempo, .timeSignature, .keySignature: 0
        case .programChange, .controlChange, .pitchBend: 1
        case .noteOff: 2
        case .noteOn: 3
        }
    }
}

extension MIDIEvent {
    /// Beats per minute as the tempo meta event stores it.
    public static func tempo(bpm: Double, at tick: Int = 0) -> MIDIEvent {
        MIDIEvent(tick: tick, .tempo(microsecondsPerQuarter: Int((60_000_000 / bpm).rounded())))
    }
}
