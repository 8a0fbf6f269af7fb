import BacklineAgents
import MIDIFile
import MusicTheory

/// A throwaway instrument for the tests: one bell note on the chord's root on every downbeat.
/// It exists to show that a new agent needs its own module and one `register(into:)` call, and
/// nothing else in Swift.
struct TestBell: Agent {
    let kind = "test_bell"
    let settingKeys = ["octave"]
    /// Tubular bells, on any free channel.
    let traits = PartTraits(program: UInt7(checked: 14), channel: .anyFree)

    func compile(_ settings: SpecMapping, outline: GenreOutline, diagnostics d: inout Diagnostics) -> (any PartPerformer)? {
        let octave = settings["octave"].map { $0.int(&d, in: 2...7, of: "an octave") } ?? 5
        guard let octave else { return nil }
        return Performer(octave: octave)
    }

    struct Performer: PartPerformer {
        let octave: Int

        func perform(_ context: RenderContext, random: inout some RandomNumberGenerator) -> [PartNote] {
            context.arrangement.bars.map { bar in
                let root = bar.chords[0].chord.root.value
                return PartNote(start: bar.start, duration: context.meter.ticksPerBeat, pitch: UInt7(checked: 12 * (octave + 1) + root), velocity: UInt7(checked: 90))
            }
        }
    }
}

public func register(into registry: inout AgentRegistry) {
    registry.register(TestBell())
}
