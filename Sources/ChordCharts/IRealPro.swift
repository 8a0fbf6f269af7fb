import Foundation
import MusicTheory

/// Reads the links iReal Pro shares (`irealb://…`, and the older `irealbook://…`) into lead sheets.
///
/// A link holds one song or a playlist, URL-encoded. In an `irealb` link each song is
/// `Title=Composer==Style=Key=Transpose=Chart=Groove=Tempo=Repeats`, the chart obfuscated behind
/// the prefix `1r34LbKcu7`; songs are joined by `===` and a playlist's name follows the last song.
/// An `irealbook` link writes `Title=Composer=Style=Key=n=Chart` per song, the chart in the clear.
///
/// The chart's repeats, endings, bar repeats and D.C./D.S. jumps are played out once, so the lead
/// sheet's bars are in playing order; rehearsal marks name its sections. Chords are respelled the
/// way Backline writes them (`C^7` → `Cmaj7`, `D-7` → `Dm7`, `Bh7` → `Bm7b5`); a chord Backline
/// cannot read yet plays as the nearest one it can, and ``Song/unreadable`` says so.
public enum IRealPro {
    /// The characters an `irealb` chart starts with, before its obfuscated body.
    public static let chartPrefix = "1r34LbKcu7"

    /// The songs of a link, as lead sheets in the link's order (the songs it can read; see
    /// ``playlist(_:strict:)``).
    public static func parse(_ link: String) throws(IRealProError) -> [LeadSheet] {
        try playlist(link).songs.map(\.sheet)
    }

    /// A link's songs, with what a lead sheet does not hold: the playlist's name, iReal's groove,
    /// the genre, the chords Backline could not read and what it read differently.
    ///
    /// Real playlists hold a song or two with a symbol no reader expects, and one such song must not
    /// cost the musician the other thousand. So, unless `strict`, a symbol Backline does not know is
    /// read as the nearest thing or dropped (``Song/warnings`` says which), and a song that still
    /// cannot be read (no chords, a key that is no key, a form that never ends) is left out and
    /// listed in ``Playlist/skipped``; only when no song at all can be read does the first one's
    /// error throw. `strict` throws at the first problem instead, naming the song, the bar and the
    /// symbol. A link that is no link, or holds no songs, throws either way.
    public static func playlist(_ link: String, strict: Bool = false) throws(IRealProError) -> Playlist {
        let (format, body) = try decodeLink(link)
        let (records, name) = try format == .irealb ? splitIRealB(body) : splitIRealBook(body)
        guard !records.isEmpty else {
            let playlist = name.map { "the playlist \(Excerpt.quoted($0))" } ?? "the link"
            throw IRealProError(code: .noSongs, message: "\(playlist) holds no songs")
        }
        var songs: [Song] = []
        var skipped: [SkippedSong] = []
        var firstError: IRealProError?
        var symbols = ChordSymbolCache()
        songs.reserveCapacity(records.count)
        for (index, record) in records.enumerated() {
            let title = displayTitle(record.title)
            do throws(IRealProError) {
                if let fault = record.fault { throw fault }
                songs.append(try song(from: record, format: format, strict: strict, symbols: &symbols))
            } catch {
                let placed = error.inSong(index + 1, title: title)
                if strict { throw placed }
                firstError = firstError ?? placed
                skipped.append(SkippedSong(index: index + 1, title: title, error: error))
            }
        }
        if songs.isEmpty, let firstError { throw firstError }
        return Playlist(name: name, songs: songs, skipped: skipped)
    }

    /// A playlist: its name (iReal writes it after the last song of a playlist link), its songs,
    /// and the songs left out because they could not be read.
    public struct Playlist: Sendable, Hashable {
        public var name: String?
        public var songs: [Song]
        /// The songs of the link that are not in ``songs``, in the link's order, with why.
        public var skipped: [SkippedSong]

        public init(name: String?, songs: [Song], skipped: [SkippedSong] = []) {
            self.name = name
            self.songs = songs
            self.skipped = skipped
        }

