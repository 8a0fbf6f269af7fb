/// Chooses a part's voicing chord by chord, remembering what it worked out: a voicing depends on
/// the chord and, when the part voice-leads, on the voicing before it, and a song has few such
/// pairs.
public struct VoiceLeader {
    private struct Step: Hashable {
        let chord: Chord
        let previous: Voicing?
    }

    /// Whether each voicing depends on the one before it.
    public let voiceLeads: Bool
    private var memo: [Step: Voicing] = [:]
    private var lastChord: Chord?
    /// The voicing of the last chord asked for.
    public private(set) var current: Voicing?

    public init(voiceLeads: Bool) {
        self.voiceLeads = voiceLeads
    }

    /// The voicing for `chord`; `voice` makes it from the chord and the previous voicing (nil when
    /// the part does not voice-lead, or for the first chord). Asking again for the same chord keeps
    /// the current voicing.
    public mutating func voicing(for chord: Chord, _ voice: (Chord, Voicing?) -> Voicing) -> Voicing {
        if chord == lastChord, let current { return current }
        let step = Step(chord: chord, previous: voiceLeads ? current : nil)
        let voicing: Voicing
        if let known = memo[step] {
            voicing = known
        } else {
            voicing = voice(chord, step.previous)
            memo[step] = voicing
        }
        lastChord = chord
        current = voicing
        return voicing
    }
}
