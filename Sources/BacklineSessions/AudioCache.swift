import BacklineEngine
import Foundation

/// Audio renders of stored songs, kept in a folder beside the server with a size cap: the least
/// recently used file goes first when a new render would pass it.
///
/// Renders are derived from the stored MIDI, so the cache is never state: a replica that has no
/// render of a song makes one, and a cache folder can be emptied at any time. Concurrent requests
/// for one file wait for the same render.
public actor AudioCache {
    public let renderer: AudioRenderer
    /// Turns a MIDI file into an audio file: the renderer's FluidSynth, or a stand-in in tests.
    private let renderFile: @Sendable (_ midi: String, _ output: String, _ format: AudioRenderer.Format) throws -> Void
    public let directory: String
    /// The most bytes the folder may hold.
    public let capacity: Int
    /// The longest song rendered, in seconds; a longer one is refused before FluidSynth starts.
    public let maximumSeconds: Int
    /// The most renders that run at once; others wait their turn, first come first served.
    public let maximumRenders: Int
    /// Renders started since the cache was opened, for monitoring and tests.
    public private(set) var rendersStarted = 0
    /// Renders running now; at most ``maximumRenders``.
    public private(set) var rendersRunning = 0
    /// Renders waiting for a turn, first come first served.
    private var waiting: [CheckedContinuation<Void, Never>] = []

    private var entries: [String: (size: Int, lastUse: UInt64)] = [:]
    private var uses: UInt64 = 0
    private var inFlight: [String: Task<Void, Error>] = [:]

    /// Opens (or creates) the folder, forgets unfinished files and indexes the rest, oldest first.
    public init(
        renderer: AudioRenderer, directory: String, capacityMegabytes: Int, maximumSeconds: Int = AudioCache.defaultMaximumSeconds,
        maximumRenders: Int = AudioCache.defaultMaximumRenders,
        renderFile: (@Sendable (_ midi: String, _ output: String, _ format: AudioRenderer.Format) throws -> Void)? = nil
    ) throws {
        precondition(maximumSeconds > 0 && maximumRenders > 0, "audio bounds are positive")
        self.renderer = renderer
        self.maximumSeconds = maximumSeconds
        self.maximumRenders = maximumRenders
        self.renderFile = renderFile ?? { try renderer.render(midi: $0, to: $1, format: $2) }
        self.directory = directory
        self.capacity = capacityMegabytes * 1_048_576
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var found: [(name: String, size: Int, modified: Date)] = []
        for name in try manager.contentsOfDirectory(atPath: directory) {
            let path = (directory as NSString).appendingPathComponent(name)
            if name.contains(".tmp-") {
                try? manager.removeItem(atPath: path)
                continue
            }
            let attributes = try? manager.attributesOfItem(atPath: path)
            found.append((name, (attributes?[.size] as? Int) ?? 0, (attributes?[.modificationDate] as? Date) ?? .distantPast))
        }
        for file in found.sorted(by: { $0.modified < $1.modified }) {
            uses += 1
            entries[file.name] = (file.size, uses)
        }
    }

    /// Ten minutes: a long practice session, and about 100 MB of WAV.
    public static let defaultMaximumSeconds = 600
    /// One render per core: FluidSynth keeps a core busy.
    public static let defaultMaximumRenders = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// The cached file's path, or nil.
    public func cached(_ name: String) -> String? {
        guard entries[name] != nil else { return nil }
        uses += 1
        entries[name]?.lastUse = uses
        return path(name)
    }

    /// Renders `midi` to `name` unless it is cached or being rendered; returns its path.
    public func render(_ name: String, midi: [UInt8], format: AudioRenderer.Format) async throws -> String {
        if let running = inFlight[name] {
            try await running.value
            return path(name)
        }
        if let cached = cached(name) { return cached }
        let output = path(name)
        let source = output + ".tmp-\(UInt32.random(in: 0...UInt32.max)).mid"
        let renderFile = self.renderFile
        let task = Task {
            await self.takeTurn()
            do {
                try await Self.offThePool {
                    try Data(midi).write(to: URL(fileURLWithPath: source))
                    defer { try? FileManager.default.removeItem(atPath: source) }
                    try renderFile(source, output, format)
                }
            } catch {
                self.endTurn()
                throw error
            }
            self.endTurn()
        }
        inFlight[name] = task
        defer { inFlight[name] = nil }
        try await task.value
        let size = ((try? FileManager.default.attributesOfItem(atPath: output))?[.size] as? Int) ?? 0
        uses += 1
        entries[name] = (size, uses)
        evict(keeping: name)
        return output
    }

    /// Waits until fewer than ``maximumRenders`` run, in the order renders asked.
    private func takeTurn() async {
        if rendersRunning >= maximumRenders {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            rendersRunning += 1
        }
        rendersStarted += 1
    }

    /// Hands the finished render's turn to the first one waiting.
    private func endTurn() {
        if waiting.isEmpty {
            rendersRunning -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }

    /// Removes least recently used files until the folder fits its cap; never `kept`.
    private func evict(keeping kept: String) {
        var total = entries.values.reduce(0) { $0 + $1.size }
        for (name, entry) in entries.sorted(by: { $0.value.lastUse < $1.value.lastUse }) where total > capacity && name != kept {
            try? FileManager.default.removeItem(atPath: path(name))
            entries[name] = nil
            total -= entry.size
        }
    }

    private func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    /// FluidSynth blocks for seconds: run it on its own thread, not on the concurrency pool.
    private static func offThePool(_ work: @escaping @Sendable () throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            Thread.detachNewThread {
                do {
                    try work()
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}

extension SessionService {
    /// A completed session's song, or one part of it, as audio from the cache or rendered now.
    public func audio(of id: UUID, part: String, format: AudioRenderer.Format) async throws(SessionError) -> Download {
        let prefix = SessionFiles.prefix(of: id)
        let fileName = "\(prefix)_\(part).\(format.rawValue)"
        let name = "\(Self.text(id))_\(part).\(format.rawValue)"
        guard let audio else { throw SessionError(.unavailable, "audio is turned off on this server") }
        var path = await audio.cached(name)
        if path == nil {
            let song = try await completedSong(id)
            guard let midi = song.midi(part: part) else { throw SessionError(.notFound, "session \(Self.text(id)) has no \(part) part") }
            if let reason = audio.renderer.unavailableReason { throw SessionError(.unavailable, reason) }
            let seconds = song.outline.seconds(tempo: try await session(id: id).request.tempo)
            guard seconds <= Double(audio.maximumSeconds) else {
                throw SessionError(
                    .tooLarge,
                    "session \(Self.text(id)) lasts \(Self.clock(seconds)); this server renders audio of songs up to \(Self.clock(Double(audio.maximumSeconds))) (--max-audio-seconds). Its MIDI files have no limit.")
            }
            do {
                path = try await audio.render(name, midi: midi, format: format)
            } catch {
                logger.error("audio rendering failed", metadata: ["session": "\(Self.text(id))", "error": "\(error)"])
                throw SessionError(.internal, "audio rendering failed: \(error)")
            }
        }
        guard let path, let data = FileManager.default.contents(atPath: path) else {
            throw SessionError(.unavailable, "the audio file was evicted from the cache while being sent; ask again")
        }
        return Download(bytes: [UInt8](data), contentType: format.contentType, fileName: fileName, entityTag: nil)
    }

    /// `12:05`.
    static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        return "\(whole / 60):" + (whole % 60 < 10 ? "0" : "") + "\(whole % 60)"
    }
}
