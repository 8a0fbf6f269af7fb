import BacklineAgents
import MIDIFile
import MusicTheory

/// Plays a genre's drum grooves from step grids per kit piece, with fills at the ends of sections,
/// a crash into named sections and a final hit on the last bar.
///
/// Like a drummer, it does not loop one bar: with `variation` on (the default) the fourth bar of
/// each phrase gets a pickup into the next when the groove has fewer than three bars of its own,
/// and no two section ends in a row play the same fill (see ``Variation``).
struct Drummer: Agent {
    let kind = "drums"
    let settingKeys = ["grooves", "fills", "crash_on", "ending", "velocity", "variation"]
    let traits = PartTraits(program: UInt7(checked: 0), channel: .fixed(.percussion), isPitched: false, lanes: DrumKit.lanes)

    /// How hard a hit is played: `x` normal, `X` accent, `o` ghost.
    enum Hit: Sendable, Hashable {
        case normal, accent, ghost
    }

    /// One bar of the kit: a grid per piece.
    struct Bar: Sendable, Hashable {
        let lanes: [(note: Int, pattern: StepPattern<Hit>)]

        static func == (lhs: Bar, rhs: Bar) -> Bool {
            lhs.lanes.count == rhs.lanes.count && zip(lhs.lanes, rhs.lanes).allSatisfy { $0.note == $1.note && $0.pattern == $1.pattern }
        }

        func hash(into hasher: inout Hasher) {
            for lane in lanes {
                hasher.combine(lane.note)
                hasher.combine(lane.pattern)
            }
        }
    }

    struct Velocities: Sendable, Hashable {
        var normal = 92
        var accent = 114
        var ghost = 38

        func of(_ hit: Hit) -> Int {
            switch hit {
            case .normal: normal
            case .accent: accent
            case .ghost: ghost
            }
        }
    }

    func compile(_ settings: SpecMapping, outline: GenreOutline, diagnostics d: inout Diagnostics) -> (any PartPerformer)? {
        // Every reader reports its own problems; any new one means this part does not compile.
        let problemsBefore = d.errors.count
        let readBar = { (node: SpecNode, d: inout Diagnostics) -> Bar? in Drummer.readBar(node, outline: outline, &d) }
        let grooves = settings.require("grooves", &d, hint: "the drum patterns, a grid per kit piece")
            .flatMap { SectionPatterns.read($0, outline: outline, &d, pattern: readBar) }
        let fills = settings["fills"].flatMap { SectionPatterns.read($0, outline: outline, &d, everySection: false, pattern: readBar) }
        let ending = settings["ending"].flatMap { readBar($0, &d) }
        var crashOn = outline.sectionNames.filter { ["chorus", "bridge", "outro"].contains($0) }
        if let node = settings["crash_on"], let items = node.strings(&d, of: "section names") {
            crashOn = items.compactMap { $0.choice(&d, from: outline.sectionNames, of: "section") }
        }
        let velocities = settings["velocity"].flatMap { Drummer.readVelocities($0, &d) } ?? Velocities()
        let variation = settings["variation"].map { $0.bool(&d) } ?? true
        guard let grooves, let variation, d.errors.count == problemsBefore else { return nil }
        let finalHit = Bar(lanes: [
            (DrumKit.crash, StepPattern(steps: [.hit(.accent), .hold, .hold, .hold])),
            (DrumKit.kick, StepPattern(steps: [.hit(.accent), .rest, .rest, .rest])),
        ])
        return Performer(
            grooves: grooves, fills: fills, ending: ending ?? finalHit, crashOn: Set(crashOn), velocities: velocities,
            variation: variation ? Variation(meter: outline.meter, sections: outline.sectionNames, grooves: grooves, fills: fills) : nil)
    }

