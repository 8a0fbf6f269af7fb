import Foundation
import PackagePlugin

/// Compiles the bundled genres into the binary: every `Presets/*.yaml` and `Presets/moods/*.yaml`
/// becomes a string in generated source of the target that uses this plugin, so `backline` copied
/// alone to another machine still plays all of them. The files are the command's inputs, so an
/// edit (or a new file) regenerates the source on the next build.
@main
struct EmbedPresets: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let presets = context.package.directoryURL.appending(path: "Presets")
        var inputs: [URL] = []
        for folder in [presets, presets.appending(path: "moods")] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            inputs += names.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") }.sorted()
                .map { folder.appending(path: $0) }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "BuiltInPresetFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) preset files",
                executable: try context.tool(named: "PresetEmbedder").url,
                arguments: [presets.path, output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }
}
