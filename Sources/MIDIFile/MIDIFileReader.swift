/// Reads a Standard MIDI File back into notes and meta data: enough to check what a file holds.
public struct MIDIFileReader: Sendable {
    public struct Note: Sendable, Hashable {
        public let track: Int
        public let channel: Int
        public let pitch: Int
        public let velocity: Int
        public let start: Int
        public let end: Int
    }

    public struct PitchBend: Sendable, Hashable {
        public let track: Int
        public let channel: Int
        public let tick: Int
        public let value: Int
    }

    public struct Contents: Sendable {
        public var format = 0
        public var ticksPerQuarter = 0
        public var trackCount = 0
        public var trackNames: [String] = []
        public var notes: [Note] = []
        public var programs: [(track: Int, channel: Int, program: Int)] = []
        public var microsecondsPerQuarter: [Int] = []
        public var timeSignatures: [(numerator: Int, denominator: Int)] = []
        public var keySignatures: [(sharps: Int, minor: Bool)] = []
        /// Note-ons never released, and note-offs with no note sounding.
        public var unmatchedNoteEvents = 0
        /// Pitch wheel messages in file order: 8192 is no bend.
        public var pitchBends: [PitchBend] = []
        /// Controller changes in file order.
        public var controllers: [(track: Int, channel: Int, tick: Int, controller: Int, value: Int)] = []
        /// The tick of each track's End of Track event.
        public var trackEnds: [Int] = []

        /// The first tempo in beats per minute, rounded; 120, MIDI's default, when the file sets none.
        public var startingBPM: Int {
            microsecondsPerQuarter.first.map { Int((60_000_000 / Double($0)).rounded()) } ?? 120
        }

        /// The notes of each track, in file order, one list per track.
        public var notesByTrack: [[Note]] {
            var byTrack = [[Note]](repeating: [], count: trackCount)
            for note in notes { byTrack[note.track].append(note) }
            return byTrack
        }
    }

    public struct Error: Swift.Error, Sendable, CustomStringConvertible {
        public let offset: Int
        public let message: String
        public var description: String { "byte \(offset): \(message)" }
    }

    public init() {}

    public func read(_ bytes: [UInt8]) throws(Error) -> Contents {
        var cursor = Cursor(bytes: bytes)
        var contents = Contents()
        guard try cursor.ascii(4) == "MThd", try cursor.uint32() == 6 else {
            throw Error(offset: 0, message: "not a Standard MIDI File (no MThd header)")
        }
        contents.format = Int(try cursor.uint16())
        contents.trackCount = Int(try cursor.uint16())
        contents.ticksPerQuarter = Int(try cursor.uint16())
        for track in 0..<contents.trackCount {
            guard try cursor.ascii(4) == "MTrk" else {
                throw Error(offset: cursor.offset - 4, message: "track \(track) does not start with MTrk")
            }
            let length = Int(try cursor.uint32())
            let end = cursor.offset + length
            guard end <= bytes.count else { throw Error(offset: cursor.offset, message: "track \(track) runs past the end") }
            try readTrack(track, until: end, &cursor, into: &contents)
        }
        return contents
    }

    private func readTrack(_ track: Int, until end: Int, _ cursor: inout Cursor, into contents: inout Contents) throws(Error) {
        var tick = 0
        var status: UInt8 = 0
        var sounding: [Int: [(start: Int, velocity: Int)]] = [:]
        var name = ""
        var ended = false
        while cursor.offset < end {
            tick += try cursor.variableLength()
            var byte = try cursor.byte()
            if byte & 0x80 != 0 {
                status = byte
                if byte < 0xF0 { byte = try cursor.byte() }
            } else if status == 0 {
                throw Error(offset: cursor.offset - 1, message: "running status with no previous status")
            }
            switch status & 0xF0 {
            case 0x80, 0x90:
                let channel = Int(status & 0x0F)
                let pitch = Int(byte)
                let velocity = Int(try cursor.byte())
                let key = channel << 8 | pitch
                if status & 0xF0 == 0x90 && velocity > 0 {
                    sounding[key, default: []].append((tick, velocity))
                } else if var started = sounding[key], !started.isEmpty {
                    let first = started.removeFirst()
                    sounding[key] = started
                    contents.notes.append(Note(track: track, channel: channel, pitch: pitch, velocity: first.velocity, start: first.start, end: tick))
                } else {
                    contents.unmatchedNoteEvents += 1
                }
            case 0xE0:
                let value = Int(byte) | Int(try cursor.byte()) << 7
                contents.pitchBends.append(PitchBend(track: track, channel: Int(status & 0x0F), tick: tick, value: value))
            case 0xB0:
                contents.controllers.append((track, Int(status & 0x0F), tick, Int(byte), Int(try cursor.byte())))
            case 0xA0:
                _ = try cursor.byte()
            case 0xC0:
                contents.programs.append((track, Int(status & 0x0F), Int(byte)))
            case 0xD0:
                break
            default:
                if status == 0xFF {
                    let type = try cursor.byte()
                    let length = try cursor.variableLength()
                    let payload = try cursor.bytes(length)
                    switch type {
                    case 0x03: name = String(decoding: payload, as: UTF8.self)
                    case 0x51 where length == 3:
                        contents.microsecondsPerQuarter.append(Int(payload[0]) << 16 | Int(payload[1]) << 8 | Int(payload[2]))
                    case 0x58 where length == 4:
                        contents.timeSignatures.append((Int(payload[0]), 1 << Int(payload[1])))
                    case 0x59 where length == 2:
                        contents.keySignatures.append((Int(Int8(bitPattern: payload[0])), payload[1] == 1))
                    case 0x2F:
                        ended = true
                        contents.trackEnds.append(tick)
                    default: break
                    }
                    status = 0
                } else if status == 0xF0 || status == 0xF7 {
                    let length = try cursor.variableLength()
                    _ = try cursor.bytes(length)
                    status = 0
                } else {
                    throw Error(offset: cursor.offset - 1, message: "unknown status byte \(status)")
                }
            }
        }
        guard ended else { throw Error(offset: cursor.offset, message: "track \(track) has no End of Track") }
        contents.trackNames.append(name)
        contents.unmatchedNoteEvents += sounding.values.reduce(0) { $0 + $1.count }
    }

    private struct Cursor {
        let bytes: [UInt8]
        var offset = 0

        mutating func byte() throws(Error) -> UInt8 {
            guard offset < bytes.count else { throw Error(offset: offset, message: "unexpected end of file") }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func bytes(_ count: Int) throws(Error) -> [UInt8] {
            guard count >= 0, offset + count <= bytes.count else { throw Error(offset: offset, message: "unexpected end of file") }
            defer { offset += count }
            return Array(bytes[offset..<offset + count])
        }

        mutating func ascii(_ count: Int) throws(Error) -> String {
            String(decoding: try bytes(count), as: UTF8.self)
        }

        mutating func uint16() throws(Error) -> UInt16 {
            UInt16(try byte()) << 8 | UInt16(try byte())
        }

        mutating func uint32() throws(Error) -> UInt32 {
            UInt32(try uint16()) << 16 | UInt32(try uint16())
        }

        mutating func variableLength() throws(Error) -> Int {
            var value = 0
            for _ in 0..<4 {
                let byte = try byte()
                value = value << 7 | Int(byte & 0x7F)
                if byte & 0x80 == 0 { return value }
            }
            throw Error(offset: offset, message: "variable-length quantity longer than 4 bytes")
        }
    }
}
