import MusicTheory

/// A tune as a chart source gives it (an iReal Pro link, a MusicXML lead sheet): what it is called,
/// its key, meter and style, and its chords by section, ready to play as a request's chart.
public struct LeadSheet: Sendable, Hashable {
    public var title: String
    public var composer: String?
    /// The source's own name for the style ("Medium Swing", "Bossa Nova"); a song maps it to a genre.
    public var style: String?
    /// The key the source names; nil when it names none.
    public var key: Key?
    public var meter: Meter?
    /// Beats per minute, when the source gives one.
    public var tempo: Int?
    /// The chords bar by bar in playing order (repeats and endings written out), with the sections
    /// named as the source names them (`A`, `B`, `Intro`, or rehearsal marks).
    public var chart: ChordChart

    public init(title: String, composer: String? = nil, style: String? = nil, key: Key? = nil, meter: Meter? = nil, tempo: Int? = nil, chart: ChordChart) {
        self.title = title
        self.composer = composer
        self.style = style
        self.key = key
        self.meter = meter
        self.tempo = tempo
        self.chart = chart
    }
}
