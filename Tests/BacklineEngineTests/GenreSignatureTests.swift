import BacklineAgents
import BacklineEngine
import MusicTheory
import Testing

/// Each genre sounds like itself: two or more properties of its style, measured on the rendered
/// notes, that a plain rock song does not have.
@Suite("Genre signatures")
struct GenreSignatureTests {
    typealias Property = (name: String, holds: @Sendable (Performance) -> Bool)

    // Shared measurements.
    static func backbeat(_ p: Performance, _ pieces: Set<Int>) -> Bool {
        let hits = p.hits(pieces).filter { p.grooveBars.contains(p.bar(of: $0)) && $0.velocity.intValue > 60 }
        return p.share(hits) { p.isOn(beat: 1, $0) || p.isOn(beat: 3, $0) } >= 0.8
    }
    static func swung(_ p: Performance, _ pieces: Set<Int>, atLeast ratio: Double) -> Bool { p.swingRatio(of: pieces) >= ratio }
    static func ghostNotes(_ p: Performance) -> Bool { p.hits(Kit.snare).contains { $0.velocity.intValue < 55 } }
    static func crashOpens(_ section: String, _ p: Performance) -> Bool {
        let firsts = p.arrangement.sections.filter { $0.name == section && $0.firstBar > 0 }.map(\.firstBar)
        return !firsts.isEmpty && firsts.allSatisfy { bar in p.hits(Kit.crash).contains { $0.start == bar * p.barTicks } }
    }
    static func tomFills(_ p: Performance) -> Bool {
        let lastBars = p.arrangement.bars.filter { p.arrangement.isLastBarOfSection($0) && !p.arrangement.isFinalBar($0) }.map(\.index)
        return lastBars.allSatisfy { bar in p.hits(Kit.toms.union(Kit.snare)).filter { p.bar(of: $0) == bar }.count >= 3 }
    }
    static func fourOnTheFloor(_ p: Performance) -> Bool {
        let kickBars = Dictionary(grouping: p.hits(Kit.kick).filter { p.grooveBars.contains(p.bar(of: $0)) }, by: p.bar(of:))
        let full = kickBars.values.filter { hits in (0..<4).allSatisfy { beat in hits.contains { p.isOn(beat: beat, $0) } } }
        return !kickBars.isEmpty && Double(full.count) / Double(kickBars.count) >= 0.8
    }
    static func walking(_ p: Performance) -> Bool {
        let bass = p.notes("bass")
        let onBeats = bass.filter { $0.start % p.beatTicks == 0 }
        return p.share(bass) { $0.start % p.beatTicks == 0 } >= 0.9 && Double(onBeats.count) >= Double(p.arrangement.bars.count * 4) * 0.6
    }
    static func rideTime(_ p: Performance) -> Bool {
        let bars = Dictionary(grouping: p.hits(Kit.ride).filter { p.grooveBars.contains(p.bar(of: $0)) }, by: p.bar(of:))
        return bars.count >= p.grooveBars.count / 2 && bars.values.filter { hits in (0..<4).allSatisfy { b in hits.contains { p.isOn(beat: b, $0) } } }.count >= bars.count / 2
    }
    static func hatOnTwoAndFour(_ p: Performance) -> Bool {
        let hits = p.hits(Kit.pedalHat)
        return !hits.isEmpty && p.share(hits) { p.isOn(beat: 1, $0) || p.isOn(beat: 3, $0) } >= 0.9
    }
    static func mostBarsHave(_ p: Performance, _ pieces: Set<Int>, atLeast count: Int, share: Double = 0.4) -> Bool {
        let counts = p.hitsPerBar(pieces)
        return Double(counts.filter { $0 >= count }.count) >= Double(p.grooveBars.count) * share
    }
    static func octaveJumps(_ p: Performance) -> Bool {
        let bass = p.notes("bass").map(\.pitch.intValue)
        return zip(bass, bass.dropFirst()).filter { abs($0 - $1) == 12 }.count >= p.arrangement.bars.count / 2
    }
    static func organ(_ p: Performance) -> Bool { (16...19).contains(p.program("keys") ?? -1) }
    static func longKeys(_ p: Performance) -> Bool { p.share(p.notes("keys")) { $0.duration >= p.barTicks / 2 } >= 0.5 }
    static func extendedChords(_ p: Performance) -> Bool {
        p.arrangement.bars.flatMap(\.chords).filter { $0.chord.quality.intervals.count >= 4 }.count >= p.arrangement.bars.count / 2
    }

