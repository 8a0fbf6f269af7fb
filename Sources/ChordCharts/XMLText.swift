/// Text made safe for XML and HTML, in element content and in quoted attribute values alike: the
/// MusicXML writer, the piano roll's SVG and the server's API reference page all write it.
public enum XMLText {
    /// `&`, `<`, `>`, `"` and `'` as character entities; everything else as it is.
    public static func escaped(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
