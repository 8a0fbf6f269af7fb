import MusicTheory

/// What a user asks for: a genre, a key and mode, a tempo, a number of sections, keys or not.
public struct SongRequest: Sendable, Hashable {
    public static let tempoRange = 40...300
    public static let sectionRange = 1...64

    public let genre: String
    public let key: Key
    public let tempo: Int
    public let sections: Int
    public let withKeys: Bool
    /// The seed that makes the song reproducible; the caller draws one when the user gave none.
    public let seed: UInt64
    /// Chords that replace the preset's progressions in every section.
    public let chart: ChordChart?

    public init(genre: String, key: Key, tempo: Int, sections: Int, withKeys: Bool, seed: UInt64, chart: ChordChart? = nil) {
        precondition(Self.tempoRange.contains(tempo), "tempo \(tempo) outside \(Self.tempoRange)")
        precondition(Self.sectionRange.contains(sections), "sections \(sections) outside \(Self.sectionRange)")
        self.genre = genre
        self.key = key
        self.tempo = tempo
        self.sections = sections
        self.withKeys = withKeys
        self.seed = seed
        self.chart = chart
    }
}
