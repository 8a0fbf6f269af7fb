import BacklineEngine
import BacklinePresets
import BacklineSessions
import ChordCharts
import Foundation
import MCP
import MusicTheory

extension BacklineTools {
    func listGenres() -> CallTool.Result {
        let catalog = sessions.catalog.current
        let genres = catalog.ids.compactMap(catalog.genre)
        let lines = genres.map { preset in
            "\(preset.id): \(preset.name), \(preset.tempoRange.lowerBound)-\(preset.tempoRange.upperBound) bpm (default \(preset.defaultTempo)), \(preset.meter.descriptionWithGrouping), parts "
                + preset.parts.map { $0.onRequest ? "\($0.name) (on request)" : $0.name }.joined(separator: ", ")
        }
        let structured: Value = .object(["genres": .array(genres.map { preset in
            .object([
                "id": .string(preset.id), "name": .string(preset.name),
                "tempo": .object(["min": .int(preset.tempoRange.lowerBound), "max": .int(preset.tempoRange.upperBound), "default": .int(preset.defaultTempo)]),
                "meter": .string(preset.meter.description), "parts": .array(preset.partNames.map(Value.string)),
                "on_request": .array(preset.onRequestPartNames.map(Value.string)),
            ])
        })])
        return Self.result(lines.joined(separator: "\n"), structured)
    }

    func describeGenre(_ arguments: [String: Value]) throws(SessionError) -> CallTool.Result {
        let id = try Self.string(arguments, "genre")
        let catalog = sessions.catalog.current
        guard let preset = catalog.genre(id) else {
            throw SessionError(.invalid, "unknown genre \(Excerpt.quoted(id)); available genres: \(catalog.ids.joined(separator: ", "))")
        }
        let sections = preset.form.map { name in (name, preset.sectionTypes[name]?.bars ?? 0) }
        let text = """
            \(preset.name) (\(preset.id)): \(preset.description)
            tempo \(preset.tempoRange.lowerBound)-\(preset.tempoRange.upperBound) bpm, default \(preset.defaultTempo); meter \(preset.meter.descriptionWithGrouping)\(preset.writtenMeters.dropFirst().map { " +" + $0.description }.joined()), every other meter derived; swing \(preset.feel.swing.ratio) (\(preset.feel.swing.unit.rawValue))
            parts: \(preset.parts.map { $0.onRequest ? "\($0.name) (on request)" : $0.name }.joined(separator: ", "))
            form: \(sections.map { "\($0.0) (\($0.1) bars)" }.joined(separator: ", "))
            """
        let structured: Value = .object([
            "id": .string(preset.id), "name": .string(preset.name), "description": .string(preset.description),
            "tempo": .object(["min": .int(preset.tempoRange.lowerBound), "max": .int(preset.tempoRange.upperBound), "default": .int(preset.defaultTempo)]),
            "meter": .string(preset.meter.description),
            "meters": .object([
                "written": .array(preset.writtenMeters.map { .string($0.description) }),
                "derived": .array(preset.derivedMeters.map { .string($0.description) }),
            ]),
            "parts": .array(preset.partNames.map(Value.string)),
            "on_request": .array(preset.onRequestPartNames.map(Value.string)),
            "sections": .array(sections.map { .object(["name": .string($0.0), "bars": .int($0.1)]) }),
            "feel": .object([
                "swing": .double(preset.feel.swing.ratio), "swing_unit": .string(preset.feel.swing.unit.rawValue),
                "humanize": .object(["timing_ms": .double(preset.feel.humanize.timingMilliseconds), "velocity": .int(preset.feel.humanize.velocity)]),
            ]),
        ])
        return Self.result(text, structured)
    }

    func listKeysAndModes() -> CallTool.Result {
        let text = "keys: \(NoteName.keyNames.joined(separator: ", "))\nmodes: \(Mode.names.joined(separator: ", "))"
        return Self.result(text, .object(["keys": .array(NoteName.keyNames.map(Value.string)), "modes": .array(Mode.names.map(Value.string))]))
    }

