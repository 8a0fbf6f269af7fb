import BacklineAgents
import MIDIFile
import MusicTheory

/// Plays chords on keys: each chord moves to the nearest inversion of the next (voice leading), in
/// close, spread, shell, rootless or pad voicings; or a line of chord tones in octaves, the way a
/// salsa pianist plays a montuno.
struct Keyboardist: Agent {
    let kind = "keys"
    let settingKeys = ["voicing", "rhythm", "register", "velocity", "voice_leading", "variation"]
    /// Acoustic grand piano on channel 3 when it is free; a song asks for keys (`with_keys`).
    let traits = PartTraits(program: UInt7(checked: 0), channel: .preferred(MIDIChannel(checked: 3)), playsOnRequest: true)

    enum VoicingStyle: String, Sendable, CaseIterable {
        /// Root, third, fifth (and seventh) in close position.
        case close
        /// The root low in the left hand, the rest in close position above.
        case spread
        /// Root, third and seventh: the left hand of a jazz pianist.
        case shell
        /// Third, fifth or thirteenth, seventh and ninth, no root (the bass has it): jazz comping.
        case rootless
        /// Wide and even: root, fifth, third an octave up, seventh or octave on top.
        case pad
    }

    /// `H` a chord, `X` an accented chord, `o` a soft one; `1` `3` `5` `7` `8` `9` one chord tone in
    /// octaves (with `'` or `,` for an octave up or down, `!` to accent).
    enum Touch: Sendable, Hashable {
        case normal, accent, soft
        case tone(degree: Int, octave: Int, accent: Bool)

        init?(parsing token: String) {
            switch token {
            case "H": self = .normal
            case "X": self = .accent
            case "o": self = .soft
            default:
                var text = Substring(token)
                let accent = text.first == "!"
                if accent { text = text.dropFirst() }
                var octave = 0
                while let last = text.last, last == "'" || last == "," {
                    octave += last == "'" ? 1 : -1
                    text = text.dropLast()
                }
                guard let degree = Int(text), [1, 3, 5, 7, 8, 9].contains(degree) else { return nil }
                self = .tone(degree: degree, octave: octave, accent: accent)
            }
        }
    }

    func compile(_ settings: SpecMapping, outline: GenreOutline, diagnostics d: inout Diagnostics) -> (any PartPerformer)? {
        let style = settings["voicing"].map { $0.choice(&d, from: VoicingStyle.allCases.map(\.rawValue), of: "keys voicing").flatMap(VoicingStyle.init) } ?? .close
        let rhythm = settings.require("rhythm", &d, hint: "the comping grids").flatMap { node in
            SectionPatterns.read(node, outline: outline, &d) { node, d in
                StepPattern<Touch>.read(
                    node, outline: outline, expected: "H (chord), X (accent), o (soft), or a chord tone 1 3 5 7 8 9 in octaves (' or , to move it, ! to accent)",
                    &d, token: Touch.init(parsing:))
            }
        }
        let register = settings["register"].map { $0.noteRange(&d) } ?? 48...79
        let velocity = settings["velocity"].map { $0.int(&d, in: 1...127, of: "a velocity") } ?? 76
        let voiceLeading = settings["voice_leading"].map { $0.bool(&d) } ?? true
        let variation = settings["variation"].map { $0.bool(&d) } ?? true
        guard let style, let rhythm, let register, let velocity, let voiceLeading, let variation else { return nil }
        return Performer(style: style, rhythm: rhythm, register: register, velocity: velocity, voiceLeading: voiceLeading, variation: variation,
            phraseEnds: rhythm.phraseEnds(beatsPerBar: outline.meter.beatsPerBar))
    }

    struct Performer: PartPerformer {
        let style: VoicingStyle
        let rhythm: SectionPatterns<StepPattern<Touch>>
        let register: ClosedRange<Int>
        let velocity: Int
        let voiceLeading: Bool
        /// Whether a section written as one bar varies at the end of each phrase.
        let variation: Bool
        /// The bars played at the end of each four-bar phrase (``SectionPatterns/phraseEnds(beatsPerBar:)``).
        let phraseEnds: SectionPatterns<StepPattern<Touch>>

