import MusicTheory

extension IRealPro {
    /// The most bars one song plays out to; a chart past it is no chart a player could follow.
    static let maximumBars = 4096

    /// A song's chart in playing order, and what came up on the way.
    struct PlayedOut {
        var chart: ChordChart
        var meter: Meter
        var meterChanges: [MeterChange]
        var unreadable: [UnreadableChord]
    }

    /// Chord symbols as Backline reads them, each read once per link: a playlist names the same few
    /// hundred chords thousands of times, and reading a symbol is the costliest step of a song.
    struct ChordSymbolCache {
        private var read: [String: ChordSymbol?] = [:]

        /// The symbol `text` spells, or nil when Backline does not read it.
        mutating func symbol(_ text: String) -> ChordSymbol? {
            if let known = read[text] { return known }
            let symbol = try? ChordSymbol.parse(text)
            read[text] = symbol
            return symbol
        }
    }

    /// How the player came to a bar: from the bar before (or a repeat), by a D.C./D.S. jump, or by
    /// the jump to the coda.
    enum Arrival: Equatable {
        case flow, jump, coda
    }

    /// The error of a song without a chord to play: such a song is skipped however it is read.
    static let noChords = IRealProError(code: .noChords, message: "has no chords", reason: "the song has no chords")

    /// Plays the written bars out once: repeats and endings, bar repeats, D.C./D.S. and the coda.
    ///
    /// A bar repeat with nothing to repeat, and empty bars before the first chord, play as N.C.
    /// unless `problems` is strict, which refuses them.
    static func playOut(
        _ bars: [WrittenBar], problems: inout Problems, symbols: inout ChordSymbolCache
    ) throws(IRealProError) -> PlayedOut {
        let hasChords = bars.contains { bar in
            if case .chords(let placed, _) = bar.content { return placed.contains { $0.chord != nil } }
            return false
        }
        guard hasChords else { throw noChords }
        let (order, codaStart) = try playingOrder(bars)

        var played: [[ChordSymbol]] = []
        var unreadable: [UnreadableChord] = []
        for (index, _) in order {
            let bar = bars[index]
            let sounding = played.last?.last
            switch bar.content {
            case .repeatPrevious:
                guard let previous = played.last else {
                    try problems.report(
                        .chart(
                            .badChart, bar: bar.number, offset: bar.offset, symbol: "x",
                            "'x' repeats the bar before it, but there is none"),
                        symbol: "x", done: "read as N.C.")
                    played.append([.noChord])
                    continue
                }
                played.append(previous)
            case .repeatTwo:
                guard played.count >= 2 else {
                    try problems.report(
                        .chart(
                            .badChart, bar: bar.number, offset: bar.offset, symbol: "r",
                            "'r' repeats the two bars before it, but there are fewer"),
                        symbol: "r", done: "read as N.C.")
                    played.append([.noChord])
                    continue
                }
                played.append(played[played.count - 2])
            case .held:
                guard let sounding else {
                    try problems.report(
                        .chart(
                            .badChart, bar: bar.number, offset: bar.offset,
                            "an empty bar holds the chord before it, but there is none (write a chord, or n for N.C.)"
                        ),
                        symbol: "(empty bar)", done: "read as N.C.")
                    played.append([.noChord])
                    continue
                }
                played.append([sounding])
            case .chords(let placed, let cells):
                played.append(
                    try chords(
                        placed, cells: cells, in: bar, after: played, unreadable: &unreadable, problems: &problems,
                        symbols: &symbols))
            }
        }
        // Every chord may have been dropped as unreadable: a song of N.C. alone plays nothing.
        guard played.contains(where: { $0.contains { $0 != .noChord } }) else { throw noChords }

        // Sections: a rehearsal mark starts one, and so does the coda; after a D.C. or D.S. jump
        // the section the player lands in starts again.
        var sections: [ChordChart.Section] = []
        if bars.contains(where: { $0.mark != nil }) {
            var carried: [String] = []
            var name = "Intro"
            for bar in bars {
                name = bar.mark ?? name
                carried.append(name)
            }
            var starts: [(name: String, firstBar: Int)] = []
            for (position, (index, arrival)) in order.enumerated() {
                let bar = bars[index]
                var start: String?
                if let mark = bar.mark {
                    start = mark
                } else if index == codaStart {
                    start = "Coda"
                } else if position == 0 || arrival == .jump {
                    start = carried[index]
                }
                if let start { starts.append((start, position)) }
            }
            sections = starts.indices.map { number in
                let end = number + 1 < starts.count ? starts[number + 1].firstBar : played.count
                return ChordChart.Section(
                    name: starts[number].name, type: nil, firstBar: starts[number].firstBar,
                    bars: end - starts[number].firstBar)
            }
        }

        let meters = order.map { bars[$0.index].meter }
        let changes = meters.indices.dropFirst().filter { meters[$0] != meters[$0 - 1] }.map {
            MeterChange(bar: $0, meter: meters[$0])
        }
        return PlayedOut(
            chart: ChordChart(bars: played, sections: sections), meter: meters[0], meterChanges: changes,
            unreadable: unreadable)
    }

