import Foundation
import MusicTheory

extension IRealPro {
    /// One bar as the chart writes it, before repeats and jumps are played out.
    struct WrittenBar: Sendable {
        enum Content: Sendable, Equatable {
            /// Chords (and N.C.) in the cells they occupy, of `cells` cells in the bar.
            case chords([Placed], cells: Int)
            /// `x`: the bar before, again.
            case repeatPrevious
            /// `r`: the two bars before, again; this bar is the first or the second of the two.
            case repeatTwo(second: Bool)
            /// Empty cells (or slashes only) between bar lines: the chord before carries on.
            case held
        }

        struct Placed: Sendable, Equatable {
            var cell: Int
            /// nil for N.C.
            var chord: WrittenChord?
        }

        var content: Content
        /// From 1, counting bars as the chart writes them.
        var number: Int
        /// Where the bar's first symbol stands in the chart.
        var offset: Int
        var meter: Meter
        /// The section a rehearsal mark starts here: `A`, `Intro`, `Verse`.
        var mark: String?
        var opensRepeat = false
        var closesRepeat = false
        var ending: Int?
        var segno = false
        /// A coda sign before the bar's first chord (jump before the bar) …
        var codaBefore = false
        /// … or after a chord (jump after it).
        var codaAfter = false
        var fine = false
        var jump: Jump?
        /// A repeat count from a comment such as `<3x>`.
        var repeatCount: Int?
    }

    /// A chord as written: root (nil for `W`, the invisible root that keeps the chord before), iReal
    /// quality, bass.
    struct WrittenChord: Sendable, Equatable {
        var root: String?
        var quality: String
        var bass: String?
        var text: String
        /// Whether part of the quality was written between stars (`C*-^*`), which a warning notes.
        var starred = false
    }

    /// A D.C. or D.S. instruction from a comment.
    struct Jump: Sendable, Equatable {
        enum Until: Sendable, Equatable {
            case end, coda, fine
            case ending(Int)
        }

        var toSegno: Bool
        var until: Until
    }

    /// The bar's attributes that come before its chords (they move on to the next bar when the
    /// space they stand in turns out not to be a bar) and those that come after.
    private struct Span {
        var placed: [WrittenBar.Placed] = []
        var cells = 0
        var hasContent = false
        var repeatsOne = false
        var repeatsTwo = false
        var openedBy: Unicode.Scalar?
        var offset: Int
        var mark: String?
        var ending: Int?
        var segno = false
        var codaBefore = false
        var opensRepeat = false
        var codaAfter = false
        var fine = false
        var jump: Jump?
        var repeatCount: Int?

        init(openedBy: Unicode.Scalar?, offset: Int) {
            self.openedBy = openedBy
            self.offset = offset
        }

        /// A fresh span that keeps this one's leading attributes.
        func carrying(openedBy: Unicode.Scalar?, offset: Int) -> Span {
            var next = Span(openedBy: openedBy, offset: offset)
            next.mark = mark
            next.ending = ending
            next.segno = segno
            next.codaBefore = codaBefore
            next.opensRepeat = opensRepeat
            return next
        }
    }

    /// Characters that end a run of unknown text in an error message.
    private static let breaks: Set<Unicode.Scalar> = [" ", ",", "|", "[", "]", "{", "}", "<", "(", "\n", "\r", "\t"]

    /// Characters that end a run of unknown text the reader drops: the breaks, and the end bar line.
    private static let resumes: Set<Unicode.Scalar> = breaks.union(["Z"])

