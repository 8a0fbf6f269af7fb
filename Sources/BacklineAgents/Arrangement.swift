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

    /// The song's meter: its first bar's. A song whose meter changes says so in ``meterChanges``.
    public let meter: Meter
    /// Where the meter changes after the first bar, by bar index; empty for a song in one meter.
    public let meterChanges: [MeterChange]

    /// A time signature that takes over at a bar.
    public struct MeterChange: Sendable, Hashable {
        public let bar: Int
        public let meter: Meter

        public init(bar: Int, meter: Meter) {
            self.bar = bar
            self.meter = meter
        }
    }
    /// The song's length in ticks: nothing sounds after it.
    public let totalTicks: Int
    public let sections: [Section]
    public let bars: [Bar]
    /// Whether the last bar is the song's ending (a final hit); false for a loop, whose last bar
    /// leads back into the first.
    public let endsWithHit: Bool
    /// Every chord span in order, and the index of each bar's first span: `chord(at:)` is asked
    /// for every note, so it reads these instead of copying bars.
    private let spans: [ChordSpan]
    private let firstSpanOfBar: [Int]
    /// Each bar's meter, when bars differ in length; nil when every bar is in ``meter``.
    private let barMeters: [Meter]?
    /// Every bar's length in ticks when all bars are alike (a chord is then found by one division,
    /// asked for every note); 0 when the meter changes, and chords are found by a binary search.
    private let uniformBarTicks: Int

    /// Lays out `sections`, each with one chord list per bar (chords in a bar share it equally, or
    /// change on the groups of a grouped meter: ``Meter/chordStart(_:of:)``). `barMeters`, when
    /// given, holds every bar's meter, for a song whose meter changes; else every bar is in `meter`.
    public init(meter: Meter, sections: [(section: Section, chords: [[Chord]])], endsWithHit: Bool = true, barMeters: [Meter]? = nil) {
        precondition(!sections.isEmpty, "a song has at least one section")
        self.endsWithHit = endsWithHit
        self.sections = sections.map(\.section)
        var bars: [Bar] = []
        var start = 0
        var meters: [Meter] = []
        for (sectionIndex, entry) in sections.enumerated() {
            precondition(entry.chords.count == entry.section.bars, "one chord list per bar")
            for (barInSection, chords) in entry.chords.enumerated() {
                let index = bars.count
                let barMeter = barMeters.map { $0[Swift.min(index, $0.count - 1)] } ?? meter
                let spans = chords.enumerated().map { offset, chord in
                    let from = barMeter.chordStart(offset, of: chords.count), to = barMeter.chordStart(offset + 1, of: chords.count)
                    return ChordSpan(chord: chord, start: start + from, duration: to - from)
                }
                bars.append(Bar(index: index, section: sectionIndex, barInSection: barInSection, start: start, chords: spans))
                if barMeters != nil { meters.append(barMeter) }
                start += barMeter.ticksPerBar
            }
        }
        var changes: [MeterChange] = []
        for index in meters.indices.dropFirst() where meters[index] != meters[index - 1] {
            changes.append(MeterChange(bar: index, meter: meters[index]))
        }
        self.meter = meters.first ?? meter
        self.meterChanges = changes
        self.totalTicks = start
        self.uniformBarTicks = changes.isEmpty ? self.meter.ticksPerBar : 0
        self.barMeters = changes.isEmpty ? nil : meters
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

    /// Bars `range` as an arrangement of their own, from tick 0: a stretch of a song whose meter
    /// changes, in one meter, for a part to play. Its sections are the stretch's parts of the song's;
    /// it ends with a hit only where the song does.
    public func stretch(_ range: Range<Int>) -> Arrangement {
        var pieces: [(section: Section, chords: [[Chord]])] = []
        for bar in bars[range] {
            let section = sections[bar.section]
            let chords = bar.chords.map(\.chord)
            // A bar of the same section as the one before it joins that section's piece.
            if let index = pieces.indices.last, bar.index > range.lowerBound, bars[bar.index - 1].section == bar.section {
                let old = pieces[index].section
                pieces[index] = (
                    Section(name: old.name, firstBar: old.firstBar, bars: old.bars + 1, energy: old.energy, label: old.label),
                    pieces[index].chords + [chords]
                )
            } else {
                pieces.append((Section(name: section.name, firstBar: bar.index - range.lowerBound, bars: 1, energy: section.energy, label: section.label), [chords]))
            }
        }
        let meter = meter(ofBar: range.lowerBound)
        return Arrangement(meter: meter, sections: pieces, endsWithHit: endsWithHit && range.upperBound == bars.count)
    }

    /// The section a bar belongs to.
    public func section(of bar: Bar) -> Section { sections[bar.section] }

    public func isLastBarOfSection(_ bar: Bar) -> Bool { bar.barInSection == sections[bar.section].bars - 1 }

    /// The bar that ends the song with a final hit: the last, unless the song is a loop.
    public func isFinalBar(_ bar: Bar) -> Bool { endsWithHit && bar.index == bars.count - 1 }

    /// The chord sounding at `tick`.
    public func chord(at tick: Int) -> ChordSpan {
        Self.chord(at: tick, spans: spans, firstSpanOfBar: firstSpanOfBar, ticksPerBar: uniformBarTicks)
    }

    /// The index of the bar sounding at `tick`.
    public func barIndex(at tick: Int) -> Int {
        if uniformBarTicks > 0 { return Swift.min(bars.count - 1, Swift.max(0, tick / uniformBarTicks)) }
        // The last bar starting at or before `tick`.
        var low = 0, high = bars.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if bars[middle].start <= tick { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The time signature of bar `index`: the song's, or the one the chart changes to.
    public func meter(ofBar index: Int) -> Meter { barMeters?[index] ?? meter }

    /// Every bar's time signature.
    public var meters: [Meter] { barMeters ?? Array(repeating: meter, count: bars.count) }

    /// The span sounding at `tick`: found in its bar when bars are alike (`ticksPerBar` > 0), else by
    /// a binary search of all spans.
    private static func chord(at tick: Int, spans: [ChordSpan], firstSpanOfBar: [Int], ticksPerBar: Int) -> ChordSpan {
        guard ticksPerBar > 0 else {
            var low = 0, high = spans.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if spans[middle].start <= tick { low = middle } else { high = middle - 1 }
            }
            return spans[low]
        }
        let bar = Swift.min(firstSpanOfBar.count - 1, Swift.max(0, tick / ticksPerBar))
        var index = firstSpanOfBar[bar]
        let end = bar + 1 < firstSpanOfBar.count ? firstSpanOfBar[bar + 1] : spans.count
        while index + 1 < end && spans[index + 1].start <= tick { index += 1 }
        return spans[index]
    }

    /// The chords sounding from `start` to `end`, each clipped to that range: a note held across a
    /// chord change becomes one segment per chord. A lazy sequence: nothing is allocated.
    public func chordSegments(from start: Int, to end: Int) -> ChordSegments {
        ChordSegments(spans: spans, firstSpanOfBar: firstSpanOfBar, ticksPerBar: uniformBarTicks, start: start, end: end)
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
