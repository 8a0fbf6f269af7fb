/// The instrument agents a program can play, by kind.
///
/// Built once by the composition root (the `backline` executable, or a test) from the plugin
/// modules, then handed to the preset loader. A value, not a global: two registries never interfere.
public struct AgentRegistry: Sendable {
    private var agents: [String: any Agent] = [:]

    public init() {}

    /// Adds an agent. Registering two agents of one kind is a programming error.
    public mutating func register(_ agent: some Agent) {
        precondition(agents[agent.kind] == nil, "an agent of kind '\(agent.kind)' is already registered")
        agents[agent.kind] = agent
    }

    public func agent(kind: String) -> (any Agent)? { agents[kind] }

    /// Every registered kind, sorted, for listings and error messages.
    public var kinds: [String] { agents.keys.sorted() }
}
