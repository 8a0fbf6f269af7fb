import ArgumentParser
import BacklinePresets
import BacklineServer
import Foundation
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the REST server: sessions, tracks, MIDI export, OpenAPI docs at /docs.",
        discussion: """
            Every option can also come from the environment: BACKLINE_HOST, BACKLINE_PORT, \
            BACKLINE_DATA_DIR and BACKLINE_PRESETS (colon-separated folders). A flag wins over the \
            environment. Sessions are kept in <data-dir>/backline.sqlite and files in <data-dir>/output/. \
            SIGTERM or SIGINT stops the server gracefully.
            """
    )

    @Option(help: ArgumentHelp("Address to listen on (default 127.0.0.1, or BACKLINE_HOST).", valueName: "host"))
    var host: String?

    @Option(help: ArgumentHelp("Port to listen on, 1–65535 (default 8000, or BACKLINE_PORT).", valueName: "port"))
    var port: Int?

    @Option(help: ArgumentHelp("Folder for the database and the MIDI files (default ., or BACKLINE_DATA_DIR).", valueName: "dir"))
    var dataDir: String?

    @Option(help: ArgumentHelp("General MIDI SoundFont for audio (default BACKLINE_SOUNDFONT or /usr/share/sounds/sf2/FluidR3_GM.sf2).", valueName: "file"))
    var soundfont: String?

    @OptionGroup var presets: PresetOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let arguments = try ResolvedServerArguments(
            host: host ?? environment["BACKLINE_HOST"] ?? "127.0.0.1",
            port: try port ?? Self.port(fromEnvironment: environment["BACKLINE_PORT"]) ?? 8000,
            dataDirectory: dataDir ?? environment["BACKLINE_DATA_DIR"] ?? ".",
            presetDirectories: PresetCatalog.searchPath(flags: presets.directories, environment: environment),
            soundFont: soundfont)

        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        let logger = Logger(label: "backline")
        do {
            let app = try await buildApplication(arguments, loader: Composition.presetLoader(), logger: logger)
            try await app.runService()
        } catch let error as PresetDirectoryError {
            throw CLIError("\(error)")
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("cannot serve: \(error)")
        }
    }

    static func port(fromEnvironment text: String?) throws -> Int? {
        guard let text else { return nil }
        guard let port = Int(text) else { throw CLIError("BACKLINE_PORT '\(text)' is not a port number (1–65535)") }
        return port
    }
}

/// Server arguments after flags, environment and defaults are merged and checked.
struct ResolvedServerArguments: ServerArguments {
    let host: String
    let port: Int
    let dataDirectory: String
    let presetDirectories: [String]
    let soundFont: String?

    init(host: String, port: Int, dataDirectory: String, presetDirectories: [String], soundFont: String?) throws {
        guard (0...65535).contains(port) else { throw CLIError("port \(port) is outside 1–65535") }
        guard !host.isEmpty else { throw CLIError("the host is empty; use an address such as 127.0.0.1 or 0.0.0.0") }
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.presetDirectories = presetDirectories
        self.soundFont = soundFont
    }
}
