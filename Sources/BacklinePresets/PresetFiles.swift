import BuiltInPresets
import Foundation

/// Where preset files are read from: folders on disk, and the built-in folder, `built-in`, that the
/// binary carries (`Presets/` compiled in; see `BuiltInPresets`). A built-in file is named like a
/// file of that folder, `built-in/blues.yaml`, in search paths, errors, `backline genres` and
/// `GET /genres/{id}`.
public enum PresetFiles {
    /// The built-in folder's name.
    public static let builtIn = "built-in"

    /// Whether `path` is the built-in folder or one of its files.
    public static func isBuiltIn(_ path: String) -> Bool { path == builtIn || path.hasPrefix(builtIn + "/") }

    /// The text of a preset file, built in or on disk; nil when it cannot be read as UTF-8.
    public static func text(of path: String) -> String? {
        if isBuiltIn(path) { return BuiltInPresets.text(of: String(path.dropFirst(builtIn.count + 1))) }
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(data: data, encoding: .utf8)
    }

    /// Where a genre came from, as people read it: `built-in`, or the file's path.
    public static func origin(of source: String) -> String { isBuiltIn(source) ? builtIn : source }

    /// The files of a built-in folder (`built-in` or `built-in/moods`), sorted.
    static func builtInFiles(in folder: String) -> [String] {
        let prefix = folder == builtIn ? "" : String(folder.dropFirst(builtIn.count + 1)) + "/"
        return BuiltInPresets.files.map(\.path)
            .filter { $0.hasPrefix(prefix) && !$0.dropFirst(prefix.count).contains("/") }
            .map { builtIn + "/" + $0 }
    }
}
