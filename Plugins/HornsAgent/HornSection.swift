import BacklineAgents
import MIDIFile
import MusicTheory

/// A horn section: trumpet, saxophones and trombone (or any of the instruments below), each on a
/// MIDI channel of its own with its General MIDI program, voiced as one chord inside every
/// instrument's range. It plays stabs and hits from step grids, held pads, short riffs on the chord
/// tones in octaves, and a held chord into each new section.
struct HornSection: Agent {
    let kind = "horns"
    let settingKeys = ["instruments", "voicing", "rhythm", "riffs", "last_only", "swell", "velocity"]
    /// On any free channels; a song asks for horns (`parts`), as for keys.
    let traits = PartTraits(program: HornSection.catalog["trumpet"]!.program, channel: .anyFree, playsOnRequest: true)

    /// An instrument a section may hold: its General MIDI program (0-based) and the range a section
    /// writes for it, in sounding MIDI notes (comfortable, not the extremes).
    struct Horn: Sendable, Hashable {
        let name: String
        let program: UInt7
        let range: ClosedRange<Int>
    }

    static let catalog: [String: Horn] = Dictionary(uniqueKeysWithValues: [
        Horn(name: "trumpet", program: UInt7(checked: 56), range: 55...79),
        Horn(name: "trombone", program: UInt7(checked: 57), range: 40...65),
        Horn(name: "tuba", program: UInt7(checked: 58), range: 28...55),
        Horn(name: "french_horn", program: UInt7(checked: 60), range: 41...72),
        Horn(name: "soprano_sax", program: UInt7(checked: 64), range: 56...84),
        Horn(name: "alto_sax", program: UInt7(checked: 65), range: 49...75),
        Horn(name: "tenor_sax", program: UInt7(checked: 66), range: 44...70),
        Horn(name: "baritone_sax", program: UInt7(checked: 67), range: 36...63),
    ].map { ($0.name, $0) })

    static let defaultSection = ["trumpet", "alto_sax", "tenor_sax", "trombone"]

    enum Voicing: String, Sendable, CaseIterable {
        /// The chord's tones stacked close under the lead, a tone an instrument.
        case close
        /// Drop 2: the second voice from the top an octave down, for a wider, warmer sound.
        case spread
    }

    /// `x` a short stab, `X` an accented stab (a hit), `H` a chord held as long as its `-` say.
    enum Touch: Sendable, Hashable {
        case stab, hit, held
    }

    /// A riff step: a chord tone (1, 3, 5, 7, 8, 9), played by the whole section in octaves.
    struct RiffNote: Sendable, Hashable {
        let tone: Int
        let accent: Bool
    }

    func compile(_ settings: SpecMapping, outline: GenreOutline, diagnostics d: inout Diagnostics) -> (any PartPerformer)? {
        let problemsBefore = d.errors.count
        var section: [Horn] = Self.defaultSection.map { Self.catalog[$0]! }
        if let node = settings["instruments"], let items = node.sequence(&d, of: "instruments, top voice first") {
            let names = Self.catalog.keys.sorted()
            section = items.compactMap { $0.choice(&d, from: names, of: "horn").flatMap { Self.catalog[$0] } }
            if items.count < 2 || items.count > 6 {
                d.report(.outOfRange, "a horn section has 2 to 6 instruments, not \(items.count)", at: node)
            }
        }
        let voicing = settings["voicing"].map { $0.choice(&d, from: Voicing.allCases.map(\.rawValue), of: "horn voicing").flatMap(Voicing.init) } ?? .close
        let rhythm = settings.require("rhythm", &d, hint: "the stabs, hits and pads per section").flatMap { node in
            SectionPatterns.read(node, outline: outline, &d, everySection: false) { node, d in
                StepPattern<Touch>.read(node, outline: outline, expected: "x (stab), X (hit) or H (held chord)", &d) { token in
                    switch token {
                    case "x": .stab
                    case "X": .hit
                    case "H": .held
                    default: nil
                    }
                }
            }
        }
        let riffs = settings["riffs"].flatMap { node in
            SectionPatterns.read(node, outline: outline, &d, everySection: false) { node, d in
                StepPattern<RiffNote>.read(node, outline: outline, expected: "a chord tone 1, 3, 5, 7, 8 or 9 (! before it accents)", &d) { token in
                    let accent = token.hasPrefix("!")
                    guard let tone = Int(accent ? String(token.dropFirst()) : token), [1, 3, 5, 7, 8, 9].contains(tone) else { return nil }
                    return RiffNote(tone: tone, accent: accent)
                }
            }
        }
        var lastOnly: Set<String> = []
        if let node = settings["last_only"], let items = node.strings(&d, of: "section names") {
            lastOnly = Set(items.compactMap { $0.choice(&d, from: outline.sectionNames, of: "section") })
        }
        let swell = settings["swell"].map { $0.bool(&d) } ?? true
        let velocity = settings["velocity"].map { $0.int(&d, in: 1...127, of: "a velocity") } ?? 92
        guard let voicing, let rhythm, let swell, let velocity, d.errors.count == problemsBefore else { return nil }
        return Performer(
            section: section, voicing: voicing, rhythm: rhythm, riffs: riffs, lastOnly: lastOnly, swell: swell, velocity: velocity)
    }

