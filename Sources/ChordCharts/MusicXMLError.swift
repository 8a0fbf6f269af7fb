/// A MusicXML document that could not be read as a lead sheet: what was wrong, and where.
///
/// ``description`` puts the place first, the way a compiler does:
/// `line 40: measure 3: <root-step> 'H' is not a note name`.
public struct MusicXMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is; stable, for clients that branch on it.
    public enum Code: String, Sendable, Hashable, Codable {
        /// Over ``MusicXMLLeadSheet/maximumBytes``, refused before parsing; or a `.mxl` archive over
        /// it, or whose score inflates (or says it does) to more than 4 MiB.
        case tooLarge = "too_large"
        /// Not well-formed XML.
        case syntax
        /// The document declares entities, which a lead sheet never needs (billion-laughs guard).
        case entityDeclaration = "entity_declaration"
        /// Well-formed XML, but its root is not `<score-partwise>` (or it is nested too deeply).
        case notMusicXML = "not_musicxml"
        /// A `<score-timewise>` document, which Backline does not read.
        case timewise
        /// More measures than ``MusicXMLLeadSheet/maximumMeasures``, or a playing order longer than
        /// ``MusicXMLLeadSheet/maximumPlayedBars``.
        case tooManyMeasures = "too_many_measures"
        /// No `<harmony>` element anywhere.
        case noChords = "no_chords"
        /// An element holds a value MusicXML does not allow there, or one Backline cannot play.
        case invalidValue = "invalid_value"
        /// A `<kind>` that is not MusicXML's, or an empty one, read only by its name or `text`
        /// (or as a triad); refused by a strict import, a warning otherwise.
        case unknownKind = "unknown_kind"
        /// A D.S. without a segno, a To Coda without a coda: a strict import refuses it, otherwise
        /// the jump is left out with a warning.
        case unresolvedJump = "unresolved_jump"
        /// Data that starts as a zip archive but cannot be opened or inflated as one.
        case notArchive = "not_musicxml_archive"
        /// A zip archive without `META-INF/container.xml`, or one that names no MusicXML score.
        case noContainer = "no_container"
        /// `META-INF/container.xml` names a score the archive does not hold.
        case missingScore = "missing_score"
        /// A `.mxl` archive with more than 64 files, refused before anything is inflated.
        case tooManyEntries = "too_many_entries"
    }

    public let code: Code
    /// The problem in words, without its place.
    public let message: String
    /// The line in the document (from `XMLParser`), when known.
    public let line: Int?
    /// The column, for syntax errors.
    public let column: Int?
    /// The `number` attribute of the measure, when the problem is inside one.
    public let measure: String?

    public init(code: Code, message: String, line: Int? = nil, column: Int? = nil, measure: String? = nil) {
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.measure = measure
    }

    public var description: String {
        var place: [String] = []
        if let line { place.append(column.map { "line \(line), column \($0)" } ?? "line \(line)") }
        if let measure { place.append("measure \(measure)") }
        return (place + [message]).joined(separator: ": ")
    }
}
