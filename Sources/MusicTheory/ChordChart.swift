/// A chord chart: bars separated by `|`, chords in a bar separated by spaces or tabs, `%` repeating
/// the previous bar, `N.C.` for no chord. `"Am7 | D7 | Gmaj7 Cmaj7 | %"`, `"ii7 | V7 | Imaj7"`.
///
/// A chart may name its own sections: `[A]` starts a section called A, `[B=chorus]` one called B
/// that plays with the genre's chorus groove. `"[A] Cmaj7 | Am7 | Dm7 | G7 [B] Em7 | A7 | Dm7 | G7"`.
///
/// A chord may be a hit the whole band plays together, as Band-in-a-Box writes them: `G7.` a shot
/// (struck short, then silence until the next chord), `G7..` a hold (struck and held to the next
/// chord), `^G7` a push (struck an eighth early, across the beat it is written on).
///
/// A time signature before a bar's first chord changes the meter from that bar on:
/// `"4/4 C | F | 3/4 G7 | C"`, `"7/8(2+2+3) Dm | Dm"`. The song's meter holds until the first one.
public struct ChordChart: Sendable, Hashable, CustomStringConvertible {
    /// A named stretch of the chart.
    public struct Section: Sendable, Hashable {
        /// The name as the chart writes it: `A`, `Intro`, `Bridge 2`.
        public let name: String
        /// The genre section it plays as, when the chart says (`[B=chorus]`); nil leaves it to the
        /// song to choose.
        public let type: String?
        public let firstBar: Int
        public let bars: Int

        public init(name: String, type: String?, firstBar: Int, bars: Int) {
            self.name = name
            self.type = type
            self.firstBar = firstBar
            self.bars = bars
        }
    }

    /// One entry per bar; each bar holds one or more chords sharing it equally.
    public let bars: [[ChordSymbol]]
    /// The chart's own sections, in order, covering every bar; empty when it names none.
    public let sections: [Section]
    /// For each chord of each bar, the band's hit on it, if the chart marks one.
    public let hits: [[ChartHit?]]
    /// The time signatures the chart writes, by the bar they start at (from 0).
    public let meters: [Int: Meter]

    public init(bars: [[ChordSymbol]], sections: [Section] = [], hits: [[ChartHit?]]? = nil, meters: [Int: Meter] = [:]) {
        precondition(!bars.isEmpty && bars.allSatisfy { !$0.isEmpty }, "a chart has bars with chords")
        precondition(sections.isEmpty || (sections.first?.firstBar == 0 && sections.map(\.bars).reduce(0, +) == bars.count),
                     "sections cover the chart")
        precondition(hits.map { $0.map(\.count) == bars.map(\.count) } ?? true, "a hit mark for every chord")
        self.bars = bars
        self.sections = sections
        self.hits = hits ?? bars.map { Array(repeating: nil, count: $0.count) }
        self.meters = meters.filter { bars.indices.contains($0.key) }
    }

    /// The same chart with time signatures written at these bars.
    public func writingMeters(_ changes: [Int: Meter]) -> ChordChart {
        ChordChart(bars: bars, sections: sections, hits: hits, meters: meters.merging(changes) { $1 })
    }

    /// The meter of every bar, `meter` until the chart writes one.
    public func barMeters(startingIn meter: Meter) -> [Meter] {
        var current = meter
        return bars.indices.map { bar in
            if let change = meters[bar] { current = change }
            return current
        }
    }

