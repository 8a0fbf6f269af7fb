import ArgumentParser
import BacklineComposition
import BacklineMCP
import BacklinePostgres
import BacklinePresets
import BacklineServer
import BacklineSessions
import Foundation
import Logging
import MCP
import ServiceLifecycle

struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the MCP tools on standard input and output, for an AI assistant that starts Backline as a process.",
        discussion: """
            Tools: list_genres, describe_genre, list_keys_and_modes, make_backing_track, make_game_loop, \
            get_session, list_sessions, validate_preset. Resources: backline://genres/{id} and \
            backline://sessions/{id}/full.mid, /{part}.mid, /pianoroll.svg. Sessions are kept in \
            <data-dir>/backline.sqlite (default ~/.local/share/backline, or BACKLINE_DATA_DIR), or with \
            --database-url in the PostgreSQL a server shares, so `backline serve` on the same data serves \
            them too. Logs go to standard error; standard output carries only the protocol. See Docs/MCP.md.
            """
    )

    @Option(help: ArgumentHelp("Folder for the database (default ~/.local/share/backline, or BACKLINE_DATA_DIR).", valueName: "dir"))
    var dataDir: String?

    @Option(help: ArgumentHelp("Keep sessions in PostgreSQL (or BACKLINE_DATABASE_URL).", valueName: "url"))
    var databaseURL: String?

    @OptionGroup var presets: PresetOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let logger = CommandLogging.bootstrap(label: "backline.mcp", level: .notice)
        let home = environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
        let nonEmpty = { (name: String) in environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let dataDirectory = dataDir ?? nonEmpty("BACKLINE_DATA_DIR")
            ?? nonEmpty("XDG_DATA_HOME").map { ($0 as NSString).appendingPathComponent("backline") }
            ?? (home as NSString).appendingPathComponent(".local/share/backline")
        let directories = PresetCatalog.searchPath(flags: presets.directories, environment: environment)
        let loader = Composition.presetLoader()
        do {
            let catalog = try ReloadingPresetCatalog(directories: directories, loader: loader)
            for failure in catalog.current.failures { logger.error("preset rejected:\n\(failure)") }
            let (store, services) = try await SessionStores.open(
                databaseURL: databaseURL ?? nonEmpty("BACKLINE_DATABASE_URL"), dataDirectory: dataDirectory, outputDirectory: nil, logger: logger)
            let sessions = SessionService(store: store, catalog: catalog, logger: logger)
            let tools = BacklineTools(sessions: sessions, loader: loader)
            for problem in tools.moodProblems() { logger.error("mood rejected: \(problem)") }
            let server = await tools.makeServer()
            try await withThrowingTaskGroup(of: Void.self) { group in
                let watcher = PresetWatcher(catalog: catalog, interval: .seconds(1), logger: logger)
                for service in services + [watcher] { group.addTask { try await service.run() } }
                try await server.start(transport: StdioTransport(logger: logger))
                await server.waitUntilCompleted()
                group.cancelAll()
            }
            try await store.close()
        } catch {
            throw CLIError(error, whileTo: "serve MCP")
        }
    }
}
