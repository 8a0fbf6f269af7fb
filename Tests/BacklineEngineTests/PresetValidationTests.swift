import BacklineAgents
import BacklinePresets
import Foundation
import Testing

/// A preset author's mistakes, reported at the line and column where they were made.
@Suite("Preset validation")
struct PresetValidationTests {
    /// A small valid preset; tests break one line of it.
    static let valid = """
        id: test_genre
        name: Test Genre
        tempo: { default: 100, min: 90, max: 110 }
        meter: 4/4
        sections:
          verse: { bars: 4, chords: "I | IV | V | I" }
        form: [verse]
        parts:
          drums:
            grooves: [{ kick: "x...x...", snare: "..x...x.", hat: "xxxxxxxx" }]
          bass:
            patterns: ["R . R . 5 . R ."]
          guitar:
            voicing: open
            rhythm: ["D - D U - U D U"]
        """

    func breaking(_ line: String, with replacement: String) -> [PresetError] {
        precondition(Self.valid.contains(line), "fixture has no line \(line)")
        return Fixtures.presetErrors(Self.valid.replacingOccurrences(of: line, with: replacement))
    }

    @Test("The fixture itself is valid")
    func fixtureIsValid() {
        #expect(Fixtures.presetErrors(Self.valid).map(\.description) == [])
    }

    @Test("YAML syntax errors give the line")
    func syntax() throws {
        let found = breaking("form: [verse]", with: "form: [verse")
        let error = try #require(found.first)
        #expect(error.code == .yamlSyntax)
        #expect(error.location.line >= 7)
        #expect(error.description.hasPrefix("test.yaml:"))
    }

