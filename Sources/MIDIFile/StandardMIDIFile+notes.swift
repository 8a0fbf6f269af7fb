/// A note as a track holds it: when it starts and ends (ticks), which key, how hard.
public protocol MIDINoteEvent {
    var start: Int { get }
    var end: Int { get }
    var pitch: UInt7 { get }
    var velocity: UInt7 { get }
    /// Which of the track's channels plays it: an index into the channels the track is encoded with.
    var voice: UInt8 { get }
}

extension MIDINoteEvent {
    public var voice: UInt8 { 0 }
}

extension StandardMIDIFile {
    /// One part's MTrk chunk straight from its notes: its name, a program change for each of its
    /// channels, then every note (on the channel its voice names) as a note-on and a note-off, End
    /// of Track at `endTick`.
    ///
    /// The same bytes as ``chunk(_:)`` of a ``MIDITrack`` holding the name, the program change and
    /// each note added with ``MIDITrack/addNote(channel:note:velocity:at:duration:)`` in order,
    /// without building the track: at one tick note-offs come before note-ons, each in the notes'
    /// order. This is the encoder's hot path, thousands of notes a song: inlinable, so that it is
    /// specialized for the caller's note type.
    @inlinable
    public static func noteChunk<Note: MIDINoteEvent>(name: String, channel: MIDIChannel, program: UInt7, notes: [Note], endTick: Int) -> [UInt8] {
        noteChunk(name: name, voices: [(channel, program)], notes: notes, endTick: endTick)
    }

    /// A part of several instruments: `voices` gives each one's channel and program, and a note's
    /// ``MIDINoteEvent/voice`` picks its channel.
    @inlinable
    public static func noteChunk<Note: MIDINoteEvent>(
        name: String, voices: [(channel: MIDIChannel, program: UInt7)], notes: [Note], endTick: Int
    ) -> [UInt8] {
        precondition(notes.count < 1 << 24, "a track holds fewer than 16 million notes")
        // A note whose voice has no channel stops at `channels[…]` below: a programming error.
        precondition(!voices.isEmpty, "a track plays at least one channel")
        // Ticks in the high bits, the note's index in the low 24: sorting a key sorts by time, then
        // by the order the notes were given.
        // Notes usually come sorted by start; then they are their own note-on order.
        var sortedByStart = true
        for index in notes.indices.dropFirst() where notes[index].start < notes[index - 1].start {
            sortedByStart = false
            break
        }
        var ons: [UInt64] = []
        if !sortedByStart {
            ons = notes.indices.map { UInt64(notes[$0].start) << 24 | UInt64($0) }
            ons.sort()
        }
        let onCount = notes.count
        var offs = notes.indices.map { UInt64(notes[$0].end) << 24 | UInt64($0) }
        offs.sort()

        // At most 14 bytes a note (two events of a 4-byte delta, a status and two data bytes), so the
        // chunk is written straight into memory sized once.
        let name = Array(name.utf8)
        let capacity = 8 + 1 + 2 + 4 + name.count + 3 * voices.count + notes.count * 14 + 4 + 3
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            var cursor = 0
            @inline(__always) func put(_ byte: UInt8) {
                buffer[cursor] = byte
                cursor += 1
            }
            @inline(__always) func putVariableLength(_ value: Int) {
                precondition(value >= 0 && value <= 0x0FFF_FFFF, "delta time \(value) does not fit a MIDI VLQ")
                if value < 0x80 {
                    put(UInt8(value))
                    return
                }
                var shift = 21
                while shift > 0 && value >> shift == 0 { shift -= 7 }
                while shift > 0 {
                    put(UInt8((value >> shift) & 0x7F) | 0x80)
                    shift -= 7
                }
                put(UInt8(value & 0x7F))
            }
            for byte: UInt8 in [0x4D, 0x54, 0x72, 0x6B, 0, 0, 0, 0] { put(byte) }  // MTrk and a length to fill in
            put(0)
            put(0xFF)
            put(0x03)
            putVariableLength(name.count)
            for byte in name { put(byte) }
            var runningStatus: UInt8 = 0
            for voice in voices {
                put(0)
                put(0xC0 | voice.channel.value)
                put(voice.program.value)
                runningStatus = 0xC0 | voice.channel.value
            }
            let channels = voices.map(\.channel.value)
            // Most parts are one instrument: one channel, no lookup per note.
            let onlyChannel: UInt8? = channels.count == 1 ? channels[0] : nil
            var now = 0
            var on = 0
            var off = 0
            while on < onCount || off < offs.count {
                let nextOn = on == onCount ? Int.max : (sortedByStart ? notes[on].start : Int(ons[on] >> 24))
                // At one tick, releases first, so a repeated note is let go before it is struck again.
                let takeOff = off < offs.count && Int(offs[off] >> 24) <= nextOn
                let index = takeOff ? Int(offs[off] & 0xFF_FFFF) : (sortedByStart ? on : Int(ons[on] & 0xFF_FFFF))
                let note = notes[index]
                let tick = takeOff ? Int(offs[off] >> 24) : nextOn
                putVariableLength(tick - now)
                now = tick
                let status = (takeOff ? 0x80 : 0x90) | (onlyChannel ?? channels[Int(note.voice)])
                if status != runningStatus { put(status) }
                runningStatus = status
                put(note.pitch.value)
                put(takeOff ? 0x40 : note.velocity.value)
                if takeOff { off += 1 } else { on += 1 }
            }
            putVariableLength(max(0, endTick - now))
            put(0xFF)
            put(0x2F)
            put(0x00)

            let length = UInt32(cursor - 8)
            buffer[4] = UInt8(length >> 24)
            buffer[5] = UInt8((length >> 16) & 0xFF)
            buffer[6] = UInt8((length >> 8) & 0xFF)
            buffer[7] = UInt8(length & 0xFF)
            count = cursor
        }
    }
}