    func makeBackingTrack(_ arguments: [String: Value]) async throws(SessionError) -> CallTool.Result {
        let catalog = sessions.catalog.current
        let fields = SongRequest.fields(genres: catalog.ids, parts: catalog.partNames, sectionNames: catalog.sectionNames, defaults: .genreTempo)
        let draft: SongRequest.Draft
        do {
            draft = try SongRequest.Draft.reading(arguments.mapValues(\.requestValue), fields: fields)
        } catch {
            throw SessionError(.invalid, error.message)
        }
        return try await make(draft)
    }

    func makeGameLoop(_ arguments: [String: Value]) async throws(SessionError) -> CallTool.Result {
        let moods = MoodCatalog.load(directories: sessions.catalog.directories)
        let name = try Self.string(arguments, "mood")
        guard let mood = moods.moods[name] else {
            throw SessionError(.invalid, "unknown mood \(Excerpt.quoted(name)); moods are \(moods.ids.joined(separator: ", "))")
        }
        let bars = try Self.integer(arguments, "bars", in: 1...64)
        let key = arguments["key"].flatMap { $0 == .null ? nil : $0.stringValue }
        let seed = try Self.integer(arguments, "seed", in: 0...Int(SongRequest.seedRange.upperBound)).map(Int64.init)
        return try await make(mood.draft(bars: bars, key: key, seed: seed), heading: "\(mood.id) loop: \(mood.description)")
    }

    /// Creates and runs a session; answers with its chart, seed and files.
    private func make(_ draft: SongRequest.Draft, heading: String? = nil) async throws(SessionError) -> CallTool.Result {
        let created = try await sessions.create(draft, defaults: .genreTempo, caller: caller)
        let session = try await sessions.run(id: created.id, caller: caller)
        var result = Self.describe(session, restBase: restBase)
        if let heading {
            result = CallTool.Result(
                content: [.text(text: heading, annotations: nil, _meta: nil)] + result.content, structuredContent: result.structuredContent as Value?)
        }
        return result
    }

    func getSession(_ arguments: [String: Value]) async throws(SessionError) -> CallTool.Result {
        let text = try Self.string(arguments, "id")
        guard let id = UUID(uuidString: text) else { throw SessionError(.notFound, "session \(text) does not exist (session ids are UUIDs)") }
        return Self.describe(try await sessions.session(id: id, caller: caller), restBase: restBase)
    }

    func listSessions(_ arguments: [String: Value]) async throws(SessionError) -> CallTool.Result {
        let limit = try Self.integer(arguments, "limit", in: 1...100) ?? 20
        let offset = try Self.integer(arguments, "offset", in: 0...Int(Int32.max)) ?? 0
        let page = try await sessions.list(limit: limit, offset: offset, caller: caller)
        let lines = page.sessions.map { session in
            let request = session.request
            return "\(session.idString)  \(session.status.rawValue)  \(request.genre) in \(request.key), \(request.tempo) bpm"
        }
        let structured: Value = .object([
            "total": .int(page.total), "limit": .int(limit), "offset": .int(offset),
            "sessions": .array(page.sessions.map { Self.summary($0) }),
        ])
        return Self.result((["\(page.total) session(s)"] + lines).joined(separator: "\n"), structured)
    }

    func validatePreset(_ arguments: [String: Value]) throws(SessionError) -> CallTool.Result {
        let yaml = try Self.string(arguments, "yaml")
        guard yaml.utf8.count <= Self.maximumPresetSize else {
            throw SessionError(.invalid, "the preset is \(yaml.utf8.count) bytes; presets are at most \(Self.maximumPresetSize) bytes")
        }
        switch loader.load(yaml: yaml, source: "preset.yaml") {
        case .success(let preset):
            return Self.result(
                "valid: genre '\(preset.id)' with parts \(preset.partNames.joined(separator: ", "))",
                .object(["valid": .bool(true), "genre": .string(preset.id), "problems": .array([])]))
        case .failure(let failure):
            let problems = failure.errors.map { "\($0.location): \($0.message)" + ($0.keyPath.isEmpty ? "" : " (at \($0.keyPath))") }
            let structured: Value = .object(["valid": .bool(false), "problems": .array(failure.errors.map { error in
                .object([
                    "line": .int(error.location.line), "column": .int(error.location.column), "message": .string(error.message),
                    "code": .string(error.code.rawValue), "key_path": .string(error.keyPath),
                ])
            })])
            return Self.result("\(problems.count) problem(s):\n" + problems.joined(separator: "\n"), structured)
        }
    }

