import MusicTheory

extension IRealPro {
    /// A symbol of a chart Backline did not understand, and what it did instead of refusing the song.
    ///
    /// Charts typed by hand and shared for years hold text no app documents (`C*-^*`, a bare `*`,
    /// `T` without its digits, a bar repeat with nothing before it). Unless a link is read
    /// `strict`, each plays as the nearest thing Backline knows or is left out, and a warning says
    /// so, so that the musician can check those bars.
    public struct ImportWarning: Sendable, Hashable, CustomStringConvertible {
        /// The bar as the chart writes it, from 1 (repeats not played out).
        public var bar: Int
        /// The text as the chart writes it: `*-^*`, `T`, `x`.
        public var symbol: String
        /// What was done, then why: `dropped: not a rehearsal mark`, `read as N.C.: …`.
        public var message: String

        public init(bar: Int, symbol: String, message: String) {
            self.bar = bar
            self.symbol = symbol
            self.message = message
        }

        /// `bar 3: '*-^*' dropped: not a rehearsal mark`.
        public var description: String { "bar \(bar): \(Excerpt.quoted(symbol)) \(message)" }
    }

    /// A song of a link that could not be read, and why; the playlist's other songs are read all
    /// the same.
    public struct SkippedSong: Sendable, Hashable, CustomStringConvertible {
        /// The song's place in the link, from 1.
        public var index: Int
        public var title: String
        /// The bar as the chart writes it, from 1, when the problem lies in one bar.
        public var bar: Int?
        /// The text that was not understood, as the link writes it, when one symbol is to blame.
        public var symbol: String?
        /// Why the song was left out: `the song has no chords`.
        public var reason: String

        public init(index: Int, title: String, bar: Int?, symbol: String?, reason: String) {
            self.index = index
            self.title = title
            self.bar = bar
            self.symbol = symbol
            self.reason = reason
        }

        /// The song's report from the error that stopped it.
        init(index: Int, title: String, error: IRealProError) {
            self.init(index: index, title: title, bar: error.bar, symbol: error.symbol, reason: error.reason)
        }

        /// `"Song Title" (song 12), bar 3: '*-^*': <reason>`; the bar and the symbol when known.
        public var description: String {
            var text = title.isEmpty ? "song \(index)" : "\"\(Excerpt.cut(title))\" (song \(index))"
            if let bar { text += ", bar \(bar)" }
            // A reason that already quotes its symbol does not get it twice.
            if let symbol, !reason.contains(Excerpt.quoted(symbol)) { text += ": " + Excerpt.quoted(symbol) }
            return text + ": " + reason
        }
    }

    /// The problems met inside one song: thrown when reading strictly, else kept as warnings while
    /// the reader does the nearest thing and carries on.
    struct Problems {
        let strict: Bool
        private(set) var warnings: [ImportWarning] = []
        /// The warnings given, so that a bar played many times (repeats, D.C.) warns once.
        private var given: Set<ImportWarning> = []

        init(strict: Bool) {
            self.strict = strict
        }

        /// Throws `error` when strict; otherwise notes that `symbol` in `bar` was `done` (what the
        /// reader did instead: "dropped", "read as N.C."), with the error's reason.
        mutating func report(_ error: IRealProError, symbol: String, done: String) throws(IRealProError) {
            if strict { throw error }
            warn(bar: error.bar ?? 1, symbol: symbol, done, because: error.reason)
        }

        /// Notes, unless strict, what was done with `symbol` in `bar`: for what a strict reading
        /// accepts silently.
        mutating func warn(bar: Int, symbol: String, _ done: String, because reason: String) {
            guard !strict else { return }
            // Long junk is quoted, not repeated: a warning is for reading, not for the whole chart.
            let warning = ImportWarning(bar: bar, symbol: Excerpt.cut(symbol, limit: 40), message: "\(done): \(reason)")
            if given.insert(warning).inserted { warnings.append(warning) }
        }
    }
}
