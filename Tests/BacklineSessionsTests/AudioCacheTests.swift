import BacklineEngine
import BacklineSessions
import Foundation
import Synchronization
import Testing

@Suite("The audio cache")
struct AudioCacheTests {
    /// A stand-in for FluidSynth that writes `size` bytes and counts its renders.
    final class FakeSynth: Sendable {
        let renders = Mutex(0)
        let size: Int
        init(size: Int) { self.size = size }
        func render(_ midi: String, _ output: String, _ format: AudioRenderer.Format, _ cancellation: RenderCancellation) throws {
            renders.withLock { $0 += 1 }
            try Data(repeating: 1, count: size).write(to: URL(fileURLWithPath: output))
        }
    }

    func makeCache(_ synth: FakeSynth, folder: String, megabytes: Int) throws -> AudioCache {
        try AudioCache(renderer: AudioRenderer(), directory: folder, capacityMegabytes: megabytes, renderFile: synth.render)
    }

    @Test("Past its cap the least recently used file goes first; the newest always stays")
    func leastRecentlyUsedOut() async throws {
        let folder = try StoreFixture.temporaryFolder()
        let synth = FakeSynth(size: 400_000)
        let cache = try makeCache(synth, folder: folder, megabytes: 1)  // room for two files of 400 KB
        let midi: [UInt8] = Array("MThd".utf8)
        _ = try await cache.render("a.wav", midi: midi, format: .wav)
        _ = try await cache.render("b.wav", midi: midi, format: .wav)
        let usedAgain = await cache.cached("a.wav")
        #expect(usedAgain != nil, "a is used again, so b is now the oldest")
        _ = try await cache.render("c.wav", midi: midi, format: .wav)
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: folder))
        #expect(files == ["a.wav", "c.wav"])
        #expect(synth.renders.withLock { $0 } == 3)
        _ = try await cache.render("a.wav", midi: midi, format: .wav)
        #expect(synth.renders.withLock { $0 } == 3, "a cached file is not rendered again")

        // One file bigger than the whole cap is still served; the others make room for it.
        let big = try makeCache(FakeSynth(size: 2_000_000), folder: folder, megabytes: 1)
        _ = try await big.render("d.wav", midi: midi, format: .wav)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["d.wav"])
    }

    /// A stand-in for FluidSynth that takes a while and records how many renders run at once.
    final class SlowSynth: Sendable {
        let state = Mutex((running: 0, most: 0, order: [String]()))
        func render(_ midi: String, _ output: String, _ format: AudioRenderer.Format, _ cancellation: RenderCancellation) throws {
            state.withLock {
                $0.running += 1
                $0.most = max($0.most, $0.running)
                $0.order.append((output as NSString).lastPathComponent)
            }
            Thread.sleep(forTimeInterval: 0.05)
            try Data([1]).write(to: URL(fileURLWithPath: output))
            state.withLock { $0.running -= 1 }
        }
    }

    @Test("At most maximumRenders run at once; the rest wait their turn and all finish", arguments: [1, 2])
    func rendersTakeTurns(limit: Int) async throws {
        let synth = SlowSynth()
        let cache = try AudioCache(
            renderer: AudioRenderer(), directory: try StoreFixture.temporaryFolder(), capacityMegabytes: 1, maximumRenders: limit,
            renderFile: synth.render)
        try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<6 {
                group.addTask { try await cache.render("\(index).wav", midi: [], format: .wav) }
            }
            var finished = 0
            for try await _ in group { finished += 1 }
            #expect(finished == 6)
        }
        let state = synth.state.withLock { $0 }
        #expect(state.most == limit, "never more than \(limit) at once, and the limit is used")
        #expect(await cache.rendersRunning == 0 && state.order.count == 6)
    }

    @Test("A reopened cache knows its files, oldest first, and forgets unfinished ones")
    func reopen() async throws {
        let folder = try StoreFixture.temporaryFolder()
        let synth = FakeSynth(size: 400_000)
        let first = try makeCache(synth, folder: folder, megabytes: 1)
        _ = try await first.render("old.wav", midi: [], format: .wav)
        try await Task.sleep(for: .milliseconds(20))
        _ = try await first.render("new.wav", midi: [], format: .wav)
        FileManager.default.createFile(atPath: folder + "/half.wav.tmp-123.wav", contents: Data([1]))
        let second = try makeCache(synth, folder: folder, megabytes: 1)
        let new = await second.cached("new.wav")
        let old = await second.cached("old.wav")
        #expect(new != nil && old != nil)
        #expect(!FileManager.default.fileExists(atPath: folder + "/half.wav.tmp-123.wav"))
        _ = try await second.render("third.wav", midi: [], format: .wav)
        // new.wav was asked for before old.wav above, so old.wav is the most recently used of the two.
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder)) == ["old.wav", "third.wav"])
    }

    /// A stand-in for FluidSynth that renders until it is released or cancelled, as a long song would.
    final class HeldSynth: Sendable {
        let state = Mutex((started: [String](), cancelled: [String](), released: Set<String>()))
        func render(_ midi: String, _ output: String, _ format: AudioRenderer.Format, _ cancellation: RenderCancellation) throws {
            let name = (output as NSString).lastPathComponent
            state.withLock { $0.started.append(name) }
            while !state.withLock({ $0.released.contains(name) }) {
                if cancellation.isCancelled {
                    state.withLock { $0.cancelled.append(name) }
                    throw CancellationError()
                }
                Thread.sleep(forTimeInterval: 0.005)
            }
            try Data([1]).write(to: URL(fileURLWithPath: output))
        }
        func release(_ name: String) { state.withLock { _ = $0.released.insert(name) } }
        func until(_ condition: @escaping (_ started: [String], _ cancelled: [String]) -> Bool) async throws {
            for _ in 0..<400 where !state.withLock({ condition($0.started, $0.cancelled) }) { try await Task.sleep(for: .milliseconds(5)) }
            #expect(state.withLock { condition($0.started, $0.cancelled) })
        }
    }

    @Test("A request whose client went away stops waiting, and a render nobody waits for stops or never starts")
    func cancelledRequests() async throws {
        let synth = HeldSynth()
        let cache = try AudioCache(
            renderer: AudioRenderer(), directory: try StoreFixture.temporaryFolder(), capacityMegabytes: 1, maximumRenders: 1,
            renderFile: synth.render)
        // One render runs (a), one waits for its turn (b).
        let a = Task { try await cache.render("a.wav", midi: [], format: .wav) }
        try await synth.until { started, _ in started == ["a.wav"] }
        let b = Task { try await cache.render("b.wav", midi: [], format: .wav) }
        try await Task.sleep(for: .milliseconds(30))

        // b's client leaves while it is queued: it never reaches the synth.
        b.cancel()
        await #expect(throws: CancellationError.self) { try await b.value }
        // Two clients wait for c, queued behind a; one leaves, and c still renders for the other.
        let c1 = Task { try await cache.render("c.wav", midi: [], format: .wav) }
        let c2 = Task { try await cache.render("c.wav", midi: [], format: .wav) }
        try await Task.sleep(for: .milliseconds(30))
        c1.cancel()
        await #expect(throws: CancellationError.self) { try await c1.value }

        // a's client leaves mid-render: the render is stopped and the turn passes to c.
        a.cancel()
        await #expect(throws: CancellationError.self) { try await a.value }
        try await synth.until { started, cancelled in cancelled == ["a.wav"] && started == ["a.wav", "c.wav"] }
        synth.release("c.wav")
        let path = try await c2.value
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(await cache.rendersCancelled == 2, "a and b")
        #expect(await cache.rendersRunning == 0)
        let leftovers = [await cache.cached("a.wav"), await cache.cached("b.wav")]
        #expect(leftovers == [nil, nil], "cancelled renders leave no file")
    }
}
