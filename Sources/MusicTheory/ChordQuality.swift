/// What a chord is made of above its root: its intervals, and the suffix a lead sheet writes.
///
/// Stored as a bit set of semitones above the root (0 to 23, so a thirteenth is 21), which makes a
/// chord a plain value: copying, comparing and hashing one costs nothing, and songs do that for
/// every note. The suffix follows from the intervals.
///
/// ## The suffix grammar
///
/// A suffix is a *head*, then what that head allows after it, in this order:
///
/// - **Head**: a triad (`""`, `m`, `dim`, `aug`, `sus4`, `sus2`; `5` the power chord), a sixth (`6`,
///   `m6`, `6/9`, `m6/9`), a seventh or extension (`7`, `9`, `11`, `13`; `maj7`, `maj9`, `maj13`;
///   `m7` … `m13`; `mMaj7`, `mMaj9`; `ø`, `ø9`; `dim7`; `aug7`), or `7alt`. Families have their
///   lead-sheet and iReal spellings: `min`/`-`, `M`/`Δ`/`^`/`ma`, `°`/`o`, `+`, `h`, `mM`/`-Δ`/`-^`/`m^`/`m(maj7)`.
/// - **Suspension** (dominant and major-seventh heads): `sus4`, `sus`, `sus2`, before or after the
///   alterations (`7sus4b9`, `7b9sus`).
/// - **Alterations** (heads with a sixth or seventh), any of `b5` `#5` `b9` `#9` `#11` `b13`
///   (`♭`/`♯` too), in any order: each replaces the natural tone of its degree (`13b9` has no 9,
///   `7#5` no 5), except that `b13` leaves the fifth (`9b13` is 1 3 5 b7 9 b13). A major seventh's
///   `#11` brings its ninth: `maj7#11` is the Lydian chord.
/// - **Added tone**: `add9`/`add2`, `add11`/`add4`, `add13`.
/// - **Parentheses** last: alterations and added `9`, `11`, `13` (or `add9` …) separated by commas,
///   `7(b9,#11)`, `7(13)`, `m(add9)`. A triad takes its alterations only here: `C(b5)`.
///
/// `7alt` is 1 3 b7 b9 #9 b13. A suffix holds no spaces: in a chart a space separates chords.
public struct ChordQuality: Sendable, Hashable, Codable {
    /// Bit `n` set: the chord holds the note `n` semitones above its root.
    public let mask: UInt32

    public init(intervals: [Int]) {
        precondition(intervals.first == 0, "a chord quality starts at its root")
        precondition(intervals.allSatisfy { (0..<24).contains($0) }, "intervals lie within two octaves")
        mask = intervals.reduce(0) { $0 | 1 << UInt32($1) }
    }

    fileprivate init(mask: UInt32) {
        self.mask = mask
    }

    /// Semitones above the root, ascending, starting with 0. Extensions above the octave keep
    /// their compound value (a ninth is 14).
    public var intervals: [Int] { (0..<24).filter { contains($0) } }

    /// Whether the chord holds the note `interval` semitones above its root.
    @inlinable
    public func contains(_ interval: Int) -> Bool { (0..<24).contains(interval) && mask & 1 << UInt32(interval) != 0 }

