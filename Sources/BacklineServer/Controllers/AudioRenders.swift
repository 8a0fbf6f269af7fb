import BacklineEngine
import Foundation
import NIOPosix

/// Renders audio files once: a file already on disk is served as it is, and concurrent requests
/// for one file wait for the same render.
public actor AudioRenders {
    private var inFlight: [String: Task<Void, Error>] = [:]
    /// Renders started since the server did, for monitoring and tests.
    public private(set) var started = 0

    public init() {}

    /// Makes sure `output` exists, rendering `midi` with `renderer` if it does not.
    func ensure(_ output: String, from midi: String, format: AudioRenderer.Format, with renderer: AudioRenderer) async throws {
        if let running = inFlight[output] { return try await running.value }
        if FileManager.default.fileExists(atPath: output) { return }
        started += 1
        let task = Task {
            try await NIOThreadPool.singleton.runIfActive { try renderer.render(midi: midi, to: output, format: format) }
        }
        inFlight[output] = task
        do {
            try await task.value
            inFlight[output] = nil
        } catch {
            inFlight[output] = nil
            throw error
        }
    }
}
