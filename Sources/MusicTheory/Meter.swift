/// A time signature, and how many MIDI ticks its bars and beats last.
///
/// Compound meters (6/8, 9/8, 12/8) count dotted-quarter beats: 12/8 has four beats of three eighths.
/// An odd meter may say how its bar is grouped: 7/8 as 2+2+3, 5/4 as 3+2. The groups are where the
/// bar is felt (its count-in clicks, the time signature a reader shows) and where a grid written
/// with `|` must put its bars lines.
public struct Meter: Sendable, Hashable, Codable, CustomStringConvertible {
    public let numerator: Int
    public let denominator: Int
    /// The bar's groups in units of the denominator, adding up to the numerator; nil when the bar is
    /// felt in even beats.
    public let grouping: [Int]?

    /// MIDI ticks per quarter note throughout Backline.
    public static let ticksPerQuarter = 480

    public static let common = Meter(numerator: 4, denominator: 4)!

    public init?(numerator: Int, denominator: Int) {
        guard (1...16).contains(numerator), [2, 4, 8, 16].contains(denominator) else { return nil }
        self.numerator = numerator
        self.denominator = denominator
        self.grouping = nil
    }

    private init(numerator: Int, denominator: Int, grouping: [Int]) {
        self.numerator = numerator
        self.denominator = denominator
        self.grouping = grouping
    }

    /// This meter felt in `groups` (2+2+3): nil unless there are two or more groups of at least one
    /// unit each that add up to the numerator.
    public func grouped(_ groups: [Int]) -> Meter? {
        guard groups.count >= 2, groups.allSatisfy({ $0 >= 1 }), groups.reduce(0, +) == numerator else { return nil }
        return Meter(numerator: numerator, denominator: denominator, grouping: groups)
    }

    /// Whether two meters have the same time signature, however their bars are grouped.
    public func hasSameSignature(as other: Meter) -> Bool { numerator == other.numerator && denominator == other.denominator }

    /// Ticks from the bar's start to each felt beat: each group's start in a grouped meter, else each beat.
    public var feltBeats: [Int] {
        guard let grouping else { return (0..<beatsPerBar).map { $0 * ticksPerBeat } }
        return grouping.indices.map(groupStart)
    }

    /// Where chord `index` of `count` chords in one bar begins, in ticks from the bar's start
    /// (`count` for the bar's end): at the groups of a grouped meter with as many groups as chords
    /// (5/4 as 3+2 changes on beat 4), else in equal shares when the bar's units divide evenly,
    /// else on the units with the longer shares first (two chords in 3/4 last two beats and one).
    /// Asked for every chord of a song: no arrays for an even split.
    @inlinable
    public func chordStart(_ index: Int, of count: Int) -> Int {
        if index >= count { return ticksPerBar }
        if let grouping, grouping.count == count { return groupStart(index) }
        guard count < numerator, numerator % count != 0 else { return index * (ticksPerBar / count) }
        let units = index * (numerator / count) + Swift.min(index, numerator % count)
        return units * (ticksPerBar / numerator)
    }

    /// Ticks from the bar's start to group `index` of ``grouping``.
    @usableFromInline
    func groupStart(_ index: Int) -> Int {
        (grouping?[..<index].reduce(0, +) ?? 0) * (ticksPerBar / numerator)
    }

    /// `7/8 (2+2+3)`, or `4/4` when the meter is not grouped.
    public var descriptionWithGrouping: String {
        grouping.map { "\(description) (\($0.map(String.init).joined(separator: "+")))" } ?? description
    }

    /// The meters every genre plays, its own grooves or derived ones: what musicians' charts are in.
    public static let everyday: [Meter] = ["2/4", "2/2", "3/4", "4/4", "5/4", "6/4", "6/8", "9/8", "12/8", "5/8", "7/8"]
        .compactMap { Meter(parsing: $0)?.felt }