    /// Nine anchors, each a list of ten aliases of the one before: a billion nodes from 500 bytes.
    static func laughs(keyed: Bool = false) -> String {
        var lines = [#"a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#]
        for level in 1...9 { lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ",") + "]") }
        if keyed { lines.append("m: {? *a9 : 1, ? *a8 : 2}") }
        return "id: bomb\n" + lines.joined(separator: "\n") + "\n"
    }

    @Test("A billion laughs is refused where it passes the bound, in a moment, keys as aliases too", arguments: [false, true])
    func aliasBomb(keyed: Bool) throws {
        let clock = ContinuousClock()
        var found: [PresetError] = []
        let elapsed = clock.measure { found = Fixtures.presetErrors(Self.laughs(keyed: keyed)) }
        let error = try #require(found.first)
        #expect(found.count == 1 && error.code == .tooLarge)
        #expect(error.location.line == 7, "a5 holds 1,111,111 nodes: the 200,000th is in its list, before any key is hashed")
        #expect(error.description.contains("expands to more than 200000 nodes"))
        #expect(elapsed < .seconds(30), "bounded work, not a billion nodes (a generous cap, not a timing test)")
    }

    @Test("Anchors and aliases a preset may really use still load; nesting and size are bounded")
    func boundedShapes() throws {
        let reused = Self.valid.replacingOccurrences(
            of: #"grooves: [{ kick: "x...x...", snare: "..x...x.", hat: "xxxxxxxx" }]"#,
            with: #"grooves: [&beat { kick: "x...x...", snare: "..x...x.", hat: "xxxxxxxx" }, *beat]"#)
        #expect(reused != Self.valid)
        #expect(Fixtures.presetErrors(reused).isEmpty)
        let deep = try #require(Fixtures.presetErrors("id: deep\nx: " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100)).first)
        #expect(deep.code == .tooLarge && deep.location.line == 2 && deep.message == "mappings and lists nest more than 64 deep here")
        let big = try #require(Fixtures.presetErrors("id: big\ndescription: \"" + String(repeating: "x", count: 1 << 20) + "\"\n").first)
        #expect(big.code == .tooLarge && big.message.hasPrefix("the file is 1048600 bytes; a preset is at most 1048576 bytes"))
    }

    @Test("Unknown keys name the key, its place and a suggestion")
    func unknownKey() throws {
        let error = try #require(breaking("meter: 4/4", with: "metre: 4/4").first)
        #expect(error.code == .unknownKey)
        #expect(error.location == SourceLocation(line: 4, column: 1))
        #expect(error.message.contains("did you mean 'meter'"))
        #expect(error.description.hasPrefix("test.yaml:4:1: unknown key 'metre'"))
    }

    @Test("Wrong types say what was expected")
    func wrongType() throws {
        let error = try #require(breaking("verse: { bars: 4,", with: "verse: { bars: four,").first)
        #expect(error.code == .wrongType)
        #expect(error.location.line == 6)
        #expect(error.keyPath == "sections.verse.bars")
        #expect(error.message.contains("expected a number of bars"))
    }

    @Test("An unreadable chord numeral points at its column")
    func badNumeral() throws {
        let error = try #require(breaking(#"chords: "I | IV | V | I""#, with: #"chords: "I | IV | VIII | I""#).first)
        #expect(error.code == .unreadableChord)
        // Line 6 is `  verse: { bars: 4, chords: "I | IV | VIII | I" }`; VIII is the 3rd symbol.
        let line = #"  verse: { bars: 4, chords: "I | IV | VIII | I" }"#
        let column = line.distance(from: line.startIndex, to: line.range(of: "VIII")!.lowerBound) + 1
        #expect(error.location == SourceLocation(line: 6, column: column))
        #expect(error.message.contains("'VIII'"))
    }

    @Test("An unknown agent kind lists the kinds that exist")
    func unknownAgent() throws {
        let error = try #require(breaking("    voicing: open", with: "    agent: banjo\n    voicing: open").first)
        #expect(error.code == .unknownAgent)
        #expect(error.keyPath == "parts.guitar.agent")
        #expect(error.message.contains("bass, drums, guitar, horns, keys"))
    }

    @Test("A grid that does not fit the meter is refused, with the counts that fit")
    func patternLength() throws {
        let error = try #require(breaking(#"hat: "xxxxxxxx""#, with: #"hat: "xxxxxxx""#).first)
        #expect(error.code == .patternLength)
        #expect(error.keyPath == "parts.drums.grooves[0].hat")
        #expect(error.message.contains("7 steps") && error.message.contains("16"))
        #expect(error.location.line == 10)
    }

    @Test("Out-of-range velocities, notes and programs are refused", arguments: [
        ("    voicing: open", "    voicing: open\n    velocity: 140", "parts.guitar.velocity"),
        ("    voicing: open", "    voicing: open\n    register: [40, 130]", "parts.guitar.register[1]"),
        ("    voicing: open", "    voicing: open\n    program: 128", "parts.guitar.program"),
        ("tempo: { default: 100, min: 90, max: 110 }", "tempo: { default: 100, min: 90, max: 401 }", "tempo.max"),
    ])
    func outOfRange(line: String, replacement: String, keyPath: String) throws {
        let error = try #require(breaking(line, with: replacement).first)
        #expect(error.code == .outOfRange)
        #expect(error.keyPath == keyPath)
    }

    @Test("Every problem in a file is reported, in file order")
    func manyProblems() {
        let found = Fixtures.presetErrors(Self.valid.replacingOccurrences(of: "meter: 4/4", with: "metre: 4/4")
            .replacingOccurrences(of: "voicing: open", with: "voicing: banjo"))
        #expect(found.map(\.code) == [.unknownKey, .invalidValue])
        #expect(found.map(\.location.line) == found.map(\.location.line).sorted())
    }

    @Test("Drums off channel 9 and a form naming an undefined section are refused")
    func structuralMistakes() {
        #expect(breaking("form: [verse]", with: "form: [verse, chorus]").map(\.code) == [.unknownSection])
        #expect(breaking("  drums:\n", with: "  drums:\n    channel: 3\n").map(\.code) == [.outOfRange])
        #expect(breaking("  bass:\n    patterns: [\"R . R . 5 . R .\"]\n", with: "").map(\.code) == [.missingKey])
    }

    @Test("Validator: two files with one id are a problem; a missing file is reported")
    func validator() throws {
        let a = try Fixtures.temporaryPreset(Self.valid, name: "a.yaml")
        let b = try Fixtures.temporaryPreset(Self.valid, name: "b.yaml")
        let validator = PresetValidator(loader: Fixtures.loader)
        #expect(validator.validate(files: [a]).isEmpty)
        #expect(validator.validate(files: [a, b]).map(\.code) == [.invalidValue])
        #expect(validator.validate(files: ["/nonexistent/x.yaml"]).map(\.code) == [.unreadableFile])
    }

    @Test("The bundled presets and the guide's example validate")
    func bundledPresetsValidate() throws {
        let example = (Fixtures.presetsDirectory as NSString).deletingLastPathComponent + "/Docs/examples/country_waltz.yaml"
        let files = try PresetCatalog.presetFiles(in: Fixtures.presetsDirectory) + [example]
        #expect(files.count >= 23)
        #expect(PresetValidator(loader: Fixtures.loader).validate(files: files).map(\.description) == [])
    }
}
