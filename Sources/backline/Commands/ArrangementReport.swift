import BacklineEngine
import MusicTheory

/// The arrangement as a musician reads it: sections, bars and chords.
struct ArrangementReport {
    let song: Song

    var text: String {
        let arrangement = song.arrangement
        let request = song.request
        var lines = ["\(song.title), \(request.tempo) bpm, \(arrangement.meter), \(arrangement.bars.count) bars, seed \(request.seed)"]
        let width = arrangement.sections.map(\.name.count).max() ?? 0
        for (index, section) in arrangement.sections.enumerated() {
            let bars = arrangement.bars.filter { $0.section == index }
            let chords = bars.map { bar in bar.chords.map { $0.chord.name(in: song.key) }.joined(separator: " ") }
            let name = section.name.padding(toLength: width, withPad: " ", startingAt: 0)
            let range = "bars \(section.firstBar + 1)-\(section.firstBar + section.bars)"
            lines.append("  \(name)  \(range.padding(toLength: 11, withPad: " ", startingAt: 0))  \(chords.joined(separator: " | "))")
        }
        return lines.joined(separator: "\n")
    }
}
