import BacklineEngine
import Foundation

/// The genres a program can resolve: every preset file of its preset folders, compiled.
///
/// The CLI and the server both resolve genres through a catalog. Folders are read in order (the
/// built-in one first, see ``searchPath(flags:environment:)``) and a genre read later replaces one
/// with the same id read earlier.
public struct PresetCatalog: Sendable {
    /// Genres by id.
    public let genres: [String: GenrePreset]
    /// Files that could not be loaded, with every problem in them.
    public let failures: [PresetLoadFailure]
    /// Genres replaced by a later file with the same id: (id, replaced file, replacing file).
    public let overrides: [(id: String, replaced: String, by: String)]
    public let directories: [String]

    public init(genres: [String: GenrePreset], failures: [PresetLoadFailure] = [], overrides: [(id: String, replaced: String, by: String)] = [], directories: [String] = []) {
        self.genres = genres
        self.failures = failures
        self.overrides = overrides
        self.directories = directories
    }

    /// Genre ids, sorted.
    public var ids: [String] { genres.keys.sorted() }

    /// Every section name any genre has, sorted: what a request's `form` may name.
    public var sectionNames: [String] { Set(genres.values.flatMap(\.sectionTypes.keys)).sorted() }

    /// Every part any genre plays, each once: the genres' parts in id order, each genre's in track
    /// order. What a request's `parts` and a download's part may name.
    public var partNames: [String] {
        var names: [String] = []
        for id in ids {
            for part in genres[id]?.partNames ?? [] where !names.contains(part) { names.append(part) }
        }
        return names
    }

    public func genre(_ id: String) -> GenrePreset? { genres[id] }

    /// Loads every `*.yaml` and `*.yml` file of each folder, in order.
    public static func load(directories: [String], loader: PresetLoader) throws(PresetDirectoryError) -> PresetCatalog {
        var results: [(file: String, result: Result<GenrePreset, PresetLoadFailure>)] = []
        for directory in directories {
            for file in try presetFiles(in: directory) { results.append((file, loader.load(file: file))) }
        }
        return assemble(results, directories: directories)
    }

    /// A catalog from loaded files in search order: later files replace earlier ones with the same id.
    static func assemble(_ results: [(file: String, result: Result<GenrePreset, PresetLoadFailure>)], directories: [String]) -> PresetCatalog {
        var genres: [String: GenrePreset] = [:]
        var failures: [PresetLoadFailure] = []
        var overrides: [(id: String, replaced: String, by: String)] = []
        for (file, result) in results {
            switch result {
            case .success(let preset):
                // `./Presets` in a checkout holds the built-in genres as they are: not an override.
                if let earlier = genres[preset.id], !(PresetFiles.isBuiltIn(earlier.source) && PresetFiles.text(of: earlier.source) == PresetFiles.text(of: file)) {
                    overrides.append((preset.id, earlier.source, file))
                }
                genres[preset.id] = preset
            case .failure(let failure):
                failures.append(failure)
            }
        }
        return PresetCatalog(genres: genres, failures: failures, overrides: overrides, directories: directories)
    }

    /// The preset files of a folder, sorted by name.
    public static func presetFiles(in directory: String) throws(PresetDirectoryError) -> [String] {
        if PresetFiles.isBuiltIn(directory) { return PresetFiles.builtInFiles(in: directory) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw PresetDirectoryError(directory: directory, reason: "no such folder")
        }
        guard isDirectory.boolValue else { throw PresetDirectoryError(directory: directory, reason: "not a folder") }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw PresetDirectoryError(directory: directory, reason: "cannot be read (\(error.localizedDescription))")
        }
        return names.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") }
            .sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }

    /// The folders a program searches, in order: the built-in genres, then `./Presets` when the
    /// working folder has one, then each folder of the `BACKLINE_PRESETS` variable (colon-separated),
    /// then each folder given on the command line. A later genre replaces an earlier one with its id.
    public static func searchPath(
        flags: [String], environment: [String: String] = ProcessInfo.processInfo.environment, workingFolderHasPresets: Bool = FileManager.default.fileExists(atPath: "Presets")
    ) -> [String] {
        let fromEnvironment = (environment["BACKLINE_PRESETS"] ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        return [PresetFiles.builtIn] + (workingFolderHasPresets ? ["Presets"] : []) + fromEnvironment + flags
    }
}

/// A preset folder that could not be searched.
public struct PresetDirectoryError: Error, Sendable, CustomStringConvertible {
    public let directory: String
    public let reason: String

    public var description: String { "preset folder '\(directory)': \(reason)" }
}
