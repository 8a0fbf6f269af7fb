import BacklineAgents
import BacklinePresets
import BassAgent
import DrumsAgent
import Foundation
import GuitarAgent
import KeysAgent

/// The bundled genres, played by the four plugins, for tests that render songs.
enum Genres {
    static let presetsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Presets").path

    static let loader: PresetLoader = {
        var registry = AgentRegistry()
        DrumsAgent.register(into: &registry)
        BassAgent.register(into: &registry)
        GuitarAgent.register(into: &registry)
        KeysAgent.register(into: &registry)
        return PresetLoader(registry: registry)
    }()

    static func catalog() throws -> ReloadingPresetCatalog {
        try ReloadingPresetCatalog(directories: [presetsDirectory], loader: loader)
    }
}
