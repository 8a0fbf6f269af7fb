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
}