    /// Reads a chart (clear text, shorthand and all) into its bars as written. A symbol iReal does
    /// not write throws, naming the bar, when `problems` is strict; otherwise it is read as the
    /// nearest thing or dropped, and `problems` keeps a warning.
    static func readChart(_ chart: String, problems: inout Problems) throws(IRealProError) -> [WrittenBar] {
        let text = expandingShorthand(chart)
        var bars: [WrittenBar] = []
        var span = Span(openedBy: nil, offset: 0)
        var meter = Meter.common
        var index = 0
        var chordEnd = -1
        var chordStart = 0

        func fail(_ code: IRealProError.Code, at offset: Int, _ reason: String) -> IRealProError {
            .chart(code, bar: bars.count + 1, offset: offset, reason)
        }

        func run(from start: Int) -> String {
            var end = start + 1
            while end < text.count, !breaks.contains(text[end]) { end += 1 }
            return string(text[start..<min(end, start + 24)])
        }

        /// Where a run of unknown text that starts at `start` ends: at a break or the end bar line.
        func endOfRun(from start: Int) -> Int {
            var end = start + 1
            while end < text.count, !resumes.contains(text[end]) { end += 1 }
            return end
        }

        func written(_ start: Int, _ end: Int) -> String {
            string(text[start..<min(max(end, start), text.count)])
        }

        /// Where a text that opens at `start` closes with `closer`, if it does before the next
        /// bar line: where `*-^*`, a text between stars, ends.
        func closing(_ closer: Unicode.Scalar, from start: Int, within limit: Int) -> Int? {
            var end = start + 1
            while end < min(text.count, start + limit) {
                if text[end] == closer { return end }
                if "|[]{}Z<".unicodeScalars.contains(text[end]) { return nil }
                end += 1
            }
            return nil
        }

        func emit(_ content: WrittenBar.Content, from span: Span) {
            var bar = WrittenBar(content: content, number: bars.count + 1, offset: span.offset, meter: meter)
            bar.mark = span.mark
            bar.opensRepeat = span.opensRepeat
            bar.ending = span.ending
            bar.segno = span.segno
            bar.codaBefore = span.codaBefore
            bar.codaAfter = span.codaAfter
            bar.fine = span.fine
            bar.jump = span.jump
            bar.repeatCount = span.repeatCount
            bars.append(bar)
        }

        /// Ends the space between two bar lines: it is a bar if it holds anything, or empty cells
        /// after an opening bar line; otherwise it is layout, and its marks move on.
        func close(by closer: Unicode.Scalar?, at offset: Int) throws(IRealProError) {
            // Every written bar plays at least once, so a chart of more bars than a song plays is
            // refused here, before the rest of it is read.
            guard bars.count < maximumBars else {
                throw IRealProError(code: .formTooLong, message: "the chart writes more than \(maximumBars) bars")
            }
            let pendingSecond = bars.last?.content == .repeatTwo(second: false)
            if pendingSecond, !span.hasContent, span.cells > 0 {
                emit(.repeatTwo(second: true), from: span)
            } else {
                if pendingSecond {
                    // `r` covers two bars even when the chart gives it no empty bar to stand over.
                    emit(.repeatTwo(second: true), from: Span(openedBy: nil, offset: offset))
                }
                if span.hasContent {
                    if span.repeatsOne || span.repeatsTwo {
                        if !span.placed.isEmpty || (span.repeatsOne && span.repeatsTwo) {
                            let symbol = span.repeatsOne && span.repeatsTwo ? "x r" : (span.repeatsOne ? "x" : "r")
                            try problems.report(
                                fail(
                                    .badChart, at: span.offset,
                                    "a bar repeat (x or r) stands alone in its bar, without chords"),
                                symbol: symbol,
                                done: span.placed.isEmpty ? "read as x" : "dropped, the bar's chords kept")
                        }
                        if span.placed.isEmpty {
                            emit(span.repeatsOne ? .repeatPrevious : .repeatTwo(second: false), from: span)
                        } else {
                            emit(.chords(span.placed, cells: span.cells), from: span)
                        }
                    } else {
                        emit(span.placed.isEmpty ? .held : .chords(span.placed, cells: span.cells), from: span)
                    }
                } else if span.cells > 0, span.openedBy != nil, closer != nil {
                    emit(.held, from: span)
                } else {
                    if !bars.isEmpty {
                        let last = bars.count - 1
                        bars[last].codaAfter = bars[last].codaAfter || span.codaAfter
                        bars[last].fine = bars[last].fine || span.fine
                        bars[last].jump = bars[last].jump ?? span.jump
                        bars[last].repeatCount = bars[last].repeatCount ?? span.repeatCount
                    }
                    if closer == "}", !bars.isEmpty { bars[bars.count - 1].closesRepeat = true }
                    span = span.carrying(openedBy: opener(closer), offset: offset + 1)
                    span.opensRepeat = span.opensRepeat || closer == "{"
                    return
                }
            }
            if closer == "}" { bars[bars.count - 1].closesRepeat = true }
            span = Span(openedBy: opener(closer), offset: offset + 1)
            span.opensRepeat = closer == "{"
        }

        /// The next bar line at or after `start`, or the chart's end.
        func barLine(from start: Int) -> Int {
            var end = start
            while end < text.count, !"|[]{}Z".unicodeScalars.contains(text[end]) { end += 1 }
            return end
        }

        func opener(_ closer: Unicode.Scalar?) -> Unicode.Scalar? {
            guard let closer, "|[{".unicodeScalars.contains(closer) else { return nil }
            return closer
        }

        while index < text.count {
            let scalar = text[index]
            if !span.hasContent, span.cells == 0, scalar != " " { span.offset = index }
            switch scalar {
            case "|", "[", "]", "{", "}", "Z":
                try close(by: scalar, at: index)
                index += 1
            case " ":
                span.cells += 1
                index += 1
            case ",", "\"", "\n", "\r", "\t", "s", "l", "f", "Y", "U":
                // Separators and layout (small, large, fermata, vertical space, the player's end).
                index += 1
            case "x", "r":
                span.hasContent = true
                if scalar == "x" { span.repeatsOne = true } else { span.repeatsTwo = true }
                span.cells += 1
                index += 1
            case "n", "p":
                // N.C. is a chord of its own; a slash holds the chord before it for its cell.
                if scalar == "n" { span.placed.append(.init(cell: span.cells, chord: nil)) }
                span.hasContent = true
                span.cells += 1
                index += 1
            case "*":
                let next = index + 1 < text.count ? text[index + 1] : " "
                if next == " " || next == "*" {
                    // A star that marks nothing; iReal draws nothing for it either.
                    problems.warn(bar: bars.count + 1, symbol: "*", "dropped", because: "a lone * marks nothing")
                    index += 1
                    continue
                }
                guard next.properties.isAlphabetic, next.isASCII else {
                    // Text between stars that is no rehearsal mark (`*-^*`, `*7+*`): the app shows it
                    // as a label; it says nothing the player could follow.
                    let end = closing("*", from: index, within: 16).map { $0 + 1 } ?? endOfRun(from: index)
                    try problems.report(
                        fail(
                            .badChart, at: index,
                            "'\(run(from: index))' is not a rehearsal mark (*A, *B, *i for an intro, *V for a verse)"),
                        symbol: written(index, end), done: "dropped")
                    index = end
                    continue
                }
                span.mark = sectionName(forMark: Character(next))
                index += 2
            case "T":
                let digits = text[(index + 1)..<min(text.count, index + 3)]
                let count = digits.prefix { ("0"..."9").contains($0) }.count
                let read = timeSignature(digits.compactMap { ("0"..."9").contains($0) ? Int($0.value) - 48 : nil })
                guard let read else {
                    try problems.report(
                        fail(
                            .badChart, at: index,
                            "'\(run(from: index))' is not a time signature (T44, T34, T68, T12 for 12/8 …)"),
                        symbol: written(index, index + 1 + count),
                        done: "ignored, the bars keep their time signature")
                    index += 1 + count
                    continue
                }
                meter = read
                index += 3
            case "N":
                guard index + 1 < text.count, text[index + 1].isASCII, let number = Int(String(text[index + 1])) else {
                    try problems.report(
                        fail(
                            .badChart, at: index, "'\(run(from: index))': an ending is N and its number (N1, N2, N3)"),
                        symbol: "N", done: "ignored")
                    index += 1
                    continue
                }
                span.ending = number == 0 ? nil : number
                index += 2
            case "S":
                span.segno = true
                index += 1
            case "Q":
                if span.placed.isEmpty && !span.hasContent { span.codaBefore = true } else { span.codaAfter = true }
                index += 1
            case "<":
                guard let close = text[(index + 1)...].firstIndex(of: ">") else {
                    // The rest of the chart is no comment: drop the text up to the next bar line.
                    let end = barLine(from: index + 1)
                    try problems.report(
                        fail(.badChart, at: index, "the comment '\(run(from: index))…' is not closed with >"),
                        symbol: written(index, end), done: "dropped up to the next bar line")
                    index = end
                    continue
                }
                readComment(string(text[(index + 1)..<close]), into: &span)
                index = close + 1
            case "(":
                // Alternate chords, printed small above the bar; the player ignores them.
                guard let close = text[(index + 1)...].firstIndex(of: ")") else {
                    let end = barLine(from: index + 1)
                    try problems.report(
                        fail(.badChart, at: index, "the alternate chord '\(run(from: index))' is not closed with )"),
                        symbol: written(index, end), done: "dropped up to the next bar line")
                    index = end
                    continue
                }
                index = close + 1
            case "A"..."G", "W":
                chordStart = index
                let chord = try readChord(text, at: &index, bar: bars.count + 1, problems: &problems)
                span.placed.append(.init(cell: span.cells, chord: chord))
                span.hasContent = true
                span.cells += 1
                chordEnd = index
            default:
                let afterChord = chordEnd == index
                let start = afterChord ? chordStart : index
                let end = endOfRun(from: index)
                let error = fail(.notAChord, at: start, "'\(run(from: start))' is not a chord")
                if afterChord, let chord = span.placed.last?.chord {
                    try problems.report(
                        error, symbol: written(start, end), done: "read as \(chord.text), the rest dropped")
                } else {
                    // It stood where a chord goes, so it keeps its cell: the chord before holds there.
                    try problems.report(error, symbol: written(start, end), done: "dropped")
                    span.hasContent = true
                    span.cells += 1
                }
                index = end
            }
        }
        try close(by: nil, at: text.count)
        return bars
    }