    static func readBar(_ node: SpecNode, outline: GenreOutline, _ d: inout Diagnostics) -> Bar? {
        guard let entries = node.namedMapping(&d, of: "kit pieces to step grids, e.g. { kick: \"x...x...\", snare: \"..x...x.\" }") else { return nil }
        var lanes: [(note: Int, pattern: StepPattern<Hit>)] = []
        var failed = false
        for entry in entries {
            guard let note = DrumKit.note(of: entry.key) else {
                d.report(PresetError(.unknownKey, "unknown kit piece '\(entry.key)'\(Diagnostics.didYouMean(entry.key, among: DrumKit.names)); pieces are \(DrumKit.names.joined(separator: ", "))", at: entry.keyLocation, keyPath: entry.value.path))
                failed = true
                continue
            }
            let pattern = StepPattern<Hit>.read(entry.value, outline: outline, expected: "'x' (hit), 'X' (accent) or 'o' (ghost note)", &d) { token in
                switch token {
                case "x": .normal
                case "X": .accent
                case "o": .ghost
                default: nil
                }
            }
            if let pattern { lanes.append((note, pattern)) } else { failed = true }
        }
        if entries.isEmpty {
            d.report(.invalidValue, "a drum bar needs at least one kit piece", at: node)
            failed = true
        }
        return failed ? nil : Bar(lanes: lanes)
    }

    static func readVelocities(_ node: SpecNode, _ d: inout Diagnostics) -> Velocities? {
        guard let map = node.mapping(&d, allowed: ["normal", "accent", "ghost"]) else { return nil }
        // Keys left out keep their defaults; a bad value is reported and keeps its default too.
        var velocities = Velocities()
        if let normal = map["normal"]?.int(&d, in: 1...127, of: "a velocity") { velocities.normal = normal }
        if let accent = map["accent"]?.int(&d, in: 1...127, of: "a velocity") { velocities.accent = accent }
        if let ghost = map["ghost"]?.int(&d, in: 1...127, of: "a velocity") { velocities.ghost = ghost }
        return velocities
    }

    struct Performer: PartPerformer {
        let grooves: SectionPatterns<Bar>
        let fills: SectionPatterns<Bar>?
        let ending: Bar
        let crashOn: Set<String>
        let velocities: Velocities
        /// Nil when the preset asks for its bars exactly as written.
        let variation: Variation?

        func perform(_ context: RenderContext, random: inout some RandomNumberGenerator) -> [PartNote] {
            let arrangement = context.arrangement
            let meter = arrangement.meter
            var notes: [PartNote] = []
            notes.reserveCapacity(arrangement.bars.count * 24)
            var lastFill: Variation.Signature?
            for bar in arrangement.bars {
                let section = arrangement.section(of: bar)
                let groove = grooves.pattern(section: section.name, bar: bar.barInSection)
                let pattern: Bar?
                if arrangement.isFinalBar(bar) {
                    pattern = ending
                } else if arrangement.isLastBarOfSection(bar) {
                    if let variation, let fill = variation.fill(section: section.name, bar: bar.barInSection, sectionIndex: bar.section, after: lastFill) {
                        lastFill = fill.signature
                        pattern = fill.bar
                    } else {
                        pattern = fills?.pattern(section: section.name, bar: bar.section) ?? groove
                    }
                } else if let variation, bar.barInSection % 4 == 3, variation.turnsAround.contains(section.name) {
                    pattern = variation.turnaround(section: section.name, bar: bar.barInSection) ?? groove
                } else {
                    pattern = groove
                }
                guard let pattern else { continue }
                play(pattern, at: bar.start, context, into: &notes)
                if bar.barInSection == 0, bar.index > 0, crashOn.contains(section.name), !arrangement.isFinalBar(bar) {
                    notes.append(PartNote(start: bar.start, duration: meter.ticksPerBeat, pitch: UInt7(checked: DrumKit.crash), velocity: UInt7(clamping: velocities.accent)))
                }
            }
            return notes
        }

        private func play(_ bar: Bar, at barStart: Int, _ context: RenderContext, into notes: inout [PartNote]) {
            for lane in bar.lanes {
                for hit in lane.pattern.hits {
                    let start = lane.pattern.tick(ofStep: hit.step, barStart: barStart, in: context)
                    let end = lane.pattern.tick(ofStep: hit.step + hit.length, barStart: barStart, in: context)
                    // Drums ring on their own; the note-off only needs to come before the next hit.
                    let duration = max(1, min(end - start, Meter.ticksPerQuarter / 4 * hit.length))
                    notes.append(PartNote(start: start, duration: duration, pitch: UInt7(checked: lane.note), velocity: UInt7(clamping: velocities.of(hit.token))))
                }
            }
        }
    }
}

/// Adds the drums agent to a registry.
public func register(into registry: inout AgentRegistry) {
    registry.register(Drummer())
}
