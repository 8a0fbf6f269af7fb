import BacklineAgents
import Yams

/// Turns YAML text into a ``SpecNode`` tree with lines and columns, through Yams (libyaml).
///
/// A preset may come from anyone (a folder a server watches, an MCP client's `validate_preset`),
/// so what it may cost is bounded: its size in bytes, and the nodes and nesting depth of its tree
/// once aliases are expanded. Nine nested anchors of ten aliases each ("billion laughs") fit in a
/// kilobyte and expand to a billion nodes; such a file is refused where its expansion passes the
/// bound, instead of taking the process's memory.
enum YAMLDocument {
    /// The most bytes a preset file may hold; the bundled presets are under 20 KB.
    static let maximumBytes = 1 << 20
    /// The most nodes a preset's tree may have once its aliases are expanded.
    static let maximumNodes = 200_000
    /// The deepest a preset's mappings and lists may nest.
    static let maximumDepth = 64

    /// Why a file of `bytes` bytes is refused.
    static func tooLarge(bytes: Int) -> PresetError {
        PresetError(.tooLarge, "the file is \(bytes) bytes; a preset is at most \(maximumBytes) bytes (1 MiB)", at: .start, keyPath: "")
    }

    /// The document's root, or the syntax error as a ``PresetError``.
    static func parse(_ text: String) -> Result<SpecNode, PresetError> {
        let bytes = text.utf8.count
        guard bytes <= maximumBytes else {
            return .failure(tooLarge(bytes: bytes))
        }
        do {
            try YAMLExpansion.check(text, maximumNodes: maximumNodes, maximumDepth: maximumDepth)
            guard let root = try Yams.compose(yaml: text) else {
                return .failure(PresetError(.yamlSyntax, "the file is empty; a preset is a YAML mapping starting with 'id:'", at: .start, keyPath: ""))
            }
            return .success(convert(root, path: ""))
        } catch let error as PresetError {
            return .failure(error)
        } catch let error as YamlError {
            return .failure(presetError(from: error))
        } catch {
            return .failure(PresetError(.yamlSyntax, "YAML could not be read: \(error)", at: .start, keyPath: ""))
        }
    }

    private static func convert(_ node: Node, path: String) -> SpecNode {
        let location = node.mark.map { SourceLocation(line: $0.line, column: $0.column) } ?? .start
        switch node {
        case .scalar(let scalar):
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
            if !quoted && scalar.style != .literal && scalar.style != .folded && ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                return SpecNode(.null, at: location, path: path)
            }
            return SpecNode(.scalar(scalar.string, quoted: quoted), at: location, path: path)
        case .sequence(let sequence):
            let items = sequence.enumerated().map { index, item in convert(item, path: "\(path)[\(index)]") }
            return SpecNode(.sequence(items), at: location, path: path)
        case .mapping(let mapping):
            let entries = mapping.map { key, value in
                // A key that is not a scalar is no name a preset uses; describing it would expand it.
                let name = key.scalar?.string ?? (key.sequence != nil ? "[…]" : "{…}")
                let keyLocation = key.mark.map { SourceLocation(line: $0.line, column: $0.column) } ?? location
                return SpecEntry(key: name, keyLocation: keyLocation, value: convert(value, path: path.isEmpty ? name : "\(path).\(name)"))
            }
            return SpecNode(.mapping(entries), at: location, path: path)
        case .alias(let alias):
            return SpecNode(.scalar("*\(alias)", quoted: false), at: location, path: path)
        }
    }

    private static func presetError(from error: YamlError) -> PresetError {
        func at(_ mark: Mark, _ message: String) -> PresetError {
            PresetError(.yamlSyntax, "YAML syntax: \(message)", at: SourceLocation(line: mark.line, column: mark.column), keyPath: "")
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let while_ = context.map { " \($0.text)" } ?? ""
            return at(mark, "\(problem)\(while_)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return PresetError(.duplicateKey, "key '\(duplicates.joined(separator: "', '"))' appears twice in one mapping",
                at: SourceLocation(line: context.mark.line, column: context.mark.column), keyPath: "")
        case .reader(let problem, _, _, _):
            return PresetError(.yamlSyntax, "YAML syntax: \(problem)", at: .start, keyPath: "")
        default:
            return PresetError(.yamlSyntax, "YAML syntax: \(error)", at: .start, keyPath: "")
        }
    }
}
