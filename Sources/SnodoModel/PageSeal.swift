import CSodium

/// Seals a page of the laptop's store at rest (libsodium's XChaCha20-Poly1305, IETF): the page's
/// bytes but its last `reservedBytes` are encrypted, and those hold the random nonce and the tag.
/// SQLite leaves them to us (`reserved bytes per page`). The associated data is where the page
/// lives, so a page moved elsewhere in the file does not open.
package enum PageSeal {
    package static let keyBytes = Int(crypto_aead_xchacha20poly1305_ietf_KEYBYTES)
    static let nonceBytes = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    static let tagBytes = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)
    package static let reservedBytes = nonceBytes + tagBytes

    /// Encrypts `page` into `out` (both `count` bytes), bound to `place`.
    package static func seal(_ page: UnsafeRawPointer, into out: UnsafeMutableRawPointer, count: Int, place: UInt64, key: UnsafePointer<UInt8>) {
        Sodium.ready
        let body = count - reservedBytes
        let nonce = out.advanced(by: body).assumingMemoryBound(to: UInt8.self)
        randombytes_buf(nonce, nonceBytes)
        var ad = place.bigEndian
        withUnsafeBytes(of: &ad) { ad in
            _ = crypto_aead_xchacha20poly1305_ietf_encrypt_detached(
                out.assumingMemoryBound(to: UInt8.self), nonce.advanced(by: nonceBytes), nil, page.assumingMemoryBound(to: UInt8.self),
                UInt64(body), ad.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(ad.count), nil, nonce, key)
        }
    }

    /// Decrypts `page` in place; false when it was not sealed with this key at this place.
    package static func open(_ page: UnsafeMutableRawPointer, count: Int, place: UInt64, key: UnsafePointer<UInt8>) -> Bool {
        Sodium.ready
        let body = count - reservedBytes
        let bytes = page.assumingMemoryBound(to: UInt8.self)
        var ad = place.bigEndian
        let status = withUnsafeBytes(of: &ad) { ad in
            crypto_aead_xchacha20poly1305_ietf_decrypt_detached(
                bytes, nil, bytes, UInt64(body), bytes.advanced(by: body + nonceBytes), ad.baseAddress!.assumingMemoryBound(to: UInt8.self),
                UInt64(ad.count), bytes.advanced(by: body), key)
        }
        guard status == 0 else { return false }
        // The nonce and tag are not SQLite's business: it sees zeros there, as it wrote them.
        bytes.advanced(by: body).initialize(repeating: 0, count: reservedBytes)
        return true
    }
}
