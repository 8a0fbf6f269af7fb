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
    /// Where the meter changes after the first bar (whose meter is ``meter``), in playing order;
    /// empty when the whole tune keeps one meter.
    public var meterChanges: [LeadSheet.MeterChange] = []

    /// A new time signature from a bar on.
    public struct MeterChange: Sendable, Hashable {
        /// The bar it starts in, from 0, in playing order (repeats written out).
        public var bar: Int
        public var meter: Meter

        public init(bar: Int, meter: Meter) {
            self.bar = bar
            self.meter = meter
        }
    }

    public init(
        title: String, composer: String? = nil, style: String? = nil, key: Key? = nil, meter: Meter? = nil, tempo: Int? = nil, chart: ChordChart,
        meterChanges: [LeadSheet.MeterChange] = []
    ) {
        self.title = title
        self.composer = composer
        self.style = style
        self.key = key
        self.meter = meter
        self.tempo = tempo
        self.chart = chart
        self.meterChanges = meterChanges
    }
}
