import BacklineEngine
import Foundation

extension PresetCatalog {
    /// One genre, resolved as ``load(directories:loader:)`` would, but parsing only the files that
    /// declare it: what a one-song command needs.
    ///
    /// Each file's top-level `id:` line is read without parsing the YAML; the files declaring `id`
    /// are then loaded from the last in search order back, and the first that loads wins (a broken
    /// later file is skipped, as the full catalog skips it). Returns nil when that shortcut cannot
    /// decide, because no file declares `id` or some file's id cannot be read from its text; load
    /// the full catalog then.
    public static func loadGenre(
        _ id: String, directories: [String], loader: PresetLoader
    ) throws(PresetDirectoryError) -> (preset: GenrePreset, skipped: [PresetLoadFailure])? {
        var candidates: [String] = []
        for directory in directories {
            for file in try presetFiles(in: directory) {
                guard let declared = declaredID(inFile: file) else { return nil }
                if declared == id { candidates.append(file) }
            }
        }
        var skipped: [PresetLoadFailure] = []
        for file in candidates.reversed() {
            switch loader.load(file: file) {
            case .success(let preset) where preset.id == id: return (preset, skipped)
            case .success: return nil
            case .failure(let failure): skipped.append(failure)
            }
        }
        return nil
    }

    /// The value of a top-level `id:` line (`id: blues`, `id: "blues"  # comment`), or nil.
    static func declaredID(inFile path: String) -> String? {
        guard let text = PresetFiles.text(of: path) else { return nil }
        // A byte scan for a line that starts `id:`: this runs over every preset file at each start.
        let bytes = Array(text.utf8)
        var lineStart = 0
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            if lineEnd - lineStart >= 3, bytes[lineStart] == UInt8(ascii: "i"), bytes[lineStart + 1] == UInt8(ascii: "d"),
                bytes[lineStart + 2] == UInt8(ascii: ":")
            {
                var value = Substring(decoding: bytes[(lineStart + 3)..<lineEnd], as: UTF8.self)
                if let comment = value.range(of: " #") { value = value[..<comment.lowerBound] }
                let trimmed = value.trimmingCharacters(in: .whitespaces)
                let unquoted = trimmed.count >= 2 && (trimmed.first == "\"" || trimmed.first == "'") && trimmed.last == trimmed.first
                    ? String(trimmed.dropFirst().dropLast()) : trimmed
                return unquoted.isEmpty ? nil : unquoted
            }
            lineStart = lineEnd + 1
        }
        return nil
    }
}
