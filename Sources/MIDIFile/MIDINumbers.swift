/// A 7-bit MIDI data value (note number, velocity, program): 0...127. A bad value cannot be built.
public struct UInt7: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let value: UInt8

    public init?(_ value: Int) {
        guard (0...127).contains(value) else { return nil }
        self.value = UInt8(value)
    }

    /// For values already known to be in range; a value outside 0...127 is a programming error.
    public init(checked value: Int) {
        precondition((0...127).contains(value), "MIDI data value \(value) outside 0...127")
        self.value = UInt8(value)
    }

    /// Clamps any integer into 0...127.
    public init(clamping value: Int) {
        self.value = UInt8(min(127, max(0, value)))
    }

    public var intValue: Int { Int(value) }
    public static func < (lhs: UInt7, rhs: UInt7) -> Bool { lhs.value < rhs.value }
    public var description: String { String(value) }
}

/// A MIDI channel, 0-based: 0...15. General MIDI drums play on channel 9.
public struct MIDIChannel: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let value: UInt8

    public init?(_ value: Int) {
        guard (0...15).contains(value) else { return nil }
        self.value = UInt8(value)
    }

    public init(checked value: Int) {
        precondition((0...15).contains(value), "MIDI channel \(value) outside 0...15")
        self.value = UInt8(value)
    }

    public static let percussion = MIDIChannel(checked: 9)

    public var intValue: Int { Int(value) }
    public static func < (lhs: MIDIChannel, rhs: MIDIChannel) -> Bool { lhs.value < rhs.value }
    public var description: String { String(value) }
}
