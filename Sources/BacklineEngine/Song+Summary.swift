import BacklineAgents
import MusicTheory

extension Song {
    /// A section as a musician reads it: its name, bars, and each bar's chords ("Am7 D7").
    public struct SectionSummary: Sendable, Hashable {
        public let name: String
        public let bars: Int
        public let firstBar: Int
        public let chords: [String]
    }

    /// Every section with its chords, spelled for the song's key.
    public var sectionSummaries: [SectionSummary] {
        arrangement.sections.enumerated().map { index, section in
            let bars = arrangement.bars[section.firstBar..<(section.firstBar + section.bars)]
            let chords = bars.map { bar in bar.chords.map { $0.chord.name(in: key) }.joined(separator: " ") }
            return SectionSummary(name: section.name, bars: section.bars, firstBar: section.firstBar, chords: chords)
        }
    }
}
