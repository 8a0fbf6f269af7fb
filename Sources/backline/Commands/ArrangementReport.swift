import BacklineEngine
import MusicTheory

/// The arrangement as a musician reads it: sections, bars and chords.
struct ArrangementReport {
    let song: Song

    var text: String {
        let arrangement = song.arrangement
        let request = song.request
        let tempo = song.tempos.count > 1
            ? "\(song.tempos.map { String($0.bpm) }.joined(separator: "→")) bpm (\(request.practice?.description ?? "") practice)"
            : "\(request.tempo) bpm"
        var lines = ["\(song.title), \(tempo), \(arrangement.meter), \(arrangement.bars.count) bars, seed \(request.seed)"]
        lines += song.outline.chartLines
        return lines.joined(separator: "\n")
    }
}
