import ArgumentParser
import BacklineEngine
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure how long one song takes to render in process, MIDI encoding included.",
        discussion: """
            Renders --songs songs (seeds 1, 2, 3 …) after a warm-up: every part played and every MIDI \
            file (each part and the combined file) encoded in memory, nothing written to disk. Prints \
            the median and 99th percentile per song and songs per second:
              99.3 us/song (p99 158.0 us, 9782 songs/s; 10000 songs, reference_blues A minor, 32 bars, 4 parts)
            Use a release build (swift build -c release) for figures that mean anything.
            `backline bench parsers` times the chart readers instead. See Docs/PERFORMANCE.md.
            """,
        subcommands: [BenchParsersCommand.self]
    )

    @OptionGroup var song: SongOptions

    @Option(help: ArgumentHelp("Songs to time, 1–10000000.", valueName: "n"))
    var songs: Int = 1000

    @Option(help: ArgumentHelp("Songs rendered before timing starts.", valueName: "n"))
    var warmup: Int = 100

    func validate() throws {
        guard (1...10_000_000).contains(songs) else { throw ValidationError("--songs must be 1–10000000") }
        guard warmup >= 0 else { throw ValidationError("--warmup must be 0 or more") }
    }

    func run() throws {
        let (preset, base) = try song.resolve(seed: 0)
        func render(_ seed: Int) -> Int {
            let request = SongRequest(
                genre: base.genre, key: base.key, tempo: base.tempo, sections: base.sections, withKeys: base.withKeys,
                seed: UInt64(seed), chart: base.chart, progression: base.progression, parts: base.parts, form: base.form,
                loop: base.loop, bars: base.bars)
            return Song(preset: preset, request: request).midiFiles().reduce(0) { $0 + $1.bytes.count }
        }
        var bytes = 0
        for seed in 0..<warmup { bytes &+= render(1_000_000 + seed) }

        var nanoseconds: [Int64] = []
        nanoseconds.reserveCapacity(songs)
        let clock = ContinuousClock()
        let started = clock.now
        for seed in 1...songs {
            let start = clock.now
            bytes &+= render(seed)
            nanoseconds.append((clock.now - start).nanoseconds)
        }
        let total = (clock.now - started).nanoseconds
        nanoseconds.sort()
        let median = Double(nanoseconds[nanoseconds.count / 2]) / 1000
        let p99 = Double(nanoseconds[min(nanoseconds.count - 1, nanoseconds.count * 99 / 100)]) / 1000
        let rate = Double(songs) / (Double(total) / 1e9)
        let sample = Song(preset: preset, request: base)
        let what = "\(preset.id) \(base.key), \(sample.arrangement.bars.count) bars, \(sample.tracks.count) parts"
        print(String(format: "%.1f us/song (p99 %.1f us, %.0f songs/s; %d songs, %@)", median, p99, rate, songs, what))
        // Keeps the work from being optimised away, and shows it was real.
        if bytes == 0 { print("no bytes were encoded") }
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
