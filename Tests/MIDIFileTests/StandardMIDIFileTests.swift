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
}
