import BacklineAgents
import MusicTheory

/// What a request plays, laid out before a note is written: its passes (one, or several for a
/// practice loop), each with its count-in, tempo and sections, and the bars where the chart says
/// N.C. Validation builds one to check a request's length; a song renders from one.
public struct SongPlan: Sendable {
    /// One time through the song (or the looped sections) at one tempo.
    public struct Pass: Sendable {
        /// What the agents play: the sections without the count-in.
        public let arrangement: Arrangement
        public let tempo: Int
        /// Bars of count-in before the pass.
        public let countIn: Int
        /// Tick ranges of `arrangement` that the chart marks N.C.: only the drums play there.
        public let tacet: [Range<Int>]
        /// The chart's shots, holds and pushes, which every part plays together.
        public let hits: [Hit]
    }

    /// A hit on one chord of the chart: where the chord is written to start and end.
    public struct Hit: Sendable, Hashable {
        public let kind: ChartHit
        public let start: Int
        public let end: Int

        public init(kind: ChartHit, start: Int, end: Int) {
            self.kind = kind
            self.start = start
            self.end = end
        }
    }

    public let meter: Meter
    public let passes: [Pass]

    /// Every bar, count-ins included.
    public var totalBars: Int { passes.reduce(0) { $0 + $1.countIn + $1.arrangement.bars.count } }

    /// How long the song lasts, in seconds.
    public var seconds: Double {
        passes.reduce(0) { total, pass in
            let ticks = pass.countIn * pass.arrangement.meter.ticksPerBar + pass.arrangement.totalTicks
            return total + Double(ticks) / Double(Meter.ticksPerQuarter) * 60 / Double(pass.tempo)
        }
    }

    /// The label a count-in section carries in the arrangement.
    public static let countInLabel = "count-in"

    public init(preset: GenrePreset, request: SongRequest) {
        self.meter = request.meter ?? preset.meter
        let body = Self.sections(preset, request)
        let passes = request.practice?.passes ?? 1
        var planned: [Pass] = []
        for pass in 0..<passes {
            let isLast = pass == passes - 1
            // Every pass but the last leads back to the top; the last ends the song, unless it loops.
            let ending: Ending = request.loop.isLoop || !isLast ? .turnaround : .final
            let (arrangement, tacet, hits) = Self.arrange(body, ending: ending, meter: meter, request: request)
            let tempo = request.tempo + pass * (request.practice?.step ?? 0)
            planned.append(Pass(arrangement: arrangement, tempo: tempo, countIn: request.countIn, tacet: tacet, hits: hits))
        }
        self.passes = planned
    }

    // MARK: - One pass's sections

    /// A section before it is laid out: the groove it plays as, the name it shows, its chords per
    /// bar (nil for N.C.).
    struct Planned {
        let type: GenrePreset.SectionType
        let label: String
        var chords: [[Chord?]]
        /// The hit marked on each chord, if any.
        var hits: [[ChartHit?]]
        /// Whether its chords are the genre's own (so the ending may change the last one).
        let genreChords: Bool
        /// Each bar's meter, when the chart changes meter; nil plays every bar in the song's.
        var meters: [Meter]? = nil
    }

    enum Ending { case final, turnaround }

    /// The sections of one pass: the chart's own, the chart played whole, or the genre's form;
    /// cut or continued to the request's bars; only the looped ones when `loop` names some.
    static func sections(_ preset: GenrePreset, _ request: SongRequest) -> [Planned] {
        var sections: [Planned]
        // A chart that changes meter plays each bar in its own.
        let chartMeters = request.chart.flatMap { chart in chart.meters.isEmpty ? nil : chart.barMeters(startingIn: request.meter ?? preset.meter) }
        if let chart = request.chart, !chart.sections.isEmpty {
            let once = chart.sections.map { section in
                let bars = section.firstBar..<(section.firstBar + section.bars)
                return Planned(
                    type: preset.sectionTypes[mappedType(of: section, in: preset)]!, label: section.name,
                    chords: symbols(chart, bars: bars, key: request.key),
                    hits: Array(chart.hits[bars]), genreChords: false, meters: chartMeters.map { Array($0[bars]) })
            }
            sections = (0..<(request.choruses ?? 1)).flatMap { _ in once }
        } else if let chart = request.chart, request.choruses != nil {
            let type = preset.sectionTypes[mainSection(of: preset)]!
            let choruses = request.choruses ?? 1
            sections = (1...choruses).map { number in
                Planned(
                    type: type, label: choruses == 1 ? "chart" : "chorus \(number)", chords: symbols(chart, bars: 0..<chart.bars.count, key: request.key),
                    hits: chart.hits, genreChords: false, meters: chartMeters)
            }
        } else {
            sections = (request.form ?? preset.sectionNames(count: request.sections)).map { name in
                let type = preset.sectionTypes[name]!
                let chart = request.chart ?? type.chords.chart(for: request.key.mode)
                return Planned(
                    type: type, label: name, chords: (0..<type.bars).map { bar in chart.bars[bar % chart.bars.count].map { $0.chord(in: request.key) } },
                    hits: (0..<type.bars).map { bar in chart.hits[bar % chart.bars.count] }, genreChords: request.chart == nil)
            }
        }
        if let limit = request.bars { sections = fit(sections, to: limit) }
        if case .sections(let names) = request.loop {
            var taken: Set<String> = []
            sections = sections.filter { section in
                guard names.contains(section.label), !taken.contains(section.label) else { return false }
                taken.insert(section.label)
                return true
            }
        }
        return sections
    }

