import CSodium

/// An Ed25519 key pair (libsodium's `crypto_sign`): a laptop's identity, the relay's identity, the
/// one-time key of an enrollment code. The secret half never leaves the replica that made it.
package struct SigningKey: Sendable {
    package static let seedBytes = Int(crypto_sign_SEEDBYTES)
    package static let publicKeyBytes = Int(crypto_sign_PUBLICKEYBYTES)
    package static let secretKeyBytes = Int(crypto_sign_SECRETKEYBYTES)
    package static let signatureBytes = Int(crypto_sign_BYTES)

    /// libsodium's form of the secret key: the seed followed by the public key.
    package let secretKey: [UInt8]
    package var publicKey: [UInt8] { Array(secretKey[SigningKey.seedBytes...]) }
    package var seed: [UInt8] { Array(secretKey[..<SigningKey.seedBytes]) }

    /// The key pair a 32-byte seed determines: the same seed gives the same pair on every machine.
    package init(seed: [UInt8]) {
        precondition(seed.count == SigningKey.seedBytes)
        Sodium.ready
        var publicKey = [UInt8](repeating: 0, count: SigningKey.publicKeyBytes)
        var secretKey = [UInt8](repeating: 0, count: SigningKey.secretKeyBytes)
        crypto_sign_seed_keypair(&publicKey, &secretKey, seed)
        self.secretKey = secretKey
    }

    /// A new key pair from libsodium's generator.
    package static func generate() -> SigningKey { SigningKey(seed: SecretBytes.make(seedBytes)) }

    /// A detached signature over `message`.
    package func sign(_ message: [UInt8]) -> [UInt8] {
        var signature = [UInt8](repeating: 0, count: SigningKey.signatureBytes)
        Sodium.withBytes(message) { bytes, count in _ = crypto_sign_detached(&signature, nil, bytes, UInt64(count), secretKey) }
        return signature
    }

    /// Whether `signature` is `publicKey`'s over `message`. Wrong lengths are simply not valid.
    package static func verify(_ signature: [UInt8], of message: [UInt8], by publicKey: [UInt8]) -> Bool {
        guard signature.count == signatureBytes, publicKey.count == publicKeyBytes else { return false }
        Sodium.ready
        return Sodium.withBytes(message) { bytes, count in crypto_sign_verify_detached(signature, bytes, UInt64(count), publicKey) } == 0
    }
}