    /// Whether `token` is a time signature mark: `3/4`, `7/8(2+2+3)`.
    static func isMeterMark(_ token: String) -> Bool {
        guard let first = token.first, first.isASCII, first.isNumber, let slash = token.firstIndex(of: "/") else { return false }
        return token[..<slash].allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// `3/4`, `7/8(2+2+3)`: a meter as a chart writes it.
    public static func mark(_ meter: Meter) -> String {
        meter.description + (meter.grouping.map { "(" + $0.map(String.init).joined(separator: "+") + ")" } ?? "")
    }

    /// Whether any chord is marked as a hit.
    public var hasHits: Bool { hits.contains { $0.contains { $0 != nil } } }

    /// Longest section name a chart may write.
    public static let maximumSectionName = 40

    /// Most bars a chart may hold; reading stops there, so a longer text costs no more.
    public static let maximumBars = 4096

    /// Longest chord a chart may write (`C#m7b5/G#` is 9); a longer token is no chord, and refusing
    /// it at once keeps reading a chart linear in its length.
    public static let maximumChordLength = 24

    /// Reads a chart. Errors carry the character offset of the offending symbol in `text`.
    public init(parsing text: String) throws(ChordChartError) {
        var bars: [[ChordSymbol]] = []
        var hits: [[ChartHit?]] = []
        var currentHits: [ChartHit?] = []
        var sections: [(name: String, type: String?, firstBar: Int, offset: Int)] = []
        var meters: [Int: Meter] = [:]
        var current: [ChordSymbol] = []
        var currentRepeats = false
        var barStart = 0
        let characters = Array(text)
        // Asked once, not per chord: a chart with markers must open with one.
        let hasMarkers = characters.contains("[")
        var index = 0

        func closeBar(at offset: Int) throws(ChordChartError) {
            guard bars.count < Self.maximumBars else {
                throw ChordChartError(symbol: "|", offset: offset, reason: "the chart has more than \(Self.maximumBars) bars; no song plays that many")
            }
            if currentRepeats {
                guard let previous = bars.last else {
                    throw ChordChartError(symbol: "%", offset: barStart, reason: "'%' repeats the previous bar, but there is none before it")
                }
                bars.append(previous)
                hits.append(hits[hits.count - 1])
            } else if current.isEmpty {
                throw ChordChartError(symbol: "|", offset: offset, reason: "empty bar: write a chord, or % to repeat the previous bar")
            } else {
                bars.append(current)
                hits.append(currentHits)
            }
            current = []
            currentHits = []
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
            if character == "[" {
                // A section marker closes the bar before it, if that bar has begun.
                if !current.isEmpty || currentRepeats { try closeBar(at: index) }
                if let meter = meters[bars.count] {
                    throw ChordChartError(
                        symbol: Self.mark(meter), offset: index,
                        reason: "a time signature goes after the section marker, before the bar's first chord: [A] \(Self.mark(meter)) …")
                }
                let start = index
                guard let close = characters[index...].firstIndex(of: "]") else {
                    throw ChordChartError(symbol: "[", offset: start, reason: "section marker without its closing ]: write [A] or [B=chorus]")
                }
                let marker = try Self.sectionMarker(String(characters[(index + 1)..<close]), at: start)
                if let last = sections.last, last.firstBar == bars.count {
                    throw ChordChartError(symbol: "[\(last.name)]", offset: last.offset, reason: "section \(last.name) has no bars")
                }
                sections.append((marker.name, marker.type, bars.count, start))
                index = close + 1
                barStart = index
                continue
            }
            let start = index
            while index < characters.count, index - start <= Self.maximumChordLength, !Self.isSeparator(characters[index]), characters[index] != "|",
                characters[index] != "[" { index += 1 }
            guard index - start <= Self.maximumChordLength else {
                throw ChordChartError(
                    symbol: String(characters[start..<(start + Self.maximumChordLength)]) + "…", offset: start,
                    reason: "a chord is at most \(Self.maximumChordLength) characters: separate chords with spaces and bars with |")
            }
            let token = String(characters[start..<index])
            if Self.isMeterMark(token) {
                guard current.isEmpty, !currentRepeats else {
                    throw ChordChartError(symbol: token, offset: start, reason: "a time signature starts a bar: write it before the bar's first chord")
                }
                guard meters[bars.count] == nil else {
                    throw ChordChartError(symbol: token, offset: start, reason: "a bar has one time signature")
                }
                guard let meter = Meter(parsing: token) else {
                    throw ChordChartError(
                        symbol: token, offset: start,
                        reason: "'\(token)' is not a time signature: write 3/4, 6/8, 12/8, or a grouping such as 7/8(2+2+3)")
                }
                meters[bars.count] = meter
                continue
            }
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
                let (symbol, hit) = try Self.chord(token)
                current.append(symbol)
                currentHits.append(hit)
            } catch {
                throw ChordChartError(symbol: token, offset: start, reason: error.reason)
            }
            if sections.isEmpty, hasMarkers {
                throw ChordChartError(symbol: token, offset: start, reason: "chords before the first section marker: start the chart with one, such as [A]")
            }
        }
        if bars.isEmpty && current.isEmpty && !currentRepeats {
            throw ChordChartError(symbol: "", offset: 0, reason: "the chart has no chords")
        }
        // A trailing "|" closes the last bar; anything after it opens a new one.
        if !current.isEmpty || currentRepeats { try closeBar(at: characters.count) }
        if let last = sections.last, last.firstBar == bars.count {
            throw ChordChartError(symbol: "[\(last.name)]", offset: last.offset, reason: "section \(last.name) has no bars")
        }
        if let dangling = meters[bars.count] {
            throw ChordChartError(
                symbol: Self.mark(dangling), offset: characters.count,
                reason: "a time signature starts a bar, but no chord follows it: write the bar's chords after it")
        }
        self.bars = bars
        self.hits = hits
        self.meters = meters
        self.sections = sections.indices.map { index in
            let end = index + 1 < sections.count ? sections[index + 1].firstBar : bars.count
            return Section(name: sections[index].name, type: sections[index].type, firstBar: sections[index].firstBar, bars: end - sections[index].firstBar)
        }
    }

