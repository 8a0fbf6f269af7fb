import Testing

@testable import MIDIFile

@Suite("Standard MIDI File writer")
struct StandardMIDIFileTests {
    @Test("Variable-length quantities match the SMF specification's examples", arguments: [
        (0, [0x00]), (0x40, [0x40]), (0x7F, [0x7F]), (0x80, [0x81, 0x00]), (0x2000, [0xC0, 0x00]),
        (0x3FFF, [0xFF, 0x7F]), (0x4000, [0x81, 0x80, 0x00]), (0x10_0000, [0xC0, 0x80, 0x00]),
        (0x0FFF_FFFF, [0xFF, 0xFF, 0xFF, 0x7F]),
    ])
    func variableLength(value: Int, bytes: [Int]) {
        var encoded: [UInt8] = []
        encoded.appendVariableLength(value)
        #expect(encoded == bytes.map(UInt8.init))
    }

    @Test("Header: MThd, length 6, format 1, track count, 480 ticks per quarter")
    func header() {
        let file = StandardMIDIFile(tracks: [MIDITrack(), MIDITrack()]).encoded()
        #expect(Array(file.prefix(14)) == [0x4D, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 1, 0, 2, 0x01, 0xE0])
        #expect(Array(file[14..<18]) == Array("MTrk".utf8))
    }

    @Test("Notes, tempo and signatures read back exactly")
    func roundTrip() throws {
        let channel = MIDIChannel(checked: 2)
        var track = MIDITrack(events: [
            MIDIEvent(tick: 0, .trackName("guitar")),
            MIDIEvent(tick: 0, .programChange(channel: channel, program: UInt7(checked: 29))),
        ])
        track.addNote(channel: channel, note: UInt7(checked: 64), velocity: UInt7(checked: 100), at: 0, duration: 480)
        track.addNote(channel: channel, note: UInt7(checked: 64), velocity: UInt7(checked: 90), at: 480, duration: 240)
        track.endTick = 1920
        let conductor = MIDITrack(events: [
            MIDIEvent.tempo(bpm: 120), MIDIEvent(tick: 0, .timeSignature(numerator: 12, denominator: 8)),
            MIDIEvent(tick: 0, .keySignature(sharps: -3, minor: true)),
        ])
        let contents = try MIDIFileReader().read(StandardMIDIFile(tracks: [conductor, track]).encoded())
        #expect(contents.format == 1 && contents.ticksPerQuarter == 480 && contents.trackCount == 2)
        #expect(contents.microsecondsPerQuarter == [500_000])
        #expect(contents.timeSignatures.first.map { [$0.numerator, $0.denominator] } == [12, 8])
        #expect(contents.keySignatures.first.map { "\($0.sharps) \($0.minor)" } == "-3 true")
        #expect(contents.trackNames == ["", "guitar"])
        #expect(contents.notes.map { [$0.pitch, $0.start, $0.end, $0.velocity, $0.channel] } == [[64, 0, 480, 100, 2], [64, 480, 720, 90, 2]])
        #expect(contents.unmatchedNoteEvents == 0)
        #expect(contents.trackEnds == [0, 1920])
    }

    @Test("A repeated note is released before it is struck again at the same tick")
    func noteOffBeforeNoteOn() throws {
        var track = MIDITrack()
        let channel = MIDIChannel(checked: 0)
        // Added in the "wrong" order on purpose.
        track.addNote(channel: channel, note: UInt7(checked: 60), velocity: UInt7(checked: 80), at: 480, duration: 480)
        track.addNote(channel: channel, note: UInt7(checked: 60), velocity: UInt7(checked: 80), at: 0, duration: 480)
        let contents = try MIDIFileReader().read(StandardMIDIFile(tracks: [track]).encoded())
        #expect(contents.notes.map(\.start) == [0, 480])
        #expect(contents.notes.map(\.end) == [480, 960])
    }

    @Test("Bounded MIDI numbers refuse values out of range")
    func boundedNumbers() {
        #expect(UInt7(128) == nil && UInt7(-1) == nil && UInt7(127)?.value == 127)
        #expect(MIDIChannel(16) == nil && MIDIChannel(9) == .percussion)
        #expect(UInt7(clamping: 300).value == 127)
    }

    @Test("A truncated file is refused with the byte offset")
    func truncated() {
        let bytes = Array(StandardMIDIFile(tracks: [MIDITrack()]).encoded().dropLast(2))
        #expect(throws: MIDIFileReader.Error.self) { try MIDIFileReader().read(bytes) }
    }

    struct Note: MIDINoteEvent {
        let start: Int
        let end: Int
        let pitch: UInt7
        let velocity: UInt7
    }

    @Test("A part's notes encode straight to the bytes the general track encoder gives, sorted or not", arguments: [1, 2, 3, 4])
    func noteChunkMatchesTrackChunk(seed: UInt64) {
        var random = SplitMix(seed: seed)
        // Notes on a coarse grid, so that starts, ends and repeated pitches often share a tick.
        var notes = (0..<400).map { _ -> Note in
            let start = Int(random.next() % 64) * 120
            return Note(start: start, end: start + 1 + Int(random.next() % 8) * 120, pitch: UInt7(checked: 36 + Int(random.next() % 6)), velocity: UInt7(checked: 1 + Int(random.next() % 127)))
        }
        // Songs hand their notes over sorted; other callers need not.
        if seed % 2 == 0 { notes.sort { ($0.start, $0.pitch) < ($1.start, $1.pitch) } }
        let channel = MIDIChannel(checked: 2)
        var track = MIDITrack(events: [MIDIEvent(tick: 0, .trackName("guitar")), MIDIEvent(tick: 0, .programChange(channel: channel, program: UInt7(checked: 25)))])
        for note in notes { track.addNote(channel: channel, note: note.pitch, velocity: note.velocity, at: note.start, duration: note.end - note.start) }
        track.endTick = 64 * 120 + 2000
        let direct = StandardMIDIFile.noteChunk(name: "guitar", channel: channel, program: UInt7(checked: 25), notes: notes, endTick: 64 * 120 + 2000)
        #expect(direct == StandardMIDIFile.chunk(track))
    }

    @Test("A part's own file is the combined file's conductor and part tracks, byte for byte")
    func selectingTracks() throws {
        let conductor = StandardMIDIFile.chunk(MIDITrack(events: [MIDIEvent.tempo(bpm: 90)], endTick: 1920))
        let parts = (0..<3).map { index in
            StandardMIDIFile.noteChunk(name: "p\(index)", channel: MIDIChannel(checked: index), program: UInt7(checked: index), notes: [Note(start: 0, end: 480, pitch: UInt7(checked: 60 + index), velocity: UInt7(checked: 90))], endTick: 1920)
        }
        let full = StandardMIDIFile.assemble(chunks: [conductor] + parts)
        #expect(try StandardMIDIFile.selecting(tracks: [0, 2], of: full) == StandardMIDIFile.assemble(chunks: [conductor, parts[1]]))
        #expect(throws: StandardMIDIFile.ChunkError.self) { try StandardMIDIFile.selecting(tracks: [0, 4], of: full) }
        #expect(throws: StandardMIDIFile.ChunkError.self) { try StandardMIDIFile.selecting(tracks: [0], of: Array(full.prefix(40))) }
    }
}

/// A small seeded generator for test data.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
