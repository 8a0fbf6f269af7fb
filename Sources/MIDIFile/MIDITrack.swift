/// One track (MTrk chunk): events at absolute ticks; the writer orders them and adds End of Track.
///
/// Channel messages (notes, program and controller changes) are kept as small plain values, so a
/// track of thousands of notes is built, sorted and encoded without reference counting.
public struct MIDITrack: Sendable, Hashable {
    /// A channel message: status byte and up to two data bytes.
    struct ChannelMessage: Sendable, Hashable {
        var tick: Int32
        var status: UInt8
        var data1: UInt8
        var data2: UInt8

        /// Program changes carry one data byte; the rest carry two.
        var dataCount: Int { status & 0xF0 == 0xC0 ? 1 : 2 }

        /// Order among events at one tick: program and controller changes, then note-offs, then
        /// note-ons, so that a repeated note is released before it is struck again.
        var rank: UInt64 {
            switch status & 0xF0 {
            case 0x80: 2
            case 0x90: 3
            default: 1
            }
        }
    }

    /// Meta events (names, tempo, signatures), in the order added.
    private(set) var metaEvents: [MIDIEvent] = []
    private(set) var channelMessages: [ChannelMessage] = []
    /// Where End of Track goes; nil puts it at the last event. An end earlier than the last event
    /// is moved to it.
    public var endTick: Int?

    public init(events: [MIDIEvent] = [], endTick: Int? = nil) {
        self.endTick = endTick
        for event in events { append(event) }
    }

    /// Every event, meta events first, then channel messages, each in the order added.
    public var events: [MIDIEvent] {
        metaEvents + channelMessages.map { message in
            let channel = MIDIChannel(checked: Int(message.status & 0x0F))
            let kind: MIDIEvent.Kind = switch message.status & 0xF0 {
            case 0x80: .noteOff(channel: channel, note: UInt7(checked: Int(message.data1)))
            case 0x90: .noteOn(channel: channel, note: UInt7(checked: Int(message.data1)), velocity: UInt7(checked: Int(message.data2)))
            case 0xC0: .programChange(channel: channel, program: UInt7(checked: Int(message.data1)))
            case 0xE0: .pitchBend(channel: channel, value: Int(message.data1) | Int(message.data2) << 7)
            default: .controlChange(channel: channel, controller: UInt7(checked: Int(message.data1)), value: UInt7(checked: Int(message.data2)))
            }
            return MIDIEvent(tick: Int(message.tick), kind)
        }
    }

    public mutating func append(_ event: MIDIEvent) {
        let tick = Int32(clamping: event.tick)
        switch event.kind {
        case .noteOn(let channel, let note, let velocity):
            channelMessages.append(ChannelMessage(tick: tick, status: 0x90 | channel.value, data1: note.value, data2: velocity.value))
        case .noteOff(let channel, let note):
            channelMessages.append(ChannelMessage(tick: tick, status: 0x80 | channel.value, data1: note.value, data2: 0x40))
        case .programChange(let channel, let program):
            channelMessages.append(ChannelMessage(tick: tick, status: 0xC0 | channel.value, data1: program.value, data2: 0))
        case .controlChange(let channel, let controller, let value):
            channelMessages.append(ChannelMessage(tick: tick, status: 0xB0 | channel.value, data1: controller.value, data2: value.value))
        case .pitchBend(let channel, let value):
            let bend = Swift.min(16383, Swift.max(0, value))
            channelMessages.append(ChannelMessage(tick: tick, status: 0xE0 | channel.value, data1: UInt8(bend & 0x7F), data2: UInt8(bend >> 7)))
        case .trackName, .tempo, .timeSignature, .keySignature:
            metaEvents.append(event)
        }
    }

    public mutating func reserveCapacity(_ count: Int) {
        channelMessages.reserveCapacity(count)
    }

    /// Adds a note as a note-on and its note-off `duration` ticks later.
    public mutating func addNote(channel: MIDIChannel, note: UInt7, velocity: UInt7, at tick: Int, duration: Int) {
        precondition(tick >= 0 && duration > 0, "a note starts in the song and lasts at least one tick")
        channelMessages.append(ChannelMessage(tick: Int32(clamping: tick), status: 0x90 | channel.value, data1: note.value, data2: velocity.value))
        channelMessages.append(ChannelMessage(tick: Int32(clamping: tick + duration), status: 0x80 | channel.value, data1: note.value, data2: 0x40))
    }

    /// The tick of the last event.
    public var lastEventTick: Int {
        max(metaEvents.reduce(0) { max($0, $1.tick) }, Int(channelMessages.reduce(0) { max($0, $1.tick) }))
    }
}
