import BacklineAgents
import BacklineEngine
import Foundation
import MIDIFile
import MusicTheory

/// Reads a genre preset (YAML) and compiles it, with the agents of a registry, into a ``GenrePreset``.
///
/// Every problem is reported with file, line and column; a file with any problem yields no preset.
public struct PresetLoader: Sendable {
    public let registry: AgentRegistry

    public init(registry: AgentRegistry) {
        self.registry = registry
    }

    static let topLevelKeys = ["id", "name", "description", "tempo", "meter", "grouping", "feel", "chords", "sections", "form", "parts", "meters"]
    /// What a preset may write for a meter of its own, under `meters: { "3/4": … }`.
    static let meterBlockKeys = ["parts", "feel"]
    /// The tracks the REST contract promises of every genre: a backing track always has drums, bass
    /// and guitar. Other parts (keys, horns, a new agent's) are each genre's own.
    public static let contractParts = ["drums", "bass", "guitar"]

    static let commonPartKeys = ["agent", "program", "channel", "humanize", "on_request"]

    /// Reads the file at `path`.
    public func load(file path: String) -> Result<GenrePreset, PresetLoadFailure> {
        if PresetFiles.isBuiltIn(path), let text = PresetFiles.text(of: path) { return load(yaml: text, source: path) }
        let text: String
        do {
            // A file far over the size bound is refused before it is read.
            if let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, size > YAMLDocument.maximumBytes {
                var error = YAMLDocument.tooLarge(bytes: size)
                error.file = path
                return .failure(PresetLoadFailure(file: path, errors: [error]))
            }
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? "\(error.localizedDescription)"
            return .failure(PresetLoadFailure(file: path, errors: [PresetError(.unreadableFile, "cannot read the file: \(reason)", at: .start, keyPath: "", file: path)]))
        }
        return load(yaml: text, source: path)
    }

    /// Reads preset text; `source` names it in errors.
    public func load(yaml text: String, source: String) -> Result<GenrePreset, PresetLoadFailure> {
        var diagnostics = Diagnostics()
        let preset: GenrePreset?
        switch YAMLDocument.parse(text) {
        case .failure(let error):
            diagnostics.report(error)
            preset = nil
        case .success(let root):
            preset = compile(root, source: source, &diagnostics).map { native in
                // Every other meter is compiled when a song first asks for it, from the same document.
                native.withMeters { meter in
                    var quiet = Diagnostics()
                    return compile(root, source: source, &quiet, playing: meter)
                }
            }
        }
        if let preset, diagnostics.isEmpty { return .success(preset) }
        let errors = diagnostics.errors.map { error in
            var located = error
            located.file = source
            return located
        }.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
        return .failure(PresetLoadFailure(file: source, errors: errors))
    }