    /// The chords of one bar, as equal parts of it: a chord that starts on beat 3 of 4 makes four
    /// parts (`C7 C7 C7 F7`), one on beat 3 makes two.
    ///
    /// iReal places chords in cells, usually four to a bar, and a bar may be drawn wider or
    /// narrower: the chord in cell `i` of `n` starts on beat `i` when `n` is 4 (and the bar has at
    /// most four beats; a 3/4 bar's fourth cell is its third beat), otherwise on beat `i × beats / n`.
    /// A chord that would start on a beat already taken starts on the next; the part before the
    /// bar's first chord holds the chord before the bar.
    private static func chords(
        _ placed: [WrittenBar.Placed], cells: Int, in bar: WrittenBar, after played: [[ChordSymbol]],
        unreadable: inout [UnreadableChord], problems: inout Problems, symbols: inout ChordSymbolCache
    ) throws(IRealProError) -> [ChordSymbol] {
        let beats = bar.meter.numerator
        var onsets: [(beat: Int, chord: ChordSymbol)] = []
        var lastChord = played.reversed().lazy.flatMap { $0.reversed() }.first { $0 != .noChord }
        for item in placed {
            var symbol = ChordSymbol.noChord
            if let chord = item.chord {
                guard
                    let read = try Self.symbol(
                        for: chord, after: lastChord, in: bar, unreadable: &unreadable, problems: &problems,
                        symbols: &symbols)
                else { continue }
                symbol = read
                lastChord = symbol
            }
            var beat = cells == 4 && beats <= 4 ? min(item.cell, beats - 1) : item.cell * beats / max(cells, 1)
            if let last = onsets.last, beat <= last.beat { beat = last.beat + 1 }
            if beat >= beats, !onsets.isEmpty {
                onsets[onsets.count - 1].chord = symbol
            } else {
                onsets.append((min(beat, beats - 1), symbol))
            }
        }
        guard !onsets.isEmpty else { return [played.last?.last ?? .noChord] }
        if onsets[0].beat != 0 {
            if let sounding = played.last?.last { onsets.insert((0, sounding), at: 0) } else { onsets[0].beat = 0 }
        }
        let parts =
            (1...beats).first { count in
                beats % count == 0 && onsets.allSatisfy { $0.beat % (beats / count) == 0 }
            } ?? beats
        return (0..<parts).map { part in
            let beat = part * beats / parts
            return onsets.last { $0.beat <= beat }?.chord ?? onsets[0].chord
        }
    }