        /// The first song whose title is `titled` as a musician types it: letter case, accents,
        /// Unicode form, punctuation, spacing and a leading or iReal's trailing `, The` aside (see
        /// ``LeadSheet/titleKey(_:)``). Nil when no song has that title.
        public func song(titled title: String) -> Song? {
            let key = LeadSheet.titleKey(title)
            return songs.first { LeadSheet.titleKey($0.sheet.title) == key }
        }
    }

    /// One song of a link.
    public struct Song: Sendable, Hashable {
        /// Title, composer ("First Last"), style, key, meter and its changes, tempo and the chart in
        /// playing order.
        public var sheet: LeadSheet
        /// iReal's playback style, such as `Jazz-Medium Swing`, when the link names one.
        public var groove: String?
        /// The Backline genre for the groove (what iReal plays) or, failing that, the style; see
        /// ``genre(forStyle:)``.
        public var genre: String?
        /// Chords Backline cannot read yet, and what plays in their place.
        public var unreadable: [UnreadableChord]
        /// Symbols of the chart Backline did not understand, and what it did with each (read them
        /// as the nearest thing it knows, or dropped them); empty when read with `strict`.
        public var warnings: [ImportWarning]

        /// Where the time signature changes after the first bar, in playing order: the lead
        /// sheet's ``LeadSheet/meterChanges``, kept here for the callers that read them here.
        public var meterChanges: [MeterChange] {
            get { sheet.meterChanges }
            set { sheet.meterChanges = newValue }
        }

        public init(
            sheet: LeadSheet, groove: String?, genre: String?, unreadable: [UnreadableChord],
            warnings: [ImportWarning] = []
        ) {
            self.sheet = sheet
            self.groove = groove
            self.genre = genre
            self.unreadable = unreadable
            self.warnings = warnings
        }

        /// The song with `meterChanges` put on its lead sheet, for callers written before the lead
        /// sheet held them.
        public init(
            sheet: LeadSheet, groove: String?, genre: String?, meterChanges: [MeterChange],
            unreadable: [UnreadableChord]
        ) {
            var sheet = sheet
            sheet.meterChanges = meterChanges
            self.init(sheet: sheet, groove: groove, genre: genre, unreadable: unreadable)
        }
    }

    /// A time signature that takes over at a bar: the lead sheet's, under the name it had here.
    public typealias MeterChange = LeadSheet.MeterChange

    /// A chord whose standard spelling Backline's chord grammar does not read yet.
    public struct UnreadableChord: Sendable, Hashable {
        /// The bar as the chart writes it, from 1.
        public var bar: Int
        /// The chord as iReal writes it: `C7alt`.
        public var ireal: String
        /// The chord in standard spelling: `C7alt`, `Bb13b9`, `Dm(maj9)`.
        public var chord: String
        /// What the lead sheet plays instead, the nearest chord Backline reads: `C7#9`.
        public var playedAs: String

        public init(bar: Int, ireal: String, chord: String, playedAs: String) {
            self.bar = bar
            self.ireal = ireal
            self.chord = chord
            self.playedAs = playedAs
        }
    }

