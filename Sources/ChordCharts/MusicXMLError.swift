/// A MusicXML document that could not be read as a lead sheet: what was wrong, and where.
///
/// ``description`` puts the place first, the way a compiler does:
/// `line 40: measure 3: <root-step> 'H' is not a note name`.
public struct MusicXMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is; stable, for clients that branch on it.
    public enum Code: String, Sendable, Hashable, Codable {
        /// Over ``MusicXMLLeadSheet/maximumBytes``, refused before parsing.
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
