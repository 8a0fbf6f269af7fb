import MusicTheory

/// How MusicXML spells a chord's quality: a `<kind>`, the tones it implies, and `<degree>`s that
/// add, alter or take away tones. The writer and the reader share these tables, so that each reads
/// exactly what the other writes.
enum MusicXMLHarmony {
    /// A chord tone: its degree (1, 3, 5, 7, 9 …) and semitones above the root.
    struct Tone: Hashable {
        var degree: Int
        var interval: Int
    }

    struct Kind {
        /// The `<kind>` element's value: `dominant`, `minor-seventh` …
        let value: String
        let tones: [Tone]

        init(_ value: String, _ tones: [(Int, Int)]) {
            self.value = value
            self.tones = tones.map { Tone(degree: $0.0, interval: $0.1) }
        }

        var intervals: Set<Int> { Set(tones.map(\.interval)) }
    }

    enum DegreeType: String, CaseIterable {
        case add, alter, subtract
    }

    /// A `<degree>` element.
    struct Degree: Hashable {
        var value: Int
        var alter: Int
        var type: DegreeType
    }

    /// The kinds the writer chooses from, simplest first: of two spellings with as many degrees,
    /// the earlier kind wins (C7b9 is `dominant` with an added flat ninth).
    ///
    /// The thirteenth kinds are not among them: MusicXML's `dominant-13th` holds the eleventh, lead
    /// sheets (and Backline's `13`) mean it without, and readers disagree, so a 13 is written as a
    /// ninth chord with an added 13th, which every reader takes the same way.
    static let writtenKinds: [Kind] = [
        Kind("major", [(1, 0), (3, 4), (5, 7)]),
        Kind("minor", [(1, 0), (3, 3), (5, 7)]),
        Kind("dominant", [(1, 0), (3, 4), (5, 7), (7, 10)]),
        Kind("major-seventh", [(1, 0), (3, 4), (5, 7), (7, 11)]),
        Kind("minor-seventh", [(1, 0), (3, 3), (5, 7), (7, 10)]),
        Kind("diminished", [(1, 0), (3, 3), (5, 6)]),
        Kind("augmented", [(1, 0), (3, 4), (5, 8)]),
        Kind("half-diminished", [(1, 0), (3, 3), (5, 6), (7, 10)]),
        Kind("diminished-seventh", [(1, 0), (3, 3), (5, 6), (7, 9)]),
        Kind("augmented-seventh", [(1, 0), (3, 4), (5, 8), (7, 10)]),
        Kind("major-minor", [(1, 0), (3, 3), (5, 7), (7, 11)]),
        Kind("major-sixth", [(1, 0), (3, 4), (5, 7), (6, 9)]),
        Kind("minor-sixth", [(1, 0), (3, 3), (5, 7), (6, 9)]),
        Kind("suspended-fourth", [(1, 0), (4, 5), (5, 7)]),
        Kind("suspended-second", [(1, 0), (2, 2), (5, 7)]),
        Kind("power", [(1, 0), (5, 7)]),
        Kind("dominant-ninth", [(1, 0), (3, 4), (5, 7), (7, 10), (9, 14)]),
        Kind("major-ninth", [(1, 0), (3, 4), (5, 7), (7, 11), (9, 14)]),
        Kind("minor-ninth", [(1, 0), (3, 3), (5, 7), (7, 10), (9, 14)]),
        Kind("dominant-11th", [(1, 0), (3, 4), (5, 7), (7, 10), (9, 14), (11, 17)]),
        Kind("major-11th", [(1, 0), (3, 4), (5, 7), (7, 11), (9, 14), (11, 17)]),
        Kind("minor-11th", [(1, 0), (3, 3), (5, 7), (7, 10), (9, 14), (11, 17)]),
    ]

