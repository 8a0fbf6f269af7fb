/// What a chord is made of above its root: its intervals, and the suffix a lead sheet writes.
///
/// Stored as a bit set of semitones above the root (0 to 23, so a thirteenth is 21), which makes a
/// chord a plain value: copying, comparing and hashing one costs nothing, and songs do that for
/// every note. The suffix follows from the intervals.
public struct ChordQuality: Sendable, Hashable, Codable {
    /// Bit `n` set: the chord holds the note `n` semitones above its root.
    public let mask: UInt32

    public init(intervals: [Int]) {
        precondition(intervals.first == 0, "a chord quality starts at its root")
        precondition(intervals.allSatisfy { (0..<24).contains($0) }, "intervals lie within two octaves")
        mask = intervals.reduce(0) { $0 | 1 << UInt32($1) }
    }

    /// Semitones above the root, ascending, starting with 0. Extensions above the octave keep
    /// their compound value (a ninth is 14).
    public var intervals: [Int] { (0..<24).filter { contains($0) } }

    /// Whether the chord holds the note `interval` semitones above its root.
    @inlinable
    public func contains(_ interval: Int) -> Bool { (0..<24).contains(interval) && mask & 1 << UInt32(interval) != 0 }

    /// The suffix as Backline writes it after the root: "", "m", "7", "maj7", "m7b5", "sus4" …; a
    /// quality without a name lists its intervals: "(4,7,10)".
    public var suffix: String {
        Self.suffixes[mask] ?? "(" + intervals.dropFirst().map(String.init).joined(separator: ",") + ")"
    }

    /// The chord's third above the root, if it has one (3 or 4 semitones).
    public var third: Int? { contains(3) ? 3 : (contains(4) ? 4 : nil) }
    /// The chord's fifth (6, 7 or 8 semitones), if it has one.
    public var fifth: Int? { (6...8).first(where: contains) }
    /// The chord's seventh or sixth (9, 10 or 11 semitones), if it has one.
    public var seventh: Int? { (9...11).first(where: contains) }

    public static let major = ChordQuality(intervals: [0, 4, 7])
    public static let minor = ChordQuality(intervals: [0, 3, 7])
    public static let diminished = ChordQuality(intervals: [0, 3, 6])
    public static let augmented = ChordQuality(intervals: [0, 4, 8])

    /// The quality whose intervals are `intervals`, named if it is one of the suffixes Backline knows.
    public static func named(intervals: [Int]) -> ChordQuality { ChordQuality(intervals: intervals) }

    /// Reads a whole suffix such as `m7b5`, `maj7`, `7sus4`, `°7`, `add9`; nil when it is not one.
    public static func parse(suffix: some StringProtocol) -> ChordQuality? {
        let text = String(suffix)
        return table.first(where: { $0.spellings.contains(text) })?.quality
    }

    /// A regular expression matching exactly the suffixes ``parse(suffix:)`` reads (without the
    /// empty one), for API documents.
    public static var suffixPattern: String {
        acceptedSuffixes.sorted { $0.count > $1.count }.map(ChordChart.escape).joined(separator: "|")
    }

    /// Every suffix spelling accepted, for error messages and documentation.
    public static var acceptedSuffixes: [String] { table.flatMap(\.spellings).filter { !$0.isEmpty } }

    /// The printed suffix of every named quality.
    private static let suffixes: [UInt32: String] = Dictionary(uniqueKeysWithValues: table.map { ($0.quality.mask, $0.spellings[0]) })

    enum CodingKeys: String, CodingKey {
        case intervals, suffix
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let intervals = try container.decode([Int].self, forKey: .intervals)
        guard intervals.first == 0, intervals.allSatisfy({ (0..<24).contains($0) }) else {
            throw DecodingError.dataCorruptedError(forKey: .intervals, in: container, debugDescription: "intervals must start at 0 and lie within 0..<24")
        }
        self.init(intervals: intervals)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(intervals, forKey: .intervals)
        try container.encode(suffix, forKey: .suffix)
    }

    private struct Entry {
        let quality: ChordQuality
        let spellings: [String]
        init(_ intervals: [Int], _ spellings: [String]) {
            self.quality = ChordQuality(intervals: intervals)
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
