import ChordCharts
import Foundation
import MusicTheory
import Testing

@Suite("MusicXML lead sheets")
struct MusicXMLReaderTests {
    func chord(_ text: String) -> ChordSymbol { try! ChordSymbol.parse(text) }

    /// A waltz as a notation program exports it: F major, 3/4, a dotted-half metronome mark,
    /// rehearsal marks, a repeat with 1st and 2nd endings, a measure with two chords, a measure
    /// without one, N.C., and a slash chord with an added flat ninth.
    static let waltz = """
        <?xml version="1.0" encoding="UTF-8" standalone="no"?>
        <!DOCTYPE score-partwise PUBLIC "-//Recordare//DTD MusicXML 4.0 Partwise//EN" "http://www.musicxml.org/dtds/partwise.dtd">
        <score-partwise version="4.0">
          <movement-title>Waltz for Testing</movement-title>
          <identification>
            <creator type="lyricist">Somebody</creator>
            <creator type="composer">A. Composer</creator>
          </identification>
          <part-list>
            <score-part id="P1"><part-name>Lead Sheet</part-name></score-part>
          </part-list>
          <part id="P1">
            <measure number="1">
              <attributes>
                <divisions>2</divisions>
                <key><fifths>-1</fifths><mode>major</mode></key>
                <time><beats>3</beats><beat-type>4</beat-type></time>
                <clef><sign>G</sign><line>2</line></clef>
              </attributes>
              <direction placement="above">
                <direction-type><rehearsal>A</rehearsal></direction-type>
              </direction>
              <direction placement="above">
                <direction-type>
                  <metronome><beat-unit>half</beat-unit><beat-unit-dot/><per-minute>60</per-minute></metronome>
                </direction-type>
              </direction>
              <barline location="left"><repeat direction="forward"/></barline>
              <harmony><root><root-step>F</root-step></root><kind>major</kind></harmony>
              <note><pitch><step>A</step><octave>4</octave></pitch><duration>6</duration><type>half</type><dot/></note>
            </measure>
            <measure number="2">
              <harmony><root><root-step>G</root-step></root><kind text="m7">minor-seventh</kind></harmony>
              <note><pitch><step>G</step><octave>4</octave></pitch><duration>4</duration><type>half</type></note>
              <harmony><root><root-step>C</root-step></root><kind>dominant</kind></harmony>
              <note><pitch><step>E</step><octave>4</octave></pitch><duration>2</duration><type>quarter</type></note>
            </measure>
            <measure number="3">
              <barline location="left"><ending number="1" type="start"/></barline>
              <harmony><root><root-step>F</root-step></root><kind>major-sixth</kind></harmony>
              <note><rest measure="yes"/><duration>6</duration></note>
              <barline location="right">
                <ending number="1" type="stop"/>
                <repeat direction="backward"/>
              </barline>
            </measure>
            <measure number="4">
              <barline location="left"><ending number="2" type="start"/></barline>
              <harmony><root><root-step>C</root-step></root><kind>dominant</kind><bass><bass-step>E</bass-step></bass></harmony>
              <note><rest measure="yes"/><duration>6</duration></note>
              <barline location="right"><ending number="2" type="discontinue"/></barline>
            </measure>
            <measure number="5">
              <direction placement="above">
                <direction-type><rehearsal>B</rehearsal></direction-type>
              </direction>
              <harmony><root><root-step>B</root-step><root-alter>-1</root-alter></root><kind>major-seventh</kind></harmony>
              <note><rest measure="yes"/><duration>6</duration></note>
            </measure>
            <measure number="6">
              <note><rest measure="yes"/><duration>6</duration></note>
            </measure>
            <measure number="7">
              <harmony><root><root-step text="">C</root-step></root><kind text="N.C.">none</kind></harmony>
              <note><rest measure="yes"/><duration>6</duration></note>
            </measure>
            <measure number="8">
              <harmony>
                <root><root-step>D</root-step></root>
                <kind text="7b9">dominant</kind>
                <bass><bass-step>F</bass-step><bass-alter>1</bass-alter></bass>
                <degree print-object="no"><degree-value>9</degree-value><degree-alter>-1</degree-alter><degree-type>add</degree-type></degree>
              </harmony>
              <note><rest measure="yes"/><duration>6</duration></note>
              <barline location="right"><bar-style>light-heavy</bar-style></barline>
            </measure>
          </part>
        </score-partwise>
        """