    static let signatures: [String: [Property]] = [
        "classic_rock": [
            ("backbeat on 2 and 4", { backbeat($0, Kit.snare) }),
            ("straight eighths", { $0.swingRatio(of: Kit.hat.union(Kit.ride)) < 0.52 }),
            ("crash into every chorus", { crashOpens("chorus", $0) }),
            ("a fill at the end of each section", tomFills),
        ],
        "blues": [
            ("shuffled eighths", { swung($0, Kit.hat.union(Kit.ride), atLeast: 0.64) }),
            ("12-bar choruses", { p in p.arrangement.sections.filter { $0.name == "verse" || $0.name == "chorus" }.allSatisfy { $0.bars == 12 } }),
            ("dominant sevenths", { p in p.arrangement.bars.flatMap(\.chords).contains { $0.chord.quality.intervals == [0, 4, 7, 10] } }),
        ],
        "pop": [
            ("backbeat", { backbeat($0, Kit.snare.union(Kit.rim).union(Kit.clap)) }),
            ("kick on the and of 2", { p in p.hits(Kit.kick).contains { abs(p.tickInBar($0) - 3 * p.beatTicks / 2) <= 20 } }),
            ("open chords of five or more strings", { p in p.chords("guitar").contains { $0.count >= 5 } }),
        ],
        "folk": [
            ("cross-stick or shaker, not a rock kit", { p in !p.hits(Kit.rim.union(Kit.shaker)).isEmpty }),
            ("steel-string acoustic", { $0.program("guitar") == 25 }),
            ("bass alternates root and fifth", { p in
                p.share(p.notes("bass")) { note in
                    let chord = p.arrangement.chord(at: note.start).chord
                    return PitchClass(note.pitch.intValue) == chord.root + 7
                } >= 0.2
            }),
        ],
        "country": [
            ("train-beat snare sixteenths", { mostBarsHave($0, Kit.snare, atLeast: 12, share: 0.2) }),
            ("boom-chick bass: root and fifth on 1 and 3", { p in
                let downbeats = p.notes("bass").filter { p.isOn(beat: 0, $0) || p.isOn(beat: 2, $0) }
                return p.share(downbeats) { note in
                    let chord = p.arrangement.chord(at: note.start).chord
                    return [chord.root, chord.root + 7].contains(PitchClass(note.pitch.intValue))
                } >= 0.8 && downbeats.contains { PitchClass($0.pitch.intValue) == p.arrangement.chord(at: $0.start).chord.root + 7 }
            }),
        ],
        "punk": [
            ("fast", { $0.song.request.tempo >= 160 }),
            ("driving eighths on the cymbals", { mostBarsHave($0, Kit.hat.union(Kit.crash).union(Kit.ride), atLeast: 8, share: 0.6) }),
            ("power chords in eighths", { p in p.chords("guitar").allSatisfy { $0.count <= 3 } && p.notes("guitar").count >= p.arrangement.bars.count * 8 }),
        ],
        "hard_rock": [
            ("palm-muted sixteenth chugs", { p in
                // One onset per strum: notes within 40 ticks of the previous onset belong to it.
                let starts = p.notes("guitar").map(\.start).reduce(into: [Int]()) { onsets, start in
                    if onsets.last.map({ start - $0 >= 40 }) ?? true { onsets.append(start) }
                }
                let shortChugs = p.notes("guitar").filter { $0.duration <= 90 }.count
                return zip(starts, starts.dropFirst()).filter { $1 - $0 == 120 }.count >= p.arrangement.bars.count && shortChugs >= p.arrangement.bars.count * 4
            }),
            ("kick doubles a sixteenth apart", { p in
                let kicks = p.hits(Kit.kick).map(\.start)
                return zip(kicks, kicks.dropFirst()).contains { $1 - $0 == 120 }
            }),
        ],
        "metal": [
            ("double kick sixteenths", { mostBarsHave($0, Kit.kick, atLeast: 12, share: 0.2) }),
            ("fast", { $0.song.request.tempo >= 160 }),
            ("distortion guitar", { $0.program("guitar") == 30 }),
        ],
        "jazz": [
            ("ride time on every beat", rideTime),
            ("hi-hat foot on 2 and 4", hatOnTwoAndFour),
            ("swung", { swung($0, Kit.ride, atLeast: 0.6) }),
            ("walking bass", walking),
        ],
        "swing": [
            ("swung", { swung($0, Kit.ride.union(Kit.hat), atLeast: 0.6) }),
            ("walking bass", walking),
            ("four-to-the-bar guitar", { p in p.share(p.notes("guitar")) { $0.start % p.beatTicks < 40 } >= 0.9 && p.notes("guitar").count >= p.arrangement.bars.count * 8 }),
        ],
        "bebop": [
            ("fast", { $0.song.request.tempo >= 180 }),
            ("ride time on every beat", rideTime),
            ("walking bass", walking),
            ("rootless keys", { p in p.chords("keys").filter { $0.count == 4 }.count > p.chords("keys").count / 2 }),
        ],
        "funk": [
            ("sixteenth hats", { mostBarsHave($0, Kit.hat, atLeast: 14, share: 0.3) }),
            ("ghost notes on the snare", ghostNotes),
            ("octave-popping bass", octaveJumps),
        ],
        "reggae": [
            ("one drop: nothing on beat 1", { p in
                p.hits(Kit.kick).filter { p.grooveBars.contains(p.bar(of: $0)) }.allSatisfy { !p.isOn(beat: 0, $0) }
            }),
            ("kick and rim together on 3", { p in
                let kicks = p.hits(Kit.kick).filter { p.isOn(beat: 2, $0) && p.grooveBars.contains(p.bar(of: $0)) }
                return !kicks.isEmpty && kicks.allSatisfy { k in p.hits(Kit.rim).contains { $0.start == k.start } }
            }),
            ("skank on the off-beats", { p in
                let groove = p.notes("guitar").filter { p.grooveBars.contains(p.bar(of: $0)) }
                return p.share(groove) { (200..<420).contains(p.tickInBeat($0)) } >= 0.8
            }),
        ],
        "soul": [
            ("organ", organ),
            ("ghost notes on the snare", ghostNotes),
            ("backbeat", { backbeat($0, Kit.snare.union(Kit.rim)) }),
        ],
        "rnb": [
            ("trap hat rolls", { p in
                let hats = p.hits(Kit.hat).map(\.start)
                return zip(hats, hats.dropFirst()).filter { $1 - $0 <= 80 }.count >= 8
            }),
            ("ghost notes on the snare", ghostNotes),
            ("slow", { (70...100).contains($0.song.request.tempo) }),
        ],
        "hip_hop": [
            ("swung sixteenths", { p in
                let late = p.hits(Kit.hat.union(Kit.kick).union(Kit.snare)).map { $0.start % 240 }.filter { (125..<200).contains($0) }
                return late.count >= 8
            }),
            ("snare on 2 and 4", { backbeat($0, Kit.snare.union(Kit.rim)) }),
            ("ghost notes on the snare", ghostNotes),
        ],
        "latin": [
            ("son clave", { p in
                let clave = p.hits(Kit.claves)
                let slots = Set(clave.map { ($0.start % (2 * p.barTicks)) / 120 })
                return slots.isSuperset(of: [0, 6, 12, 20, 24])
            }),
            ("congas", { !$0.hits(Kit.congas).isEmpty }),
        ],
        "bossa_nova": [
            ("cross-stick, no snare in the groove", { p in
                !p.hits(Kit.rim).isEmpty && p.hits(Kit.snare).filter { p.grooveBars.contains(p.bar(of: $0)) }.isEmpty
            }),
            ("quiet drums", { p in Double(p.notes("drums").map(\.velocity.intValue).reduce(0, +)) / Double(max(1, p.notes("drums").count)) < 75 }),
            ("jazz chords on nylon guitar", { p in p.program("guitar") == 24 && extendedChords(p) }),
        ],
        "electronic": [
            ("four on the floor", fourOnTheFloor),
            ("clap on 2 and 4", { backbeat($0, Kit.clap) }),
            ("synth bass", { (38...39).contains($0.program("bass") ?? -1) }),
        ],
        "house": [
            ("four on the floor", fourOnTheFloor),
            ("open hats on the off-beats", { p in
                let open = p.hits(Kit.openHat)
                return open.count >= p.arrangement.bars.count && p.share(open) { (220..<300).contains(p.tickInBeat($0)) } >= 0.8
            }),
            ("octave bass", octaveJumps),
        ],
        "ambient": [
            ("sparse, soft drums", { p in
                p.hits(Kit.kick).count <= p.arrangement.bars.count
                    && Double(p.notes("drums").map(\.velocity.intValue).reduce(0, +)) / Double(max(1, p.notes("drums").count)) < 70
            }),
            ("long pads", longKeys),
            ("a pad sound", { (88...95).contains($0.program("keys") ?? -1) }),
        ],
        "gospel": [
            ("ghost notes on the snare", ghostNotes),
            ("organ", organ),
            ("rich chords", extendedChords),
        ],
    ]

    @Test("Every genre has a signature", arguments: Fixtures.contractGenres)
    func everyGenreHasOne(genre: String) {
        #expect((Self.signatures[genre]?.count ?? 0) >= 2)
    }

    @Test("The genre has its signature and a plain rock song does not", arguments: Fixtures.contractGenres)
    func signature(genre: String) throws {
        let properties = try #require(Self.signatures[genre])
        let performance = try Fixtures.performance(genre)
        for property in properties {
            #expect(property.holds(performance), "\(genre): \(property.name)")
        }
        let generic = try Fixtures.genericRock()
        #expect(!properties.allSatisfy { $0.holds(generic) }, "\(genre)'s signature also fits a plain rock song")
    }
}