    /// The suffix as Backline writes it after the root: "", "m", "7", "maj7", "m7b5", "9b13",
    /// "7b9#11", "7alt" …, which ``parse(suffix:)`` reads back as this quality. A quality no
    /// suffix can spell (decoded from JSON, say) lists its intervals: "(4,7,10)".
    public var suffix: String {
        Self.legacyNames[mask] ?? Self.spelling(of: self)
            ?? "(" + intervals.dropFirst().map(String.init).joined(separator: ",") + ")"
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

    /// Reads a whole suffix such as `m7b5`, `maj7`, `7sus4`, `°7`, `add9`, `13b9`, `7(#9,b13)`,
    /// `-^7`, `7alt`; nil when it is not one (see the grammar above).
    public static func parse(suffix: some StringProtocol) -> ChordQuality? {
        let text = Substring(suffix)
        for (spelling, head) in headSpellings where text.hasPrefix(spelling) {
            var tail = Scanner(text.dropFirst(spelling.count))
            if let parts = tail.readTail(after: head), tail.isAtEnd { return resolve(parts) }
        }
        return nil
    }

    /// A regular expression (ECMA-262 and Python alike, no lookbehind) matching exactly the
    /// suffixes ``parse(suffix:)`` reads, without the empty one, for API documents. Built from the
    /// same pieces as the parser.
    public static var suffixPattern: String { pattern }

    /// The spelling of every head a suffix starts with (`m7`, `maj9`, `-^7`, `ø` …; the empty one
    /// left out), for documentation; alterations, `sus`, `add` and parentheses may follow.
    public static var acceptedSuffixes: [String] { heads.flatMap(\.spellings).filter { !$0.isEmpty } }

    enum CodingKeys: String, CodingKey {
        case intervals, suffix
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let intervals = try container.decode([Int].self, forKey: .intervals)
        guard intervals.first == 0, intervals.allSatisfy({ (0..<24).contains($0) }) else {
            throw DecodingError.dataCorruptedError(
                forKey: .intervals, in: container, debugDescription: "intervals must start at 0 and lie within 0..<24")
        }
        self.init(intervals: intervals)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(intervals, forKey: .intervals)
        try container.encode(suffix, forKey: .suffix)
    }
}

// MARK: - The grammar's pieces

extension ChordQuality {
    /// What may follow a head.
    enum Tail: CaseIterable {
        /// Nothing: `5`, `7alt`.
        case none
        /// An added tone and parentheses: the triads.
        case addOrGroup
        /// Alterations, an added tone and parentheses: sixths, minor and diminished sevenths.
        case alterations
        /// Those and a suspension: dominant and major sevenths.
        case suspendable
    }

    /// A chord a suffix starts from, with all the ways to write it; the first is the one Backline
    /// prints, unless `printed` is false (`ø` prints as `m7b5`).
    struct Head {
        let spellings: [String]
        let mask: UInt32
        let tail: Tail
        let printed: Bool
        /// A major seventh whose `#11` brings its ninth.
        let lydian: Bool
    }

    enum Suspension: CaseIterable {
        case fourth, second

        var interval: Int { self == .fourth ? 5 : 2 }
        var printed: String { self == .fourth ? "sus4" : "sus2" }
    }

    /// An altered tone, and the natural one it replaces.
    enum Alteration: CaseIterable, Comparable {
        case flatFive, sharpFive, flatNine, sharpNine, sharpEleven, flatThirteen

        var interval: Int {
            switch self {
            case .flatFive: 6
            case .sharpFive: 8
            case .flatNine: 13
            case .sharpNine: 15
            case .sharpEleven: 18
            case .flatThirteen: 20
            }
        }

        /// The natural tone it replaces; a b13 keeps the fifth and replaces only a 13th.
        var replaces: Int {
            switch self {
            case .flatFive, .sharpFive: 7
            case .flatNine, .sharpNine: 14
            case .sharpEleven: 17
            case .flatThirteen: 21
            }
        }

        var printed: String {
            switch self {
            case .flatFive: "b5"
            case .sharpFive: "#5"
            case .flatNine: "b9"
            case .sharpNine: "#9"
            case .sharpEleven: "#11"
            case .flatThirteen: "b13"
            }
        }

        var isFlat: Bool { [.flatFive, .flatNine, .flatThirteen].contains(self) }
        /// The degree as written after its accidental.
        var degree: String { String(printed.dropFirst()) }
    }

    /// A suffix read into its pieces.
    struct Parts {
        var head: Head
        var suspension: Suspension?
        var alterations: Set<Alteration> = []
        /// Natural 9, 11 or 13 added (14, 17, 21).
        var added: Set<Int> = []
    }

    static let flats = ["b", "♭"]
    static let sharps = ["#", "♯"]
    /// `sus` alone is a fourth.
    static let suspensions: [(String, Suspension)] = [("sus4", .fourth), ("sus2", .second), ("sus", .fourth)]
    static let addedTones: [(String, Int)] = [("add11", 17), ("add13", 21), ("add2", 14), ("add4", 17), ("add9", 14)]
    static let naturals: [(String, Int)] = [("11", 17), ("13", 21), ("9", 14)]

