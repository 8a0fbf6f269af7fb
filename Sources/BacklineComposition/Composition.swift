import BacklineAgents
import BacklinePresets
import BassAgent
import DrumsAgent
import GuitarAgent
import HornsAgent
import KeysAgent

/// Which instrument plugins a program plays: the one place that lists them.
///
/// The `backline` executable and every test build their registry here, so tests exercise the same
/// wiring as the binary. Adding an instrument is a module in `Plugins/` and one line below.
public enum Composition {
    /// Every bundled plugin's agent.
    public static func agentRegistry() -> AgentRegistry {
        var registry = AgentRegistry()
        DrumsAgent.register(into: &registry)
        BassAgent.register(into: &registry)
        GuitarAgent.register(into: &registry)
        KeysAgent.register(into: &registry)
        HornsAgent.register(into: &registry)
        return registry
    }

    /// A preset loader with every bundled plugin's agent.
    public static func presetLoader() -> PresetLoader {
        PresetLoader(registry: agentRegistry())
    }
}
