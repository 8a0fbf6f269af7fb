import MIDIFile

/// One note an agent plays: when, how long, which pitch, how hard. The channel belongs to the part.
public struct PartNote: Sendable, Hashable, MIDINoteEvent {
    /// Ticks from the start of the song.
    public var start: Int
    /// Ticks; at least 1.
    public var duration: Int
    public var pitch: UInt7
    public var velocity: UInt7
    /// Which instrument of a several-instrument part plays it (see ``PartPerformer/instruments``); 0
    /// for a part that is one instrument.
    public var voice: UInt8
    /// Semitones the note slides in from, −12…12: it starts that far from its pitch and glides to it
    /// (an 808's portamento); 0 for none.
    public var glide: Int8

    public init(start: Int, duration: Int, pitch: UInt7, velocity: UInt7, voice: UInt8 = 0, glide: Int8 = 0) {
        self.start = start
        self.duration = duration
        self.pitch = pitch
        self.velocity = velocity
        self.voice = voice
        self.glide = glide
    }

    public var end: Int { start + duration }
}