    /// A chord with its hit marks: `G7.` shot, `G7..` hold, `^G7` push.
    private static func chord(_ token: String) throws(ChordChartError) -> (ChordSymbol, ChartHit?) {
        if ChordSymbol.noChordSpellings.contains(token) { return (.noChord, nil) }
        var text = Substring(token)
        var hit: ChartHit?
        if text.hasPrefix("^") {
            hit = .push
            text = text.dropFirst()
        }
        if text.hasSuffix(".") {
            guard hit == nil else {
                throw ChordChartError(symbol: token, offset: 0, reason: "a push is held into the beat it anticipates: write ^\(text.trimmingTrailingDots), or a shot or hold without ^")
            }
            let chord = text.trimmingTrailingDots
            guard text.count - chord.count <= 2 else {
                throw ChordChartError(symbol: token, offset: 0, reason: "one dot marks a shot (\(chord).), two a hold (\(chord)..)")
            }
            hit = text.count - chord.count == 2 ? .hold : .shot
            text = chord
        }
        let symbol = try ChordSymbol.parse(text)
        if hit != nil, symbol == .noChord {
            throw ChordChartError(symbol: token, offset: 0, reason: "a shot, hold or push needs a chord; N.C. is the band resting")
        }
        return (symbol, hit)
    }

