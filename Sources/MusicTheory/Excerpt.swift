/// How an error message quotes what a user wrote: whole when it is short, else its first
/// ``maximumCharacters`` characters and an ellipsis, so that a megabyte of input never comes back
/// in a megabyte of error.
public enum Excerpt {
    /// The most characters of a user's input an error quotes.
    public static let maximumCharacters = 200

    /// `text`, cut to ``maximumCharacters`` characters with `…` when longer.
    public static func cut(_ text: some StringProtocol) -> String {
        var end = text.startIndex
        var count = 0
        while end < text.endIndex, count < maximumCharacters {
            end = text.index(after: end)
            count += 1
        }
        return end == text.endIndex ? String(text) : String(text[..<end]) + "…"
    }

    /// `'text'`, cut as ``cut(_:)`` cuts it.
    public static func quoted(_ text: some StringProtocol) -> String { "'" + cut(text) + "'" }
}
