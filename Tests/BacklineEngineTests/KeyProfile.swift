import BacklineEngine
import MusicTheory

/// What a listener would judge of a song's key, measured over its pitched parts.
struct KeyHearing {
    /// Sounding ticks per pitch class, over every pitched track.
    let durations: [Int]
    /// The bass's notes in order.
    let bassPitchClasses: [Int]
    let bassDurations: [Int]

    init(_ song: Song) {
        var durations = [Int](repeating: 0, count: 12)
        var bassDurations = [Int](repeating: 0, count: 12)
        var bass: [Int] = []
        for track in song.tracks where track.traits.isPitched {
            for note in track.notes {
                durations[note.pitch.intValue % 12] += note.duration
                if track.name == "bass" {
                    bass.append(note.pitch.intValue % 12)
                    bassDurations[note.pitch.intValue % 12] += note.duration
                }
            }
        }
        self.durations = durations
        self.bassPitchClasses = bass
        self.bassDurations = bassDurations
    }

    // Krumhansl–Kessler key profiles.
    static let majorProfile = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88]
    static let minorProfile = [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17]

    /// Pearson correlation of the durations with the major or minor profile on `tonic`
    /// (Krumhansl–Schmuckler).
    func correlation(tonic: Int, minor: Bool) -> Double {
        let profile = minor ? Self.minorProfile : Self.majorProfile
        let x = (0..<12).map { Double(durations[($0 + tonic) % 12]) }
        let meanX = x.reduce(0, +) / 12, meanY = profile.reduce(0, +) / 12
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in 0..<12 {
            sxy += (x[i] - meanX) * (profile[i] - meanY)
            sxx += (x[i] - meanX) * (x[i] - meanX)
            syy += (profile[i] - meanY) * (profile[i] - meanY)
        }
        return sxx == 0 ? 0 : sxy / (sxx * syy).squareRoot()
    }

    /// All 24 keys, best first: (tonic, minor, correlation).
    var ranking: [(tonic: Int, minor: Bool, r: Double)] {
        (0..<12).flatMap { tonic in [false, true].map { (tonic, $0, correlation(tonic: tonic, minor: $0)) } }.sorted { $0.2 > $1.2 }
    }

    /// Share of sounding time on the mode's scale; a minor key may raise its sixth and seventh.
    func shareInScale(of key: Key) -> Double {
        var allowed = Set(key.mode.scale)
        if key.mode == .minor { allowed.formUnion([9, 11]) }
        let tonic = key.tonicPitchClass.value
        let inScale = (0..<12).filter { allowed.contains(($0 - tonic + 12) % 12) }.reduce(0) { $0 + durations[$1] }
        return Double(inScale) / Double(max(1, durations.reduce(0, +)))
    }

    /// Sounding time of the interval `semitones` above the tonic.
    func time(above tonic: Int, _ semitones: Int) -> Int { durations[(tonic + semitones) % 12] }
}