    /// The meter of a time signature's two digits: `T34` is 3/4, `T68` 6/8, and `T12` is 12/8.
    ///
    /// 7/8 is felt 2+2+3, the way the tunes iReal writes in it go (and the way Backline's own 7/8
    /// plays); 5/4 and 9/8 are left even, as their tunes do not agree on one grouping (5/4 is 3+2
    /// in "Take Five", 2+3 elsewhere; 9/8 is three dotted quarters more often than 2+2+2+3).
    static func timeSignature(_ digits: [Int]) -> Meter? {
        guard digits.count == 2 else { return nil }
        if digits == [1, 2] { return Meter(numerator: 12, denominator: 8) }
        if digits == [7, 8] { return Meter(numerator: 7, denominator: 8)?.grouped([2, 2, 3]) }
        return Meter(numerator: digits[0], denominator: digits[1])
    }

    /// iReal's rehearsal marks: letters as they are, `i` the intro, `v` the verse.
    static func sectionName(forMark mark: Character) -> String {
        switch mark {
        case "i", "I": "Intro"
        case "v", "V": "Verse"
        default: String(mark).uppercased()
        }
    }

    /// What a comment tells the player: D.C. or D.S. (al Coda, al Fine, al 1st/2nd/3rd End.),
    /// Fine, or a repeat count such as 3x. Other text is for the eye.
    private static func readComment(_ body: String, into span: inout Span) {
        var text = Substring(body)
        // A leading *NN moves the text up or down on the page.
        if text.first == "*" { text = text.dropFirst().drop { $0.isNumber } }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let squeezed = trimmed.lowercased().filter { $0 != " " && $0 != "." }
        if trimmed.hasPrefix("D.C.") || trimmed.hasPrefix("D.S.") {
            let endings: [(words: String, until: Jump.Until)] = [
                ("alcoda", .coda), ("alfine", .fine), ("al1st", .ending(1)), ("al2nd", .ending(2)),
                ("al3rd", .ending(3)),
            ]
            let until = endings.first { squeezed.contains($0.words) }?.until ?? .end
            span.jump = Jump(toSegno: trimmed.hasPrefix("D.S."), until: until)
        } else if squeezed == "fine" {
            span.fine = true
        } else if squeezed.hasSuffix("x"), let count = Int(squeezed.dropLast()), (2...16).contains(count) {
            span.repeatCount = count
        }
    }

