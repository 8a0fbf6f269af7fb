import Foundation
import MusicTheory
import ZIPFoundation

/// Compressed MusicXML (`.mxl`): a zip archive whose `META-INF/container.xml` names the score.
///
/// Reading one is bounded the way the YAML presets are against a bomb: the archive is refused
/// before anything is inflated when it has too many entries, is itself too large, or declares a
/// score too large, and inflating stops as soon as the bytes actually produced pass the bound,
/// whatever the archive declared.
enum MusicXMLArchive {
    /// Entries an `.mxl` may hold: a score, its container, perhaps a few images or parts. Past
    /// this, the archive is not a lead sheet.
    static let maximumEntries = 64
    /// The score inflated: a lead sheet compresses ten to twenty times, so this leaves room for a
    /// full score's notes while a bomb stops after a few MiB.
    static let maximumUncompressedBytes = 4 << 20
    /// `container.xml` holds one or two file names.
    static let maximumContainerBytes = 64 << 10

    /// The local file header that starts every zip archive.
    static let signature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]

    static func isArchive(_ data: Data) -> Bool { data.prefix(4).elementsEqual(signature) }

    /// The score document inside `data`, inflated.
    static func score(in data: Data) throws(MusicXMLError) -> Data {
        guard data.count <= MusicXMLLeadSheet.maximumBytes else {
            throw MusicXMLError(
                code: .tooLarge,
                message:
                    "the .mxl archive is \(data.count) bytes; Backline reads archives of up to \(MusicXMLLeadSheet.maximumBytes) bytes (1 MiB)"
            )
        }
        let archive: Archive
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw MusicXMLError(
                code: .notArchive, message: "the data starts as a zip archive (.mxl) but is not one that can be opened")
        }
        var entries: [String: Entry] = [:]
        for (count, entry) in archive.enumerated() {
            guard count < maximumEntries else {
                throw MusicXMLError(
                    code: .tooManyEntries,
                    message:
                        "the .mxl archive has more than \(maximumEntries) files; a MusicXML archive holds a score and its container"
                )
            }
            if entry.type == .file { entries[entry.path] = entry }
        }
        guard let containerEntry = entries["META-INF/container.xml"] else {
            throw MusicXMLError(
                code: .noContainer,
                message: "the zip archive has no META-INF/container.xml, so it is not compressed MusicXML (.mxl)")
        }
        let container = try extract(
            containerEntry, from: archive, limit: maximumContainerBytes, what: "META-INF/container.xml")
        let path: String
        do {
            path = try rootfilePath(container)
        } catch {
            // Wikifonia's downloads write a container.xml that is not well-formed (an apostrophe
            // inside a single-quoted title); music21 reads them by the one score beside it, and so
            // does Backline.
            let scores = entries.keys.filter { name in
                !name.hasPrefix("META-INF/") && (name.lowercased().hasSuffix(".xml") || name.lowercased().hasSuffix(".musicxml"))
            }
            guard scores.count == 1, let only = scores.first else { throw error }
            path = only
        }
        // Zip paths have no leading slash; some writers put one in the container anyway.
        let name = path.hasPrefix("/") ? String(path.dropFirst()) : path
        guard let scoreEntry = entries[name] else {
            throw MusicXMLError(
                code: .missingScore,
                message:
                    "META-INF/container.xml names the score \(Excerpt.quoted(path)), which the archive does not hold")
        }
        return try extract(
            scoreEntry, from: archive, limit: maximumUncompressedBytes, what: "the score \(Excerpt.quoted(name))")
    }

    /// The first `<rootfile>` that is MusicXML: its media type says so, or it says none (older
    /// writers leave it out). Other rootfiles are PDFs or images of the same score.
    static func rootfilePath(_ container: Data) throws(MusicXMLError) -> String {
        let root: MusicXMLNode
        do {
            root = try MusicXMLDocument.parse(container)
        } catch {
            throw MusicXMLError(
                code: .noContainer, message: "META-INF/container.xml is not readable XML: \(error.description)")
        }
        let rootfiles = root.children("rootfiles").flatMap { $0.children("rootfile") }
        let musicXMLTypes: Set<String> = [
            "application/vnd.recordare.musicxml+xml", "application/vnd.recordare.musicxml",
        ]
        let chosen = rootfiles.first { rootfile in
            guard let type = rootfile.attributes["media-type"] else { return true }
            return musicXMLTypes.contains(type)
        }
        guard let path = chosen?.attributes["full-path"], !path.isEmpty else {
            throw MusicXMLError(
                code: .noContainer, message: "META-INF/container.xml names no MusicXML <rootfile full-path>")
        }
        return path
    }

    /// Inflates `entry`, refusing before it starts when the entry declares more than `limit`
    /// bytes, and stopping once it has produced more: a forged header does not get past.
    private static func extract(_ entry: Entry, from archive: Archive, limit: Int, what: String) throws(MusicXMLError)
        -> Data
    {
        func tooLarge(_ claim: String) -> MusicXMLError {
            MusicXMLError(
                code: .tooLarge,
                message: "\(what) in the .mxl archive \(claim); Backline reads scores of up to \(limit) bytes")
        }
        guard entry.uncompressedSize <= UInt64(limit) else {
            throw tooLarge("says it inflates to \(entry.uncompressedSize) bytes")
        }
        struct OverLimit: Error {}
        var content = Data()
        do {
            // Large chunks: inflating in the default 16 KiB steps costs seconds per MiB in a debug build.
            _ = try archive.extract(
                entry, bufferSize: 1 << 18,
                consumer: { chunk in
                    guard content.count + chunk.count <= limit else { throw OverLimit() }
                    content.append(chunk)
                })
        } catch is OverLimit {
            throw tooLarge("inflates to more than \(limit) bytes, whatever its header says")
        } catch {
            throw MusicXMLError(
                code: .notArchive, message: "\(what) in the .mxl archive cannot be inflated: it is damaged")
        }
        return content
    }
}
