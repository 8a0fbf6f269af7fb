/// Why an iReal Pro link could not be read, and where: the song, the bar as the chart writes it,
/// and a character offset.
///
/// The message is one line a user can act on: `song 2 (Solar), bar 12: 'Hx7' is not a chord`.
public struct IRealProError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is; stable, for programs (the message may be reworded).
    public enum Code: String, Sendable, Hashable, Codable {
        /// The text does not start `irealb://` or `irealbook://`.
        case notALink = "not_a_link"
        /// A `%` escape is broken, or the escapes do not spell UTF-8 text.
        case badEncoding = "bad_encoding"
        /// The link holds no song (an empty playlist).
        case noSongs = "no_songs"
        /// A song lacks the fields iReal writes (title, composer, style, key, chords).
        case badFields = "bad_fields"
        /// The key field is not a key.
        case badKey = "bad_key"
        /// A chart symbol other than a chord is wrong: a comment without `>`, a time signature
        /// iReal does not write, a bar repeat with no bar before it.
        case badChart = "bad_chart"
        /// Something where a chord belongs is not one.
        case notAChord = "not_a_chord"
        /// The song's chart holds no chord.
        case noChords = "no_chords"
        /// Playing the repeats out does not end (a chart no player could follow).
        case formTooLong = "form_too_long"
    }

    public let code: Code
    /// The whole one-line message, its place included.
    public let message: String
    /// The song's number in the link, from 1, when the problem lies in one song.
    public let song: Int?
    /// The bar's number as the chart writes it, from 1 (repeats not played out), when the problem
    /// lies in a bar.
    public let bar: Int?
    /// Characters from the start of the link (for link problems) or of the song's chart as
    /// unscrambled (for chart problems) to the problem.
    public let offset: Int?
    /// The text that was not understood, as the link writes it (`Hx7`, `T9`, a key field), when one
    /// symbol is to blame; a skipped song's report quotes it.
    public let symbol: String?
    /// What is wrong, without the song and bar the message puts in front: a skipped song's report
    /// gives the place in its own fields.
    public let reason: String

    public init(
        code: Code, message: String, song: Int? = nil, bar: Int? = nil, offset: Int? = nil, symbol: String? = nil,
        reason: String? = nil
    ) {
        self.code = code
        self.message = message
        self.song = song
        self.bar = bar
        self.offset = offset
        self.symbol = symbol
        self.reason = reason ?? message
    }

    public var description: String { message }

    /// A problem in a bar of a chart, before the song it belongs to is known.
    static func chart(_ code: Code, bar: Int, offset: Int?, symbol: String? = nil, _ reason: String) -> IRealProError {
        IRealProError(
            code: code, message: "bar \(bar): \(reason)", bar: bar, offset: offset, symbol: symbol, reason: reason)
    }

    /// The same problem, placed in song `number` (from 1) called `title`.
    func inSong(_ number: Int, title: String) -> IRealProError {
        let name = title.isEmpty ? "song \(number)" : "song \(number) (\(title))"
        let separator = code == .noChords ? " " : (message.hasPrefix("bar ") ? ", " : ": ")
        let joined = name + separator + message
        return IRealProError(
            code: code, message: joined, song: number, bar: bar, offset: offset, symbol: symbol, reason: reason)
    }
}