    @Test("A waltz with repeats, 1st and 2nd endings and rehearsal marks reads in playing order")
    func waltz() throws {
        let sheet = try MusicXMLLeadSheet.read(Data(Self.waltz.utf8))
        #expect(sheet.title == "Waltz for Testing")
        #expect(sheet.composer == "A. Composer")
        #expect(sheet.key == Key(tonic: NoteName(parsing: "F")!, mode: .major))
        #expect(sheet.meter == Meter(numerator: 3, denominator: 4))
        // A dotted half at 60 is 180 quarters a minute.
        #expect(sheet.tempo == 180)
        let expected = [["F"], ["Gm7", "C7"], ["F6"], ["F"], ["Gm7", "C7"], ["C7/E"], ["Bbmaj7"], ["Bbmaj7"], ["N.C."], ["D7b9/F#"]]
        #expect(sheet.chart.bars == expected.map { $0.map(chord) })
        // The A section plays twice, once for each ending.
        #expect(sheet.chart.sections.map { "\($0.name) \($0.firstBar)+\($0.bars)" } == ["A 0+3", "A 3+3", "B 6+4"])
        #expect(sheet.chart.description == "[A] F | Gm7 C7 | F6 [A] F | Gm7 C7 | C7/E [B] Bbmaj7 | Bbmaj7 | N.C. | D7b9/F#")
    }

    /// A one-measure document whose only harmony is `harmony`.
    static func document(harmony: String, key: String = "<key><fifths>0</fifths></key>", time: String = "<time><beats>4</beats><beat-type>4</beat-type></time>") -> Data {
        Data(
            """
            <score-partwise version="4.0">
              <part-list><score-part id="P1"><part-name>Chords</part-name></score-part></part-list>
              <part id="P1">
                <measure number="1">
                  <attributes><divisions>1</divisions>\(key)\(time)</attributes>
                  \(harmony)
                  <note><rest/><duration>4</duration></note>
                </measure>
              </part>
            </score-partwise>
            """.utf8)
    }

    static func degree(_ value: Int, _ alter: Int, _ type: String) -> String {
        "<degree><degree-value>\(value)</degree-value><degree-alter>\(alter)</degree-alter><degree-type>\(type)</degree-type></degree>"
    }

    /// (kind, degrees, intervals above the root)
    static let kinds: [(String, [String], [Int])] = [
        ("major", [], [0, 4, 7]),
        ("minor", [], [0, 3, 7]),
        ("augmented", [], [0, 4, 8]),
        ("diminished", [], [0, 3, 6]),
        ("dominant", [], [0, 4, 7, 10]),
        ("major-seventh", [], [0, 4, 7, 11]),
        ("minor-seventh", [], [0, 3, 7, 10]),
        ("diminished-seventh", [], [0, 3, 6, 9]),
        ("augmented-seventh", [], [0, 4, 8, 10]),
        ("half-diminished", [], [0, 3, 6, 10]),
        ("major-minor", [], [0, 3, 7, 11]),
        ("major-sixth", [], [0, 4, 7, 9]),
        ("minor-sixth", [], [0, 3, 7, 9]),
        ("dominant-ninth", [], [0, 4, 7, 10, 14]),
        ("major-ninth", [], [0, 4, 7, 11, 14]),
        ("minor-ninth", [], [0, 3, 7, 10, 14]),
        ("dominant-11th", [], [0, 4, 7, 10, 14, 17]),
        ("major-11th", [], [0, 4, 7, 11, 14, 17]),
        ("minor-11th", [], [0, 3, 7, 10, 14, 17]),
        // Thirteenths as lead sheets mean them: without the eleventh.
        ("dominant-13th", [], [0, 4, 7, 10, 14, 21]),
        ("dominant-13th", [degree(11, 0, "subtract")], [0, 4, 7, 10, 14, 21]),
        ("major-13th", [], [0, 4, 7, 11, 14, 21]),
        ("minor-13th", [], [0, 3, 7, 10, 14, 21]),
        ("suspended-second", [], [0, 2, 7]),
        ("suspended-fourth", [], [0, 5, 7]),
        ("power", [], [0, 7]),
        // Degrees: an added 7th is the dominant seventh, alterations move the kind's own tone.
        ("suspended-fourth", [degree(7, 0, "add")], [0, 5, 7, 10]),
        ("major", [degree(7, 1, "add")], [0, 4, 7, 11]),
        ("major-sixth", [degree(9, 0, "add")], [0, 4, 7, 9, 14]),
        ("dominant", [degree(9, -1, "add")], [0, 4, 7, 10, 13]),
        ("dominant", [degree(9, 1, "add")], [0, 4, 7, 10, 15]),
        ("dominant", [degree(11, 1, "add")], [0, 4, 7, 10, 18]),
        ("dominant", [degree(13, -1, "add")], [0, 4, 7, 10, 20]),
        ("dominant", [degree(5, 1, "alter")], [0, 4, 8, 10]),
        ("dominant", [degree(5, -1, "alter"), degree(9, -1, "add")], [0, 4, 6, 10, 13]),
        ("dominant-ninth", [degree(9, 1, "alter")], [0, 4, 7, 10, 15]),
        ("dominant", [degree(3, 0, "subtract"), degree(4, 0, "add")], [0, 5, 7, 10]),
        ("minor-seventh", [degree(5, -1, "alter")], [0, 3, 6, 10]),
        ("major", [degree(9, 0, "alter")], [0, 4, 7, 14]),  // altering a degree the kind lacks adds it
        ("other", [degree(1, 0, "add"), degree(3, 0, "add"), degree(5, 1, "add")], [0, 4, 8]),
        ("German", [], [0, 4, 7, 10]),
        ("pedal", [], [0, 7]),
    ]