    /// Compiles the document; with `playing`, for a song in that meter: the grids the preset writes
    /// for it under `meters:` as they are, the others derived from the genre's own meter.
    private func compile(_ root: SpecNode, source: String, _ d: inout Diagnostics, playing: Meter? = nil) -> GenrePreset? {
        guard let top = root.mapping(&d, allowed: Self.topLevelKeys) else { return nil }

        let id = top.require("id", &d, hint: "the genre's name in requests, e.g. id: blues").flatMap { readIdentifier($0, &d, of: "genre id") }
        let name = top.require("name", &d, hint: "the name people read, e.g. name: Blues").flatMap { $0.string(&d, of: "a display name") }
        let description = top["description"]?.string(&d, of: "a description") ?? ""
        let tempo = top.require("tempo", &d, hint: "e.g. tempo: { default: 120, min: 100, max: 140 }").flatMap { readTempo($0, &d) }
        var meter = top["meter"].map { readMeter($0, &d) } ?? .common
        if let node = top["grouping"], let plain = meter { meter = readGrouping(node, of: plain, &d) }
        let meterBlocks = meter.map { native in top["meters"].map { readMeterBlocks($0, native: native, &d) } ?? [] } ?? []
        let playedBlock = playing.flatMap { wanted in meterBlocks.first { $0.meter.isFelt(like: wanted) } }
        var feel = top["feel"].map { readFeel($0, defaultTempo: tempo?.default, &d) } ?? .straight
        if let node = playedBlock?.settings["feel"] { feel = readFeel(node, defaultTempo: tempo?.default, &d) }
        let defaultChords = top["chords"].flatMap { readProgression($0, &d) }

        var sectionTypes: [String: GenrePreset.SectionType] = [:]
        if let sectionsNode = top.require("sections", &d, hint: "the kinds of section with their bars and chords") {
            sectionTypes = readSections(sectionsNode, defaultChords: defaultChords, declaredDefault: top["chords"] != nil, &d)
        }
        let form = top.require("form", &d, hint: "the order sections are played, e.g. form: [intro, verse, chorus, outro]")
            .flatMap { readForm($0, sectionTypes: sectionTypes, &d) }

        var parts: [GenrePreset.Part] = []
        let sectionNames = Array(sectionTypes.keys).sorted()
        if let meter, let partsNode = top.require("parts", &d, hint: "the instruments, at least drums, bass and guitar") {
            if let playing {
                let outline = GenreOutline(meter: playing, writtenMeter: meter, ownGridsPath: playedBlock?.node.path, sectionNames: sectionNames)
                parts = readParts(merging: playedBlock, into: partsNode, &d).map { readParts($0, outline: outline, &d) } ?? []
            } else {
                parts = readParts(partsNode, outline: GenreOutline(meter: meter, sectionNames: sectionNames), &d)
                // Each meter the preset writes for is checked now, so its mistakes have their lines.
                for block in meterBlocks {
                    let outline = GenreOutline(meter: block.meter, writtenMeter: meter, ownGridsPath: block.node.path, sectionNames: sectionNames)
                    if let merged = readParts(merging: block, into: partsNode, &d) { _ = readParts(merged, outline: outline, &d) }
                    if let node = block.settings["feel"] { _ = readFeel(node, defaultTempo: tempo?.default, &d) }
                }
            }
        }

        guard d.isEmpty, let id, let name, let tempo, let meter, let feel, let form else { return nil }
        return GenrePreset(
            id: id, name: name, description: description.trimmingCharacters(in: .whitespacesAndNewlines),
            tempoRange: tempo.range, defaultTempo: tempo.default, meter: playing ?? meter, feel: feel,
            sectionTypes: sectionTypes, form: form, parts: parts, source: source,
            writtenMeters: [meter] + meterBlocks.map(\.meter))
    }

    /// A preset's grooves for a meter of its own: `meters: { "3/4": { parts: …, feel: … } }`.
    struct MeterBlock {
        let meter: Meter
        let node: SpecNode
        let settings: SpecMapping
    }

    private func readMeterBlocks(_ node: SpecNode, native: Meter, _ d: inout Diagnostics) -> [MeterBlock] {
        guard let entries = node.namedMapping(&d, of: "time signatures to the parts and feel the genre plays in them, e.g. \"3/4\": { parts: … }")
        else { return [] }
        var blocks: [MeterBlock] = []
        for entry in entries {
            guard let meter = Meter(parsing: entry.key)?.felt else {
                d.report(PresetError(
                    .invalidValue, "'\(entry.key)' is not a time signature; write it like 3/4, 6/8 or 7/8 (2+2+3)", at: entry.keyLocation,
                    keyPath: entry.value.path))
                continue
            }
            if meter.isFelt(like: native) {
                d.report(PresetError(
                    .invalidValue, "the genre's own meter is \(native.descriptionWithGrouping); write its grooves under parts, not under meters", at: entry.keyLocation,
                    keyPath: entry.value.path))
                continue
            }
            if let other = blocks.first(where: { $0.meter.isFelt(like: meter) }) {
                d.report(PresetError(
                    .duplicateKey, "\(meter.descriptionWithGrouping) is written twice (also as '\(other.node.path.split(separator: ".").last ?? "")')",
                    at: entry.keyLocation, keyPath: entry.value.path))
                continue
            }
            guard let settings = entry.value.mapping(&d, allowed: Self.meterBlockKeys) else { continue }
            blocks.append(MeterBlock(meter: meter, node: entry.value, settings: settings))
        }
        return blocks
    }

