import ChordCharts
import MIDIFile

extension Song {
    /// The song as a self-contained SVG piano roll; see ``PianoRoll``.
    public func pianoRollSVG() -> String {
        do {
            return try PianoRoll.svg(midi: fullMIDIFile(), outline: outline)
        } catch {
            preconditionFailure("a MIDI file Backline just encoded must read back: \(error)")
        }
    }
}

/// A song drawn as a self-contained SVG piano roll (no scripts, nothing fetched): one lane per part
/// (drum hits as marks on a row per kit piece, pitched parts as note bars), bar lines, section
/// names and the chord symbols above the bars.
///
/// Drawn from the combined MIDI file and the song's outline, so a stored song draws the same picture,
/// byte for byte, every time it is asked for, and the same as `backline generate --pianoroll`.
public enum PianoRoll {
    /// A part's notes as the file holds them.
    private struct Lane {
        let part: SongOutline.Part
        /// Sorted by start, then pitch.
        let notes: [MIDIFileReader.Note]
    }

    public static func svg(midi: [UInt8], outline: SongOutline) throws(MIDIFileReader.Error) -> String {
        let contents = try MIDIFileReader().read(midi)
        let title = contents.trackNames.first ?? ""
        let notesByTrack = contents.notesByTrack
        let lanes = outline.parts.enumerated().map { index, part in
            let notes = index + 1 < notesByTrack.count ? notesByTrack[index + 1] : []
            return Lane(part: part, notes: notes.sorted { ($0.start, $0.pitch) < ($1.start, $1.pitch) })
        }
        return draw(lanes, outline: outline, title: title, tempo: contents.startingBPM)
    }

    private static func draw(_ tracks: [Lane], outline: SongOutline, title: String, tempo: Int) -> String {
        let barWidth = 56.0
        let left = 96.0
        let header = 44.0
        // Every bar is as wide as every other, whatever its meter: a tick is placed within its bar.
        let starts = outline.barStarts
        let width = left + barWidth * Double(outline.totalBars) + 8
        func x(_ tick: Int) -> Double {
            var low = 0, high = starts.count - 2
            while low < high {
                let middle = (low + high + 1) / 2
                if starts[middle] <= tick { low = middle } else { high = middle - 1 }
            }
            let length = Double(max(1, starts[low + 1] - starts[low]))
            return left + (Double(low) + Double(tick - starts[low]) / length) * barWidth
        }

        var lanes: [String] = []
        var top = header + 4
        for (index, track) in tracks.enumerated() {
            let colour = Self.colours[index % Self.colours.count]
            var body: [String] = []
            let height: Double
            if !track.part.isPitched {
                let pieces = Array(Set(track.notes.map(\.pitch))).sorted()
                let row = 9.0
                height = max(40, row * Double(pieces.count) + 6)
                for (index, piece) in pieces.enumerated() {
                    let y = top + 3 + Double(pieces.count - 1 - index) * row
                    let name = track.part.lanes.first { $0.note == piece }?.name ?? GeneralMIDI.percussionName(of: piece)
                    body.append(#"<text x="\#(left - 4)" y="\#(f(y + 7))" class="piece">\#(XMLText.escaped(name))</text>"#)
                    for note in track.notes where note.pitch == piece {
                        body.append(#"<rect x="\#(f(x(note.start) - 1.5))" y="\#(f(y + 1))" width="3" height="7" fill="\#(colour)" fill-opacity="\#(f(0.35 + Double(note.velocity) / 200))"/>"#)
                    }
                }
            } else {
                let pitches = track.notes.map(\.pitch)
                let low = (pitches.min() ?? 60) - 1
                let high = (pitches.max() ?? 60) + 1
                let step = 2.5
                height = max(48, Double(high - low + 1) * step)
                for note in track.notes {
                    let y = top + Double(high - note.pitch) * height / Double(high - low + 1)
                    let length = max(1.5, x(note.end) - x(note.start))
                    body.append(#"<rect x="\#(f(x(note.start)))" y="\#(f(y))" width="\#(f(length))" height="\#(f(max(2, step - 0.5)))" fill="\#(colour)"/>"#)
                }
            }
            lanes.append(#"<rect x="0" y="\#(f(top))" width="\#(f(width))" height="\#(f(height))" class="lane"/>"#)
            lanes.append(#"<text x="6" y="\#(f(top + 14))" class="part">\#(XMLText.escaped(track.part.name))</text>"#)
            lanes.append(#"<text x="6" y="\#(f(top + 27))" class="channel">ch \#(track.part.channel)</text>"#)
            lanes.append(contentsOf: body)
            top += height + 6
        }

        var grid: [String] = []
        for section in outline.sections {
            for (barInSection, chords) in section.chords.enumerated() {
                let barStart = starts[section.firstBar + barInSection]
                let bx = x(barStart)
                let isSectionStart = barInSection == 0
                grid.append(#"<line x1="\#(f(bx))" y1="\#(isSectionStart ? 2 : 24)" x2="\#(f(bx))" y2="\#(f(top))" class="\#(isSectionStart ? "section-line" : "bar-line")"/>"#)
                for chord in chords {
                    grid.append(#"<text x="\#(f(x(barStart + chord.offset) + 2))" y="38" class="chord">\#(XMLText.escaped(chord.name))</text>"#)
                }
            }
        }
        for section in outline.sections {
            grid.append(#"<text x="\#(f(x(starts[section.firstBar]) + 3))" y="16" class="section">\#(XMLText.escaped(section.name))</text>"#)
        }
        let height = top + 4
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="Helvetica, Arial, sans-serif">
            <title>\(XMLText.escaped(title)), \(tempo) bpm</title>
            <style>.lane{fill:#f7f5f0}.part{font-size:12px;font-weight:bold;fill:#222}.channel,.piece{font-size:8px;fill:#777}.piece{text-anchor:end}.chord{font-size:9px;fill:#333}.section{font-size:11px;font-weight:bold;fill:#8a3b12}.bar-line{stroke:#ccc;stroke-width:0.5}.section-line{stroke:#8a3b12;stroke-width:1}</style>
            <rect width="100%" height="100%" fill="#fff"/>
            \(lanes.joined(separator: "\n"))
            \(grid.joined(separator: "\n"))
            </svg>

            """
    }

    /// One colour a part, by its place in the song: the first four are the drums', bass', guitar's
    /// and keys' colours of the bundled genres.
    private static let colours = ["#444", "#1f6f8b", "#c0392b", "#6c3483", "#b9770e", "#117a65", "#a04000", "#1a5276"]

}

/// One decimal place is plenty for a picture, and keeps the file small. Integer arithmetic: a
/// picture has thousands of numbers, and Foundation's formatting made drawing cost more than
/// playing the song.
private func f(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    let magnitude = abs(tenths)
    let text = magnitude % 10 == 0 ? String(magnitude / 10) : String(magnitude / 10) + "." + String(magnitude % 10)
    return tenths < 0 ? "-" + text : text
}
