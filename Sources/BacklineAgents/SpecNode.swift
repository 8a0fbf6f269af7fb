/// A parsed YAML value with the place it was written, independent of the YAML library.
///
/// The preset loader builds these from the YAML document; agents read their part's settings from
/// them, reporting mistakes through ``Diagnostics`` with exact line and column.
public struct SpecNode: Sendable {
    public enum Content: Sendable {
        case null
        /// A scalar as written; `quoted` is true for '…' and "…" scalars.
        case scalar(String, quoted: Bool)
        case sequence([SpecNode])
        case mapping([SpecEntry])
    }

    public let content: Content
    public let location: SourceLocation
    /// Dotted key path from the document root.
    public let path: String

    public init(_ content: Content, at location: SourceLocation, path: String) {
        self.content = content
        self.location = location
        self.path = path
    }

    /// A word for error messages: "a mapping", "the text 'abc'" …
    public var kindDescription: String {
        switch content {
        case .null: "nothing"
        case .scalar(let text, _): "'\(text)'"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }

    /// Where character `offset` of a one-line scalar stands in the file, for errors that point
    /// inside a pattern or chord chart.
    public func location(ofCharacter offset: Int) -> SourceLocation {
        guard case .scalar(let text, let quoted) = content, !text.contains("\n") else { return location }
        return SourceLocation(line: location.line, column: location.column + offset + (quoted ? 1 : 0))
    }
}

/// One `key: value` of a mapping, with the key's own place.
public struct SpecEntry: Sendable {
    public let key: String
    public let keyLocation: SourceLocation
    public let value: SpecNode

    public init(key: String, keyLocation: SourceLocation, value: SpecNode) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}

/// A mapping whose keys were checked against the keys its reader knows.
public struct SpecMapping: Sendable {
    public let node: SpecNode
    public let entries: [SpecEntry]

    public subscript(key: String) -> SpecNode? {
        entries.first { $0.key == key }?.value
    }

    public var keys: [String] { entries.map(\.key) }

    /// The value under `key`, or a `missing_key` error at the mapping.
    public func require(_ key: String, _ diagnostics: inout Diagnostics, hint: String = "") -> SpecNode? {
        if let value = self[key] { return value }
        diagnostics.report(.missingKey, "missing required key '\(key)'\(hint.isEmpty ? "" : ": " + hint)", at: node)
        return nil
    }
}

extension SpecNode {
    /// This node as a mapping whose keys are all in `allowed`; reports unknown and repeated keys.
    public func mapping(_ diagnostics: inout Diagnostics, allowed: [String]) -> SpecMapping? {
        guard case .mapping(let entries) = content else {
            diagnostics.report(.wrongType, "expected a mapping of \(allowed.joined(separator: ", ")), found \(kindDescription)", at: self)
            return nil
        }
        var seen: Set<String> = []
        var kept: [SpecEntry] = []
        for entry in entries {
            let keyPath = path.isEmpty ? entry.key : "\(path).\(entry.key)"
            if !seen.insert(entry.key).inserted {
                diagnostics.report(PresetError(.duplicateKey, "key '\(entry.key)' appears twice", at: entry.keyLocation, keyPath: keyPath))
                continue
            }
            if !allowed.contains(entry.key) {
                var message = "unknown key '\(entry.key)'"
                message += Diagnostics.didYouMean(entry.key, among: allowed)
                message += "; expected one of: \(allowed.joined(separator: ", "))"
                diagnostics.report(PresetError(.unknownKey, message, at: entry.keyLocation, keyPath: keyPath))
                continue
            }
            kept.append(entry)
        }
        return SpecMapping(node: self, entries: kept)
    }

    /// A mapping whose keys are free names (sections, kit pieces); reports repeated keys only.
    public func namedMapping(_ diagnostics: inout Diagnostics, of what: String) -> [SpecEntry]? {
        guard case .mapping(let entries) = content else {
            diagnostics.report(.wrongType, "expected a mapping of \(what), found \(kindDescription)", at: self)
            return nil
        }
        var seen: Set<String> = []
        return entries.filter { entry in
            if seen.insert(entry.key).inserted { return true }
            diagnostics.report(PresetError(.duplicateKey, "key '\(entry.key)' appears twice", at: entry.keyLocation, keyPath: "\(path).\(entry.key)"))
            return false
        }
    }

