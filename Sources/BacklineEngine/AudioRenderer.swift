import Foundation

/// Renders MIDI files to audio with FluidSynth and a General MIDI SoundFont.
///
/// FluidSynth is optional: ``unavailableReason`` says what to install when it or the SoundFont is
/// missing, and nothing else in Backline depends on it.
public struct AudioRenderer: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case wav, flac

        public var contentType: String { self == .wav ? "audio/wav" : "audio/flac" }
    }

    /// The SoundFont Debian's `fluid-soundfont-gm` installs.
    public static let defaultSoundFont = "/usr/share/sounds/sf2/FluidR3_GM.sf2"

    public let soundFont: String
    /// The `fluidsynth` executable, if one is on the PATH.
    public let executable: String?

    public init(soundFont: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.soundFont = soundFont ?? environment["BACKLINE_SOUNDFONT"] ?? Self.defaultSoundFont
        let path = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        self.executable = path.map { "\($0)/fluidsynth" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Nil when audio can be rendered; otherwise what is missing and how to install it.
    public var unavailableReason: String? {
        if executable == nil {
            return "audio needs FluidSynth, which is not installed: apt-get install fluidsynth fluid-soundfont-gm"
        }
        if !FileManager.default.fileExists(atPath: soundFont) {
            return "audio needs a General MIDI SoundFont; \(soundFont) does not exist: apt-get install fluid-soundfont-gm, or set BACKLINE_SOUNDFONT / --soundfont"
        }
        return nil
    }

    public var isAvailable: Bool { unavailableReason == nil }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Renders `midi` to `output` (44.1 kHz stereo), writing a temporary file and renaming it, so
    /// a reader never sees a partial file. Blocks until FluidSynth is done.
    /// Cancelling `cancellation` stops FluidSynth and throws `CancellationError`.
    public func render(midi: String, to output: String, format: Format, cancellation: RenderCancellation = RenderCancellation()) throws {
        if let unavailableReason { throw Failure(description: unavailableReason) }
        let temporary = output + ".tmp-\(UInt32.random(in: 0...UInt32.max)).\(format.rawValue)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable!)
        process.arguments = ["-ni", "-q", "-g", "0.7", "-r", "44100", "-T", format.rawValue, "-F", temporary, soundFont, midi]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        cancellation.attach(process)
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if cancellation.isCancelled {
            try? FileManager.default.removeItem(atPath: temporary)
            throw CancellationError()
        }
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: temporary) else {
            try? FileManager.default.removeItem(atPath: temporary)
            let detail = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(description: "fluidsynth failed (exit \(process.terminationStatus))\(detail.isEmpty ? "" : ": " + detail)")
        }
        guard rename(temporary, output) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw Failure(description: "cannot move the rendered audio to \(output): \(String(cString: strerror(errno)))")
        }
    }
}

/// Stops a render from another thread: a FluidSynth that runs is terminated, and one attached
/// after the cancellation is terminated at once.
public final class RenderCancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    private var process: Process?

    public init() {}

    public var isCancelled: Bool { lock.withLock { cancelled } }

    public func cancel() {
        let running = lock.withLock {
            cancelled = true
            return process
        }
        if let running, running.isRunning { Self.stop(running) }
    }

    /// The process doing the render, to terminate on cancellation.
    public func attach(_ process: Process) {
        let alreadyCancelled = lock.withLock {
            self.process = process
            return cancelled
        }
        if alreadyCancelled { Self.stop(process) }
    }

    /// SIGKILL: FluidSynth rendering to a file does not stop for SIGTERM. Its output is a temporary
    /// file, removed by ``AudioRenderer/render(midi:to:format:cancellation:)``.
    private static func stop(_ process: Process) {
        kill(process.processIdentifier, SIGKILL)
    }
}
