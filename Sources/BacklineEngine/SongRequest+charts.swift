import ChordCharts
import Foundation
import MusicTheory

/// Where a request's chord chart came from, when it was not typed as a `progression`: an iReal
/// Pro link or a MusicXML lead sheet. The chart itself is stored as its `progression`.
public struct ChartSource: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        case ireal, musicxml
    }

    public let kind: Kind
    /// The tune's title as the source gives it: `Autumn Leaves`.
    public let title: String

    public init(kind: Kind, title: String) {
        self.kind = kind
        self.title = title
    }
}

extension SongRequest {
    /// A chart source read into what the request needs: the lead sheet, the genre its style maps
    /// to, and where it came from.
    struct ImportedChart {
        let sheet: LeadSheet
        let genre: String?
        let source: ChartSource
    }

    /// The lead sheet `ireal` (with `song`) or `musicxml` names, if either does; at most one chord
    /// chart may be given.
    static func importedChart(_ draft: Draft) throws(SongRequestError) -> ImportedChart? {
        let given = [("progression", draft.progression != nil), ("ireal", draft.ireal != nil), ("musicxml", draft.musicxml != nil)]
            .filter(\.1).map(\.0)
        if given.count > 1 {
            throw SongRequestError(
                field: given[1], message: "give one chord chart, not \(given.joined(separator: " and ")): progression, ireal or musicxml")
        }
        if draft.song != nil, draft.ireal == nil {
            throw SongRequestError(field: "song", message: "song picks a tune from an iReal Pro playlist; give the link as ireal")
        }
        let strict = draft.strict ?? false
        if let link = draft.ireal { return try importedChart(ireal: link, song: draft.song, strict: strict) }
        if let text = draft.musicxml { return try importedChart(musicXML: text, strict: strict) }
        return nil
    }

    private static func importedChart(ireal link: String, song wanted: String?, strict: Bool) throws(SongRequestError) -> ImportedChart {
        let playlist: IRealPro.Playlist
        do {
            playlist = try IRealPro.playlist(link, strict: strict)
        } catch {
            throw SongRequestError(field: "ireal", message: "ireal: \(error.message)")
        }
        let songs = playlist.songs
        let titles = songs.prefix(12).map { Excerpt.quoted($0.sheet.title) }.joined(separator: ", ") + (songs.count > 12 ? " …" : "")
        let song: IRealPro.Song
        if let wanted {
            guard let found = playlist.song(titled: wanted) else {
                // A song the link holds but that could not be read says why.
                if let skipped = playlist.skipped.first(where: { LeadSheet.titleKey($0.title) == LeadSheet.titleKey(wanted) }) {
                    throw SongRequestError(field: "ireal", message: "ireal: \(skipped.description)")
                }
                throw SongRequestError(field: "song", message: "the link holds no song titled \(Excerpt.quoted(wanted)); it holds \(titles)")
            }
            song = found
        } else {
            if songs.isEmpty, let skipped = playlist.skipped.first {
                throw SongRequestError(field: "ireal", message: "ireal: \(skipped.description)")
            }
            guard songs.count == 1 else {
                throw SongRequestError(
                    field: "song", message: "the link is a playlist of \(songs.count) songs; name one as song: \(titles)")
            }
            song = songs[0]
        }
        var sheet = song.sheet
        // The meter changes part-way are written into the chart, so they are stored with it.
        sheet.chart = sheet.chart.writingMeters(Dictionary(song.meterChanges.map { ($0.bar, $0.meter.felt) }) { $1 })
        return ImportedChart(sheet: sheet, genre: song.genre, source: ChartSource(kind: .ireal, title: song.sheet.title))
    }

    private static func importedChart(musicXML text: String, strict: Bool) throws(SongRequestError) -> ImportedChart {
        var sheet: LeadSheet
        do {
            // Compressed MusicXML (.mxl) comes as base64: a zip's "PK\3\4" is "UEsDB".
            let data = text.hasPrefix("UEsDB") ? Data(base64Encoded: text, options: .ignoreUnknownCharacters) ?? Data(text.utf8) : Data(text.utf8)
            sheet = try MusicXMLLeadSheet.import(data, strict: strict).sheet
        } catch {
            throw SongRequestError(field: "musicxml", message: "musicxml: \(error.description)")
        }
        sheet.chart = sheet.chart.writingMeters(Dictionary(sheet.meterChanges.map { ($0.bar, $0.meter.felt) }) { $1 })
        let genre = sheet.style.flatMap(IRealPro.genre(forStyle:))
        return ImportedChart(sheet: sheet, genre: genre, source: ChartSource(kind: .musicxml, title: sheet.title))
    }
}

extension ChordChart {
    /// The chart moved by `semitones`, its roots and basses named as `key` names them: a tune
    /// played in another key than its own, as iReal Pro transposes.
    func transposed(by semitones: Int, into key: Key) -> ChordChart {
        guard semitones % 12 != 0 else { return self }
        func moved(_ note: NoteName) -> NoteName {
            let name = key.name(of: note.pitchClass + semitones)
            guard let moved = NoteName(parsing: name) else { preconditionFailure("a key names every pitch class: \(name)") }
            return moved
        }
        let moved = bars.map { bar in
            bar.map { symbol -> ChordSymbol in
                guard case .absolute(let root, let quality, let bass) = symbol else { return symbol }
                return .absolute(root: moved(root), quality: quality, bass: bass.map(moved))
            }
        }
        return ChordChart(bars: moved, sections: sections, hits: hits, meters: meters)
    }
}
