import BacklineEngine
import MusicTheory

/// The arrangement as a musician reads it: sections, bars and chords.
struct ArrangementReport {
    let song: Song

    var text: String {
        let arrangement = song.arrangement
        let request = song.request
        var lines = ["\(song.title), \(request.tempo) bpm, \(arrangement.meter), \(arrangement.bars.count) bars, seed \(request.seed)"]
        lines += song.outline.chartLines
        return lines.joined(separator: "\n")
    }
}