    /// Reads a chord at `index`: a root (A–G with b or #) or W, an iReal quality, and an optional
    /// /bass. The quality is read up to the first character no quality holds, so an unknown one
    /// (`7#9b13`) still reads, and plays as its nearest known chord.
    ///
    /// Unless `problems` is strict, text between stars right after the quality is read as more of
    /// it: charts typed by hand write qualities the app's keyboard lacks that way (`C*-^*`,
    /// `E*7+*`, `A*m*`), and the app shows the text where the quality goes.
    static func readChord(
        _ text: [Unicode.Scalar], at index: inout Int, bar: Int, problems: inout Problems
    ) throws(IRealProError) -> WrittenChord {
        let start = index
        var root: String?
        if text[index] != "W" {
            var name = String(text[index])
            if index + 1 < text.count, text[index + 1] == "b" || text[index + 1] == "#" {
                name.unicodeScalars.append(text[index + 1])
                index += 1
            }
            root = name
        }
        index += 1
        let qualityStart = index
        qualityLoop: while index < text.count {
            for word in qualityWords where matches(word, in: text, at: index) {
                index += word.count
                continue qualityLoop
            }
            if "0123456789b#^-+hom\u{F8}".unicodeScalars.contains(text[index]) {
                index += 1
            } else if text[index] == "/", text[index - 1] == "6", index + 1 < text.count, text[index + 1] == "9" {
                // "6/9" written with its slash.
                index += 2
            } else {
                break
            }
        }
        var quality = string(text[qualityStart..<index])
        var starred = false
        if !problems.strict, index < text.count, text[index] == "*", let close = starredText(text, from: index) {
            let label = string(text[(index + 1)..<close])
            quality += label.filter { $0 != " " }
            index = close + 1
            starred = true
        }
        var bass: String?
        if index < text.count, text[index] == "/" {
            guard index + 1 < text.count, ("A"..."G").contains(text[index + 1]) else {
                let written = string(text[start...index])
                let error = IRealProError.chart(
                    .notAChord, bar: bar, offset: start, symbol: written,
                    "\(Excerpt.quoted(written)) is not a chord: a bass note follows /")
                try problems.report(error, symbol: written, done: "read without the /")
                index += 1
                let chord = string(text[start..<(index - 1)])
                return WrittenChord(root: root, quality: quality, bass: nil, text: chord)
            }
            var name = String(text[index + 1])
            index += 2
            if index < text.count, text[index] == "b" || text[index] == "#" {
                name.unicodeScalars.append(text[index])
                index += 1
            }
            bass = name
        }
        let written = string(text[start..<index])
        return WrittenChord(root: root, quality: quality, bass: bass, text: written, starred: starred)
    }

    /// Where the text between stars that opens at `start` closes: within a few characters and
    /// before any bar line, or it is not such a text.
    private static func starredText(_ text: [Unicode.Scalar], from start: Int) -> Int? {
        var end = start + 1
        while end < min(text.count, start + 12) {
            if text[end] == "*" { return end }
            if "|[]{}Z<>(),".unicodeScalars.contains(text[end]) { return nil }
            end += 1
        }
        return nil
    }

    /// Words a quality may hold, as scalars once: they are tried at every character of a quality.
    private static let qualityWords: [[Unicode.Scalar]] = ["sus", "alt", "add", "maj", "min", "dim", "aug"].map {
        Array($0.unicodeScalars)
    }

    private static func matches(_ word: [Unicode.Scalar], in text: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + word.count <= text.count else { return false }
        return text[index..<(index + word.count)].elementsEqual(word)
    }
}
