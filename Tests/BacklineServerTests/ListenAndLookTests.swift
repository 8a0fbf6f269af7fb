import BacklineEngine
import BacklineServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Audio, piano roll, parts and the studio page")
struct ListenAndLookTests {
    @Test("Without FluidSynth the server still works; audio is 503 with what to install, and /health says so")
    func audioUnavailable() async throws {
        let fixture = try ServerFixture(audio: AudioRenderer(soundFont: "/no/such/font.sf2", environment: ["PATH": "/nonexistent"]))
        try await fixture.test { client in
            let id = try await client.createAndRun()
            try await client.execute(uri: "/sessions/\(id)/audio?format=wav", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let detail = try response.jsonObject()["detail"] as? String
                #expect(detail == "audio needs FluidSynth, which is not installed: apt-get install fluidsynth fluid-soundfont-gm")
            }
            let (_, health) = try await client.get("/health")
            #expect((health as? [String: Any])?["audio"] as? Bool == false)
            try await client.execute(uri: "/sessions/\(id)/export", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test("Audio renders once for concurrent requests, with its content type and file name")
    func audioRendersOnce() async throws {
        let fixture = try ServerFixture()
        try #require(fixture.audio.isAvailable, "FluidSynth and fluid-soundfont-gm must be installed (scripts/setup --test does)")
        try await fixture.test { client in
            let id = try await client.createAndRun(#"{"genre":"punk","tempo":180,"sections":1,"seed":5}"#)
            let bodies = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?, [UInt8]).self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await client.execute(uri: "/sessions/\(id)/audio?format=flac", method: .get) { response in
                            (response.status, response.headers[.contentType], Array(buffer: response.body))
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(bodies.allSatisfy { $0.0 == .ok && $0.1 == "audio/flac" })
            #expect(Set(bodies.map(\.2)).count == 1)
            #expect(Array(bodies[0].2.prefix(4)) == [UInt8]("fLaC".utf8))
            #expect(await fixture.audioCache.rendersStarted == 1)
            try await client.execute(uri: "/sessions/\(id)/audio", method: .get) { response in
                #expect(response.headers[.contentType] == "audio/wav")
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"\(id.prefix(8))_full.wav\"")
                #expect(Array(Array(buffer: response.body).prefix(4)) == [UInt8]("RIFF".utf8))
            }
            #expect(await fixture.audioCache.rendersStarted == 2)
        }
    }

    @Test("Bad format or part: 400; before the run: 409")
    func audioErrors() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let (_, created) = try await client.postJSON("/sessions", "{}")
            let pending = try #require(created["id"] as? String)
            let (early, _) = try await client.get("/sessions/\(pending)/audio")
            #expect(early == .conflict)
            let id = try await client.createAndRun()
            let (format, formatBody) = try await client.get("/sessions/\(id)/audio?format=mp3")
            #expect(format == .badRequest && ((formatBody as? [String: Any])?["detail"] as? String) == "format must be wav or flac, not 'mp3'")
            let (part, _) = try await client.get("/sessions/\(id)/audio?part=tuba")
            #expect(part == .badRequest)
            let (noKeys, noKeysBody) = try await client.get("/sessions/\(id)/audio?part=keys")
            #expect(noKeys == .notFound && ((noKeysBody as? [String: Any])?["detail"] as? String) == "session \(id) has no keys part")
        }
    }

    @Test("The piano roll has a lane per part, the sections and the chords; parts download as MIDI")
    func pianoRollAndParts() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let id = try await client.createAndRun(#"{"genre":"jazz","key":"F","with_keys":true,"sections":2,"seed":1}"#)
            try await client.execute(uri: "/sessions/\(id)/pianoroll.svg", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "image/svg+xml")
                let svg = String(buffer: response.body)
                #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
                for lane in ["drums", "bass", "guitar", "keys"] { #expect(svg.contains(">\(lane)</text>")) }
                #expect(svg.contains(">intro</text>") && svg.contains(">verse</text>"))
                #expect(svg.contains("class=\"chord\">Gm7</text>") || svg.contains("class=\"chord\">Fmaj7</text>"))
                #expect(!svg.contains("<script"))
            }
            try await client.execute(uri: "/sessions/\(id)/parts/drums", method: .get) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "audio/midi")
                #expect(Array(Array(buffer: response.body).prefix(4)) == [UInt8]("MThd".utf8))
            }
            let (missing, body) = try await client.get("/sessions/\(id)/parts/tuba")
            #expect(missing == .notFound && ((body as? [String: Any])?["detail"] as? String)?.contains("drums, bass, guitar, keys, full") == true)
        }
    }

    @Test("The studio page and its script load their lists from the server and nothing from elsewhere")
    func studioPage() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let html = try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
            #expect(html.contains(#"<script src="/studio.js"></script>"#))
            let script = try await client.execute(uri: "/studio.js", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
                return String(buffer: response.body)
            }
            #expect(script.contains("fetch(\"/genres\")") && script.contains("/openapi.json") && script.contains("pianoroll.svg"))
            #expect(script.contains("/audio?part=") && script.contains("createGain()") && script.contains("fetch(\"/sessions?limit="))
            for text in [html, script] { #expect(!text.contains("http://") && !text.contains("https://")) }
        }
    }

    @Test("A run session names its meter, so a player can time its bars")
    func sessionMeter() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            let id = try await client.createAndRun(#"{"progression":"C | F | G7 | C","sections":1,"seed":2}"#)
            let (_, detail) = try await client.get("/sessions/\(id)")
            #expect((detail as? [String: Any])?["meter"] as? String == "4/4")
            let (_, created) = try await client.postJSON("/sessions", "{}")
            let pending = try #require(created["id"] as? String)
            let (_, early) = try await client.get("/sessions/\(pending)")
            #expect((early as? [String: Any])?["meter"] == nil)
        }
    }
}
