import Foundation
import MusicTheory

@testable import ChordCharts

/// Scores and documents the MusicXML tests share.
enum MusicXMLFixtures {
    static let ticks = 480

    static func name(_ text: String) -> NoteName { NoteName(parsing: text)! }

    static func quality(_ suffix: String) -> ChordQuality { ChordQuality.parse(suffix: suffix)! }

    /// A file of `Fixtures/musicxml/` beside this source file (the test target has no resources).
    static func file(_ name: String, filePath: String = #filePath) throws -> Data {
        let folder = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/musicxml")
        return try Data(contentsOf: folder.appendingPathComponent(name))
    }

    /// The chart's bars as a musician reads them: `["C", "F G7"]`.
    static func bars(_ sheet: LeadSheet) -> [String] {
        sheet.chart.bars.map { $0.map(\.description).joined(separator: " ") }
    }

    /// Each bar's meter, from the sheet's meter and its changes.
    static func meters(_ sheet: LeadSheet) -> [String] {
        var meter = sheet.meter
        var changes = sheet.meterChanges[...]
        return sheet.chart.bars.indices.map { bar in
            if let change = changes.first, change.bar == bar {
                meter = change.meter
                changes = changes.dropFirst()
            }
            return meter?.descriptionWithGrouping ?? "?"
        }
    }

    /// A small deterministic generator, so that "humanized" notes are the same every run.
    struct Wobble {
        var state: UInt64

        mutating func next(_ range: ClosedRange<Int>) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let span = UInt64(range.upperBound - range.lowerBound + 1)
            return range.lowerBound + Int((state >> 33) % span)
        }
    }

    /// Eight bars of 4/4 in Bb: a swung, humanized walking bass, a comping piano, and drums.
    static func swingScore() -> MusicXMLScore {
        var wobble = Wobble(state: 7)
        let bar = 4 * ticks
        let changes: [(String, String, String?)] = [
            ("Bb", "maj7", nil), ("G", "7", nil), ("C", "m7", nil), ("F", "7", nil),
            ("D", "m7b5", nil), ("G", "7", "B"), ("C", "m7", nil), ("F", "7sus4", nil),
        ]
        var chords: [MusicXMLScore.ChordChange] = []
        for (index, change) in changes.enumerated() {
            chords.append(.init(bar: index, tick: 0, root: change.0, quality: quality(change.1), bass: change.2))
        }
        // A second chord halfway through bar 3.
        chords.append(.init(bar: 3, tick: 2 * ticks, root: "Bb", quality: quality("7"), bass: nil))
        let roots = [46, 43, 48, 41, 38, 35, 36, 41]
        var bass: [MusicXMLScore.Note] = []
        for (index, root) in roots.enumerated() {
            for beat in 0..<4 {
                let start = index * bar + beat * ticks + wobble.next(-12...12)
                bass.append(.init(start: max(start, 0), duration: 430 + wobble.next(-30...30), pitch: root + [0, 4, 7, 5][beat], velocity: 90))
            }
        }
        // Bar 5 ends with a swung eighth pickup (on the triplet's last third) tied into bar 6.
        bass.removeAll { $0.start >= 4 * bar + 3 * ticks - 50 && $0.start < 5 * bar + ticks + 50 }
        bass.append(.init(start: 4 * bar + 3 * ticks + 320 + wobble.next(-8...8), duration: 160 + 480 + 10, pitch: 35, velocity: 96))
        bass.append(.init(start: 5 * bar + ticks, duration: 450, pitch: 38, velocity: 90))
        var piano: [MusicXMLScore.Note] = []
        for index in 0..<8 {
            for hit in [0, 2] {
                let start = index * bar + hit * ticks + 320 + wobble.next(-10...10)
                for pitch in [58, 62, 65, 69] {
                    piano.append(.init(start: start + wobble.next(-3...3), duration: 600 + wobble.next(-20...20), pitch: pitch, velocity: 70))
                }
            }
        }
        var drums: [MusicXMLScore.Note] = []
        for index in 0..<8 {
            for beat in 0..<4 {
                let start = index * bar + beat * ticks
                drums.append(.init(start: start + wobble.next(-6...6), duration: 60, pitch: 51, velocity: 80))
                if beat % 2 == 1 {
                    drums.append(.init(start: start + wobble.next(-6...6), duration: 60, pitch: 44, velocity: 70))
                    drums.append(.init(start: start + 320 + wobble.next(-6...6), duration: 60, pitch: 51, velocity: 60))
                }
                if beat == 0 { drums.append(.init(start: start + wobble.next(-4...4), duration: 60, pitch: 36, velocity: 100)) }
            }
        }
        return MusicXMLScore(
            title: "Blues & \"Changes\"", composer: "Backline", key: Key(tonic: name("Bb"), mode: .major), meter: .common, tempo: 132,
            bars: 8, sections: [.init(name: "A", firstBar: 0), .init(name: "B", firstBar: 4)], chords: chords,
            parts: [
                .init(name: "Bass", program: 33, notes: bass),
                .init(name: "Piano", program: 0, notes: piano),
                .init(name: "Drums", program: 0, isPercussion: true, notes: drums),
            ])
    }
}

