import BacklineAgents
import MIDIFile
import MusicTheory

/// What a rendered song's MIDI file does not say by itself: the parts in track order, the meter,
/// and each section with the chords of every bar, spelled for the song's key.
///
/// The combined MIDI file plus its outline is all a stored song needs: each part's file, the piano
/// roll and the arrangement a client reads are derived from the two, the same bytes every time.
public struct SongOutline: Sendable, Hashable, Codable {
    /// A part: its track's name (`drums`, …) and MIDI channel, in the order of the file's tracks;
    /// whether its notes are pitches, and for drum parts the name of each lane (kit piece).
    public struct Part: Sendable, Hashable, Codable {
        public let name: String
        /// The first instrument's channel: the one the contract's track list reports.
        public let channel: Int
        public let isPitched: Bool
        /// For unpitched parts: the lane (kit piece) of each note the part plays.
        public let lanes: [Lane]

        /// A kit piece: a General MIDI percussion note and its name.
        public struct Lane: Sendable, Hashable, Codable {
            public let note: Int
            public let name: String

            public init(note: Int, name: String) {
                self.note = note
                self.name = name
            }
        }

        public init(name: String, channel: Int, isPitched: Bool? = nil, lanes: [Lane] = []) {
            self.name = name
            self.channel = channel
            self.isPitched = isPitched ?? (channel != MIDIChannel.percussion.intValue)
            self.lanes = lanes
        }

        enum CodingKeys: String, CodingKey {
            case name, channel, lanes
            case isPitched = "pitched"
        }

        /// Outlines stored before parts said whether they are pitched are read as they were drawn
        /// then: channel 9 is the drums.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                name: try c.decode(String.self, forKey: .name), channel: try c.decode(Int.self, forKey: .channel),
                isPitched: try c.decodeIfPresent(Bool.self, forKey: .isPitched), lanes: try c.decodeIfPresent([Lane].self, forKey: .lanes) ?? [])
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

    /// A tempo from a bar on (a practice loop's passes); the MIDI file holds the same changes.
    public struct TempoMark: Sendable, Hashable, Codable {
        public let bar: Int
        public let bpm: Int

        public init(bar: Int, bpm: Int) {
            self.bar = bar
            self.bpm = bpm
        }
    }

    /// A time signature from a bar on; the MIDI file holds the same changes.
    public struct MeterMark: Sendable, Hashable, Codable {
        public let bar: Int
        public let meter: Meter

        public init(bar: Int, meter: Meter) {
            self.bar = bar
            self.meter = meter
        }
    }

    /// The meter of the first bar.
    public let meter: Meter
    public let parts: [Part]
    public let sections: [Section]
    /// Every tempo when the song changes tempo; empty when it keeps one.
    public let tempos: [TempoMark]
    /// Where the meter changes after the first bar; empty for a song in one meter.
    public let meterChanges: [MeterMark]

    public init(meter: Meter, parts: [Part], sections: [Section], tempos: [TempoMark] = [], meterChanges: [MeterMark] = []) {
        self.meter = meter
        self.parts = parts
        self.sections = sections
        self.tempos = tempos
        self.meterChanges = meterChanges
    }

    enum CodingKeys: String, CodingKey {
        case meter, parts, sections, tempos
        case meterChanges = "meter_changes"
    }

    /// The meter of bar `bar`.
    public func meter(ofBar bar: Int) -> Meter {
        meterChanges.last { $0.bar <= bar }?.meter ?? meter
    }

