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

    /// A tempo from a bar on: a practice loop raises it each pass.
    public struct TempoChange: Sendable, Hashable {
        public let bar: Int
        public let bpm: Int
    }

    public let title: String
    public let request: SongRequest
    /// Every bar of the song, count-ins and every pass included; sections carry the names a chart
    /// shows (`label`) and the grooves they play as (`name`).
    public let arrangement: Arrangement
    public let tracks: [Track]
    /// The tempo at bar 0, and every change after it.
    public let tempos: [TempoChange]
    /// Tick ranges where no chord sounds: count-ins and the chart's N.C. bars.
    public let silences: [Range<Int>]
    /// The chart's shots, holds and pushes, in ticks of the whole song.
    public let hits: [SongPlan.Hit]

    public var key: Key { request.key }
    public var seed: UInt64 { request.seed }

    /// Renders `request` with `preset`. Pure: the same preset and request give the same song.
    public init(preset: GenrePreset, request: SongRequest) {
        self.init(preset: preset, request: request, plan: SongPlan(preset: preset, request: request))
    }

    /// Renders a plan: each pass with its own tempo, the count-ins on the drum channel, the pitched
    /// parts silent where the chart says N.C.
    public init(preset: GenrePreset, request: SongRequest, plan: SongPlan) {
        // The catalog's genre compiles the meters a song changes to; `preset` is the genre as it plays
        // the song's first meter (validation made sure it can).
        let genre = preset
        let preset = preset.playing(in: plan.meter) ?? preset
        self.title = request.source.map { "\($0.title) (\(preset.name) in \(request.key))" } ?? "\(preset.name) in \(request.key)"
        self.request = request
        let parts = request.partsToPlay(in: preset)
        if plan.passes.count == 1, let pass = plan.passes.first, pass.countIn == 0, pass.tacet.isEmpty {
            // One pass as it is: the common case, with no copying.
            self.arrangement = pass.arrangement
            self.tracks = parts.map { Song.render($0, preset: preset, genre: genre, pass: pass, request: request) }
            self.tempos = [TempoChange(bar: 0, bpm: pass.tempo)]
            self.silences = []
            self.hits = pass.hits
            return
        }
        var sections: [(section: Arrangement.Section, chords: [[Chord]])] = []
        var notes = [[PartNote]](repeating: [], count: parts.count)
        var clicks: [PartNote] = []
        var tempos: [TempoChange] = []
        var silences: [Range<Int>] = []
        var hits: [SongPlan.Hit] = []
        // Each bar's meter, kept only when some pass changes meter (count-ins take their pass's first).
        let changesMeter = plan.passes.contains { !$0.arrangement.meterChanges.isEmpty }
        var barMeters: [Meter] = []
        var bar = 0
        var tick = 0
        for pass in plan.passes {
            if tempos.last?.bpm != pass.tempo { tempos.append(TempoChange(bar: bar, bpm: pass.tempo)) }
            if pass.countIn > 0 {
                // Counted in in the meter the pass starts in.
                let first = pass.arrangement.bars[0].chords[0].chord
                let meter = pass.arrangement.meter
                let countIn = Arrangement.Section(name: SongPlan.countInLabel, firstBar: bar, bars: pass.countIn, energy: 1, label: SongPlan.countInLabel)
                sections.append((countIn, Array(repeating: [first], count: pass.countIn)))
                clicks += Song.countIn(bars: pass.countIn, meter: meter, from: tick)
                silences.append(tick..<(tick + pass.countIn * meter.ticksPerBar))
                if changesMeter { barMeters += Array(repeating: meter, count: pass.countIn) }
                bar += pass.countIn
                tick += pass.countIn * meter.ticksPerBar
            }
            let shift = tick
            for section in pass.arrangement.sections {
                let chords = pass.arrangement.bars[section.firstBar..<(section.firstBar + section.bars)].map { $0.chords.map(\.chord) }
                sections.append((
                    Arrangement.Section(name: section.name, firstBar: section.firstBar + bar, bars: section.bars, energy: section.energy, label: section.label),
                    chords))
            }
            for (index, part) in parts.enumerated() {
                let track = Song.render(part, preset: preset, genre: genre, pass: pass, request: request)
                let played = track.traits.isPitched ? Song.silencing(track.notes, in: pass.tacet) : track.notes
                notes[index] += played.map { note in
                    var moved = note
                    moved.start += shift
                    return moved
                }
            }
            silences += pass.tacet.map { ($0.lowerBound + shift)..<($0.upperBound + shift) }
            hits += pass.hits.map { SongPlan.Hit(kind: $0.kind, start: $0.start + shift, end: $0.end + shift) }
            if changesMeter { barMeters += pass.arrangement.meters }
            bar += pass.arrangement.bars.count
            tick += pass.arrangement.totalTicks
        }
        var tracks = zip(parts, notes).map { part, notes in Track(name: part.name, voices: part.voices, traits: part.traits, notes: notes) }
        if !clicks.isEmpty {
            if let drums = tracks.firstIndex(where: { $0.channel == .percussion }) {
                let track = tracks[drums]
                tracks[drums] = Track(
                    name: track.name, voices: track.voices, traits: track.traits,
                    notes: (track.notes + clicks).sorted { $0.orderKey < $1.orderKey })
            } else {
                tracks.insert(Track(
                    name: SongPlan.countInLabel, voices: [GenrePreset.Part.Voice(channel: .percussion, program: UInt7(checked: 0))],
                    traits: PartTraits(program: UInt7(checked: 0), channel: .fixed(.percussion), isPitched: false, lanes: [Song.countInNote.intValue: "Side Stick"]),
                    notes: clicks), at: 0)
            }
        }
        self.arrangement = Arrangement(
            meter: plan.meter, sections: sections, endsWithHit: plan.passes.last?.arrangement.endsWithHit ?? true,
            barMeters: changesMeter ? barMeters : nil)
        self.tracks = tracks
        self.tempos = tempos
        self.silences = silences
        self.hits = hits
    }

    /// One part played over one pass: the agent's notes, with the pass's feel. `preset` is the genre
    /// as it plays the song's first meter; `genre` the catalog's, which compiles the others.
    static func render(_ part: GenrePreset.Part, preset: GenrePreset, genre: GenrePreset, pass: SongPlan.Pass, request: SongRequest) -> Track {
        let context = RenderContext(key: request.key, tempo: pass.tempo, arrangement: pass.arrangement, swing: preset.feel.swing(atTempo: pass.tempo))
        var random = SeededGenerator.forPart(named: part.name, songSeed: request.seed)
        let written = pass.arrangement.meterChanges.isEmpty
            ? part.performer.perform(context, random: &random)
            : Song.perform(part, genre: genre, changingMeter: context, random: &random)
        let played = Song.playing(pass.hits, over: written, pitched: part.traits.isPitched, meter: pass.arrangement.meter)
        let notes = Song.perform(played, humanize: part.humanize ?? preset.feel.humanize, voices: part.voices.count, context: context, random: &random)
        return Track(name: part.name, voices: part.voices, traits: part.traits, notes: notes)
    }

    /// A part over a song whose meter changes: each stretch of bars in one meter played by the genre
    /// as it plays that meter, as a song of its own, then laid end to end.
    static func perform(
        _ part: GenrePreset.Part, genre: GenrePreset, changingMeter context: RenderContext, random: inout SeededGenerator
    ) -> [PartNote] {
        let arrangement = context.arrangement
        var notes: [PartNote] = []
        var first = 0
        while first < arrangement.bars.count {
            let meter = arrangement.meter(ofBar: first)
            var end = first
            while end < arrangement.bars.count, arrangement.meter(ofBar: end) == meter { end += 1 }
            let stretch = arrangement.stretch(first..<end)
            let performer = genre.playing(in: meter)?.part(named: part.name)?.performer ?? part.performer
            let local = RenderContext(key: context.key, tempo: context.tempo, arrangement: stretch, swing: context.swing)
            let offset = arrangement.bars[first].start
            notes += performer.perform(local, random: &random).map { note in
                var moved = note
                moved.start += offset
                return moved
            }
            first = end
        }
        return notes
    }

    /// The General MIDI side stick: what a drummer counts in with.
    static let countInNote = UInt7(checked: 37)

    /// A count-in as a drummer gives one: every beat of the last bar, accented on one; in a two-bar
    /// count-in, the first bar on every other beat ("one … two …, one two three four"). Beats are
    /// the meter's: dotted quarters in 6/8 and 12/8.
    static func countIn(bars: Int, meter: Meter, from start: Int) -> [PartNote] {
        // Every felt beat: each group's start in a grouped meter (7/8 as 2+2+3 clicks three times).
        let beats = meter.feltBeats
        let shortest = zip(beats, beats.dropFirst() + [meter.ticksPerBar]).map { $1 - $0 }.min() ?? meter.ticksPerBar
        var clicks: [PartNote] = []
        for bar in 0..<bars {
            let stride = bars == 2 && bar == 0 && beats.count > 1 ? 2 : 1
            for beat in Swift.stride(from: 0, to: beats.count, by: stride) {
                let tick = start + bar * meter.ticksPerBar + beats[beat]
                clicks.append(PartNote(start: tick, duration: shortest / 2, pitch: countInNote, velocity: UInt7(checked: beat == 0 ? 100 : 80)))
            }
        }
        return clicks
    }

    /// Pitched notes with the N.C. stretches taken out: a note starting in one is dropped, one
    /// sounding into one stops where it begins.
    static func silencing(_ notes: [PartNote], in tacet: [Range<Int>]) -> [PartNote] {
        guard !tacet.isEmpty else { return notes }
        return notes.compactMap { note in
            if tacet.contains(where: { $0.contains(note.start) }) { return nil }
            guard let cut = tacet.first(where: { $0.lowerBound > note.start && $0.lowerBound < note.end }) else { return note }
            var shortened = note
            shortened.duration = cut.lowerBound - note.start
            return shortened
        }
    }

    /// Applies the section's energy and humanize; keeps every note inside the song and never lets
    /// two notes of one pitch overlap (so every note-on meets its own note-off).
    static func perform(
        _ notes: consuming [PartNote], humanize: Feel.Humanize, voices: Int, context: RenderContext,
        random: inout SeededGenerator
    ) -> [PartNote] {
        let arrangement = context.arrangement
        let songEnd = arrangement.totalTicks
        let jitter = context.ticks(milliseconds: humanize.timingMilliseconds)
        // A song in one meter finds a note's bar by one division; one whose meter changes asks.
        let barTicks = arrangement.meterChanges.isEmpty ? arrangement.meter.ticksPerBar : 0
        let lastBar = arrangement.bars.count - 1
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
            var velocity = Double(note.velocity.intValue) * energyOfBar[barTicks > 0 ? min(lastBar, note.start / barTicks) : arrangement.barIndex(at: note.start)]
            if humanize.velocity > 0 { velocity += Double(Int.random(in: -humanize.velocity...humanize.velocity, using: &random)) }
            guard end > start else { continue }
            // Rounded half up; below zero it is clamped to 1 anyway, so no call to round() is needed.
            result.append(PartNote(start: start, duration: end - start, pitch: note.pitch, velocity: UInt7(clamping: max(1, Int(velocity + 0.5))), voice: note.voice, glide: note.glide))
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
