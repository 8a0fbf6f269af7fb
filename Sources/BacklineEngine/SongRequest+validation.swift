import MusicTheory

/// Why a song request was refused, in words that say what is valid.
public struct SongRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Field: String, Sendable, Hashable {
        case genre, key, mode, tempo, sections, seed, progression
    }

    public let field: Field
    public let message: String

    public var description: String { message }
}

extension SongRequest {
    /// Seeds are whole numbers a JSON client can hold exactly: 0 … 2^53 − 1.
    public static let seedRange: ClosedRange<UInt64> = 0...(1 << 53 - 1)

    /// Checks raw user input (from CLI flags or a JSON body) and builds a request. `genres` are the
    /// ids that can be resolved; a nil `seed` draws one.
    public static func validated(
        genre: String, key: String, mode: String, tempo: Int, sections: Int, withKeys: Bool, seed: Int64?,
        progression: String? = nil, genres: [String]
    ) throws(SongRequestError) -> SongRequest {
        guard genres.contains(genre) else {
            throw SongRequestError(field: .genre, message: "unknown genre '\(genre)'; available genres: \(genres.sorted().joined(separator: ", "))")
        }
        guard NoteName.keyNames.contains(key), let tonic = NoteName(parsing: key) else {
            throw SongRequestError(field: .key, message: "unknown key '\(key)'; valid keys: \(NoteName.keyNames.joined(separator: ", "))")
        }
        guard let mode = Mode(rawValue: mode) else {
            throw SongRequestError(field: .mode, message: "unknown mode '\(mode)'; valid modes: \(Mode.names.joined(separator: ", "))")
        }
        guard tempoRange.contains(tempo) else {
            throw SongRequestError(field: .tempo, message: "tempo \(tempo) is outside \(tempoRange.lowerBound)–\(tempoRange.upperBound) bpm")
        }
        guard sectionRange.contains(sections) else {
            throw SongRequestError(field: .sections, message: "sections \(sections) is outside \(sectionRange.lowerBound)–\(sectionRange.upperBound)")
        }
        var chosenSeed: UInt64
        if let seed {
            guard seed >= 0, seedRange.contains(UInt64(seed)) else {
                throw SongRequestError(field: .seed, message: "seed \(seed) is outside 0–\(seedRange.upperBound)")
            }
            chosenSeed = UInt64(seed)
        } else {
            chosenSeed = UInt64.random(in: seedRange)
        }
        var chart: ChordChart?
        if let progression {
            do {
                chart = try ChordChart(parsing: progression)
            } catch {
                throw SongRequestError(field: .progression, message: "progression, at character \(error.offset + 1): \(error.reason)")
            }
        }
        return SongRequest(genre: genre, key: Key(tonic: tonic, mode: mode), tempo: tempo, sections: sections, withKeys: withKeys, seed: chosenSeed, chart: chart)
    }
}
