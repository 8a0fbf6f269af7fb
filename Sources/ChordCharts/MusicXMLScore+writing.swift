import MusicTheory

extension MusicXMLScore {
    /// The score as a MusicXML 4.0 `score-partwise` document, UTF-8 text with its XML declaration
    /// and the standard partwise DOCTYPE (which readers such as music21 and MuseScore never fetch).
    ///
    /// - The chord symbols are `<harmony>` elements above the first pitched part, or above a part of
    ///   rests named "Chords" when every part is percussion (or there are none). A chord that falls
    ///   while a note sounds carries an `<offset>` from that note.
    /// - Rehearsal marks, the metronome mark and `<sound tempo>` go in the top part.
    /// - Notes are quantized (see ``MusicXMLNotation``), split at barlines with ties, gaps filled
    ///   with rests. Notes struck together are one chord (`<chord/>`) and last until the next onset
    ///   or the longest of them ends, so every part is a single voice.
    /// - Pitches are sounding pitches. A bass part (GM programs 32–39, or "bass" in its name) has
    ///   the bass clef with an 8 below, a guitar part (24–31) the treble clef with an 8 below: they
    ///   read as the instruments' music is written, an octave above the sound, while `<pitch>` keeps
    ///   the sounding note. Other pitched parts have the treble clef.
    /// - Drums are unpitched notes on a percussion staff, one `<score-instrument>` per kit piece
    ///   played, MIDI channel 10; each hit lasts until the next, at most a beat, never tied.
    public func musicXML() -> String {
        precondition(bars >= 1, "a score has bars")
        precondition(tempo > 0, "a score has a tempo")
        precondition(ticksPerQuarter > 0, "ticks per quarter are positive")
        precondition(chords.allSatisfy { (0..<bars).contains($0.bar) && $0.tick >= 0 }, "chords lie inside the score")
        precondition(sections.allSatisfy { (0..<bars).contains($0.firstBar) }, "sections start inside the score")
        precondition(parts.allSatisfy { (0...127).contains($0.program) }, "GM programs are 0–127")
        var writer = MusicXMLScoreWriter(score: self)
        return writer.document()
    }
}

/// Writes one ``MusicXMLScore``; a value used once.
struct MusicXMLScoreWriter {
    private let score: MusicXMLScore
    private let timeline: MusicXMLTimeline
    private var xml = MusicXMLText()

    init(score: MusicXMLScore) {
        self.score = score
        timeline = MusicXMLTimeline(score: score)
    }

    // MARK: Parts

    enum Clef {
        case treble, trebleOctaveDown, bassOctaveDown, percussion
    }

    /// A part as written: the score's part, or the part of rests that carries the chords when no
    /// part has pitches.
    struct WrittenPart {
        let id: String
        let name: String
        let program: Int?
        let channel: Int
        let isPercussion: Bool
        let clef: Clef
        let carriesChords: Bool
        let notes: [MusicXMLScore.Note]
    }

    private func writtenParts() -> [WrittenPart] {
        var source: [(part: MusicXMLScore.Part?, carriesChords: Bool)] = []
        let chordPart = score.parts.firstIndex { !$0.isPercussion }
        if chordPart == nil { source.append((nil, true)) }
        source += score.parts.indices.map { (score.parts[$0], $0 == chordPart) }
        var nextChannel = 1
        return source.enumerated().map { index, entry in
            let id = "P\(index + 1)"
            guard let part = entry.part else {
                return WrittenPart(id: id, name: "Chords", program: nil, channel: 1, isPercussion: false, clef: .treble, carriesChords: true, notes: [])
            }
            var channel = 10
            if !part.isPercussion {
                channel = nextChannel
                nextChannel = nextChannel % 16 + 1
                if nextChannel == 10 { nextChannel = 11 }
            }
            let clef: Clef =
                if part.isPercussion { .percussion }
                else if (32...39).contains(part.program) || part.name.lowercased().contains("bass") { .bassOctaveDown }
                else if (24...31).contains(part.program) { .trebleOctaveDown }
                else { .treble }
            return WrittenPart(
                id: id, name: part.name, program: part.program, channel: channel, isPercussion: part.isPercussion, clef: clef,
                carriesChords: entry.carriesChords, notes: part.notes)
        }
    }

    // MARK: Document