    @Test("MusicXML kinds and degrees become the chord's intervals", arguments: 0..<kinds.count)
    func kind(_ index: Int) throws {
        let (kind, degrees, intervals) = Self.kinds[index]
        let harmony = "<harmony><root><root-step>E</root-step><root-alter>-1</root-alter></root><kind>\(kind)</kind>\(degrees.joined())</harmony>"
        let sheet = try MusicXMLLeadSheet.read(Self.document(harmony: harmony))
        #expect(sheet.chart.bars == [[.absolute(root: NoteName(parsing: "Eb")!, quality: ChordQuality(intervals: intervals), bass: nil)]])
    }

    @Test("Roots and basses outside Backline's seventeen names are respelled; an inversion names the bass")
    func respelling() throws {
        let cases: [(String, String)] = [
            ("<root><root-step>C</root-step><root-alter>-1</root-alter></root><kind>major</kind>", "B"),
            ("<root><root-step>E</root-step><root-alter>1</root-alter></root><kind>minor</kind>", "Fm"),
            ("<root><root-step>B</root-step><root-alter>-1.0</root-alter></root><kind>dominant</kind>", "Bb7"),
            ("<root><root-step>D</root-step></root><kind>major</kind><inversion>1</inversion>", "D/F#"),
            ("<root><root-step>C</root-step></root><kind>minor-seventh</kind><inversion>3</inversion>", "Cm7/Bb"),
            ("<root><root-step>G</root-step></root><kind>major</kind><bass><bass-step>G</bass-step></bass>", "G"),
        ]
        for (body, expected) in cases {
            let sheet = try MusicXMLLeadSheet.read(Self.document(harmony: "<harmony>\(body)</harmony>"))
            #expect(sheet.chart.bars == [[chord(expected)]], "\(body)")
        }
    }

    @Test("Chords in a measure go by their time, offsets and backups included")
    func harmonyOrder() throws {
        // The second harmony comes first in the file but stands on beat 3 through its offset.
        let body = """
            <harmony><root><root-step>D</root-step></root><kind>minor</kind><offset>2</offset></harmony>
            <harmony><root><root-step>A</root-step></root><kind>minor</kind></harmony>
            <note><pitch><step>A</step><octave>3</octave></pitch><duration>4</duration></note>
            <backup><duration>4</duration></backup>
            <harmony><root><root-step>E</root-step></root><kind>dominant</kind><offset>3</offset></harmony>
            """
        let sheet = try MusicXMLLeadSheet.read(Self.document(harmony: body))
        #expect(sheet.chart.bars == [[chord("Am"), chord("Dm"), chord("E7")]])
    }

    @Test("Words that name sections stand in for rehearsal marks; a measure before the first holds an Intro")
    func wordsAsSections() throws {
        func measure(_ number: Int, words: String?) -> String {
            let direction = words.map { "<direction><direction-type><words>\($0)</words></direction-type></direction>" } ?? ""
            return """
                <measure number="\(number)">\(direction)<harmony><root><root-step>G</root-step></root><kind>major</kind></harmony>
                <note><rest/><duration>4</duration></note></measure>
                """
        }
        let text = """
            <score-partwise><part-list><score-part id="P1"><part-name>x</part-name></score-part></part-list>
            <part id="P1">\(measure(1, words: "rit."))\(measure(2, words: "Verse 1"))\(measure(3, words: "dolce"))\(measure(4, words: "Chorus"))\(measure(5, words: "To Coda"))</part>
            </score-partwise>
            """
        let sheet = try MusicXMLLeadSheet.read(Data(text.utf8))
        #expect(sheet.chart.sections.map { "\($0.name) \($0.firstBar)+\($0.bars)" } == ["Intro 0+1", "Verse 1 1+2", "Chorus 3+2"])
    }