    /// Every kind the reader accepts but `none` (N.C.) and `other` (built from its degrees).
    /// A thirteenth is read as lead sheets mean it, without the eleventh (a `subtract 11` changes
    /// nothing). The functional kinds become the chords they sound as; a pedal point plays as a
    /// power chord, the nearest chord Backline's parts can voice.
    static let kinds: [String: Kind] = {
        var kinds = Dictionary(uniqueKeysWithValues: writtenKinds.map { ($0.value, $0) })
        for kind in [
            Kind("dominant-13th", [(1, 0), (3, 4), (5, 7), (7, 10), (9, 14), (13, 21)]),
            Kind("major-13th", [(1, 0), (3, 4), (5, 7), (7, 11), (9, 14), (13, 21)]),
            Kind("minor-13th", [(1, 0), (3, 3), (5, 7), (7, 10), (9, 14), (13, 21)]),
            Kind("Neapolitan", [(1, 0), (3, 4), (5, 7)]),
            Kind("Italian", [(1, 0), (3, 4), (6, 10)]),
            Kind("French", [(1, 0), (3, 4), (4, 6), (6, 10)]),
            Kind("German", [(1, 0), (3, 4), (5, 7), (6, 10)]),
            Kind("Tristan", [(1, 0), (4, 6), (6, 10), (9, 15)]),
            Kind("pedal", [(1, 0), (5, 7)]),
        ] {
            kinds[kind.value] = kind
        }
        return kinds
    }()

    /// `<kind>` values that are not MusicXML's but that Wikifonia sheets, MuseScore and older
    /// exporters write, by the standard kind they mean. Other unknown values are read by the chord
    /// grammar (`maj7`, `min7`, `7`, `dim`, `sus4`), see ``kind(suffix:)``.
    static let nonStandardKinds: [String: Kind] = {
        var aliases: [String: Kind] = [:]
        for (alias, standard) in [
            ("minor-major", "major-minor"), ("minor-major-seventh", "major-minor"), ("major-minor-seventh", "major-minor"),
            ("dominant-seventh", "dominant"), ("dominant-7th", "dominant"), ("major-7th", "major-seventh"),
            ("minor-7th", "minor-seventh"), ("diminished-7th", "diminished-seventh"), ("augmented-7th", "augmented-seventh"),
            ("half-diminished-seventh", "half-diminished"), ("minor-seventh-flat-five", "half-diminished"),
            ("suspended-4th", "suspended-fourth"), ("suspended-2nd", "suspended-second"), ("major-6th", "major-sixth"),
            ("minor-6th", "minor-sixth"), ("dominant-9th", "dominant-ninth"), ("major-9th", "major-ninth"), ("minor-9th", "minor-ninth"),
        ] {
            aliases[alias] = kinds[standard]
        }
        // A ninth chord with a raised fifth (C9#5), as Finale and Wikifonia write it.
        aliases["augmented-ninth"] = Kind("augmented-ninth", [(1, 0), (3, 4), (5, 8), (7, 10), (9, 14)])
        aliases["augmented-major-seventh"] = Kind("augmented-major-seventh", [(1, 0), (3, 4), (5, 8), (7, 11)])
        return aliases
    }()

    /// The kind a chord suffix (`maj7`, `m7b5`, `7alt`, `sus4`) spells, read with Backline's chord
    /// grammar, so that `<degree>`s can still alter it; nil when the grammar does not read it.
    static func kind(suffix: String) -> Kind? {
        let text = suffix.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, let quality = ChordQuality.parse(suffix: text) else { return nil }
        return Kind(text, quality.intervals.map { (degree(of: $0), $0) })
    }

    /// The degree a lead sheet calls a chord tone by: 2 for a sus2, 9 for 13 to 15 semitones, 5 for 6 to 8 …
    static func degree(of interval: Int) -> Int {
        let degrees = [1, 2, 2, 3, 3, 4, 5, 5, 5, 6, 7, 7, 1, 9, 9, 9, 3, 11, 11, 5, 13, 13, 7, 7]
        return degrees[interval]
    }

    /// Semitones above the root of `degree` in a dominant chord (2 → 2, 7 → 10, 9 → 14, 13 → 21):
    /// MusicXML measures an added degree's `<degree-alter>` from there.
    static func dominantInterval(of degree: Int) -> Int {
        precondition(degree >= 1, "degrees count from 1")
        let steps = [0, 2, 4, 5, 7, 9, 10]
        return steps[(degree - 1) % 7] + 12 * ((degree - 1) / 7)
    }