    /// The symbol Backline plays for a written chord: its standard spelling if Backline reads it,
    /// else the nearest chord it does (noted in `unreadable`). `W` keeps the chord before it. Nil,
    /// unless strict, for a chord that is none: the reader drops it and warns.
    private static func symbol(
        for chord: WrittenChord, after lastChord: ChordSymbol?, in bar: WrittenBar, unreadable: inout [UnreadableChord],
        problems: inout Problems, symbols: inout ChordSymbolCache
    ) throws(IRealProError) -> ChordSymbol? {
        let bass = chord.bass.map { "/" + respelled($0) } ?? ""
        let root: String
        if let written = chord.root {
            root = respelled(written)
        } else {
            guard case .absolute(let kept, let quality, _)? = lastChord else {
                try problems.report(
                    .chart(
                        .notAChord, bar: bar.number, offset: bar.offset, symbol: chord.text,
                        "\(Excerpt.quoted(chord.text)) keeps the chord before it (W is an invisible root), but there is none"
                    ),
                    symbol: chord.text, done: "dropped")
                return nil
            }
            if chord.quality.isEmpty {
                if let symbol = symbols.symbol(kept.description + quality.suffix + bass) { return symbol }
            }
            root = kept.description
        }
        let spelling = spelling(ofQuality: chord.quality)
        for (number, suffix) in ([spelling.standard] + spelling.fallbacks).enumerated() {
            guard let symbol = symbols.symbol(root + suffix + bass) else { continue }
            if number > 0, !unreadable.contains(where: { $0.bar == bar.number && $0.ireal == chord.text }) {
                unreadable.append(
                    UnreadableChord(
                        bar: bar.number, ireal: chord.text, chord: root + spelling.standard + bass,
                        playedAs: symbol.description))
            }
            if chord.starred {
                problems.warn(
                    bar: bar.number, symbol: chord.text, "read as \(symbol)",
                    because: "the text between stars is not one of iReal's chord qualities")
            }
            return symbol
        }
        let error = IRealProError.chart(
            .notAChord, bar: bar.number, offset: bar.offset, symbol: chord.text,
            "\(Excerpt.quoted(chord.text)) is not a chord")
        // The root (and bass) alone is the nearest chord to one whose quality means nothing.
        guard let plain = symbols.symbol(root + bass) else {
            try problems.report(error, symbol: chord.text, done: "dropped")
            return nil
        }
        try problems.report(error, symbol: chord.text, done: "read as \(plain)")
        return plain
    }

