import BacklineAgents
import MIDIFile
import MusicTheory

/// A rendered song: its arrangement and every part's notes, ready to be written as MIDI.
public struct Song: Sendable {
    public struct Track: Sendable {
        public let name: String
        /// The channel and program of each of the part's instruments; most parts have one.
        public let voices: [GenrePreset.Part.Voice]
        /// What the part's agent declares: pitched or not, lane names.
        public let traits: PartTraits
        /// Sorted by start, then pitch.
        public let notes: [PartNote]

        public var channel: MIDIChannel { voices[0].channel }
        public var program: UInt7 { voices[0].program }
    }

    public let title: String
    public let request: SongRequest
    public let arrangement: Arrangement
    public let tracks: [Track]

    public var key: Key { request.key }
    public var seed: UInt64 { request.seed }

    /// Renders `request` with `preset`. Pure: the same preset and request give the same song.
    public init(preset: GenrePreset, request: SongRequest) {
        let arrangement = Song.arrange(preset, request)
        let context = RenderContext(key: request.key, tempo: request.tempo, arrangement: arrangement, swing: preset.feel.swing)
        self.title = "\(preset.name) in \(request.key)"
        self.request = request
        self.arrangement = arrangement
        self.tracks = request.partsToPlay(in: preset).map { part in
            var random = SeededGenerator.forPart(named: part.name, songSeed: request.seed)
            let played = part.performer.perform(context, random: &random)
            let notes = Song.perform(played, humanize: part.humanize ?? preset.feel.humanize, voices: part.voices.count, context: context, random: &random)
            return Track(name: part.name, voices: part.voices, traits: part.traits, notes: notes)
        }
    }

    /// Sections from the request's form, or the preset's; chords from the request's chart or the
    /// preset's progression for the mode, cycled over each section; cut to the request's bars. A song
    /// ends on the tonic; a loop's last bar is the dominant of its first chord, leading back in.
    static func arrange(_ preset: GenrePreset, _ request: SongRequest) -> Arrangement {
        var firstBar = 0
        var sections: [(section: Arrangement.Section, chords: [[Chord]])] = []
        for name in sectionOrder(preset, request) {
            guard let type = preset.sectionTypes[name] else { preconditionFailure("form names unknown section \(name)") }
            var bars = type.bars
            if let limit = request.bars {
                guard firstBar < limit else { break }
                bars = min(bars, limit - firstBar)
            }
            let chart = request.chart ?? type.chords.chart(for: request.key.mode)
            var chords: [[Chord]] = []
            for bar in 0..<bars {
                let sounding = chart.bars[bar % chart.bars.count].compactMap { $0.chord(in: request.key) }
                // N.C. holds the harmony before it for the parts that keep playing.
                chords.append(sounding.isEmpty ? [chords.last?.last ?? sections.last?.chords.last?.last ?? request.key.tonicChord] : sounding)
            }
            sections.append((Arrangement.Section(name: name, firstBar: firstBar, bars: bars, energy: type.energy), chords))
            firstBar += bars
        }
        if request.chart == nil, let last = sections.indices.last {
            let final = sections[last].chords.count - 1
            if request.loop, let first = sections.first?.chords.first?.first {
                sections[last].chords[final] = [Chord(root: first.root + 7, quality: ChordQuality(intervals: [0, 4, 7, 10]))]
            } else {
                sections[last].chords[final] = [request.key.tonicChord]
            }
        }
        return Arrangement(meter: preset.meter, sections: sections, endsWithHit: !request.loop)
    }

    /// The sections in playing order: the request's form or the preset's. When the request's bars
    /// outlast them, the form's body (all but an opening intro and a closing outro) repeats until
    /// they are filled; the arrangement cuts the last section to fit.
    static func sectionOrder(_ preset: GenrePreset, _ request: SongRequest) -> some Sequence<String> {
        let names = request.form ?? preset.sectionNames(count: request.sections)
        let length = names.reduce(0) { $0 + (preset.sectionTypes[$1]?.bars ?? 0) }
        guard let wanted = request.bars, wanted > length else { return AnySequence(names) }
        var opening = names
        if opening.count > 1, opening.last == "outro" { opening.removeLast() }
        var body = opening
        if body.count > 1, body.first == "intro" { body.removeFirst() }
        return AnySequence(opening + (0..<wanted).lazy.flatMap { _ in body })
    }

