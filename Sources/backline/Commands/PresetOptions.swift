import ArgumentParser
import BacklineComposition
import BacklineEngine
import BacklinePresets
import Foundation

/// `--presets DIR`, repeatable, shared by every command that resolves genres.
struct PresetOptions: ParsableArguments {
    @Option(
        name: .customLong("presets"),
        help: ArgumentHelp(
            "A folder of genre presets (*.yaml) to search after ./Presets and BACKLINE_PRESETS; repeatable.",
            valueName: "dir"))
    var directories: [String] = []

    /// One genre, parsing only the files that declare it when that is enough (see
    /// `PresetCatalog.loadGenre`); nil when the full catalog is needed.
    func genre(_ id: String) throws -> GenrePreset? {
        do {
            guard let found = try PresetCatalog.loadGenre(id, directories: PresetCatalog.searchPath(flags: directories), loader: Composition.presetLoader()) else {
                return nil
            }
            warn(found.skipped)
            return found.preset
        } catch {
            throw CLIError("\(error)")
        }
    }

    private func warn(_ failures: [PresetLoadFailure]) {
        for failure in failures {
            FileHandle.standardError.write(Data("warning: skipping \(failure.file):\n\(failure.description)\n".utf8))
        }
    }

    /// Loads every genre; broken files are reported on standard error and skipped.
    func catalog() throws -> PresetCatalog {
        let path = PresetCatalog.searchPath(flags: directories)
        let catalog: PresetCatalog
        do {
            catalog = try PresetCatalog.load(directories: path, loader: Composition.presetLoader())
        } catch {
            throw CLIError("\(error)")
        }
        warn(catalog.failures)
        if catalog.genres.isEmpty {
            throw CLIError("no genres found in \(path.joined(separator: ", ")); run from the Backline folder or pass --presets DIR")
        }
        return catalog
    }
}

/// An error the user caused, printed as one line without usage text.
struct CLIError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }

    /// The bytes of a file the user named; `name` is how the message calls it (`--chart tune.xml`).
    static func contents(of path: String, named name: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CLIError("cannot read \(name): \(error.localizedDescription)")
        }
    }
}
