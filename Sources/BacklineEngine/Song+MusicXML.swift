import ChordCharts
import MIDIFile
import MusicTheory

extension Song {
    /// The song as a MusicXML lead sheet; see ``SongMusicXML``.
    public func musicXML() -> String {
        do {
            return try SongMusicXML.document(midi: fullMIDIFile(), outline: outline, key: request.key, title: request.source?.title)
        } catch {
            preconditionFailure("a MIDI file Backline just encoded must read back: \(error)")
        }
    }
}

/// A rendered song as a MusicXML 4.0 lead sheet: the chord symbols of every bar (as `<harmony>`),
/// a rehearsal mark for each section, the tempo and key, the bass line as written notes and the
/// drums on a percussion staff. Guitar and keys are left to the chord symbols, as on a lead sheet.
///
/// Drawn from the combined MIDI file and the song's outline, like the piano roll, so a stored song
/// gives the same document every time it is asked for, and the same as `backline generate --musicxml`.
public enum SongMusicXML {
    /// The document; `title` defaults to the MIDI file's (`Swing in F major`).
    public static func document(midi: [UInt8], outline: SongOutline, key: Key, title: String? = nil) throws(MIDIFileReader.Error) -> String {
        let contents = try MIDIFileReader().read(midi)
        let notesByTrack = contents.notesByTrack

        var bassParts: [MusicXMLScore.Part] = []
        var drumParts: [MusicXMLScore.Part] = []
        for (index, part) in outline.parts.enumerated() {
            let track = index + 1
            let program = contents.programs.first { $0.track == track }?.program
            let notes = (track < notesByTrack.count ? notesByTrack[track] : []).map {
                MusicXMLScore.Note(start: $0.start, duration: $0.end - $0.start, pitch: $0.pitch, velocity: $0.velocity)
            }
            if !part.isPitched {
                drumParts.append(MusicXMLScore.Part(name: displayName(part.name), program: program ?? 0, isPercussion: true, notes: notes))
            } else if part.name.lowercased().contains("bass") || (32...39).contains(program ?? -1) {
                bassParts.append(MusicXMLScore.Part(name: displayName(part.name), program: program ?? 33, notes: notes))
            }
        }

        var chords: [MusicXMLScore.ChordChange] = []
        for section in outline.sections {
            for (index, marks) in section.chords.enumerated() {
                let bar = section.firstBar + index
                for mark in marks {
                    chords.append(change(mark, bar: bar))
                }
            }
        }
        let score = MusicXMLScore(
            title: title ?? contents.trackNames.first ?? "", key: key, meter: outline.meter, tempo: contents.startingBPM,
            ticksPerQuarter: contents.ticksPerQuarter, bars: max(outline.totalBars, 1),
            sections: outline.sections.map { MusicXMLScore.Section(name: $0.name, firstBar: $0.firstBar) },
            chords: chords, parts: bassParts + drumParts,
            meterChanges: outline.meterChanges.map { LeadSheet.MeterChange(bar: $0.bar, meter: $0.meter) })
        return score.musicXML()
    }

    /// A chord of the outline as a chord change; the outline writes only what Backline reads back.
    private static func change(_ mark: SongOutline.ChordMark, bar: Int) -> MusicXMLScore.ChordChange {
        guard case .absolute(let root, let quality, let bass)? = try? ChordSymbol.parse(mark.name) else {
            return .noChord(bar: bar, tick: mark.offset)
        }
        return MusicXMLScore.ChordChange(bar: bar, tick: mark.offset, root: root.description, quality: quality, bass: bass?.description)
    }

    /// `bass` → `Bass`, `count-in` → `Count-in`.
    private static func displayName(_ name: String) -> String {
        name.prefix(1).uppercased() + name.dropFirst()
    }
}
