import MusicTheory

/// Why a session operation was refused or failed, with a `detail` a client can act on.
///
/// The REST API answers each kind with its status code, and the MCP tools with a tool error, both
/// with the same `detail` text.
public struct SessionError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The request is wrong: an unknown genre, key or mode, a bound crossed (HTTP 400).
        case invalid
        /// No such session, or no such part of it (404).
        case notFound
        /// Run twice, or read before its run (409).
        case conflict
        /// The genre cannot render the song any more (500).
        case generationFailed
        /// The database or FluidSynth is not available now; retry later (503).
        case unavailable
        /// Over a bound the server keeps (a song too long to render as audio).
        case tooLarge
        /// A fault of the server's own (500).
        case `internal`
        /// No access key, or one the server never had (401).
        case unauthorized
        /// A revoked access key (403).
        case forbidden
        /// Over a key's session quota or request rate (429); ``retryAfterSeconds`` says when to ask again.
        case limited
    }

    public let kind: Kind
    public let detail: String
    /// For `limited`: how many seconds a client should wait before asking again.
    public let retryAfterSeconds: Int?

    public init(_ kind: Kind, _ detail: String, retryAfterSeconds: Int? = nil) {
        self.kind = kind
        // Messages quote at most 200 characters of any input (`Excerpt`); this bounds the rest.
        self.detail = Excerpt.cut(detail, limit: Excerpt.maximumDetail)
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var description: String { detail }
}
