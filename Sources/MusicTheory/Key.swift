/// A tonic, spelled as the user wrote it, and a mode: "E minor", "Bb dorian".
public struct Key: Sendable, Hashable, Codable, CustomStringConvertible {
    public let tonic: NoteName
    public let mode: Mode

    public init(tonic: NoteName, mode: Mode) {
        self.tonic = tonic
        self.mode = mode
    }

    public var tonicPitchClass: PitchClass { tonic.pitchClass }

    /// The chord on the tonic, its triad taken from the mode (C major's is C, A minor's is Am).
    public var tonicChord: Chord { Chord(root: tonicPitchClass, quality: ChordQuality.named(intervals: mode.triadIntervals(onDegree: 1))) }

    /// Pitch classes of the mode's scale on this tonic.
    public var scalePitchClasses: [PitchClass] { mode.scale.map { tonicPitchClass + $0 } }

    /// Semitones from `root` up to the mode's note `number - 1` steps above it, reduced to an
    /// octave: the third is `scaleStep(3, above:)`, the ninth `scaleStep(9, above:)` (as a second).
    /// A root outside the mode's chord scale uses the major scale's step.
    public func scaleStep(_ number: Int, above root: PitchClass) -> Int {
        precondition(number >= 1, "scale steps count from 1")
        let harmony = mode.harmony
        let offset = root.semitones(above: tonicPitchClass)
        guard let index = harmony.firstIndex(of: offset) else { return Key.majorSteps[(number - 1) % 7] }
        return PitchClass(harmony[(index + number - 1) % harmony.count] - offset).value
    }

    private static let majorSteps = [0, 2, 4, 5, 7, 9, 11]

    /// The key signature as the MIDI key-signature meta event wants it: sharps (positive) or flats
    /// (negative) of the tonic's major or natural-minor key, and whether that key is minor.
    ///
    /// Modes other than major and minor are written with the signature of the major or minor key
    /// on the same tonic, whichever shares their third, as lead sheets usually do.
    public var signature: (sharps: Int, isMinor: Bool) {
        var fifths = tonic.fifths - (mode.hasMinorThird ? 3 : 0)
        if fifths > 7 { fifths -= 12 }
        if fifths < -7 { fifths += 12 }
        return (fifths, mode.hasMinorThird)
    }

    /// The name of `pitchClass` in this key: the tonic as the user spelled it; scale notes with the
    /// key's sharps or flats; chromatic notes by their role: the raised degrees of a minor key
    /// (G# in A minor) and the sharp fourth of a major key (F# in C) with sharps, borrowed flat degrees
    /// (Bb in C, Bb in A minor) with flats.
    public func name(of pitchClass: PitchClass) -> String {
        if pitchClass == tonicPitchClass { return tonic.description }
        let diatonic = mode.scale.contains(pitchClass.semitones(above: tonicPitchClass))
        if diatonic { return keySpelling.name(of: pitchClass) }
        let interval = pitchClass.semitones(above: tonicPitchClass)
        let raised = mode.hasMinorThird ? interval != 1 : interval == 6
        return (raised ? Spelling.sharps : .flats).name(of: pitchClass)
    }

    /// Sharps or flats for the notes of the scale.
    public var keySpelling: Spelling {
        switch tonic.accidental {
        case .sharp: .sharps
        case .flat: .flats
        case .natural: signature.sharps < 0 ? .flats : .sharps
        }
    }

    public var description: String { "\(tonic) \(mode.rawValue.replacingUnderscores())" }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? " " : $0 })
    }
}
