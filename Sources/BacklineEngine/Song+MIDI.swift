import BacklineAgents
import MIDIFile
import MusicTheory

extension Song {
    /// A written file: its name suffix (`drums`, …, `full`) and its bytes.
    public struct MIDIFileOutput: Sendable {
        /// A part's name (`drums`, `bass` …) or `full`.
        public let part: String
        public let bytes: [UInt8]
    }

    /// One Standard MIDI File per part, then `full` with every part; each is format 1 with the
    /// conductor track (title, tempo, time and key signature) first. Each track is encoded once.
    public func midiFiles() -> [MIDIFileOutput] {
        let (conductor, parts) = chunks()
        var files = zip(tracks, parts).map { track, chunk in
            MIDIFileOutput(part: track.name, bytes: StandardMIDIFile.assemble(chunks: [conductor, chunk]))
        }
        files.append(MIDIFileOutput(part: "full", bytes: StandardMIDIFile.assemble(chunks: [conductor] + parts)))
        return files
    }

    /// The combined file only.
    public func fullMIDIFile() -> [UInt8] {
        let (conductor, parts) = chunks()
        return StandardMIDIFile.assemble(chunks: [conductor] + parts)
    }

    /// The encoded conductor track and each part's track, shared by every file.
    private func chunks() -> (conductor: [UInt8], parts: [[UInt8]]) {
        (StandardMIDIFile.chunk(conductorTrack()), tracks.map(partChunk))
    }

    func conductorTrack() -> MIDITrack {
        let signature = key.signature
        var track = MIDITrack(events: [
            MIDIEvent(tick: 0, .trackName(title)),
            MIDIEvent.tempo(bpm: Double(tempos.first?.bpm ?? request.tempo)),
            MIDIEvent(tick: 0, .timeSignature(numerator: arrangement.meter.numerator, denominator: arrangement.meter.denominator)),
            MIDIEvent(tick: 0, .keySignature(sharps: signature.sharps, minor: signature.isMinor)),
        ] + tempos.dropFirst().map { MIDIEvent.tempo(bpm: Double($0.bpm), at: $0.bar * arrangement.meter.ticksPerBar) })
        // End of Track goes where the song ends, so every file is exactly the arrangement's length.
        track.endTick = arrangement.totalTicks
        return track
    }

    /// A part's track: its name, its program, its notes; it ends where the song ends.
    func partChunk(_ track: Track) -> [UInt8] {
        StandardMIDIFile.noteChunk(
            name: track.name, voices: track.voices.map { ($0.channel, $0.program) }, notes: track.notes, endTick: arrangement.totalTicks)
    }
}
