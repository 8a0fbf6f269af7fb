import ChordCharts
import Foundation
import Testing

@Suite("MusicXML errors")
struct MusicXMLErrorTests {
    func error(_ text: String) -> MusicXMLError? { error(Data(text.utf8)) }

    func error(_ data: Data) -> MusicXMLError? {
        do {
            _ = try MusicXMLLeadSheet.read(data)
            return nil
        } catch {
            return error
        }
    }

    static let partList = "<part-list><score-part id=\"P1\"><part-name>x</part-name></score-part></part-list>"

    @Test("An HTML page is not a MusicXML file")
    func html() {
        let found = error("<!DOCTYPE html>\n<html><head><title>Not found</title></head><body/></html>")
        #expect(found?.code == .notMusicXML)
        #expect(found?.description == "not a MusicXML file: <root> is 'html'")
    }

    @Test("A timewise score is refused, saying to export it partwise")
    func timewise() {
        let found = error("<score-timewise version=\"4.0\">\(Self.partList)<measure number=\"1\"><part id=\"P1\"/></measure></score-timewise>")
        #expect(found?.code == .timewise)
        #expect(found?.description.contains("score-partwise") == true)
    }

    @Test("A root that is not a note name is reported with its line and measure")
    func badRoot() {
        let text = """
            <score-partwise>
            \(Self.partList)
            <part id="P1">
            <measure number="1"><harmony><root><root-step>C</root-step></root><kind>major</kind></harmony></measure>
            <measure number="2"/>
            <measure number="3">
              <harmony>
                <root><root-step>H</root-step></root>
                <kind>major</kind>
              </harmony>
            </measure>
            </part>
            </score-partwise>
            """
        let found = error(text)
        #expect(found?.code == .invalidValue)
        #expect(found?.line == 8 && found?.measure == "3")
        #expect(found?.description == "line 8: measure 3: <root-step> 'H' is not a note name")
    }

    @Test("XML syntax errors give their line and column")
    func syntax() {
        let found = error("<score-partwise>\n  <part-list>\n  </part-lst>\n</score-partwise>")
        #expect(found?.code == .syntax)
        #expect(found?.line == 3)
        #expect(found?.column != nil)
        #expect(found?.description.hasPrefix("line 3, column ") == true)
        #expect(found?.description == "line 3, column \(found?.column ?? 0): XML syntax error: an end tag does not match its start tag")
        #expect(error("")?.description == "XML syntax error: the document is empty")
        #expect(error("<score-partwise>")?.code == .syntax)
    }

    @Test("Documents over 1 MiB are refused before they are parsed")
    func tooLarge() {
        // Not even well-formed: the size alone decides.
        let found = error(Data(repeating: UInt8(ascii: "<"), count: MusicXMLLeadSheet.maximumBytes + 1))
        #expect(found?.code == .tooLarge)
        #expect(MusicXMLLeadSheet.maximumBytes == 1_048_576)
    }

    @Test("More than 2,000 measures are refused")
    func tooManyMeasures() {
        let measures = String(repeating: "<measure/>", count: MusicXMLLeadSheet.maximumMeasures + 1)
        let found = error("<score-partwise>\(Self.partList)<part id=\"P1\">\(measures)</part></score-partwise>")
        #expect(found?.code == .tooManyMeasures)
        #expect(found?.description.contains("2001 measures") == true)
    }

    @Test("A repeat that would write out more bars than Backline plays is refused")
    func endlessRepeat() {
        let measure = """
            <measure number="1"><harmony><root><root-step>C</root-step></root><kind>major</kind></harmony>
            <barline><repeat direction="backward" times="1000000"/></barline></measure>
            """
        let found = error("<score-partwise>\(Self.partList)<part id=\"P1\">\(measure)</part></score-partwise>")
        #expect(found?.code == .tooManyMeasures)
    }

