import Foundation
import MusicTheory
import Testing

@testable import ChordCharts

/// iReal's obfuscation as its own app writes it: three mirror flips of each 50-character block
/// that more than 51 characters follow from its start. It undoes itself, so it is its own
/// inverse; it is written here independently of the parser's version.
private func scramble(_ chart: String) -> String {
    var text = Array(chart.unicodeScalars)
    func flip(_ start: Int, _ span: Int) {
        for offset in 0..<(span / 2) { text.swapAt(start + offset, start + span - offset) }
    }
    var block = 0
    while block + 51 < text.count {
        flip(block + 10, 29)
        flip(block + 5, 39)
        flip(block, 49)
        block += 50
    }
    return String(String.UnicodeScalarView(text))
}

/// An `irealb` link for one song, as iReal writes it: `=` and all percent-encoded.
private func irealbLink(
    title: String, composer: String = "Doe John", style: String = "Medium Swing", key: String = "C", chart: String,
    groove: String = "Jazz-Medium Swing", tempo: Int = 120
) -> String {
    let song = "\(title)=\(composer)==\(style)=\(key)==\(IRealPro.chartPrefix)\(scramble(chart))=\(groove)=\(tempo)=3"
    return "irealb://" + song.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
}

/// An `irealbook` link: the chart in the clear.
private func irealbookLink(_ chart: String, title: String = "Tune", key: String = "C", style: String = "Pop") -> String
{
    "irealbook://\(title)=Doe John=\(style)=\(key)=n=\(chart)"
}

private func bars(_ link: String) throws -> [String] {
    let sheets = try IRealPro.parse(link)
    return sheets[0].chart.bars.map { $0.map(\.description).joined(separator: " ") }
}

private func sections(_ link: String) throws -> [String] {
    try IRealPro.parse(link)[0].chart.sections.map { "\($0.name) \($0.firstBar)+\($0.bars)" }
}

/// The error a strict reading gives, as every reading gave before songs could be skipped.
private func failure(_ link: String) -> IRealProError? {
    do {
        _ = try IRealPro.playlist(link, strict: true)
        return nil
    } catch {
        return error
    }
}

/// Real links shared in public: a test in another project's repository (Autumn Leaves, with `=`
/// as it is), the Data::iRealPro Perl module's example (Blues - Simple, `=` escaped as %3D),
/// and a decoded link in a comment (One Note Samba, with raw spaces).
enum SharedLinks {
    static let autumnLeaves =
        "irealb://Autumn%20Leaves=Kosma%20Joseph==Medium%20Swing=G%2D==1r34LbKcu7QyX314C%2D7XyX7hA%7CQyX7%5EbE%7CyQX7%5EbB%7CQyX7F%7CQyQ%7CD7b4T%7BA%2AQyX7%2DyQKclcKQyX6%2DG%7CQyX317bD%7CQyX7hA%5BB%2A%7D%20%20l%20LZCX6%2DG%7CL7bG%20Q%7CBb%5EyX31b7D%7CQyX7hAC%5B%2A%5DQyX7%5EbE%7CQyX7Q%7CG%2D7yX7F%7CZF%2D7%20E7LZAh7XyQ%7CD7b13XyQ%7CG%2D6XyQKcl%20%20Z=Jazz%2DMedium%20Swing=85=0"
    static let bluesSimple =
        "irealb://Blues%20-%20Simple%3DExercise%3D%3DShuffle%3DA%3D%3D1r34LbKcu7X7EZL7XyQKyX7AZL%20lcKQyX7ZDL%20x%20ZL%20x%20ZL%20lcQKcl%20A44T%5ByQ%7CD7XyQ%7CA7XyQKcl%20%20Z%20%3D%3D0%3D0"
    static let oneNoteSamba =
        "irealb://One Note Samba=Jobim Antonio-Carlos==Bossa Nova=Bb==1r34LbKcu7|QyX74D-7XX7-D|QyX11#7B|yQX7-C|QyX7bD|QyyQ|Db4TA*[yX7-DQ|B7#bA|QyX7^bE|QyXb7B|QyX7-F|QyX117XyQ|yX7-CX7^bDXyQ|CbA|QyX7-bEB*[]yQX6bBZL11#7B 7-7XyQ|7bD|QbD|Qy LZC#*[] 7F 7hC|QyX^7B|QyX7#F|QyX7-AD-7XlcKQyQyX11C-7XyyX7-C|QyX7bD|QXy7-D|QyX11#7B|QQ|B7#|QyX7|QyX7yQ|BbX7C|QyX6bD|QyXb7A|QyX7^bE|QyX7yQ|B^X7-F|Bb6XyQZ =Jazz-Bossa Nova=0=3"
    static let andWhatIfIDont =
        "irealb://And%20What%20If%20I%20Don%27t=Hancock%20Herbie==Medium%20Swing=Eb==1r34LbKcu71N%7CQy4Eb7%20QyX7bEZL%20lcKQy7X%2DC%7CQyX7bEZL7bB%7CAb7X4TA%2A%7BX7GB%2AQ%7CF%2D77bEZL7bB%207%2DF2NLZ%20QyXQyX%7DQyXbB%2FXyQ%5D%5ByX7%2DFB%207bE%20LZC7%20lcKQyX7bBZL%20lKcQyX7FZL%20lcKQyX%20%5D%5B%2AAlcKQybB%2F7%2Db7XyQ7%2DF%7CQyX7bA%7CQyXb7EZL%20lcKQyX7%2DC%7CXyQ%7CFEZL7bXyQZ%20==0=0==="
}

