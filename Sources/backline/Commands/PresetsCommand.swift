import ArgumentParser
import BacklineComposition
import BacklinePresets
import Foundation

struct PresetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presets",
        abstract: "Work with genre preset files.",
        subcommands: [ValidateCommand.self]
    )

    struct ValidateCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check preset files; print each problem as file:line:column: message.",
            discussion: """
                Exits 0 when every file is a valid preset, 1 otherwise. A folder stands for its *.yaml and *.yml \
                files and those of its moods/ folder. A file in a folder named moods is a moods file (game-loop \
                moods for MCP's make_game_loop); each mood is checked against the genre it names when that genre \
                is among the files.
                """
        )

        @Argument(help: ArgumentHelp("Preset files or folders.", valueName: "file"))
        var files: [String]

        func validate() throws {
            if files.isEmpty { throw ValidationError("name at least one preset file or folder") }
        }

        func run() throws {
            var paths: [String] = []
            for file in files {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
                    do {
                        paths += try PresetCatalog.presetFiles(in: file)
                        let moods = (file as NSString).appendingPathComponent("moods")
                        if FileManager.default.fileExists(atPath: moods) { paths += try PresetCatalog.presetFiles(in: moods) }
                    } catch {
                        throw CLIError("\(error)")
                    }
                } else {
                    paths.append(file)
                }
            }
            let errors = PresetValidator(loader: Composition.presetLoader()).validate(files: paths)
            for error in errors { print(error.description) }
            let broken = Set(errors.compactMap(\.file)).count
            if errors.isEmpty {
                let moods = paths.filter(MoodCatalog.isMoodsFile).count
                let genres = paths.count - moods
                print("\(genres) preset\(genres == 1 ? "" : "s")\(moods == 0 ? "" : " and \(moods) moods file\(moods == 1 ? "" : "s")") valid")
            } else {
                FileHandle.standardError.write(Data("\(errors.count) problem\(errors.count == 1 ? "" : "s") in \(broken) of \(paths.count) file\(paths.count == 1 ? "" : "s")\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
