import MusicTheory

extension IRealPro {
    /// A quality as iReal writes it, its standard jazz spelling, and spellings that lose a tension
    /// or two, nearest first, for when Backline's chord grammar does not read the standard one.
    struct QualitySpelling: Sendable {
        let ireal: String
        let standard: String
        let fallbacks: [String]

        init(_ ireal: String, _ standard: String, _ fallbacks: [String] = []) {
            self.ireal = ireal
            self.standard = standard
            self.fallbacks = fallbacks
        }
    }

    /// Every chord quality iReal Pro writes, in its own order. iReal's `^` is the major seventh,
    /// `-` minor, `h` half-diminished (ø, a seventh chord even without the 7), `o` diminished,
    /// `+` augmented; `sus` is sus4.
    static let qualitySpellings: [QualitySpelling] = [
        QualitySpelling("", ""),
        QualitySpelling("5", "5"),
        QualitySpelling("2", "add2", ["add9"]),
        QualitySpelling("add9", "add9"),
        QualitySpelling("+", "aug"),
        QualitySpelling("o", "dim"),
        QualitySpelling("h", "m7b5"),
        QualitySpelling("sus", "sus4"),
        QualitySpelling("^", "maj7"),
        QualitySpelling("-", "m"),
        QualitySpelling("^7", "maj7"),
        QualitySpelling("-7", "m7"),
        QualitySpelling("7", "7"),
        QualitySpelling("7sus", "7sus4"),
        QualitySpelling("h7", "m7b5"),
        QualitySpelling("o7", "dim7"),
        QualitySpelling("^9", "maj9", ["maj7"]),
        QualitySpelling("^13", "maj13", ["maj9", "maj7"]),
        QualitySpelling("6", "6"),
        QualitySpelling("69", "6/9", ["6"]),
        QualitySpelling("^7#11", "maj7#11", ["maj7"]),
        QualitySpelling("^9#11", "maj9#11", ["maj7#11", "maj7"]),
        QualitySpelling("^7#5", "maj7#5", ["aug"]),
        QualitySpelling("-6", "m6"),
        QualitySpelling("-69", "m6/9", ["m6"]),
        QualitySpelling("-^7", "m(maj7)", ["mMaj7", "m"]),
        QualitySpelling("-^9", "m(maj9)", ["m(maj7)", "mMaj7", "m"]),
        QualitySpelling("-9", "m9", ["m7"]),
        QualitySpelling("-11", "m11", ["m9", "m7"]),
        QualitySpelling("-7b5", "m7b5"),
        QualitySpelling("h9", "m9b5", ["m7b5"]),
        QualitySpelling("-b6", "m(b6)", ["m"]),
        QualitySpelling("-#5", "m#5", ["m"]),
        QualitySpelling("9", "9", ["7"]),
        QualitySpelling("7b9", "7b9", ["7"]),
        QualitySpelling("7#9", "7#9", ["7"]),
        QualitySpelling("7#11", "7#11", ["7"]),
        QualitySpelling("7b5", "7b5", ["7"]),
        QualitySpelling("7#5", "7#5", ["aug"]),
        QualitySpelling("9#11", "9#11", ["7#11", "7"]),
        QualitySpelling("9b5", "9b5", ["7b5", "7"]),
        QualitySpelling("9#5", "9#5", ["7#5", "aug"]),
        QualitySpelling("7b13", "7b13", ["7"]),
        QualitySpelling("7#9#5", "7#9#5", ["7#9", "7"]),
        QualitySpelling("7#9b5", "7#9b5", ["7#9", "7"]),
        QualitySpelling("7#9#11", "7#9#11", ["7#9", "7"]),
        QualitySpelling("7b9#11", "7b9#11", ["7b9", "7"]),
        QualitySpelling("7b9b5", "7b9b5", ["7b9", "7"]),
        QualitySpelling("7b9#5", "7b9#5", ["7b9", "7"]),
        QualitySpelling("7b9#9", "7b9#9", ["7b9", "7"]),
        QualitySpelling("7b9b13", "7b9b13", ["7b9", "7"]),
        QualitySpelling("7alt", "7alt", ["7#9", "7"]),
        QualitySpelling("13", "13", ["9", "7"]),
        QualitySpelling("13#11", "13#11", ["13", "7#11", "7"]),
        QualitySpelling("13b9", "13b9", ["7b9", "7"]),
        QualitySpelling("13#9", "13#9", ["7#9", "7"]),
        QualitySpelling("7b9sus", "7b9sus4", ["7sus4"]),
        QualitySpelling("7susadd3", "7sus4add3", ["7sus4", "7"]),
        QualitySpelling("7add3sus", "7sus4add3", ["7sus4", "7"]),
        QualitySpelling("9sus", "9sus4", ["7sus4"]),
        QualitySpelling("13sus", "13sus4", ["9sus4", "7sus4"]),
        QualitySpelling("7b13sus", "7b13sus4", ["7sus4"]),
        QualitySpelling("11", "11", ["9sus4", "7sus4"]),
    ]

