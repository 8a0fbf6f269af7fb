import BacklineEngine
import Foundation
import MusicTheory
import Testing

@Suite("A song's outline")
struct SongOutlineTests {
    @Test("The hand-written JSON reads back as the same outline, for every genre and for names that need escaping")
    func jsonRoundTrip() throws {
        var outlines = try Fixtures.allGenres.map { try Fixtures.song(Fixtures.request($0, key: "F#", mode: .dorian, withKeys: true)).outline }
        outlines.append(SongOutline(
            meter: Meter(numerator: 12, denominator: 8)!, parts: [.init(name: "horns \"A\" \\ é", channel: 4)],
            sections: [.init(name: "bridge\n\t\u{1}", firstBar: 3, chords: [[.init(name: "C7#9/E", offset: 0), .init(name: "F♯ø", offset: 720)], []])]))
        for outline in outlines {
            let decoded = try JSONDecoder().decode(SongOutline.self, from: Data(outline.json.utf8))
            #expect(decoded == outline)
            #expect(try JSONSerialization.jsonObject(with: Data(outline.json.utf8)) is [String: Any])
        }
    }

    @Test("Every bar of the arrangement is in the outline, with its chords where they start")
    func matchesArrangement() throws {
        let song = try Fixtures.song(Fixtures.request("jazz", key: "Bb", sections: 3))
        let outline = song.outline
        #expect(outline.totalBars == song.arrangement.bars.count)
        #expect(outline.parts.map(\.name) == song.tracks.map(\.name))
        for bar in song.arrangement.bars {
            let section = outline.sections[bar.section]
            let marks = section.chords[bar.barInSection]
            #expect(marks.map(\.offset) == bar.chords.map { $0.start - bar.start })
            #expect(marks.map(\.name) == bar.chords.map { $0.chord.name(in: song.key) })
        }
    }
}
