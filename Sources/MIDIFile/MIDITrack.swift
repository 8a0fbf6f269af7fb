/// One track (MTrk chunk): events at absolute ticks; the writer orders them and adds End of Track.
public struct MIDITrack: Sendable, Hashable {
    public private(set) var events: [MIDIEvent]
    /// Where End of Track goes; nil puts it at the last event. An end earlier than the last event
    /// is moved to it.
    public var endTick: Int?

    public init(events: [MIDIEvent] = [], endTick: Int? = nil) {
        self.events = events
        self.endTick = endTick
    }

    public mutating func append(_ event: MIDIEvent) {
        events.append(event)
    }

    public mutating func reserveCapacity(_ count: Int) {
        events.reserveCapacity(count)
    }

    /// Adds a note as a note-on and its note-off `duration` ticks later.
    public mutating func addNote(channel: MIDIChannel, note: UInt7, velocity: UInt7, at tick: Int, duration: Int) {
        precondition(duration > 0, "a note lasts at least one tick")
        events.append(MIDIEvent(tick: tick, .noteOn(channel: channel, note: note, velocity: velocity)))
        events.append(MIDIEvent(tick: tick + duration, .noteOff(channel: channel, note: note)))
    }

    /// The tick of the last event.
    public var lastEventTick: Int { events.reduce(0) { max($0, $1.tick) } }
}
