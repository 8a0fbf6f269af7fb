import Foundation
import MusicTheory

#if canImport(FoundationXML)
import FoundationXML
#endif

/// An element of a parsed MusicXML document: its name, attributes, direct text, children, and
/// the line it starts on.
struct MusicXMLNode {
    let name: String
    let attributes: [String: String]
    var text = ""
    var children: [MusicXMLNode] = []
    let line: Int

    func child(_ name: String) -> MusicXMLNode? { children.first { $0.name == name } }

    func children(_ name: String) -> [MusicXMLNode] { children.filter { $0.name == name } }

    /// The trimmed text of the first child called `name`.
    func value(_ name: String) -> String? { child(name)?.trimmedText }

    var trimmedText: String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
}

/// Parses a document into ``MusicXMLNode``s with Foundation's `XMLParser`, refusing what a lead
/// sheet never needs: entity declarations (so no entity expansion can grow a small file into a
/// huge one), external entities, and absurd nesting.
enum MusicXMLDocument {
    /// MusicXML nests about eight levels; anything far deeper is not a score.
    static let maximumDepth = 64

    static func parse(_ data: Data) throws(MusicXMLError) -> MusicXMLNode {
        // Decoded first, so the checks read what the parser will: no encoding can hide a DTD.
        let (utf8, text) = try MusicXMLEncoding.utf8(data)
        if let line = entityDeclarationLine(text) {
            throw MusicXMLError(
                code: .entityDeclaration, message: "the document declares entities (<!ENTITY>); MusicXML lead sheets need none, so Backline reads none",
                line: line)
        }
        let parser = XMLParser(data: utf8)
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        let builder = TreeBuilder()
        parser.delegate = builder
        let finished = parser.parse()
        if let problem = builder.problem { throw problem }
        guard finished, let root = builder.root else {
            if utf8.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
                throw MusicXMLError(code: .syntax, message: "XML syntax error: the document is empty")
            }
            let error = parser.parserError as NSError?
            throw MusicXMLError(
                code: .syntax, message: "XML syntax error: \(describe(error))", line: max(parser.lineNumber, 1), column: max(parser.columnNumber, 1))
        }
        return root
    }

    /// The line of an `<!ENTITY` declaration in the document type's internal subset, if any.
    ///
    /// On Linux, Foundation's `XMLParser` substitutes entities and tells its delegate nothing of
    /// their declarations, so the declarations are looked for before parsing: only the prolog is
    /// read (comments, processing instructions, and the DOCTYPE with its quoted literals skipped
    /// as XML defines them), up to the first element.
    static func entityDeclarationLine(_ document: String) -> Int? {
        let text = Array(document.unicodeScalars)
        var index = 0
        var line = 1
        func starts(_ prefix: String) -> Bool {
            let scalars = Array(prefix.unicodeScalars)
            return index + scalars.count <= text.count && Array(text[index..<(index + scalars.count)]) == scalars
        }
        func advance(_ count: Int = 1) {
            for _ in 0..<count where index < text.count {
                if text[index] == "\n" { line += 1 }
                index += 1
            }
        }
        func skip(past end: String) {
            while index < text.count && !starts(end) { advance() }
            advance(end.unicodeScalars.count)
        }
        func skipLiteral() {
            let quote = text[index]
            advance()
            while index < text.count && text[index] != quote { advance() }
            advance()
        }
        while index < text.count {
            if text[index] == "\u{FEFF}" || text[index].properties.isWhitespace {
                advance()
            } else if starts("<?") {
                skip(past: "?>")
            } else if starts("<!--") {
                skip(past: "-->")
            } else if starts("<!DOCTYPE") {
                while index < text.count && text[index] != "[" && text[index] != ">" {
                    if text[index] == "\"" || text[index] == "'" { skipLiteral() } else { advance() }
                }
                guard index < text.count, text[index] == "[" else { return nil }
                while index < text.count && text[index] != "]" {
                    if starts("<!ENTITY") { return line }
                    if starts("<!--") {
                        skip(past: "-->")
                    } else if starts("<?") {
                        skip(past: "?>")
                    } else if text[index] == "\"" || text[index] == "'" {
                        skipLiteral()
                    } else {
                        advance()
                    }
                }
                return nil
            } else {
                return nil
            }
        }
        return nil
    }

    /// libxml2's own message when Foundation passes it on, else what the error code means.
    fileprivate static func describe(_ error: NSError?) -> String {
        guard let error else { return "the document ended before its root element did" }
        if let message = error.userInfo[NSLocalizedDescriptionKey] as? String, !message.isEmpty, !message.hasPrefix("The operation") {
            return message.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return libxml2Errors[error.code] ?? "parser error \(error.code)"
    }

    /// What libxml2's error codes mean. Foundation on Linux passes libxml2's numbers through, and
    /// they are not `XMLParser.ErrorCode`'s raw values, so they are named here.
    private static let libxml2Errors: [Int: String] = [
        4: "the document does not start with an element",
        5: "content after the root element",
        9: "a character XML does not allow",
        26: "an undeclared entity",
        42: "an attribute is given twice",
        65: "a space is missing between attributes",
        68: "a tag has no name",
        73: "a tag is missing its '>'",
        76: "an end tag does not match its start tag",
        77: "a tag is not finished",
        89: "an entity refers to itself",
    ]

    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var stack: [MusicXMLNode] = []
        var root: MusicXMLNode?
        var problem: MusicXMLError?

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]
        ) {
            guard problem == nil else { return }
            if stack.count >= MusicXMLDocument.maximumDepth {
                fail(parser, MusicXMLError(code: .notMusicXML, message: "elements nested more than \(MusicXMLDocument.maximumDepth) deep", line: parser.lineNumber))
                return
            }
            stack.append(MusicXMLNode(name: elementName, attributes: attributes, line: parser.lineNumber))
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            guard problem == nil, let node = stack.popLast() else { return }
            if stack.isEmpty {
                root = node
            } else {
                stack[stack.count - 1].children.append(node)
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard problem == nil, !stack.isEmpty else { return }
            stack[stack.count - 1].text += string
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            guard problem == nil, !stack.isEmpty else { return }
            stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
            // libxml2 runs in recovery mode under Foundation: stop at the first error, where it is.
            guard problem == nil else { return }
            fail(
                parser,
                MusicXMLError(
                    code: .syntax, message: "XML syntax error: \(MusicXMLDocument.describe(parseError as NSError))", line: max(parser.lineNumber, 1),
                    column: max(parser.columnNumber, 1)))
        }

        func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
            refuseEntity(parser, name)
        }

        func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
            refuseEntity(parser, name)
        }

        func parser(_ parser: XMLParser, foundUnparsedEntityDeclarationWithName name: String, publicID: String?, systemID: String?, notationName: String?) {
            refuseEntity(parser, name)
        }

        func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
            refuseEntity(parser, name)
            return nil
        }

        private func refuseEntity(_ parser: XMLParser, _ name: String) {
            fail(
                parser,
                MusicXMLError(
                    code: .entityDeclaration, message: "the document declares the entity \(Excerpt.quoted(name)); MusicXML lead sheets need none, so Backline reads none",
                    line: parser.lineNumber))
        }

        private func fail(_ parser: XMLParser, _ error: MusicXMLError) {
            if problem == nil { problem = error }
            parser.abortParsing()
        }
    }
}
