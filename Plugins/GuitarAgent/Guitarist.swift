import BacklineAgents
import MIDIFile
import MusicTheory

/// Strums or chops chords in a genre's voicing family: power chords, open chords, triads, shells
/// or extended jazz voicings, each strum spread over a few milliseconds like a pick across strings.
struct Guitarist: Agent {
    let kind = "guitar"
    let settingKeys = ["voicing", "rhythm", "register", "strum_ms", "velocity", "variation"]
    /// Acoustic guitar (steel), on channel 2 when it is free.
    let traits = PartTraits(program: UInt7(checked: 25), channel: .preferred(MIDIChannel(checked: 2)))

    enum VoicingStyle: String, Sendable, CaseIterable {
        /// Root, fifth and octave, low: rock, punk, metal.
        case power
        /// Cowboy chords: root, fifth, octave, third, fifth across six strings.
        case open
        /// A close triad on the top strings, voice-led: reggae skank, funk.
        case triad
        /// Root, seventh and third: swing rhythm guitar.
        case shell
        /// Third, seventh, ninth (and thirteenth), no root, voice-led: jazz comping.
        case extended
    }

    /// `D` down-strum, `U` up-strum (top strings, lighter), `M` palm-muted down-strum (low strings,
    /// short), `x` muted chop, `A` accented down-strum.
    enum Stroke: Sendable, Hashable {
        case down, up, palmMuted, chop, accent

        init?(_ token: String) {
            switch token {
            case "D": self = .down
            case "U": self = .up
            case "M": self = .palmMuted
            case "x": self = .chop
            case "A": self = .accent
            default: return nil
            }
        }
    }

    func compile(_ settings: SpecMapping, outline: GenreOutline, diagnostics d: inout Diagnostics) -> (any PartPerformer)? {
        let style = settings.require("voicing", &d, hint: "one of \(VoicingStyle.allCases.map(\.rawValue).joined(separator: ", "))")
            .flatMap { $0.choice(&d, from: VoicingStyle.allCases.map(\.rawValue), of: "guitar voicing").flatMap(VoicingStyle.init) }
        let rhythm = settings.require("rhythm", &d, hint: "the strumming grids").flatMap { node in
            SectionPatterns.read(node, outline: outline, &d) { node, d in
                StepPattern<Stroke>.read(node, outline: outline, expected: "D (down), U (up), M (palm-muted), x (chop) or A (accent)", &d, token: Stroke.init)
            }
        }
        let register = settings["register"].map { $0.noteRange(&d) } ?? 40...76
        let strum = settings["strum_ms"].map { $0.double(&d, in: 0...60, of: "strum spread in milliseconds") } ?? 8
        let velocity = settings["velocity"].map { $0.int(&d, in: 1...127, of: "a velocity") } ?? 88
        let variation = settings["variation"].map { $0.bool(&d) } ?? true
        guard let style, let rhythm, let register, let strum, let velocity, let variation else { return nil }
        return Performer(style: style, rhythm: rhythm, register: register, strumMilliseconds: strum, velocity: velocity, variation: variation,
            phraseEnds: rhythm.phraseEnds(beatsPerBar: outline.meter.beatsPerBar))
    }

    struct Performer: PartPerformer {
        let style: VoicingStyle
        let rhythm: SectionPatterns<StepPattern<Stroke>>
        let register: ClosedRange<Int>
        let strumMilliseconds: Double
        let velocity: Int
        /// Whether a section written as one bar varies at the end of each phrase.
        let variation: Bool
        /// The bars played at the end of each four-bar phrase (``SectionPatterns/phraseEnds(beatsPerBar:)``).
        let phraseEnds: SectionPatterns<StepPattern<Stroke>>