    /// Applies the section's energy and humanize; keeps every note inside the song and never lets
    /// two notes of one pitch overlap (so every note-on meets its own note-off).
    static func perform(
        _ notes: consuming [PartNote], humanize: Feel.Humanize, voices: Int, context: RenderContext,
        random: inout SeededGenerator
    ) -> [PartNote] {
        let arrangement = context.arrangement
        let songEnd = arrangement.totalTicks
        let barTicks = arrangement.meter.ticksPerBar
        let jitter = context.ticks(milliseconds: humanize.timingMilliseconds)
        var result: [PartNote] = []
        result.reserveCapacity(notes.count)
        // Notes struck together (a chord, or a strum within a 32nd) move together, so humanize
        // never scrambles a chord or the order of a strum.
        let groupWindow = Meter.ticksPerQuarter / 8
        var groupStart: Int?
        var shift = 0
        let energyOfBar = arrangement.bars.map { arrangement.sections[$0.section].energy }
        // The agent's notes are this function's to sort in place: no copy.
        var sorted = notes
        sorted.sort { $0.start < $1.start }
        for note in sorted {
            guard note.start < songEnd, note.duration > 0 else { continue }
            if jitter > 0 && groupStart.map({ note.start - $0 >= groupWindow }) ?? true {
                groupStart = note.start
                shift = Int.random(in: -jitter...jitter, using: &random)
            }
            var start = note.start
            var end = min(songEnd, note.end)
            if jitter > 0 && start > 0 {
                start = max(0, start + shift)
                end = min(songEnd, end + shift)
            }
            var velocity = Double(note.velocity.intValue) * energyOfBar[min(energyOfBar.count - 1, note.start / barTicks)]
            if humanize.velocity > 0 { velocity += Double(Int.random(in: -humanize.velocity...humanize.velocity, using: &random)) }
            guard end > start else { continue }
            // Rounded half up; below zero it is clamped to 1 anyway, so no call to round() is needed.
            result.append(PartNote(start: start, duration: end - start, pitch: note.pitch, velocity: UInt7(clamping: max(1, Int(velocity + 0.5))), voice: note.voice))
        }
        // By start, then pitch, then instrument: one integer compare (starts fit 40 bits).
        result.sort { $0.orderKey < $1.orderKey }
        return Song.separateRepeatedPitches(result, voices: voices)
    }

    /// Shortens a note that is still sounding when the same pitch is struck again on the same
    /// instrument, and drops exact duplicates.
    static func separateRepeatedPitches(_ notes: [PartNote], voices: Int) -> [PartNote] {
        var lastIndexOfPitch = [Int](repeating: -1, count: 128 * voices)
        var kept: [PartNote] = []
        kept.reserveCapacity(notes.count)
        for note in notes {
            let pitch = Int(note.voice) * 128 + note.pitch.intValue
            let previous = lastIndexOfPitch[pitch]
            if previous >= 0, kept[previous].end > note.start {
                if kept[previous].start == note.start {
                    if note.velocity > kept[previous].velocity { kept[previous].velocity = note.velocity }
                    kept[previous].duration = max(kept[previous].duration, note.duration)
                    continue
                }
                kept[previous].duration = note.start - kept[previous].start
            }
            lastIndexOfPitch[pitch] = kept.count
            kept.append(note)
        }
        return kept
    }
}

extension PartNote {
    /// Start, pitch and voice packed so that comparing keys orders notes by them, in that order.
    var orderKey: Int { start << 16 | pitch.intValue << 8 | Int(voice) }
}
