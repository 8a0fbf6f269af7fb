import Testing
import BacklineAgents
import BacklineEngine
import MusicTheory

/// A rendered song read the way a musician listens: where hits fall in the bar, which notes sound
/// together, how loud each section is.
struct Performance {
    let song: Song
    var arrangement: Arrangement { song.arrangement }
    var barTicks: Int { arrangement.meter.ticksPerBar }
    var beatTicks: Int { arrangement.meter.ticksPerBeat }

    init(_ song: Song) { self.song = song }

    func notes(_ part: String) -> [PartNote] { song.tracks.first { $0.name == part }?.notes ?? [] }
    func program(_ part: String) -> Int? { song.tracks.first { $0.name == part }?.program.intValue }

    /// Drum hits of the given GM notes.
    func hits(_ pieces: Set<Int>) -> [PartNote] { notes("drums").filter { pieces.contains($0.pitch.intValue) } }

    func bar(of note: PartNote) -> Int { note.start / barTicks }
    func tickInBar(_ note: PartNote) -> Int { note.start % barTicks }
    func tickInBeat(_ note: PartNote) -> Int { note.start % beatTicks }

    /// Bars playing a section's groove: not the last bar of a section (fills) and not the song's last.
    var grooveBars: Set<Int> {
        Set(arrangement.bars.filter { !arrangement.isLastBarOfSection($0) }.map(\.index))
    }

    func bars(ofSection name: String) -> Set<Int> {
        Set(arrangement.bars.filter { arrangement.section(of: $0).name == name }.map(\.index))
    }

    /// True when `note` starts within `tolerance` ticks of beat `beat` (0-based) of its bar.
    func isOn(beat: Int, _ note: PartNote, tolerance: Int = 20) -> Bool { abs(tickInBar(note) - beat * beatTicks) <= tolerance }

    /// Share of `notes` satisfying `condition` (0 when there are none).
    func share(_ notes: [PartNote], _ condition: (PartNote) -> Bool) -> Double {
        notes.isEmpty ? 0 : Double(notes.filter(condition).count) / Double(notes.count)
    }

    /// Median position of off-beat eighths as a fraction of the beat: 0.5 straight, 0.67 triplet swing.
    func swingRatio(of pieces: Set<Int>) -> Double {
        let offBeats = hits(pieces).map(tickInBeat).filter { (150..<420).contains($0) }.sorted()
        guard !offBeats.isEmpty else { return 0 }
        return Double(offBeats[offBeats.count / 2]) / Double(beatTicks)
    }

    /// Hits per bar of `pieces`, for the groove bars that have any.
    func hitsPerBar(_ pieces: Set<Int>) -> [Int] {
        let counts = Dictionary(grouping: hits(pieces).filter { grooveBars.contains(bar(of: $0)) }, by: bar(of:)).mapValues(\.count)
        return counts.values.sorted()
    }

    /// Notes starting at the same tick (within a strum), grouped: the chords a part plays.
    func chords(_ part: String, window: Int = 40) -> [[Int]] {
        var groups: [[PartNote]] = []
        for note in notes(part).sorted(by: { $0.start < $1.start }) {
            if let first = groups.last?.first, note.start - first.start < window { groups[groups.count - 1].append(note) } else { groups.append([note]) }
        }
        return groups.map { $0.map(\.pitch.intValue).sorted() }
    }

    func meanVelocity(inBars bars: Set<Int>) -> Double {
        let notes = song.tracks.flatMap(\.notes).filter { bars.contains($0.start / barTicks) }
        return notes.isEmpty ? 0 : Double(notes.map(\.velocity.intValue).reduce(0, +)) / Double(notes.count)
    }
}

/// General MIDI percussion notes.
enum Kit {
    static let kick: Set<Int> = [35, 36]
    static let snare: Set<Int> = [38, 40]
    static let rim: Set<Int> = [37]
    static let clap: Set<Int> = [39]
    static let hat: Set<Int> = [42]
    static let pedalHat: Set<Int> = [44]
    static let openHat: Set<Int> = [46]
    static let ride: Set<Int> = [51, 53]
    static let crash: Set<Int> = [49, 57]
    static let toms: Set<Int> = [41, 43, 45, 47, 48, 50]
    static let claves: Set<Int> = [75]
    static let congas: Set<Int> = [62, 63, 64]
    static let shaker: Set<Int> = [70]
    static let china: Set<Int> = [52]
    static let surdo: Set<Int> = [41]
    static let guiro: Set<Int> = [73]
    static let cowbell: Set<Int> = [56]
    static let openCongas: Set<Int> = [63, 64]
    static let tambourine: Set<Int> = [54]
}

