import Foundation
import MusicTheory

/// Something a lenient import read in its own way rather than refuse: a chord kind it guessed, a
/// jump with nowhere to go. A strict import refuses the same thing with an error.
public struct MusicXMLWarning: Sendable, Hashable, CustomStringConvertible {
    /// The measure as the file numbers it (its `number` attribute, or its position from 1 when it
    /// has none), so a musician can find it in their notation program.
    public var measure: String
    public var message: String

    public init(measure: String, message: String) {
        self.measure = measure
        self.message = message
    }

    public var description: String { "measure \(measure): \(message)" }
}

/// Reads a MusicXML lead sheet's chords: title, composer, key, meter, tempo, and the chord symbols
/// bar by bar in playing order, with the sections its rehearsal marks name.
///
/// Reads `score-partwise` documents, uncompressed (`.musicxml`, `.xml`) or compressed (`.mxl`, a
/// zip archive, told apart by its first bytes). The chords are the `<harmony>` elements of the part
/// that has the most of them (the first of equals): a lead sheet's melody, not the piano's or the
/// drums' staff. A measure without one holds the chord before it (as does a measure whose first
/// one comes after the downbeat, for its first share), and measures before the first chord are N.C.
///
/// A pickup (an `implicit` first measure, or a first measure shorter than its meter) is not a bar
/// of the chart: the band starts on the downbeat. A chord it holds sounds from that downbeat when
/// the first full bar does not name its own there.
///
/// Bars come in playing order: repeats (`<repeat>`, with `times`) and 1st/2nd endings (`<ending>`)
/// written out, then D.C. and D.S. (`<sound dacapo/dalsegno>`, or the words) followed once, with
/// To Coda and Fine taken on that pass only, where repeats are not taken again and only the last
/// ending plays, as bands read them. Every `<time>` counts: the first bar's is the sheet's
/// ``LeadSheet/meter``, later ones are ``LeadSheet/meterChanges``. The key is the first `<key>`.
public enum MusicXMLLeadSheet {
    /// Documents (and `.mxl` archives) larger than this (1 MiB) are refused before parsing.
    public static let maximumBytes = 1 << 20
    /// Measures per part.
    public static let maximumMeasures = 2_000
    /// Bars once repeats and jumps are written out: as many as a chart holds.
    public static let maximumPlayedBars = ChordChart.maximumBars

    /// A lead sheet read, and what was read in a way of the reader's own choosing.
    public struct Import: Sendable, Hashable {
        public var sheet: LeadSheet
        /// The guessed chord kinds in the order the measures are written, then the jumps left
        /// out; empty for a file read as MusicXML says.
        public var warnings: [MusicXMLWarning]

        public init(sheet: LeadSheet, warnings: [MusicXMLWarning] = []) {
            self.sheet = sheet
            self.warnings = warnings
        }
    }

    /// The lead sheet in `data`, MusicXML or `.mxl`, taking what real files write leniently; see
    /// ``import(_:strict:)`` to hear what it guessed.
    public static func read(_ data: Data) throws(MusicXMLError) -> LeadSheet {
        try `import`(data).sheet
    }

    /// Reads `data` (MusicXML or `.mxl`) with the warnings for what the reader guessed: a `<kind>`
    /// MusicXML does not have, read by its name or text or played as a triad; a jump without a
    /// target, left out. With `strict`, each of those is an error instead (``MusicXMLError/Code/unknownKind``,
    /// ``MusicXMLError/Code/unresolvedJump``), for tools that check a file before sharing it.
    public static func `import`(_ data: Data, strict: Bool = false) throws(MusicXMLError) -> Import {
        var document = data
        var limit = maximumBytes
        if MusicXMLArchive.isArchive(data) {
            document = try MusicXMLArchive.score(in: data)
            limit = MusicXMLArchive.maximumUncompressedBytes
        }
        guard document.count <= limit else {
            throw MusicXMLError(code: .tooLarge, message: "the document is \(document.count) bytes; Backline reads MusicXML of up to \(limit) bytes (\(limit >> 20) MiB)")
        }
        var context = Context(strict: strict)
        let sheet = try readScore(document, context: &context)
        return Import(sheet: sheet, warnings: context.warnings)
    }