        func perform(_ context: RenderContext, random: inout some RandomNumberGenerator) -> [PartNote] {
            let arrangement = context.arrangement
            let strumTicks = context.ticks(milliseconds: strumMilliseconds)
            var notes: [PartNote] = []
            notes.reserveCapacity(arrangement.bars.count * 24)
            var leader = VoiceLeader(voiceLeads: style == .triad || style == .extended)
            func voicing(for chord: Chord) -> Voicing {
                leader.voicing(for: chord) { chord, previous in voice(chord, key: context.key, after: previous) }
            }
            for bar in arrangement.bars {
                if arrangement.isFinalBar(bar) {
                    // The final hit: each chord of the last bar strummed once and left ringing.
                    for span in bar.chords {
                        strum(voicing(for: span.chord).pitches, at: span.start, duration: span.duration, velocity: velocity + 8, spread: strumTicks, into: &notes)
                    }
                    continue
                }
                let patterns = variation && bar.barInSection % 4 == 3 ? phraseEnds : rhythm
                guard let pattern = patterns.pattern(section: arrangement.section(of: bar).name, bar: bar.barInSection) else { continue }
                let step = pattern.stepTicks(in: arrangement.meter)
                for hit in pattern.hits {
                    let hitStart = pattern.tick(ofStep: hit.step, barStart: bar.start, in: context)
                    let hitEnd = pattern.tick(ofStep: hit.step + hit.length, barStart: bar.start, in: context)
                    // A chord held across a chord change is strummed again on the new chord.
                    for segment in arrangement.chordSegments(from: hitStart, to: hitEnd) {
                    let shape = voicing(for: segment.chord)
                    let start = segment.start
                    let length = segment.end - segment.start
                    switch hit.token {
                    case .down:
                        strum(shape.pitches, at: start, duration: length, velocity: velocity, spread: strumTicks, into: &notes)
                    case .accent:
                        strum(shape.pitches, at: start, duration: length, velocity: velocity + 16, spread: strumTicks, into: &notes)
                    case .up:
                        // An up-stroke catches the top strings first and fewer of them.
                        let top = Array(shape.pitches.suffix(max(2, shape.pitches.count - 2)).reversed())
                        strum(top, at: start, duration: length, velocity: velocity * 4 / 5, spread: strumTicks, into: &notes)
                    case .palmMuted:
                        let low = Array(shape.pitches.prefix(3))
                        strum(low, at: start, duration: max(1, min(length, step) * 2 / 3), velocity: velocity * 7 / 8, spread: strumTicks / 2, into: &notes)
                    case .chop:
                        strum(shape.pitches, at: start, duration: max(1, Meter.ticksPerQuarter / 16), velocity: velocity / 2, spread: strumTicks / 2, into: &notes)
                    }
                    }
                }
            }
            return notes
        }

        /// Strings struck one after another `spread` ticks apart, all released together.
        private func strum(_ pitches: [Int], at start: Int, duration: Int, velocity: Int, spread: Int, into notes: inout [PartNote]) {
            for (index, pitch) in pitches.enumerated() {
                let offset = min(index * spread, duration / 2)
                notes.append(PartNote(
                    start: start + offset, duration: max(1, duration - offset - 8), pitch: UInt7(clamping: pitch),
                    velocity: UInt7(clamping: velocity - index)))
            }
        }

