/// A chord as it sounds: a root pitch class, a quality, and an optional different bass note.
public struct Chord: Sendable, Hashable, Codable {
    public let root: PitchClass
    public let quality: ChordQuality
    /// The bass of a slash chord (`D7/F#`); nil when the root is in the bass.
    public let bass: PitchClass?

    public init(root: PitchClass, quality: ChordQuality, bass: PitchClass? = nil) {
        self.root = root
        self.quality = quality
        self.bass = (bass == root) ? nil : bass
    }

    /// The note a bass player lands on: the slash bass, or the root.
    public var bassNote: PitchClass { bass ?? root }

    /// Every pitch class the chord holds, root first (plus the slash bass, if any, last).
    public var pitchClasses: [PitchClass] {
        var classes = quality.intervals.map { root + $0 }
        if let bass, !classes.contains(bass) { classes.append(bass) }
        return classes
    }

    /// The lead-sheet name, spelled for a key: "Em", "Bbmaj7", "D7/F#".
    public func name(in key: Key) -> String {
        var text = key.name(of: root) + quality.suffix
        if let bass { text += "/" + key.name(of: bass) }
        return text
    }
}
