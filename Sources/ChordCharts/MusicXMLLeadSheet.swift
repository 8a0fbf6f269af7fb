import Foundation
import MusicTheory

/// Reads a MusicXML lead sheet's chords: title, composer, key, meter, tempo, and the chord symbols
/// bar by bar in playing order, with the sections its rehearsal marks name.
///
/// Only `score-partwise` documents are read (uncompressed `.musicxml`, not `.mxl`). The chords are
/// the `<harmony>` elements of the first part that has any; a measure without one holds the chord
/// before it (as does a measure whose first one comes after the downbeat, for its first share), and
/// measures before the first chord are N.C. Repeats (`<repeat>`, with `times`) and
/// 1st/2nd endings (`<ending>`) are written out; D.C., D.S. and coda jumps are not followed. The
/// meter is the first `<time>` (a later change of meter is not kept); the key the first `<key>`.
public enum MusicXMLLeadSheet {
    /// Documents larger than this (1 MiB) are refused before parsing.
    public static let maximumBytes = 1 << 20
    /// Measures per part.
    public static let maximumMeasures = 2_000
    /// Bars once repeats are written out.
    public static let maximumPlayedBars = 4_000

    public static func read(_ data: Data) throws(MusicXMLError) -> LeadSheet {
        guard data.count <= maximumBytes else {
            throw MusicXMLError(code: .tooLarge, message: "the document is \(data.count) bytes; Backline reads MusicXML of up to \(maximumBytes) bytes (1 MiB)")
        }
        let root = try MusicXMLDocument.parse(data)
        if root.name == "score-timewise" {
            throw MusicXMLError(
                code: .timewise, message: "a score-timewise document: Backline reads score-partwise MusicXML; export the score as partwise (as most programs do)",
                line: root.line)
        }
        guard root.name == "score-partwise" else {
            throw MusicXMLError(code: .notMusicXML, message: "not a MusicXML file: <root> is \(Excerpt.quoted(root.name))")
        }
        let parts = root.children("part")
        for part in parts {
            let measures = part.children("measure")
            if measures.count > maximumMeasures {
                throw MusicXMLError(
                    code: .tooManyMeasures, message: "part \(Excerpt.quoted(part.attributes["id"] ?? "")) has \(measures.count) measures; Backline reads up to \(maximumMeasures)",
                    line: part.line)
            }
        }
        guard let chordPart = parts.first(where: { $0.children("measure").contains { !$0.children("harmony").isEmpty } }) else {
            throw MusicXMLError(code: .noChords, message: "the MusicXML file has no chord symbols (<harmony> elements)")
        }
        let key = try readKey(parts)
        let measures = try chordPart.children("measure").map { measure throws(MusicXMLError) in try readMeasure(measure, key: key) }
        let order = try playingOrder(measures)
        let marks = sectionMarks(parts, measureCount: measures.count)

        var bars: [[ChordSymbol]] = []
        var playedMarks: [(name: String, bar: Int)] = []
        var previous: ChordSymbol = .noChord
        var pickupMark: String?
        for index in order {
            let measure = measures[index]
            // A pickup bar without a chord is not a bar of the chart; its mark names the next bar.
            if index == 0 && measure.isImplicit && measure.chords.isEmpty && bars.isEmpty {
                pickupMark = marks[index]
                continue
            }
            if let mark = marks[index] ?? pickupMark { playedMarks.append((mark, bars.count)) }
            pickupMark = nil
            // A bar whose first chord comes after its downbeat starts with the chord before.
            bars.append((measure.chords.isEmpty || measure.startsLate ? [previous] : []) + measure.chords)
            if let last = measure.chords.last { previous = last }
        }
        guard !bars.isEmpty else {
            throw MusicXMLError(code: .noChords, message: "the MusicXML file has no chord symbols (<harmony> elements)")
        }
        return LeadSheet(
            title: readTitle(root), composer: readComposer(root), key: key, meter: readMeter(parts), tempo: readTempo(parts),
            chart: ChordChart(bars: bars, sections: sections(playedMarks, barCount: bars.count)))
    }

    // MARK: Header