    /// `A`, `Bridge 2`, `B=chorus`: a name of ASCII letters, digits, `_`, `'` and `-` with spaces
    /// inside, and an optional genre section after `=`.
    private static func sectionMarker(_ body: String, at offset: Int) throws(ChordChartError) -> (name: String, type: String?) {
        let parts = body.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let name = parts[0]
        let word = { (character: Character) in character.isASCII && (character.isLetter || character.isNumber || "_'-".contains(character)) }
        guard let first = name.first, let last = name.last, word(first), word(last), name.count <= maximumSectionName,
            name.allSatisfy({ word($0) || $0 == " " })
        else {
            throw ChordChartError(
                symbol: "[\(body)]", offset: offset,
                reason: "'[\(body)]' is not a section marker: a name of up to \(maximumSectionName) letters, digits and spaces, such as [A], [Intro] or [B=chorus]")
        }
        guard parts.count == 2 else { return (name, nil) }
        let type = parts[1]
        guard !type.isEmpty, type.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw ChordChartError(symbol: "[\(body)]", offset: offset, reason: "'[\(body)]': after = comes a section of the genre, such as verse, chorus or bridge")
        }
        return (name, type)
    }

    private static func isSeparator(_ character: Character) -> Bool { character == " " || character == "\t" || character == "\n" || character == "\r" }

    /// The chart in the syntax ``init(parsing:)`` reads: `[A] Cmaj7 | Am7 [B] Em7 | A7`.
    public var description: String {
        func line(_ range: Range<Int>) -> String {
            range.map { bar in
                (meters[bar].map { [Self.mark($0)] } ?? []) + zip(bars[bar], hits[bar]).map { $1?.marking($0.description) ?? $0.description }
            }.map { $0.joined(separator: " ") }.joined(separator: " | ")
        }
        guard !sections.isEmpty else { return line(0..<bars.count) }
        return sections.map { section in
            "[\(section.name)\(section.type.map { "=\($0)" } ?? "")] " + line(section.firstBar..<(section.firstBar + section.bars))
        }.joined(separator: " ")
    }

    /// A regular expression (ECMA-262 and Python alike) matching exactly the charts
    /// ``init(parsing:)`` accepts without section markers, for API documents, which also allow
    /// markers: `(?:\[[^\]]+\])?` before a bar. One thing it cannot say: that a time signature's
    /// grouping adds up to its beats (`7/8(2+2+3)`); the parser checks that.
    public static let pattern: String = {
        let quality = "(?:\(ChordQuality.suffixPattern))?"
        let numeral = "(?:b|♭|#|♯)?(?:VII|III|IV|VI|II|V|I|vii|iii|iv|vi|ii|v|i)\(quality)"
        let symbol = "\(NoteName.pattern)\(quality)(?:/\(NoteName.pattern))?"
        let noChord = ChordSymbol.noChordSpellings.sorted { $0.count > $1.count }.map(escape).joined(separator: "|")
        // A chord may be pushed (^G7), or a shot (G7.) or a hold (G7..); N.C. takes no mark.
        let chord = "(?:\(noChord)|\\^(?:\(numeral)|\(symbol))|(?:\(numeral)|\(symbol))(?:\\.{1,2})?)"
        let gap = "[ \t\r\n]*"
        // A time signature may open a bar: 3/4, 7/8(2+2+3).
        let meter = "(?:(?:[1-9]|1[0-6])/(?:2|4|8|16)(?:\\([1-9][0-9]?(?:\\+[1-9][0-9]?)+\\))?[ \t\r\n]+)?"
        func chart(marker: String) -> String {
            let first = "\(gap)\(meter)\(chord)(?:[ \t\r\n]+\(chord))*\(gap)"
            let chords = "\(gap)\(marker)\(meter)\(chord)(?:[ \t\r\n]+\(chord))*\(gap)"
            let bar = "(?:\(chords)|\(gap)\(marker)\(meter)%\(gap))"
            return "\(first)(?:(?:\\||(?=\\[))\(bar))*(?:\\|\(gap))?"
        }
        // Either no section markers at all, or one before the first chord and any before a bar.
        let word = "[A-Za-z0-9_'-]"
        let marker = "\\[\(word)(?:[A-Za-z0-9 _'-]{0,\(maximumSectionName - 2)}\(word))?(?:=[A-Za-z0-9_]+)?\\]\(gap)"
        return "^(?:\(chart(marker: ""))|\(gap)\(marker)\(chart(marker: "(?:\(marker))?")))$"
    }()

    static func escape(_ text: String) -> String {
        String(text.flatMap { "\\^$.|?*+()[]{}/".contains($0) ? ["\\", $0] : [$0] })
    }
}

/// A hit the whole band plays on one chord of a chart.
public enum ChartHit: String, Sendable, Hashable, CaseIterable {
    /// `G7.`: struck short together, then silence until the next chord.
    case shot
    /// `G7..`: struck together and held until the next chord.
    case hold
    /// `^G7`: struck together an eighth before it is written, across the beat.
    case push

    /// `symbol` with this hit's marks.
    public func marking(_ symbol: String) -> String {
        switch self {
        case .shot: symbol + "."
        case .hold: symbol + ".."
        case .push: "^" + symbol
        }
    }
}

extension Substring {
    fileprivate var trimmingTrailingDots: Substring {
        var text = self
        while text.hasSuffix(".") { text = text.dropLast() }
        return text
    }
}
