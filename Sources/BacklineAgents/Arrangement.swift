import MusicTheory

/// A song laid out in time: its sections in order, and every bar with the chords it holds.
public struct Arrangement: Sendable, Hashable {
    public struct Section: Sendable, Hashable {
        /// The section's name in the preset's form: `intro`, `verse`, `chorus` …: what agents play
        /// it as.
        public let name: String
        public let firstBar: Int
        public let bars: Int
        /// Loudness of the section relative to the loudest (1.0).
        public let energy: Double
        /// What a musician reads on the chart: the name, or the chart's own (`A`, `B`, `count-in`).
        public let label: String

        public init(name: String, firstBar: Int, bars: Int, energy: Double, label: String? = nil) {
            self.name = name
            self.firstBar = firstBar
            self.bars = bars
            self.energy = energy
            self.label = label ?? name
        }
    }

    /// A chord and the ticks it lasts.
    public struct ChordSpan: Sendable, Hashable {
        public let chord: Chord
        /// Ticks from the start of the song.
        public let start: Int
        public let duration: Int

        public init(chord: Chord, start: Int, duration: Int) {
            self.chord = chord
            self.start = start
            self.duration = duration
        }

        public var end: Int { start + duration }
    }

    public struct Bar: Sendable, Hashable {
        public let index: Int
        /// Index into ``Arrangement/sections``.
        public let section: Int
        /// Bar number inside its section, from 0.
        public let barInSection: Int
        public let start: Int
        public let chords: [ChordSpan]
    }

    public let meter: Meter
    public let sections: [Section]
    public let bars: [Bar]
    /// Whether the last bar is the song's ending (a final hit); false for a loop, whose last bar
    /// leads back into the first.
    public let endsWithHit: Bool
    /// Every chord span in order, and the index of each bar's first span: `chord(at:)` is asked
    /// for every note, so it reads these instead of copying bars.
    private let spans: [ChordSpan]
    private let firstSpanOfBar: [Int]

    /// Lays out `sections`, each with one chord list per bar (chords in a bar share it equally, or
    /// change on the groups of a grouped meter: ``Meter/chordStart(_:of:)``).
    public init(meter: Meter, sections: [(section: Section, chords: [[Chord]])], endsWithHit: Bool = true) {
        precondition(!sections.isEmpty, "a song has at least one section")
        self.meter = meter
        self.endsWithHit = endsWithHit
        self.sections = sections.map(\.section)
        var bars: [Bar] = []
        let barTicks = meter.ticksPerBar
        for (sectionIndex, entry) in sections.enumerated() {
            precondition(entry.chords.count == entry.section.bars, "one chord list per bar")
            for (barInSection, chords) in entry.chords.enumerated() {
                let index = bars.count
                let start = index * barTicks
                let spans = chords.enumerated().map { offset, chord in
                    let from = meter.chordStart(offset, of: chords.count), to = meter.chordStart(offset + 1, of: chords.count)
                    return ChordSpan(chord: chord, start: start + from, duration: to - from)
                }
                bars.append(Bar(index: index, section: sectionIndex, barInSection: barInSection, start: start, chords: spans))
            }
        }
        self.bars = bars
        var spans: [ChordSpan] = []
        var firstSpanOfBar: [Int] = []
        for bar in bars {
            firstSpanOfBar.append(spans.count)
            spans.append(contentsOf: bar.chords)
        }
        self.spans = spans
        self.firstSpanOfBar = firstSpanOfBar
    }

    /// The song's length in ticks: nothing sounds after it.
    public var totalTicks: Int { bars.count * meter.ticksPerBar }

    /// The section a bar belongs to.
    public func section(of bar: Bar) -> Section { sections[bar.section] }

    public func isLastBarOfSection(_ bar: Bar) -> Bool { bar.barInSection == sections[bar.section].bars - 1 }

    /// The bar that ends the song with a final hit: the last, unless the song is a loop.
    public func isFinalBar(_ bar: Bar) -> Bool { endsWithHit && bar.index == bars.count - 1 }

    /// The chord sounding at `tick`.
    public func chord(at tick: Int) -> ChordSpan {
        Self.chord(at: tick, spans: spans, firstSpanOfBar: firstSpanOfBar, ticksPerBar: meter.ticksPerBar)
    }

    private static func chord(at tick: Int, spans: [ChordSpan], firstSpanOfBar: [Int], ticksPerBar: Int) -> ChordSpan {
        let bar = Swift.min(firstSpanOfBar.count - 1, Swift.max(0, tick / ticksPerBar))
        var index = firstSpanOfBar[bar]
        let end = bar + 1 < firstSpanOfBar.count ? firstSpanOfBar[bar + 1] : spans.count
        while index + 1 < end && spans[index + 1].start <= tick { index += 1 }
        return spans[index]
    }

    /// The chords sounding from `start` to `end`, each clipped to that range: a note held across a
    /// chord change becomes one segment per chord. A lazy sequence: nothing is allocated.
    public func chordSegments(from start: Int, to end: Int) -> ChordSegments {
        ChordSegments(spans: spans, firstSpanOfBar: firstSpanOfBar, ticksPerBar: meter.ticksPerBar, start: start, end: end)
    }

    /// Holds only what finding a chord needs, so that making one (for every note) copies little.
    public struct ChordSegments: Sequence, IteratorProtocol {
        let spans: [ChordSpan]
        let firstSpanOfBar: [Int]
        let ticksPerBar: Int
        var start: Int
        let end: Int

        /// A chord, the part of the range it sounds in, and whether the chord begins there.
        public mutating func next() -> (chord: Chord, start: Int, end: Int, isChordStart: Bool)? {
            guard start < end else { return nil }
            let span = Arrangement.chord(at: start, spans: spans, firstSpanOfBar: firstSpanOfBar, ticksPerBar: ticksPerBar)
            let segmentEnd = Swift.min(end, span.end)
            guard segmentEnd > start else { return nil }
            defer { start = segmentEnd }
            return (span.chord, start, segmentEnd, span.start == start)
        }
    }

    /// The first chord after the one sounding at `tick`, or nil at the end of the song.
    public func nextChord(after tick: Int) -> ChordSpan? {
        let current = chord(at: tick)
        guard current.end < totalTicks else { return nil }
        return chord(at: current.end)
    }
}
