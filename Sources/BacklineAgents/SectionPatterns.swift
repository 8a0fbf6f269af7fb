/// Patterns chosen by section: each section name (or `default`) holds a cycle of one-bar patterns.
///
/// In YAML either a single list (every section plays it) or a mapping from section names, and
/// `default`, to lists: `{ default: [bar, bar], chorus: [bar] }`. Bars cycle through the list, so two
/// bars give an A/B variation across the section.
public struct SectionPatterns<Pattern: Sendable & Hashable>: Sendable, Hashable {
    /// A genre has a handful of sections: a list compared by name is cheaper to search, bar after
    /// bar, than a dictionary that hashes the name each time.
    @usableFromInline let bySection: [(name: String, cycle: [Pattern])]
    @usableFromInline let fallback: [Pattern]?

    private init(bySection: [String: [Pattern]], fallback: [Pattern]?) {
        self.bySection = bySection.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        self.fallback = fallback
    }

    public static func == (lhs: SectionPatterns, rhs: SectionPatterns) -> Bool {
        lhs.fallback == rhs.fallback && lhs.bySection.elementsEqual(rhs.bySection) { $0.name == $1.name && $0.cycle == $1.cycle }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(fallback)
        for entry in bySection {
            hasher.combine(entry.name)
            hasher.combine(entry.cycle)
        }
    }

    /// The pattern for bar `barInSection` of section `name`. Asked for every bar of every part:
    /// inlinable, so that it is specialized for each agent's pattern type.
    @inlinable
    public func pattern(section name: String, bar barInSection: Int) -> Pattern? {
        var found = fallback
        for entry in bySection where entry.name == name {
            found = entry.cycle
            break
        }
        guard let cycle = found, !cycle.isEmpty else { return nil }
        return cycle[barInSection % cycle.count]
    }

    /// The same table with every cycle transformed: for patterns derived once, when a genre loads.
    public func mappingCycles<Other>(_ transform: ([Pattern]) -> [Other]) -> SectionPatterns<Other> {
        SectionPatterns<Other>(
            bySection: Dictionary(uniqueKeysWithValues: bySection.map { ($0.name, transform($0.cycle)) }), fallback: fallback.map(transform))
    }

    /// Every pattern of the table, each section's and the default's.
    public var allPatterns: [Pattern] { (fallback ?? []) + bySection.flatMap(\.cycle) }

    /// What a comping part (guitar, keys) plays at the end of each four-bar phrase, made once when
    /// the genre loads: where every bar of a section's cycle has the same rhythm, its bars vary
    /// (``StepPattern/phraseEnd(beatsPerBar:)``), so a section never loops one bar; elsewhere the
    /// bars as written.
    public func phraseEnds<Token>(beatsPerBar: Int) -> SectionPatterns where Pattern == StepPattern<Token> {
        mappingCycles { cycle in
            guard let first = cycle.first else { return cycle }
            let rhythm = first.hits.map(\.step)
            guard cycle.allSatisfy({ $0.steps.count == first.steps.count && $0.hits.map(\.step) == rhythm }) else { return cycle }
            return cycle.map { $0.phraseEnd(beatsPerBar: beatsPerBar) }
        }
    }

    /// The bars section `name` cycles through (none when it has none).
    public func cycle(section name: String) -> [Pattern] {
        bySection.first { $0.name == name }?.cycle ?? fallback ?? []
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