    mutating func document() -> String {
        let parts = writtenParts()
        xml.line("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>")
        xml.line(
            "<!DOCTYPE score-partwise PUBLIC \"-//Recordare//DTD MusicXML 4.0 Partwise//EN\" \"http://www.musicxml.org/dtds/partwise.dtd\">"
        )
        xml.open("score-partwise", ["version": "4.0"])
        xml.open("work")
        xml.element("work-title", score.title)
        xml.close("work")
        xml.open("identification")
        if let composer = score.composer { xml.element("creator", composer, ["type": "composer"]) }
        xml.open("encoding")
        xml.element("software", "Backline")
        // Readers place accidentals, beams and stems themselves.
        for element in ["accidental", "beam", "stem"] { xml.empty("supports", ["element": element, "type": "no"]) }
        xml.close("encoding")
        xml.close("identification")
        xml.open("part-list")
        for part in parts { writeScorePart(part) }
        xml.close("part-list")
        for (index, part) in parts.enumerated() { writePart(part, isTop: index == 0) }
        xml.close("score-partwise")
        return xml.text
    }

    private mutating func writeScorePart(_ part: WrittenPart) {
        xml.open("score-part", ["id": part.id])
        xml.element("part-name", part.name)
        if part.isPercussion {
            let drums = Set(part.notes.map(\.pitch)).sorted()
            for drum in drums {
                xml.open("score-instrument", ["id": instrumentID(part, drum)])
                xml.element("instrument-name", MusicXMLDrumMap.piece(for: drum).name)
                xml.close("score-instrument")
            }
            for drum in drums {
                xml.open("midi-instrument", ["id": instrumentID(part, drum)])
                xml.element("midi-channel", "10")
                xml.element("midi-unpitched", "\(drum + 1)")
                xml.close("midi-instrument")
            }
        } else if let program = part.program {
            xml.open("score-instrument", ["id": "\(part.id)-I1"])
            xml.element("instrument-name", part.name)
            xml.close("score-instrument")
            xml.open("midi-instrument", ["id": "\(part.id)-I1"])
            xml.element("midi-channel", "\(part.channel)")
            xml.element("midi-program", "\(program + 1)")
            xml.close("midi-instrument")
        }
        xml.close("score-part")
    }

    private func instrumentID(_ part: WrittenPart, _ drum: Int) -> String { "\(part.id)-I\(drum)" }

    private mutating func writePart(_ part: WrittenPart, isTop: Bool) {
        let chordPositions = part.carriesChords ? chordPositions() : [:]
        let bars = MusicXMLBars(part: part, timeline: timeline, chordPositions: chordPositions)
        let sectionStarts = Dictionary(score.sections.map { ($0.firstBar, $0.name) }, uniquingKeysWith: { _, last in last })
        xml.open("part", ["id": part.id])
        for bar in 0..<score.bars {
            xml.open("measure", ["number": "\(bar + 1)"])
            if bar == 0 {
                writeAttributes(part)
            } else if timeline.meters[bar] != timeline.meters[bar - 1] {
                // A change of meter is a new time signature at the bar it starts, in every part.
                xml.open("attributes")
                writeTime(timeline.meters[bar])
                xml.close("attributes")
            }
            if isTop, let name = sectionStarts[bar] {
                xml.open("direction", ["placement": "above"])
                xml.open("direction-type")
                xml.element("rehearsal", name)
                xml.close("direction-type")
                xml.close("direction")
            }
            if isTop && bar == 0 { writeTempo() }
            writeMeasure(bars.pieces(inBar: bar), part: part, chords: chordPositions[bar] ?? [])
            if bar == score.bars - 1 {
                xml.open("barline", ["location": "right"])
                xml.element("bar-style", "light-heavy")
                xml.close("barline")
            }
            xml.close("measure")
        }
        xml.close("part")
    }

    private mutating func writeAttributes(_ part: WrittenPart) {
        xml.open("attributes")
        xml.element("divisions", "\(MusicXMLNotation.divisions)")
        if !part.isPercussion {
            let signature = score.key.signature
            xml.open("key")
            xml.element("fifths", "\(signature.sharps)")
            xml.element("mode", signature.isMinor ? "minor" : "major")
            xml.close("key")
        }
        writeTime(timeline.meters[0])
        xml.open("clef")
        switch part.clef {
        case .treble:
            xml.element("sign", "G")
            xml.element("line", "2")
        case .trebleOctaveDown:
            xml.element("sign", "G")
            xml.element("line", "2")
            xml.element("clef-octave-change", "-1")
        case .bassOctaveDown:
            xml.element("sign", "F")
            xml.element("line", "4")
            xml.element("clef-octave-change", "-1")
        case .percussion:
            xml.element("sign", "percussion")
        }
        xml.close("clef")
        xml.close("attributes")
    }

