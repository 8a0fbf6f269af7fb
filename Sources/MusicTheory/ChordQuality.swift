/// What a chord is made of above its root: the intervals and the suffix a lead sheet writes.
public struct ChordQuality: Sendable, Hashable, Codable {
    /// Semitones above the root, ascending, starting with 0. Extensions above the octave keep
    /// their compound value (a ninth is 14).
    public let intervals: [Int]
    /// The suffix as Backline writes it after the root: "", "m", "7", "maj7", "m7b5", "sus4" …
    public let suffix: String

    public init(intervals: [Int], suffix: String) {
        precondition(intervals.first == 0, "a chord quality starts at its root")
        self.intervals = intervals
        self.suffix = suffix
    }

    /// The chord's third above the root, if it has one (3 or 4 semitones).
    public var third: Int? { intervals.first { $0 == 3 || $0 == 4 } }
    /// The chord's fifth (6, 7 or 8 semitones), if it has one.
    public var fifth: Int? { intervals.first { (6...8).contains($0) } }
    /// The chord's seventh or sixth (9, 10 or 11 semitones), if it has one.
    public var seventh: Int? { intervals.first { (9...11).contains($0) } }

    public static let major = ChordQuality(intervals: [0, 4, 7], suffix: "")
    public static let minor = ChordQuality(intervals: [0, 3, 7], suffix: "m")
    public static let diminished = ChordQuality(intervals: [0, 3, 6], suffix: "dim")
    public static let augmented = ChordQuality(intervals: [0, 4, 8], suffix: "aug")

    /// The quality whose intervals are `intervals`, named if it is one of the suffixes Backline knows.
    public static func named(intervals: [Int]) -> ChordQuality {
        if let entry = table.first(where: { $0.quality.intervals == intervals }) { return entry.quality }
        return ChordQuality(intervals: intervals, suffix: "(" + intervals.dropFirst().map(String.init).joined(separator: ",") + ")")
    }

    /// Reads a whole suffix such as `m7b5`, `maj7`, `7sus4`, `°7`, `add9`; nil when it is not one.
    public static func parse(suffix: some StringProtocol) -> ChordQuality? {
        let text = String(suffix)
        return table.first(where: { $0.spellings.contains(text) })?.quality
    }

    /// Every suffix spelling accepted, for error messages and documentation.
    public static var acceptedSuffixes: [String] { table.flatMap(\.spellings).filter { !$0.isEmpty } }

    private struct Entry {
        let quality: ChordQuality
        let spellings: [String]
        init(_ intervals: [Int], _ spellings: [String]) {
            self.quality = ChordQuality(intervals: intervals, suffix: spellings[0])
            self.spellings = spellings
        }
    }

    // The first spelling of each entry is the one Backline prints.
    private static let table: [Entry] = [
        Entry([0, 4, 7], ["", "maj", "M"]),
        Entry([0, 3, 7], ["m", "min", "-"]),
        Entry([0, 3, 6], ["dim", "°", "o"]),
        Entry([0, 4, 8], ["aug", "+"]),
        Entry([0, 2, 7], ["sus2"]),
        Entry([0, 5, 7], ["sus4", "sus"]),
        Entry([0, 7], ["5"]),
        Entry([0, 4, 7, 9], ["6"]),
        Entry([0, 3, 7, 9], ["m6", "min6", "-6"]),
        Entry([0, 4, 7, 9, 14], ["6/9", "69"]),
        Entry([0, 4, 7, 10], ["7", "dom7"]),
        Entry([0, 4, 7, 11], ["maj7", "M7", "Δ7", "Δ", "ma7"]),
        Entry([0, 3, 7, 10], ["m7", "min7", "-7"]),
        Entry([0, 3, 6, 10], ["m7b5", "ø7", "ø", "min7b5", "-7b5"]),
        Entry([0, 3, 6, 9], ["dim7", "°7", "o7"]),
        Entry([0, 3, 7, 11], ["mMaj7", "m(maj7)", "mM7", "-Δ7"]),
        Entry([0, 5, 7, 10], ["7sus4", "7sus"]),
        Entry([0, 2, 7, 10], ["7sus2"]),
        Entry([0, 4, 8, 10], ["aug7", "+7", "7#5"]),
        Entry([0, 4, 6, 10], ["7b5"]),
        Entry([0, 4, 7, 10, 13], ["7b9"]),
        Entry([0, 4, 7, 10, 15], ["7#9"]),
        Entry([0, 4, 7, 10, 18], ["7#11"]),
        Entry([0, 4, 7, 10, 14], ["9"]),
        Entry([0, 4, 7, 11, 14], ["maj9", "M9", "Δ9"]),
        Entry([0, 3, 7, 10, 14], ["m9", "min9", "-9"]),
        Entry([0, 4, 7, 14], ["add9", "add2"]),
        Entry([0, 3, 7, 14], ["madd9", "m(add9)"]),
        Entry([0, 4, 7, 17], ["add11", "add4"]),
        Entry([0, 4, 7, 10, 14, 17], ["11"]),
        Entry([0, 3, 7, 10, 14, 17], ["m11", "min11", "-11"]),
        Entry([0, 4, 7, 11, 14, 18], ["maj7#11", "maj9#11"]),
        Entry([0, 4, 7, 10, 14, 21], ["13"]),
        Entry([0, 4, 7, 11, 14, 21], ["maj13", "M13"]),
        Entry([0, 3, 7, 10, 14, 21], ["m13", "min13", "-13"]),
    ]
}