    @Test("A repeat played three times, an ending for passes 1 and 2, and a pickup bar without a chord")
    func timesAndEndingLists() throws {
        func measure(_ number: Int, _ root: String?, left: String = "", right: String = "", implicit: Bool = false) -> String {
            let harmony = root.map { "<harmony><root><root-step>\($0)</root-step></root><kind>major</kind></harmony>" } ?? ""
            return """
                <measure number="\(number)"\(implicit ? " implicit=\"yes\"" : "")>\(left.isEmpty ? "" : "<barline location=\"left\">\(left)</barline>")\(harmony)
                <note><rest/><duration>4</duration></note>\(right.isEmpty ? "" : "<barline location=\"right\">\(right)</barline>")</measure>
                """
        }
        let measures = [
            measure(0, nil, implicit: true),
            measure(1, "C", left: "<repeat direction=\"forward\"/>"),
            measure(2, "D", left: "<ending number=\"1, 2\" type=\"start\"/>", right: "<ending number=\"1, 2\" type=\"stop\"/><repeat direction=\"backward\" times=\"3\"/>"),
            measure(3, "E", left: "<ending number=\"3\" type=\"start\"/>", right: "<ending number=\"3\" type=\"discontinue\"/>"),
            measure(4, "F"),
        ]
        let text = """
            <score-partwise><part-list><score-part id="P1"><part-name>x</part-name></score-part></part-list>
            <part id="P1">\(measures.joined())</part></score-partwise>
            """
        let sheet = try MusicXMLLeadSheet.read(Data(text.utf8))
        #expect(sheet.chart.bars == ["C", "D", "C", "D", "C", "E", "F"].map { [chord($0)] })
    }

    @Test("Two endings that both repeat, then a third")
    func threeEndings() throws {
        func measure(_ root: String, _ barlines: String) -> String {
            "<measure>\(barlines)<harmony><root><root-step>\(root)</root-step></root><kind>major</kind></harmony><note><rest/><duration>4</duration></note></measure>"
        }
        let body = [
            measure("C", ""),
            measure("D", "<barline location=\"left\"><ending number=\"1\" type=\"start\"/></barline><barline><ending number=\"1\" type=\"stop\"/><repeat direction=\"backward\"/></barline>"),
            measure("E", "<barline location=\"left\"><ending number=\"2\" type=\"start\"/></barline><barline><ending number=\"2\" type=\"stop\"/><repeat direction=\"backward\"/></barline>"),
            measure("F", "<barline location=\"left\"><ending number=\"3\" type=\"start\"/></barline><barline><ending number=\"3\" type=\"discontinue\"/></barline>"),
            measure("G", ""),
        ].joined()
        let text = "<score-partwise><part-list/><part id=\"P1\">\(body)</part></score-partwise>"
        let sheet = try MusicXMLLeadSheet.read(Data(text.utf8))
        #expect(sheet.chart.bars == ["C", "D", "C", "E", "C", "F", "G"].map { [chord($0)] })
    }

    @Test("Keys read from fifths and mode", arguments: [
        ("<key><fifths>-3</fifths><mode>minor</mode></key>", "C minor"),
        ("<key><fifths>2</fifths></key>", "D major"),
        ("<key><fifths>0</fifths><mode>dorian</mode></key>", "D dorian"),
        ("<key><fifths>-7</fifths><mode>major</mode></key>", "B major"),
        ("<key><fifths>6</fifths><mode>major</mode></key>", "F# major"),
        ("<key><fifths>-6</fifths><mode>minor</mode></key>", "Eb minor"),
    ])
    func keys(_ key: String, _ expected: String) throws {
        let sheet = try MusicXMLLeadSheet.read(Self.document(harmony: "<harmony><root><root-step>C</root-step></root><kind>major</kind></harmony>", key: key))
        #expect(sheet.key?.description == expected)
    }

    @Test("Tempo from <sound tempo> or a metronome mark; no tempo when there is neither")
    func tempo() throws {
        func sheet(_ direction: String) throws -> LeadSheet {
            try MusicXMLLeadSheet.read(
                Self.document(harmony: direction + "<harmony><root><root-step>C</root-step></root><kind>major</kind></harmony>"))
        }
        #expect(try sheet("<direction><direction-type><words>Swing</words></direction-type><sound tempo=\"152.4\"/></direction>").tempo == 152)
        #expect(try sheet("<direction><direction-type><metronome><beat-unit>eighth</beat-unit><per-minute>200</per-minute></metronome></direction-type></direction>").tempo == 100)
        #expect(try sheet("").tempo == nil)
    }
}
