import BacklineAgents
import BacklinePresets
import BassAgent
import DrumsAgent
import GuitarAgent
import KeysAgent

/// The composition root: the one place that knows which instrument plugins exist.
enum Composition {
    static func agentRegistry() -> AgentRegistry {
        var registry = AgentRegistry()
        DrumsAgent.register(into: &registry)
        BassAgent.register(into: &registry)
        GuitarAgent.register(into: &registry)
        KeysAgent.register(into: &registry)
        return registry
    }

    static func presetLoader() -> PresetLoader {
        PresetLoader(registry: agentRegistry())
    }
}