@Suite("iReal Pro links")
struct IRealProTests {
    // MARK: Chord spellings

    @Test(
        "iReal's chord spellings become the standard ones",
        arguments: [
            ("C^7", "Cmaj7"), ("C^", "Cmaj7"), ("D-7", "Dm7"), ("D-", "Dm"), ("Bh7", "Bm7b5"), ("Bh", "Bm7b5"),
            ("Eo7", "Edim7"), ("Eo", "Edim"), ("C-^7", "Cm(maj7)"), ("G+", "Gaug"), ("C69", "C6/9"), ("G7b9", "G7b9"),
            ("G7#9", "G7#9"), ("G7alt", "G7alt"), ("A13b9", "A13b9"), ("F-6", "Fm6"), ("C7sus", "C7sus4"),
            ("Csus", "Csus4"),
            ("Bb-7/F", "Bbm7/F"), ("Cb^7", "Bmaj7"), ("E#-7", "Fm7"), ("Fb", "E"), ("B#7/E#", "C7/F"), ("Dh9", "Dm9b5"),
            ("C-11", "Cm11"), ("C^9#11", "Cmaj9#11"), ("C7b9sus", "C7b9sus4"), ("C-69", "Cm6/9"), ("C2", "Cadd2"),
            ("W/E", "W/E"),
        ])
    func spelling(ireal: String, standard: String) {
        #expect(IRealPro.chordSpelling(ireal) == standard)
    }

    @Test("What is not one iReal chord has no spelling", arguments: ["Hx7", "C7q", "", "c7", "C7/", "C^7 D-7"])
    func notAChord(text: String) {
        #expect(IRealPro.chordSpelling(text) == nil)
    }

    /// The notes each iReal quality means, in semitones above the root (mod 12).
    static let meaning: [String: Set<Int>] = [
        "": [0, 4, 7], "5": [0, 7], "+": [0, 4, 8], "o": [0, 3, 6], "h": [0, 3, 6, 10], "sus": [0, 5, 7],
        "^": [0, 4, 7, 11],
        "-": [0, 3, 7], "^7": [0, 4, 7, 11], "-7": [0, 3, 7, 10], "7": [0, 4, 7, 10], "7sus": [0, 5, 7, 10],
        "h7": [0, 3, 6, 10], "o7": [0, 3, 6, 9], "^9": [0, 4, 7, 11, 2], "6": [0, 4, 7, 9], "69": [0, 4, 7, 9, 2],
        "^7#11": [0, 4, 7, 11, 6], "-6": [0, 3, 7, 9], "-^7": [0, 3, 7, 11], "-9": [0, 3, 7, 10, 2],
        "-11": [0, 3, 7, 10, 2, 5], "-7b5": [0, 3, 6, 10], "9": [0, 4, 7, 10, 2], "7b9": [0, 4, 7, 10, 1],
        "7#9": [0, 4, 7, 10, 3], "7#11": [0, 4, 7, 10, 6], "7b5": [0, 4, 6, 10], "7#5": [0, 4, 8, 10],
        "13": [0, 4, 7, 10, 2, 9], "11": [0, 4, 7, 10, 2, 5], "add9": [0, 4, 7, 2], "^13": [0, 4, 7, 11, 2, 9],
    ]

