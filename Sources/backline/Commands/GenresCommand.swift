import ArgumentParser
import MusicTheory
import BacklineEngine
import BacklinePresets

struct GenresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "genres",
        abstract: "List the genres Backline can play, with tempo range and parts."
    )

    @OptionGroup var presets: PresetOptions

    func run() throws {
        let catalog = try presets.catalog()
        let rows = catalog.ids.compactMap(catalog.genre).map { preset in
            [
                preset.id, preset.name,
                "\(preset.tempoRange.lowerBound)-\(preset.tempoRange.upperBound) bpm (default \(preset.defaultTempo))",
                ([preset.meter.descriptionWithGrouping] + preset.writtenMeters.dropFirst().map { "+" + $0.description }).joined(separator: " "),
                preset.parts.map { $0.onRequest ? "\($0.name) (on request)" : $0.name }.joined(separator: ", "),
                PresetFiles.origin(of: preset.source),
            ]
        }
        let header = ["ID", "NAME", "TEMPO", "METER", "PARTS", "FROM"]
        let widths = (0..<header.count).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        for row in [header] + rows {
            print(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ").trimmingTrailingSpaces())
        }
        print("""

            Every genre plays every meter (--meter: \(Meter.everyday.map(\.description).joined(separator: ", ")) …): from grooves \
            of its own for the meters METER lists, derived from its first meter's for the others (Docs/PRESETS.md, "Meters").
            """)
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        String(reversed().drop { $0 == " " }.reversed())
    }
}
