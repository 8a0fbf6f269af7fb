/// A chord chart: bars separated by `|`, chords in a bar separated by spaces or tabs, `%` repeating
/// the previous bar. `"Am7 | D7 | Gmaj7 Cmaj7 | %"`, `"ii7 | V7 | Imaj7"`.
public struct ChordChart: Sendable, Hashable {
    /// One entry per bar; each bar holds one or more chords sharing it equally.
    public let bars: [[ChordSymbol]]

    public init(bars: [[ChordSymbol]]) {
        precondition(!bars.isEmpty && bars.allSatisfy { !$0.isEmpty }, "a chart has bars with chords")
        self.bars = bars
    }

    /// Reads a chart. Errors carry the character offset of the offending symbol in `text`.
    public init(parsing text: String) throws(ChordChartError) {
        var bars: [[ChordSymbol]] = []
        var current: [ChordSymbol] = []
        var currentRepeats = false
        var barStart = 0
        let characters = Array(text)
        var index = 0

        func closeBar(at offset: Int) throws(ChordChartError) {
            if currentRepeats {
                guard let previous = bars.last else {
                    throw ChordChartError(symbol: "%", offset: barStart, reason: "'%' repeats the previous bar, but there is none before it")
                }
                bars.append(previous)
            } else if current.isEmpty {
                throw ChordChartError(symbol: "|", offset: offset, reason: "empty bar: write a chord, or % to repeat the previous bar")
            } else {
                bars.append(current)
            }
            current = []
            currentRepeats = false
        }

        while index < characters.count {
            let character = characters[index]
            if character == "|" {
                try closeBar(at: index)
                index += 1
                barStart = index
                continue
            }
            if Self.isSeparator(character) {
                index += 1
                continue
            }
            let start = index
            while index < characters.count, !Self.isSeparator(characters[index]), characters[index] != "|" { index += 1 }
            let token = String(characters[start..<index])
            if token == "%" {
                if !current.isEmpty || currentRepeats {
                    throw ChordChartError(symbol: token, offset: start, reason: "'%' must stand alone in its bar")
                }
                currentRepeats = true
                barStart = start
                continue
            }
            if currentRepeats {
                throw ChordChartError(symbol: token, offset: start, reason: "'%' must stand alone in its bar")
            }
            do {
                current.append(try ChordSymbol.parse(token))
            } catch {
                throw ChordChartError(symbol: token, offset: start, reason: error.reason)
            }
        }
        if bars.isEmpty && current.isEmpty && !currentRepeats {
            throw ChordChartError(symbol: "", offset: 0, reason: "the chart has no chords")
        }
        // A trailing "|" closes the last bar; anything after it opens a new one.
        if !current.isEmpty || currentRepeats { try closeBar(at: characters.count) }
        self.bars = bars
    }

    private static func isSeparator(_ character: Character) -> Bool { character == " " || character == "\t" }

    /// A regular expression (ECMA-262 and Python alike) matching exactly the charts
    /// ``init(parsing:)`` accepts, for API documents.
    public static let pattern: String = {
        let suffixes = ChordQuality.acceptedSuffixes.sorted { $0.count > $1.count }.map(escape).joined(separator: "|")
        let quality = "(?:\(suffixes))?"
        let numeral = "(?:b|♭|#|♯)?(?:VII|III|IV|VI|II|V|I|vii|iii|iv|vi|ii|v|i)\(quality)"
        let symbol = "\(NoteName.pattern)\(quality)(?:/\(NoteName.pattern))?"
        let chord = "(?:\(numeral)|\(symbol))"
        let gap = "[ \t]*"
        let chords = "\(gap)\(chord)(?:[ \t]+\(chord))*\(gap)"
        let bar = "(?:\(chords)|\(gap)%\(gap))"
        return "^\(chords)(?:\\|\(bar))*(?:\\|\(gap))?$"
    }()

    private static func escape(_ text: String) -> String {
        String(text.flatMap { "\\^$.|?*+()[]{}/".contains($0) ? ["\\", $0] : [$0] })
    }
}
