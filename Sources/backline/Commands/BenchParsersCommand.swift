import ArgumentParser
import ChordCharts
import Foundation
import MusicTheory

/// `backline bench parsers`: how each reader of outside input grows with its input, up to the
/// server's 1 MiB body cap. Linear readers keep the time per kilobyte flat down each column.
struct BenchParsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parsers",
        abstract: "Time the chart readers (chord charts, iReal Pro links, MusicXML) on inputs up to 1 MiB.",
        discussion: """
            For each reader, inputs of 16 KiB, 64 KiB, 256 KiB and 1 MiB (the server's body cap) are \
            read --runs times and the best time is printed, with microseconds per KiB: a reader whose \
            time grows linearly keeps that figure flat. The inputs are the security probe's: long \
            charts, iReal Pro repeats and endings, MusicXML measures and attribute-laden elements. \
            Inputs past a reader's bounds are refused early, which is the point. \
            Use a release build (swift build -c release). See Docs/PERFORMANCE.md.
            """
    )

    @Option(help: ArgumentHelp("Timed reads of each input; the best is printed.", valueName: "n"))
    var runs: Int = 5

    @Option(
        help: ArgumentHelp(
            "Also time importing a real playlist: a file holding iReal Pro links (a link, or iReal's HTML page), every song read.",
            valueName: "file"))
    var playlist: String?

    func validate() throws {
        guard (1...1000).contains(runs) else { throw ValidationError("--runs must be 1–1000") }
    }

    /// An input of about `bytes` bytes built by repeating `unit` between `head` and `tail`.
    static func input(_ bytes: Int, head: String = "", unit: String, tail: String = "") -> String {
        head + String(repeating: unit, count: max(1, (bytes - head.utf8.count - tail.utf8.count) / unit.utf8.count)) + tail
    }

    static let readers: [(name: String, make: @Sendable (Int) -> String, read: @Sendable (String) -> Void)] = [
        ("chord chart", { input($0, head: "[A] ", unit: "Am7 D7 | ") }, { _ = try? ChordChart(parsing: $0) }),
        ("one long chord", { input($0, unit: "C") }, { _ = try? ChordChart(parsing: $0) }),
        ("iReal bars", { input($0, head: "irealbook://T=C=Jazz=C=n=", unit: "C7 |", tail: "F7 Z") }, { _ = try? IRealPro.playlist($0) }),
        ("iReal repeats", { input($0, head: "irealbook://T=C=Jazz=C=n=", unit: "{C |C }") }, { _ = try? IRealPro.playlist($0) }),
        ("iReal endings", { input($0, head: "irealbook://T=C=Jazz=C=n=", unit: "{C |C N1C }|N2C }") }, { _ = try? IRealPro.playlist($0) }),
        ("MusicXML measures", {
            input($0, head: "<score-partwise><part-list><score-part id=\"P1\"/></part-list><part id=\"P1\">",
                  unit: "<measure><harmony><root><root-step>C</root-step></root><kind>major</kind></harmony></measure>", tail: "</part></score-partwise>")
        }, { _ = try? MusicXMLLeadSheet.read(Data($0.utf8)) }),
        ("MusicXML attributes", { input($0, head: "<score-partwise ", unit: "a=\"1\" ", tail: "/>") }, { _ = try? MusicXMLLeadSheet.read(Data($0.utf8)) }),
    ]

    func run() throws {
        let sizes = [16 << 10, 64 << 10, 256 << 10, 1 << 20]
        func column(_ text: String) -> String { String(repeating: " ", count: max(0, 24 - text.count)) + text }
        print("reader".padding(toLength: 20, withPad: " ", startingAt: 0) + sizes.map { column("\($0 >> 10) KiB") }.joined())
        for reader in Self.readers {
            var cells: [String] = []
            for size in sizes {
                let text = reader.make(size)
                reader.read(text)  // warm-up
                var best = Double.infinity
                for _ in 0..<runs {
                    let start = ContinuousClock.now
                    reader.read(text)
                    best = min(best, Double((ContinuousClock.now - start).nanoseconds) / 1e3)
                }
                cells.append(column(String(format: "%.0f us (%.1f/KiB)", best, best / Double(text.utf8.count >> 10))))
            }
            print(reader.name.padding(toLength: 20, withPad: " ", startingAt: 0) + cells.joined())
        }
        if let playlist { try timeImport(playlist) }
    }

    /// Best time to import every song of every link in `file`, as `chart import` does.
    func timeImport(_ file: String) throws {
        let links = try ChartCommand.links(from: file)
        var songs = 0, skipped = 0
        var best = Double.infinity
        for run in 0...runs {
            let start = ContinuousClock.now
            var read = 0, left = 0
            for link in links {
                guard let playlist = try? IRealPro.playlist(link) else { continue }
                read += playlist.songs.count
                left += playlist.skipped.count
            }
            // The first run warms up.
            if run > 0 { best = min(best, Double((ContinuousClock.now - start).nanoseconds) / 1e6) }
            (songs, skipped) = (read, left)
        }
        print(String(format: "\nimport %@: %d songs read, %d skipped, %.1f ms (best of %d)", file, songs, skipped, best, runs))
    }
}
