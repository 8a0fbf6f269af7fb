import BacklineAgents
import MusicTheory

/// What keeps a drummer from looping one bar: a pickup at the end of a four-bar phrase, and fills
/// that change from one section end to the next.
///
/// - Turnaround: the fourth bar of a phrase plays the groove with a pickup on its last beat (a
///   ghost note, a kick on the off-beat, a hit on the last sixteenth, on the groove's own backbeat
///   piece), or an open hat on the last off-beat when the groove already has that pickup.
/// - Fills: the preset's fill for the section end, unless it is the fill just played; then a fill of
///   the drummer's own from the groove (a sixteenth-note snare run on the last beat, or snare and toms
///   down the kit over the last two). A preset without fills gets these.
///
/// Everything is worked out once, when the genre loads; a song only looks its bars up.
struct Variation: Sendable, Hashable {
    let meter: Meter
    /// Steps in a bar of sixteenths: four per beat, six per dotted-quarter beat in 6/8 and 12/8.
    let barSteps: Int
    let beats: Int
    /// Sections whose grooves have fewer than three different bars: they get turnarounds.
    private(set) var turnsAround: Set<String> = []

    /// What the drummer makes of one groove bar: its turnaround and its own fills.
    struct Derived: Sendable, Hashable {
        let turnaround: Drummer.Bar
        let ownFills: [Signed]
    }

    /// A fill and its signature, so that choosing one compares signatures only.
    struct Signed: Sendable, Hashable {
        let bar: Drummer.Bar
        let signature: Signature
    }

    /// Laid out like the grooves and fills, so that a bar's are found by section and bar, as its
    /// groove is, without hashing bars.
    private(set) var derived: SectionPatterns<Derived>?
    private(set) var signedFills: SectionPatterns<Signed>?

    init(meter: Meter, sections: [String], grooves: SectionPatterns<Drummer.Bar>, fills: SectionPatterns<Drummer.Bar>?) {
        self.meter = meter
        beats = meter.beatsPerBar
        barSteps = beats * (meter.isCompound ? 6 : (meter.denominator == 8 ? 2 : 4))
        turnsAround = Set(sections.filter { Set(grooves.cycle(section: $0)).count < 3 })
        derived = grooves.mappingCycles { cycle in
            cycle.map { groove in
                Derived(turnaround: makeTurnaround(groove), ownFills: [snareRun(groove), downTheKit(groove)].map { Signed(bar: $0, signature: signature(of: $0)) })
            }
        }
        signedFills = fills?.mappingCycles { cycle in cycle.map { Signed(bar: $0, signature: signature(of: $0)) } }
    }

    /// Where a bar's hits sound, before swing, and how hard: what a listener tells bars apart by.
    struct Signature: Hashable {
        let hits: Set<[Int]>
    }

    private func signature(of bar: Drummer.Bar) -> Signature {
        var hits: Set<[Int]> = []
        for lane in bar.lanes {
            let step = meter.ticksPerBar / lane.pattern.steps.count
            for hit in lane.pattern.hits { hits.insert([lane.note, hit.step * step, Self.level(hit.token)]) }
        }
        return Signature(hits: hits)
    }

    /// The piece the groove plays its backbeat on (snare, side stick, clap), for pickups and runs in
    /// the groove's own sound: a bossa nova's fill stays on the rim.
    private func backbeat(of groove: Drummer.Bar) -> Int {
        [38, 40, 37, 39].first { piece in groove.lanes.contains { $0.note == piece } } ?? 38
    }

    /// The turnaround of the groove of bar `bar` of section `section`.
    func turnaround(section: String, bar: Int) -> Drummer.Bar? { derived?.pattern(section: section, bar: bar)?.turnaround }

    private func makeTurnaround(_ groove: Drummer.Bar) -> Drummer.Bar {
        let last = barSteps - 1
        let voice = backbeat(of: groove)
        let pickup = adding([(voice, last - 2, .ghost), (36, last - 1, .normal), (voice, last, .normal)], to: groove)
        if signature(of: pickup) != signature(of: groove) { return pickup }
        return adding([(46, last - 1, .normal)], to: groove)
    }

    /// The fill for a section end: the written one, or the first of the drummer's own that differs
    /// from the fill played at the last section end.
    /// The fill for the section end at bar `bar` of section `section` (the `sectionIndex`-th of
    /// the song, which picks the written fill).
    func fill(section: String, bar: Int, sectionIndex: Int, after previous: Signature?) -> Signed? {
        let written = signedFills?.pattern(section: section, bar: sectionIndex)
        let candidates = (written.map { [$0] } ?? []) + (derived?.pattern(section: section, bar: bar)?.ownFills ?? [])
        return candidates.first { $0.signature != previous } ?? candidates.first
    }

    /// The groove's first beats, then sixteenths on the snare over the last beat, growing louder.
    private func snareRun(_ groove: Drummer.Bar) -> Drummer.Bar {
        let perBeat = barSteps / beats
        let start = barSteps - perBeat
        let voice = backbeat(of: groove)
        let run: [(Int, Int, Drummer.Hit)] = (start..<barSteps).map { step in
            (voice, step, step == barSteps - 1 ? .accent : (step - start < perBeat / 2 ? .ghost : .normal))
        }
        return adding(run + [(36, start, .normal)], to: cut(groove, lastBeats: 1))
    }

    /// The groove's first beats, then the snare and the toms from high to low over the last two.
    private func downTheKit(_ groove: Drummer.Bar) -> Drummer.Bar {
        // A bar of one beat has no two beats to go down the kit over: a snare run instead.
        guard beats >= 2 else { return snareRun(groove) }
        let perBeat = barSteps / beats
        let span = min(2, beats - 1) * perBeat
        let start = barSteps - span
        let voice = backbeat(of: groove)
        let toms = [voice, voice, 50, 50, 47, 47, 43, 43]
        let hits: [(Int, Int, Drummer.Hit)] = (start..<barSteps).enumerated().map { index, step in
            (toms[index * toms.count / span], step, step == barSteps - 1 ? .accent : .normal)
        }
        return adding(hits + [(36, start, .normal), (36, barSteps - 1, .normal)], to: cut(groove, lastBeats: span / perBeat))
    }

    /// The groove without its last `lastBeats` beats.
    private func cut(_ groove: Drummer.Bar, lastBeats: Int) -> Drummer.Bar {
        let kept = 0..<(beats - lastBeats)
        return Drummer.Bar(lanes: groove.lanes.map { ($0.note, $0.pattern.keeping(beats: kept, of: beats)) }.filter { !$0.1.hits.isEmpty })
    }

    /// `groove` with these hits on a grid of sixteenths (or the meter's finest common step), one lane a piece.
    private func adding(_ hits: [(note: Int, step: Int, hit: Drummer.Hit)], to groove: Drummer.Bar) -> Drummer.Bar {
        let existing = signature(of: groove).hits
        let step = meter.ticksPerBar / barSteps
        var lanes = groove.lanes
        for note in Set(hits.map(\.note)).sorted() {
            var steps = [StepPattern<Drummer.Hit>.Step](repeating: .rest, count: barSteps)
            for hit in hits where hit.note == note && !existing.contains { $0[0] == note && $0[1] == hit.step * step } {
                steps[hit.step] = .hit(hit.hit)
            }
            let lane = StepPattern(steps: steps)
            if !lane.hits.isEmpty { lanes.append((note, lane)) }
        }
        return Drummer.Bar(lanes: lanes)
    }

    private static func level(_ hit: Drummer.Hit) -> Int {
        switch hit {
        case .ghost: 0
        case .normal: 1
        case .accent: 2
        }
    }
}
