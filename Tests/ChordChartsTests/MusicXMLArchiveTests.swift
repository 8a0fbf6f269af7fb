import ChordCharts
import Foundation
import MusicTheory
import Testing

/// Compressed MusicXML (`.mxl`) reads as its uncompressed twin, and a zip bomb is refused before
/// it can fill memory.
@Suite("MusicXML archives (.mxl)")
struct MusicXMLArchiveTests {
    @Test("An .mxl reads as the same lead sheet as its uncompressed twin, through read as through import")
    func mxlReadsAsItsTwin() throws {
        let twin = try MusicXMLLeadSheet.import(MusicXMLFixtures.file("washerwoman-6-8.musicxml"))
        let compressed = try MusicXMLLeadSheet.import(MusicXMLFixtures.file("washerwoman-6-8.mxl"))
        #expect(compressed == twin)
        #expect(try MusicXMLLeadSheet.read(MusicXMLFixtures.file("washerwoman-6-8.mxl")) == twin.sheet)
        #expect(compressed.sheet.title == "The Irish Washerwoman")
        #expect(compressed.sheet.meter == Meter(parsing: "6/8"))
        #expect(compressed.sheet.chart.bars.count == 20)
    }

    @Test(
        "Archives that are no score, or a bomb, are refused with their code",
        arguments: [
            ("bomb-declared.mxl", MusicXMLError.Code.tooLarge, "says it inflates to 8388609 bytes"),
            ("bomb-forged.mxl", .tooLarge, "inflates to more than 4194304 bytes, whatever its header says"),
            ("many-entries.mxl", .tooManyEntries, "more than 64 files"),
            ("no-container.mxl", .noContainer, "no META-INF/container.xml"),
            ("missing-score.mxl", .missingScore, "names the score 'score.musicxml', which the archive does not hold"),
        ])
    func refusedArchives(_ name: String, _ code: MusicXMLError.Code, _ words: String) throws {
        let data = try MusicXMLFixtures.file(name)
        #expect(data.count < 10_000, "the fixture itself is small: the bomb is in what it inflates to")
        do {
            _ = try MusicXMLLeadSheet.read(data)
            Issue.record("\(name) was read")
        } catch {
            #expect(error.code == code)
            #expect(error.message.contains(words), "\(error.message)")
        }
    }

    @Test("An archive over 1 MiB is refused before it is opened; a damaged one says it is no archive")
    func sizeAndDamage() {
        let large = Data([0x50, 0x4B, 0x03, 0x04]) + Data(count: MusicXMLLeadSheet.maximumBytes)
        #expect(throws: MusicXMLError.self) { try MusicXMLLeadSheet.read(large) }
        #expect((try? MusicXMLLeadSheet.read(large)) == nil)
        do { _ = try MusicXMLLeadSheet.read(large) } catch { #expect(error.code == .tooLarge) }

        let damaged = Data([0x50, 0x4B, 0x03, 0x04]) + Data("not the rest of a zip archive".utf8)
        do {
            _ = try MusicXMLLeadSheet.read(damaged)
            Issue.record("a damaged archive was read")
        } catch {
            #expect(error.code == .notArchive)
        }
    }
}
