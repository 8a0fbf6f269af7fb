import BacklineAgents
import MIDIFile
import MusicTheory

extension Song {
    /// A part's notes with the chart's hits played, the way a band reads shots, holds and pushes:
    /// every part strikes the chord together and the groove stops around it.
    ///
    /// - Shot (`G7.`): the chord struck short on its beat, then silence until the next chord.
    /// - Hold (`G7..`): the chord struck on its beat and held until the next chord.
    /// - Push (`^G7`): the chord struck an eighth early and held across the beat it is written on.
    ///
    /// A pitched part strikes the notes it plays where the chord begins (its own voicing: the bass
    /// its root, the guitar its shape), or its first chord inside the hit; a part that rests there
    /// rests. The drums strike a crash and the kick. Whatever the part played inside the hit is
    /// left out, and a note ringing into it stops where the hit begins.
    static func playing(_ hits: [SongPlan.Hit], over notes: [PartNote], pitched: Bool, meter: Meter) -> [PartNote] {
        guard !hits.isEmpty else { return notes }
        let eighth = Meter.ticksPerQuarter / 2
        let strum = 60
        var result = notes
        for hit in hits {
            let strike = hit.kind == .push ? max(0, hit.start - eighth) : hit.start
            let windowEnd = hit.kind == .push ? min(hit.end, hit.start + meter.ticksPerBeat) : hit.end
            let length = hit.kind == .shot ? min(eighth, hit.end - hit.start) : windowEnd - strike
            var struck: [PartNote]
            if pitched {
                let inside = result.filter { $0.start >= hit.start && $0.start < hit.end }.sorted { $0.start < $1.start }
                let atStart = inside.filter { $0.start < hit.start + strum }
                let first = inside.first.map { onset in inside.filter { $0.start < onset.start + strum } } ?? []
                struck = (atStart.isEmpty ? first : atStart).map { note in
                    PartNote(start: strike + (note.start - (atStart.isEmpty ? first[0].start : hit.start)), duration: length,
                             pitch: note.pitch, velocity: UInt7(clamping: note.velocity.intValue + 12), voice: note.voice)
                }
            } else {
                struck = [
                    PartNote(start: strike, duration: max(length, eighth), pitch: UInt7(checked: 49), velocity: UInt7(checked: 118)),
                    PartNote(start: strike, duration: eighth, pitch: UInt7(checked: 36), velocity: UInt7(checked: 118)),
                ]
            }
            // The groove stops for the hit: notes inside it go, and one ringing into it is cut short.
            result = result.compactMap { note in
                if note.start >= strike && note.start < windowEnd { return nil }
                guard note.start < strike && note.end > strike else { return note }
                var cut = note
                cut.duration = strike - note.start
                return cut.duration > 0 ? cut : nil
            }
            result += struck.map { note in
                var note = note
                note.duration = max(1, min(note.duration, windowEnd - note.start))
                return note
            }
        }
        return result.sorted { $0.orderKey < $1.orderKey }
    }
}
