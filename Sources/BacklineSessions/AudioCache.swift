import BacklineEngine
import Foundation

/// Audio renders of stored songs, kept in a folder beside the server with a size cap: the least
/// recently used file goes first when a new render would pass it.
///
/// Renders are derived from the stored MIDI, so the cache is never state: a replica that has no
/// render of a song makes one, and a cache folder can be emptied at any time. Concurrent requests
/// for one file wait for the same render. A request that is cancelled (its client went away) stops
/// waiting at once, and a render nobody waits for any more is stopped: FluidSynth is terminated, or
/// the render leaves the queue before it starts.
public actor AudioCache {
    public let renderer: AudioRenderer
    /// Turns a MIDI file into an audio file: the renderer's FluidSynth, or a stand-in in tests.
    public typealias RenderFile = @Sendable (_ midi: String, _ output: String, _ format: AudioRenderer.Format, _ cancellation: RenderCancellation) throws -> Void
    private let renderFile: RenderFile
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
    /// Renders stopped because nobody waited for them any more.
    public private(set) var rendersCancelled = 0
    /// Renders waiting for a turn, first come first served; resumed with false when cancelled.
    private var waiting: [(render: ObjectIdentifier, turn: CheckedContinuation<Bool, Never>)] = []

    /// A render under way and the requests waiting for it.
    private struct Render {
        let cancellation: RenderCancellation
        var waiters: [UInt64: CheckedContinuation<Void, Error>] = [:]
    }

    private var entries: [String: (size: Int, lastUse: UInt64)] = [:]
    private var uses: UInt64 = 0
    private var inFlight: [String: Render] = [:]
    private var waiterCount: UInt64 = 0

    /// Opens (or creates) the folder, forgets unfinished files and indexes the rest, oldest first.
    public init(
        renderer: AudioRenderer, directory: String, capacityMegabytes: Int, maximumSeconds: Int = AudioCache.defaultMaximumSeconds,
        maximumRenders: Int = AudioCache.defaultMaximumRenders,
        renderFile: RenderFile? = nil
    ) throws {
        precondition(maximumSeconds > 0 && maximumRenders > 0, "audio bounds are positive")
        self.renderer = renderer
        self.maximumSeconds = maximumSeconds
        self.maximumRenders = maximumRenders
        self.renderFile = renderFile ?? { try renderer.render(midi: $0, to: $1, format: $2, cancellation: $3) }
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

    /// Renders `midi` to `name` unless it is cached or being rendered; returns its path. Throws
    /// `CancellationError` as soon as the calling task is cancelled.
    public func render(_ name: String, midi: [UInt8], format: AudioRenderer.Format) async throws -> String {
        if inFlight[name] == nil {
            if let cached = cached(name) { return cached }
            start(name, midi: midi, format: format)
        }
        waiterCount += 1
        let waiter = waiterCount
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                if Task.isCancelled || inFlight[name] == nil {
                    continuation.resume(throwing: CancellationError())
                } else {
                    inFlight[name]?.waiters[waiter] = continuation
                }
                // When the task is cancelled before this point, `leave` runs after it (both on this
                // actor) and takes the continuation out again.
            }
        } onCancel: {
            Task { await self.leave(name, waiter: waiter) }
        }
        return path(name)
    }

    private func start(_ name: String, midi: [UInt8], format: AudioRenderer.Format) {
        let output = path(name)
        let source = output + ".tmp-\(UInt32.random(in: 0...UInt32.max)).mid"
        let renderFile = self.renderFile
        let cancellation = RenderCancellation()
        inFlight[name] = Render(cancellation: cancellation)
        Task {
            let result: Result<Void, Error>
            if await self.takeTurn(cancellation) {
                do {
                    try await Self.offThePool {
                        try Data(midi).write(to: URL(fileURLWithPath: source))
                        defer { try? FileManager.default.removeItem(atPath: source) }
                        try renderFile(source, output, format, cancellation)
                    }
                    result = .success(())
                } catch {
                    result = .failure(error)
                }
                self.endTurn()
            } else {
                result = .failure(CancellationError())
            }
            self.finish(name, cancellation, result)
        }
    }

    /// Hands the render's outcome to everyone waiting for it and indexes the new file.
    private func finish(_ name: String, _ cancellation: RenderCancellation, _ result: Result<Void, Error>) {
        if case .success = result {
            let size = ((try? FileManager.default.attributesOfItem(atPath: path(name)))?[.size] as? Int) ?? 0
            uses += 1
            entries[name] = (size, uses)
            evict(keeping: name)
        }
        // A cancelled render has already left `inFlight`; a newer one of the same name may be there.
        guard let render = inFlight[name], render.cancellation === cancellation else { return }
        inFlight[name] = nil
        for waiter in render.waiters.values { waiter.resume(with: result) }
    }

    /// A waiting request was cancelled: it stops waiting, and when it was the last, the render stops.
    private func leave(_ name: String, waiter: UInt64) {
        guard var render = inFlight[name], let continuation = render.waiters.removeValue(forKey: waiter) else { return }
        continuation.resume(throwing: CancellationError())
        guard render.waiters.isEmpty else {
            inFlight[name] = render
            return
        }
        inFlight[name] = nil
        rendersCancelled += 1
        render.cancellation.cancel()
        if let queued = waiting.firstIndex(where: { $0.render == ObjectIdentifier(render.cancellation) }) {
            waiting.remove(at: queued).turn.resume(returning: false)
        }
    }

    /// Waits until fewer than ``maximumRenders`` run, in the order renders asked. False when the
    /// render was cancelled while it waited.
    private func takeTurn(_ cancellation: RenderCancellation) async -> Bool {
        if cancellation.isCancelled { return false }
        if rendersRunning >= maximumRenders {
            guard await withCheckedContinuation({ waiting.append((ObjectIdentifier(cancellation), $0)) }) else { return false }
        } else {
            rendersRunning += 1
        }
        rendersStarted += 1
        return true
    }

    /// Hands the finished render's turn to the first one waiting.
    private func endTurn() {
        if waiting.isEmpty {
            rendersRunning -= 1
        } else {
            waiting.removeFirst().turn.resume(returning: true)
        }
    }

    /// Forgets and removes a deleted session's renders (`<id>_<part>.<format>`). A render under way
    /// finishes and is then evicted like any other file.
    public func remove(session id: String) {
        for name in entries.keys where name.hasPrefix(id + "_") {
            try? FileManager.default.removeItem(atPath: path(name))
            entries[name] = nil
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
    public func audio(of id: UUID, part: String, format: AudioRenderer.Format, caller: Caller) async throws(SessionError) -> Download {
        try await check(id, caller)
        let prefix = SessionFiles.prefix(of: id)
        let fileName = "\(prefix)_\(part).\(format.rawValue)"
        let name = "\(Self.text(id))_\(part).\(format.rawValue)"
        guard let audio else { throw SessionError(.unavailable, "audio is turned off on this server") }
        var path = await audio.cached(name)
        if path == nil {
            let song = try await completedSong(id, caller: .local)
            guard let midi = song.midi(part: part) else { throw SessionError(.notFound, "session \(Self.text(id)) has no \(part) part") }
            if let reason = audio.renderer.unavailableReason { throw SessionError(.unavailable, reason) }
            let seconds = song.outline.seconds(tempo: try await session(id: id, caller: .local).request.tempo)
            guard seconds <= Double(audio.maximumSeconds) else {
                throw SessionError(
                    .tooLarge,
                    "session \(Self.text(id)) lasts \(Self.clock(seconds)); this server renders audio of songs up to \(Self.clock(Double(audio.maximumSeconds))) (--max-audio-seconds). Its MIDI files have no limit.")
            }
            do {
                path = try await audio.render(name, midi: midi, format: format)
            } catch is CancellationError {
                throw SessionError(.unavailable, "the audio request was cancelled")
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
