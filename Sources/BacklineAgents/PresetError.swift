/// A line and column in a preset file, both counted from 1.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static let start = SourceLocation(line: 1, column: 1)

    public var description: String { "\(line):\(column)" }
}

/// One problem found in a genre preset: what, where, and a stable code for tools.
///
/// Printed as `file:line:column: message`, the format editors and CI annotate.
public struct PresetError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, Codable {
        case unreadableFile = "unreadable_file"
        case yamlSyntax = "yaml_syntax"
        case unknownKey = "unknown_key"
        case duplicateKey = "duplicate_key"
        case missingKey = "missing_key"
        case wrongType = "wrong_type"
        case outOfRange = "out_of_range"
        case invalidValue = "invalid_value"
        case unreadableChord = "unreadable_chord"
        case unknownAgent = "unknown_agent"
        case patternLength = "pattern_length"
        case unknownSection = "unknown_section"
        /// Over a bound on size: bytes, nodes once aliases are expanded, or nesting depth.
        case tooLarge = "too_large"
    }

    public let code: Code
    public let message: String
    /// The file the preset came from; nil until the loader knows it.
    public var file: String?
    public let location: SourceLocation
    /// Where in the document, as a dotted key path: `parts.drums.grooves.verse[1].kick`.
    public let keyPath: String

    public init(_ code: Code, _ message: String, at location: SourceLocation, keyPath: String, file: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.keyPath = keyPath
        self.file = file
    }

    /// `file:line:column: message (at key.path)`.
    public var description: String {
        let place = keyPath.isEmpty ? "" : " (at \(keyPath))"
        return "\(file ?? "<preset>"):\(location.line):\(location.column): \(message)\(place)"
    }
}

/// The problems found so far while reading one preset; readers keep going after a problem so that
/// an author sees every mistake in one run.
public struct Diagnostics: Sendable {
    public private(set) var errors: [PresetError] = []

    public init() {}

    public var isEmpty: Bool { errors.isEmpty }

    public mutating func report(_ error: PresetError) {
        errors.append(error)
    }

    /// ` (did you mean 'verse'?)` when `word` is a near miss of one of `choices`, else "".
    public static func didYouMean(_ word: String, among choices: [String]) -> String {
        choices.closest(to: word).map { " (did you mean '\($0)'?)" } ?? ""
    }

    public mutating func report(_ code: PresetError.Code, _ message: String, at node: SpecNode) {
        errors.append(PresetError(code, message, at: node.location, keyPath: node.path))
    }
}
