import Foundation
import Testing

@testable import BacklineSessions

/// Keys and owners, the same in memory, SQLite and PostgreSQL.
@Suite("Stores keep keys hashed and sessions to their owners")
struct AccessStoreTests {
    static let alice = AccessKey(secret: "alice-0123456789abcdef0123456789", name: "alice")
    static let bob = AccessKey(secret: "bob-fedcba9876543210fedcba98765", name: "bob")

    static func owned(by key: AccessKey?, created: Date = Date()) -> Session {
        Session(id: UUID(), request: StoreFixture.request(), createdAt: created, owner: key?.hash)
    }

    @Test(
        "A session keeps its owner; a list for an owner holds and counts only its sessions",
        arguments: StoreKind.available)
    func owners(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { store in
            let base = Date(timeIntervalSince1970: 1_800_000_000)
            let a1 = Self.owned(by: Self.alice, created: base), a2 = Self.owned(by: Self.alice, created: base + 1)
            let b1 = Self.owned(by: Self.bob, created: base + 2), none = Self.owned(by: nil, created: base + 3)
            for session in [a1, a2, b1, none] { try await store.create(session) }
            #expect(try await store.session(id: a1.id)?.owner == Self.alice.hash)
            #expect(try await store.session(id: none.id)?.owner == nil)
            let alices = try await store.list(limit: 10, offset: 0, owner: Self.alice.hash)
            #expect(alices.total == 2 && alices.sessions.map(\.id) == [a2.id, a1.id])
            #expect(try await store.list(limit: 1, offset: 1, owner: Self.alice.hash).sessions.map(\.id) == [a1.id])
            #expect(try await store.list(limit: 10, offset: 0).total == 4)
            #expect(try await store.count(owner: Self.bob.hash) == 1)
            #expect(try await store.count(owner: AccessKey(secret: "x").hash) == 0)
        }
    }

    @Test("Deleting removes a session with its song, once", arguments: StoreKind.available)
    func delete(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { store in
            let session = Self.owned(by: Self.alice), other = Self.owned(by: Self.alice)
            try await store.create(session)
            try await store.create(other)
            let token = UUID()
            _ = try await store.claim(id: session.id, token: token, lease: .seconds(30))
            #expect(
                try await store.complete(
                    id: session.id, token: token, at: Date(),
                    song: StoredSong(midi: [1, 2, 3], outline: StoreFixture.song().outline)))
            #expect(try await store.delete(id: session.id))
            #expect(try await store.session(id: session.id) == nil)
            #expect(try await store.song(id: session.id) == nil)
            #expect(try await store.midi(id: session.id) == nil)
            #expect(try await !store.delete(id: session.id))
            #expect(try await store.session(id: other.id) != nil)
        }
    }

    @Test(
        "Sessions created before a date are deleted once, however many sweep at the same time",
        arguments: StoreKind.available)
    func expire(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { store in
            let now = Date()
            let old = (0..<5).map { Self.owned(by: nil, created: now.addingTimeInterval(-Double(40 + $0) * 86_400)) }
            let young = Self.owned(by: Self.alice, created: now.addingTimeInterval(-86_400))
            for session in old + [young] { try await store.create(session) }
            let removed = try await withThrowingTaskGroup(of: [UUID].self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        try await store.deleteSessions(createdBefore: now.addingTimeInterval(-30 * 86_400))
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(removed.count == 5 && Set(removed) == Set(old.map(\.id)))
            #expect(try await store.list(limit: 10, offset: 0).sessions.map(\.id) == [young.id])
        }
    }

    @Test(
        "Syncing keys adds the file's, revokes the missing, and brings a listed one back",
        arguments: StoreKind.available)
    func syncKeys(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { store in
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            #expect(
                try await store.syncAccessKeys([Self.alice, Self.bob], at: start) == AccessKeySync(added: 2, revoked: 0)
            )
            #expect(
                try await store.syncAccessKeys([Self.alice, Self.bob], at: start) == AccessKeySync(added: 0, revoked: 0)
            )
            #expect(try await store.accessKey(hash: Self.bob.hash) == StoredAccessKey(key: Self.bob, revokedAt: nil))
            #expect(try await store.syncAccessKeys([Self.alice], at: start + 60) == AccessKeySync(added: 0, revoked: 1))
            let revoked = try #require(try await store.accessKey(hash: Self.bob.hash))
            #expect(
                revoked.key == Self.bob
                    && revoked.revokedAt.map { abs($0.timeIntervalSince(start + 60)) < 0.01 } == true)
            #expect(try await store.accessKey(hash: AccessKey(secret: "never-listed-000000").hash) == nil)
            #expect(
                try await store.syncAccessKeys([Self.alice, Self.bob], at: start + 120)
                    == AccessKeySync(added: 1, revoked: 0))
            #expect(try await store.accessKey(hash: Self.bob.hash)?.revokedAt == nil)
        }
    }
}

@Suite("Access keys are hashed and read from their file")
struct AccessKeyFileTests {
    @Test("SHA-256 gives the FIPS 180-4 digests")
    func sha256Vectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            SHA256.hex(String(repeating: "a", count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // 55 and 56 bytes: the padding's two cases.
        #expect(
            SHA256.hex(String(repeating: "a", count: 55))
                == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(
            SHA256.hex(String(repeating: "a", count: 56))
                == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
    }

    @Test("Keys, names, comments and blank lines")
    func reads() throws {
        let file = try AccessKeyFile(
            text: "# team keys\n\nalice-0123456789abcdef0123456789 Alice Liddell\n  bob-fedcba9876543210fedcba98765\n",
            path: "keys.txt")
        #expect(
            file.keys == [
                AccessKey(secret: "alice-0123456789abcdef0123456789", name: "Alice Liddell"),
                AccessKey(secret: "bob-fedcba9876543210fedcba98765", name: ""),
            ])
        #expect(file.keys[0].hash.count == 64)
    }

    @Test(
        "A malformed file names its file and line",
        arguments: [
            ("ok-key-000000000000000\nshort\n", 2, "at least 16"),
            ("k\u{e9}y-000000000000000000000\n", 1, "character"),
            ("same-key-00000000000000 a\n# c\nsame-key-00000000000000 b\n", 3, "line 1"),
        ])
    func malformed(text: String, line: Int, says: String) {
        #expect {
            try AccessKeyFile(text: text, path: "keys.txt")
        } throws: { error in
            guard let error = error as? AccessKeyFileError else { return false }
            return error.code == .malformed && error.line == line && error.description.hasPrefix("keys.txt:\(line): ")
                && error.message.contains(says)
        }
    }

    @Test("An empty or missing file is refused")
    func emptyOrMissing() {
        #expect(throws: AccessKeyFileError.self) { try AccessKeyFile(text: "# nothing\n\n", path: "keys.txt") }
        #expect { try AccessKeyFile(path: "/nonexistent/keys.txt") } throws: {
            ($0 as? AccessKeyFileError)?.code == .unreadable
        }
    }
}
