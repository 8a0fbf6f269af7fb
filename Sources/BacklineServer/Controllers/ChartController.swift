import BacklineSessions
import ChordCharts
import Foundation
import Hummingbird

/// `POST /charts/ireal`: an iReal Pro link read into its songs, each as a Backline chord chart, so
/// a client can show a playlist and then play a song with `POST /sessions {"ireal", "song"}`.
struct ChartController<Context: RequestContext>: Sendable {
    /// Where the link is read: off the request threads, under the request deadline.
    let work: WorkPool

    var endpoints: [Endpoint<Context>] {
        [Endpoint(.post, "/charts/ireal", ireal)]
    }

    /// The songs of the link in `{"url": "irealb://…"}`, in the link's order, and the songs it
    /// left out with why; `"strict": true` refuses the link at the first thing it cannot read.
    @Sendable func ireal(_ request: Request, context: Context) async throws -> Response {
        let object = try await CreateSessionBody.object(from: request, example: #"{"url": "irealb://…"}"#)
        guard let value = object["url"] else {
            throw APIError.badRequest(#"url is required: the iReal Pro link, {"url": "irealb://…"}"#)
        }
        guard case .string(let link) = value else {
            throw APIError.badRequest("url must be a string, not \(value.kind)")
        }
        let strict: Bool
        switch object["strict"] {
        case nil, .null?: strict = false
        case .bool(let flag)?: strict = flag
        case let other?: throw APIError.badRequest("strict must be true or false, not \(other.kind)")
        }
        let songs: Songs
        do {
            songs = try await work.run(inputBytes: link.utf8.count) { () throws -> Songs in
                do throws(IRealProError) {
                    let playlist = try IRealPro.playlist(link, strict: strict)
                    return Songs(
                        name: playlist.name, songs: playlist.songs.map(IRealPro.SongJSON.init),
                        skipped: playlist.skipped.map(IRealPro.SkippedJSON.init))
                } catch {
                    throw APIError.badRequest("url: \(error.message)")
                }
            }
        } catch let error as WorkPoolError {
            throw APIError(.serviceUnavailable, error.description)
        }
        return Response.json(songs)
    }

    struct Songs: Encodable, Sendable {
        /// The playlist's name, when the link is a playlist that names itself.
        let name: String?
        let songs: [IRealPro.SongJSON]
        /// The songs left out, each with the song, its place in the link, the bar and symbol, and why.
        let skipped: [IRealPro.SkippedJSON]

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(songs, forKey: .songs)
            try container.encode(skipped, forKey: .skipped)
        }

        enum CodingKeys: String, CodingKey {
            case name, songs, skipped
        }
    }
}