    private mutating func writeTime(_ meter: Meter) {
        xml.open("time")
        // A grouped meter is written additively, as engravers show it: 2+2+3 over 8.
        xml.element("beats", meter.grouping.map { $0.map(String.init).joined(separator: "+") } ?? "\(meter.numerator)")
        xml.element("beat-type", "\(meter.denominator)")
        xml.close("time")
    }

    private mutating func writeTempo() {
        xml.open("direction", ["placement": "above"])
        xml.open("direction-type")
        xml.open("metronome")
        xml.element("beat-unit", "quarter")
        xml.element("per-minute", "\(score.tempo)")
        xml.close("metronome")
        xml.close("direction-type")
        xml.empty("sound", ["tempo": "\(score.tempo)"])
        xml.close("direction")
    }

    /// Chord changes by bar, at their quantized position in the bar; of two at one position the
    /// later in the list wins.
    private func chordPositions() -> [Int: [(position: Int, chord: MusicXMLScore.ChordChange)]] {
        var positions: [Int: [Int: MusicXMLScore.ChordChange]] = [:]
        for chord in score.chords {
            let notation = timeline.notations[chord.bar]
            let position = min(notation.quantize(point: chord.tick), notation.barUnits - 1)
            positions[chord.bar, default: [:]][position] = chord
        }
        return positions.mapValues { $0.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
    }

    // MARK: Measures

    private mutating func writeMeasure(_ pieces: [MusicXMLBars.Piece], part: WrittenPart, chords: [(position: Int, chord: MusicXMLScore.ChordChange)]) {
        var pending = chords[...]
        for piece in pieces {
            while let next = pending.first, next.position < piece.start + piece.value.units {
                writeHarmony(next.chord, offset: next.position - piece.start)
                pending = pending.dropFirst()
            }
            writePiece(piece, part: part)
        }
    }

    private mutating func writeHarmony(_ chord: MusicXMLScore.ChordChange, offset: Int) {
        xml.open("harmony")
        if let root = chord.root {
            let spelled = MusicXMLSpelling(root)
            xml.open("root")
            xml.element("root-step", spelled.step)
            if spelled.alter != 0 { xml.element("root-alter", "\(spelled.alter)") }
            xml.close("root")
            let spelling = MusicXMLHarmony.spelling(of: chord.quality)
            // A quality with a name shows that name; the degrees then only say what it holds.
            let named = ChordQuality.parse(suffix: chord.quality.suffix) == chord.quality
            let text = named ? chord.quality.suffix : spelling.kind.value == "major" ? "" : nil
            if let text { xml.element("kind", spelling.kind.value, ["text": text]) } else { xml.element("kind", spelling.kind.value) }
            if let bass = chord.bass {
                let spelledBass = MusicXMLSpelling(bass)
                xml.open("bass")
                xml.element("bass-step", spelledBass.step)
                if spelledBass.alter != 0 { xml.element("bass-alter", "\(spelledBass.alter)") }
                xml.close("bass")
            }
            for degree in spelling.degrees {
                xml.open("degree", named ? ["print-object": "no"] : [:])
                xml.element("degree-value", "\(degree.value)")
                xml.element("degree-alter", "\(degree.alter)")
                xml.element("degree-type", degree.type.rawValue)
                xml.close("degree")
            }
        } else {
            // N.C.: MusicXML wants a root even here; an empty text keeps it from showing.
            xml.open("root")
            xml.element("root-step", "C", ["text": ""])
            xml.close("root")
            xml.element("kind", "none", ["text": "N.C."])
        }
        if offset > 0 { xml.element("offset", "\(offset)", ["sound": "yes"]) }
        xml.close("harmony")
    }

    private mutating func writePiece(_ piece: MusicXMLBars.Piece, part: WrittenPart) {
        guard !piece.notes.isEmpty else {
            xml.open("note")
            xml.empty("rest", piece.isWholeBar ? ["measure": "yes"] : [:])
            writeDuration(piece, tieStart: false, tieStop: false)
            xml.element("voice", "1")
            writeType(piece)
            if let tuplet = piece.tuplet { writeNotations(tieStart: false, tieStop: false, tuplet: tuplet) }
            xml.close("note")
            return
        }
        for (index, note) in piece.notes.enumerated() {
            xml.open("note", ["dynamics": "\(Int((Double(note.velocity) * 100 / 90).rounded()))"])
            if index > 0 { xml.empty("chord") }
            if part.isPercussion {
                let drum = MusicXMLDrumMap.piece(for: note.pitch)
                xml.open("unpitched")
                xml.element("display-step", drum.step)
                xml.element("display-octave", "\(drum.octave)")
                xml.close("unpitched")
            } else {
                let spelled = MusicXMLSpelling(score.key.name(of: PitchClass(note.pitch)))
                xml.open("pitch")
                xml.element("step", spelled.step)
                if spelled.alter != 0 { xml.element("alter", "\(spelled.alter)") }
                xml.element("octave", "\(note.pitch / 12 - 1)")
                xml.close("pitch")
            }
            writeDuration(piece, tieStart: piece.tieStart, tieStop: piece.tieStop)
            if part.isPercussion { xml.empty("instrument", ["id": instrumentID(part, note.pitch)]) }
            xml.element("voice", "1")
            writeType(piece)
            if part.isPercussion, let notehead = MusicXMLDrumMap.piece(for: note.pitch).notehead { xml.element("notehead", notehead) }
            let tuplet = index == 0 ? piece.tuplet : nil
            if piece.tieStart || piece.tieStop || tuplet != nil {
                writeNotations(tieStart: piece.tieStart, tieStop: piece.tieStop, tuplet: tuplet)
            }
            xml.close("note")
        }
    }

    private mutating func writeDuration(_ piece: MusicXMLBars.Piece, tieStart: Bool, tieStop: Bool) {
        xml.element("duration", "\(piece.value.units)")
        if tieStop { xml.empty("tie", ["type": "stop"]) }
        if tieStart { xml.empty("tie", ["type": "start"]) }
    }

    private mutating func writeType(_ piece: MusicXMLBars.Piece) {
        xml.element("type", piece.value.type)
        for _ in 0..<piece.value.dots { xml.empty("dot") }
        if piece.value.isTriplet {
            xml.open("time-modification")
            xml.element("actual-notes", "3")
            xml.element("normal-notes", "2")
            xml.close("time-modification")
        }
    }

    private mutating func writeNotations(tieStart: Bool, tieStop: Bool, tuplet: MusicXMLBars.TupletMark?) {
        xml.open("notations")
        if tieStop { xml.empty("tied", ["type": "stop"]) }
        if tieStart { xml.empty("tied", ["type": "start"]) }
        switch tuplet {
        case .start?: xml.empty("tuplet", ["type": "start", "bracket": "yes"])
        case .stop?: xml.empty("tuplet", ["type": "stop"])
        case nil: break
        }
        xml.close("notations")
    }
}

/// A spelled note name split as MusicXML writes it: `Bb` is step B, alter -1.
struct MusicXMLSpelling {
    let step: String
    let alter: Int

