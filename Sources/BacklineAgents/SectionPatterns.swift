/// Patterns chosen by section: each section name (or `default`) holds a cycle of one-bar patterns.
///
/// In YAML either a single list (every section plays it) or a mapping from section names, and
/// `default`, to lists: `{ default: [bar, bar], chorus: [bar] }`. Bars cycle through the list, so two
/// bars give an A/B variation across the section.
public struct SectionPatterns<Pattern: Sendable & Hashable>: Sendable, Hashable {
    private let bySection: [String: [Pattern]]
    private let fallback: [Pattern]?

    /// The pattern for bar `barInSection` of section `name`.
    public func pattern(section name: String, bar barInSection: Int) -> Pattern? {
        guard let cycle = bySection[name] ?? fallback, !cycle.isEmpty else { return nil }
        return cycle[barInSection % cycle.count]
    }

    /// Reads the table. With `everySection` (the default), every section of the genre must end up
    /// with a pattern; otherwise sections without one simply have none (a fill, say).
    public static func read(
        _ node: SpecNode, outline: GenreOutline, _ diagnostics: inout Diagnostics, everySection: Bool = true,
        pattern: (SpecNode, inout Diagnostics) -> Pattern?
    ) -> SectionPatterns? {
        func readCycle(_ node: SpecNode, _ diagnostics: inout Diagnostics) -> [Pattern]? {
            let items: [SpecNode]
            if case .sequence(let list) = node.content { items = list } else { items = [node] }
            guard !items.isEmpty else {
                diagnostics.report(.invalidValue, "expected at least one bar", at: node)
                return nil
            }
            let patterns = items.compactMap { pattern($0, &diagnostics) }
            return patterns.count == items.count ? patterns : nil
        }

        if case .mapping = node.content {
            guard let entries = node.namedMapping(&diagnostics, of: "section names to bars") else { return nil }
            var bySection: [String: [Pattern]] = [:]
            var failed = false
            for entry in entries {
                let valid = ["default"] + outline.sectionNames
                if !valid.contains(entry.key) {
                    var message = "'\(entry.key)' is not a section of this genre"
                    message += Diagnostics.didYouMean(entry.key, among: valid)
                    diagnostics.report(PresetError(.unknownSection, message + "; expected one of: \(valid.joined(separator: ", "))", at: entry.keyLocation, keyPath: entry.value.path))
                    failed = true
                    continue
                }
                if let cycle = readCycle(entry.value, &diagnostics) { bySection[entry.key] = cycle } else { failed = true }
            }
            if failed { return nil }
            let fallback = bySection.removeValue(forKey: "default")
            if fallback == nil && everySection {
                let missing = outline.sectionNames.filter { bySection[$0] == nil }
                if !missing.isEmpty {
                    diagnostics.report(.missingKey, "no pattern for section \(missing.joined(separator: ", ")); add them or a 'default'", at: node)
                    return nil
                }
            }
            return SectionPatterns(bySection: bySection, fallback: fallback)
        }
        guard let cycle = readCycle(node, &diagnostics) else { return nil }
        return SectionPatterns(bySection: [:], fallback: cycle)
    }
}
