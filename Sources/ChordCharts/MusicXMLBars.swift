/// One part's performed notes as written bars: quantized events, cut at barlines, spelled as note
/// values and rests.
struct MusicXMLBars {
    /// Notes struck at one written position, sounding until `end` (units from the song's start).
    struct Event {
        var start: Int
        var end: Int
        /// Pitch (or GM drum) and the loudest velocity it was struck with, ascending by pitch.
        var notes: [(pitch: Int, velocity: Int)]
    }

    enum TupletMark: Hashable {
        case start, stop
    }

    /// One written `<note>` (or several under `<chord/>`), or a rest when `notes` is empty.
    struct Piece {
        /// Units from the start of the bar.
        let start: Int
        let value: MusicXMLNotation.Value
        let notes: [(pitch: Int, velocity: Int)]
        var tieStart = false
        var tieStop = false
        var tuplet: TupletMark?
        var isWholeBar = false
    }

    private let timeline: MusicXMLTimeline
    private let events: [Event]
    /// Where chord symbols stand, by bar: rests split there, so a symbol starts with a rest.
    private let chordPositions: [Int: [Int]]
    private let isPercussion: Bool

    init(part: MusicXMLScoreWriter.WrittenPart, timeline: MusicXMLTimeline, chordPositions: [Int: [(position: Int, chord: MusicXMLScore.ChordChange)]]) {
        self.timeline = timeline
        self.isPercussion = part.isPercussion
        self.chordPositions = chordPositions.mapValues { $0.map(\.position) }
        events = Self.events(of: part.notes, timeline: timeline, isPercussion: part.isPercussion)
    }

    /// A silence shorter than this (an eighth note) between two notes is articulation, not a rest:
    /// the note before it is held to the next.
    static let shortestRest = 6

    /// Quantizes every note, drops those that start outside the song, and merges notes that start
    /// together. An event lasts until its longest note ends or the next event starts, whichever is
    /// first, and to the next event (or the song's end) across a gap shorter than ``shortestRest`` (a drum hit: until
    /// the next hit, the end of its bar, or a beat, whichever is first).
    /// Each note is quantized on the grid of the bar it starts in.
    static func events(of notes: [MusicXMLScore.Note], timeline: MusicXMLTimeline, isPercussion: Bool) -> [Event] {
        let songEnd = timeline.end
        var byStart: [Int: (end: Int, velocities: [Int: Int])] = [:]
        for note in notes {
            let notation = timeline.notations[timeline.bar(containing: timeline.units(ticks: note.start))]
            let written = notation.quantize(start: note.start, end: note.start + max(note.duration, 1))
            guard written.start >= 0, written.start < songEnd else { continue }
            var entry = byStart[written.start] ?? (0, [:])
            entry.end = max(entry.end, min(written.end, songEnd))
            entry.velocities[note.pitch] = max(entry.velocities[note.pitch] ?? 0, note.velocity)
            byStart[written.start] = entry
        }
        let starts = byStart.keys.sorted()
        return starts.enumerated().map { index, start in
            let entry = byStart[start]!
            let next = index + 1 < starts.count ? starts[index + 1] : songEnd
            var end = min(next, entry.end)
            if next - end < shortestRest { end = next }
            if isPercussion {
                let bar = timeline.bar(containing: start)
                end = min(next, timeline.starts[bar + 1], start + timeline.notations[bar].beatUnits)
            }
            return Event(start: start, end: end, notes: entry.velocities.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }
    }

    /// The bar's notes and rests in order, filling it exactly.
    func pieces(inBar bar: Int) -> [Piece] {
        let notation = timeline.notations[bar]
        let barStart = timeline.starts[bar]
        let barEnd = timeline.starts[bar + 1]
        var pieces: [Piece] = []
        var position = 0
        let splits = chordPositions[bar] ?? []
        func rest(until end: Int) {
            // Rests break where a chord symbol stands, so that the symbol has a rest to sit on.
            var from = position
            for stop in splits.filter({ $0 > from && $0 < end }) + [end] {
                for value in notation.values(from: from, to: stop) {
                    pieces.append(Piece(start: from, value: value, notes: []))
                    from += value.units
                }
            }
            position = end
        }
        for event in events where event.end > barStart && event.start < barEnd {
            let start = max(event.start, barStart) - barStart
            var end = min(event.end, barEnd) - barStart
            if isPercussion {
                // A drum hit is written as one value, never tied: the rest of its time is a rest.
                end = start + notation.values(from: start, to: end)[0].units
            }
            if start > position { rest(until: start) }
            let values = notation.values(from: start, to: end)
            var from = start
            for (index, value) in values.enumerated() {
                var piece = Piece(start: from, value: value, notes: event.notes)
                piece.tieStop = index > 0 || event.start < barStart
                piece.tieStart = index < values.count - 1 || event.end > barEnd
                pieces.append(piece)
                from += value.units
            }
            position = end
        }
        if position < notation.barUnits { rest(until: notation.barUnits) }
        if pieces.count == 1, pieces[0].notes.isEmpty { pieces[0].isWholeBar = true }
        markTuplets(&pieces)
        return pieces
    }

    /// Brackets each run of triplets that fills a quarter note, from its start: `3` over the beat.
    /// A run that fills only part of one is left without a bracket (its notes still say 3:2).
    private func markTuplets(_ pieces: inout [Piece]) {
        let quarter = MusicXMLNotation.divisions
        var index = 0
        while index < pieces.count {
            guard pieces[index].value.isTriplet, pieces[index].start % quarter == 0 else {
                index += 1
                continue
            }
            var last = index
            var total = pieces[index].value.units
            while total < quarter, last + 1 < pieces.count, pieces[last + 1].value.isTriplet {
                last += 1
                total += pieces[last].value.units
            }
            if total == quarter && last > index {
                pieces[index].tuplet = .start
                pieces[last].tuplet = .stop
            }
            index = last + 1
        }
    }
}

/// Where each General MIDI drum sits on a five-line percussion staff, as drum charts write it.
enum MusicXMLDrumMap {
    struct KitPiece {
        let name: String
        let step: String
        let octave: Int
        /// A `<notehead>` other than the normal one: cymbals are x.
        let notehead: String?
    }