/// A written document as the tests look at it: parts, measures, and each note's place, parsed
/// back with the reader's own XML layer.
struct WrittenScore {
    struct Note {
        /// Divisions from the start of the measure.
        let position: Int
        let duration: Int
        /// MIDI pitch; nil for rests and unpitched notes.
        let pitch: Int?
        let isRest: Bool
        let isChord: Bool
        let tieStart: Bool
        let tieStop: Bool
        let type: String?
        let dots: Int
        let isTriplet: Bool
        let node: MusicXMLNode
    }

    struct Measure {
        let number: String
        var notes: [Note] = []
        /// Each chord symbol's position in divisions (its `<offset>` included) and element.
        var harmonies: [(position: Int, node: MusicXMLNode)] = []
        /// The sum of the durations of the notes that advance time.
        var length = 0
        let node: MusicXMLNode
    }

    struct Part {
        let id: String
        let name: String
        var measures: [Measure]
    }

    let root: MusicXMLNode
    let parts: [Part]

    init(_ text: String) throws {
        root = try MusicXMLDocument.parse(Data(text.utf8))
        let names = Dictionary(
            uniqueKeysWithValues: root.child("part-list")!.children("score-part").map { ($0.attributes["id"]!, $0.value("part-name") ?? "") })
        parts = root.children("part").map { part in
            let id = part.attributes["id"]!
            return Part(id: id, name: names[id] ?? "", measures: part.children("measure").map(Self.measure))
        }
    }

    func part(_ name: String) -> Part { parts.first { $0.name == name }! }

    private static func measure(_ node: MusicXMLNode) -> Measure {
        var measure = Measure(number: node.attributes["number"] ?? "", node: node)
        var position = 0
        var lastStart = 0
        for element in node.children {
            switch element.name {
            case "harmony":
                measure.harmonies.append((position + (element.value("offset").flatMap { Int($0) } ?? 0), element))
            case "note":
                let duration = Int(element.value("duration") ?? "") ?? -1
                let isChord = element.child("chord") != nil
                let start = isChord ? lastStart : position
                let ties = element.children("tie").compactMap { $0.attributes["type"] }
                measure.notes.append(
                    Note(
                        position: start, duration: duration, pitch: pitch(element), isRest: element.child("rest") != nil, isChord: isChord,
                        tieStart: ties.contains("start"), tieStop: ties.contains("stop"), type: element.value("type"),
                        dots: element.children("dot").count, isTriplet: element.child("time-modification") != nil, node: element))
                if !isChord {
                    lastStart = position
                    position += duration
                }
            default:
                break
            }
        }
        measure.length = position
        return measure
    }

    private static func pitch(_ note: MusicXMLNode) -> Int? {
        guard let pitch = note.child("pitch"), let step = pitch.value("step"), let octave = pitch.value("octave").flatMap({ Int($0) }) else { return nil }
        let steps: [String: Int] = ["C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11]
        return (octave + 1) * 12 + steps[step]! + (pitch.value("alter").flatMap { Int($0) } ?? 0)
    }
}