    @Test("Entity declarations are refused: no billion laughs")
    func entities() {
        let laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE score-partwise [
              <!ENTITY lol "lol">
              <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
            ]>
            <score-partwise><movement-title>&lol3;</movement-title></score-partwise>
            """
        let found = error(laughs)
        #expect(found?.code == .entityDeclaration)
        #expect(found?.line == 3)
        let external = """
            <?xml version="1.0"?>
            <!-- a comment first -->
            <!DOCTYPE score-partwise PUBLIC "-//x//EN" "y.dtd" [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
            <score-partwise><movement-title>&secret;</movement-title></score-partwise>
            """
        #expect(error(external)?.code == .entityDeclaration)
    }

    @Test("A document without chord symbols says so")
    func noHarmony() {
        let found = error("<score-partwise>\(Self.partList)<part id=\"P1\"><measure number=\"1\"><note><rest/><duration>4</duration></note></measure></part></score-partwise>")
        #expect(found?.code == .noChords)
        #expect(found?.description == "the MusicXML file has no chord symbols (<harmony> elements)")
    }

    @Test("Unknown kinds and bad degrees are reported where they stand", arguments: [
        ("<kind>major</kind><degree><degree-value>14</degree-value><degree-alter>0</degree-alter><degree-type>add</degree-type></degree>",
         "<degree-value> '14' is not a chord degree (1 to 13)"),
        ("<kind>major</kind><degree><degree-value>x</degree-value><degree-alter>0</degree-alter><degree-type>add</degree-type></degree>",
         "<degree-value> 'x' is not a chord degree (1 to 13)"),
        ("<kind>major</kind><degree><degree-value>9</degree-value><degree-alter>0</degree-alter><degree-type>append</degree-type></degree>",
         "<degree-type> 'append' is not add, alter or subtract"),
        ("<kind>major</kind><degree><degree-value>1</degree-value><degree-alter>1</degree-alter><degree-type>alter</degree-type></degree>",
         "<degree> alters the root (degree 1 with alter 1): a chord keeps its root"),
        ("<kind>major</kind><bass><bass-step>Q</bass-step></bass>", "<bass-step> 'Q' is not a note name"),
    ])
    func badHarmony(_ body: String, _ message: String) {
        let text = """
            <score-partwise>\(Self.partList)<part id="P1"><measure number="7">
            <harmony><root><root-step>C</root-step></root>\(body)</harmony></measure></part></score-partwise>
            """
        let found = error(text)
        #expect(found?.code == .invalidValue)
        #expect(found?.measure == "7")
        #expect(found?.message == message)
    }
}

/// A document is decoded before anything reads it, so its encoding cannot hide a DTD.
@Suite struct MusicXMLEncodingTests {
    static let entityDocument = """
        <?xml version="1.0" encoding="UTF-16"?>
        <!DOCTYPE score-partwise [<!ENTITY big "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">]>
        <score-partwise><work><work-title>&big;&big;&big;</work-title></work></score-partwise>
        """

    static func utf16(_ text: String, littleEndian: Bool, bom: Bool) -> Data {
        var bytes: [UInt8] = bom ? (littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]) : []
        for unit in text.utf16 {
            let (high, low) = (UInt8(unit >> 8), UInt8(unit & 0xFF))
            bytes += littleEndian ? [low, high] : [high, low]
        }
        return Data(bytes)
    }

    func code(_ data: Data) -> MusicXMLError.Code? {
        do {
            _ = try MusicXMLLeadSheet.read(data)
            return nil
        } catch {
            return error.code
        }
    }

    @Test(arguments: [(true, true), (true, false), (false, true), (false, false)])
    func entitiesAreRefusedInUTF16WithOrWithoutAByteOrderMark(littleEndian: Bool, bom: Bool) {
        #expect(code(Self.utf16(Self.entityDocument, littleEndian: littleEndian, bom: bom)) == .entityDeclaration)
    }

    @Test func encodingsOtherThanUTF8AndUTF16AreRefused() throws {
        for encoding in ["UTF-7", "ISO-8859-1", "Shift_JIS", "EBCDIC-US"] {
            let text = "<?xml version=\"1.0\" encoding=\"\(encoding)\"?>+ADw-!DOCTYPE x+AD4-<score-partwise/>"
            do {
                _ = try MusicXMLLeadSheet.read(Data(text.utf8))
                Issue.record("\(encoding) was read")
            } catch {
                #expect(error.code == .syntax)
                #expect(error.message.contains("'\(encoding)'") && error.message.contains("UTF-8"), "\(error)")
            }
        }
    }

    @Test func aLeadSheetInUTF16ReadsAsInUTF8() throws {
        let text = ParserScalingTests.leadSheet(measures: 4).replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"UTF-16\"")
        let fromUTF8 = try MusicXMLLeadSheet.read(Data(text.utf8))
        for (littleEndian, bom) in [(true, true), (false, true), (true, false)] {
            let sheet = try MusicXMLLeadSheet.read(Self.utf16(text, littleEndian: littleEndian, bom: bom))
            #expect(sheet.chart == fromUTF8.chart)
        }
    }

    @Test func invalidUTF8IsRefusedWithItsReason() {
        let bytes = Array("<score-partwise><work><work-title>".utf8) + [0xC3, 0x28] + Array("</work-title></work></score-partwise>".utf8)
        do {
            _ = try MusicXMLLeadSheet.read(Data(bytes))
            Issue.record("read")
        } catch {
            #expect(error.message.contains("not valid UTF-8"))
        }
    }
}