    @Test("A converted chord Backline reads holds the notes iReal means")
    func convertedChordsKeepTheirNotes() throws {
        for (quality, notes) in Self.meaning {
            let spelling = try #require(IRealPro.chordSpelling("C" + quality))
            guard let symbol = try? ChordSymbol.parse(spelling), case .absolute(_, let read, _) = symbol else {
                continue
            }
            let classes = Set(read.intervals.map { $0 % 12 })
            // Backline's maj7#11 carries the ninth too; nothing else may be added or lost.
            #expect(
                notes.isSubset(of: classes) && classes.subtracting(notes).isSubset(of: [2]),
                "C\(quality) read as \(spelling)")
        }
    }

    @Test("Every iReal quality plays as some chord Backline reads")
    func everyQualityPlays() throws {
        for (quality, standard) in IRealPro.chordQualities {
            let sheet = try IRealPro.parse(irealbookLink("[C\(quality) |D Z"))[0]
            guard case .absolute(let root, _, _) = sheet.chart.bars[0][0] else {
                Issue.record("C\(quality) (\(standard)) did not play as a chord")
                continue
            }
            #expect(root.description == "C")
        }
    }

    @Test("A chord today's grammar refuses plays as its nearest readable chord, and is listed")
    func unreadableChordsFallBack() throws {
        let song = try IRealPro.playlist(irealbookLink("[C7alt |G13b9 |Dh7 G7b9 |C^7 Z"))
            .songs[0]
        let bars = song.sheet.chart.bars.map { $0.map(\.description) }
        for (bar, written, standard, fallback) in [(1, "C7alt", "C7alt", "C7#9"), (2, "G13b9", "G13b9", "G7b9")] {
            if let readable = try? ChordSymbol.parse(standard) {
                #expect(bars[bar - 1] == [readable.description])
                #expect(!song.unreadable.contains { $0.ireal == written })
            } else {
                #expect(bars[bar - 1] == [fallback])
                #expect(song.unreadable.contains(.init(bar: bar, ireal: written, chord: standard, playedAs: fallback)))
            }
        }
        #expect(bars[2] == ["Dm7b5", "G7b9"] && bars[3] == ["Cmaj7"])
    }

    // MARK: Unscrambling

    @Test("Unscrambling undoes iReal's obfuscation, whatever the length")
    func unscrambleUndoesScramble() {
        let alphabet = Array("ABCDEFG^-7|[]{} x*ZTNn#b".unicodeScalars)
        for length in 0...260 {
            let chart = String(
                String.UnicodeScalarView((0..<length).map { alphabet[($0 * 7 + length) % alphabet.count] }))
            #expect(IRealPro.unscramble(scramble(chart)) == chart)
            #expect(IRealPro.unscramble(IRealPro.unscramble(chart)) == chart)
        }
    }

    @Test("A chart scrambled by hand reads back bar for bar")
    func scrambledChartReads() throws {
        let chart =
            "*A{T44C^7XyQ|A-7XyQ|D-7XyQ|G7XyQ|E-7 A7LZD-7 G7LZN1C^7XyQKcl }XyQXyQ LZN2C^7 C7LZF^7 F-6LZC^7XyQ|C^7XyQZ"
        #expect(chart.unicodeScalars.count > 100)
        let link = irealbLink(title: "Scrambled", chart: chart)
        #expect(
            try bars(link) == [
                "Cmaj7", "Am7", "Dm7", "G7", "Em7 A7", "Dm7 G7", "Cmaj7", "Cmaj7",
                "Cmaj7", "Am7", "Dm7", "G7", "Em7 A7", "Dm7 G7", "Cmaj7 C7", "Fmaj7 Fm6", "Cmaj7", "Cmaj7",
            ])
    }

    @Test("A real shared link: Autumn Leaves")
    func autumnLeaves() throws {
        let song = try IRealPro.playlist(SharedLinks.autumnLeaves).songs[0]
        let sheet = song.sheet
        #expect(sheet.title == "Autumn Leaves" && sheet.composer == "Joseph Kosma")
        #expect(sheet.style == "Medium Swing" && song.groove == "Jazz-Medium Swing" && song.genre == "jazz")
        #expect(
            sheet.key == Key(tonic: NoteName(parsing: "G")!, mode: .minor) && sheet.meter == .common
                && sheet.tempo == 85)
        let played = sheet.chart.bars.map { $0.map(\.description).joined(separator: " ") }
        #expect(played.count == 32)
        #expect(Array(played[0..<8]) == Array(played[8..<16]))
        #expect(Array(played[0..<4]) == ["Cm7", "F7", "Bbmaj7", "Ebmaj7"])
        #expect(Array(played[26..<28]) == ["Gm7 Gb7", "Fm7 E7"])
        #expect(sheet.chart.sections.map(\.name) == ["A", "A", "B", "C"])
        #expect(sheet.chart.sections.map(\.bars) == [8, 8, 8, 8])
        // D7b13 is written in bars 6, 10, 18 and 22.
        if (try? ChordSymbol.parse("D7b13")) == nil {
            #expect(song.unreadable.map(\.bar) == [6, 10, 18, 22])
            #expect(played[5] == "D7")
        }
    }

    @Test("More real shared links: Blues - Simple (with %3D), One Note Samba (raw), And What If I Don't")
    func moreSharedLinks() throws {
        let blues = try IRealPro.parse(SharedLinks.bluesSimple)[0]
        #expect(blues.title == "Blues - Simple" && blues.style == "Shuffle" && blues.composer == "Exercise")
        #expect(blues.chart.description == "A7 | A7 | A7 | A7 | D7 | D7 | A7 | A7 | E7 | D7 | A7 | A7")

        let samba = try IRealPro.parse(SharedLinks.oneNoteSamba)[0]
        #expect(samba.composer == "Antonio-Carlos Jobim" && samba.key?.description == "Bb major")
        #expect(samba.chart.sections.map(\.name) == ["A", "B", "A"])
        #expect(samba.chart.bars.count == 40)
        #expect(samba.chart.bars[14].map(\.description) == ["Cm7", "B7#11"])

        // The second ending stands after empty layout cells: `}XyQXyQ LZN2`.
        let hancock = try bars(SharedLinks.andWhatIfIDont)
        #expect(hancock.count == 32)
        #expect(Array(hancock[6..<8]) == ["Fm7", "Fm7/Bb"])
        #expect(Array(hancock[14..<16]) == ["Fm7 Bb7", "Eb7"])
    }

    @Test("The link format's own example, in the clear")
    func publishedExample() throws {
        let sheet = try IRealPro.parse(
            "irealbook://Song Title=LastName FirstName=Style=Ab=n=T44*A{C^7 |A-7 |D-9 |G7#5 }")[0]
        #expect(sheet.title == "Song Title" && sheet.composer == "FirstName LastName" && sheet.style == "Style")
        #expect(sheet.key?.description == "Ab major")
        #expect(sheet.chart.description == "[A] Cmaj7 | Am7 | Dm9 | Gaug7 [A] Cmaj7 | Am7 | Dm9 | Gaug7")
    }

    // MARK: Form

    @Test("Repeats with 1st and 2nd endings are played in order")
    func endings() throws {
        #expect(try bars(irealbookLink("*A{C |D |N1E |F }N2G |A ]")) == ["C", "D", "E", "F", "C", "D", "G", "A"])
        #expect(try bars(irealbookLink("{C |N1D }N2E }N3F Z")) == ["C", "D", "C", "E", "C", "F"])
        #expect(try bars(irealbookLink("{C |D <3x>}")) == ["C", "D", "C", "D", "C", "D"])
        #expect(try bars(irealbookLink("{C |D }{E |F }")) == ["C", "D", "C", "D", "E", "F", "E", "F"])
        // A lone first ending is skipped the last time.
        #expect(try bars(irealbookLink("{C |N1D }E Z")) == ["C", "D", "C", "E"])
    }

    @Test("x repeats one bar, r two; Kcl is iReal's shorthand for a bar line and x")
    func barRepeats() throws {
        #expect(try bars(irealbookLink("[C |x |D |E | r| |F Z")) == ["C", "C", "D", "E", "D", "E", "F"])
        #expect(try bars(irealbookLink("[C7XyQKcl LZF7XyQZ")) == ["C7", "C7", "F7"])
        // Repeat signs in a second ending repeat the bar played before them.
        #expect(try bars(irealbookLink("{C |D |N1E }N2x |G Z")) == ["C", "D", "E", "C", "D", "D", "G"])
    }

    @Test("n is N.C.; alternate chords in parentheses are not played")
    func noChordAndAlternates() throws {
        let sheet = try IRealPro.parse(irealbookLink("[C |n |D n |C^7(A7) D-7(Db7) |E Z"))[0]
        #expect(sheet.chart.bars[1] == [.noChord])
        #expect(
            sheet.chart.bars.map { $0.map(\.description).joined(separator: " ") } == [
                "C", "N.C.", "D N.C.", "Cmaj7 Dm7", "E",
            ])
    }

    @Test("Rehearsal marks name the sections, as the chart names them")
    func rehearsalMarks() throws {
        #expect(
            try sections(irealbookLink("*iC |D ]*AE |F ]*BG |A ]*VB |C ]*CE |F Z")) == [
                "Intro 0+2", "A 2+2", "B 4+2", "Verse 6+2", "C 8+2",
            ])
        // Bars before the first mark open the tune; a chart with no marks has no sections.
        #expect(try sections(irealbookLink("[C |D |*AE |F Z")) == ["Intro 0+2", "A 2+2"])
        #expect(try sections(irealbookLink("[C |D |E Z")) == [])
    }

    @Test("D.C. al Coda, the coda signs alone, and D.C. al Fine")
    func jumps() throws {
        let expected = ["C", "D", "E", "F", "C", "D", "G", "A"]
        #expect(try bars(irealbookLink("*A[C |D |QE |F <D.C. al Coda>]Q[G |A Z")) == expected)
        #expect(
            try sections(irealbookLink("*A[C |D |QE |F <D.C. al Coda>]Q[G |A Z")) == ["A 0+4", "A 4+2", "Coda 6+2"])
        #expect(try bars(irealbookLink("*A[C |D |QE |F ]Q[G |A Z")) == expected)
        #expect(try bars(irealbookLink("[C |D <Fine>|E |F <D.C. al Fine>Z")) == ["C", "D", "E", "F", "C", "D"])
        #expect(try bars(irealbookLink("[C |SD |E <D.S. al Fine>|F <Fine>Z")) == ["C", "D", "E", "D", "E", "F"])
    }

    @Test("Time signatures: 3/4 for the song, changes listed, 4/4 when the chart says none")
    func timeSignatures() throws {
        let waltz = try IRealPro.parse(irealbookLink("T34[C |D |E D |F Z", style: "Jazz Waltz"))[0]
        #expect(waltz.meter == Meter(numerator: 3, denominator: 4))
        // In 3/4 the third of four cells is the third beat.
        #expect(waltz.chart.bars[2].map(\.description) == ["E", "E", "D"])
        #expect(try IRealPro.parse(irealbookLink("[C |D Z"))[0].meter == .common)
        #expect(try IRealPro.parse(irealbookLink("T12[C |D Z"))[0].meter == Meter(numerator: 12, denominator: 8))

        let changing = try IRealPro.playlist(irealbookLink("T44[C |D |T34E |F |T44G Z")).songs[0]
        #expect(changing.sheet.meter == .common)
        #expect(
            changing.meterChanges == [
                .init(bar: 2, meter: Meter(numerator: 3, denominator: 4)!), .init(bar: 4, meter: .common),
            ])
    }

    @Test("Several chords in a bar share it by the beats they start on")
    func chordsInABar() throws {
        #expect(
            try bars(irealbookLink("[C^7 A-7 |C,D-,E-,F |C7  F7|G Z")) == [
                "Cmaj7 Am7", "C Dm Em F", "C7 C7 C7 F7", "G",
            ])
        // A slash holds the chord before it; W keeps it over a new bass.
        #expect(try bars(irealbookLink("[C7 p F7 |C7 W/E |D Z")) == ["C7 F7", "C7 C7/E", "D"])
    }

    // MARK: Links and playlists

    @Test("A playlist of several songs, its name after the last")
    func playlist() throws {
        let songs = [
            "Blue Rondo=Brubeck Dave==Up Tempo Swing=A-==\(IRealPro.chartPrefix)\(scramble("T98[A-XyQ|A-XyQZ"))==220=3",
            "Girl From Ipanema, The=Jobim Antonio Carlos==Bossa Nova=F==\(IRealPro.chartPrefix)[F^7XyQ|G7XyQZ==0=3",
            "Minor Waltz===Jazz Waltz=Cb-==\(IRealPro.chartPrefix)T34[Cb-7XyQ|Fb7XyQZ=Jazz-Waltz=0=3",
        ]
        let body = songs.joined(separator: "===") + "===My Playlist"
        let list = try IRealPro.playlist(
            "irealb://" + body.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        #expect(list.name == "My Playlist")
        #expect(list.songs.map(\.sheet.title) == ["Blue Rondo", "The Girl From Ipanema", "Minor Waltz"])
        #expect(list.songs.map(\.sheet.composer) == ["Dave Brubeck", "Antonio Carlos Jobim", nil])
        #expect(list.songs.map(\.genre) == ["bebop", "bossa_nova", "jazz_waltz"])
        #expect(list.songs[0].sheet.meter == Meter(numerator: 9, denominator: 8) && list.songs[0].sheet.tempo == 220)
        // Cb minor is respelled B minor, and so are its chords.
        #expect(list.songs[2].sheet.key == Key(tonic: NoteName(parsing: "B")!, mode: .minor))
        #expect(list.songs[2].sheet.chart.description == "Bm7 | E7")
        #expect(try IRealPro.parse(irealbookLink("[C |D Z") + "=" + irealbookLink("[E |F Z").dropFirst(12)).count == 2)
    }

    @Test("Links are found in the page iReal Pro shares")
    func linksInAPage() {
        let page = """
            <html><body><a href="irealb://A%20Tune=Doe%20John==Pop=C==1r34LbKcu7[C |D Z">A Tune</a>
            <a href='irealbook://Two=Doe John=Pop=C=n=[C |D Z'>Two</a> and again irealbook://Two=Doe John=Pop=C=n=[C |D Z
            <a href="irealb://Amp=Doe&amp;Roe==Pop=C==1r34LbKcu7[C |D Z">x</a></body></html>
            """
        #expect(
            IRealPro.links(in: page) == [
                "irealb://A%20Tune=Doe%20John==Pop=C==1r34LbKcu7[C |D Z", "irealbook://Two=Doe John=Pop=C=n=[C |D Z",
                "irealb://Amp=Doe&Roe==Pop=C==1r34LbKcu7[C |D Z",
            ])
        #expect(IRealPro.links(in: "no links here").isEmpty)
    }

    @Test("Composers are named first name first")
    func composers() {
        #expect(IRealPro.composerName("Kosma Joseph") == "Joseph Kosma")
        #expect(IRealPro.composerName("Van Heusen Jimmy") == "Jimmy Van Heusen")
        #expect(IRealPro.composerName("Morton Jelly Roll") == "Jelly Roll Morton")
        #expect(IRealPro.composerName("Traditional") == "Traditional")
        #expect(IRealPro.composerName("") == nil)
    }

    // MARK: Styles

    @Test(
        "iReal styles map to Backline genres",
        arguments: [
            ("Medium Swing", "jazz"), ("Swing", "jazz"), ("Up Tempo Swing", "bebop"), ("Medium Up Swing", "jazz"),
            ("Ballad", "jazz"), ("Slow Swing", "jazz"), ("Bossa Nova", "bossa_nova"), ("Latin", "latin"),
            ("Samba", "samba"), ("Salsa", "salsa"), ("Tango", "tango"), ("Shuffle", "shuffle"), ("Second Line", "second_line"),
            ("Rock", "classic_rock"), ("Funk", "funk"), ("Pop", "pop"), ("RnB", "rnb"), ("Soul", "soul"),
            ("Blues", "blues"),
            ("Reggae", "reggae"), ("Gospel", "gospel"), ("Waltz", "jazz_waltz"), ("Jazz Waltz", "jazz_waltz"), ("Even 8ths", "pop"),
            ("Afro", "latin"), ("Country", "country"), ("Jazz-Up Tempo Swing", "bebop"),
            ("Jazz-Bossa Nova", "bossa_nova"),
            ("Latin-Brazil: Samba", "samba"), ("Latin-Cuba: Bolero", "latin"), ("Pop-Reggae", "reggae"),
            ("Pop-Rock", "classic_rock"),
            ("Jazz-Something New", "jazz"), ("Pop-Something New", "pop"), ("Latin-Argentina: Something", "latin"),
            ("medium  swing", "jazz"), ("Baião", "latin"), ("Trad Jazz", "swing"),
        ])
    func genres(style: String, genre: String) {
        #expect(IRealPro.genre(forStyle: style) == genre)
    }

    @Test("The style table names only Backline's genres, and no style twice")
    func styleTable() {
        let genres: Set = [
            "classic_rock", "blues", "pop", "folk", "country", "punk", "hard_rock", "jazz", "funk", "reggae", "soul",
            "rnb", "metal",
            "hip_hop", "latin", "bossa_nova", "electronic", "house", "ambient", "gospel", "swing", "bebop",
            "ska", "disco", "motown", "second_line", "samba", "afrobeat", "cumbia", "salsa", "jazz_waltz", "shuffle", "bluegrass",
            "drum_and_bass", "trap", "lofi", "indie_rock", "grunge", "tango", "soul_ballad", "jazz_5_4", "balkan_7_8",
        ]
        #expect(IRealPro.styleTable.allSatisfy { genres.contains($0.genre) })
        #expect(IRealPro.styleFamilies.allSatisfy { genres.contains($0.genre) })
        let styles = IRealPro.styleTable.map { $0.style.lowercased() }
        #expect(Set(styles).count == styles.count)
        #expect(IRealPro.genre(forStyle: "Polka") == nil)
    }

    // MARK: Malformed links

    @Test(
        "Malformed links say what is wrong, and where",
        arguments: [
            (
                "http://example.com", IRealProError.Code.notALink,
                "not an iReal Pro link (it starts irealb:// or irealbook://)"
            ),
            ("", .notALink, "not an iReal Pro link (it starts irealb:// or irealbook://)"),
            ("irealb://", .noSongs, "the link holds no songs"),
            ("irealb://===Empty Playlist", .noSongs, "the playlist 'Empty Playlist' holds no songs"),
            ("irealb://A%2", .badEncoding, "the link's '%' at character 10 is not followed by two hex digits"),
            ("irealb://A%FF%FE", .badEncoding, "the link's %-escapes do not spell UTF-8 text"),
            (
                "irealb://Tune=Doe==Pop=C==Nothing=Jazz=0=0", .badFields,
                "an irealb:// link whose songs have no chart (no field starts with 1r34LbKcu7)"
            ),
            ("irealbook://Tune=Doe=Pop=C=n=[C |Hx7 |D Z", .notAChord, "song 1 (Tune), bar 2: 'Hx7' is not a chord"),
            (
                "irealbook://Tune=Doe=Pop=C=n=[C |D |E |F |G |A |B |C |D |E |F |C7q Z", .notAChord,
                "song 1 (Tune), bar 12: 'C7q' is not a chord"
            ),
            (
                "irealbook://Tune=Doe=Pop=C=n=[C |D7/ Z", .notAChord,
                "song 1 (Tune), bar 2: 'D7/' is not a chord: a bass note follows /"
            ),
            (
                "irealbook://Tune=Doe=Pop=H=n=[C |D Z", .badKey,
                "song 1 (Tune): key 'H' is not a key (iReal writes C, Eb, F# or, for minor, A-)"
            ),
            (
                "irealbook://Tune=Doe=Pop=C=n=[C |<D.C. al Coda |D Z", .badChart,
                "song 1 (Tune), bar 2: the comment '<D.C.…' is not closed with >"
            ),
            (
                "irealbook://Tune=Doe=Pop=C=n=T99[C |D Z", .badChart,
                "song 1 (Tune), bar 1: 'T99' is not a time signature (T44, T34, T68, T12 for 12/8 …)"
            ),
            (
                "irealbook://Tune=Doe=Pop=C=n=[x |D Z", .badChart,
                "song 1 (Tune), bar 1: 'x' repeats the bar before it, but there is none"
            ),
            (
                "irealbook://Tune=Doe=Pop=C=n=[C | r| Z", .badChart,
                "song 1 (Tune), bar 2: 'r' repeats the two bars before it, but there are fewer"
            ),
            (
                "irealbook://Tune=Doe=Pop=C=n=[C |N D Z", .badChart,
                "song 1 (Tune), bar 2: 'N': an ending is N and its number (N1, N2, N3)"
            ),
            ("irealbook://Tune=Doe=Pop=C=n=[ | | Z", .noChords, "song 1 (Tune) has no chords"),
            ("irealbook://One=Doe=Pop=C=n=[C Z===Two=Doe=Pop=C=n=[ | Z", .noChords, "song 2 (Two) has no chords"),
            (
                "irealbook://One=Doe=Pop=C=n=[C Z===Two=Doe=Pop", .badFields,
                "song 2 (Two): expected six fields title=composer=style=key=n=chart, found 3"
            ),
        ])
    func malformed(link: String, code: IRealProError.Code, message: String) throws {
        let error = try #require(failure(link))
        #expect(error.code == code)
        #expect(error.message == message)
    }

    @Test("An error names the bar and the offset in the chart")
    func errorPlace() throws {
        let error = try #require(failure(irealbookLink("[C |D |Hx7 Z")))
        #expect(error.song == 1 && error.bar == 3 && error.offset == 7)
    }

    @Test("Truncated links and random bytes throw or read, never crash")
    func fuzz() {
        var random = SplitMix64(seed: 7)
        for link in [
            SharedLinks.autumnLeaves, SharedLinks.bluesSimple, SharedLinks.oneNoteSamba, SharedLinks.andWhatIfIDont,
        ] {
            for end in stride(from: 0, through: link.count, by: 1) {
                _ = failure(String(link.prefix(end)))
            }
        }
        // Chart text from iReal's own alphabet, in every order chance gives.
        let alphabet = Array(
            "ABCDEFGW b#^-7913ho+sus alt/|[]{}Z xrnpslfYUSQN1N2T44T34T78*A*i<D.C. al Coda><Fine><3x>(),*KclXyQLZ"
                .unicodeScalars)
        for _ in 0..<3000 {
            let length = Int(random.next() % 60)
            let chart = String(
                String.UnicodeScalarView(
                    (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }))
            _ = failure(irealbookLink(chart))
            _ = failure(irealbLink(title: "Fuzz", chart: chart))
            // Read leniently too: every symbol read as the nearest thing or dropped, never a crash.
            _ = try? IRealPro.playlist(irealbookLink(chart))
            _ = try? IRealPro.playlist(irealbLink(title: "Fuzz", chart: chart + "*-^*C*7+* x T N"))
        }
        for _ in 0..<1000 {
            let bytes = (0..<Int(random.next() % 80)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            _ = failure("irealb://" + String(decoding: bytes, as: UTF8.self))
            _ = failure("irealb://" + bytes.map { String(format: "%%%02X", $0) }.joined())
        }
    }

    @Test("A chart whose repeats never end is refused, not played forever")
    func boundedForm() throws {
        let chart = String(repeating: "{C |D <16x>}", count: 200)
        let error = try #require(failure(irealbookLink(chart)))
        #expect(error.code == .formTooLong)
    }
}

/// A small seeded generator, so the fuzz test is the same on every run.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
