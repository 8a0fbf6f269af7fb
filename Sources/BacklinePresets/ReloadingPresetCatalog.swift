import BacklineEngine
import Foundation
import Synchronization

/// A preset catalog that follows its folders while a program runs: new, changed and removed files
/// are picked up by ``refresh()``. A file that an edit broke keeps its last good version.
///
/// Readers take ``current``, an immutable snapshot; the snapshot is swapped under a mutex.
public final class ReloadingPresetCatalog: Sendable {
    /// What a refresh changed, for the log.
    public enum Change: Sendable, CustomStringConvertible {
        case loaded(id: String, file: String)
        case removed(file: String)
        /// The file is broken; `keeping` names the genre still served from its last good version.
        case rejected(PresetLoadFailure, keeping: String?)

        public var description: String {
            switch self {
            case .loaded(let id, let file): "loaded genre '\(id)' from \(file)"
            case .removed(let file): "removed \(file)"
            case .rejected(let failure, let keeping):
                "rejected \(failure.file)" + (keeping.map { ", still serving its last good version of '\($0)'" } ?? "") + ":\n" + failure.description
            }
        }
    }

    private struct FileState {
        var modified: Date
        var size: Int
        var lastGood: GenrePreset?
        var failure: PresetLoadFailure?
    }

    private struct State {
        var files: [String: FileState] = [:]
        var catalog = PresetCatalog(genres: [:])
    }

    public let directories: [String]
    private let loader: PresetLoader
    private let state = Mutex(State())

    /// Loads every folder once. A folder that does not exist is an error at start.
    public init(directories: [String], loader: PresetLoader) throws(PresetDirectoryError) {
        for directory in directories { _ = try PresetCatalog.presetFiles(in: directory) }
        self.directories = directories
        self.loader = loader
        refresh()
    }

    /// The genres as of the last refresh.
    public var current: PresetCatalog { state.withLock { $0.catalog } }

    /// Rereads files whose modification time or size changed, forgets removed ones, and publishes a
    /// new snapshot. Returns what changed. Parsing happens outside the lock.
    @discardableResult
    public func refresh() -> [Change] {
        var seen: [(path: String, modified: Date, size: Int)] = []
        for directory in directories {
            // A folder that disappears while running just contributes nothing until it is back.
            guard let files = try? PresetCatalog.presetFiles(in: directory) else { continue }
            for file in files {
                if PresetFiles.isBuiltIn(file) {
                    // Compiled in: it never changes while the program runs.
                    seen.append((file, .distantPast, PresetFiles.text(of: file)?.utf8.count ?? 0))
                    continue
                }
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: file) else { continue }
                let modified = attributes[.modificationDate] as? Date ?? .distantPast
                let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
                seen.append((file, modified, size))
            }
        }
        let known = state.withLock { $0.files }
        var changes: [Change] = []
        var files: [String: FileState] = [:]
        for entry in seen {
            if let old = known[entry.path], old.modified == entry.modified, old.size == entry.size {
                files[entry.path] = old
                continue
            }
            var fileState = FileState(modified: entry.modified, size: entry.size, lastGood: known[entry.path]?.lastGood)
            switch loader.load(file: entry.path) {
            case .success(let preset):
                fileState.lastGood = preset
                changes.append(.loaded(id: preset.id, file: entry.path))
            case .failure(let failure):
                fileState.failure = failure
                changes.append(.rejected(failure, keeping: fileState.lastGood?.id))
            }
            files[entry.path] = fileState
        }
        for path in known.keys where files[path] == nil { changes.append(.removed(file: path)) }

        if changes.isEmpty && known.count == files.count && !known.isEmpty { return [] }
        let ordered: [(file: String, result: Result<GenrePreset, PresetLoadFailure>)] = seen.compactMap { entry in
            guard let fileState = files[entry.path] else { return nil }
            if let good = fileState.lastGood { return (entry.path, .success(good)) }
            return fileState.failure.map { (entry.path, .failure($0)) }
        }
        let catalog = PresetCatalog.assemble(ordered, directories: directories)
        state.withLock {
            $0.files = files
            $0.catalog = catalog
        }
        return changes
    }
}
