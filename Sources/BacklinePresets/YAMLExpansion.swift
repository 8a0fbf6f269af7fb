import BacklineAgents
// libyaml, as Yams bundles it: its event parser sees aliases before anything expands them.
import CYaml

/// Measures what a YAML document expands to before Yams composes it.
///
/// Composing is not safe from an alias bomb by itself: aliases are shared, not copied, but a
/// mapping whose keys are aliases is checked for duplicate keys by hashing them, and hashing walks
/// every expanded node. This pass reads libyaml's events once, keeps the expanded size of every
/// anchored node, and stops at the first node that takes the document past the bound, or at the
/// first nesting past the depth bound. A syntax error is left for Yams to report.
enum YAMLExpansion {
    static func check(_ text: String, maximumNodes: Int, maximumDepth: Int) throws(PresetError) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        var failure: PresetError?
        bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            failure = walk(&parser, maximumNodes: maximumNodes, maximumDepth: maximumDepth)
        }
        if let failure { throw failure }
    }

    /// A mapping or list being read: its anchor, and the nodes it holds so far (itself included).
    private struct Open {
        let anchor: String?
        var nodes = 1
    }

    private static func walk(_ parser: inout yaml_parser_t, maximumNodes: Int, maximumDepth: Int) -> PresetError? {
        var sizes: [String: Int] = [:]
        var open: [Open] = []
        var expanded = 0
        var event = yaml_event_t()
        while yaml_parser_parse(&parser, &event) == 1 {
            defer { yaml_event_delete(&event) }
            let location = SourceLocation(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
            var finished: (anchor: String?, nodes: Int)?
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return nil
            case YAML_SCALAR_EVENT:
                finished = (name(event.data.scalar.anchor), 1)
            case YAML_ALIAS_EVENT:
                finished = (nil, name(event.data.alias.anchor).flatMap { sizes[$0] } ?? 1)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let anchor = event.type == YAML_SEQUENCE_START_EVENT ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
                open.append(Open(anchor: name(anchor)))
                guard open.count <= maximumDepth + 1 else {
                    return PresetError(.tooLarge, "mappings and lists nest more than \(maximumDepth) deep here", at: location, keyPath: "")
                }
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                if let closed = open.popLast() { finished = (closed.anchor, closed.nodes) }
            default:
                break
            }
            guard let (anchor, nodes) = finished else { continue }
            if let anchor { sizes[anchor] = nodes }
            if !open.isEmpty { open[open.count - 1].nodes += nodes }
            // Scalars and aliases add what they stand for; a closing container adds only itself.
            expanded += event.type == YAML_SEQUENCE_END_EVENT || event.type == YAML_MAPPING_END_EVENT ? 1 : nodes
            if expanded > maximumNodes {
                return PresetError(
                    .tooLarge,
                    "the document expands to more than \(maximumNodes) nodes (aliases repeat what their anchor holds); a preset needs far fewer",
                    at: location, keyPath: "")
            }
        }
        return nil
    }

    private static func name(_ anchor: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        anchor.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }
}
