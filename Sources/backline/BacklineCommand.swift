import ArgumentParser

@main
struct BacklineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backline",
        abstract: "Multi-track MIDI backing tracks from YAML genre presets.",
        discussion: """
            Genres come from YAML presets: the 22 built into this binary, then ./Presets when the \
            working folder has one, then the folders in BACKLINE_PRESETS (colon-separated), then each \
            --presets folder. A genre read later replaces one with the same id. See Docs/CLI.md and \
            Docs/PRESETS.md.
            """,
        subcommands: [ServeCommand.self, MCPCommand.self, GenerateCommand.self, GenresCommand.self, PresetsCommand.self, ChartCommand.self, BenchCommand.self],
        defaultSubcommand: nil
    )
}
