import Foundation

/// A keys file (`--api-keys FILE`): one key a line, optionally followed by a name
/// (`KEY [NAME…]`); blank lines and lines starting with `#` are skipped.
///
/// A key is 16 to 256 characters of letters, digits and `-_.~+/=` (what fits an HTTP Bearer
/// token), so that a guessable or mistyped key is refused at start-up, not accepted forever.
public struct AccessKeyFile: Sendable {
    public let path: String
    public let keys: [AccessKey]

    public static let minimumLength = 16
    public static let maximumLength = 256

    /// Reads and checks the file; a problem is an ``AccessKeyFileError`` naming `path:line`.
    public init(path: String) throws(AccessKeyFileError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AccessKeyFileError(
                code: .unreadable, path: path, line: nil,
                message: "cannot be read (missing, a folder, or not permitted)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw AccessKeyFileError(code: .malformed, path: path, line: nil, message: "is not UTF-8 text")
        }
        try self.init(text: text, path: path)
    }

    /// Checks a keys file's text; `path` is only for messages.
    public init(text: String, path: String) throws(AccessKeyFileError) {
        self.path = path
        var keys: [AccessKey] = []
        var lineOfHash: [String: Int] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            let secret = String(words[0])
            let name = words.dropFirst().joined(separator: " ")
            func problem(_ message: String) -> AccessKeyFileError {
                AccessKeyFileError(code: .malformed, path: path, line: number, message: message)
            }
            guard secret.count >= Self.minimumLength else {
                throw problem(
                    "the key is \(secret.count) characters; a key needs at least \(Self.minimumLength) (for instance: openssl rand -hex 32)"
                )
            }
            guard secret.count <= Self.maximumLength else {
                throw problem("the key is \(secret.count) characters; at most \(Self.maximumLength)")
            }
            guard secret.unicodeScalars.allSatisfy(Self.allowed) else {
                throw problem("the key holds a character other than letters, digits and -_.~+/=")
            }
            let key = AccessKey(secret: secret, name: name)
            if let first = lineOfHash[key.hash] { throw problem("the same key as on line \(first)") }
            lineOfHash[key.hash] = number
            keys.append(key)
        }
        guard !keys.isEmpty else {
            throw AccessKeyFileError(
                code: .empty, path: path, line: nil,
                message: "holds no key; with no keys every request would be refused")
        }
        self.keys = keys
    }

    private static func allowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".", "~", "+", "/", "=": true
        default: false
        }
    }
}

/// Why a keys file was refused: a stable code, the file and line, and what to fix.
public struct AccessKeyFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case unreadable, malformed, empty
    }

    public let code: Code
    public let path: String
    public let line: Int?
    public let message: String

    public var description: String { "\(path)\(line.map { ":\($0)" } ?? ""): \(message)" }
}
