import BacklineAgents
import MusicTheory

/// What a rendered song's MIDI file does not say by itself: the parts in track order, the meter,
/// and each section with the chords of every bar, spelled for the song's key.
///
/// The combined MIDI file plus its outline is all a stored song needs: each part's file, the piano
/// roll and the arrangement a client reads are derived from the two, the same bytes every time.
public struct SongOutline: Sendable, Hashable, Codable {
    /// A part: its track's name (`drums`, …) and MIDI channel, in the order of the file's tracks.
    public struct Part: Sendable, Hashable, Codable {
        public let name: String
        public let channel: Int

        public init(name: String, channel: Int) {
            self.name = name
            self.channel = channel
        }
    }

    /// A chord symbol and where it starts, in ticks from the start of its bar.
    public struct ChordMark: Sendable, Hashable, Codable {
        public let name: String
        public let offset: Int

        public init(name: String, offset: Int) {
            self.name = name
            self.offset = offset
        }
    }

    public struct Section: Sendable, Hashable, Codable {
        public let name: String
        /// Bar number of the section's first bar in the song, from 0.
        public let firstBar: Int
        /// One entry per bar: the chords that bar holds.
        public let chords: [[ChordMark]]

        public init(name: String, firstBar: Int, chords: [[ChordMark]]) {
            self.name = name
            self.firstBar = firstBar
            self.chords = chords
        }

        public var bars: Int { chords.count }

        /// Each bar's chords as a musician reads them: `Am7 D7`.
        public var chordNames: [String] { chords.map { $0.map(\.name).joined(separator: " ") } }

        enum CodingKeys: String, CodingKey {
            case name, chords
            case firstBar = "first_bar"
        }
    }

    public let meter: Meter
    public let parts: [Part]
    public let sections: [Section]

    public init(meter: Meter, parts: [Part], sections: [Section]) {
        self.meter = meter
        self.parts = parts
        self.sections = sections
    }

    public var totalBars: Int { sections.reduce(0) { $0 + $1.bars } }
}

extension Song {
    /// The song's outline: its parts, meter and chords per bar.
    public var outline: SongOutline {
        let sections = arrangement.sections.map { section in
            let bars = arrangement.bars[section.firstBar..<(section.firstBar + section.bars)]
            let chords = bars.map { bar in
                bar.chords.map { SongOutline.ChordMark(name: $0.chord.name(in: key), offset: $0.start - bar.start) }
            }
            return SongOutline.Section(name: section.name, firstBar: section.firstBar, chords: chords)
        }
        return SongOutline(
            meter: arrangement.meter, parts: tracks.map { SongOutline.Part(name: $0.name, channel: $0.channel.intValue) },
            sections: sections)
    }
}
