import ArgumentParser
import BacklineEngine
import BacklinePresets

struct GenresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "genres",
        abstract: "List the genres Backline can play, with tempo range, meters and parts.",
        discussion: """
            METER is the genre's own meter, then (+3/4, +12/8) the meters it writes grooves of its own for. \
            Every genre plays every meter (--meter 2/4, 2/2, 3/4, 5/4, 6/4, 6/8, 9/8, 12/8, 5/8, 7/8 …): \
            the others from grooves derived from its own meter's (Docs/PRESETS.md, "Meters").
            """
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

    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        String(reversed().drop { $0 == " " }.reversed())
    }
}
