/// One chord as written in a chart: a lead-sheet symbol (`Am7`, `D7/F#`), a roman numeral relative
/// to the key (`ii7`, `bVII`, `V7`), or `N.C.`, no chord: the band leaves the harmony out.
public enum ChordSymbol: Sendable, Hashable, CustomStringConvertible {
    case absolute(root: NoteName, quality: ChordQuality, bass: NoteName?)
    case numeral(RomanNumeral)
    case noChord

    /// The chord this symbol names in `key`; nil for `N.C.`.
    public func chord(in key: Key) -> Chord? {
        switch self {
        case .absolute(let root, let quality, let bass):
            Chord(root: root.pitchClass, quality: quality, bass: bass?.pitchClass)
        case .numeral(let numeral):
            numeral.chord(in: key)
        case .noChord:
            nil
        }
    }

    /// The symbol as a chart writes it: `Bbmaj7`, `D7/F#`, `ii7`, `N.C.`.
    public var description: String {
        switch self {
        case .absolute(let root, let quality, let bass): "\(root)\(quality.suffix)" + (bass.map { "/\($0)" } ?? "")
        case .numeral(let numeral): numeral.text
        case .noChord: "N.C."
        }
    }

    /// How `N.C.` may be written.
    public static let noChordSpellings = ["N.C.", "NC", "N.C"]

    /// Reads a lead-sheet symbol, a roman numeral or `N.C.`; throws ``ChordChartError`` saying what
    /// was wrong.
    public static func parse(_ text: some StringProtocol) throws(ChordChartError) -> ChordSymbol {
        let text = String(text)
        if noChordSpellings.contains(text) { return .noChord }
        if let numeral = RomanNumeral(parsing: text) { return .numeral(numeral) }
        if let symbol = parseLeadSheet(text) { return symbol }
        if RomanNumeral.looksLikeNumeral(text) {
            throw ChordChartError(
                symbol: text, offset: 0,
                reason: "\(Excerpt.quoted(text)) is not a roman numeral Backline can read (a numeral is an optional b or #, "
                    + "I to VII in either case, then an optional quality such as 7, maj7, m7b5, sus4 or dim)")
        }
        if let (root, used) = NoteName.prefix(of: text) {
            let rest = text.dropFirst(used)
            if rest.contains("("), !rest.contains(")") {
                throw ChordChartError(
                    symbol: text, offset: 0,
                    reason: "\(Excerpt.quoted(text)) is not a chord symbol: its parenthesis is not closed "
                        + "(in a chart a space ends a chord, so write alterations with commas: \(root)7(b9,#11))")
            }
            throw ChordChartError(
                symbol: text, offset: 0,
                reason: "\(Excerpt.quoted(text)) is not a chord symbol: after the root \(root), \(Excerpt.quoted(rest)) is not a quality "
                    + "Backline reads (such as m, 7, maj7, m7b5, dim7, sus4, add9, 13, 7b9, 7#11, 9b13, 13b9, 7(#9,b13) or 7alt; "
                    + "then an optional /bass)")
        }
        throw ChordChartError(
            symbol: text, offset: 0,
            reason: "\(Excerpt.quoted(text)) is not a chord symbol (a root C–B with # or b, a quality such as m, 7, maj7, m7b5, "
                + "dim, aug, sus4, add9 or 13, and an optional /bass)")
    }

    private static func parseLeadSheet(_ text: String) -> ChordSymbol? {
        guard let (root, used) = NoteName.prefix(of: text) else { return nil }
        var rest = Substring(withoutSpacesInParentheses(text.dropFirst(used)))
        var bass: NoteName?
        // A slash before a note name is a slash chord; "6/9" is a quality.
        if let slash = rest.lastIndex(of: "/"), let name = NoteName(parsing: rest[rest.index(after: slash)...]) {
            bass = name
            rest = rest[..<slash]
        }
        // Suffixes never start with b or #, so a root is never split another way.
        guard let quality = ChordQuality.parse(suffix: rest) else { return nil }
        return .absolute(root: root, quality: quality, bass: bass)
    }

    /// `7(b9 #11)` and `7(b9, #11)` as `7(b9,#11)`: a symbol read on its own (from a lead sheet's
    /// text) may space its alterations; in a chart a space separates chords.
    private static func withoutSpacesInParentheses(_ text: Substring) -> String {
        guard text.contains("("), text.contains(" ") else { return String(text) }
        var result = ""
        var depth = 0
        var pendingComma = false
        for character in text {
            if depth > 0, character == " " {
                pendingComma = true
                continue
            }
            if pendingComma, let last = result.last, last != "(", last != ",", character != ",", character != ")" {
                result.append(",")
            }
            pendingComma = false
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            result.append(character)
        }
        return result
    }
}

/// A chord symbol that could not be read, and where in the chart it stands.
public struct ChordChartError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The symbol as written.
    public let symbol: String
    /// Characters from the start of the chart text to the start of the symbol.
    public let offset: Int
    public let reason: String

    public init(symbol: String, offset: Int, reason: String) {
        self.symbol = symbol
        self.offset = offset
        self.reason = reason
    }

    public var description: String { reason }
}
