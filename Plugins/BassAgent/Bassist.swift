import BacklineAgents
import MIDIFile
import MusicTheory

/// Plays bass lines from grids of chord-relative steps, or walks in quarter notes the way a jazz
/// bassist does (see ``WalkingLine``).
struct Bassist: Agent {
    let kind = "bass"
    let settingKeys = ["style", "patterns", "two_feel", "range", "velocity"]
    /// Electric bass (finger), on channel 1 when it is free.
    let traits = PartTraits(program: UInt7(checked: 33), channel: .preferred(MIDIChannel(checked: 1)))

    enum Style: String, Sendable, CaseIterable {
        case pattern, walking
    }

    func compile(_ settings: SpecMapping, outline: GenreOutline, diagnostics d: inout Diagnostics) -> (any PartPerformer)? {
        // Every reader reports its own problems; any new one means this part does not compile.
        let problemsBefore = d.errors.count
        let style = settings["style"].flatMap { $0.choice(&d, from: Style.allCases.map(\.rawValue), of: "bass style").flatMap(Style.init) } ?? .pattern
        if settings["patterns"] == nil && style == .pattern {
            d.report(.missingKey, "missing required key 'patterns' (or set style: walking)", at: settings.node)
        }
        // A walking bass walks wherever no pattern is given, so its table need not cover every section.
        let patterns = settings["patterns"].flatMap { node in
            SectionPatterns.read(node, outline: outline, &d, everySection: style != .walking) { node, d in
                StepPattern<BassStep>.read(node, outline: outline, expected: BassStep.accepted, &d, token: BassStep.init(parsing:))
            }
        }
        let range = settings["range"].flatMap { $0.noteRange(&d) } ?? 28...55
        let velocity = settings["velocity"].flatMap { $0.int(&d, in: 1...127, of: "a velocity") } ?? 96
        var twoFeel: Set<String> = []
        if let node = settings["two_feel"], let items = node.strings(&d, of: "section names") {
            if style != .walking { d.report(.invalidValue, "two_feel is for a walking bass (style: walking)", at: node) }
            twoFeel = Set(items.compactMap { $0.choice(&d, from: outline.sectionNames, of: "section") })
        }
        guard d.errors.count == problemsBefore else { return nil }
        return Performer(style: style, patterns: patterns, twoFeel: twoFeel, range: range, velocity: velocity)
    }

    struct Performer: PartPerformer {
        let style: Style
        let patterns: SectionPatterns<StepPattern<BassStep>>?
        /// Sections a walking bass plays in two: half notes, root and fifth or an approach.
        let twoFeel: Set<String>
        let range: ClosedRange<Int>
        let velocity: Int

        func perform(_ context: RenderContext, random: inout some RandomNumberGenerator) -> [PartNote] {
            let arrangement = context.arrangement
            var notes: [PartNote] = []
            notes.reserveCapacity(arrangement.bars.count * 8)
            var previous: Int?
            var walked: (chord: Chord, line: [Int])?
            for bar in arrangement.bars {
                if arrangement.isFinalBar(bar) {
                    // The final hit: each chord's root, held (the last to the end of the song).
                    for span in bar.chords {
                        notes.append(note(start: span.start, duration: span.duration, pitch: rootPitch(span.chord), velocity: velocity + 10))
                    }
                    continue
                }
                let section = arrangement.section(of: bar)
                if style == .walking, patterns?.pattern(section: section.name, bar: bar.barInSection) == nil {
                    walk(bar, context, twoFeel: twoFeel.contains(section.name), &previous, &walked, &notes, &random)
                } else if let pattern = patterns?.pattern(section: section.name, bar: bar.barInSection) {
                    // Only an anticipation held to the bar line looks at the next bar.
                    let ties = pattern.hits.last.map { $0.token.anticipates && $0.step + $0.length == pattern.steps.count } ?? false
                    play(pattern, bar, context, tieUntil: ties ? firstHit(after: bar, context) : nil, &previous, &notes)
                }
            }
            return notes
        }

        /// The root's pitch in the lowest octave of the range.
        func rootPitch(_ chord: Chord) -> Int { range.lowerBound.placing(chord.bassNote) }

        private func note(start: Int, duration: Int, pitch: Int, velocity: Int) -> PartNote {
            PartNote(start: start, duration: max(1, duration), pitch: UInt7(clamping: range.foldingOctaves(pitch)), velocity: UInt7(clamping: velocity))
        }

        /// Where the next bar's pattern plays its first note, when that bar starts with a rest: an
        /// anticipation held to the bar line rings on until then, as a tumbao's note on 4 does.
        private func firstHit(after bar: Arrangement.Bar, _ context: RenderContext) -> Int? {
            let arrangement = context.arrangement
            guard bar.index + 1 < arrangement.bars.count else { return nil }
            let next = arrangement.bars[bar.index + 1]
            guard !arrangement.isFinalBar(next),
                let pattern = patterns?.pattern(section: arrangement.section(of: next).name, bar: next.barInSection),
                let first = pattern.hits.first, first.step > 0
            else { return nil }
            return pattern.tick(ofStep: first.step, barStart: next.start, in: context)
        }

