import BacklineServer
import BacklineSessions
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Audio bounds")
struct AudioBoundsTests {
    @Test("A song longer than the audio bound is 413 with the limit; its MIDI is still served, and a short one renders")
    func tooLongForAudio() async throws {
        let fixture = try ServerFixture(maximumAudioSeconds: 30)
        try await fixture.test { client in
            let long = try await client.createAndRun(#"{"genre":"punk","tempo":60,"sections":4,"seed":1}"#)
            // Every bar of 4/4 at 60 bpm lasts 4 seconds.
            let (_, detail) = try await client.get("/sessions/\(long)")
            let bars = ((detail as? [String: Any])?["arrangement"] as? [[String: Any]] ?? []).compactMap { $0["bars"] as? Int }.reduce(0, +)
            #expect(bars >= 16)
            let length = "\(bars * 4 / 60):" + String(format: "%02d", bars * 4 % 60)
            let (status, body) = try await client.get("/sessions/\(long)/audio")
            #expect(status == .contentTooLarge)
            #expect((body as? [String: Any])?["detail"] as? String
                == "session \(long) lasts \(length); this server renders audio of songs up to 0:30 (--max-audio-seconds). Its MIDI files have no limit.")
            try await client.execute(uri: "/sessions/\(long)/export", method: .get) { response in
                #expect(response.status == .ok)
            }
            #expect(await fixture.audioCache.rendersStarted == 0, "nothing was handed to FluidSynth")
            guard fixture.audio.isAvailable else { return }
            let short = try await client.createAndRun(#"{"genre":"punk","tempo":240,"sections":1,"seed":1}"#)
            try await client.execute(uri: "/sessions/\(short)/audio", method: .get) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "audio/wav")
            }
        }
    }
}
