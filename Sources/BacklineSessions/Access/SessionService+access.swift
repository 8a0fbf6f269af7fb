import Foundation

extension SessionService {
    /// The caller a bearer key stands for: `unauthorized` when the store never held it,
    /// `forbidden` when it was revoked.
    ///
    /// The key is hashed before it is looked up, and the hash found is compared with the one made
    /// in constant time; the secret itself is never stored, logged or compared.
    public func authenticate(secret: String) async throws(SessionError) -> Caller {
        let hash = AccessKey.hash(secret)
        guard let stored = try await storeCall("key", { try await store.accessKey(hash: hash) }),
            AccessKey.sameHash(stored.key.hash, hash)
        else {
            throw SessionError(.unauthorized, "the API key is not known to this server")
        }
        if stored.revokedAt != nil {
            throw SessionError(.forbidden, "the API key '\(stored.key.label)' has been revoked")
        }
        return .key(stored.key)
    }

    /// Makes the store's keys those of the server's keys file (see ``SessionStore/syncAccessKeys(_:at:)``).
    public func syncAccessKeys(_ keys: [AccessKey]) async throws(SessionError) -> AccessKeySync {
        try await storeCall("keys") { try await store.syncAccessKeys(keys, at: Date()) }
    }
}