    static let heads: [Head] = {
        var heads: [Head] = []
        func add(_ intervals: [Int], _ spellings: [String], _ tail: Tail, printed: Bool = true, lydian: Bool = false) {
            let mask = intervals.reduce(UInt32(0)) { $0 | 1 << UInt32($1) }
            heads.append(Head(spellings: spellings, mask: mask, tail: tail, printed: printed, lydian: lydian))
        }
        /// Every prefix followed by `degree`; a prefix that opens a parenthesis closes it.
        func family(_ prefixes: [String], _ degree: String) -> [String] {
            prefixes.map { $0.contains("(") ? $0 + degree + ")" : $0 + degree }
        }
        let minor = ["m", "min", "-"]
        let majorSeventh = ["maj", "M", "Δ", "^", "ma"]
        let minorMajor = ["mMaj", "mM", "m(maj", "-Δ", "-^", "m^", "mΔ"]
        let halfDiminished = ["ø", "h"]
        let diminished = ["dim", "°", "o"]
        let augmented = ["aug", "+"]

        // Triads.
        add([0, 4, 7], ["", "maj", "M"], .addOrGroup)
        add([0, 3, 7], minor, .addOrGroup)
        add([0, 3, 6], diminished, .addOrGroup)
        add([0, 4, 8], augmented, .addOrGroup)
        add([0, 5, 7], ["sus4", "sus"], .addOrGroup)
        add([0, 2, 7], ["sus2"], .addOrGroup)
        add([0, 7], ["5"], .none)
        // Sixths.
        add([0, 4, 7, 9], ["6"], .alterations)
        add([0, 3, 7, 9], family(minor, "6"), .alterations)
        add([0, 4, 7, 9, 14], ["6/9", "69"], .alterations)
        add([0, 3, 7, 9, 14], family(minor, "6/9") + family(minor, "69"), .alterations)
        // Dominants.
        add([0, 4, 7, 10], ["7", "dom7"], .suspendable)
        add([0, 4, 7, 10, 14], ["9"], .suspendable)
        add([0, 4, 7, 10, 14, 21], ["13"], .suspendable)
        add([0, 4, 7, 10, 14, 17], ["11"], .alterations)
        add([0, 4, 10, 13, 15, 20], ["7alt", "alt"], .none)
        // Major sevenths: a bare Δ or ^ is one.
        add([0, 4, 7, 11], family(majorSeventh, "7") + ["Δ", "^"], .suspendable, lydian: true)
        add([0, 4, 7, 11, 14], family(majorSeventh, "9"), .suspendable)
        add([0, 4, 7, 11, 14, 21], family(majorSeventh, "13"), .suspendable)
        // Minor sevenths and extensions.
        add([0, 3, 7, 10], family(minor, "7"), .alterations)
        add([0, 3, 7, 10, 14], family(minor, "9"), .alterations)
        add([0, 3, 7, 10, 14, 17], family(minor, "11"), .alterations)
        add([0, 3, 7, 10, 14, 21], family(minor, "13"), .alterations)
        // Minor-major sevenths: a bare -Δ, -^, m^ or mΔ is one.
        add([0, 3, 7, 11], family(minorMajor, "7") + ["-Δ", "-^", "m^", "mΔ"], .alterations)
        add([0, 3, 7, 11, 14], family(minorMajor, "9"), .alterations)
        // Half-diminished: printed as m7b5, m9b5, m11b5.
        add([0, 3, 6, 10], halfDiminished + family(halfDiminished, "7"), .alterations, printed: false)
        add([0, 3, 6, 10, 14], family(halfDiminished, "9"), .alterations, printed: false)
        add([0, 3, 6, 10, 14, 17], family(halfDiminished, "11"), .alterations, printed: false)
        // Diminished and augmented sevenths.
        add([0, 3, 6, 9], family(diminished, "7"), .alterations)
        add([0, 4, 8, 10], family(augmented, "7"), .alterations)
        return heads
    }()

    /// Every head spelling, longest first, so that `m7` is tried before `m`.
    static let headSpellings: [(String, Head)] = heads.flatMap { head in head.spellings.map { ($0, head) } }
        .sorted { $0.0.count > $1.0.count }

