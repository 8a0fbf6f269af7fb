import CoreMetrics

/// What the session service counts and times, through swift-metrics: sessions created, run and
/// failed, and how long rendering and the store take.
public struct SessionMetrics: Sendable {
    let created: Counter
    let run: Counter
    let failed: Counter
    /// Work refused because the pool was full or its deadline passed.
    let refused: Counter
    let deleted: Counter
    let render: Timer
    private let storeTimers: [String: Timer]

    /// Metrics made by `factory` (the server passes its Prometheus factory; tests their own).
    public init(factory: any MetricsFactory) {
        created = Counter(label: "backline_sessions_created_total", factory: factory)
        run = Counter(label: "backline_sessions_run_total", factory: factory)
        failed = Counter(label: "backline_sessions_failed_total", factory: factory)
        refused = Counter(label: "backline_work_refused_total", factory: factory)
        deleted = Counter(label: "backline_sessions_deleted_total", factory: factory)
        render = Timer(label: "backline_render_seconds", factory: factory)
        storeTimers = Dictionary(uniqueKeysWithValues: Self.storeOperations.map { operation in
            (operation, Timer(label: "backline_store_seconds", dimensions: [("operation", operation)], factory: factory))
        })
    }

    static let storeOperations = [
        "create", "read", "list", "claim", "complete", "fail", "release", "song", "midi", "count", "delete", "expire", "keys", "key",
    ]

    /// Metrics that go nowhere.
    public static var none: SessionMetrics { SessionMetrics(factory: NOOPMetricsHandler.instance) }

    /// The timer of one store operation (`create`, `claim`, `complete`, …).
    func store(_ operation: String) -> Timer {
        guard let timer = storeTimers[operation] else { preconditionFailure("no store timer for '\(operation)'") }
        return timer
    }
}
