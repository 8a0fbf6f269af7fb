import BacklineAgents
import BacklineEngine
import Foundation

/// Checks preset files without keeping them: what `backline presets validate` and
/// `swift package validate-presets` run.
public struct PresetValidator: Sendable {
    public let loader: PresetLoader

    public init(loader: PresetLoader) {
        self.loader = loader
    }

    /// Every problem in the given files, in file order; empty when all are valid. Two files that
    /// declare the same genre id are a problem too. A file in a folder named `moods` is a moods
    /// file; each mood whose genre is among the files is checked against it (key, mode, sections,
    /// parts).
    public func validate(files: [String]) -> [PresetError] {
        var errors: [PresetError] = []
        var firstFileOfID: [String: String] = [:]
        var genres: [String: GenrePreset] = [:]
        var moods: [String: MoodCatalog.Mood] = [:]
        for file in files {
            if MoodCatalog.isMoodsFile(file) {
                switch MoodCatalog.read(file: file) {
                case .success(let found): moods.merge(found) { _, later in later }
                case .failure(let failure): errors.append(contentsOf: failure.errors)
                }
                continue
            }
            switch loader.load(file: file) {
            case .success(let preset):
                if let other = firstFileOfID[preset.id] {
                    errors.append(PresetError(.invalidValue, "genre id '\(preset.id)' is also declared by \(other)", at: .start, keyPath: "id", file: file))
                } else {
                    firstFileOfID[preset.id] = file
                    genres[preset.id] = preset
                }
            case .failure(let failure):
                errors.append(contentsOf: failure.errors)
            }
        }
        errors += MoodCatalog(moods: moods, failures: []).problems(genres: genres, requireGenre: false)
        return errors
    }
}
