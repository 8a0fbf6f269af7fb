// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// The instrument plugins: every folder of `Plugins/` named `…Agent` is a module that sees only the
/// agent protocol and the leaves. A new instrument is a new folder (and one line in
/// `Sources/BacklineComposition/Composition.swift`), never an edit here.
let agentPlugins: [String] = {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Plugins").path
    return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix("Agent") }.sorted()
}()

let package = Package(
    name: "Backline",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "backline", targets: ["backline"]),
        .library(name: "BacklineEngine", targets: ["BacklineEngine"]),
        .plugin(name: "ValidatePresets", targets: ["ValidatePresets"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", exact: "0.12.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        // Leaves: nothing but the standard library.
        .target(name: "MusicTheory"),
        .target(name: "MIDIFile"),

        // Chord charts in and out: iReal Pro links, MusicXML lead sheets. Foundation, the leaves, and
        // ZIPFoundation to open compressed MusicXML (.mxl), which is a zip archive.
        .target(name: "ChordCharts", dependencies: ["MusicTheory", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),

        // The contract every instrument plugin conforms to.
        .target(name: "BacklineAgents", dependencies: ["MusicTheory", "MIDIFile"]),


        // Songs: arrangement, rendering, MIDI encoding. No YAML, no HTTP.
        .target(name: "BacklineEngine", dependencies: ["BacklineAgents", "ChordCharts", "MusicTheory", "MIDIFile"]),

        // Genre presets: the only module that sees YAML.
        .target(
            name: "BacklinePresets",
            dependencies: ["BacklineEngine", "BacklineAgents", "BuiltInPresets", "MusicTheory", .product(name: "Yams", package: "Yams")]
        ),

        // Sessions from request to stored song: the service every front end calls, and the store
        // protocol. No HTTP, no SQL.
        .target(
            name: "BacklineSessions",
            dependencies: [
                "BacklineEngine", "BacklinePresets", "MIDIFile", "MusicTheory",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),

        // The stores: the only modules that see SQL.
        .target(
            name: "BacklineSQLite",
            dependencies: [
                "BacklineSessions", "BacklineEngine", "MIDIFile", "MusicTheory",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),

        .target(
            name: "BacklinePostgres",
            dependencies: [
                "BacklineSessions", "BacklineEngine",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // The MCP tools and resources, over any transport (stdio, in memory, HTTP).
        .target(
            name: "BacklineMCP",
            dependencies: [
                "BacklineAgents", "BacklineEngine", "BacklinePresets", "BacklineSessions", "ChordCharts", "MusicTheory",
                .product(name: "MCP", package: "swift-sdk"),
            ]
        ),

        // The REST server: the only module that sees HTTP.
        .target(
            name: "BacklineServer",
            dependencies: [
                "BacklineEngine", "BacklinePresets", "BacklineSessions", "BacklineMCP", "ChordCharts", "MusicTheory",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // Which plugins a program plays: the one list, used by the executable and the tests alike.
        .target(
            name: "BacklineComposition",
            dependencies: ["BacklineAgents", "BacklinePresets"] + agentPlugins.map { .target(name: $0) }
        ),

        // The composition root: builds the agent registry, hands it to the commands and the server.
        .executableTarget(
            name: "backline",
            dependencies: [
                "BacklineEngine", "BacklinePresets", "BacklineServer", "BacklineSessions", "BacklineSQLite", "BacklinePostgres", "BacklineAgents",
                "BacklineComposition", "BacklineMCP", "ChordCharts",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // The bundled genres, compiled in: Presets/ as generated source, so the binary carries them.
        .target(name: "BuiltInPresets", plugins: ["EmbedPresets"]),
        .plugin(name: "EmbedPresets", capability: .buildTool(), dependencies: ["PresetEmbedder"], path: "Plugins/EmbedPresets"),
        .executableTarget(name: "PresetEmbedder", path: "Plugins/PresetEmbedder"),

        .plugin(
            name: "ValidatePresets",
            capability: .command(
                intent: .custom(verb: "validate-presets", description: "Validate every genre preset in Presets/"),
                permissions: []
            ),
            path: "Plugins/ValidatePresets"
        ),

        // A plugin that exists only for the tests: adding an instrument needs nothing but a module.
        .target(name: "TestBellAgent", dependencies: ["BacklineAgents", "MusicTheory", "MIDIFile"], path: "Tests/Fixtures/TestBellAgent"),

        .testTarget(name: "MusicTheoryTests", dependencies: ["MusicTheory"]),
        .testTarget(name: "MIDIFileTests", dependencies: ["MIDIFile"]),
        .testTarget(name: "ChordChartsTests", dependencies: ["ChordCharts", "MusicTheory"], exclude: ["Fixtures"]),
        .testTarget(
            name: "BacklineEngineTests",
            dependencies: [
                "BacklineEngine", "BacklinePresets", "BacklineAgents", "MusicTheory", "MIDIFile", "BacklineComposition", "ChordCharts",
            ]
        ),
        .testTarget(
            name: "BacklineSessionsTests",
            dependencies: [
                "BacklineSessions", "BacklineSQLite", "BacklinePostgres", "BacklineEngine", "BacklinePresets", "MIDIFile", "MusicTheory",
                "BacklineComposition",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "BacklineMCPTests",
            dependencies: [
                "BacklineMCP", "BacklineSessions", "BacklinePresets", "BacklineComposition", "MIDIFile",
                .product(name: "MCP", package: "swift-sdk"),
            ]
        ),
        .testTarget(
            name: "BacklineServerTests",
            dependencies: [
                "BacklineServer", "BacklineEngine", "BacklinePresets", "BacklineSessions", "BacklineSQLite", "MIDIFile", "BacklineComposition",
                "TestBellAgent",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ]
)

// Instrument plugins: each sees only the agent protocol and the leaves.
package.targets += agentPlugins.map { name in
    .target(name: name, dependencies: ["BacklineAgents", "MusicTheory", "MIDIFile"], path: "Plugins/\(name)")
}
