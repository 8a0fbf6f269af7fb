/// How an error message quotes what a user wrote: whole when it is short, else its first
/// ``maximumCharacters`` characters and an ellipsis, so that a megabyte of input never comes back
/// in a megabyte of error.
public enum Excerpt {
    /// The most characters of a user's input an error quotes.
    public static let maximumCharacters = 200

    /// The longest error detail answered: what a message says around its quotes, bounded too.
    public static let maximumDetail = 2000

    /// `text`, cut to `limit` characters with `…` when longer.
    public static func cut(_ text: some StringProtocol, limit: Int = maximumCharacters) -> String {
        var end = text.startIndex
        var count = 0
        while end < text.endIndex, count < limit {
            end = text.index(after: end)
            count += 1
        }
        return end == text.endIndex ? String(text) : String(text[..<end]) + "…"
    }

    /// `'text'`, cut as ``cut(_:)`` cuts it.
    public static func quoted(_ text: some StringProtocol) -> String { "'" + cut(text) + "'" }
}
