/// The kit pieces a preset may write, with their General MIDI percussion notes (channel 9).
enum DrumKit {
    static let pieces: [(name: String, note: Int)] = [
        ("kick", 36), ("kick2", 35), ("snare", 38), ("snare2", 40), ("rim", 37), ("clap", 39),
        ("hat", 42), ("pedal_hat", 44), ("open_hat", 46), ("ride", 51), ("ride_bell", 53),
        ("crash", 49), ("crash2", 57), ("splash", 55), ("china", 52),
        ("tom_high", 50), ("tom_mid", 47), ("tom_low", 45), ("floor_tom", 43), ("floor_tom_low", 41),
        ("tambourine", 54), ("cowbell", 56), ("shaker", 70), ("cabasa", 69), ("claves", 75),
        ("wood_block", 76), ("conga_high", 63), ("conga_mute", 62), ("conga_low", 64),
        ("bongo_high", 60), ("bongo_low", 61), ("timbale_high", 65), ("timbale_low", 66),
        ("agogo_high", 67), ("agogo_low", 68), ("guiro", 73), ("triangle", 81), ("vibraslap", 58),
    ]

    static var names: [String] { pieces.map(\.name) }

    /// Each note's lane name for pictures: the first piece written with it, in words.
    static let lanes: [Int: String] = pieces.reversed().reduce(into: [:]) { lanes, piece in
        lanes[piece.note] = String(piece.name.map { $0 == "_" ? " " : $0 })
    }

    static func note(of name: String) -> Int? { pieces.first { $0.name == name }?.note }

    static let crash = 49
    static let kick = 36
}