    /// Kick, snare, hi-hats, ride, crash and toms; any other drum sits above the staff as a
    /// triangle notehead, still played by its own instrument.
    static func piece(for drum: Int) -> KitPiece {
        switch drum {
        case 35: KitPiece(name: "Acoustic Bass Drum", step: "F", octave: 4, notehead: nil)
        case 36: KitPiece(name: "Bass Drum", step: "F", octave: 4, notehead: nil)
        case 37: KitPiece(name: "Side Stick", step: "C", octave: 5, notehead: "x")
        case 38: KitPiece(name: "Acoustic Snare", step: "C", octave: 5, notehead: nil)
        case 40: KitPiece(name: "Electric Snare", step: "C", octave: 5, notehead: nil)
        case 41: KitPiece(name: "Low Floor Tom", step: "G", octave: 4, notehead: nil)
        case 43: KitPiece(name: "High Floor Tom", step: "A", octave: 4, notehead: nil)
        case 45: KitPiece(name: "Low Tom", step: "D", octave: 5, notehead: nil)
        case 47: KitPiece(name: "Low-Mid Tom", step: "D", octave: 5, notehead: nil)
        case 48: KitPiece(name: "Hi-Mid Tom", step: "E", octave: 5, notehead: nil)
        case 50: KitPiece(name: "High Tom", step: "E", octave: 5, notehead: nil)
        case 42: KitPiece(name: "Closed Hi-Hat", step: "G", octave: 5, notehead: "x")
        case 44: KitPiece(name: "Pedal Hi-Hat", step: "D", octave: 4, notehead: "x")
        case 46: KitPiece(name: "Open Hi-Hat", step: "G", octave: 5, notehead: "circle-x")
        case 49: KitPiece(name: "Crash Cymbal", step: "A", octave: 5, notehead: "x")
        case 57: KitPiece(name: "Crash Cymbal 2", step: "A", octave: 5, notehead: "x")
        case 51: KitPiece(name: "Ride Cymbal", step: "F", octave: 5, notehead: "x")
        case 59: KitPiece(name: "Ride Cymbal 2", step: "F", octave: 5, notehead: "x")
        case 53: KitPiece(name: "Ride Bell", step: "F", octave: 5, notehead: "diamond")
        default: KitPiece(name: "Percussion \(drum)", step: "B", octave: 5, notehead: "triangle")
        }
    }
}
