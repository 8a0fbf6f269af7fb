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
        // --------------------
        "samba": [
            // 82 accented low-floor-tom hits in 41 groove bars, 100% on beats 2 and 4 / rock: none.
            ("surdo answers on 2: the low floor tom on beats 2 and 4", { p in
                let surdo = p.hits([41]).filter { p.grooveBars.contains(p.bar(of: $0)) && $0.velocity.intValue > 60 }
                return surdo.count >= p.grooveBars.count && p.share(surdo) { p.isOn(beat: 1, $0) || p.isOn(beat: 3, $0) } >= 0.8
            }),
            // The tamborim's teleco-teco x.x.x..x.x..x.x. on the side stick / rock: no side stick.
            ("teleco-teco on the side stick", { p in
                let slots = Set(p.hits(Kit.rim).filter { p.grooveBars.contains(p.bar(of: $0)) }.map { p.tickInBar($0) / 120 })
                return slots.isSuperset(of: [0, 2, 4, 7, 9, 12, 14])
            }),
            // 39 of 41 groove bars have 16 ganzá strokes / rock: no shaker.
            ("sixteenth-note ganzá", { mostBarsHave($0, Kit.shaker, atLeast: 16, share: 0.6) }),
            // Bass notes on beats 2 and 4 are the chord's fifth: 100% (93.6% in A minor, the ø7 chords) / rock: 0%.
            ("bass lands on the fifth on 2 and 4, like the surdo", { p in
                let landings = p.notes("bass").filter { p.isOn(beat: 1, $0) || p.isOn(beat: 3, $0) }
                return p.share(landings) { PitchClass($0.pitch.intValue) == p.arrangement.chord(at: $0.start).chord.root + 7 } >= 0.6
            }),
        ],
        "cumbia": [
            // 12 güira strokes in every groove bar, only on the beat, its "and" and its "a" / rock: no güiro.
            ("güira on every beat: long, short, short", { p in
                let guira = p.hits([73]).filter { p.grooveBars.contains(p.bar(of: $0)) }
                return mostBarsHave(p, [73], atLeast: 12, share: 0.8) && Set(guira.map { p.tickInBeat($0) / 120 }) == [0, 2, 3]
            }),
            // Beat 1: 100% roots; beat 3: 100% fifths / rock: beat 3 is the root (0% fifths).
            ("bass: root on 1, fifth on 3", { p in
                let bass = p.notes("bass").filter { p.grooveBars.contains(p.bar(of: $0)) }
                let ones = bass.filter { p.isOn(beat: 0, $0) }, threes = bass.filter { p.isOn(beat: 2, $0) }
                return p.share(ones) { PitchClass($0.pitch.intValue) == p.arrangement.chord(at: $0.start).chord.root } >= 0.9
                    && p.share(threes) { PitchClass($0.pitch.intValue) == p.arrangement.chord(at: $0.start).chord.root + 7 } >= 0.7
            }),
            // 89% of groove-bar guitar notes on the off-beat half of the beat / rock: 50%.
            ("chucu-chucu: guitar chops on the off-beats", { p in
                let groove = p.notes("guitar").filter { p.grooveBars.contains(p.bar(of: $0)) }
                return p.share(groove) { (200..<420).contains(p.tickInBeat($0)) } >= 0.8
            }),
            ("accordion", { $0.program("keys") == 21 }),
        ],
        "salsa": [
            // 2-3 son clave: beats 2 and 3, then 1, the "and" of 2 and 4, never turned around / rock: no claves.
            ("2-3 son clave", { p in
                let slots = Set(p.hits(Kit.claves).map { ($0.start % (2 * p.barTicks)) / 120 })
                return slots.isSuperset(of: [4, 8, 16, 22, 28]) && slots.isDisjoint(with: [0, 6, 12])
            }),
            // No groove-bar bass note on the one; 96% on the "and" of 2 or on 4 / rock: root on every eighth.
            ("tumbao bass: never on the one (after the intro), on the and of 2 and on 4", { p in
                let groove = p.notes("bass").filter { p.grooveBars.subtracting(p.bars(ofSection: "intro")).contains(p.bar(of: $0)) }
                return groove.count >= p.grooveBars.count && groove.allSatisfy { !p.isOn(beat: 0, $0) }
                    && p.share(groove) { abs(p.tickInBar($0) - 3 * p.beatTicks / 2) <= 20 || p.isOn(beat: 3, $0) } >= 0.9
            }),
            // Every groove bar of the montuno (chorus) has the bell on all four beats / rock: no cowbell.
            ("campana on every beat of the montuno", { p in
                let bars = p.bars(ofSection: "chorus").intersection(p.grooveBars)
                let bell = p.hits([56])
                return !bars.isEmpty && bars.allSatisfy { bar in
                    (0..<4).allSatisfy { beat in bell.contains { p.bar(of: $0) == bar && p.isOn(beat: beat, $0) } }
                }
            }),
            // 82 open conga tones in groove bars, 100% on 4 or its "and" / rock: no congas.
            ("conga tumbao: open tones on 4 and its and", { p in
                let open = p.hits([63, 64]).filter { p.grooveBars.contains(p.bar(of: $0)) }
                return open.count >= p.grooveBars.count
                    && p.share(open) { [3 * p.beatTicks, 7 * p.beatTicks / 2].contains(p.tickInBar($0)) } >= 0.8
            }),
        ],
        "tango": [
            ("bandoneon (tango accordion)", { $0.program("keys") == 23 }),
            // 26 of 41 groove bars have the kick on all four beats / rock: kick on 1 and 3 only (0 bars).
            ("marcato: the kick on all four beats", { p in
                let bars = Dictionary(grouping: p.hits(Kit.kick).filter { p.grooveBars.contains(p.bar(of: $0)) }, by: p.bar(of:))
                let marcato = bars.values.filter { hits in (0..<4).allSatisfy { b in hits.contains { p.isOn(beat: b, $0) } } }
                return Double(marcato.count) >= Double(p.grooveBars.count) * 0.5
            }),
            // 32 of 41 groove bars drag into the next one with ghost strokes after the "and" of 4 / rock: none.
            ("arrastre: ghost drags into the downbeat", { p in
                let drags = Set(p.hits(Kit.snare).filter {
                    p.grooveBars.contains(p.bar(of: $0)) && $0.velocity.intValue < 55 && p.tickInBar($0) >= p.barTicks - p.beatTicks / 2
                }.map(p.bar(of:)))
                return Double(drags.count) >= Double(p.grooveBars.count) * 0.4
            }),
            // A chorus bar whose bass plays exactly 1, the "and" of 2 and 4 (3-3-2) / rock: eighths.
            ("síncopa: a 3-3-2 bass bar in the chorus", { p in
                p.bars(ofSection: "chorus").contains { bar in
                    Set(p.notes("bass").filter { p.bar(of: $0) == bar }.map(p.tickInBar)) == [0, 3 * p.beatTicks / 2, 3 * p.beatTicks]
                }
            }),
        ],
        "afrobeat": [
            // 41 of 41 groove bars have kicks on 1 and its "e" / rock: never.
            ("kick doubled on 1 and its e", { p in
                let kicks = p.hits(Kit.kick)
                let doubled = p.grooveBars.filter { bar in
                    kicks.contains { p.bar(of: $0) == bar && p.isOn(beat: 0, $0) }
                        && kicks.contains { p.bar(of: $0) == bar && abs(p.tickInBar($0) - p.beatTicks / 4) <= 20 }
                }
                return Double(doubled.count) >= Double(p.grooveBars.count) * 0.6
            }),
            // 32 of 41 groove bars have 12+ hat strokes (16 in most) / rock: 8.
            ("busy hi-hat: twelve or more strokes a bar", { mostBarsHave($0, Kit.hat.union(Kit.openHat), atLeast: 12, share: 0.6) }),
            // 123 open hats, 100% on the beat (closed on the "and") / rock: no open hat.
            ("hi-hat opens on the beat", { p in
                let open = p.hits(Kit.openHat).filter { p.grooveBars.contains(p.bar(of: $0)) }
                return open.count >= p.grooveBars.count && p.share(open) { p.tickInBeat($0) <= 20 } >= 0.9
            }),
            // Every bar with claves plays x..x..x...x.x... / rock: no claves.
            ("one-bar clave", { p in
                let bars = Dictionary(grouping: p.hits(Kit.claves), by: p.bar(of:))
                return bars.count >= p.grooveBars.count / 2 && bars.values.allSatisfy { Set($0.map { p.tickInBar($0) / 120 }) == [0, 3, 6, 10, 12] }
            }),
            // 480 tenor-guitar notes in groove bars, 100% at least 40 ticks from any guitar stroke / rock: no second guitar.
            ("two guitars interlock", { p in
                let first = p.notes("guitar").filter { p.grooveBars.contains(p.bar(of: $0)) }.map(\.start)
                let second = p.notes("tenor_guitar").filter { p.grooveBars.contains(p.bar(of: $0)) }
                return !first.isEmpty && second.count >= p.grooveBars.count
                    && p.share(second) { note in first.allSatisfy { abs(note.start - $0) >= 40 } } >= 0.9
            }),
        ],
        "second_line": [
            ("tuba", { $0.program("bass") == 58 }),
            // Groove-bar kicks: none on beat 3, 39% on beat 4, some on the "and" of 2 / rock: kick on beat 3.
            ("boom ... boom: the bass drum skips 3, syncopates and lands on 4", { p in
                let kicks = p.hits(Kit.kick).filter { p.grooveBars.contains(p.bar(of: $0)) }
                return !kicks.isEmpty && kicks.allSatisfy { !p.isOn(beat: 2, $0) }
                    && p.share(kicks) { p.isOn(beat: 3, $0) } >= 0.3
                    && kicks.contains { (150..<420).contains(p.tickInBeat($0)) }
            }),
            // 41 of 41 groove bars have a run of 4+ snare strokes at most 150 ticks apart / rock: 2 strokes a bar.
            ("press rolls: four or more snare strokes in a row", { p in
                let rolled = p.grooveBars.filter { bar -> Bool in
                    let starts = p.hits(Kit.snare).filter { p.bar(of: $0) == bar }.map(\.start).sorted()
                    var run = 1, best = 1
                    for (a, b) in zip(starts, starts.dropFirst()) {
                        run = b - a <= 150 ? run + 1 : 1
                        best = max(best, run)
                    }
                    return best >= 4
                }
                return Double(rolled.count) >= Double(p.grooveBars.count) * 0.5
            }),
            // Median off-beat snare position 0.60 of the beat / rock: no off-beat snare (0).
            ("half-swung street beat", { swung($0, Kit.snare, atLeast: 0.56) }),
        ],
        // --------------------
        "disco": [
            ("four on the floor", fourOnTheFloor),
            ("open hats on the off-beats", { p in
                let open = p.hits(Kit.openHat)
                return open.count >= p.arrangement.bars.count && p.share(open) { (220..<300).contains(p.tickInBeat($0)) } >= 0.8
            }),
            ("octave bass", octaveJumps),
            ("a string section on the keys", { (48...51).contains($0.program("keys") ?? -1) }),
            ("sixteenth-note guitar chops", { p in
                // One onset per strum: notes within 40 ticks of the previous onset belong to it.
                let starts = p.notes("guitar").map(\.start).sorted().reduce(into: [Int]()) { onsets, start in
                    if onsets.last.map({ start - $0 >= 40 }) ?? true { onsets.append(start) }
                }
                return zip(starts, starts.dropFirst()).filter { $1 - $0 == 120 }.count >= p.arrangement.bars.count * 4
            }),
        ],
        "motown": [
            ("snare on every beat", { p in
                let bars = Dictionary(grouping: p.hits(Kit.snare).filter { p.grooveBars.contains(p.bar(of: $0)) }, by: p.bar(of:))
                let full = bars.values.filter { hits in (0..<4).allSatisfy { beat in hits.contains { p.isOn(beat: beat, $0) } } }
                return Double(full.count) >= Double(p.grooveBars.count) * 0.6
            }),
            ("tambourine on the beats", { p in
                let tambourine = p.hits(Kit.tambourine)
                return tambourine.count >= p.grooveBars.count * 2 && p.share(tambourine) { p.tickInBeat($0) < 20 } >= 0.6
            }),
            ("chromatic passing notes in the bass", { p in
                let bass = p.notes("bass").map(\.pitch.intValue)
                return Double(zip(bass, bass.dropFirst()).filter { abs($0 - $1) == 1 }.count) >= Double(max(1, bass.count - 1)) * 0.25
            }),
        ],
        "ska": [
            ("skank on the off-beats", { p in
                let groove = p.notes("guitar").filter { p.grooveBars.contains(p.bar(of: $0)) }
                return p.share(groove) { (200..<420).contains(p.tickInBeat($0)) } >= 0.8
            }),
            ("fast", { $0.song.request.tempo >= 140 }),
            ("cross-stick on 2 and 4", { backbeat($0, Kit.rim) }),
            ("walking bass", walking),
        ],
        "shuffle": [
            ("hard shuffle", { swung($0, Kit.hat.union(Kit.ride), atLeast: 0.66) }),
            ("kick on every beat", fourOnTheFloor),
            ("12-bar choruses", { p in p.arrangement.sections.filter { $0.name == "verse" || $0.name == "chorus" }.allSatisfy { $0.bars == 12 } }),
            ("boogie bass reaches the sixth", { p in
                p.share(p.notes("bass")) { note in
                    PitchClass(note.pitch.intValue) == p.arrangement.chord(at: note.start).chord.root + 9
                } >= 0.1
            }),
        ],
        "bluegrass": [
            ("brush kit", { $0.program("drums") == 40 }),
            ("whisper-quiet drums, never a crash", { p in
                let drums = p.notes("drums")
                return Double(drums.map(\.velocity.intValue).reduce(0, +)) / Double(max(1, drums.count)) < 55 && p.hits(Kit.crash).isEmpty
            }),
            ("boom-chick bass: root and fifth on 1 and 3", { p in
                let bass = p.notes("bass")
                let downbeats = bass.filter { p.isOn(beat: 0, $0) || p.isOn(beat: 2, $0) }
                let rootOrFifth = p.share(downbeats) { note in
                    let chord = p.arrangement.chord(at: note.start).chord
                    return [chord.root, chord.root + 7].contains(PitchClass(note.pitch.intValue))
                }
                return Double(downbeats.count) >= Double(bass.count) * 0.7 && rootOrFifth >= 0.8
                    && downbeats.contains { PitchClass($0.pitch.intValue) == p.arrangement.chord(at: $0.start).chord.root + 7 }
            }),
            ("mandolin chop on 2 and 4", { p in
                let chops = p.notes("keys").filter { p.grooveBars.contains(p.bar(of: $0)) }
                return p.share(chops) { p.isOn(beat: 1, $0) || p.isOn(beat: 3, $0) } >= 0.8 && p.share(chops) { $0.duration <= 120 } >= 0.8
            }),
            ("fast", { $0.song.request.tempo >= 140 }),
        ],
        "soul_ballad": [
            // 2880 ticks: a bar of 12/8. Hat or ride on all twelve eighths.
            ("twelve triplet strokes to a 12/8 bar", { p in p.barTicks == 2880 && mostBarsHave(p, Kit.hat.union(Kit.ride), atLeast: 12, share: 0.6) }),
            ("kick on 1, never on 3", { p in
                let kicks = p.hits(Kit.kick).filter { p.grooveBars.contains(p.bar(of: $0)) }
                let bars = Dictionary(grouping: kicks, by: p.bar(of:))
                return !kicks.isEmpty && bars.values.allSatisfy { hits in hits.contains { p.isOn(beat: 0, $0) } } && !kicks.contains { p.isOn(beat: 2, $0) }
            }),
            // Backline's tempo is quarter notes a minute in every meter: 100 is a dotted quarter of 67.
            ("slow", { $0.song.request.tempo <= 100 }),
            ("repeated triplet piano chords", { p in
                let onsets = p.notes("keys").map(\.start).sorted().reduce(into: [Int]()) { onsets, start in
                    if onsets.last.map({ start - $0 >= 40 }) ?? true { onsets.append(start) }
                }
                let perBar = Dictionary(grouping: onsets.filter { p.grooveBars.contains($0 / p.barTicks) }, by: { $0 / p.barTicks }).mapValues(\.count)
                return Double(perBar.values.filter { $0 >= 9 }.count) >= Double(p.grooveBars.count) * 0.5
            }),
        ],
        "jazz_waltz": [
            ("three beats to the bar", { p in p.barTicks == 3 * p.beatTicks }),
            ("ride on every beat of the three", { p in
                let bars = Dictionary(grouping: p.hits(Kit.ride).filter { p.grooveBars.contains(p.bar(of: $0)) }, by: p.bar(of:))
                return bars.count >= p.grooveBars.count / 2
                    && bars.values.filter { hits in (0..<3).allSatisfy { b in hits.contains { p.isOn(beat: b, $0) } } }.count >= bars.count / 2
            }),
            ("swung", { swung($0, Kit.ride, atLeast: 0.6) }),
            ("hi-hat foot on 2 and 3", { p in
                let hits = p.hits(Kit.pedalHat)
                return !hits.isEmpty && p.share(hits) { p.isOn(beat: 1, $0) || p.isOn(beat: 2, $0) } >= 0.9
            }),
            ("bass three to the bar", { p in
                let bass = p.notes("bass")
                let onBeats = bass.filter { $0.start % p.beatTicks == 0 }
                return p.share(bass) { $0.start % p.beatTicks == 0 } >= 0.9 && Double(onBeats.count) >= Double(p.arrangement.bars.count * 3) * 0.6
            }),
        ],
        // --------------------
        "drum_and_bass": [
            // 174 bpm; generic rock 120.
            ("fast", { $0.song.request.tempo >= 165 }),
            // Kick on the "and" of 3 in every groove bar that has a kick except the intro's
            // one-kick bars (>= 80%), and never on beat 3. Generic rock kicks on 1 and 3.
            ("two-step kick: on the and of 3, never on 3", { p in
                let kicks = p.hits(Kit.kick).filter { p.grooveBars.contains(p.bar(of: $0)) }
                let bars = Set(kicks.map(p.bar(of:)))
                let twoStep = Set(kicks.filter { abs(p.tickInBar($0) - 5 * p.beatTicks / 2) <= 20 }.map(p.bar(of:)))
                return !bars.isEmpty && twoStep.count * 5 >= bars.count * 4 && !kicks.contains { p.isOn(beat: 2, $0) }
            }),
            // 14+ hat/ride hits in at least half the groove bars (15-16 in verse and drop); generic rock 8.
            ("sixteenth hats and ride", { mostBarsHave($0, Kit.hat.union(Kit.ride), atLeast: 14, share: 0.5) }),
            // Synth bass (38) whose notes last 1.57 beats on average; generic rock: program 33, 0.45 beats.
            ("long Reese bass", { p in
                let bass = p.notes("bass")
                return (38...39).contains(p.program("bass") ?? -1) && !bass.isEmpty
                    && bass.map(\.duration).reduce(0, +) >= bass.count * p.beatTicks
            }),
        ],
        "trap": [
            // Snare and clap (velocity > 60, groove bars) on beat 3: 100% at the fixture; generic rock 0%.
            ("half time: snare and clap on beat 3", { p in
                let hits = p.hits(Kit.snare.union(Kit.clap)).filter { p.grooveBars.contains(p.bar(of: $0)) && $0.velocity.intValue > 60 }
                return !hits.isEmpty && p.share(hits) { p.isOn(beat: 2, $0) } >= 0.8
            }),
            // Consecutive closed hats 60 ticks apart (32nds): 134, and 80 ticks apart (sixteenth
            // triplets): 60; generic rock: none (its hats are 240 apart).
            ("hat rolls in 32nds and triplets", { p in
                let hats = p.hits(Kit.hat).map(\.start).sorted()
                let gaps = zip(hats, hats.dropFirst()).map { $1 - $0 }
                return gaps.filter { $0 == p.beatTicks / 8 }.count >= 8 && gaps.filter { $0 == p.beatTicks / 6 }.count >= 8
            }),
            ("TR-808 kit", { $0.program("drums") == 25 }),
            // Synth bass as the 808, notes 1.39 beats long on average; generic rock 33 and 0.45 beats.
            ("long 808 bass", { p in
                let bass = p.notes("bass")
                return (38...39).contains(p.program("bass") ?? -1) && !bass.isEmpty
                    && bass.map(\.duration).reduce(0, +) >= bass.count * p.beatTicks
            }),
        ],
        "lofi": [
            ("slow", { (70...90).contains($0.song.request.tempo) }),
            // Off-beat sixteenths pushed to 139 ticks (swing 0.58 of 240): 220 hits; generic rock 0.
            ("lazy swung sixteenths", { p in
                let late = p.hits(Kit.hat.union(Kit.kick).union(Kit.snare)).map { $0.start % 240 }.filter { (125..<200).contains($0) }
                return late.count >= 8
            }),
            // Mean drum velocity 54; generic rock 83, classic_rock 84.
            ("soft drums", { p in
                Double(p.notes("drums").map(\.velocity.intValue).reduce(0, +)) / Double(max(1, p.notes("drums").count)) < 70
            }),
            ("Rhodes on jazz chords", { p in p.program("keys") == 4 && extendedChords(p) }),
        ],
        "indie_rock": [
            // Every verse groove bar has 8-10 floor-tom hits; generic rock has no toms.
            ("floor-tom groove in the verses", { p in
                let verse = p.bars(ofSection: "verse").intersection(p.grooveBars)
                let perBar = Dictionary(grouping: p.hits(Kit.toms).filter { verse.contains(p.bar(of: $0)) }, by: p.bar(of:)).mapValues(\.count)
                return !verse.isEmpty && perBar.values.filter { $0 >= 8 }.count * 5 >= verse.count * 4
            }),
            // Clean electric, open chords of 5-6 strings (288 of 520 strums; the 14 ms strum needs a
            // 120-tick window to group one strum). Generic rock: program 25, 3-note power chords.
            ("jangly clean guitar on open chords", { p in
                p.program("guitar") == 27 && p.chords("guitar", window: 120).contains { $0.count >= 5 }
            }),
            // 42% of bass notes are not the chord's root; generic rock 0%, classic_rock 14%.
            ("melodic bass", { p in
                p.share(p.notes("bass")) { PitchClass($0.pitch.intValue) != p.arrangement.chord(at: $0.start).chord.root } >= 0.25
            }),
        ],
        "grunge": [
            // Mean velocity chorus 97.5 vs verse 49.2; generic rock 78.1 vs 78.1, classic_rock 88.5 vs 71.9.
            ("quiet verse, loud chorus", { p in
                p.meanVelocity(inBars: p.bars(ofSection: "chorus")) >= 1.5 * p.meanVelocity(inBars: p.bars(ofSection: "verse"))
            }),
            // 4-8 crash hits in every chorus groove bar; generic rock has no crash at all.
            ("the chorus bashed on the crash", { p in
                let chorus = p.bars(ofSection: "chorus").intersection(p.grooveBars)
                let perBar = Dictionary(grouping: p.hits(Kit.crash).filter { chorus.contains(p.bar(of: $0)) }, by: p.bar(of:)).mapValues(\.count)
                return !chorus.isEmpty && perBar.values.filter { $0 >= 4 }.count * 5 >= chorus.count * 4
            }),
            ("distorted power chords", { p in p.program("guitar") == 30 && p.chords("guitar").allSatisfy { $0.count <= 3 } }),
            // The borrowed bVI (A♭ in the fixture's C major: chorus "bVI bVII", bridge "bVI");
            // generic rock plays only I, IV, V, vi.
            ("borrowed bVI", { p in p.arrangement.bars.flatMap(\.chords).contains { $0.chord.root == PitchClass(8) } }),
        ],
        // --------------------
        "jazz_5_4": [
            // 94 hi-hat-foot strokes, 100% on beat 1 or beat 4 (0 or 1440 ticks), the starts of the
            // 3+2 groups. Generic rock and classic_rock: no pedal hat, and a bar of four.
            ("five beats grouped 3+2: hi-hat foot on 1 and 4", { p in
                let hits = p.hits(Kit.pedalHat)
                return p.barTicks == 5 * p.beatTicks && !hits.isEmpty
                    && p.share(hits) { p.isOn(beat: 0, $0) || p.isOn(beat: 3, $0) } >= 0.9
            }),
            // Ride on all five beats in 41 of 41 groove bars, mean velocity 72.3 on beats 1 and 4
            // against 57.3 elsewhere, swing 0.64. Generic rock: no ride; classic_rock: a ride in 14
            // bars, never on five beats, velocities flat (92 vs 92), straight (0.50).
            ("a swung ride in five, accented on the group starts 1 and 4", { p in
                let ride = p.hits(Kit.ride).filter { p.grooveBars.contains(p.bar(of: $0)) }
                let bars = Dictionary(grouping: ride, by: p.bar(of:))
                let five = bars.values.filter { hits in (0..<5).allSatisfy { b in hits.contains { p.isOn(beat: b, $0) } } }
                let onGroups = ride.filter { p.isOn(beat: 0, $0) || p.isOn(beat: 3, $0) }.map(\.velocity.intValue)
                let others = ride.filter { !(p.isOn(beat: 0, $0) || p.isOn(beat: 3, $0)) }.map(\.velocity.intValue)
                guard p.barTicks == 5 * p.beatTicks, !onGroups.isEmpty, !others.isEmpty else { return false }
                let accent = Double(onGroups.reduce(0, +)) / Double(onGroups.count)
                let rest = Double(others.reduce(0, +)) / Double(others.count)
                return bars.count >= p.grooveBars.count / 2 && five.count >= bars.count / 2
                    && accent >= rest + 8 && swung(p, Kit.ride, atLeast: 0.6)
            }),
            // The piano vamp: in 41 of 41 groove bars a chord on 1, one on the swung "and" of 2
            // (787 ticks; window 720-839) and one on 4 (1440). Generic rock: quarter-note piano on
            // 0/480/960/1440 of a 1920-tick bar, never in the window (0 bars).
            ("piano vamp on 1, the and of 2 and 4", { p in
                let onsets = p.notes("keys").map(\.start).sorted().reduce(into: [Int]()) { onsets, start in
                    if onsets.last.map({ start - $0 >= 40 }) ?? true { onsets.append(start) }
                }
                let perBar = Dictionary(grouping: onsets.filter { p.grooveBars.contains($0 / p.barTicks) }, by: { $0 / p.barTicks })
                    .mapValues { starts in starts.map { $0 % p.barTicks } }
                let andOfTwo = (3 * p.beatTicks / 2)..<(7 * p.beatTicks / 4)
                let vamp = perBar.values.filter { ticks in
                    ticks.contains { $0 <= 20 } && ticks.contains { andOfTwo.contains($0) } && ticks.contains { abs($0 - 3 * p.beatTicks) <= 20 }
                }
                return p.barTicks == 5 * p.beatTicks && Double(vamp.count) >= Double(p.grooveBars.count) * 0.8
            }),
            // Ostinato, not a walk: 41 of 41 groove bars have a bass note on 1 and on 4 and at most
            // five notes; 32% of the notes fall off the beat (the fifth on the "and" of 2).
            // Generic rock: eight root eighths a bar (0 bars qualify); a walking bass is all on-beat.
            ("ostinato bass on 1 and 4, not a walk", { p in
                let bass = p.notes("bass").filter { p.grooveBars.contains(p.bar(of: $0)) }
                let bars = Dictionary(grouping: bass, by: p.bar(of:))
                let ostinato = bars.values.filter { notes in
                    notes.count <= 5 && notes.contains { p.isOn(beat: 0, $0) } && notes.contains { p.isOn(beat: 3, $0) }
                }
                return Double(ostinato.count) >= Double(p.grooveBars.count) * 0.8
                    && p.share(bass) { p.tickInBeat($0) >= 20 } >= 0.2
            }),
        ],
        "balkan_7_8": [
            // 7/8 is 1680 ticks of 240-tick eighths; the 2+2+3 groups start at 0, 480 and 960.
            // 100% of groove-bar kicks on a group start, all three present in 66 of 66 kick bars.
            // Generic rock: 1920-tick bar of 480-tick beats, no kick ever on all three (0 bars).
            ("seven eighths grouped 2+2+3: the kick on every group start", { p in
                let starts = [0, 2, 4].map { $0 * p.beatTicks }
                let kicks = p.hits(Kit.kick).filter { p.grooveBars.contains(p.bar(of: $0)) }
                let bars = Dictionary(grouping: kicks, by: p.bar(of:))
                let full = bars.values.filter { hits in starts.allSatisfy { s in hits.contains { abs(p.tickInBar($0) - s) <= 20 } } }
                let onStarts = p.share(kicks) { k in starts.contains { abs(p.tickInBar(k) - $0) <= 20 } }
                return p.barTicks == 7 * p.beatTicks && !kicks.isEmpty && onStarts >= 0.9
                    && Double(full.count) >= Double(bars.count) * 0.8
            }),
            // The tapan's switch: 273 rim/snare strokes (velocity > 60), 100% between the group
            // starts, and on the long group's third eighth (1440 ticks) in 63 of 73 groove bars.
            // Generic rock: a 4/4 bar, and nothing ever at 6 beats (0).
            ("rim and snare between the group starts, on the long group's third eighth", { p in
                let starts = [0, 2, 4].map { $0 * p.beatTicks }
                let hits = p.hits(Kit.snare.union(Kit.rim)).filter { p.grooveBars.contains(p.bar(of: $0)) && $0.velocity.intValue > 60 }
                let third = hits.filter { p.isOn(beat: 6, $0) }
                let between = p.share(hits) { h in !starts.contains { abs(p.tickInBar(h) - $0) <= 20 } }
                return p.barTicks == 7 * p.beatTicks && !hits.isEmpty && between >= 0.8
                    && Double(third.count) >= Double(p.grooveBars.count) * 0.5
            }),
            // 76% of groove-bar bass notes on a group start, every groove bar (73 of 73) with a note
            // on 0 and on 960. Generic rock: 25% (eight eighths of which 0 and 960 count), and a 4/4 bar.
            ("bass on the group starts", { p in
                let starts = [0, 2, 4].map { $0 * p.beatTicks }
                let bass = p.notes("bass").filter { p.grooveBars.contains(p.bar(of: $0)) }
                let bars = Dictionary(grouping: bass, by: p.bar(of:))
                let marked = bars.values.filter { notes in notes.contains { p.isOn(beat: 0, $0) } && notes.contains { p.isOn(beat: 4, $0) } }
                let onStarts = p.share(bass) { n in starts.contains { abs(p.tickInBar(n) - $0) <= 20 } }
                return p.barTicks == 7 * p.beatTicks && onStarts >= 0.7
                    && Double(marked.count) >= Double(p.grooveBars.count) * 0.9
            }),
            // 200 quarter notes a minute (400 eighths) and GM accordion (21) on the keys.
            // Generic rock: 120 and piano (0); classic_rock 120 and organ (16).
            ("fast, with an accordion", { $0.song.request.tempo >= 180 && $0.program("keys") == 21 }),
        ],
    ]

    @Test("Every genre has a signature", arguments: Fixtures.allGenres)
    func everyGenreHasOne(genre: String) {
        #expect((Self.signatures[genre]?.count ?? 0) >= 2)
    }

    @Test("The genre has its signature and a plain rock song does not", arguments: Fixtures.allGenres)
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