    /// iReal's chord qualities and the standard spelling Backline writes for each (`-7` → `m7`,
    /// `h7` → `m7b5`, `^7` → `maj7`, `-^7` → `m(maj7)`, `69` → `6/9`, `7alt` → `7alt`), for
    /// documents and tests.
    public static let chordQualities: [(ireal: String, chord: String)] = qualitySpellings.map {
        ($0.ireal, $0.standard)
    }

    private static let spellingsByQuality: [String: QualitySpelling] = Dictionary(
        qualitySpellings.map { ($0.ireal, $0) }, uniquingKeysWith: { first, _ in first })

    /// The standard spelling of an iReal chord (`Bb-7/F` → `Bbm7/F`, `Ch7` → `Cm7b5`, `W/E` →
    /// `W/E`); nil when the text is not one chord as iReal writes it. Cb, Fb, E# and B# are
    /// respelled B, E, F and C, as Backline reads no such names.
    public static func chordSpelling(_ ireal: String) -> String? {
        let text = Array(ireal.unicodeScalars)
        guard let first = text.first, ("A"..."G").contains(first) || first == "W" else { return nil }
        var index = 0
        var problems = Problems(strict: true)
        guard let chord = try? readChord(text, at: &index, bar: 1, problems: &problems), index == text.count else {
            return nil
        }
        let root = chord.root.map(respelled) ?? "W"
        return root + spelling(ofQuality: chord.quality).standard + (chord.bass.map { "/" + respelled($0) } ?? "")
    }

    /// The spellings to try for a quality, standard first. A quality iReal does not list (a chart
    /// typed by hand: `7#9b13`, `m7`) is translated sign by sign, and falls back on its family.
    static func spelling(ofQuality written: String) -> QualitySpelling {
        if let known = spellingsByQuality[written] { return known }
        // Hand-typed qualities (often between stars: `C*-^*`, `E*7+*`) in iReal's own words: a lone
        // `^` is its major seventh, and `+` after a seventh or ninth raises the fifth.
        var quality = written.hasSuffix("^") ? written + "7" : written
        for number in ["7", "9", "13"] { quality = quality.replacing(number + "+", with: number + "#5") }
        if quality != written, let known = spellingsByQuality[quality] {
            return QualitySpelling(written, known.standard, known.fallbacks)
        }
        var standard = quality
        for (sign, word) in [("^", "maj"), ("h", "m7b5"), ("ø", "m7b5"), ("+", "aug")] {
            standard = standard.replacing(sign, with: word)
        }
        if standard.hasPrefix("-") { standard = "m" + standard.dropFirst() }
        if standard.hasPrefix("o") { standard = "dim" + standard.dropFirst() }
        return QualitySpelling(written, standard, [family(of: quality)])
    }

    /// The plainest chord of a quality's family, which Backline has always read.
    private static func family(of quality: String) -> String {
        let seventh = ["7", "9", "11", "13"].contains { quality.contains($0) }
        if quality.hasPrefix("h") || quality.hasPrefix("ø") || quality.contains("7b5") && quality.hasPrefix("-") {
            return "m7b5"
        }
        if quality.hasPrefix("^") || quality.hasPrefix("maj") { return "maj7" }
        if quality.hasPrefix("-") || quality.hasPrefix("m") || quality.hasPrefix("min") { return seventh ? "m7" : "m" }
        if quality.hasPrefix("o") || quality.hasPrefix("dim") { return seventh ? "dim7" : "dim" }
        if quality.hasPrefix("+") || quality.hasPrefix("aug") { return seventh ? "7#5" : "aug" }
        if quality.contains("sus") { return seventh ? "7sus4" : "sus4" }
        if quality.hasPrefix("6") { return "6" }
        guard seventh else { return "" }
        // A dominant keeps its most telling alteration.
        for alteration in ["#9", "b9", "#11", "b5", "#5"] where quality.contains(alteration) { return "7" + alteration }
        return "7"
    }
}