    private static func readTitle(_ root: MusicXMLNode) -> String {
        let candidates = [root.child("work")?.value("work-title"), root.value("movement-title")]
        return candidates.compactMap { $0 }.first { !$0.isEmpty } ?? "Untitled"
    }

    private static func readComposer(_ root: MusicXMLNode) -> String? {
        let creator = root.child("identification")?.children("creator").first { $0.attributes["type"] == "composer" }
        return creator.map(\.trimmedText).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Every `<attributes>` child called `name`, part by part, measure by measure.
    private static func attributeElements(_ name: String, in parts: [MusicXMLNode]) -> [(node: MusicXMLNode, measure: String?)] {
        parts.flatMap { part in
            part.children("measure").flatMap { measure in
                measure.children("attributes").flatMap { $0.children(name) }.map { ($0, measure.attributes["number"]) }
            }
        }
    }

    /// The first traditional key signature; a non-traditional one (`<key-step>`) gives no key.
    private static func readKey(_ parts: [MusicXMLNode]) throws(MusicXMLError) -> Key? {
        guard let (node, measure) = attributeElements("key", in: parts).first, let text = node.value("fifths") else { return nil }
        guard let fifths = Int(text), (-7...7).contains(fifths) else {
            throw MusicXMLError(code: .invalidValue, message: "<fifths> \(Excerpt.quoted(text)) is not a key signature (-7 to 7)", line: node.child("fifths")?.line, measure: measure)
        }
        let modes: [String: (Mode, Int)] = [
            "major": (.major, 0), "ionian": (.major, 0), "minor": (.minor, 3), "aeolian": (.minor, 3), "dorian": (.dorian, 2),
            "phrygian": (.phrygian, 4), "lydian": (.lydian, -1), "mixolydian": (.mixolydian, 1), "locrian": (.locrian, 5),
        ]
        let (mode, shift) = modes[node.value("mode") ?? "major"] ?? (.major, 0)
        return Key(tonic: noteName(fifths: fifths + shift), mode: mode)
    }

    /// The note `position` steps round the circle of fifths from C, respelled among the seventeen
    /// names Backline plays in when it is not one of them (C♭ major is read as B major).
    static func noteName(fifths position: Int) -> NoteName {
        let letters: [NoteName.Letter] = [.f, .c, .g, .d, .a, .e, .b]
        let shifted = position + 1
        let letter = letters[((shifted % 7) + 7) % 7]
        let sharps = Int((Double(shifted) / 7).rounded(.down))
        let pitchClass = PitchClass(NoteName(letter).pitchClass.value + sharps)
        if let accidental = NoteName.Accidental(rawValue: sharps), NoteName.keyNames.contains(NoteName(letter, accidental).description) {
            return NoteName(letter, accidental)
        }
        return NoteName(parsing: (sharps < 0 ? Spelling.flats : .sharps).name(of: pitchClass))!
    }

    private static func readMeter(_ parts: [MusicXMLNode]) -> Meter? {
        guard let node = attributeElements("time", in: parts).first?.node,
            let beats = node.value("beats"), let beatType = node.value("beat-type"), let denominator = Int(beatType)
        else { return nil }
        // Additive meters such as 2+2+3/8 count their sum and keep their grouping.
        let terms = beats.split(separator: "+").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !terms.isEmpty, terms.count == beats.split(separator: "+").count,
            let meter = Meter(numerator: terms.reduce(0, +), denominator: denominator)
        else { return nil }
        return terms.count > 1 ? meter.grouped(terms) ?? meter : meter
    }

    /// The first tempo the document gives: `<sound tempo>` (quarter notes a minute) or a metronome
    /// mark, its beat unit converted to quarters.
    private static func readTempo(_ parts: [MusicXMLNode]) -> Int? {
        for part in parts {
            for measure in part.children("measure") {
                for element in measure.children where element.name == "direction" || element.name == "sound" {
                    let sound = element.name == "sound" ? element : element.child("sound")
                    if let text = sound?.attributes["tempo"], let tempo = Double(text.trimmingCharacters(in: .whitespaces)), tempo > 0 {
                        return Int(tempo.rounded())
                    }
                    let metronomes = element.children("direction-type").compactMap { $0.child("metronome") }
                    if let metronome = metronomes.first, let tempo = metronomeTempo(metronome) { return tempo }
                }
            }
        }
        return nil
    }

    private static func metronomeTempo(_ metronome: MusicXMLNode) -> Int? {
        let quarters: [String: Double] = ["whole": 4, "half": 2, "quarter": 1, "eighth": 0.5, "16th": 0.25]
        guard let unit = metronome.value("beat-unit").flatMap({ quarters[$0] }), let text = metronome.value("per-minute") else { return nil }
        let number = text.drop { !$0.isNumber }.prefix { $0.isNumber || $0 == "." }
        guard let perMinute = Double(number), perMinute > 0 else { return nil }
        let dots = metronome.children.prefix { $0.name != "per-minute" }.filter { $0.name == "beat-unit-dot" }.count
        let dotted = (0..<dots).reduce((length: unit, added: unit)) { sum, _ in (sum.length + sum.added / 2, sum.added / 2) }.length
        return Int((perMinute * dotted).rounded())
    }

    // MARK: Measures

    /// What the reader needs of a measure of the chord part.
    struct Measure {
        var number: String?
        var isImplicit = false
        var chords: [ChordSymbol] = []
        /// The first chord symbol stands after the downbeat.
        var startsLate = false
        var forwardRepeat = false
        /// Times the repeat ending here plays, when a backward repeat ends it.
        var backwardRepeat: Int?
        /// The numbers of an ending that starts here.
        var endingStart: [Int]?
        /// An ending stops (or is discontinued) at the end of this measure.
        var endingStops = false
    }

    private static func readMeasure(_ node: MusicXMLNode, key: Key?) throws(MusicXMLError) -> Measure {
        var measure = Measure(number: node.attributes["number"], isImplicit: node.attributes["implicit"] == "yes")
        // Harmonies stand at the current time plus their <offset>; sort them by it.
        var position = 0
        var harmonies: [(position: Int, order: Int, chord: ChordSymbol)] = []
        for element in node.children {
            switch element.name {
            case "note":
                if element.child("chord") == nil && element.child("grace") == nil { position += duration(element) }
            case "backup":
                position -= duration(element)
            case "forward":
                position += duration(element)
            case "harmony":
                let offset = element.value("offset").flatMap { Int($0) } ?? 0
                let chord = try chordSymbol(element, measure: measure.number, key: key)
                harmonies.append((position + offset, harmonies.count, chord))
            case "barline":
                try readBarline(element, into: &measure)
            default:
                break
            }
        }
        let sorted = harmonies.sorted { ($0.position, $0.order) < ($1.position, $1.order) }
        measure.chords = sorted.map(\.chord)
        measure.startsLate = (sorted.first?.position ?? 0) > 0
        return measure
    }

    private static func duration(_ element: MusicXMLNode) -> Int { element.value("duration").flatMap { Int($0) } ?? 0 }

    private static func readBarline(_ barline: MusicXMLNode, into measure: inout Measure) throws(MusicXMLError) {
        if let repeatNode = barline.child("repeat") {
            switch repeatNode.attributes["direction"] {
            case "forward":
                measure.forwardRepeat = true
            case "backward":
                let text = repeatNode.attributes["times"] ?? "2"
                guard let times = Int(text), times >= 1 else {
                    throw MusicXMLError(
                        code: .invalidValue, message: "<repeat times> \(Excerpt.quoted(text)) is not a number of times", line: repeatNode.line, measure: measure.number)
                }
                measure.backwardRepeat = times
            default:
                throw MusicXMLError(
                    code: .invalidValue, message: "<repeat direction> \(Excerpt.quoted(repeatNode.attributes["direction"] ?? "")) is neither forward nor backward",
                    line: repeatNode.line, measure: measure.number)
            }
        }
        guard let ending = barline.child("ending") else { return }
        switch ending.attributes["type"] {
        case "start":
            let text = ending.attributes["number"] ?? ""
            let numbers = text.split(whereSeparator: { $0 == "," || $0 == " " }).map { Int($0) }
            guard !numbers.isEmpty, numbers.allSatisfy({ ($0 ?? 0) >= 1 }) else {
                throw MusicXMLError(
                    code: .invalidValue, message: "<ending number> \(Excerpt.quoted(text)) is not a list of endings such as '1' or '1, 2'", line: ending.line,
                    measure: measure.number)
            }
            measure.endingStart = numbers.map { $0! }
        case "stop", "discontinue":
            measure.endingStops = true
        default:
            throw MusicXMLError(
                code: .invalidValue, message: "<ending type> \(Excerpt.quoted(ending.attributes["type"] ?? "")) is not start, stop or discontinue", line: ending.line,
                measure: measure.number)
        }
    }

    // MARK: Chord symbols

    private static func chordSymbol(_ harmony: MusicXMLNode, measure: String?, key: Key?) throws(MusicXMLError) -> ChordSymbol {
        func problem(_ message: String, _ node: MusicXMLNode) -> MusicXMLError {
            MusicXMLError(code: .invalidValue, message: message, line: node.line, measure: measure)
        }
        guard let kindNode = harmony.child("kind") else { throw problem("<harmony> without a <kind>", harmony) }
        let kindValue = kindNode.trimmedText
        if kindValue == "none" { return .noChord }
        guard let rootNode = harmony.child("root") else {
            let named = harmony.child("numeral") != nil ? "<numeral>" : harmony.child("function") != nil ? "<function>" : "nothing"
            throw problem("<harmony> names its root by \(named); Backline reads chord symbols with a <root>", harmony)
        }
        let root = try noteName(rootNode, step: "root-step", alter: "root-alter", measure: measure)
        var degrees: [MusicXMLHarmony.Degree] = []
        for degreeNode in harmony.children("degree") {
            let valueText = degreeNode.value("degree-value") ?? ""
            guard let value = Int(valueText), (1...13).contains(value) else {
                throw problem("<degree-value> \(Excerpt.quoted(valueText)) is not a chord degree (1 to 13)", degreeNode.child("degree-value") ?? degreeNode)
            }
            let alterText = degreeNode.value("degree-alter") ?? "0"
            guard let alter = integer(alterText), (-2...2).contains(alter) else {
                throw problem("<degree-alter> \(Excerpt.quoted(alterText)) is not a number of semitones (-2 to 2)", degreeNode.child("degree-alter") ?? degreeNode)
            }
            let typeText = degreeNode.value("degree-type") ?? ""
            guard let type = MusicXMLHarmony.DegreeType(rawValue: typeText) else {
                throw problem("<degree-type> \(Excerpt.quoted(typeText)) is not add, alter or subtract", degreeNode.child("degree-type") ?? degreeNode)
            }
            degrees.append(MusicXMLHarmony.Degree(value: value, alter: alter, type: type))
        }
        var intervals: [Int]
        if kindValue == "other" {
            // A chord spelled by its degrees alone; without any, the kind's text may still name it.
            switch MusicXMLHarmony.intervals(of: MusicXMLHarmony.Kind("other", [(1, 0)]), applying: degrees) {
            case .success(let result): intervals = result
            case .failure(let failure): throw problem(failure.message, harmony)
            }
            if intervals == [0] {
                intervals = ChordQuality.parse(suffix: kindNode.attributes["text"] ?? "")?.intervals ?? ChordQuality.major.intervals
            }
        } else {
            guard let kind = MusicXMLHarmony.kinds[kindValue] else {
                throw problem("<kind> \(Excerpt.quoted(kindValue)) is not a MusicXML chord kind", kindNode)
            }
            switch MusicXMLHarmony.intervals(of: kind, applying: degrees) {
            case .success(let result): intervals = result
            case .failure(let failure): throw problem(failure.message, harmony)
            }
        }
        let quality = ChordQuality(intervals: intervals)
        var bass: NoteName?
        if let bassNode = harmony.child("bass") {
            bass = try noteName(bassNode, step: "bass-step", alter: "bass-alter", measure: measure)
        } else if let inversionText = harmony.value("inversion") {
            // An inversion puts the chord's third, fifth or seventh in the bass.
            guard let inversion = Int(inversionText), inversion >= 0 else {
                throw problem("<inversion> \(Excerpt.quoted(inversionText)) is not an inversion (0, 1, 2 or 3)", harmony.child("inversion")!)
            }
            if inversion > 0 && inversion < intervals.count {
                let chordKey = Key(tonic: root, mode: quality.third == 3 ? .minor : .major)
                bass = NoteName(parsing: chordKey.name(of: root.pitchClass + intervals[inversion]))
            }
        }
        if bass?.pitchClass == root.pitchClass { bass = nil }
        return .absolute(root: root, quality: quality, bass: bass)
    }

    /// A root or bass: its step (A–G) and alteration, respelled among Backline's seventeen names
    /// when it is not one of them (Cb is read as B, E# as F).
    private static func noteName(_ node: MusicXMLNode, step stepName: String, alter alterName: String, measure: String?) throws(MusicXMLError) -> NoteName {
        guard let stepNode = node.child(stepName) else {
            throw MusicXMLError(code: .invalidValue, message: "<\(node.name)> without a <\(stepName)>", line: node.line, measure: measure)
        }
        let step = stepNode.trimmedText
        guard step.count == 1, let letter = NoteName.Letter(rawValue: step.first!) else {
            throw MusicXMLError(code: .invalidValue, message: "<\(stepName)> \(Excerpt.quoted(step)) is not a note name", line: stepNode.line, measure: measure)
        }
        var alter = 0
        if let alterNode = node.child(alterName) {
            guard let value = integer(alterNode.trimmedText), (-2...2).contains(value) else {
                throw MusicXMLError(
                    code: .invalidValue, message: "<\(alterName)> \(Excerpt.quoted(alterNode.trimmedText)) is not a whole number of semitones (-2 to 2)",
                    line: alterNode.line, measure: measure)
            }
            alter = value
        }
        if let accidental = NoteName.Accidental(rawValue: alter), let name = NoteName(parsing: NoteName(letter, accidental).description) {
            return name
        }
        let pitchClass = PitchClass(NoteName(letter).pitchClass.value + alter)
        return NoteName(parsing: (alter < 0 ? Spelling.flats : .sharps).name(of: pitchClass))!
    }

    /// `-1`, `1`, `1.0`: MusicXML's semitone values are decimals; Backline takes whole ones.
    private static func integer(_ text: String) -> Int? {
        if let value = Int(text) { return value }
        guard let value = Double(text), value == value.rounded() else { return nil }
        return Int(value)
    }

    // MARK: Playing order

    /// The measures in the order they are played: repeats taken as often as `times` says (twice by
    /// default) and each ending on the pass its number names.
    static func playingOrder(_ measures: [Measure]) throws(MusicXMLError) -> [Int] {
        // Each ending's measures: its numbers, first and last measure, and the highest number of
        // the endings that follow it without a gap (so that a 2nd ending that repeats again knows
        // a 3rd is coming).
        struct Ending {
            var numbers: Set<Int>
            var first: Int
            var last: Int
        }
        var endings: [Ending] = []
        var open: Ending?
        for (index, measure) in measures.enumerated() {
            if let numbers = measure.endingStart {
                if var unfinished = open {
                    unfinished.last = index - 1
                    endings.append(unfinished)
                }
                open = Ending(numbers: Set(numbers), first: index, last: index)
            }
            if var current = open, measure.endingStops || measure.backwardRepeat != nil {
                current.last = index
                endings.append(current)
                open = nil
            }
        }
        if var unfinished = open {
            unfinished.last = measures.count - 1
            endings.append(unfinished)
        }
        var endingAt: [Int: Int] = [:]
        for (number, ending) in endings.enumerated() {
            for index in ending.first...ending.last { endingAt[index] = number }
        }
        func laterEndingsHighest(after number: Int) -> Int {
            var highest = 0
            var next = number + 1
            var previousLast = endings[number].last
            while next < endings.count, endings[next].first == previousLast + 1 {
                highest = max(highest, endings[next].numbers.max() ?? 0)
                previousLast = endings[next].last
                next += 1
            }
            return highest
        }

        var order: [Int] = []
        var index = 0
        var repeatStart = 0
        var pass = 1
        var arrivedByJump = false
        while index < measures.count {
            let measure = measures[index]
            if measure.forwardRepeat && !arrivedByJump {
                repeatStart = index
                pass = 1
            }
            arrivedByJump = false
            if let number = endingAt[index], endings[number].first == index, !endings[number].numbers.contains(pass) {
                index = endings[number].last + 1
                continue
            }
            order.append(index)
            if order.count > maximumPlayedBars {
                throw MusicXMLError(
                    code: .tooManyMeasures, message: "with its repeats written out the tune is longer than \(maximumPlayedBars) bars",
                    measure: measure.number)
            }
            if let times = measure.backwardRepeat {
                let moreEndings = endingAt[index].map { laterEndingsHighest(after: $0) > pass } ?? false
                if pass < times || moreEndings {
                    pass += 1
                    index = repeatStart
                    arrivedByJump = true
                    continue
                }
                pass = 1
                repeatStart = index + 1
            } else if let number = endingAt[index], endings[number].last == index {
                // The last ending is over: what follows starts afresh.
                pass = 1
                repeatStart = index + 1
            }
            index += 1
        }
        return order
    }

    // MARK: Sections

    /// Section names by measure index: rehearsal marks in any part, or, when the document has
    /// none, `<words>` that name a section (Intro, Verse 2, Chorus, Bridge, A …).
    private static func sectionMarks(_ parts: [MusicXMLNode], measureCount: Int) -> [Int: String] {
        func marks(_ element: String, accept: (String) -> Bool) -> [Int: String] {
            var found: [Int: String] = [:]
            for part in parts {
                for (index, measure) in part.children("measure").prefix(measureCount).enumerated() where found[index] == nil {
                    let texts = measure.children("direction").flatMap { $0.children("direction-type") }.flatMap { $0.children(element) }
                    if let name = texts.lazy.compactMap({ sectionName($0.trimmedText) }).first(where: accept) { found[index] = name }
                }
            }
            return found
        }
        let rehearsals = marks("rehearsal") { _ in true }
        return rehearsals.isEmpty ? marks("words", accept: looksLikeSection) : rehearsals
    }

    private static let sectionWords: Set<String> = [
        "intro", "verse", "chorus", "pre-chorus", "prechorus", "bridge", "outro", "coda", "solo", "solos", "interlude", "tag", "ending",
        "refrain", "head", "vamp", "break", "instrumental", "hook", "turnaround", "shout", "out head", "in",
    ]

    private static func looksLikeSection(_ name: String) -> Bool {
        let word = name.lowercased().reversed().drop { $0.isNumber || $0 == " " }.reversed()
        let base = String(word)
        if sectionWords.contains(base) { return true }
        // A letter section: A, B, A1, A'.
        let letters = base.filter { $0 != "'" }
        return letters.count == 1 && ("a"..."h").contains(letters)
    }

    /// A rehearsal mark as a chart section name: the characters a chart allows, spaces collapsed,
    /// at most ``ChordChart/maximumSectionName`` long; nil when nothing is left.
    private static func sectionName(_ text: String) -> String? {
        let allowed = { (character: Character) in character.isASCII && (character.isLetter || character.isNumber || "_'-".contains(character)) }
        let cleaned = String(text.map { (character: Character) -> Character in allowed(character) ? character : " " })
        let words = cleaned.split(separator: " ").map(String.init)
        var name = words.joined(separator: " ")
        if name.count > ChordChart.maximumSectionName {
            name = String(name.prefix(ChordChart.maximumSectionName)).trimmingCharacters(in: .whitespaces)
        }
        return name.isEmpty ? nil : name
    }

    /// Sections from the marks in playing order; bars before the first mark are an Intro.
    private static func sections(_ marks: [(name: String, bar: Int)], barCount: Int) -> [ChordChart.Section] {
        var starts = marks
        guard !starts.isEmpty else { return [] }
        if starts[0].bar > 0 { starts.insert(("Intro", 0), at: 0) }
        // Two marks on one bar: the first names it.
        var unique: [(name: String, bar: Int)] = []
        for mark in starts where unique.last?.bar != mark.bar { unique.append(mark) }
        return unique.indices.map { index in
            let end = index + 1 < unique.count ? unique[index + 1].bar : barCount
            return ChordChart.Section(name: unique[index].name, type: nil, firstBar: unique[index].bar, bars: end - unique[index].bar)
        }
    }
}
