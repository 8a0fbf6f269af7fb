import MusicTheory

/// One bar of a part written as a step grid, the notation every agent shares.
///
/// The bar is divided into as many equal steps as the grid has tokens. Tokens are single
/// characters (`x..x..x.`) unless the grid contains spaces, in which case they are the words
/// between spaces (`R . 5, . R' . b7 .`). `|` is ignored and helps the eye.
/// - `.` is silence: it ends the previous note.
/// - `-` holds the previous note one more step.
/// - anything else is a hit, read by the agent (`x`, `X`, `R`, `D` …).
public struct StepPattern<Token: Sendable & Hashable>: Sendable, Hashable {
    public enum Step: Sendable, Hashable {
        case rest, hold, hit(Token)
    }

    /// A hit and how many steps it lasts.
    public struct Hit: Sendable, Hashable {
        public let step: Int
        public let length: Int
        public let token: Token
    }

    public let steps: [Step]
    public let hits: [Hit]

    public init(steps: [Step]) {
        self.steps = steps
        var hits: [Hit] = []
        for (index, step) in steps.enumerated() {
            guard case .hit(let token) = step else { continue }
            var length = 1
            while index + length < steps.count, steps[index + length] == .hold { length += 1 }
            hits.append(Hit(step: index, length: length, token: token))
        }
        self.hits = hits
    }

    /// Reads a grid from a YAML scalar, checked against the meter it is written in, and returns it
    /// as played in the outline's meter (``derived(from:to:)``).
    public static func read(
        _ node: SpecNode, outline: GenreOutline, expected: String, _ diagnostics: inout Diagnostics,
        token: (String) -> Token?
    ) -> StepPattern? {
        let written = outline.meter(writing: node)
        return read(node, meter: written, expected: expected, &diagnostics, token: token)?.derived(from: written, to: outline.meter)
    }

    /// Reads a grid from a YAML scalar. `token` reads one hit token; returning nil there makes the
    /// token an error that names the tokens this part accepts (`expected`).
    public static func read(
        _ node: SpecNode, meter: Meter, expected: String, _ diagnostics: inout Diagnostics,
        token: (String) -> Token?
    ) -> StepPattern? {
        guard let text = node.string(&diagnostics, of: "a step grid") else { return nil }
        let words = tokenize(text)
        var steps: [Step] = []
        var failed = false
        for (word, offset) in words {
            switch word {
            case ".": steps.append(.rest)
            case "-": steps.append(.hold)
            default:
                if let value = token(word) {
                    steps.append(.hit(value))
                } else {
                    failed = true
                    diagnostics.report(PresetError(
                        .invalidValue, "unknown step '\(word)'; expected \(expected), '.' for silence or '-' to hold",
                        at: node.location(ofCharacter: offset), keyPath: node.path))
                }
            }
        }
        if !failed && !meter.fits(steps: steps.count) {
            let counts = meter.suggestedStepCounts.map(String.init).joined(separator: ", ")
            diagnostics.report(.patternLength, "grid has \(steps.count) steps, which do not divide a bar of \(meter) evenly; use \(counts)", at: node)
            failed = true
        }
        if !failed, let grouping = meter.grouping, text.contains("|") {
            // A grid that marks its groups with `|` must mark the meter's: 2+2+3 in 7/8.
            let marked = text.split(separator: "|").map { tokenize(String($0)).count }.filter { $0 > 0 }
            let expected = grouping.map { $0 * steps.count / meter.numerator }
            if steps.count % meter.numerator == 0 && marked != expected {
                diagnostics.report(
                    .patternLength,
                    "grid is grouped \(marked.map(String.init).joined(separator: "+")) steps, but \(meter) is grouped \(grouping.map(String.init).joined(separator: "+")): write \(expected.map(String.init).joined(separator: "+")) steps between the |",
                    at: node)
                failed = true
            }
        }
        if steps.first == .hold {
            diagnostics.report(.invalidValue, "a grid cannot start with '-': there is no note to hold", at: node)
            failed = true
        }
        return failed ? nil : StepPattern(steps: steps)
    }

    /// Splits a grid into tokens with their character offsets.
    static func tokenize(_ text: String) -> [(String, Int)] {
        let characters = Array(text)
        var words: [(String, Int)] = []
        if text.contains(" ") {
            var index = 0
            while index < characters.count {
                if characters[index] == " " || characters[index] == "|" {
                    index += 1
                    continue
                }
                let start = index
                while index < characters.count, characters[index] != " ", characters[index] != "|" { index += 1 }
                words.append((String(characters[start..<index]), start))
            }
        } else {
            for (offset, character) in characters.enumerated() where character != "|" {
                words.append((String(character), offset))
            }
        }
        return words
    }

    /// Ticks one step lasts in a bar of `meter`, before swing.
    @inlinable
    public func stepTicks(in meter: Meter) -> Int { meter.ticksPerBar / steps.count }

    /// When step `step` of this grid sounds in the bar starting at `barStart`: on the straight grid,
    /// moved by the song's swing if this grid swings (binary grids do; triplet grids do not). Step
    /// `steps.count` is the end of the bar.
    @inlinable
    public func tick(ofStep step: Int, barStart: Int, in context: RenderContext) -> Int {
        let straight = barStart + step * stepTicks(in: context.meter)
        return context.swing.applies(toGridOf: steps.count, in: context.meter) ? context.swing.swung(straight) : straight
    }

    /// This grid with only the steps of beats `beats` (of `beatsPerBar`) kept; the rest are silent.
    /// A note held into the kept beats from before them is dropped, one held out of them is cut.
    public func keeping(beats: Range<Int>, of beatsPerBar: Int) -> StepPattern {
        let perBeat = steps.count / beatsPerBar
        let kept = (beats.lowerBound * perBeat)..<(beats.upperBound * perBeat)
        var result = steps.enumerated().map { kept.contains($0.offset) ? $0.element : .rest }
        var index = kept.lowerBound
        while index < kept.upperBound, result[index] == .hold {
            result[index] = .rest
            index += 1
        }
        return StepPattern(steps: result)
    }

    /// The bar's step at the start of beat `beat`, then every step after it, as offsets into the grid.
    public func steps(ofBeat beat: Int, of beatsPerBar: Int) -> Range<Int> {
        let perBeat = steps.count / beatsPerBar
        return (beat * perBeat)..<((beat + 1) * perBeat)
    }

    /// What a comping player plays at the end of a four-bar phrase instead of the written bar: the
    /// last beat left open (a breath before the next phrase) when the bar plays on it, or else a
    /// push: the bar's first stroke again on the last off-beat. The bar itself when neither changes it.
    public func phraseEnd(beatsPerBar: Int) -> StepPattern {
        guard let first = hits.first else { return self }
        let lastBeat = steps(ofBeat: beatsPerBar - 1, of: beatsPerBar)
        if hits.contains(where: { lastBeat.contains($0.step) }) {
            let breath = keeping(beats: 0..<(beatsPerBar - 1), of: beatsPerBar)
            return breath.hits.isEmpty ? self : breath
        }
        let offBeat = lastBeat.lowerBound + lastBeat.count / 2
        guard lastBeat.count >= 2 else { return self }
        var pushed = steps
        pushed[offBeat] = .hit(first.token)
        return StepPattern(steps: pushed)
    }
}
