import MIDIFile

/// What an agent's part is, in any genre: its default General MIDI program and channel, whether its
/// notes are pitches or drum sounds, and whether a song plays it without being asked.
///
/// Declared once by the agent. The preset loader assigns channels and programs from it, and every
/// list of parts (validation, `GET /genres`, the OpenAPI enums, the piano roll, audio stems, the
/// studio page) is derived from the genres and their parts, never written out again.
public struct PartTraits: Sendable, Hashable {
    /// Which MIDI channel a part takes when its preset names none.
    public enum Channel: Sendable, Hashable {
        /// Always this channel: General MIDI drums play on 9 (0-based).
        case fixed(MIDIChannel)
        /// This channel if no other part of the genre has it, else the lowest free one.
        case preferred(MIDIChannel)
        /// The lowest channel no other part of the genre has (never 9, the drums').
        case anyFree
    }

    /// General MIDI program, 0-based, when the preset names none.
    public let program: UInt7
    public let channel: Channel
    /// False for percussion: a note is a kit piece, not a pitch.
    public let isPitched: Bool
    /// Plays only when a song asks for it (`with_keys`, `parts`), unless the preset says otherwise.
    public let playsOnRequest: Bool
    /// For unpitched parts, the name of each note's lane (its kit piece), for pictures.
    public let lanes: [Int: String]

    public init(program: UInt7, channel: Channel, isPitched: Bool = true, playsOnRequest: Bool = false, lanes: [Int: String] = [:]) {
        self.program = program
        self.channel = channel
        self.isPitched = isPitched
        self.playsOnRequest = playsOnRequest
        self.lanes = lanes
    }
}

/// One instrument of a part that plays several (a horn section): its name and General MIDI
/// program. Each gets a MIDI channel of its own in the part's track.
public struct Instrument: Sendable, Hashable {
    public let name: String
    public let program: UInt7

    public init(name: String, program: UInt7) {
        self.name = name
        self.program = program
    }
}
