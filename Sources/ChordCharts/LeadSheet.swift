import Foundation
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
    /// The time signature of the first bar; ``meterChanges`` says where another takes over.
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
    public struct MeterChange: Sendable, Hashable, Codable {
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

extension LeadSheet {
    /// The form of a title that two spellings of one tune share, for finding a song by the title a
    /// musician types.
    ///
    /// People type titles from memory and sources file them differently: letter case, accents
    /// (`Quizás` and `Quizas`), width, Unicode's composed and decomposed forms, punctuation and
    /// spacing do not count, and neither does an article in front or, the way iReal Pro files
    /// titles, after a comma at the end: `The Girl from Ipanema`, `Girl From Ipanema, The` and
    /// `girl from ipanema` have one key. The articles are English `The`, `A` and `An`. A title that
    /// is nothing but an article or punctuation keeps it, so that it still has a key of its own.
    public static func titleKey(_ title: String) -> String {
        let folded = title.precomposedStringWithCanonicalMapping
            .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        // Words are runs of letters and digits; everything else (spaces, commas, apostrophes, dashes)
        // separates them, except an apostrophe inside a word: "Don't" is one word.
        var words: [(text: String, afterComma: Bool)] = []
        var word = ""
        var comma = false
        let scalars = Array(folded.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if CharacterSet.alphanumerics.contains(scalar) {
                word.unicodeScalars.append(scalar)
                continue
            }
            let apostrophe = scalar == "'" || scalar == "\u{2019}"
            if apostrophe, !word.isEmpty, index + 1 < scalars.count,
                CharacterSet.alphanumerics.contains(scalars[index + 1])
            {
                continue
            }
            if !word.isEmpty {
                words.append((word, comma))
                word = ""
                comma = false
            }
            if scalar == "," { comma = true }
        }
        if !word.isEmpty { words.append((word, comma)) }
        let articles: Set<String> = ["the", "a", "an"]
        var kept = words[...]
        if kept.count > 1, let first = kept.first, articles.contains(first.text) {
            kept = kept.dropFirst()
        }
        // Only iReal's filing, `…, The`, drops an article at the end: "Bossa a Dois" keeps its "a".
        if kept.count > 1, let last = kept.last, last.afterComma, articles.contains(last.text) {
            kept = kept.dropLast()
        }
        return kept.isEmpty ? folded.trimmingCharacters(in: .whitespaces) : kept.map(\.text).joined(separator: " ")
    }
}
