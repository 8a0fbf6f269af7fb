import Foundation

extension IRealPro {
    /// The chart of an `irealb` song in the clear, from the text after ``chartPrefix``.
    ///
    /// iReal hides the chart by reordering each whole 50-character block (the last block is left
    /// alone, and so is a block followed by fewer than two characters): characters 0–4 trade places
    /// with 45–49 mirror-wise, and 10–23 with 26–39; the rest stay. The reordering undoes itself,
    /// so the same function scrambles a chart. The clear text then writes three cells in shorthand:
    /// `XyQ` for three empty cells, `LZ` for a bar line after an empty cell, `Kcl` for a bar line
    /// and a one-bar repeat; ``readChart(_:problems:)`` expands them.
    static func unscramble(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        var start = 0
        // A block is reordered only when more than 51 characters remain from its start.
        while scalars.count - start > 51 {
            for offset in 0..<5 { scalars.swapAt(start + offset, start + 49 - offset) }
            for offset in 10..<24 { scalars.swapAt(start + offset, start + 49 - offset) }
            start += 50
        }
        return string(scalars)
    }

    /// iReal's shorthand in a clear chart, written out: three empty cells, a bar line after an
    /// empty cell, a bar line and a one-bar repeat.
    static func expandingShorthand(_ chart: String) -> [Unicode.Scalar] {
        // One pass over the scalars, in the order the three were replaced one after another (an
        // expansion never makes another: none of them ends in X, K or L).
        let text = Array(chart.unicodeScalars)
        var expanded: [Unicode.Scalar] = []
        expanded.reserveCapacity(text.count)
        var index = 0
        func next(_ a: Unicode.Scalar, _ b: Unicode.Scalar, _ c: Unicode.Scalar?) -> Bool {
            guard index + 1 < text.count, text[index] == a, text[index + 1] == b else { return false }
            guard let c else { return true }
            return index + 2 < text.count && text[index + 2] == c
        }
        while index < text.count {
            if next("X", "y", "Q") {
                expanded += [" ", " ", " "]
                index += 3
            } else if next("K", "c", "l") {
                expanded += ["|", " ", "x"]
                index += 3
            } else if next("L", "Z", nil) {
                expanded += [" ", "|"]
                index += 2
            } else {
                expanded.append(text[index])
                index += 1
            }
        }
        return expanded
    }
}
