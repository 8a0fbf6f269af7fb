import MusicTheory

extension IRealPro {
    /// One song as `backline chart import --json` prints it and `POST /charts/ireal` returns it: every
    /// key present (absent values are null), snake_case names.
    public struct SongJSON: Encodable, Sendable {
        struct Section: Encodable, Sendable {
            let name: String
            let firstBar: Int
            let bars: Int

            enum CodingKeys: String, CodingKey {
                case name
                case firstBar = "first_bar"
                case bars
            }
        }

        struct MeterChange: Encodable, Sendable {
            let bar: Int
            let meter: String
        }

        struct Unreadable: Encodable, Sendable {
            let bar: Int
            let ireal: String
            let chord: String
            let playedAs: String

            enum CodingKeys: String, CodingKey {
                case bar, ireal, chord
                case playedAs = "played_as"
            }
        }

        let title: String
        let composer: String?
        let style: String?
        let groove: String?
        let genre: String?
        let key: String?
        let meter: String
        let tempo: Int?
        let chart: String
        let bars: [[String]]
        let sections: [Section]
        let meterChanges: [MeterChange]
        let unreadable: [Unreadable]
        let warnings: [Warning]

        struct Warning: Encodable, Sendable {
            let bar: Int
            let symbol: String
            let message: String
        }

        public init(_ song: IRealPro.Song) {
            let sheet = song.sheet
            title = sheet.title
            composer = sheet.composer
            style = sheet.style
            groove = song.groove
            genre = song.genre
            key = sheet.key?.description
            meter = (sheet.meter ?? .common).description
            tempo = sheet.tempo
            // The chart as --progression reads it, its meter changes written in.
            chart = sheet.chart.writingMeters(Dictionary(song.meterChanges.map { ($0.bar, $0.meter) }) { $1 }).description
            bars = sheet.chart.bars.map { $0.map(\.description) }
            sections = sheet.chart.sections.map { Section(name: $0.name, firstBar: $0.firstBar, bars: $0.bars) }
            meterChanges = song.meterChanges.map { MeterChange(bar: $0.bar, meter: $0.meter.description) }
            unreadable = song.unreadable.map {
                Unreadable(bar: $0.bar, ireal: $0.ireal, chord: $0.chord, playedAs: $0.playedAs)
            }
            warnings = song.warnings.map { Warning(bar: $0.bar, symbol: $0.symbol, message: $0.message) }
        }

        enum CodingKeys: String, CodingKey {
            case title, composer, style, groove, genre, key, meter, tempo, chart, bars, sections
            case meterChanges = "meter_changes"
            case unreadable, warnings
        }

        public func encode(to encoder: Encoder) throws {
            // Absent values are written as null, so every song has every key.
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(title, forKey: .title)
            try container.encode(composer, forKey: .composer)
            try container.encode(style, forKey: .style)
            try container.encode(groove, forKey: .groove)
            try container.encode(genre, forKey: .genre)
            try container.encode(key, forKey: .key)
            try container.encode(meter, forKey: .meter)
            try container.encode(tempo, forKey: .tempo)
            try container.encode(chart, forKey: .chart)
            try container.encode(bars, forKey: .bars)
            try container.encode(sections, forKey: .sections)
            try container.encode(meterChanges, forKey: .meterChanges)
            try container.encode(unreadable, forKey: .unreadable)
            try container.encode(warnings, forKey: .warnings)
        }
    }

    /// A song a playlist import left out, as `POST /charts/ireal` and the MCP tool list it:
    /// `{"song": "…", "index": 12, "bar": 3, "symbol": "*-^*", "reason": "…"}` (bar and symbol
    /// null when the song as a whole is unreadable).
    public struct SkippedJSON: Encodable, Sendable {
        let song: String
        let index: Int
        let bar: Int?
        let symbol: String?
        let reason: String

        public init(_ skipped: SkippedSong) {
            song = skipped.title
            index = skipped.index
            bar = skipped.bar
            symbol = skipped.symbol
            reason = skipped.reason
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(song, forKey: .song)
            try container.encode(index, forKey: .index)
            try container.encode(bar, forKey: .bar)
            try container.encode(symbol, forKey: .symbol)
            try container.encode(reason, forKey: .reason)
        }

        enum CodingKeys: String, CodingKey {
            case song, index, bar, symbol, reason
        }
    }
}
