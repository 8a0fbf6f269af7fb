import MusicTheory

/// A rendered song as a MusicXML lead sheet wants it: title, key, meter and tempo, the chord
/// symbols bar by bar, the sections, and the parts' notes as MIDI ticks.
///
/// ``musicXML()`` writes it as a MusicXML 4.0 `score-partwise` document: the chord symbols as
/// `<harmony>` above the first pitched part (list the bass first), every part's notes quantized to
/// a notation grid. The notes may come straight from a humanized, swung performance.
public struct MusicXMLScore: Sendable, Hashable {
    /// Where a section starts: a rehearsal mark above that bar.
    public struct Section: Sendable, Hashable {
        public var name: String
        /// Zero-based bar index.
        public var firstBar: Int

        public init(name: String, firstBar: Int) {
            self.name = name
            self.firstBar = firstBar
        }
    }

    /// A chord symbol and where it starts.
    public struct ChordChange: Sendable, Hashable {
        /// Zero-based bar index.
        public var bar: Int
        /// Ticks from the start of the bar; placed on the notation grid like a note's onset.
        public var tick: Int
        /// The root as spelled: `C`, `Bb`, `F#` (`♭`, `♯` and double accidentals are read too); nil
        /// for N.C., no chord.
        public var root: String?
        public var quality: ChordQuality
        /// The bass of a slash chord, spelled like the root.
        public var bass: String?

        public init(bar: Int, tick: Int, root: String?, quality: ChordQuality, bass: String? = nil) {
            self.bar = bar
            self.tick = tick
            self.root = root
            self.quality = quality
            self.bass = bass
        }

        /// N.C. from `tick` of `bar`: the band leaves the harmony out.
        public static func noChord(bar: Int, tick: Int = 0) -> ChordChange {
            ChordChange(bar: bar, tick: tick, root: nil, quality: .major)
        }
    }

    /// A note as performed: absolute ticks, MIDI pitch and velocity.
    public struct Note: Sendable, Hashable {
        /// Ticks from the start of the song.
        public var start: Int
        public var duration: Int
        /// MIDI note number; for a percussion part, the General MIDI drum.
        public var pitch: Int
        public var velocity: Int

        public init(start: Int, duration: Int, pitch: Int, velocity: Int) {
            self.start = start
            self.duration = duration
            self.pitch = pitch
            self.velocity = velocity
        }
    }

    /// One staff: a part's name, its General MIDI program (0–127), and its notes.
    public struct Part: Sendable, Hashable {
        public var name: String
        public var program: Int
        /// Drums: written as unpitched notes on a percussion staff, MIDI channel 10.
        public var isPercussion: Bool
        public var notes: [Note]

        public init(name: String, program: Int, isPercussion: Bool = false, notes: [Note]) {
            self.name = name
            self.program = program
            self.isPercussion = isPercussion
            self.notes = notes
        }
    }

    public var title: String
    public var composer: String?
    /// Written as the key signature: `key.signature` gives the fifths and whether it is minor.
    public var key: Key
    public var meter: Meter
    /// Quarter notes per minute, also in compound meters (6/8 at 120 is 120 quarters, 80 dotted
    /// quarters, a minute).
    public var tempo: Int
    /// The resolution of every tick in this score (Backline's is 480).
    public var ticksPerQuarter: Int
    /// How many bars the score has; notes past the last are cut off.
    public var bars: Int
    public var sections: [Section]
    public var chords: [ChordChange]
    public var parts: [Part]
    /// Where the meter changes after the first bar (whose meter is ``meter``): the lead sheet's
    /// own type, so a chart read with its meter changes writes back with them. Each bar then
    /// lasts as long as its own meter (a note's ticks count from the song's start across bars of
    /// different lengths), and a `<time>` stands in each bar where the meter changes. Of two
    /// changes at one bar the later wins; a change to the meter already playing writes nothing.
    public var meterChanges: [LeadSheet.MeterChange]

    public init(
        title: String, composer: String? = nil, key: Key, meter: Meter, tempo: Int, ticksPerQuarter: Int = Meter.ticksPerQuarter,
        bars: Int, sections: [Section] = [], chords: [ChordChange], parts: [Part], meterChanges: [LeadSheet.MeterChange] = []
    ) {
        self.title = title
        self.composer = composer
        self.key = key
        self.meter = meter
        self.tempo = tempo
        self.ticksPerQuarter = ticksPerQuarter
        self.bars = bars
        self.sections = sections
        self.chords = chords
        self.parts = parts
        self.meterChanges = meterChanges
    }
}