    /// What one import collects as it goes.
    struct Context {
        let strict: Bool
        var warnings: [MusicXMLWarning] = []

        /// Notes a guess, or refuses it when the import is strict.
        mutating func warn(_ message: String, code: MusicXMLError.Code, measure: String, line: Int? = nil) throws(MusicXMLError) {
            if strict { throw MusicXMLError(code: code, message: message, line: line, measure: measure) }
            warnings.append(MusicXMLWarning(measure: measure, message: message))
        }
    }

    private static func readScore(_ data: Data, context: inout Context) throws(MusicXMLError) -> LeadSheet {
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
        // The lead sheet's part: the one with the most chord symbols, the first of equals.
        let harmonyCounts = parts.map { $0.children("measure").reduce(0) { $0 + $1.children("harmony").count } }
        guard let most = harmonyCounts.max(), most > 0, let chordIndex = harmonyCounts.firstIndex(of: most) else {
            throw MusicXMLError(code: .noChords, message: "the MusicXML file has no chord symbols (<harmony> elements)")
        }
        let chordPart = parts[chordIndex]
        let key = try readKey(parts)
        // Meters come from the chord part, or from the first part that writes any when it has none.
        let meterPart = chordPart.children("measure").contains { !$0.children("attributes").flatMap { $0.children("time") }.isEmpty }
            ? chordPart : parts.first { $0.children("measure").contains { !$0.children("attributes").flatMap { $0.children("time") }.isEmpty } }
        var measures: [Measure] = []
        var divisions = 1
        var meter: Meter?
        let meterMeasures = meterPart?.children("measure") ?? []
        for (index, node) in chordPart.children("measure").enumerated() {
            if index < meterMeasures.count, let time = meterMeasures[index].children("attributes").flatMap({ $0.children("time") }).first {
                meter = readMeter(time) ?? meter
            }
            var measure = try readMeasure(node, index: index, key: key, divisions: &divisions, context: &context)
            measure.meter = meter
            // A one-measure sheet is a bar, however short.
            if index == 0 && chordPart.children("measure").count > 1 {
                let short = meter.map { measure.filled > 0 && measure.filled * $0.denominator < 4 * measure.divisions * $0.numerator } ?? false
                measure.isPickup = measure.isImplicit || short
            }
            measures.append(measure)
        }
        let order = try playingOrder(measures, context: &context)
        let marks = sectionMarks(parts, measureCount: measures.count)

        var bars: [[ChordSymbol]] = []
        var barMeters: [Meter?] = []
        var playedMarks: [(name: String, bar: Int)] = []
        var previous: ChordSymbol = .noChord
        var pickupMark: String?
        for (position, index) in order.enumerated() {
            let measure = measures[index]
            // A pickup is not a bar of the chart; its chord and its mark go to the next bar.
            if position == 0 && index == 0 && measure.isPickup {
                pickupMark = marks[index]
                if let last = measure.chords.last { previous = last }
                continue
            }
            if let mark = marks[index] ?? pickupMark { playedMarks.append((mark, bars.count)) }
            pickupMark = nil
            // A bar whose first chord comes after its downbeat starts with the chord before.
            bars.append((measure.chords.isEmpty || measure.startsLate ? [previous] : []) + measure.chords)
            barMeters.append(measure.meter)
            if let last = measure.chords.last { previous = last }
        }
        guard !bars.isEmpty else {
            throw MusicXMLError(code: .noChords, message: "the MusicXML file has no chord symbols (<harmony> elements)")
        }
        let firstMeter = barMeters.first ?? nil
        var meterChanges: [LeadSheet.MeterChange] = []
        var current = firstMeter
        for (bar, barMeter) in barMeters.enumerated() where barMeter != nil && barMeter != current {
            meterChanges.append(LeadSheet.MeterChange(bar: bar, meter: barMeter!))
            current = barMeter
        }
        return LeadSheet(
            title: readTitle(root), composer: readComposer(root), key: key, meter: firstMeter, tempo: readTempo(parts),
            chart: ChordChart(bars: bars, sections: sections(playedMarks, barCount: bars.count)), meterChanges: meterChanges)
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

    /// A `<time>`: its first signature (a composite 3/4+2/8 counts as its first), an additive
    /// 2+2+3/8 counting its sum and keeping its grouping; nil for one Backline cannot play.
    private static func readMeter(_ node: MusicXMLNode) -> Meter? {
        guard let beats = node.value("beats"), let beatType = node.value("beat-type"), let denominator = Int(beatType) else { return nil }
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
        /// The measure's name in messages: its number, or its position from 1.
        var label: String
        var isImplicit = false
        /// An `implicit` first measure, or one whose notes fill less than its meter: a pickup.
        var isPickup = false
        var meter: Meter?
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
        /// How far its notes reach, in `divisions` a quarter, to tell a pickup.
        var filled = 0
        var divisions = 1
        /// Where a D.S. jumps to.
        var segno = false
        /// Where To Coda jumps to: the coda's first measure.
        var coda = false
        /// At its end, on the D.C./D.S. pass, the band jumps to the coda.
        var toCoda = false
        /// At its end, on the D.C./D.S. pass, the tune is over.
        var fine = false
        /// At its end, the band jumps back: to the top (D.C.) or the segno (D.S.).
        var jump: Jump?
        /// Lines of the elements that say so, for strict errors.
        var jumpLine: Int?
    }

    enum Jump {
        case daCapo, dalSegno
    }

    private static func readMeasure(_ node: MusicXMLNode, index: Int, key: Key?, divisions: inout Int, context: inout Context) throws(MusicXMLError) -> Measure {
        let number = node.attributes["number"]
        var measure = Measure(number: number, label: number ?? "\(index + 1)", isImplicit: node.attributes["implicit"] == "yes")
        // Harmonies stand at the current time plus their <offset>; sort them by it.
        var position = 0
        var end = 0
        var harmonies: [(position: Int, order: Int, chord: ChordSymbol)] = []
        var codaSigns = 0
        var saysToCoda = false
        for element in node.children {
            switch element.name {
            case "attributes":
                if let text = element.value("divisions"), let value = Int(text), value > 0 { divisions = value }
            case "note":
                if element.child("chord") == nil && element.child("grace") == nil { position += duration(element) }
            case "backup":
                position -= duration(element)
            case "forward":
                position += duration(element)
            case "harmony":
                let offset = element.value("offset").flatMap { Int($0) } ?? 0
                let chord = try chordSymbol(element, measure: measure.label, key: key, context: &context)
                harmonies.append((position + offset, harmonies.count, chord))
            case "barline":
                try readBarline(element, into: &measure)
                if element.child("segno") != nil { measure.segno = true }
                codaSigns += element.children("coda").count
            case "direction":
                for type in element.children("direction-type") {
                    if type.child("segno") != nil { measure.segno = true }
                    codaSigns += type.children("coda").count
                    for words in type.children("words") { readJumpWords(words, into: &measure, saysToCoda: &saysToCoda) }
                }
                if let sound = element.child("sound") { readSound(sound, into: &measure) }
            case "sound":
                readSound(element, into: &measure)
            default:
                break
            }
            end = max(end, position)
        }
        // A coda sign beside "To Coda" words marks the jump; alone, it marks where the coda starts.
        if codaSigns > 0 {
            if saysToCoda { measure.toCoda = true } else if !measure.toCoda { measure.coda = true }
        }
        let sorted = harmonies.sorted { ($0.position, $0.order) < ($1.position, $1.order) }
        measure.chords = sorted.map(\.chord)
        measure.startsLate = (sorted.first?.position ?? 0) > 0
        measure.filled = end
        measure.divisions = divisions
        return measure
    }

    /// `<sound>`'s playback attributes, which notation programs write beside the signs.
    private static func readSound(_ sound: MusicXMLNode, into measure: inout Measure) {
        let attributes = sound.attributes
        if attributes["segno"] != nil { measure.segno = true }
        if attributes["coda"] != nil { measure.coda = true }
        if attributes["tocoda"] != nil { measure.toCoda = true }
        if attributes["dalsegno"] != nil { measure.jump = .dalSegno }
        if attributes["dacapo"] == "yes" { measure.jump = .daCapo }
        if attributes["fine"] != nil { measure.fine = true }
        if measure.jump != nil { measure.jumpLine = sound.line }
    }

    /// The words bands read as jumps: "D.S. al Coda", "D.C. al Fine", "Dal Segno", "To Coda", "Fine".
    private static func readJumpWords(_ words: MusicXMLNode, into measure: inout Measure, saysToCoda: inout Bool) {
        let text = words.trimmedText.lowercased().filter { $0.isLetter || $0 == " " }
        let squeezed = text.filter { $0 != " " }
        if squeezed.hasPrefix("ds") || squeezed.hasPrefix("dalsegno") {
            measure.jump = measure.jump ?? .dalSegno
            measure.jumpLine = words.line
        } else if squeezed.hasPrefix("dc") || squeezed.hasPrefix("dacapo") {
            measure.jump = measure.jump ?? .daCapo
            measure.jumpLine = words.line
        } else if squeezed.hasPrefix("tocoda") {
            saysToCoda = true
            measure.toCoda = true
        } else if squeezed == "fine" {
            measure.fine = true
        } else if squeezed == "coda" {
            measure.coda = true
        }
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

    private static func chordSymbol(_ harmony: MusicXMLNode, measure: String, key: Key?, context: inout Context) throws(MusicXMLError) -> ChordSymbol {
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
                let text = kindNode.attributes["text"] ?? ""
                if let quality = ChordQuality.parse(suffix: text.trimmingCharacters(in: .whitespaces)) {
                    intervals = quality.intervals
                } else {
                    if !text.isEmpty {
                        try context.warn(
                            "<kind text> \(Excerpt.quoted(text)) is no chord Backline knows; played as a major triad", code: .unknownKind, measure: measure,
                            line: kindNode.line)
                    }
                    intervals = ChordQuality.major.intervals
                }
            }
        } else {
            let kind = try kind(kindNode, measure: measure, context: &context)
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

    /// The kind a `<kind>` names. MusicXML's own values first; then the names exporters write
    /// instead (`minor-major`, `augmented-ninth`, `dominant-seventh`), then the value or its `text`
    /// read as a chord suffix (`maj7`, `min7`, `7`, `m7b5`, `7alt`); else the triad its text
    /// starts like (minor for `m`, `min`, `-`), with a warning. Only MusicXML's values are silent.
    private static func kind(_ node: MusicXMLNode, measure: String, context: inout Context) throws(MusicXMLError) -> MusicXMLHarmony.Kind {
        let value = node.trimmedText
        if let kind = MusicXMLHarmony.kinds[value] { return kind }
        let text = (node.attributes["text"] ?? "").trimmingCharacters(in: .whitespaces)
        let shown = value.isEmpty ? "an empty <kind>" : "<kind> \(Excerpt.quoted(value))"
        let named = MusicXMLHarmony.kinds.first { $0.key.lowercased() == value.lowercased() }?.value
            ?? MusicXMLHarmony.nonStandardKinds[value.lowercased()]
        // An empty kind has only its text; an unknown one is first read by its own name.
        let readings = value.isEmpty ? [text] : [value, text]
        if let kind = named ?? readings.lazy.compactMap({ MusicXMLHarmony.kind(suffix: $0) }).first {
            try context.warn(
                "\(shown) is not a MusicXML chord kind; read as \(Excerpt.quoted(kind.value))", code: .unknownKind, measure: measure, line: node.line)
            return kind
        }
        // "m", "min", "-" and "m" before a number or a parenthesis say minor; "mystery" does not.
        let minor = [value, text].contains { name in
            name.hasPrefix("min") || name.hasPrefix("-") || (name.hasPrefix("m") && name.dropFirst().first.map { !$0.isLetter } ?? true)
        }
        let triad = minor ? "minor" : "major"
        let textPart = text.isEmpty ? "" : " (text \(Excerpt.quoted(text)))"
        try context.warn(
            "\(shown)\(textPart) is no chord kind Backline knows; played as a \(triad) triad", code: .unknownKind, measure: measure, line: node.line)
        return MusicXMLHarmony.kinds[triad]!
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
    /// default) and each ending on the pass its number names; then a D.C. or D.S. taken once, back
    /// to the top or the segno, on which pass repeats are not taken again, only the last ending of
    /// each set plays, To Coda jumps to the coda and Fine ends the tune.
    ///
    /// Each jump is taken once, so the order cannot cycle; it is also cut off at
    /// ``maximumPlayedBars``, as a chart cannot hold more.
    static func playingOrder(_ measures: [Measure], context: inout Context) throws(MusicXMLError) -> [Int] {
        // Each ending's measures: its numbers, first and last measure.
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
        /// The highest number of the endings that follow ending `number` without a gap (so that a
        /// 2nd ending that repeats again knows a 3rd is coming).
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

        let segno = measures.firstIndex { $0.segno }
        // Two bare coda signs and no To Coda: the first is where the band leaves, as it is drawn.
        var measures = measures
        let codaSigns = measures.indices.filter { measures[$0].coda }
        if codaSigns.count >= 2 && !measures.contains(where: \.toCoda) {
            measures[codaSigns[0]].coda = false
            measures[codaSigns[0]].toCoda = true
        }
        // The coda starts at a coda sign after the last To Coda (a sign before it is the jump's own).
        let lastToCoda = measures.lastIndex { $0.toCoda }
        let coda = measures.indices.first { measures[$0].coda && $0 > (lastToCoda ?? -1) }

        var order: [Int] = []
        var index = 0
        var repeatStart = 0
        var pass = 1
        var arrivedByJump = false
        // After the D.C. or D.S.: repeats are played through, To Coda and Fine count.
        var jumped = false
        var jumpsTaken: Set<Int> = []
        while index < measures.count {
            let measure = measures[index]
            if measure.forwardRepeat && !arrivedByJump {
                repeatStart = index
                pass = 1
            }
            arrivedByJump = false
            if let number = endingAt[index], endings[number].first == index {
                let plays = jumped ? laterEndingsHighest(after: number) == 0 : endings[number].numbers.contains(pass)
                if !plays {
                    index = endings[number].last + 1
                    continue
                }
            }
            order.append(index)
            if order.count > maximumPlayedBars {
                throw MusicXMLError(
                    code: .tooManyMeasures, message: "with its repeats and jumps written out the tune is longer than \(maximumPlayedBars) bars",
                    measure: measure.label)
            }
            if let times = measure.backwardRepeat, !jumped {
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
            if jumped && measure.fine { break }
            if jumped && measure.toCoda {
                if let coda, coda > index {
                    index = coda
                    continue
                }
                try context.warn("To Coda, but no coda follows it; the tune plays on", code: .unresolvedJump, measure: measure.label, line: measure.jumpLine)
            }
            if let jump = measure.jump, !jumpsTaken.contains(index) {
                jumpsTaken.insert(index)
                let target = jump == .daCapo ? 0 : segno
                if let target, target <= index {
                    jumped = true
                    pass = 1
                    repeatStart = target
                    index = target
                    arrivedByJump = true
                    continue
                }
                try context.warn("D.S., but no segno comes before it; the tune plays on", code: .unresolvedJump, measure: measure.label, line: measure.jumpLine)
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
