import MusicTheory

extension SongOutline {
    /// The outline as the JSON its `Codable` conformance reads back, written by hand: a server
    /// stores one per run, and Foundation's encoder took a tenth of the server's time doing it.
    public var json: String {
        var text = #"{"meter":{"denominator":"# + String(meter.denominator)
        if let grouping = meter.grouping { text += #","grouping":["# + grouping.map(String.init).joined(separator: ",") + "]" }
        text += #","numerator":"# + String(meter.numerator) + #"},"parts":["#
        for (index, part) in parts.enumerated() {
            if index > 0 { text += "," }
            text += #"{"channel":"# + String(part.channel) + #","lanes":["#
            text += part.lanes.map { #"{"name":"# + JSONText.string($0.name) + #","note":"# + String($0.note) + "}" }.joined(separator: ",")
            text += #"],"name":"# + JSONText.string(part.name) + #","pitched":"# + (part.isPitched ? "true" : "false") + "}"
        }
        text += #"],"sections":["#
        for (index, section) in sections.enumerated() {
            if index > 0 { text += "," }
            text += #"{"chords":["#
            for (barIndex, bar) in section.chords.enumerated() {
                if barIndex > 0 { text += "," }
                text += "["
                for (markIndex, mark) in bar.enumerated() {
                    if markIndex > 0 { text += "," }
                    text += #"{"name":"# + JSONText.string(mark.name) + #","offset":"# + String(mark.offset) + "}"
                }
                text += "]"
            }
            text += #"],"first_bar":"# + String(section.firstBar) + #","name":"# + JSONText.string(section.name) + "}"
        }
        text += "]"
        if !tempos.isEmpty {
            text += #","tempos":["# + tempos.map { #"{"bar":"# + String($0.bar) + #","bpm":"# + String($0.bpm) + "}" }.joined(separator: ",") + "]"
        }
        return text + "}"
    }
}

/// JSON string literals, for the hand-written encoders.
public enum JSONText {
    /// `text` as a quoted JSON string, escaped as RFC 8259 requires.
    public static func string(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                quoted += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }
}