        func perform(_ context: RenderContext, random: inout some RandomNumberGenerator) -> [PartNote] {
            let arrangement = context.arrangement
            var notes: [PartNote] = []
            notes.reserveCapacity(arrangement.bars.count * 16)
            var leader = VoiceLeader(voiceLeads: voiceLeading)
            var line = MontunoLine(register: register)
            func voicing(for chord: Chord) -> Voicing {
                leader.voicing(for: chord) { chord, previous in voice(chord, key: context.key, after: previous) }
            }
            for bar in arrangement.bars {
                if arrangement.isFinalBar(bar) {
                    // The final hit: each chord of the last bar held to its end.
                    for span in bar.chords {
                        for pitch in voicing(for: span.chord).pitches {
                            notes.append(PartNote(start: span.start, duration: span.duration, pitch: UInt7(clamping: pitch), velocity: UInt7(clamping: velocity + 6)))
                        }
                    }
                    continue
                }
                let patterns = variation && bar.barInSection % 4 == 3 ? phraseEnds : rhythm
                guard let pattern = patterns.pattern(section: arrangement.section(of: bar).name, bar: bar.barInSection) else { continue }
                for hit in pattern.hits {
                    let start = pattern.tick(ofStep: hit.step, barStart: bar.start, in: context)
                    let end = pattern.tick(ofStep: hit.step + hit.length, barStart: bar.start, in: context)
                    if case .tone(let degree, let octave, let accent) = hit.token {
                        let chord = arrangement.chord(at: start).chord
                        let pitch = line.next(degree: degree, of: chord, key: context.key, octave: octave)
                        for doubled in [pitch, pitch + 12] {
                            notes.append(PartNote(
                                start: start, duration: max(1, end - start - 6), pitch: UInt7(clamping: doubled),
                                velocity: UInt7(clamping: accent ? velocity + 16 : velocity)))
                        }
                        continue
                    }
                    let level = switch hit.token {
                    case .normal: velocity
                    case .accent: velocity + 16
                    case .soft: velocity * 2 / 3
                    case .tone: velocity
                    }
                    // A chord held across a chord change moves to the new chord there.
                    for segment in arrangement.chordSegments(from: start, to: end) {
                        for pitch in voicing(for: segment.chord).pitches {
                            notes.append(PartNote(start: segment.start, duration: max(1, segment.end - segment.start - 6), pitch: UInt7(clamping: pitch), velocity: UInt7(clamping: level)))
                        }
                    }
                }
            }
            return notes
        }

        func voice(_ chord: Chord, key: Key, after previous: Voicing?) -> Voicing {
            let quality = chord.quality
            let third = chord.root + (quality.third ?? (quality.contains(5) ? 5 : 2))
            let fifth = chord.root + (quality.fifth ?? 7)
            let seventh = quality.seventh.map { chord.root + $0 }
            // For voicings that need a seventh or ninth the chord does not spell, the key's scale decides.
            let scaleSeventh = chord.root + key.scaleStep(7, above: chord.root)
            let center = (register.lowerBound + register.upperBound) / 2
            if quality.isExtended { return voiceExtended(chord, after: previous) }
            switch style {
            case .close:
                let stack = [chord.root, third, fifth] + (seventh.map { [$0] } ?? [])
                return best(stack, in: register, after: previous, center: center)
            case .spread:
                let bass = register.lowerBound.placing(chord.bassNote)
                let upper = min(register.upperBound, bass + 12)...register.upperBound
                let stack = [third, fifth] + (seventh.map { [$0] } ?? [chord.root])
                let top = best(stack, in: upper, after: previous.map { Voicing(pitches: Array($0.pitches.dropFirst())) }, center: upper.lowerBound + 7)
                return Voicing(pitches: [bass] + top.pitches)
            case .shell:
                // The root low, the third and seventh above it as 3-7 or 7-3, whichever is nearer the
                // previous shell: the way a jazz pianist's left hand moves.
                let bass = register.lowerBound.placing(chord.root)
                let pair = [third, seventh ?? scaleSeventh]
                let upper = (bass + 1)...(bass + 22)
                let previousPair = previous.map { Voicing(pitches: Array($0.pitches.dropFirst())) }
                let top = Voicing.nearest(Voicing.inversions(of: pair, in: upper), to: previousPair, center: bass + 12)
                return Voicing(pitches: [bass] + (top?.pitches ?? pair.map { (bass + 1).placing($0) }))
            case .rootless:
                let ninth = chord.root + (quality.contains(13) ? 1 : (quality.contains(15) ? 3 : (quality.contains(14) ? 2 : key.scaleStep(2, above: chord.root))))
                let colour = quality.contains(21) || quality == ChordQuality(intervals: [0, 4, 7, 9]) ? chord.root + 9 : fifth
                let stack = [third, colour, seventh ?? scaleSeventh, ninth]
                return best(stack, in: max(register.lowerBound, 50)...min(register.upperBound, 76), after: previous, center: 62)
            case .pad:
                let bass = register.lowerBound.placing(chord.root)
                var pitches = [bass, bass.placing(fifth), bass.placing(fifth).placing(third)]
                pitches.append(pitches[2].placing(seventh ?? chord.root))
                return Voicing(pitches: pitches.map { register.foldingOctaves($0) })
            }
        }

