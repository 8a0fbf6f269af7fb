import BacklineAgents
import BacklineComposition
import BacklinePresets
import Foundation

/// The bundled genres, played by the four plugins, for tests that render songs.
enum Genres {
    static let presetsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Presets").path

    static let loader: PresetLoader = Composition.presetLoader()

    static func catalog() throws -> ReloadingPresetCatalog {
        try ReloadingPresetCatalog(directories: [presetsDirectory], loader: loader)
    }
}