    /// The written bars in playing order, with how the player came to each, and the bar the coda
    /// starts at.
    static func playingOrder(_ bars: [WrittenBar]) throws(IRealProError) -> ([(index: Int, arrival: Arrival)], Int?) {
        let count = bars.count
        let closes = bars.indices.filter { bars[$0].closesRepeat }
        // The bar each `}` goes back to: its `{`; the `{` of the repeat a second ending continues
        // (`{A N1 B} N2 C} N3 D`); or, with no `{`, the bar after the `}` before it, or the top.
        var target: [Int: Int] = [:]
        for (number, close) in closes.enumerated() {
            let previous = number > 0 ? closes[number - 1] : -1
            if let open = ((previous + 1)...close).last(where: { bars[$0].opensRepeat }) {
                target[close] = open
            } else if previous >= 0, bars[previous + 1].ending != nil, let earlier = target[previous] {
                target[close] = earlier
            } else {
                target[close] = previous + 1
            }
        }
        // Everything the walk below asks of the bars, worked out once: the walk may visit a bar
        // many times, and asking each time made a long chart quadratic.
        var closing: [Int: [Int]] = [:]
        for close in closes {
            if let start = target[close] { closing[start, default: []].append(close) }
        }
        // A repeat plays once more than it has `}`s (twice at least), or as often as a comment
        // such as <3x> inside it says.
        var passesFrom: [Int: Int] = [:]
        var lastEndingFrom: [Int: Int] = [:]
        for (start, own) in closing {
            let last = own[own.count - 1]
            let counted = bars[start...last].lazy.compactMap(\.repeatCount).max() ?? 0
            passesFrom[start] = max(2, own.count + 1, counted)
            let inside = bars[start...last].lazy.compactMap(\.ending).max() ?? 0
            lastEndingFrom[start] = max(inside, last + 1 < count ? bars[last + 1].ending ?? 0 : 0)
        }
        func passes(from start: Int) -> Int { passesFrom[start] ?? 2 }
        func lastEnding(from start: Int) -> Int { lastEndingFrom[start] ?? 0 }
        // The first `}` at or after each bar, and the bars of each ending number in order.
        var closeFrom = [Int?](repeating: nil, count: count + 1)
        for index in stride(from: count - 1, through: 0, by: -1) {
            closeFrom[index] = bars[index].closesRepeat ? index : closeFrom[index + 1]
        }
        var endingBars: [Int: [Int]] = [:]
        for index in bars.indices {
            if let ending = bars[index].ending { endingBars[ending, default: []].append(index) }
        }
        func firstClose(from index: Int) -> Int? { index < count ? closeFrom[index] : nil }
        /// The first bar after `index` that starts ending `number`.
        func firstBar(ofEnding number: Int, after index: Int) -> Int? {
            guard let list = endingBars[number] else { return nil }
            var (low, high) = (0, list.count)
            while low < high {
                let middle = (low + high) / 2
                if list[middle] > index { high = middle } else { low = middle + 1 }
            }
            return low < list.count ? list[low] : nil
        }
        let segno = bars.firstIndex(where: \.segno)
        let signs = bars.indices.filter { bars[$0].codaBefore || bars[$0].codaAfter }
        let toCoda = signs.count >= 2 ? signs.first : nil
        let jumpsToCoda = bars.contains { $0.jump?.until == .coda }
        let codaStart = signs.count >= 2 ? signs.last : (signs.count == 1 && jumpsToCoda ? signs.first : nil)
        let writesJump = bars.contains { $0.jump != nil }

        var order: [(index: Int, arrival: Arrival)] = []
        var index = 0
        var arrival = Arrival.flow
        var region: (start: Int, pass: Int, total: Int)?
        var taken: Jump?
        var steps = 0
        func tooLong() -> IRealProError {
            IRealProError(code: .formTooLong, message: "playing the repeats out gives more than \(maximumBars) bars")
        }
        while index < count {
            steps += 1
            guard steps <= 8 * maximumBars, order.count < maximumBars else { throw tooLong() }
            let bar = bars[index]
            if taken?.until == .coda, index == toCoda, bar.codaBefore, let codaStart, codaStart != index {
                index = codaStart
                arrival = .coda
                region = nil
                continue
            }
            if bar.opensRepeat, region?.start != index {
                let total = passes(from: index)
                region = (index, taken == nil ? 1 : total, total)
            }
            if let ending = bar.ending {
                if region == nil, let close = firstClose(from: index), let start = target[close] {
                    let total = passes(from: start)
                    region = (start, taken == nil ? 1 : total, total)
                }
                if let current = region {
                    let last = lastEnding(from: current.start)
                    let wanted: Int
                    if case .ending(let named)? = taken?.until {
                        wanted = named
                    } else if current.pass >= current.total || taken != nil {
                        // The last pass takes the last ending; a lone first ending is skipped.
                        wanted = last <= 1 ? 2 : last
                    } else {
                        wanted = min(current.pass, max(last - 1, 1))
                    }
                    if ending < wanted {
                        if let next = firstBar(ofEnding: wanted, after: index) {
                            index = next
                            continue
                        }
                        if let close = firstClose(from: index) {
                            index = close + 1
                            region = nil
                            continue
                        }
                    }
                }
            }
            order.append((index, arrival))
            arrival = .flow
            if bar.closesRepeat, let start = target[index] {
                if region?.start != start {
                    let total = passes(from: start)
                    region = (start, taken == nil ? 1 : total, total)
                }
                if taken == nil, let current = region, current.pass < current.total {
                    region = (current.start, current.pass + 1, current.total)
                    index = start
                    continue
                }
                region = nil
            }
            if taken?.until == .coda, index == toCoda, bar.codaAfter, let codaStart, codaStart != index {
                index = codaStart
                arrival = .coda
                continue
            }
            if taken?.until == .fine, bar.fine { break }
            if taken == nil, let jump = bar.jump {
                taken = jump
                index = jump.toSegno ? (segno ?? 0) : 0
                arrival = .jump
                region = nil
                continue
            }
            if taken == nil, !writesJump, toCoda != nil, let codaStart, index + 1 == codaStart {
                // Two coda signs and no D.C. or D.S.: the form goes back (to the segno, if any) and
                // takes the coda the second time.
                taken = Jump(toSegno: segno != nil, until: .coda)
                index = segno ?? 0
                arrival = .jump
                region = nil
                continue
            }
            index += 1
        }
        guard !order.isEmpty else { throw noChords }
        return (order, codaStart)
    }
}
