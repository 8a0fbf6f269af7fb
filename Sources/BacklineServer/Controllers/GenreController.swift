import BacklineEngine
import BacklinePresets
import Hummingbird
import MusicTheory

/// `GET /genres` and `GET /genres/{id}`: what the server can play, read from the live catalog.
struct GenreController<Context: RequestContext>: Sendable {
    let catalog: ReloadingPresetCatalog

    var endpoints: [Endpoint<Context>] {
        [Endpoint(.get, "/genres", list), Endpoint(.get, "/genres/{id}", show)]
    }

    struct Summary: Encodable {
        struct Tempo: Encodable {
            let min: Int
            let max: Int
            let `default`: Int
        }
        struct Section: Encodable {
            let name: String
            let bars: Int
        }
        let id: String
        let name: String
        let description: String
        let tempo: Tempo
        let meter: String
        /// Every part, in track order.
        let parts: [String]
        /// The parts that play only when a song asks for them (`with_keys`, `parts`).
        let onRequest: [String]
        /// The form, in the order a song takes its sections.
        let sections: [Section]
        /// Where the genre came from: `built-in`, or its preset file's path.
        let source: String

        /// The meters a genre plays from grooves it writes, and the everyday ones it derives.
        struct Meters: Encodable {
            let written: [String]
            let derived: [String]
        }
        let meters: Meters

        enum CodingKeys: String, CodingKey {
            case id, name, description, tempo, meter, meters, parts, sections, source
            case onRequest = "on_request"
        }

        init(_ preset: GenrePreset) {
            id = preset.id
            name = preset.name
            description = preset.description
            tempo = Tempo(min: preset.tempoRange.lowerBound, max: preset.tempoRange.upperBound, default: preset.defaultTempo)
            meter = preset.meter.description
            meters = Meters(written: preset.writtenMeters.map(\.description), derived: preset.derivedMeters.map(\.description))
            parts = preset.partNames
            onRequest = preset.onRequestPartNames
            sections = preset.form.map { Section(name: $0, bars: preset.sectionTypes[$0]?.bars ?? 0) }
            source = PresetFiles.origin(of: preset.source)
        }
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let current = catalog.current
        return Response.json(current.ids.compactMap(current.genre).map(Summary.init))
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        let current = catalog.current
        guard let preset = current.genre(id) else {
            throw APIError.notFound("unknown genre \(Excerpt.quoted(id)); available genres: \(current.ids.joined(separator: ", "))")
        }
        return Response.json(Summary(preset))
    }
}