    /// The songs of a link, and the ones it left out with why; read off the request threads.
    func importIReal(_ arguments: [String: Value]) async throws(SessionError) -> CallTool.Result {
        let link = try Self.string(arguments, "url")
        let strict: Bool
        switch arguments["strict"] {
        case nil, .null?: strict = false
        case .bool(let flag)?: strict = flag
        case let other?: throw SessionError(.invalid, "strict must be true or false, not \(other.requestValue.kind)")
        }
        let playlist = try await sessions.compute(inputBytes: link.utf8.count) { () throws(SessionError) -> IRealPro.Playlist in
            do throws(IRealProError) {
                return try IRealPro.playlist(link, strict: strict)
            } catch {
                throw SessionError(.invalid, "url: \(error.message)")
            }
        }
        let name = playlist.name.map { Excerpt.quoted($0) } ?? "the link"
        var lines = ["\(name): \(playlist.songs.count) song(s) read, \(playlist.skipped.count) skipped"]
        lines += playlist.songs.map { song in
            let sheet = song.sheet
            let facts = [song.genre ?? "no genre", sheet.key?.description, (sheet.meter ?? .common).description, "\(sheet.chart.bars.count) bars"]
            return "\(sheet.title) (\(facts.compactMap { $0 }.joined(separator: ", ")))"
        }
        lines += playlist.skipped.map { "skipped: \($0.description)" }
        let structured: Value = .object([
            "name": playlist.name.map(Value.string) ?? .null,
            "songs": .array(playlist.songs.map { song in
                .object([
                    "title": .string(song.sheet.title), "genre": song.genre.map(Value.string) ?? .null,
                    "key": song.sheet.key.map { .string($0.description) } ?? .null,
                    "meter": .string((song.sheet.meter ?? .common).description), "bars": .int(song.sheet.chart.bars.count),
                    "meter_changes": .array(song.meterChanges.map { .object(["bar": .int($0.bar), "meter": .string($0.meter.description)]) }),
                    "warnings": .array(song.warnings.map { .string("bar \($0.bar): \($0.message)") }),
                ])
            }),
            "skipped": .array(playlist.skipped.map { skipped in
                .object([
                    "song": .string(skipped.title), "index": .int(skipped.index), "bar": skipped.bar.map(Value.int) ?? .null,
                    "symbol": skipped.symbol.map(Value.string) ?? .null, "reason": .string(skipped.reason),
                ])
            }),
        ])
        return Self.result(lines.joined(separator: "\n"), structured)
    }

    // MARK: - Answers