extension Fixtures {
    /// The preset with humanize off, so that positions can be measured exactly.
    static func strict(_ preset: GenrePreset) -> GenrePreset {
        GenrePreset(
            id: preset.id, name: preset.name, description: preset.description, tempoRange: preset.tempoRange,
            defaultTempo: preset.defaultTempo, meter: preset.meter, feel: Feel(swing: preset.feel.swing, humanize: .off, swingByTempo: preset.feel.swingByTempo),
            sectionTypes: preset.sectionTypes, form: preset.form,
            parts: preset.parts.map {
                GenrePreset.Part(name: $0.name, agentKind: $0.agentKind, voices: $0.voices, onRequest: $0.onRequest, traits: $0.traits, humanize: nil, performer: $0.performer)
            },
            source: preset.source)
    }

    static func performance(_ genre: String, sections: Int = 7, key: String = "C", mode: Mode = .major, withKeys: Bool = true, seed: UInt64 = 11) throws -> Performance {
        let preset = try #require(catalog.genre(genre))
        return Performance(Song(preset: strict(preset), request: request(genre, key: key, mode: mode, sections: sections, withKeys: withKeys, seed: seed)))
    }

    /// The problems `yaml` has as a preset; none when it loads.
    static func presetErrors(_ yaml: String) -> [PresetError] {
        switch loader.load(yaml: yaml, source: "test.yaml") {
        case .success: []
        case .failure(let failure): failure.errors
        }
    }

    /// A song of a preset written in the test, humanize off: `yaml` must load.
    static func performance(yaml: String, key: String = "C", mode: Mode = .major, tempo: Int, sections: Int, withKeys: Bool = false, seed: UInt64 = 1) throws -> Performance {
        let preset = try loader.load(yaml: yaml, source: "test.yaml").get()
        let request = SongRequest(genre: preset.id, key: Key(tonic: NoteName(parsing: key)!, mode: mode), tempo: tempo, sections: sections, withKeys: withKeys, seed: seed)
        return Performance(Song(preset: strict(preset), request: request))
    }

    /// A son montuno vamp (I | IV | V7 | IV) at 180 bpm, to try a bass `pattern` and a keys `rhythm` on.
    static func montuno(bass: String, keys: String = "H . . H . . H .") -> String {
        """
        id: montuno
        name: Montuno
        tempo: { default: 180, min: 120, max: 220 }
        sections: { montuno: { bars: 4, chords: "I | IV | V7 | IV" } }
        form: [montuno]
        parts:
          drums: { variation: false, grooves: [{ cowbell: "x.x.x.x." }] }
          bass: { patterns: ["\(bass)"] }
          guitar: { voicing: triad, variation: false, rhythm: ["D . . D . . D ."] }
          keys: { variation: false, register: [55, 84], rhythm: ["\(keys)"] }
        """
    }

    /// A deliberately plain rock song: kick on 1 and 3, snare on 2 and 4, straight eighth hats, root
    /// eighths, power-chord eighths, quarter-note piano; no fills, no crashes, no swing.
    static let genericRockYAML = """
        id: generic_rock
        name: Generic Rock
        tempo: { default: 120, min: 100, max: 140 }
        sections:
          intro: { bars: 4, energy: 0.9, chords: "I | IV | V | I" }
          verse: { bars: 8, energy: 0.9, chords: "I | IV | V | I" }
          chorus: { bars: 8, energy: 0.9, chords: "IV | I | V | I" }
          bridge: { bars: 8, energy: 0.9, chords: "vi | IV | V | V" }
          outro: { bars: 4, energy: 0.9, chords: "I | IV | V | I" }
        form: [intro, verse, chorus, verse, chorus, bridge, outro]
        parts:
          drums:
            grooves: [{ kick: "x...x...", snare: "..x...x.", hat: "xxxxxxxx" }]
            crash_on: []
          bass: { patterns: ["R R R R R R R R"] }
          guitar: { voicing: power, rhythm: ["D D D D D D D D"] }
          keys: { voicing: close, rhythm: ["H . H . H . H ."] }
        """

    static func genericRock(sections: Int = 7) throws -> Performance {
        let preset = try loader.load(yaml: genericRockYAML, source: "generic_rock.yaml").get()
        let request = SongRequest(genre: "generic_rock", key: Key(tonic: NoteName(parsing: "C")!, mode: .major), tempo: 120, sections: sections, withKeys: true, seed: 11)
        return Performance(Song(preset: strict(preset), request: request))
    }
}
