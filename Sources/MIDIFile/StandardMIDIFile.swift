/// A Standard MIDI File: a header and its tracks, encoded to the bytes any MIDI reader accepts.
///
/// Backline writes format 1 (a conductor track then one track per part). Note-offs are written as
/// note-on with velocity 0 only by readers' choice; Backline writes true note-off (0x8n) events.
public struct StandardMIDIFile: Sendable, Hashable {
    public var format: Int
    public var ticksPerQuarter: Int
    public var tracks: [MIDITrack]

    public init(format: Int = 1, ticksPerQuarter: Int = 480, tracks: [MIDITrack]) {
        precondition([0, 1].contains(format), "Backline writes SMF format 0 or 1")
        precondition((1...0x7FFF).contains(ticksPerQuarter), "division must fit 15 bits")
        self.format = format
        self.ticksPerQuarter = ticksPerQuarter
        self.tracks = tracks
    }

    /// The file's bytes.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(14 + tracks.reduce(0) { $0 + 8 + $1.events.count * 4 + 4 })
        bytes.append(contentsOf: Array("MThd".utf8))
        bytes.appendBigEndian(UInt32(6))
        bytes.appendBigEndian(UInt16(format))
        bytes.appendBigEndian(UInt16(tracks.count))
        bytes.appendBigEndian(UInt16(ticksPerQuarter))
        for track in tracks { Self.encode(track, into: &bytes) }
        return bytes
    }

    private static func encode(_ track: MIDITrack, into bytes: inout [UInt8]) {
        bytes.append(contentsOf: Array("MTrk".utf8))
        let lengthIndex = bytes.count
        bytes.append(contentsOf: [0, 0, 0, 0])
        let start = bytes.count

        // A stable sort: equal ticks keep rank order, equal ranks keep insertion order.
        let ordered = track.events.enumerated().sorted { a, b in
            if a.element.tick != b.element.tick { return a.element.tick < b.element.tick }
            if a.element.sortRank != b.element.sortRank { return a.element.sortRank < b.element.sortRank }
            return a.offset < b.offset
        }
        var now = 0
        var runningStatus: UInt8?
        for (_, event) in ordered {
            bytes.appendVariableLength(event.tick - now)
            now = event.tick
            encode(event.kind, into: &bytes, runningStatus: &runningStatus)
        }
        bytes.appendVariableLength(max(0, (track.endTick ?? now) - now))
        bytes.append(contentsOf: [0xFF, 0x2F, 0x00])

        let length = UInt32(bytes.count - start)
        bytes[lengthIndex] = UInt8(length >> 24)
        bytes[lengthIndex + 1] = UInt8((length >> 16) & 0xFF)
        bytes[lengthIndex + 2] = UInt8((length >> 8) & 0xFF)
        bytes[lengthIndex + 3] = UInt8(length & 0xFF)
    }

    private static func encode(_ kind: MIDIEvent.Kind, into bytes: inout [UInt8], runningStatus: inout UInt8?) {
        func channelMessage(_ status: UInt8, _ data: UInt8...) {
            if runningStatus != status { bytes.append(status) }
            runningStatus = status
            bytes.append(contentsOf: data)
        }
        func meta(_ type: UInt8, _ payload: [UInt8]) {
            runningStatus = nil
            bytes.append(0xFF)
            bytes.append(type)
            bytes.appendVariableLength(payload.count)
            bytes.append(contentsOf: payload)
        }
        switch kind {
        case .noteOn(let channel, let note, let velocity):
            channelMessage(0x90 | channel.value, note.value, velocity.value)
        case .noteOff(let channel, let note):
            channelMessage(0x80 | channel.value, note.value, 0x40)
        case .programChange(let channel, let program):
            channelMessage(0xC0 | channel.value, program.value)
        case .controlChange(let channel, let controller, let value):
            channelMessage(0xB0 | channel.value, controller.value, value.value)
        case .trackName(let name):
            meta(0x03, Array(name.utf8))
        case .tempo(let microseconds):
            let us = UInt32(clamping: microseconds) & 0xFF_FFFF
            meta(0x51, [UInt8(us >> 16), UInt8((us >> 8) & 0xFF), UInt8(us & 0xFF)])
        case .timeSignature(let numerator, let denominator):
            let power = UInt8(denominator.trailingZeroBitCount)
            // MIDI clocks per metronome click: a quarter (24) in simple meters, a dotted quarter in x/8.
            let clocks: UInt8 = denominator == 8 && numerator % 3 == 0 ? 36 : UInt8(clamping: 96 / denominator)
            meta(0x58, [UInt8(clamping: numerator), power, clocks, 8])
        case .keySignature(let sharps, let minor):
            meta(0x59, [UInt8(bitPattern: Int8(clamping: sharps)), minor ? 1 : 0])
        }
    }
}

extension [UInt8] {
    mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)])
    }

    mutating func appendBigEndian(_ value: UInt16) {
        append(contentsOf: [UInt8(value >> 8), UInt8(value & 0xFF)])
    }

    /// MIDI's variable-length quantity: 7 bits a byte, high bit set on all but the last.
    mutating func appendVariableLength(_ value: Int) {
        precondition(value >= 0 && value <= 0x0FFF_FFFF, "delta time \(value) does not fit a MIDI VLQ")
        var buffer = UInt32(value & 0x7F)
        var rest = value >> 7
        while rest > 0 {
            buffer <<= 8
            buffer |= UInt32((rest & 0x7F) | 0x80)
            rest >>= 7
        }
        while true {
            append(UInt8(buffer & 0xFF))
            if buffer & 0x80 != 0 { buffer >>= 8 } else { break }
        }
    }
}