    struct Performer: PartPerformer {
        let section: [Horn]
        let voicing: Voicing
        let rhythm: SectionPatterns<StepPattern<Touch>>
        let riffs: SectionPatterns<StepPattern<RiffNote>>?
        let lastOnly: Set<String>
        let swell: Bool
        let velocity: Int

        var instruments: [Instrument] { section.map { Instrument(name: $0.name, program: $0.program) } }

        func perform(_ context: RenderContext, random: inout some RandomNumberGenerator) -> [PartNote] {
            let arrangement = context.arrangement
            let beat = arrangement.meter.ticksPerBeat
            var notes: [PartNote] = []
            notes.reserveCapacity(arrangement.bars.count * 16)
            var lead: Int?
            // The last time each section plays: a `last_only` section plays only then.
            var lastOccurrence: [String: Int] = [:]
            for (index, section) in arrangement.sections.enumerated() { lastOccurrence[section.name] = index }

            for bar in arrangement.bars {
                let section = arrangement.section(of: bar)
                if lastOnly.contains(section.name) && lastOccurrence[section.name] != bar.section { continue }
                if arrangement.isFinalBar(bar) {
                    // The final hit, held to the end.
                    for span in bar.chords { play(span.chord, at: span.start, duration: span.duration, level: velocity + 12, lead: &lead, into: &notes) }
                    continue
                }
                let riff = riffs?.pattern(section: section.name, bar: bar.barInSection)
                if let riff {
                    for hit in riff.hits {
                        let start = riff.tick(ofStep: hit.step, barStart: bar.start, in: context)
                        let end = riff.tick(ofStep: hit.step + hit.length, barStart: bar.start, in: context)
                        playRiff(hit.token, chord: arrangement.chord(at: start).chord, key: context.key, at: start, duration: end - start, into: &notes)
                    }
                } else if let pattern = rhythm.pattern(section: section.name, bar: bar.barInSection) {
                    let step = pattern.stepTicks(in: arrangement.meter)
                    for hit in pattern.hits {
                        let start = pattern.tick(ofStep: hit.step, barStart: bar.start, in: context)
                        let end = pattern.tick(ofStep: hit.step + hit.length, barStart: bar.start, in: context)
                        for segment in arrangement.chordSegments(from: start, to: end) {
                            switch hit.token {
                            case .stab:
                                play(segment.chord, at: segment.start, duration: min(step, segment.end - segment.start) * 3 / 4, level: velocity, lead: &lead, into: &notes)
                            case .hit:
                                play(segment.chord, at: segment.start, duration: min(step * 2, segment.end - segment.start) * 3 / 4, level: velocity + 16, lead: &lead, into: &notes)
                            case .held:
                                play(segment.chord, at: segment.start, duration: segment.end - segment.start - 12, level: velocity - 14, lead: &lead, into: &notes)
                            }
                        }
                    }
                }
                // Into a new section: a chord held over the last two beats, struck again louder on
                // the last, so the section leans into the change.
                let nextIndex = bar.section + 1
                let changes = nextIndex < arrangement.sections.count && arrangement.sections[nextIndex].name != section.name
                if swell && changes && arrangement.isLastBarOfSection(bar) && arrangement.bars.count > bar.index + 1 && riff == nil {
                    let end = bar.start + arrangement.meter.ticksPerBar
                    let chord = arrangement.chord(at: end - 1).chord
                    notes.removeAll { $0.start >= end - 2 * beat && $0.start < end }
                    play(chord, at: end - 2 * beat, duration: beat - 6, level: velocity - 24, lead: &lead, into: &notes)
                    play(chord, at: end - beat, duration: beat - 6, level: velocity, lead: &lead, into: &notes)
                }
            }
            return notes
        }