    /// Every `irealb://` and `irealbook://` link in `text` (a link itself, or the HTML page iReal
    /// shares), in order, each once. A link in an attribute ends at its closing quote; a bare one at
    /// `<`, `>`, a double quote or a line break (iReal's own pages percent-encode spaces, but a link
    /// pasted by hand may hold them; iReal leaves apostrophes as they are, as in `'S Wonderful`).
    /// HTML character references (`&amp;`) are decoded.
    public static func links(in text: String) -> [String] {
        // Bytes, not characters: every delimiter is ASCII, and a page of playlists is megabytes.
        let bytes = Array(text.utf8)
        var found: [String] = []
        var seen: Set<String> = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] | 0x20 == UInt8(ascii: "i"), let length = schemeLength(in: bytes, at: index) else {
                index += 1
                continue
            }
            let opener = index > 0 ? bytes[index - 1] : UInt8(ascii: " ")
            let quoted = opener == UInt8(ascii: "\"") || opener == UInt8(ascii: "'")
            var end = index + length
            while end < bytes.count {
                let byte = bytes[end]
                if quoted ? byte == opener : linkEnds.contains(byte) { break }
                end += 1
            }
            let link = trimmed(decodingCharacterReferences(String(decoding: bytes[index..<end], as: UTF8.self)))
            if seen.insert(link).inserted { found.append(link) }
            index = end
        }
        return found
    }

    /// The bytes that end a link not in quotes.
    private static let linkEnds: Set<UInt8> = Set("\"<>\n\r\t".utf8)

    /// `text` without white space at either end. By hand, as Foundation's trimming goes through
    /// NSString, which costs more than reading a song.
    static func trimmed(_ text: some StringProtocol) -> String {
        let scalars = text.unicodeScalars
        var lower = scalars.startIndex
        var upper = scalars.endIndex
        while lower < upper, scalars[lower].properties.isWhitespace { lower = scalars.index(after: lower) }
        while upper > lower, scalars[scalars.index(before: upper)].properties.isWhitespace {
            upper = scalars.index(before: upper)
        }
        return String(text[lower..<upper])
    }

    /// The text of some scalars. Through UTF-8, as appending scalars to a string one by one costs
    /// more than everything else a song's reading does.
    static func string(_ scalars: some Collection<Unicode.Scalar>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count)
        for scalar in scalars {
            if scalar.isASCII {
                bytes.append(UInt8(scalar.value))
            } else {
                bytes.append(contentsOf: String(scalar).utf8)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: - Links and songs

    enum Format {
        case irealb, irealbook
    }

    /// One song's fields as the link writes them.
    struct Record {
        var title: String
        var composer: String
        var style: String
        var key: String
        var chart: String
        var groove: String = ""
        var tempo: String = ""
        /// Why the fields do not make a song, when they do not: the song is skipped (or, strict,
        /// the link refused) with this error.
        var fault: IRealProError?
    }

    private static let schemes: [(text: String, format: Format)] = [
        ("irealbook://", .irealbook), ("irealb://", .irealb),
    ]

    /// The length of the scheme `bytes` spell at `index` (in any letter case), if they spell one.
    private static func schemeLength(in bytes: [UInt8], at index: Int) -> Int? {
        for (scheme, _) in schemes {
            let count = scheme.utf8.count
            guard index + count <= bytes.count else { continue }
            // ASCII letters to lower case; the scheme's ':' and '/' are unchanged by it.
            if bytes[index..<(index + count)].lazy.map({ $0 | 0x20 }).elementsEqual(scheme.utf8.lazy.map { $0 | 0x20 })
            {
                return count
            }
        }
        return nil
    }

    /// The link's format and its body, percent-decoded.
    static func decodeLink(_ link: String) throws(IRealProError) -> (Format, String) {
        let link = Array(trimmed(link).utf8)
        guard let length = schemeLength(in: link, at: 0),
            let format = schemes.first(where: { $0.text.utf8.count == length })?.format
        else {
            throw IRealProError(
                code: .notALink, message: "not an iReal Pro link (it starts irealb:// or irealbook://)", offset: 0)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(link.count)
        var index = length
        // Where the byte at `index` stands in characters (Unicode scalars), for the error's place.
        var character = length
        while index < link.count {
            let byte = link[index]
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                // A continuation byte is part of the character before it.
                if byte & 0xC0 != 0x80 { character += 1 }
                index += 1
                continue
            }
            guard index + 2 < link.count, let high = hexValue(link[index + 1]), let low = hexValue(link[index + 2])
            else {
                throw IRealProError(
                    code: .badEncoding,
                    message: "the link's '%' at character \(character) is not followed by two hex digits",
                    offset: character)
            }
            bytes.append(high << 4 | low)
            index += 3
            character += 3
        }
        guard let body = String(validating: bytes, as: UTF8.self) else {
            throw IRealProError(code: .badEncoding, message: "the link's %-escapes do not spell UTF-8 text")
        }
        return (format, body)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - 48
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - 87
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - 55
        default: nil
        }
    }

    /// Songs of an `irealb` body. Empty fields make `===` appear inside a song too (no composer:
    /// `Title===Style`), so songs are found by their chart field, which starts with the prefix, and
    /// the other fields are read at fixed places around it.
    static func splitIRealB(_ body: String) throws(IRealProError) -> ([Record], String?) {
        let fields = body.split(separator: "=", omittingEmptySubsequences: false).map(String.init)
        let charts = fields.indices.filter { fields[$0].hasPrefix(chartPrefix) }
        guard !charts.isEmpty else {
            // An empty playlist: nothing, or only its name.
            let named = fields.filter { !trimmed($0).isEmpty }
            if named.count <= 1 { return ([], named.first) }
            throw IRealProError(
                code: .badFields,
                message: "an irealb:// link whose songs have no chart (no field starts with \(chartPrefix))")
        }
        var records: [Record] = []
        for (number, chart) in charts.enumerated() {
            let earliest = number == 0 ? 0 : charts[number - 1] + 1
            // A song whose chart field is empty has no field to find it by: it lies between the
            // last song's tail and this song's head, after `===`. Listed (and skipped for having no
            // chords), so that every song keeps its place in the playlist.
            var cursor = number == 0 ? 0 : earliest + 3
            while cursor + 8 < chart {
                let starts = number == 0 && cursor == 0 ? !fields[0].isEmpty : fields[cursor].isEmpty && fields[cursor + 1].isEmpty && !fields[cursor + 2].isEmpty
                guard starts else {
                    cursor += 1
                    continue
                }
                let title = number == 0 && cursor == 0 ? 0 : cursor + 2
                // Its seven fields (title to the empty chart) end before this song's head.
                guard title + 6 <= chart - 6 else { break }
                records.append(Record(title: fields[title], composer: fields[title + 1], style: fields[title + 3], key: fields[title + 4], chart: ""))
                cursor = title + 6
            }
            // Title, composer, (unused), style, key, transpose.
            guard chart - 6 >= earliest else {
                let error = IRealProError(
                    code: .badFields,
                    message:
                        "expected six fields title=composer==style=key= before the chart, found \(chart - earliest)")
                let title = chart > earliest ? fields[earliest] : ""
                records.append(Record(title: title, composer: "", style: "", key: "", chart: "", fault: error))
                continue
            }
            let head = Array(fields[(chart - 6)..<chart])
            let limit = number + 1 < charts.count ? max(chart + 1, charts[number + 1] - 6) : fields.count
            func tail(_ offset: Int) -> String { chart + offset < limit ? fields[chart + offset] : "" }
            let music = String(fields[chart].dropFirst(chartPrefix.count))
            records.append(
                Record(
                    title: head[0], composer: head[1], style: head[3], key: head[4], chart: unscramble(music),
                    groove: tail(1), tempo: tail(2)))
        }
        let rest = fields.dropFirst(min(fields.count, charts[charts.count - 1] + 4)).filter { !$0.isEmpty }
        return (records, rest.isEmpty ? nil : rest.joined(separator: "="))
    }

    /// Songs of an `irealbook` body: six fields each, `Title=Composer=Style=Key=n=Chart`, one after
    /// another or joined by `===`; a last lone field names the playlist.
    static func splitIRealBook(_ body: String) throws(IRealProError) -> ([Record], String?) {
        let fields = body.split(separator: "=", omittingEmptySubsequences: false).map(String.init)
        var records: [Record] = []
        var index = 0
        while index < fields.count {
            if fields[index].isEmpty {
                index += 1
                continue
            }
            let remaining = fields.count - index
            if remaining >= 6 {
                let song = fields[index..<(index + 6)].map { $0 }
                records.append(Record(title: song[0], composer: song[1], style: song[2], key: song[3], chart: song[5]))
                index += 6
            } else if remaining == 1, !records.isEmpty {
                return (records, fields[index])
            } else {
                let error = IRealProError(
                    code: .badFields,
                    message: "expected six fields title=composer=style=key=n=chart, found \(remaining)")
                records.append(Record(title: fields[index], composer: "", style: "", key: "", chart: "", fault: error))
                break
            }
        }
        return (records, nil)
    }

    static func song(
        from record: Record, format: Format, strict: Bool, symbols: inout ChordSymbolCache
    ) throws(IRealProError) -> Song {
        let key = try readKey(record.key)
        var problems = Problems(strict: strict)
        let bars = try readChart(record.chart, problems: &problems)
        let played = try playOut(bars, problems: &problems, symbols: &symbols)
        let style = trimmed(record.style)
        let groove = trimmed(record.groove)
        // The link's own tempo wins; a style named like "120BPM Pop" gives one when the link has none.
        let tempo =
            Int(trimmed(record.tempo)).flatMap { (1...999).contains($0) ? $0 : nil }
            ?? tempo(fromStyle: style)
        let sheet = LeadSheet(
            title: displayTitle(record.title), composer: composerName(record.composer),
            style: style.isEmpty ? nil : style,
            key: key, meter: played.meter, tempo: tempo, chart: played.chart, meterChanges: played.meterChanges)
        // The groove is what iReal plays when a song names one (a Medium Swing chart with the
        // Jazz-Latin groove plays Latin), so it speaks first.
        let genre =
            (groove.isEmpty ? nil : Self.genre(forStyle: groove)) ?? (style.isEmpty ? nil : Self.genre(forStyle: style))
        return Song(
            sheet: sheet, groove: groove.isEmpty ? nil : groove, genre: genre, unreadable: played.unreadable,
            warnings: problems.warnings)
    }

    /// The title as people say it: iReal files "The Girl From Ipanema" as "Girl From Ipanema, The".
    static func displayTitle(_ field: String) -> String {
        let title = trimmed(field)
        for article in ["The", "A", "An"] where title.hasSuffix(", \(article)") {
            return "\(article) " + title.dropLast(article.count + 2)
        }
        return title
    }

    /// iReal writes composers last name first ("Kosma Joseph", "Van Heusen Jimmy"); this gives
    /// "Joseph Kosma", "Jimmy Van Heusen". One word (`Traditional`, `Lennon-McCartney`) stays.
    static func composerName(_ field: String) -> String? {
        let words = field.split(separator: " ").map(String.init)
        guard words.count > 1 else { return words.first }
        var lastNameWords = 1
        while lastNameWords < words.count - 1, surnameParticles.contains(words[lastNameWords - 1].lowercased()) {
            lastNameWords += 1
        }
        return (words[lastNameWords...] + words[..<lastNameWords]).joined(separator: " ")
    }

    /// Words that begin a surname of several words: "Van Heusen", "De Paul", "Mc Hugh".
    private static let surnameParticles: Set<String> = [
        "van", "von", "de", "del", "della", "der", "di", "da", "das", "dos", "du", "la", "le", "mac", "mc", "st.",
        "saint", "ten",
    ]

    /// Reads iReal's key field: a root, and `-` for minor (`Eb`, `C-`, `F#-`). Spellings Backline does
    /// not offer as keys are respelled: Cb → B, Fb → E, E# → F, B# → C.
    static func readKey(_ field: String) throws(IRealProError) -> Key? {
        let text = trimmed(field)
        guard !text.isEmpty else { return nil }
        let minor = text.hasSuffix("-")
        let root = minor ? String(text.dropLast()) : text
        guard let name = NoteName(parsing: respelled(root)) else {
            let reason = "not a key (iReal writes C, Eb, F# or, for minor, A-)"
            throw IRealProError(
                code: .badKey, message: "key \(Excerpt.quoted(text)) is \(reason)", symbol: text,
                reason: "the key field is " + reason)
        }
        return Key(tonic: name, mode: minor ? .minor : .major)
    }

    /// A root or bass in a spelling Backline reads: Cb → B, Fb → E, E# → F, B# → C; others unchanged.
    static func respelled(_ name: String) -> String {
        switch name {
        case "Cb": "B"
        case "Fb": "E"
        case "E#": "F"
        case "B#": "C"
        default: name
        }
    }

    private static func decodingCharacterReferences(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let after = rest[rest.index(after: ampersand)...]
            guard let semicolon = after.prefix(10).firstIndex(of: ";") else {
                result += "&"
                rest = after
                continue
            }
            let name = String(after[..<semicolon])
            let named = ["amp": "&", "quot": "\"", "apos": "'", "lt": "<", "gt": ">"]
            let hex = name.hasPrefix("#x") || name.hasPrefix("#X")
            let number = name.hasPrefix("#") ? UInt32(name.dropFirst(hex ? 2 : 1), radix: hex ? 16 : 10) : nil
            if let character = named[name] {
                result += character
            } else if let number, let scalar = Unicode.Scalar(number) {
                result.unicodeScalars.append(scalar)
            } else {
                result += "&" + name + ";"
            }
            rest = after[after.index(after: semicolon)...]
        }
        return result + rest
    }
}