    /// The genre's parts with a meter block's settings in place of the ones it writes again: a part's
    /// key written under the block replaces the same key of the part.
    private func readParts(merging block: MeterBlock?, into partsNode: SpecNode, _ d: inout Diagnostics) -> SpecNode? {
        guard let block, let blockParts = block.settings["parts"] else { return partsNode }
        guard case .mapping(let base) = partsNode.content, let overrides = blockParts.namedMapping(&d, of: "part names to the settings they play in \(block.meter)")
        else { return nil }
        var failed = false
        for entry in overrides where !base.contains(where: { $0.key == entry.key }) {
            d.report(PresetError(
                .invalidValue, "the genre has no part '\(entry.key)'; its parts are \(base.map(\.key).joined(separator: ", "))", at: entry.keyLocation,
                keyPath: entry.value.path))
            failed = true
        }
        guard !failed else { return nil }
        let merged = base.map { part -> SpecEntry in
            guard let override = overrides.first(where: { $0.key == part.key }) else { return part }
            guard case .mapping(let own) = part.value.content, case .mapping(let replacing) = override.value.content else { return override }
            let kept = own.filter { key in !replacing.contains { $0.key == key.key } }
            return SpecEntry(key: part.key, keyLocation: part.keyLocation, value: SpecNode(.mapping(kept + replacing), at: part.value.location, path: part.value.path))
        }
        return SpecNode(.mapping(merged), at: partsNode.location, path: partsNode.path)
    }