    /// The quality a suffix's pieces make: the head, suspended, with its added tones, then each
    /// alteration in place of the natural tone of its degree.
    static func resolve(_ parts: Parts) -> ChordQuality {
        var mask = parts.head.mask
        func insert(_ interval: Int) { mask |= 1 << UInt32(interval) }
        func remove(_ interval: Int) { mask &= ~(1 << UInt32(interval)) }
        if let suspension = parts.suspension {
            remove(3)
            remove(4)
            insert(suspension.interval)
        }
        parts.added.forEach(insert)
        if parts.head.lydian, parts.alterations.contains(.sharpEleven) { insert(14) }
        for alteration in parts.alterations {
            remove(alteration.replaces)
        }
        for alteration in parts.alterations {
            insert(alteration.interval)
        }
        return ChordQuality(mask: mask)
    }

    /// Reads a suffix's tail, piece by piece. Each piece's spellings are tried longest first, and
    /// no piece's spelling begins another piece's, so the first match is the only one.
    struct Scanner {
        var rest: Substring

        init(_ rest: Substring) {
            self.rest = rest
        }

        var isAtEnd: Bool { rest.isEmpty }

        mutating func take(_ text: String) -> Bool {
            guard rest.hasPrefix(text) else { return false }
            rest = rest.dropFirst(text.count)
            return true
        }

        mutating func take<Value>(_ options: [(String, Value)]) -> Value? {
            for (text, value) in options where take(text) { return value }
            return nil
        }

        mutating func alteration() -> Alteration? {
            let saved = rest
            if ChordQuality.flats.contains(where: { take($0) }) {
                if take("13") { return .flatThirteen }
                if take("5") { return .flatFive }
                if take("9") { return .flatNine }
            } else if ChordQuality.sharps.contains(where: { take($0) }) {
                if take("11") { return .sharpEleven }
                if take("5") { return .sharpFive }
                if take("9") { return .sharpNine }
            }
            rest = saved
            return nil
        }

        /// `(b9,#11)`, `(13)`, `(add9)`: alterations and added tones.
        mutating func group(into parts: inout Parts) -> Bool {
            let saved = rest
            guard take("(") else { return false }
            repeat {
                if let alteration = alteration() {
                    parts.alterations.insert(alteration)
                } else {
                    _ = take("add")
                    guard let natural = take(ChordQuality.naturals) else {
                        rest = saved
                        return false
                    }
                    parts.added.insert(natural)
                }
            } while take(",")
            guard take(")") else {
                rest = saved
                return false
            }
            return true
        }

        /// The pieces after `head`; nil when what follows cannot begin them (the caller then checks
        /// that nothing is left).
        mutating func readTail(after head: Head) -> Parts? {
            var parts = Parts(head: head)
            if head.tail == .none { return parts }
            if head.tail == .suspendable { parts.suspension = take(ChordQuality.suspensions) }
            if head.tail != .addOrGroup {
                while let alteration = alteration() { parts.alterations.insert(alteration) }
                if head.tail == .suspendable, parts.suspension == nil {
                    parts.suspension = take(ChordQuality.suspensions)
                }
            }
            if let added = take(ChordQuality.addedTones) { parts.added.insert(added) }
            _ = group(into: &parts)
            return parts
        }
    }
}

// MARK: - The pattern

extension ChordQuality {
    static let pattern: String = {
        func alternatives(_ texts: [String]) -> String {
            "(?:" + texts.sorted { $0.count > $1.count }.map(ChordChart.escape).joined(separator: "|") + ")"
        }
        let flat = alternatives(flats)
        let sharp = alternatives(sharps)
        let alteration = "(?:\(flat)(?:13|5|9)|\(sharp)(?:11|5|9))"
        let suspension = alternatives(suspensions.map(\.0))
        let added = alternatives(addedTones.map(\.0))
        let item = "(?:\(alteration)|(?:add)?\(alternatives(naturals.map(\.0))))"
        let group = "(?:\\(\(item)(?:,\(item))*\\))"
        func heads(_ tail: Tail) -> String {
            alternatives(Self.heads.filter { $0.tail == tail }.flatMap(\.spellings).filter { !$0.isEmpty })
        }
        let branches = [
            // The empty head (the major triad) needs something after it.
            "(?:\(added)\(group)?|\(group))",
            "\(heads(.addOrGroup))\(added)?\(group)?",
            heads(.none),
            "\(heads(.alterations))\(alteration)*\(added)?\(group)?",
            "\(heads(.suspendable))(?:\(suspension)\(alteration)*|\(alteration)+\(suspension)?)?\(added)?\(group)?",
        ]
        return "(?:" + branches.joined(separator: "|") + ")"
    }()
}

// MARK: - Naming

extension ChordQuality {
    /// The names Backline has always printed, kept so that charts and outlines read as before.
    static let legacyNames: [UInt32: String] = {
        let names = [
            "", "m", "dim", "aug", "sus2", "sus4", "5", "6", "m6", "6/9", "7", "maj7", "m7", "m7b5", "dim7", "mMaj7",
            "7sus4",
            "7sus2", "aug7", "7b5", "7b9", "7#9", "7#11", "9", "maj9", "m9", "add9", "madd9", "add11", "11", "m11",
            "maj7#11",
            "13", "maj13", "m13", "7alt",
        ]
        var table: [UInt32: String] = [:]
        for name in names {
            guard let quality = parse(suffix: name) else { preconditionFailure("'\(name)' does not parse") }
            table[quality.mask] = name
        }
        return table
    }()

