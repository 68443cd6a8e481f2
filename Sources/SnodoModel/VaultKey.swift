import CSodium

/// The key that seals a laptop's store, kept wrapped beside it (`field.sqlite.vault`): a random
/// data key, encrypted (XChaCha20-Poly1305) under a key that Argon2id (`crypto_pwhash`) derives
/// from the operator's passphrase and a random salt. Changing the passphrase wraps the same data
/// key again: the store is not re-encrypted. The file holds nothing that opens the store without
/// the passphrase.
///
/// Format: `"snodo-vault-1"` ‖ opslimit u64 ‖ memlimit u64 ‖ salt (16) ‖ nonce (24) ‖ sealed key
/// (32 + 16), integers big-endian.
package struct VaultKey: Sendable {
    package static let magic = Array("snodo-vault-1".utf8)
    static let saltBytes = Int(crypto_pwhash_SALTBYTES)
    static let nonceBytes = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    static let tagBytes = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)
    /// Argon2id's cost: 3 passes over 64 MiB, about half a second on a field laptop, once a login.
    package static let passes: UInt64 = 3
    package static let memoryBytes = 64 * 1024 * 1024

    /// The key pages are sealed with.
    package let dataKey: [UInt8]

    package init(dataKey: [UInt8]) {
        precondition(dataKey.count == PageSeal.keyBytes)
        self.dataKey = dataKey
    }

    /// A new random data key.
    package static func generate() -> VaultKey { VaultKey(dataKey: SecretBytes.make(PageSeal.keyBytes)) }

    package enum Failure: Error, Equatable {
        /// The passphrase does not open this file (or the file was altered).
        case wrongPassphrase
        /// The bytes are not a vault key file.
        case unreadable
        /// libsodium could not derive the key (out of memory).
        case derivation
    }

    /// The wrapped form, for the file, under `passphrase` (`passes`, `memoryBytes` only lower in tests).
    package func wrapped(passphrase: String, passes: UInt64 = VaultKey.passes, memoryBytes: Int = VaultKey.memoryBytes) throws(Failure) -> [UInt8] {
        let salt = SecretBytes.make(VaultKey.saltBytes), nonce = SecretBytes.make(VaultKey.nonceBytes)
        var wrapping = try VaultKey.derive(passphrase, salt: salt, passes: passes, memoryBytes: memoryBytes)
        defer { sodium_memzero(&wrapping, wrapping.count) }
        var sealed = [UInt8](repeating: 0, count: PageSeal.keyBytes + VaultKey.tagBytes)
        _ = crypto_aead_xchacha20poly1305_ietf_encrypt(
            &sealed, nil, dataKey, UInt64(dataKey.count), VaultKey.magic, UInt64(VaultKey.magic.count), nil, nonce, wrapping)
        var writer = ByteWriter()
        writer.writeBytes(VaultKey.magic)
        writer.writeUInt64(passes)
        writer.writeUInt64(UInt64(memoryBytes))
        writer.writeBytes(salt)
        writer.writeBytes(nonce)
        writer.writeBytes(sealed)
        return writer.bytes
    }

    /// The data key in a wrapped file, with the passphrase.
    package static func unwrap(_ bytes: [UInt8], passphrase: String) throws(Failure) -> VaultKey {
        var reader = ByteReader(bytes)
        guard let magic = try? reader.readBytes(magic.count), Array(magic) == VaultKey.magic, let passes = try? reader.readUInt64(),
            let memory = try? reader.readUInt64(), passes >= 1, passes <= 16, memory >= 8 * 1024, memory <= 1 << 30,
            let salt = try? reader.readBytes(saltBytes), let nonce = try? reader.readBytes(nonceBytes),
            let sealed = try? reader.readBytes(PageSeal.keyBytes + tagBytes), reader.isAtEnd
        else { throw .unreadable }
        var wrapping = try derive(passphrase, salt: Array(salt), passes: passes, memoryBytes: Int(memory))
        defer { sodium_memzero(&wrapping, wrapping.count) }
        var dataKey = [UInt8](repeating: 0, count: PageSeal.keyBytes)
        let sealedBytes = Array(sealed)
        let status = crypto_aead_xchacha20poly1305_ietf_decrypt(
            &dataKey, nil, nil, sealedBytes, UInt64(sealedBytes.count), VaultKey.magic, UInt64(VaultKey.magic.count), Array(nonce), wrapping)
        guard status == 0 else { throw .wrongPassphrase }
        return VaultKey(dataKey: dataKey)
    }

    private static func derive(_ passphrase: String, salt: [UInt8], passes: UInt64, memoryBytes: Int) throws(Failure) -> [UInt8] {
        Sodium.ready
        var key = [UInt8](repeating: 0, count: Int(crypto_aead_xchacha20poly1305_ietf_KEYBYTES))
        var secret = Array(passphrase.utf8) + [0]
        defer { sodium_memzero(&secret, secret.count) }
        let status = secret.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                crypto_pwhash(
                    &key, UInt64(key.count), pointer, UInt64(buffer.count - 1), salt, passes, memoryBytes, crypto_pwhash_ALG_ARGON2ID13)
            }
        }
        guard status == 0 else { throw .derivation }
        return key
    }
}