    /// Where each bar starts, in ticks, and (last) where the song ends.
    public var barStarts: [Int] {
        var starts = [0]
        for bar in 0..<totalBars { starts.append(starts[bar] + meter(ofBar: bar).ticksPerBar) }
        return starts
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            meter: try c.decode(Meter.self, forKey: .meter), parts: try c.decode([Part].self, forKey: .parts),
            sections: try c.decode([Section].self, forKey: .sections), tempos: try c.decodeIfPresent([TempoMark].self, forKey: .tempos) ?? [],
            meterChanges: try c.decodeIfPresent([MeterMark].self, forKey: .meterChanges) ?? [])
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(meter, forKey: .meter)
        try c.encode(parts, forKey: .parts)
        try c.encode(sections, forKey: .sections)
        if !tempos.isEmpty { try c.encode(tempos, forKey: .tempos) }
        if !meterChanges.isEmpty { try c.encode(meterChanges, forKey: .meterChanges) }
    }

    public var totalBars: Int { sections.reduce(0) { $0 + $1.bars } }

    /// How long the song plays, in seconds, at `tempo` (its tempo at bar 0 when ``tempos`` is empty).
    public func seconds(tempo: Int) -> Double {
        var total = 0.0
        for bar in 0..<totalBars {
            let quartersPerBar = Double(meter(ofBar: bar).ticksPerBar) / Double(Meter.ticksPerQuarter)
            let bpm = tempos.last { $0.bar <= bar }?.bpm ?? tempo
            total += quartersPerBar * 60 / Double(max(bpm, 1))
        }
        return total
    }

    /// Each section as a line of a chord chart, as a musician reads it:
    /// `intro   bars 1-4     Am7 | Dm7 | Am7 | E7`; where the tempo changes, the line ends with it.
    public var chartLines: [String] {
        let width = sections.map(\.name.count).max() ?? 0
        return sections.map { section in
            let name = section.name + String(repeating: " ", count: width - section.name.count)
            let range = section.bars == 1 ? "bar \(section.firstBar + 1)" : "bars \(section.firstBar + 1)-\(section.firstBar + section.bars)"
            let tempo = tempos.first { $0.bar == section.firstBar }.map { "   (\($0.bpm) bpm)" } ?? ""
            // A bar where the meter changes shows its time signature, as the chart writes it.
            let bars = section.chordNames.enumerated().map { index, names in
                meterChanges.first { $0.bar == section.firstBar + index }.map { ChordChart.mark($0.meter) + " " + names } ?? names
            }
            return "  \(name)  \(range + String(repeating: " ", count: max(0, 11 - range.count)))  \(bars.joined(separator: " | "))\(tempo)"
        }
    }
}

extension Song {
    /// The song's outline: its parts, meter and chords per bar.
    public var outline: SongOutline {
        let sections = arrangement.sections.map { section in
            let bars = arrangement.bars[section.firstBar..<(section.firstBar + section.bars)]
            let chords = bars.map { bar in
                bar.chords.map { span in
                    let silent = silences.contains { $0.contains(span.start) }
                    let name = silent ? ChordSymbol.noChord.description : span.chord.name(in: key)
                    let marked = hits.first { $0.start == span.start }.map { $0.kind.marking(name) } ?? name
                    return SongOutline.ChordMark(name: marked, offset: span.start - bar.start)
                }
            }
            return SongOutline.Section(name: section.label, firstBar: section.firstBar, chords: chords)
        }
        return SongOutline(
            meter: arrangement.meter,
            parts: tracks.map { track in
                // The lanes of the notes the part plays, named as its agent names them.
                let notes = track.traits.isPitched ? [] : Set(track.notes.map(\.pitch.intValue)).sorted()
                let lanes = notes.map { SongOutline.Part.Lane(note: $0, name: track.traits.lanes[$0] ?? GeneralMIDI.percussionName(of: $0)) }
                return SongOutline.Part(name: track.name, channel: track.channel.intValue, isPitched: track.traits.isPitched, lanes: lanes)
            },
            sections: sections,
            tempos: tempos.count > 1 ? tempos.map { SongOutline.TempoMark(bar: $0.bar, bpm: $0.bpm) } : [],
            meterChanges: arrangement.meterChanges.map { SongOutline.MeterMark(bar: $0.bar, meter: $0.meter) })
    }
}