    private func readIdentifier(_ node: SpecNode, _ d: inout Diagnostics, of what: String) -> String? {
        guard let text = node.string(&d, of: what) else { return nil }
        let valid = text.first.map { $0.isASCII && $0.isLowercase } == true
            && text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }
        guard valid else {
            d.report(.invalidValue, "\(what) '\(text)' must be lowercase letters, digits and _, starting with a letter", at: node)
            return nil
        }
        return text
    }

    private func readTempo(_ node: SpecNode, _ d: inout Diagnostics) -> (range: ClosedRange<Int>, default: Int)? {
        guard let map = node.mapping(&d, allowed: ["default", "min", "max"]) else { return nil }
        // The default is a tempo a song can have; min and max only describe the genre, so the
        // contract's bebop range (180–320) can be written as it is.
        let value = map.require("default", &d).flatMap { $0.int(&d, in: SongRequest.tempoRange, of: "a tempo in bpm") }
        let low = map.require("min", &d).flatMap { $0.int(&d, in: 20...400, of: "a tempo in bpm") }
        let high = map.require("max", &d).flatMap { $0.int(&d, in: 20...400, of: "a tempo in bpm") }
        guard let value, let low, let high else { return nil }
        guard low <= value, value <= high else {
            d.report(.outOfRange, "default tempo \(value) must lie within min \(low) and max \(high)", at: map["default"] ?? node)
            return nil
        }
        return (low...high, value)
    }

    private func readMeter(_ node: SpecNode, _ d: inout Diagnostics) -> Meter? {
        guard let text = node.string(&d, of: "a time signature such as 4/4") else { return nil }
        guard let meter = Meter(parsing: text) else {
            d.report(.invalidValue, "'\(text)' is not a time signature; write it like 4/4, 3/4, 6/8 or 12/8", at: node)
            return nil
        }
        return meter
    }

    /// `grouping: [2, 2, 3]`: how an odd meter's bar is felt, in units of its denominator.
    private func readGrouping(_ node: SpecNode, of meter: Meter, _ d: inout Diagnostics) -> Meter? {
        let unit = meter.denominator == 8 ? "eighths" : meter.denominator == 4 ? "quarters" : "units"
        guard let items = node.sequence(&d, of: "group lengths in \(unit), e.g. [2, 2, 3] for 7/8") else { return nil }
        let groups = items.compactMap { $0.int(&d, in: 1...16, of: "a group length in \(unit)") }
        guard groups.count == items.count else { return nil }
        guard let grouped = meter.grouped(groups) else {
            let sum = groups.reduce(0, +)
            let detail = groups.count < 2 ? "needs two groups or more" : "adds up to \(sum) \(unit), but a bar of \(meter) has \(meter.numerator)"
            d.report(.invalidValue, "grouping \(groups.map(String.init).joined(separator: "+")) \(detail)", at: node)
            return nil
        }
        return grouped
    }

    private func readFeel(_ node: SpecNode, defaultTempo: Int?, _ d: inout Diagnostics) -> Feel? {
        guard let map = node.mapping(&d, allowed: ["swing", "swing_unit", "humanize"]) else { return nil }
        let swingRange = 0.5...0.8, swingMeaning = "swing (0.5 straight, 0.67 triplet, 0.75 hard shuffle)"
        var points: [Feel.SwingPoint] = []
        var swing: Double? = 0.5
        if let node = map["swing"] {
            if case .mapping = node.content {
                // `swing: { 120: 0.68, 280: 0.56 }`: the ratio by tempo.
                for entry in node.namedMapping(&d, of: "tempos and their swing") ?? [] {
                    guard let tempo = Int(entry.key), (40...300).contains(tempo) else {
                        d.report(PresetError(.invalidValue, "'\(entry.key)' is not a tempo; swing by tempo is written { 120: 0.68, 280: 0.56 } with tempos 40–300", at: entry.keyLocation, keyPath: "\(node.path).\(entry.key)"))
                        continue
                    }
                    if let ratio = entry.value.double(&d, in: swingRange, of: swingMeaning) { points.append(.init(tempo: tempo, ratio: ratio)) }
                }
                if points.isEmpty { d.report(.invalidValue, "swing by tempo needs at least one tempo: { 120: 0.68, 280: 0.56 }", at: node) }
                swing = nil
            } else {
                swing = node.double(&d, in: swingRange, of: swingMeaning)
            }
        }
        let unit = map["swing_unit"].map { $0.choice(&d, from: Swing.Unit.allCases.map(\.rawValue), of: "swing unit") } ?? "8th"
        let humanize = map["humanize"].map { readHumanize($0, &d) } ?? .off
        guard let unit, let swingUnit = Swing.Unit(rawValue: unit), let humanize, swing != nil || !points.isEmpty else { return nil }
        let curve = Feel(swing: Swing(ratio: swing ?? 0.5, unit: swingUnit), humanize: humanize, swingByTempo: points)
        // The genre's own swing is the curve's at its usual tempo.
        let usual = swing.map { Swing(ratio: $0, unit: swingUnit) } ?? curve.swing(atTempo: defaultTempo ?? 120)
        return Feel(swing: usual, humanize: humanize, swingByTempo: points)
    }

    private func readHumanize(_ node: SpecNode, _ d: inout Diagnostics) -> Feel.Humanize? {
        guard let map = node.mapping(&d, allowed: ["timing_ms", "velocity"]) else { return nil }
        let timing = map["timing_ms"].map { $0.double(&d, in: 0...50, of: "timing deviation in milliseconds") } ?? 0
        let velocity = map["velocity"].map { $0.int(&d, in: 0...40, of: "velocity deviation") } ?? 0
        guard let timing, let velocity else { return nil }
        return Feel.Humanize(timingMilliseconds: timing, velocity: velocity)
    }

    /// `"I | IV | V"` for every mode, or `{ major: "…", minor: "…" }`.
    private func readProgression(_ node: SpecNode, _ d: inout Diagnostics) -> GenrePreset.Progression? {
        if case .mapping = node.content {
            guard let map = node.mapping(&d, allowed: ["major", "minor"]) else { return nil }
            let major = map.require("major", &d, hint: "chords for modes with a major third").flatMap { readChart($0, &d) }
            let minor = map.require("minor", &d, hint: "chords for modes with a minor third").flatMap { readChart($0, &d) }
            guard let major, let minor else { return nil }
            return GenrePreset.Progression(major: major, minor: minor)
        }
        guard let chart = readChart(node, &d) else { return nil }
        return GenrePreset.Progression(major: chart, minor: chart)
    }

    private func readChart(_ node: SpecNode, _ d: inout Diagnostics) -> ChordChart? {
        guard let text = node.string(&d, of: "a chord chart such as \"I | IV | V | I\"") else { return nil }
        do {
            return try ChordChart(parsing: text)
        } catch {
            d.report(PresetError(.unreadableChord, error.reason, at: node.location(ofCharacter: error.offset), keyPath: node.path))
            return nil
        }
    }

    private func readSections(_ node: SpecNode, defaultChords: GenrePreset.Progression?, declaredDefault: Bool, _ d: inout Diagnostics) -> [String: GenrePreset.SectionType] {
        guard let entries = node.namedMapping(&d, of: "section names to their settings") else { return [:] }
        var types: [String: GenrePreset.SectionType] = [:]
        for entry in entries {
            guard readIdentifier(SpecNode(.scalar(entry.key, quoted: false), at: entry.keyLocation, path: entry.value.path), &d, of: "section name") != nil,
                let map = entry.value.mapping(&d, allowed: ["bars", "energy", "chords"])
            else { continue }
            let bars = map.require("bars", &d).flatMap { $0.int(&d, in: 1...64, of: "a number of bars") }
            let energy = map["energy"].map { $0.double(&d, in: 0.1...1.0, of: "energy (velocity scale)") } ?? 1.0
            var chords = map["chords"].map { readProgression($0, &d) } ?? defaultChords
            if map["chords"] == nil && !declaredDefault {
                d.report(.missingKey, "section '\(entry.key)' has no chords and the preset has no top-level 'chords'", at: entry.value)
                chords = nil
            }
            guard let bars, let energy, let chords else { continue }
            types[entry.key] = GenrePreset.SectionType(name: entry.key, bars: bars, energy: energy, chords: chords)
        }
        if entries.isEmpty { d.report(.missingKey, "a genre needs at least one section", at: node) }
        return types
    }

    private func readForm(_ node: SpecNode, sectionTypes: [String: GenrePreset.SectionType], _ d: inout Diagnostics) -> [String]? {
        guard let items = node.sequence(&d, of: "section names") else { return nil }
        guard !items.isEmpty else {
            d.report(.missingKey, "the form needs at least one section", at: node)
            return nil
        }
        var form: [String] = []
        for item in items {
            guard let name = item.string(&d, of: "a section name") else { continue }
            guard sectionTypes[name] != nil else {
                let known = sectionTypes.keys.sorted()
                let message = "the form names section '\(name)', which 'sections' does not define"
                d.report(.unknownSection, message + Diagnostics.didYouMean(name, among: known) + "; defined: \(known.joined(separator: ", "))", at: item)
                continue
            }
            form.append(name)
        }
        return form.count == items.count ? form : nil
    }

    private func readParts(_ node: SpecNode, outline: GenreOutline, _ d: inout Diagnostics) -> [GenrePreset.Part] {
        guard let entries = node.namedMapping(&d, of: "part names to their settings") else { return [] }
        var compiled: [CompiledPart] = []
        for entry in entries {
            guard readIdentifier(SpecNode(.scalar(entry.key, quoted: false), at: entry.keyLocation, path: entry.value.path), &d, of: "part name") != nil
            else { continue }
            if let part = readPart(entry.value, name: entry.key, outline: outline, &d) { compiled.append(part) }
        }
        let missing = Self.contractParts.filter { required in !entries.contains { $0.key == required } }
        if !missing.isEmpty {
            d.report(.missingKey, "every genre plays drums, bass and guitar; missing: \(missing.joined(separator: ", "))", at: node)
        }
        guard compiled.count == entries.count else { return [] }
        if !compiled.isEmpty && compiled.allSatisfy(\.onRequest) {
            d.report(.invalidValue, "every part plays only on request; a song that names no parts would be silent", at: node)
        }
        return assignChannels(compiled, node: node, &d)
    }

    /// A part read from its preset entry, before channels are dealt out.
    private struct CompiledPart {
        let name: String
        let kind: String
        let traits: PartTraits
        /// The preset's `channel:` and where it was written.
        let channel: (value: Int, node: SpecNode)?
        /// One program per instrument (the preset's `program:` or the agent's for a one-instrument part).
        let programs: [UInt7]
        let onRequest: Bool
        let humanize: Feel.Humanize?
        let performer: any PartPerformer
    }

    private func readPart(_ node: SpecNode, name: String, outline: GenreOutline, _ d: inout Diagnostics) -> CompiledPart? {
        // Find the agent first: the keys a part may hold depend on it. Without `agent:`, the part's
        // name is the agent's kind.
        var kind = name
        var kindNode: SpecNode?
        if case .mapping(let entries) = node.content, let entry = entries.first(where: { $0.key == "agent" }) {
            kindNode = entry.value
            guard let text = entry.value.string(&d, of: "an agent kind") else { return nil }
            kind = text
        }
        guard let agent = registry.agent(kind: kind) else {
            let message = "unknown agent kind '\(kind)'" + Diagnostics.didYouMean(kind, among: registry.kinds)
                + "; the kinds that exist are \(registry.kinds.joined(separator: ", "))"
            if let kindNode { d.report(.unknownAgent, message, at: kindNode) } else { d.report(.unknownAgent, message, at: node) }
            return nil
        }
        // Every reader reports its own problems; any new one means this part does not compile.
        let problemsBefore = d.errors.count
        guard let map = node.mapping(&d, allowed: Self.commonPartKeys + agent.settingKeys) else { return nil }
        let traits = agent.traits
        let program = map["program"].flatMap { $0.int(&d, in: 0...127, of: "a General MIDI program (0-based)") }
        let channel = map["channel"].flatMap { node in node.int(&d, in: 0...15, of: "a MIDI channel (0-based)").map { (value: $0, node: node) } }
        let onRequest = map["on_request"].flatMap { $0.bool(&d) } ?? traits.playsOnRequest
        let humanize = map["humanize"].flatMap { readHumanize($0, &d) }
        if case .fixed(let fixed) = traits.channel, let channel, channel.value != fixed.intValue {
            let what = traits.isPitched ? "the \(kind) agent" : "General MIDI"
            d.report(.outOfRange, "\(what) plays \(kind) only on channel \(fixed.intValue) (0-based); found \(channel.value)", at: channel.node)
        }
        let performer = agent.compile(map, outline: outline, diagnostics: &d)
        guard let performer, d.errors.count == problemsBefore else { return nil }
        if !performer.instruments.isEmpty, let programNode = map["program"] {
            d.report(.invalidValue, "\(name) plays several instruments, each with its own program; set them with the agent's instruments, not program", at: programNode)
            return nil
        }
        let programs = performer.instruments.isEmpty ? [program.map(UInt7.init(checked:)) ?? traits.program] : performer.instruments.map(\.program)
        return CompiledPart(
            name: name, kind: kind, traits: traits, channel: channel, programs: programs, onRequest: onRequest, humanize: humanize,
            performer: performer)
    }

    /// Deals out MIDI channels: first the ones presets and agents fix, then each part's preferred
    /// channel when it is free, then the lowest free ones (never 9, the drums'), one per instrument.
    private func assignChannels(_ parts: [CompiledPart], node: SpecNode, _ d: inout Diagnostics) -> [GenrePreset.Part] {
        var taken: [Int: String] = [:]
        var chosen: [[Int]] = Array(repeating: [], count: parts.count)
        func take(_ channel: Int, for index: Int, at place: SpecNode) {
            if let owner = taken[channel] {
                d.report(.invalidValue, "\(parts[index].name) and \(owner) would both play on channel \(channel); give one another channel", at: place)
                return
            }
            taken[channel] = parts[index].name
            chosen[index].append(channel)
        }
        for (index, part) in parts.enumerated() {
            if let channel = part.channel {
                take(channel.value, for: index, at: channel.node)
            } else if case .fixed(let fixed) = part.traits.channel {
                take(fixed.intValue, for: index, at: node)
            }
        }
        for (index, part) in parts.enumerated() where chosen[index].isEmpty {
            if case .preferred(let preferred) = part.traits.channel, taken[preferred.intValue] == nil {
                take(preferred.intValue, for: index, at: node)
            }
        }
        for (index, part) in parts.enumerated() {
            while chosen[index].count < part.programs.count {
                guard let free = (0...15).first(where: { $0 != MIDIChannel.percussion.intValue && taken[$0] == nil }) else {
                    d.report(.outOfRange, "the genre's parts need more than the 15 MIDI channels there are for instruments", at: node)
                    return []
                }
                take(free, for: index, at: node)
            }
        }
        guard d.errors.isEmpty else { return [] }
        return parts.enumerated().map { index, part in
            let voices = zip(chosen[index], part.programs).map { GenrePreset.Part.Voice(channel: MIDIChannel(checked: $0), program: $1) }
            return GenrePreset.Part(
                name: part.name, agentKind: part.kind, voices: voices, onRequest: part.onRequest, traits: part.traits,
                humanize: part.humanize, performer: part.performer)
        }
    }
}

/// Why a preset file could not be loaded: every problem found in it.
public struct PresetLoadFailure: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let errors: [PresetError]

    /// One `file:line:column: message` line per problem.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