    init(_ name: String) {
        let letter = name.first.map(String.init) ?? ""
        precondition(["C", "D", "E", "F", "G", "A", "B"].contains(letter), "'\(name)' is not a spelled note name")
        var alter = 0
        for accidental in name.dropFirst() {
            switch accidental {
            case "#", "♯": alter += 1
            case "b", "♭": alter -= 1
            default: preconditionFailure("'\(name)' is not a spelled note name")
            }
        }
        step = letter
        self.alter = alter
    }
}

/// Builds the document's text, indented two spaces a level, escaping what it is given.
struct MusicXMLText {
    private(set) var text = ""
    private var depth = 0

    mutating func line(_ content: String) {
        text += String(repeating: "  ", count: depth) + content + "\n"
    }

    mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        line("<\(name)\(Self.attributes(attributes))>")
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        line("</\(name)>")
    }

    mutating func element(_ name: String, _ content: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        line("<\(name)\(Self.attributes(attributes))>\(XMLText.escaped(content))</\(name)>")
    }

    mutating func empty(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        line("<\(name)\(Self.attributes(attributes))/>")
    }

    private static func attributes(_ pairs: some Sequence<(key: String, value: String)>) -> String {
        pairs.map { " \($0.key)=\"\(XMLText.escaped($0.value))\"" }.joined()
    }
}