    /// The intervals of `kind` after its degrees, in document order. An altered or removed degree
    /// is the kind's own tone of that number; altering one the kind lacks adds it; removing one it
    /// lacks (a `dominant-13th` without its 11th) changes nothing. The root always stays.
    ///
    /// Returns the problem in words for a degree that cannot apply.
    static func intervals(of kind: Kind, applying degrees: [Degree]) -> Result<[Int], HarmonyProblem> {
        var tones = kind.tones
        for degree in degrees {
            guard degree.value >= 1 else { return .failure(HarmonyProblem("<degree-value> '\(degree.value)' is not a chord degree (1 to 13)")) }
            if degree.value == 1 {
                if degree.alter == 0 || degree.type == .subtract { continue }
                return .failure(HarmonyProblem("<degree> \(degree.type.rawValue)s the root (degree 1 with alter \(degree.alter)): a chord keeps its root"))
            }
            let index = tones.firstIndex { $0.degree == degree.value }
            switch (degree.type, index) {
            case (.subtract, let index?):
                tones.remove(at: index)
            case (.subtract, nil):
                continue
            case (.alter, let index?):
                tones[index].interval += degree.alter
            case (.alter, nil), (.add, _):
                tones.append(Tone(degree: degree.value, interval: dominantInterval(of: degree.value) + degree.alter))
            }
        }
        let intervals = Set(tones.map(\.interval))
        if let outside = intervals.first(where: { !(0..<24).contains($0) }) {
            return .failure(HarmonyProblem("the <degree> elements put a tone \(outside) semitones above the root; a chord spans two octaves at most"))
        }
        return .success(intervals.sorted())
    }

    struct HarmonyProblem: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    /// The kind and degrees that spell `quality` with the fewest degrees.
    ///
    /// An added 7th counts as three: MusicXML measures it from the dominant seventh, music21 from
    /// the major seventh, so C7sus4 is written `dominant` without its 3rd and with a 4th, which both
    /// read alike, rather than `suspended-fourth` with an added 7th.
    static func spelling(of quality: ChordQuality) -> (kind: Kind, degrees: [Degree]) {
        let target = Set(quality.intervals)
        var best: (kind: Kind, degrees: [Degree], cost: Int)?
        for kind in writtenKinds {
            let degrees = degrees(from: kind, to: target)
            let cost = degrees.reduce(0) { $0 + ($1.type == .add && $1.value == 7 ? 3 : 1) }
            if best == nil || cost < best!.cost { best = (kind, degrees, cost) }
            if degrees.isEmpty { break }
        }
        return (best!.kind, best!.degrees)
    }

    /// Degrees a lead sheet alters (C7b5, C7#9, C7#11, C7b13); a third or seventh that differs is a
    /// different kind, or taken away and added.
    private static let alterable: Set<Int> = [5, 9, 11, 13]

    /// The degrees that turn `kind` into `target`: each of the kind's tones that is missing is
    /// altered by a semitone to a target tone no other kind tone claims (fifths and extensions
    /// only), or else subtracted; every target tone left over is added.
    private static func degrees(from kind: Kind, to target: Set<Int>) -> [Degree] {
        var unclaimed = target.subtracting(kind.intervals)
        var degrees: [Degree] = []
        for tone in kind.tones where !target.contains(tone.interval) {
            if alterable.contains(tone.degree),
                let altered = [tone.interval - 1, tone.interval + 1].first(where: { unclaimed.contains($0) })
            {
                unclaimed.remove(altered)
                degrees.append(Degree(value: tone.degree, alter: altered - tone.interval, type: .alter))
            } else {
                degrees.append(Degree(value: tone.degree, alter: 0, type: .subtract))
            }
        }
        for interval in unclaimed {
            let (value, alter) = addedDegree(for: interval, in: target)
            degrees.append(Degree(value: value, alter: alter, type: .add))
        }
        return degrees.sorted { ($0.value, $0.alter) < ($1.value, $1.alter) }
    }

    /// The degree a lead sheet names an added tone by: 9, b9, #9, 11, #11, b13, 13; a flat fifth
    /// or sharp fifth when the chord has no perfect fifth, a sharp 4th or flat 6th when it has one.
    private static func addedDegree(for interval: Int, in target: Set<Int>) -> (value: Int, alter: Int) {
        let hasFifth = target.contains(7)
        switch interval {
        case 6: return hasFifth ? (4, 1) : (5, -1)
        case 8: return hasFifth ? (6, -1) : (5, 1)
        default: break
        }
        let degrees = 1...14
        if let exact = degrees.first(where: { dominantInterval(of: $0) == interval }) { return (exact, 0) }
        // Between two natural degrees: 1 is b2, 3 is b3, 11 is maj7, 13 is b9, 15 is #9, 18 is #11, 20 is b13.
        if interval == 15 || interval == 18 || interval == 22 || interval == 11 || interval == 23 {
            let below = degrees.first { dominantInterval(of: $0) == interval - 1 }!
            return (below, 1)
        }
        let above = degrees.first { dominantInterval(of: $0) == interval + 1 }!
        return (above, -1)
    }
}
