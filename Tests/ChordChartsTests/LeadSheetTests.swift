import ChordCharts
import MusicTheory
import Testing

@Suite("Lead sheets")
struct LeadSheetTests {
    @Test("A lead sheet's chart prints in the syntax a request's progression reads")
    func chartText() throws {
        let chart = try ChordChart(parsing: "[A] Cmaj7 | Am7 | Dm7 | G7 [B] Em7 | A7 | Dm7 | G7")
        let sheet = LeadSheet(title: "Test", key: Key(tonic: NoteName(parsing: "C")!, mode: .major), meter: .common, chart: chart)
        #expect(try ChordChart(parsing: sheet.chart.description) == chart)
    }

    @Test("A lead sheet keeps one meter unless it is given changes, which tell apart two otherwise equal sheets")
    func meterChanges() throws {
        let chart = try ChordChart(parsing: "C | F | G | C")
        let steady = LeadSheet(title: "Test", meter: .common, chart: chart)
        #expect(steady.meterChanges.isEmpty)
        let waltzEnding = LeadSheet(
            title: "Test", meter: .common, chart: chart, meterChanges: [LeadSheet.MeterChange(bar: 3, meter: Meter(parsing: "3/4")!)])
        #expect(waltzEnding.meterChanges.map(\.bar) == [3])
        #expect(waltzEnding != steady)
    }
}
