/// Names from the General MIDI Level 1 standard.
public enum GeneralMIDI {
    /// The percussion key map (channel 10, 0-based 9), notes 35–81.
    static let percussion: [String] = [
        "acoustic bass drum", "bass drum", "side stick", "acoustic snare", "hand clap", "electric snare", "low floor tom",
        "closed hi-hat", "high floor tom", "pedal hi-hat", "low tom", "open hi-hat", "low-mid tom", "hi-mid tom", "crash cymbal 1",
        "high tom", "ride cymbal 1", "chinese cymbal", "ride bell", "tambourine", "splash cymbal", "cowbell", "crash cymbal 2",
        "vibraslap", "ride cymbal 2", "hi bongo", "low bongo", "mute hi conga", "open hi conga", "low conga", "high timbale",
        "low timbale", "high agogo", "low agogo", "cabasa", "maracas", "short whistle", "long whistle", "short guiro", "long guiro",
        "claves", "hi wood block", "low wood block", "mute cuica", "open cuica", "mute triangle", "open triangle",
    ]

    /// The standard's name for percussion note `note`, or `note N` outside the map.
    public static func percussionName(of note: Int) -> String {
        (35...81).contains(note) ? percussion[note - 35] : "note \(note)"
    }
}