    public func sequence(_ diagnostics: inout Diagnostics, of what: String) -> [SpecNode]? {
        guard case .sequence(let items) = content else {
            diagnostics.report(.wrongType, "expected a list of \(what), found \(kindDescription)", at: self)
            return nil
        }
        return items
    }

    /// A scalar's text. Numbers and words both count; lists and mappings do not.
    public func string(_ diagnostics: inout Diagnostics, of what: String = "text") -> String? {
        guard case .scalar(let text, _) = content else {
            diagnostics.report(.wrongType, "expected \(what), found \(kindDescription)", at: self)
            return nil
        }
        return text
    }

    public func int(_ diagnostics: inout Diagnostics, in range: ClosedRange<Int>, of what: String = "an integer") -> Int? {
        guard case .scalar(let text, let quoted) = content, !quoted, let value = Int(text) else {
            diagnostics.report(.wrongType, "expected \(what) \(range.lowerBound)–\(range.upperBound), found \(kindDescription)", at: self)
            return nil
        }
        guard range.contains(value) else {
            diagnostics.report(.outOfRange, "\(value) is outside \(range.lowerBound)–\(range.upperBound) for \(what)", at: self)
            return nil
        }
        return value
    }

    public func double(_ diagnostics: inout Diagnostics, in range: ClosedRange<Double>, of what: String = "a number") -> Double? {
        guard case .scalar(let text, let quoted) = content, !quoted, let value = Double(text), value.isFinite else {
            diagnostics.report(.wrongType, "expected \(what) \(range.lowerBound.trimmed)–\(range.upperBound.trimmed), found \(kindDescription)", at: self)
            return nil
        }
        guard range.contains(value) else {
            diagnostics.report(.outOfRange, "\(value.trimmed) is outside \(range.lowerBound.trimmed)–\(range.upperBound.trimmed) for \(what)", at: self)
            return nil
        }
        return value
    }

    public func bool(_ diagnostics: inout Diagnostics) -> Bool? {
        guard case .scalar(let text, let quoted) = content, !quoted else {
            diagnostics.report(.wrongType, "expected true or false, found \(kindDescription)", at: self)
            return nil
        }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            diagnostics.report(.wrongType, "expected true or false, found \(kindDescription)", at: self)
            return nil
        }
    }

    /// One of a closed set of words.
    public func choice(_ diagnostics: inout Diagnostics, from choices: [String], of what: String) -> String? {
        guard let text = string(&diagnostics, of: what) else { return nil }
        guard choices.contains(text) else {
            var message = "unknown \(what) '\(text)'"
            message += Diagnostics.didYouMean(text, among: choices)
            diagnostics.report(.invalidValue, message + "; expected one of: \(choices.joined(separator: ", "))", at: self)
            return nil
        }
        return text
    }

    /// A list of strings, or a single string standing for a one-item list.
    public func strings(_ diagnostics: inout Diagnostics, of what: String) -> [SpecNode]? {
        switch content {
        case .scalar: return [self]
        case .sequence(let items): return items
        default:
            diagnostics.report(.wrongType, "expected \(what) or a list of them, found \(kindDescription)", at: self)
            return nil
        }
    }

    /// A `[low, high]` pair of MIDI notes.
    public func noteRange(_ diagnostics: inout Diagnostics) -> ClosedRange<Int>? {
        guard let items = sequence(&diagnostics, of: "two MIDI note numbers [low, high]") else { return nil }
        guard items.count == 2 else {
            diagnostics.report(.invalidValue, "expected exactly two MIDI note numbers [low, high], found \(items.count)", at: self)
            return nil
        }
        guard let low = items[0].int(&diagnostics, in: 0...127, of: "a MIDI note"),
            let high = items[1].int(&diagnostics, in: 0...127, of: "a MIDI note")
        else { return nil }
        guard high - low >= 12 else {
            diagnostics.report(.outOfRange, "range \(low)–\(high) is narrower than an octave", at: self)
            return nil
        }
        return low...high
    }
}

extension Double {
    var trimmed: String {
        self == rounded() ? String(Int(self)) : String(self)
    }
}

extension [String] {
    /// The entry within two edits of `word`, for "did you mean" hints.
    func closest(to word: String) -> String? {
        let scored = map { ($0, $0.editDistance(to: word)) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }
}

extension String {
    func editDistance(to other: String) -> Int {
        let a = Array(self), b = Array(other)
        if a.isEmpty || b.isEmpty { return Swift.max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
