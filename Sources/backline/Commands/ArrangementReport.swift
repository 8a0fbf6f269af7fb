import BacklineEngine
import MusicTheory

/// The arrangement as a musician reads it: sections, bars and chords.
struct ArrangementReport {
    let song: Song

    var text: String {
        let arrangement = song.arrangement
        let request = song.request
        var lines = ["\(song.title), \(request.tempo) bpm, \(arrangement.meter), \(arrangement.bars.count) bars, seed \(request.seed)"]
        let sections = song.outline.sections
        let width = sections.map(\.name.count).max() ?? 0
        for section in sections {
            let name = section.name.padding(toLength: width, withPad: " ", startingAt: 0)
            let range = "bars \(section.firstBar + 1)-\(section.firstBar + section.bars)"
            lines.append("  \(name)  \(range.padding(toLength: 11, withPad: " ", startingAt: 0))  \(section.chordNames.joined(separator: " | "))")
        }
        return lines.joined(separator: "\n")
    }
}
