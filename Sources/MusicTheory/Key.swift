/// A tonic, spelled as the user wrote it, and a mode: "E minor", "Bb dorian".
public struct Key: Sendable, Hashable, Codable, CustomStringConvertible {
    public let tonic: NoteName
    public let mode: Mode

    public init(tonic: NoteName, mode: Mode) {
        self.tonic = tonic
        self.mode = mode
    }

    public var tonicPitchClass: PitchClass { tonic.pitchClass }

    /// Pitch classes of the mode's scale on this tonic.
    public var scalePitchClasses: [PitchClass] { mode.scale.map { tonicPitchClass + $0 } }

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

    /// How chromatic notes are spelled in this key: flats in flat keys (and when the tonic is flat).
    public var spelling: Spelling {
        if tonic.accidental == .flat { return .flats }
        if tonic.accidental == .sharp { return .sharps }
        return signature.sharps < 0 ? .flats : (signature.sharps > 0 ? .sharps : .flats)
    }

    public var description: String { "\(tonic) \(mode.rawValue.replacingUnderscores())" }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? " " : $0 })
    }
}