        private func play(
            _ pattern: StepPattern<BassStep>, _ bar: Arrangement.Bar, _ context: RenderContext, tieUntil: Int?, _ previous: inout Int?,
            _ notes: inout [PartNote]
        ) {
            let arrangement = context.arrangement
            let step = pattern.stepTicks(in: arrangement.meter)
            for hit in pattern.hits {
                let start = pattern.tick(ofStep: hit.step, barStart: bar.start, in: context)
                let end = pattern.tick(ofStep: hit.step + hit.length, barStart: bar.start, in: context)
                let dead = hit.token.target == .dead
                let level = dead ? velocity / 2 : (hit.token.accent ? velocity + 14 : velocity)
                if hit.token.anticipates {
                    // The next chord's note, early, held over the change without a new attack (and
                    // over the bar line, when the next bar rests on its downbeat).
                    let chord = (arrangement.nextChord(after: start) ?? arrangement.chord(at: start)).chord
                    let pitch = hit.token.pitch(chord: chord, key: context.key, rootPitch: rootPitch(chord), next: nil, previousPitch: previous)
                    let until = hit.step + hit.length == pattern.steps.count ? tieUntil ?? end : end
                    var played = note(start: start, duration: until - start - step / 8, pitch: pitch, velocity: level)
                    if hit.token.glides, let from = previous { played.glide = Int8(max(-12, min(12, from - played.pitch.intValue))) }
                    notes.append(played)
                    previous = played.pitch.intValue
                    continue
                }
                // A note held across a chord change is struck again on the new chord.
                for segment in arrangement.chordSegments(from: start, to: end) {
                    // Only an approach note looks ahead to the next chord.
                    let next = hit.token.target == .approach ? arrangement.nextChord(after: segment.start)?.chord : nil
                    // Where a chord begins, the bass lands on its root whatever the step says.
                    let changes = segment.isChordStart && !dead && hit.token.target != .approach
                    let landing = changes ? hit.token.onRoot : hit.token
                    let pitch = landing.pitch(chord: segment.chord, key: context.key, rootPitch: rootPitch(segment.chord), next: next, previousPitch: previous)
                    // Legato but for a hair of air before the next note; dead notes are clipped.
                    let duration = dead ? step / 3 : segment.end - segment.start - step / 8
                    var played = note(start: segment.start, duration: duration, pitch: pitch, velocity: level)
                    if hit.token.glides, let from = previous { played.glide = Int8(max(-12, min(12, from - played.pitch.intValue))) }
                    notes.append(played)
                    previous = played.pitch.intValue
                    if dead { break }
                }
            }
        }

        /// A walking line through each chord of the bar (``WalkingLine``), or in a two-feel section
        /// half notes: the root, then the fifth or a step into the next chord.
        private func walk(
            _ bar: Arrangement.Bar, _ context: RenderContext, twoFeel: Bool, _ previous: inout Int?, _ walked: inout (chord: Chord, line: [Int])?,
            _ notes: inout [PartNote], _ random: inout some RandomNumberGenerator
        ) {
            let arrangement = context.arrangement
            let beat = arrangement.meter.ticksPerBeat
            for span in bar.chords {
                let beats = max(1, span.duration / beat)
                let root = nearestPitch(of: span.chord.bassNote, to: previous)
                let target = arrangement.nextChord(after: span.start).map { nearestPitch(of: $0.chord.bassNote, to: root) }
                let walker = WalkingLine(chord: span.chord, key: context.key, range: range)
                var line: [Int]
                var length = beat
                if twoFeel && beats >= 2 && beats % 2 == 0 {
                    line = walker.twoFeel(root: root, target: target, halves: beats / 2, &random)
                    length = 2 * beat
                } else {
                    line = walker.line(root: root, target: target, beats: beats, &random)
                    // The same chord again: a player does not repeat the last bar note for note.
                    for _ in 0..<6 where walked?.chord == span.chord && walked?.line == line {
                        line = walker.line(root: root, target: target, beats: beats, &random)
                    }
                }
                walked = (span.chord, line)
                for (index, pitch) in line.enumerated() {
                    let accent = index == 0 ? 10 : (index * length % (2 * beat) == 0 ? 4 : 0)
                    notes.append(note(start: span.start + index * length, duration: length - beat / 10, pitch: pitch, velocity: velocity + accent))
                }
                previous = notes.last?.pitch.intValue
            }
        }

        /// `pitchClass` in the range, in the octave nearest `previous` (or lowest without one).
        private func nearestPitch(of pitchClass: PitchClass, to previous: Int?) -> Int {
            let lowest = range.lowerBound.placing(pitchClass)
            guard let previous else { return lowest }
            var best = lowest
            var candidate = lowest
            while candidate <= range.upperBound {
                if abs(candidate - previous) < abs(best - previous) { best = candidate }
                candidate += 12
            }
            return best
        }
    }
}

/// Adds the bass agent to a registry.
public func register(into registry: inout AgentRegistry) {
    registry.register(Bassist())
}