    /// The best suffix for `quality` built from a printed head: fewest parentheses, then fewest
    /// added tones, then fewest alterations of an extension the head spells (`9b13`, not `13b13`;
    /// `7b9#11`, not `9b9#11`), then the shortest (`7#5#9`, not `aug7#9`). Every candidate is resolved as the parser would, so the name
    /// always reads back as `quality`; nil when no suffix makes it.
    static func spelling(of quality: ChordQuality) -> String? {
        var best: (score: [Int], text: String)?
        for (index, head) in heads.enumerated() where head.printed && (head.tail != .none || head.mask == quality.mask)
        {
            let suspensions: [Suspension?] = head.tail == .suspendable ? [nil] + Suspension.allCases : [nil]
            for suspension in suspensions {
                guard let candidate = spelling(of: quality, head: head, suspension: suspension) else { continue }
                let score = [candidate.groups, candidate.added, candidate.replaced, candidate.text.count, index]
                if best.map({ score.lexicographicallyPrecedes($0.score) }) ?? true { best = (score, candidate.text) }
            }
        }
        return best?.text
    }

    private static func spelling(of quality: ChordQuality, head: Head, suspension: Suspension?)
        -> (text: String, groups: Int, added: Int, replaced: Int)?
    {
        var parts = Parts(head: head, suspension: suspension)
        let base = resolve(parts)
        // The alterations the target has and the suspended head does not.
        parts.alterations = Set(
            Alteration.allCases.filter { quality.contains($0.interval) && !base.contains($0.interval) })
        if head.tail == .none, !parts.alterations.isEmpty { return nil }
        let altered = resolve(parts)
        guard altered.mask & ~quality.mask == 0 else { return nil }
        let missing = ChordQuality(mask: quality.mask & ~altered.mask).intervals.filter { $0 != 0 }
        guard missing.allSatisfy({ [14, 17, 21].contains($0) }) else { return nil }
        parts.added = Set(missing)
        guard resolve(parts) == quality else { return nil }

        // An altered fifth is how 7#5 is written; an altered extension the head already spells is not.
        let replaced = parts.alterations.filter { $0.replaces != 7 && base.contains($0.replaces) }.count
        let alterations = parts.alterations.sorted()
        let naturalName = { (interval: Int) in naturals.first { $0.1 == interval }!.0 }
        var text = head.spellings[0]
        var group: [String] = []
        if head.tail == .addOrGroup {
            group = alterations.map(\.printed)
        } else {
            text += alterations.map(\.printed).joined()
            if let suspension { text += suspension.printed }
        }
        var added = 0
        if missing.count == 1, head.tail != .none, group.isEmpty {
            text += "add" + naturalName(missing[0])
            added = 1
        } else {
            group += missing.sorted().map(naturalName)
        }
        if !group.isEmpty {
            guard head.tail != .none else { return nil }
            text += "(" + group.joined(separator: ",") + ")"
        }
        return (text, group.isEmpty ? 0 : 1, added, replaced)
    }
}