    /// A session as text a person reads (its chart per section, its seed) and as structured
    /// content, with links to its files: resources, and over HTTP the REST URLs too.
    static func describe(_ session: Session, restBase: String?) -> CallTool.Result {
        let request = session.request
        var lines = ["session \(session.idString): \(request.genre) in \(request.key), \(request.tempo) bpm, seed \(request.seed), \(session.status.rawValue)"]
        var content: [Tool.Content] = []
        if let outline = session.outline {
            lines[0] += ", \(outline.meter), \(outline.totalBars) bars" + (request.loop.isLoop ? ", a seamless loop" : "")
            lines += outline.chartLines
            let prefix = "backline://sessions/\(session.idString)/"
            content.append(.resourceLink(uri: prefix + "full.mid", name: "\(session.filePrefix)_full.mid", title: "All parts", mimeType: "audio/midi"))
            for part in outline.parts.map(\.name) {
                content.append(.resourceLink(uri: prefix + "\(part).mid", name: "\(session.filePrefix)_\(part).mid", title: part, mimeType: "audio/midi"))
            }
            content.append(.resourceLink(uri: prefix + "pianoroll.svg", name: "\(session.filePrefix)_pianoroll.svg", title: "Piano roll", mimeType: "image/svg+xml"))
            if let restBase {
                lines.append("download: \(restBase)/sessions/\(session.idString)/export (all parts), \(restBase)/sessions/\(session.idString)/parts/{part}")
            }
        } else if let error = session.error {
            lines.append("error: \(error)")
        }
        var structured = summary(session)
        if case .object(var object) = structured, let restBase, session.outline != nil {
            object["urls"] = .object([
                "export": .string("\(restBase)/sessions/\(session.idString)/export"),
                "pianoroll": .string("\(restBase)/sessions/\(session.idString)/pianoroll.svg"),
                "session": .string("\(restBase)/sessions/\(session.idString)"),
            ])
            structured = .object(object)
        }
        return CallTool.Result(content: [.text(text: lines.joined(separator: "\n"), annotations: nil, _meta: nil)] + content, structuredContent: structured as Value?)
    }

    static func summary(_ session: Session) -> Value {
        let request = session.request
        var object: [String: Value] = [
            "id": .string(session.idString), "status": .string(session.status.rawValue), "genre": .string(request.genre),
            "key": .string(request.key.tonic.description), "mode": .string(request.key.mode.rawValue), "tempo": .int(request.tempo),
            "seed": .int(Int(request.seed)), "loop": Self.loop(request.loop), "files": .array(session.files.map(Value.string)),
        ]
        if let outline = session.outline {
            object["bars"] = .int(outline.totalBars)
            object["meter"] = .string(outline.meter.description)
            if !outline.meterChanges.isEmpty {
                object["meter_changes"] = .array(outline.meterChanges.map { .object(["bar": .int($0.bar), "meter": .string($0.meter.description)]) })
            }
            object["parts"] = .array(outline.parts.map { .string($0.name) })
            object["sections"] = .array(outline.sections.map { section in
                .object(["name": .string(section.name), "bars": .int(section.bars), "chords": .array(section.chordNames.map(Value.string))])
            })
        }
        if let error = session.error { object["error"] = .string(error) }
        return .object(object)
    }

    /// `loop` as the request field writes it: false, true, or the looped sections.
    static func loop(_ loop: SongRequest.Loop) -> Value {
        switch loop {
        case .none: .bool(false)
        case .whole: .bool(true)
        case .sections(let names): .array(names.map(Value.string))
        }
    }

    static func result(_ text: String, _ structured: Value) -> CallTool.Result {
        CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: structured as Value?)
    }

    // MARK: - Arguments

    static func string(_ arguments: [String: Value], _ name: String) throws(SessionError) -> String {
        guard let value = arguments[name] else { throw SessionError(.invalid, "\(name) is required") }
        guard case .string(let text) = value else { throw SessionError(.invalid, "\(name) must be a string, not \(value.requestValue.kind)") }
        return text
    }

    static func integer(_ arguments: [String: Value], _ name: String, in range: ClosedRange<Int>) throws(SessionError) -> Int? {
        guard let value = arguments[name], value != .null else { return nil }
        guard case .int(let number) = value else { throw SessionError(.invalid, "\(name) must be an integer, not \(value.requestValue.kind)") }
        guard range.contains(number) else { throw SessionError(.invalid, "\(name) \(number) is outside \(range.lowerBound)–\(range.upperBound)") }
        return number
    }
}

extension Value {
    /// The argument as the request model reads it.
    var requestValue: RequestValue {
        switch self {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .int(let number): .integer(number)
        case .double(let number): .number(number)
        case .string(let text): .string(text)
        case .array(let items): .list(items.map(\.requestValue))
        case .object, .data: .object
        }
    }
}
