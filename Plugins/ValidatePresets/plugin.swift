import Foundation
import PackagePlugin

/// `swift package validate-presets [FILE|DIR …]`: checks the genre presets with the same validator
/// as `backline presets validate`. Without arguments it checks every file in `Presets/`.
@main
struct ValidatePresets: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        // Build the CLI through the package manager rather than declaring it as a tool dependency,
        // which would make every `swift build` compile it twice.
        let result = try packageManager.build(.product("backline"), parameters: .init(configuration: .debug, logging: .concise))
        guard result.succeeded else {
            Diagnostics.error("building backline failed:\n\(result.logText)")
            throw PluginFailure.buildFailed
        }
        guard let executable = result.builtArtifacts.first(where: { $0.kind == .executable && $0.url.lastPathComponent == "backline" }) else {
            throw PluginFailure.noExecutable
        }
        let targets = arguments.isEmpty ? [context.package.directoryURL.appending(path: "Presets").path] : arguments

        let process = Process()
        process.executableURL = executable.url
        process.arguments = ["presets", "validate"] + targets
        process.currentDirectoryURL = context.package.directoryURL
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 { throw PluginFailure.invalidPresets }
    }
}

enum PluginFailure: Error, CustomStringConvertible {
    case buildFailed, noExecutable, invalidPresets

    var description: String {
        switch self {
        case .buildFailed: "could not build the backline executable"
        case .noExecutable: "the build produced no backline executable"
        case .invalidPresets: "some presets are invalid (see the lines above)"
        }
    }
}
