import Foundation

/// The bundled genres and moods, compiled into the binary from `Presets/` by the EmbedPresets
/// build-tool plugin: their paths relative to `Presets/` (`blues.yaml`, `moods/game_moods.yaml`)
/// and their text.
public enum BuiltInPresets {
    /// Every file, sorted by path.
    public static let files: [(path: String, text: String)] = builtInPresetFiles.map { file in
        guard let data = Data(base64Encoded: file.base64) else { preconditionFailure("generated preset \(file.path) is not base64") }
        return (file.path, String(decoding: data, as: UTF8.self))
    }.sorted { $0.path < $1.path }

    /// The text of the file at `path` (relative to `Presets/`), or nil.
    public static func text(of path: String) -> String? {
        files.first { $0.path == path }?.text
    }
}
