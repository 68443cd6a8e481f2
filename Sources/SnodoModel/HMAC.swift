import CSodium

/// HMAC-SHA-256 (RFC 2104) through libsodium's `crypto_auth_hmacsha256`, with a key of any
/// length. Checked against the RFC 4231 vectors in the tests.
package enum HMACSHA256 {
    package static let macBytes = Int(crypto_auth_hmacsha256_BYTES)

    package static func mac<K: Collection, M: Collection>(key: K, message: M) -> [UInt8] where K.Element == UInt8, M.Element == UInt8 {
        Sodium.ready
        var state = crypto_auth_hmacsha256_state()
        Sodium.withBytes(key) { bytes, count in _ = crypto_auth_hmacsha256_init(&state, bytes, count) }
        Sodium.withBytes(message) { bytes, count in _ = crypto_auth_hmacsha256_update(&state, bytes, UInt64(count)) }
        var mac = [UInt8](repeating: 0, count: macBytes)
        crypto_auth_hmacsha256_final(&state, &mac)
        sodium_memzero(&state, MemoryLayout<crypto_auth_hmacsha256_state>.size)
        return mac
    }

    /// Compares two MACs in time that depends only on their length (`sodium_memcmp`), so a
    /// forger learns nothing from how quickly a wrong guess is refused.
    package static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return sodium_memcmp(a, b, a.count) == 0
    }
}
