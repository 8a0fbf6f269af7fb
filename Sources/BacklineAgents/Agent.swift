import MusicTheory

/// An instrument player: reads its part's settings from a genre preset once, then plays that part
/// for any song.
///
/// Playing happens in two steps so that no YAML is read while a song renders: ``compile(_:outline:diagnostics:)``
/// runs when a preset is loaded and turns the part's settings into a ready-to-play ``PartPerformer``;
/// the performer then renders notes for a ``RenderContext`` (key, mode, tempo, meter, the arrangement
/// with its chords per bar) and a seeded random generator.
///
/// Each plugin module in `Plugins/` conforms one type to `Agent` and exposes a single
/// `register(into: inout AgentRegistry)`.
public protocol Agent: Sendable {
    /// The name a preset writes in `agent:`, e.g. `drums`.
    var kind: String { get }
    /// The keys this agent reads from a part's settings, besides `agent`, `program`, `channel`,
    /// `humanize` and `on_request`.
    var settingKeys: [String] { get }
    /// What its part is: default program and channel, pitched or not, played by default or on request.
    var traits: PartTraits { get }
    /// Reads and checks a part's settings. Reports every problem to `diagnostics` and returns nil if
    /// there was one.
    func compile(_ settings: SpecMapping, outline: GenreOutline, diagnostics: inout Diagnostics) -> (any PartPerformer)?
}

/// A part, compiled from its preset settings, ready to play any song.
public protocol PartPerformer: Sendable {
    /// The instruments of a part that plays several, each on a channel of its own (a horn
    /// section); empty for a part that is one instrument (the part's program). A note's
    /// ``PartNote/voice`` is its index here.
    var instruments: [Instrument] { get }

    /// The part's notes for one song. Times are ticks from the start of the song; notes must end by
    /// `context.arrangement.totalTicks`. The same context and generator state give the same notes.
    func perform(_ context: RenderContext, random: inout some RandomNumberGenerator) -> [PartNote]
}

extension PartPerformer {
    public var instruments: [Instrument] { [] }
}

/// What an agent may know about the genre while it compiles: the meter it plays, the meter its
/// patterns are written in, and the names of the sections it may give patterns of their own.
public struct GenreOutline: Sendable {
    /// The meter the part plays: the genre's own, or a song's (every genre plays every meter).
    public let meter: Meter
    /// The meter the preset's grids are written in: the genre's `meter`.
    public let writtenMeter: Meter
    /// Where the preset writes grids for `meter` itself (`meters."3/4"`), when it does: grids under
    /// this key path are written in `meter` and played as they are.
    public let ownGridsPath: String?
    public let sectionNames: [String]

    public init(meter: Meter, writtenMeter: Meter? = nil, ownGridsPath: String? = nil, sectionNames: [String]) {
        self.meter = meter
        self.writtenMeter = writtenMeter ?? meter
        self.ownGridsPath = ownGridsPath
        self.sectionNames = sectionNames
    }

    /// The meter a grid at `node` is written in.
    public func meter(writing node: SpecNode) -> Meter {
        if let ownGridsPath, node.path == ownGridsPath || node.path.hasPrefix(ownGridsPath + ".") { return meter }
        return writtenMeter
    }
}