        func voice(_ chord: Chord, key: Key, after previous: Voicing?) -> Voicing {
            let quality = chord.quality
            let rootLow = register.lowerBound.placing(chord.bassNote)
            let rootPitch = register.lowerBound.placing(chord.root)
            let third = quality.third ?? (quality.contains(5) ? 5 : 2)
            let fifth = quality.fifth ?? 7
            if quality.isExtended, style != .power { return voiceExtended(chord, after: previous) }
            switch style {
            case .power:
                // No natural fifth against a b13; a chord without a fifth (7alt) takes its seventh.
                let power = quality.playableFifth ?? quality.seventh ?? fifth
                return fit([rootLow, rootLow + power, rootLow + 12])
            case .open:
                var pitches = [rootLow, rootPitch + fifth, rootPitch + 12, rootPitch + 12 + third, rootPitch + 12 + fifth]
                if let seventh = quality.seventh { pitches[2] = rootPitch + seventh }
                if rootPitch + 24 <= register.upperBound { pitches.append(rootPitch + 24) }
                return fit(pitches)
            case .shell:
                return fit([rootLow, rootLow + (quality.seventh ?? 12), rootLow + 12 + third])
            case .triad:
                let stack = [chord.root, chord.root + third, chord.root + fifth]
                let upper = max(register.lowerBound, register.upperBound - 19)...register.upperBound
                return Voicing.nearest(Voicing.inversions(of: stack, in: upper), to: previous, center: upper.lowerBound + 8) ?? fit(stack.map { upper.lowerBound.placing($0) })
            case .extended:
                // Sevenths and ninths the chord does not spell come from the key's scale (F, not F#,
                // over G in C major; a flat ninth over a half-diminished chord).
                let seventh = quality.seventh ?? key.scaleStep(7, above: chord.root)
                let ninth = quality.contains(13) ? 1 : (quality.contains(15) ? 3 : (quality.contains(14) ? 2 : key.scaleStep(2, above: chord.root)))
                var stack = [chord.root + third, chord.root + seventh, chord.root + ninth]
                if quality.contains(21) { stack.append(chord.root + 9) }
                let middle = max(register.lowerBound, 52)...min(register.upperBound, 74)
                return Voicing.nearest(Voicing.inversions(of: stack, in: middle), to: previous, center: 62) ?? fit(stack.map { middle.lowerBound.placing($0) })
            }
        }

        /// A chord with ninths, elevenths or thirteenths, as one hand holds it on six strings: its
        /// guide tones, alterations and thirteenth always, then colour, root and fifth while the
        /// style has room; open and shell styles put the bass note under it. Voice-led where the
        /// style is.
        private func voiceExtended(_ chord: Chord, after previous: Voicing?) -> Voicing {
            let bass: PitchClass? = (style == .open || style == .shell) ? chord.bassNote : nil
            // How many notes above the bass, and where they sit.
            let top = max(register.lowerBound, register.upperBound - 24)...register.upperBound
            let (count, window, center): (Int, ClosedRange<Int>, Int) =
                switch style {
                case .open, .power: (4, register, (register.lowerBound + register.upperBound) / 2)
                case .shell: (2, register, register.lowerBound + 14)
                case .triad: (4, top, max(register.lowerBound, register.upperBound - 14))
                case .extended: (3, max(register.lowerBound, 52)...min(register.upperBound, 74), 62)
                }
            // The root stays out of the upper notes when the bass has it; jazz comping leaves it out.
            let rootless = (bass != nil && chord.bass == nil) || style == .extended
            var tones = chord.voicingTones(count: count, limit: bass == nil ? 6 : 5, rootless: rootless)
            while !tones.isEmpty {
                for range in [window, register] {
                    var grips = Voicing.guitarGrips(of: tones, bass: bass, in: range)
                    if let bass {
                        // The bass as low as the register lets it: on the bottom strings.
                        let lowest = register.lowerBound.placing(bass)
                        let low = grips.filter { $0.pitches[0] == lowest }
                        if !low.isEmpty { grips = low }
                    }
                    if let nearest = Voicing.nearest(grips, to: previous, center: center) { return nearest }
                }
                // Nothing one hand holds: let go of the least important tone.
                tones.removeLast()
            }
            return fit([register.lowerBound.placing(chord.root)])
        }

        /// Folds every note into the register, keeping them distinct.
        private func fit(_ pitches: [Int]) -> Voicing {
            var seen: Set<Int> = []
            return Voicing(pitches: pitches.map { register.foldingOctaves($0) }.filter { seen.insert($0).inserted })
        }
    }
}

/// Adds the guitar agent to a registry.
public func register(into registry: inout AgentRegistry) {
    registry.register(Guitarist())
}
