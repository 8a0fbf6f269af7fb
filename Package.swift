// swift-tools-version: 6.1
import PackageDescription

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
    ],
    targets: [
        // Leaves: nothing but the standard library.
        .target(name: "MusicTheory"),
        .target(name: "MIDIFile"),

        // The contract every instrument plugin conforms to.
        .target(name: "BacklineAgents", dependencies: ["MusicTheory", "MIDIFile"]),

        // Instrument plugins: each sees only the agent protocol and the leaves.
        .target(name: "DrumsAgent", dependencies: ["BacklineAgents", "MusicTheory", "MIDIFile"], path: "Plugins/DrumsAgent"),
        .target(name: "BassAgent", dependencies: ["BacklineAgents", "MusicTheory", "MIDIFile"], path: "Plugins/BassAgent"),
        .target(name: "GuitarAgent", dependencies: ["BacklineAgents", "MusicTheory", "MIDIFile"], path: "Plugins/GuitarAgent"),
        .target(name: "KeysAgent", dependencies: ["BacklineAgents", "MusicTheory", "MIDIFile"], path: "Plugins/KeysAgent"),

        // Songs: arrangement, rendering, MIDI encoding. No YAML, no HTTP.
        .target(name: "BacklineEngine", dependencies: ["BacklineAgents", "MusicTheory", "MIDIFile"]),

        // Genre presets: the only module that sees YAML.
        .target(
            name: "BacklinePresets",
            dependencies: ["BacklineEngine", "BacklineAgents", "MusicTheory", .product(name: "Yams", package: "Yams")]
        ),

        // Sessions from request to stored song: the service every front end calls, and the store
        // protocol. No HTTP, no SQL.
        .target(
            name: "BacklineSessions",
            dependencies: [
                "BacklineEngine", "BacklinePresets", "MIDIFile",
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

        // The REST server: the only module that sees HTTP.
        .target(
            name: "BacklineServer",
            dependencies: [
                "BacklineEngine", "BacklinePresets", "BacklineSessions",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // The composition root: builds the agent registry, hands it to the commands and the server.
        .executableTarget(
            name: "backline",
            dependencies: [
                "BacklineEngine", "BacklinePresets", "BacklineServer", "BacklineSessions", "BacklineSQLite", "BacklinePostgres", "BacklineAgents",
                "DrumsAgent", "BassAgent", "GuitarAgent", "KeysAgent",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),

        .plugin(
            name: "ValidatePresets",
            capability: .command(
                intent: .custom(verb: "validate-presets", description: "Validate every genre preset in Presets/"),
                permissions: []
            ),
            path: "Plugins/ValidatePresets"
        ),

        .testTarget(name: "MusicTheoryTests", dependencies: ["MusicTheory"]),
        .testTarget(name: "MIDIFileTests", dependencies: ["MIDIFile"]),
        .testTarget(
            name: "BacklineEngineTests",
            dependencies: [
                "BacklineEngine", "BacklinePresets", "BacklineAgents", "MusicTheory", "MIDIFile",
                "DrumsAgent", "BassAgent", "GuitarAgent", "KeysAgent",
            ]
        ),
        .testTarget(
            name: "BacklineSessionsTests",
            dependencies: [
                "BacklineSessions", "BacklineSQLite", "BacklinePostgres", "BacklineEngine", "BacklinePresets", "MIDIFile", "MusicTheory",
                "DrumsAgent", "BassAgent", "GuitarAgent", "KeysAgent",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "BacklineServerTests",
            dependencies: [
                "BacklineServer", "BacklineEngine", "BacklinePresets", "BacklineSessions", "BacklineSQLite", "MIDIFile",
                "DrumsAgent", "BassAgent", "GuitarAgent", "KeysAgent",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ]
)
