import CSodium

/// SHA-256 (FIPS 180-4) through libsodium's `crypto_hash_sha256`: one shot, or incremental over
/// pieces. Checked against the NIST example vectors in the tests.
package struct SHA256: Sendable {
    private var state = crypto_hash_sha256_state()

    package static let blockBytes = 64
    package static let digestBytes = Int(crypto_hash_sha256_BYTES)

    package init() {
        Sodium.ready
        crypto_hash_sha256_init(&state)
    }

    package static func hash<C: Collection>(_ data: C) -> [UInt8] where C.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(data)
        return hasher.finalize()
    }

    package mutating func update<C: Collection>(_ data: C) where C.Element == UInt8 {
        Sodium.withBytes(data) { bytes, count in _ = crypto_hash_sha256_update(&state, bytes, UInt64(count)) }
    }

    /// The digest of everything given to `update`; the hasher is spent after it.
    package mutating func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: SHA256.digestBytes)
        crypto_hash_sha256_final(&state, &digest)
        return digest
    }
}
