import MusicTheory

/// Where each bar of a ``MusicXMLScore`` starts, in notation units, and the grid it is written
/// on: bars last as long as their own meter, so a song that changes meter keeps its notes in the
/// bars a player counts.
struct MusicXMLTimeline {
    /// Each bar's meter.
    let meters: [Meter]
    /// Each bar's grid and note values (one per distinct meter, shared).
    let notations: [MusicXMLNotation]
    /// Units from the song's start to each bar's start, and to the song's end last.
    let starts: [Int]

    init(score: MusicXMLScore) {
        var meters: [Meter] = []
        meters.reserveCapacity(score.bars)
        let changes = Dictionary(score.meterChanges.map { ($0.bar, $0.meter) }, uniquingKeysWith: { _, last in last })
        var meter = score.meter
        for bar in 0..<score.bars {
            meter = changes[bar] ?? meter
            meters.append(meter)
        }
        var byMeter: [Meter: MusicXMLNotation] = [:]
        var starts = [0]
        var notations: [MusicXMLNotation] = []
        for meter in meters {
            let notation = byMeter[meter] ?? MusicXMLNotation(meter: meter, ticksPerQuarter: score.ticksPerQuarter)
            byMeter[meter] = notation
            notations.append(notation)
            starts.append(starts.last! + notation.barUnits)
        }
        self.meters = meters
        self.notations = notations
        self.starts = starts
    }

    /// Units from the song's start to its end.
    var end: Int { starts.last! }

    /// The bar that `unit` (from the song's start) falls in; the last bar for a point at or past
    /// the end, the first before the start.
    func bar(containing unit: Int) -> Int {
        var low = 0
        var high = meters.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= unit { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Units from the song's start at `ticks` from it; the same at every meter.
    func units(ticks: Int) -> Int {
        ticks * MusicXMLNotation.divisions / notations[0].ticksPerQuarter
    }
}