    /// This meter with the grouping an odd bar is usually felt in when it names none: 5/4 and 5/8 as
    /// 3+2, 7/4 as 4+3, 7/8 as 2+2+3, 11/8 as 2+2+3+2+2; 6/4 as 3+3. Even and
    /// compound meters (4/4, 6/8, 9/8, 12/8) are felt in their beats and stay as they are.
    public var felt: Meter {
        guard grouping == nil else { return self }
        let groups: [Int]? = switch (numerator, denominator) {
        case (5, 4), (5, 8), (5, 16): [3, 2]
        case (6, 4): [3, 3]
        case (7, 4): [4, 3]
        case (7, 8), (7, 16): [2, 2, 3]
        case (11, 8), (11, 16): [2, 2, 3, 2, 2]
        case (13, 8), (13, 16): [2, 2, 3, 2, 2, 2]
        default: nil
        }
        return groups.flatMap(grouped) ?? self
    }

    /// Whether a band can play a bar of this meter: two beats or more, at least a quarter note long
    /// (2/8 is the shortest). A bar of one beat (1/4) or of sixteenths alone (3/16) is no groove.
    public var isPlayable: Bool { numerator >= 2 && ticksPerBar >= Meter.ticksPerQuarter }

    /// Whether two meters are the same bar felt the same way.
    public func isFelt(like other: Meter) -> Bool { felt == other.felt }

    /// The felt beats of a bar in units of the denominator, grouped: a group of beats starts with
    /// an accent. 4/4 is one group of four one-unit beats; 6/8 one group of two three-unit beats;
    /// 5/4 (3+2) two groups of one-unit beats; 7/8 (2+2+3) one group of three beats, 2, 2 and 3
    /// eighths long.
    public var beatGroups: [[Int]] {
        if let grouping {
            // Groups of eighths (or sixteenths) are beats of their own; groups of quarters or
            // halves are groups of beats.
            if denominator >= 8 { return [grouping] }
            return grouping.map { Array(repeating: 1, count: $0) }
        }
        if isCompound { return [Array(repeating: 3, count: numerator / 3)] }
        return [Array(repeating: 1, count: numerator)]
    }

    /// Reads `4/4`, `3/4`, `6/8`, `12/8`, and a grouping after the signature: `7/8 (3+2+2)`,
    /// `7/8 3+2+2`.
    public init?(parsing text: some StringProtocol) {
        let trimmed = text.trimmingSpaces()
        if let split = trimmed.firstIndex(where: { $0 == " " || $0 == "(" }) {
            guard let plain = Meter(parsing: trimmed[..<split]) else { return nil }
            var rest = trimmed[split...].trimmingSpaces()
            if rest.first == "(" && rest.last == ")" { rest = rest.dropFirst().dropLast().trimmingSpaces() }
            let groups = rest.split(separator: "+", omittingEmptySubsequences: false).map { Int($0.trimmingSpaces()) }
            guard groups.count <= 16, groups.allSatisfy({ $0 != nil }), let grouped = plain.grouped(groups.map { $0! }) else { return nil }
            self = grouped
            return
        }
        self.init(signature: trimmed)
    }

    private init?(signature text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2,
            let numerator = Int(parts[0].trimmingSpaces()), let denominator = Int(parts[1].trimmingSpaces())
        else { return nil }
        self.init(numerator: numerator, denominator: denominator)
    }

    public var isCompound: Bool { denominator == 8 && numerator > 3 && numerator % 3 == 0 }

    /// Felt beats in a bar: 4 in 4/4, 3 in 3/4, 2 in 6/8, 4 in 12/8.
    public var beatsPerBar: Int { isCompound ? numerator / 3 : numerator }

    public var ticksPerBar: Int { Meter.ticksPerQuarter * 4 * numerator / denominator }

    public var ticksPerBeat: Int { ticksPerBar / beatsPerBar }

    /// True when a one-bar grid of `steps` steps divides every beat evenly (16 in 4/4, 12 in 12/8).
    public func fits(steps: Int) -> Bool {
        steps > 0 && steps % beatsPerBar == 0 && ticksPerBar % steps == 0
    }

    /// Step counts that fit, for error messages.
    public var suggestedStepCounts: [Int] {
        (1...64).filter { fits(steps: $0) && [1, 2, 3, 4, 6, 8].contains($0 / beatsPerBar) }
    }

    public var description: String { "\(numerator)/\(denominator)" }
}

extension StringProtocol {
    func trimmingSpaces() -> Substring {
        let text = Substring(self)
        guard let first = text.firstIndex(where: { $0 != " " }), let last = text.lastIndex(where: { $0 != " " }) else {
            return ""
        }
        return text[first...last]
    }
}
