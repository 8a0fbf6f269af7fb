/// A Standard MIDI File: a header and its tracks, encoded to the bytes any MIDI reader accepts.
///
/// Backline writes format 1 (a conductor track then one track per part), with true note-off
/// (0x8n) events and running status.
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
        Self.assemble(format: format, ticksPerQuarter: ticksPerQuarter, chunks: tracks.map(Self.chunk))
    }

    /// A file from track chunks already encoded with ``chunk(_:)``: several files sharing tracks
    /// (a part's own file and the combined one) encode each track once.
    public static func assemble(format: Int = 1, ticksPerQuarter: Int = 480, chunks: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(14 + chunks.reduce(0) { $0 + $1.count })
        bytes.append(contentsOf: [0x4D, 0x54, 0x68, 0x64])  // MThd
        bytes.appendBigEndian(UInt32(6))
        bytes.appendBigEndian(UInt16(format))
        bytes.appendBigEndian(UInt16(chunks.count))
        bytes.appendBigEndian(UInt16(ticksPerQuarter))
        for chunk in chunks { bytes.append(contentsOf: chunk) }
        return bytes
    }

    /// One track's MTrk chunk: events ordered by tick (meta events first, then program changes,
    /// note-offs, note-ons; otherwise in the order added), delta times, running status, End of Track.
    public static func chunk(_ track: MIDITrack) -> [UInt8] {
        let metas = track.metaEvents
        let messages = track.channelMessages
        // One sortable key per event: tick, rank, then insertion order, packed into 64 bits.
        var keys: [UInt64] = []
        keys.reserveCapacity(metas.count + messages.count)
        for (index, event) in metas.enumerated() {
            keys.append(UInt64(event.tick) << 34 | UInt64(index))
        }
        for (index, message) in messages.enumerated() {
            keys.append(UInt64(message.tick) << 34 | message.rank << 32 | UInt64(metas.count + index))
        }
        keys.sort()

        var bytes: [UInt8] = [0x4D, 0x54, 0x72, 0x6B, 0, 0, 0, 0]  // MTrk and a length to fill in
        bytes.reserveCapacity(8 + messages.count * 4 + metas.count * 16 + 4)
        var now = 0
        var runningStatus: UInt8 = 0
        for key in keys {
            let index = Int(key & 0xFFFF_FFFF)
            let tick = Int(key >> 34)
            bytes.appendVariableLength(tick - now)
            now = tick
            if index < metas.count {
                runningStatus = 0
                appendMeta(metas[index].kind, to: &bytes)
            } else {
                let message = messages[index - metas.count]
                if message.status != runningStatus { bytes.append(message.status) }
                runningStatus = message.status
                bytes.append(message.data1)
                if message.dataCount == 2 { bytes.append(message.data2) }
            }
        }
        bytes.appendVariableLength(max(0, (track.endTick ?? now) - now))
        bytes.append(contentsOf: [0xFF, 0x2F, 0x00])

        let length = UInt32(bytes.count - 8)
        bytes[4] = UInt8(length >> 24)
        bytes[5] = UInt8((length >> 16) & 0xFF)
        bytes[6] = UInt8((length >> 8) & 0xFF)
        bytes[7] = UInt8(length & 0xFF)
        return bytes
    }

    private static func appendMeta(_ kind: MIDIEvent.Kind, to bytes: inout [UInt8]) {
        func meta(_ type: UInt8, _ payload: [UInt8]) {
            bytes.append(0xFF)
            bytes.append(type)
            bytes.appendVariableLength(payload.count)
            bytes.append(contentsOf: payload)
        }
        switch kind {
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
        case .noteOn, .noteOff, .programChange, .controlChange, .pitchBend:
            preconditionFailure("channel messages are stored apart from meta events")
        }
    }
}

extension [UInt8] {
    mutating func appendBigEndian(_ value: UInt32) {
        append(UInt8(value >> 24))
        append(UInt8((value >> 16) & 0xFF))
        append(UInt8((value >> 8) & 0xFF))
        append(UInt8(value & 0xFF))
    }

    mutating func appendBigEndian(_ value: UInt16) {
        append(UInt8(value >> 8))
        append(UInt8(value & 0xFF))
    }

    /// MIDI's variable-length quantity: 7 bits a byte, high bit set on all but the last.
    @inlinable
    mutating func appendVariableLength(_ value: Int) {
        precondition(value >= 0 && value <= 0x0FFF_FFFF, "delta time \(value) does not fit a MIDI VLQ")
        if value < 0x80 {
            append(UInt8(value))
            return
        }
        var shift = 21
        while shift > 0 && value >> shift == 0 { shift -= 7 }
        while shift > 0 {
            append(UInt8((value >> shift) & 0x7F) | 0x80)
            shift -= 7
        }
        append(UInt8(value & 0x7F))
    }
}
