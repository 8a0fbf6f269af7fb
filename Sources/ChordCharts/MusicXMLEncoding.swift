import Foundation
import MusicTheory

/// A document's bytes read as text before any XML parser sees them, so that every check runs on
/// what the parser will read.
///
/// libxml2 picks a decoder from the byte-order mark, the first bytes and the declared encoding;
/// a check that reads the bytes as UTF-8 can then see no `<!ENTITY` in a document libxml2 reads
/// as UTF-16 or UTF-7. Here the bytes are decoded once (a BOM, else UTF-16's zero bytes, else
/// UTF-8), an encoding declaration other than UTF-8, UTF-16 or US-ASCII is refused, and the parser
/// is handed UTF-8 with a declaration that says so.
enum MusicXMLEncoding {
    /// Most attributes one element may carry; MusicXML's carry a handful. libxml2 checks each new
    /// attribute against all before it, so a tag of 100,000 attributes takes seconds.
    static let maximumAttributes = 64

    /// The document as UTF-8 bytes, its XML declaration naming UTF-8, and the decoded text.
    static func utf8(_ data: Data) throws(MusicXMLError) -> (data: Data, text: String) {
        let bytes = [UInt8](data)
        var text: String
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            text = try utf8Text(bytes.dropFirst(3))
        } else if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) {
            throw refusal("UTF-32")
        } else if bytes.starts(with: [0xFF, 0xFE]) {
            text = try utf16Text(bytes.dropFirst(2), littleEndian: true)
        } else if bytes.starts(with: [0xFE, 0xFF]) {
            text = try utf16Text(bytes.dropFirst(2), littleEndian: false)
        } else if bytes.count >= 4, bytes[0] == 0, bytes[1] == 0 || bytes[2] == 0 && bytes[3] == 0 {
            throw refusal("UTF-32")
        } else if bytes.count >= 2, bytes[0] != 0, bytes[1] == 0 {
            text = try utf16Text(bytes[...], littleEndian: true)
        } else if bytes.count >= 2, bytes[0] == 0, bytes[1] != 0 {
            text = try utf16Text(bytes[...], littleEndian: false)
        } else {
            text = try utf8Text(bytes[...])
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        text = try declaringUTF8(text)
        try checkAttributeCounts(text)
        return (Data(text.utf8), text)
    }

    private static func utf8Text(_ bytes: ArraySlice<UInt8>) throws(MusicXMLError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw MusicXMLError(
                code: .syntax, message: "the document is not valid UTF-8 text; save it as UTF-8 (MusicXML's usual encoding) or UTF-16")
        }
        guard !text.utf8.contains(0) else {
            throw MusicXMLError(code: .syntax, message: "the document holds a NUL character, which XML does not allow")
        }
        return text
    }

    private static func utf16Text(_ bytes: ArraySlice<UInt8>, littleEndian: Bool) throws(MusicXMLError) -> String {
        guard bytes.count % 2 == 0 else {
            throw MusicXMLError(code: .syntax, message: "the document is not valid UTF-16 text: it has an odd number of bytes")
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let (first, second) = (UInt16(bytes[index]), UInt16(bytes[index + 1]))
            units.append(littleEndian ? first | second << 8 : first << 8 | second)
            index += 2
        }
        guard let text = String(validating: units, as: UTF16.self), !text.utf8.contains(0) else {
            throw MusicXMLError(code: .syntax, message: "the document is not valid UTF-16 text")
        }
        return text
    }

    /// The text with its XML declaration's encoding refused, or rewritten as UTF-8.
    private static func declaringUTF8(_ text: String) throws(MusicXMLError) -> String {
        guard text.hasPrefix("<?xml"), let end = text.range(of: "?>") else { return text }
        let declaration = text[..<end.upperBound]
        guard let name = declaration.range(of: "encoding") else { return text }
        var rest = declaration[name.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard rest.first == "=" else { return text }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let quote = rest.first, quote == "\"" || quote == "'", let close = rest.dropFirst().firstIndex(of: quote) else {
            throw MusicXMLError(code: .syntax, message: "the XML declaration's encoding is not quoted", line: 1)
        }
        let encoding = rest[rest.index(after: rest.startIndex)..<close]
        // The bytes were decoded already; a declared UTF-16 on text given as text (a JSON string)
        // is read as the text it is.
        guard ["utf-8", "utf8", "utf-16", "utf-16le", "utf-16be", "us-ascii", "ascii"].contains(encoding.lowercased()) else {
            throw refusal(String(encoding))
        }
        return String(text[..<name.lowerBound]) + "encoding=\"UTF-8\"" + String(text[rest.index(after: close)...])
    }

    private static func refusal(_ encoding: String) -> MusicXMLError {
        MusicXMLError(
            code: .syntax,
            message: "the document is encoded as \(Excerpt.quoted(encoding)); Backline reads MusicXML in UTF-8 or UTF-16: save it as UTF-8",
            line: 1)
    }

    /// Refuses an element with more than ``maximumAttributes`` attributes, in one pass over the
    /// text: an attribute is an `=` inside a start tag, outside quotes; comments, processing
    /// instructions and CDATA are skipped whole.
    private static func checkAttributeCounts(_ text: String) throws(MusicXMLError) {
        let bytes = Array(text.utf8)
        var index = 0
        var line = 1
        func starts(_ prefix: String) -> Bool {
            let scalars = Array(prefix.utf8)
            return index + scalars.count <= bytes.count && bytes[index..<(index + scalars.count)].elementsEqual(scalars)
        }
        func skip(past end: String) {
            while index < bytes.count, !starts(end) {
                if bytes[index] == 0x0A { line += 1 }
                index += 1
            }
            index += end.utf8.count
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A { line += 1 }
            guard byte == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            if starts("<!--") {
                skip(past: "-->")
            } else if starts("<![CDATA[") {
                skip(past: "]]>")
            } else if starts("<?") {
                skip(past: "?>")
            } else {
                // A tag: count the = signs outside its quoted values, up to its >.
                index += 1
                var quote: UInt8?
                var count = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == 0x0A { line += 1 }
                    index += 1
                    if let open = quote {
                        if byte == open { quote = nil }
                    } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                        quote = byte
                    } else if byte == UInt8(ascii: ">") {
                        break
                    } else if byte == UInt8(ascii: "=") {
                        count += 1
                        guard count <= maximumAttributes else {
                            throw MusicXMLError(
                                code: .notMusicXML,
                                message: "an element has more than \(maximumAttributes) attributes; MusicXML's elements have a few", line: line)
                        }
                    }
                }
            }
        }
    }
}
