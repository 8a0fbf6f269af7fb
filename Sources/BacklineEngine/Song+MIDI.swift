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
        ] + tempos.dropFirst().map { MIDIEvent.tempo(bpm: Double($0.bpm), at: arrangement.bars[$0.bar].start) }
            + arrangement.meterChanges.map { change in
                MIDIEvent(tick: arrangement.bars[change.bar].start, .timeSignature(numerator: change.meter.numerator, denominator: change.meter.denominator))
            })
        // End of Track goes where the song ends, so every file is exactly the arrangement's length.
        track.endTick = arrangement.totalTicks
        return track
    }

    /// A part's track: its name, its program, its notes; it ends where the song ends.
    func partChunk(_ track: Track) -> [UInt8] {
        guard track.notes.contains(where: { $0.glide != 0 }) else {
            return StandardMIDIFile.noteChunk(
                name: track.name, voices: track.voices.map { ($0.channel, $0.program) }, notes: track.notes, endTick: arrangement.totalTicks)
        }
        return StandardMIDIFile.chunk(glidingTrack(track))
    }

    /// Semitones the pitch wheel reaches at either end: glides of up to an octave.
    static let bendRange = 12

    /// A part whose notes glide: its pitch-bend range set to an octave (RPN 0), then each gliding
    /// note starts bent by its glide and slides back to its pitch over its first sixteenth (at most
    /// half its length), in eight steps.
    func glidingTrack(_ track: Track) -> MIDITrack {
        var midi = MIDITrack(events: [MIDIEvent(tick: 0, .trackName(track.name))], endTick: arrangement.totalTicks)
        for voice in track.voices {
            midi.append(MIDIEvent(tick: 0, .programChange(channel: voice.channel, program: voice.program)))
            for (controller, value) in [(101, 0), (100, 0), (6, Self.bendRange), (38, 0)] {
                midi.append(MIDIEvent(tick: 0, .controlChange(channel: voice.channel, controller: UInt7(checked: controller), value: UInt7(checked: value))))
            }
        }
        let steps = 8
        for note in track.notes {
            let channel = track.voices[Int(note.voice)].channel
            if note.glide != 0 {
                let slide = max(steps, min(Meter.ticksPerQuarter / 4, note.duration / 2))
                for step in 0...steps {
                    let remaining = Double(note.glide) * Double(steps - step) / Double(steps)
                    let value = 8192 + Int((remaining * 8192 / Double(Self.bendRange)).rounded())
                    midi.append(MIDIEvent(tick: note.start + slide * step / steps, .pitchBend(channel: channel, value: value)))
                }
            }
            midi.addNote(channel: channel, note: note.pitch, velocity: note.velocity, at: note.start, duration: note.duration)
        }
        return midi
    }
}
