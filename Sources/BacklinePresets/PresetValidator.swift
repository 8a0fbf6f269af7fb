import BacklineAgents
import Foundation

/// Checks preset files without keeping them: what `backline presets validate` and
/// `swift package validate-presets` run.
public struct PresetValidator: Sendable {
    public let loader: PresetLoader

    public init(loader: PresetLoader) {
        self.loader = loader
    }

    /// Every problem in the given files, in file order; empty when all are valid. Two files that
    /// declare the same genre id are a problem too.
    public func validate(files: [String]) -> [PresetError] {
        var errors: [PresetError] = []
        var firstFileOfID: [String: String] = [:]
        for file in files {
            switch loader.load(file: file) {
            case .success(let preset):
                if let other = firstFileOfID[preset.id] {
                    errors.append(PresetError(.invalidValue, "genre id '\(preset.id)' is also declared by \(other)", at: .start, keyPath: "id", file: file))
                } else {
                    firstFileOfID[preset.id] = file
                }
            case .failure(let failure):
                errors.append(contentsOf: failure.errors)
            }
        }
        return errors
    }
}