        /// A chord with ninths, elevenths or thirteenths: its guide tones, alterations and
        /// thirteenth always, then colour, root and fifth while the style has room, inside the
        /// register, for two hands at most.
        private func voiceExtended(_ chord: Chord, after previous: Voicing?) -> Voicing {
            let center = (register.lowerBound + register.upperBound) / 2
            // Close stacks follow the chord upward from its root: 3 5 7 9, not 9 7 5 3.
            func stacked(_ tones: [PitchClass]) -> [PitchClass] {
                tones.sorted { $0.semitones(above: chord.root) < $1.semitones(above: chord.root) }
            }
            switch style {
            case .close:
                let tones = stacked(chord.voicingTones(count: 5, limit: 6, rootless: false))
                return best(tones, in: register, after: previous, center: center)
            case .rootless:
                let tones = stacked(chord.voicingTones(count: 4, limit: 5, rootless: true))
                let middle = max(register.lowerBound, 50)...min(register.upperBound, 76)
                return best(tones, in: middle, after: previous, center: 62)
            case .spread, .shell, .pad:
                // The bass note low in the left hand, the rest above it in the right.
                let bass = register.lowerBound.placing(style == .spread ? chord.bassNote : chord.root)
                let rootless = style != .spread || chord.bass == nil
                let (count, upper): (Int, ClosedRange<Int>) =
                    switch style {
                    case .shell: (2, min(register.upperBound, bass + 1)...min(register.upperBound, bass + 24))
                    case .spread: (4, min(register.upperBound, bass + 12)...register.upperBound)
                    default: (5, min(register.upperBound, bass + 7)...register.upperBound)
                    }
                let tones = stacked(chord.voicingTones(count: count, limit: 5, rootless: rootless))
                let previousUpper = previous.map { Voicing(pitches: Array($0.pitches.dropFirst())) }
                let top = best(tones, in: upper, after: previousUpper, center: upper.lowerBound + 7)
                return Voicing(pitches: [bass] + top.pitches.filter { $0 != bass })
            }
        }

        private func best(_ stack: [PitchClass], in range: ClosedRange<Int>, after previous: Voicing?, center: Int) -> Voicing {
            Voicing.nearest(Voicing.inversions(of: stack, in: range), to: previous, center: center)
                ?? Voicing(pitches: stack.map { range.foldingOctaves(range.lowerBound.placing($0)) })
        }
    }
}

/// A line of single chord tones played in octaves: each note placed nearest the one before, with
/// room for its octave above inside the register.
struct MontunoLine {
    let register: ClosedRange<Int>
    var previous: Int?

    init(register: ClosedRange<Int>) { self.register = register }

    mutating func next(degree: Int, of chord: Chord, key: Key, octave: Int) -> Int {
        let quality = chord.quality
        let semitones: Int = switch degree {
        case 3: quality.third ?? (quality.contains(5) ? 5 : 4)
        case 5: quality.fifth ?? 7
        case 7: quality.seventh ?? key.scaleStep(7, above: chord.root)
        case 8: 12
        case 9: key.scaleStep(2, above: chord.root) + 12
        default: 0
        }
        let low = register.lowerBound, high = max(register.lowerBound, register.upperBound - 12)
        let tone = chord.root + semitones
        let target = previous ?? (low + high) / 2
        let candidates = Array(stride(from: low.placing(tone), through: high, by: 12))
        // 8 and 9 go up from the line, to the nearest root or ninth above it; the rest to the nearest.
        let above = degree >= 8 ? candidates.first { $0 > target } : nil
        let placed = above ?? candidates.min { abs($0 - target) < abs($1 - target) } ?? low.placing(tone)
        previous = placed
        // An octave mark moves the note, as long as it and its octave stay in the register.
        var pitch = placed + 12 * octave
        while pitch > high { pitch -= 12 }
        while pitch < low { pitch += 12 }
        return pitch
    }
}

/// Adds the keys agent to a registry.
public func register(into registry: inout AgentRegistry) {
    registry.register(Keyboardist())
}