    /// The sections cut to `bars`, or continued by repeating them (all but an opening intro and a
    /// closing outro) until `bars` are filled.
    static func fit(_ sections: [Planned], to bars: Int) -> [Planned] {
        var opening = sections
        let length = sections.reduce(0) { $0 + $1.chords.count }
        if bars > length {
            if opening.count > 1, opening.last?.type.name == "outro" { opening.removeLast() }
            var body = opening
            if body.count > 1, body.first?.type.name == "intro" { body.removeFirst() }
            var filled = opening.reduce(0) { $0 + $1.chords.count }
            while filled < bars, !body.isEmpty {
                for section in body where filled < bars {
                    opening.append(section)
                    filled += section.chords.count
                }
            }
        }
        var result: [Planned] = []
        var filled = 0
        for var section in opening where filled < bars {
            if filled + section.chords.count > bars {
                let cut = filled + section.chords.count - bars
                section.hits.removeLast(cut)
                section.meters?.removeLast(cut)
                section.chords.removeLast(cut)
            }
            filled += section.chords.count
            result.append(section)
        }
        return result
    }

    static func symbols(_ chart: ChordChart, bars: Range<Int>, key: Key) -> [[Chord?]] {
        chart.bars[bars].map { bar in bar.map { $0.chord(in: key) } }
    }

    /// The genre section a chart section plays as: the one it names (`[B=chorus]`), a section of
    /// the genre with its name (`[Intro]` → intro), else A → verse, B → bridge, C → chorus, D →
    /// bridge, falling back to the genre's main section when it has no such section.
    public static func mappedType(of section: ChordChart.Section, in preset: GenrePreset) -> String {
        if let type = section.type { return type }
        let normalized = section.name.lowercased().replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
        if preset.sectionTypes[normalized] != nil { return normalized }
        let letter = normalized.first.map(String.init) ?? ""
        let preferred: [String] = switch letter {
        case "b", "d": ["bridge", "chorus"]
        case "c": ["chorus", "bridge"]
        case "i": ["intro"]
        case "o", "e": ["outro"]
        default: ["verse"]
        }
        return preferred.first { preset.sectionTypes[$0] != nil } ?? mainSection(of: preset)
    }

    /// The section a tune's chorus plays as: the genre's verse, else the first section after its intro.
    static func mainSection(of preset: GenrePreset) -> String {
        if preset.sectionTypes["verse"] != nil { return "verse" }
        return preset.form.first { $0 != "intro" } ?? preset.form[0]
    }

    // MARK: - Laying out

    /// The pass as an arrangement: N.C. bars keep the harmony before them for the drums (and are
    /// listed as tacet), and a song of the genre's chords ends on the tonic, or leads back to its
    /// first chord with that chord's dominant seventh.
    static func arrange(_ planned: [Planned], ending: Ending, meter: Meter, request: SongRequest) -> (Arrangement, [Range<Int>], [Hit]) {
        var sections: [(section: Arrangement.Section, chords: [[Chord]])] = []
        var tacet: [Range<Int>] = []
        var hits: [Hit] = []
        var firstBar = 0
        var previous = request.key.tonicChord
        var start = 0
        var barMeters: [Meter] = []
        let changesMeter = planned.contains { $0.meters != nil }
        for section in planned {
            var chords: [[Chord]] = []
            for (index, bar) in section.chords.enumerated() {
                let meter = section.meters?[index] ?? meter
                if changesMeter { barMeters.append(meter) }
                defer { start += meter.ticksPerBar }
                var sounding: [Chord] = []
                for (offset, chord) in bar.enumerated() {
                    let span = (start + meter.chordStart(offset, of: bar.count))..<(start + meter.chordStart(offset + 1, of: bar.count))
                    if let chord {
                        previous = chord
                    } else {
                        tacet.append(span)
                    }
                    if let hit = section.hits[index][offset] { hits.append(Hit(kind: hit, start: span.lowerBound, end: span.upperBound)) }
                    sounding.append(previous)
                }
                chords.append(sounding)
            }
            sections.append((Arrangement.Section(name: section.type.name, firstBar: firstBar, bars: chords.count, energy: section.type.energy, label: section.label), chords))
            firstBar += chords.count
        }
        if let last = sections.indices.last, planned[last].genreChords {
            let final = sections[last].chords.count - 1
            switch ending {
            case .turnaround:
                if let first = sections.first?.chords.first?.first {
                    sections[last].chords[final] = [Chord(root: first.root + 7, quality: ChordQuality(intervals: [0, 4, 7, 10]))]
                }
            case .final:
                sections[last].chords[final] = [request.key.tonicChord]
            }
        }
        let arrangement = Arrangement(meter: meter, sections: sections, endsWithHit: ending == .final, barMeters: changesMeter ? barMeters : nil)
        return (arrangement, merged(tacet), hits)
    }

    /// Adjacent N.C. spans as one range.
    static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for range in ranges {
            if let last = result.last, last.upperBound == range.lowerBound {
                result[result.count - 1] = last.lowerBound..<range.upperBound
            } else {
                result.append(range)
            }
        }
        return result
    }
}