        /// The section's chord, one note an instrument, the lead moving as little as it can.
        private func play(_ chord: Chord, at start: Int, duration: Int, level: Int, lead: inout Int?, into notes: inout [PartNote]) {
            let pitches = voice(chord, after: lead)
            lead = pitches.first
            for (voice, pitch) in pitches.enumerated() {
                notes.append(PartNote(
                    start: start, duration: max(1, duration), pitch: UInt7(clamping: pitch), velocity: UInt7(clamping: level - voice * 3),
                    voice: UInt8(voice)))
            }
        }

        /// Pitches top voice first, each inside its instrument's range. The lead takes the chord tone
        /// nearest the previous lead; the voices below take the next chord tones down (close), or
        /// the second voice drops an octave (spread).
        func voice(_ chord: Chord, after previousLead: Int?) -> [Int] {
            let tones = Self.tones(of: chord, count: section.count)
            let leadRange = section[0].range
            let center = previousLead ?? (leadRange.lowerBound + leadRange.upperBound) / 2 + 2
            // The lead: the chord tone nearest where the lead was, in the lead's range.
            var best: Int?
            for pitch in leadRange where tones.contains(PitchClass(pitch)) {
                if best.map({ abs(pitch - center) < abs($0 - center) }) ?? true { best = pitch }
            }
            var pitches = [best ?? leadRange.lowerBound.placing(tones[0])]
            // Each voice below: the next chord tone under the previous voice.
            let order = tones.sorted { PitchClass($0.value).value < PitchClass($1.value).value }
            for index in 1..<section.count {
                var pitch = pitches[index - 1] - 1
                while !order.contains(PitchClass(pitch)) || (pitch % 12 == pitches[index - 1] % 12) { pitch -= 1 }
                // Tones already sounding are skipped while there are others to take.
                var tries = 0
                while pitches.contains(where: { PitchClass($0) == PitchClass(pitch) }) && tries < 12 && pitches.count < tones.count {
                    pitch -= 1
                    while !order.contains(PitchClass(pitch)) { pitch -= 1 }
                    tries += 1
                }
                pitches.append(pitch)
            }
            if voicing == .spread && pitches.count >= 3 { pitches[1] -= 12 }
            // Every note inside its instrument's range, by octaves.
            return zip(pitches, section).map { pitch, horn in horn.range.foldingOctaves(pitch) }
        }

        /// The chord tones a section of `count` voices plays: root, third, fifth, seventh, with the
        /// ninth for a fifth voice, the sixth or ninth the chord spells.
        static func tones(of chord: Chord, count: Int) -> [PitchClass] {
            let quality = chord.quality
            var tones = [chord.root]
            if let third = quality.third { tones.append(chord.root + third) } else if quality.contains(5) { tones.append(chord.root + 5) }
            tones.append(chord.root + (quality.fifth ?? 7))
            if let seventh = quality.seventh { tones.append(chord.root + seventh) }
            if count > tones.count, quality.contains(14) { tones.append(chord.root + 2) }
            return tones
        }

        /// A riff note: the chord tone in the lead's octave, doubled an octave down in every other voice.
        private func playRiff(_ step: RiffNote, chord: Chord, key: Key, at start: Int, duration: Int, into notes: inout [PartNote]) {
            let semitones: Int = switch step.tone {
            case 1, 8: step.tone == 8 ? 12 : 0
            case 3: chord.quality.third ?? key.scaleStep(3, above: chord.root)
            case 5: chord.quality.fifth ?? 7
            case 7: chord.quality.seventh ?? key.scaleStep(7, above: chord.root)
            default: key.scaleStep(9, above: chord.root) + 12
            }
            let lead = section[0].range
            let pitch = (lead.lowerBound + 5).placing(chord.root) + semitones
            for (voice, horn) in section.enumerated() {
                let target = pitch - (voice.isMultiple(of: 2) ? 0 : 12) - (voice >= 2 ? 12 : 0)
                notes.append(PartNote(
                    start: start, duration: max(1, duration - duration / 8), pitch: UInt7(clamping: horn.range.foldingOctaves(target)),
                    velocity: UInt7(clamping: velocity + (step.accent ? 12 : 0) - voice * 3), voice: UInt8(voice)))
            }
        }
    }
}

/// Adds the horns agent to a registry.
public func register(into registry: inout AgentRegistry) {
    registry.register(HornSection())
}
