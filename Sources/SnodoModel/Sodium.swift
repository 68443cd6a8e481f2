import CSodium

/// libsodium, the project's only cryptography: `sodium_init` runs once, before the first call
/// into the library (it is idempotent and thread-safe; Swift runs this initialiser once).
enum Sodium {
    static let ready: Void = {
        // -1 is the only failure (no entropy source), which the hashes and MACs here do not need;
        // the key generation that needs it checks for itself.
        _ = sodium_init()
    }()

    /// Runs `body` over the bytes of `data`, copied into one contiguous buffer only when needed.
    /// The pointer is never nil, even for no bytes: libsodium's arguments are declared non-null.
    static func withBytes<C: Collection, T>(_ data: C, _ body: (UnsafePointer<UInt8>, Int) -> T) -> T where C.Element == UInt8 {
        let direct = data.withContiguousStorageIfAvailable { buffer in buffer.baseAddress.map { body($0, buffer.count) } }
        if let direct, let result = direct { return result }
        let copy = data.isEmpty ? [0] : Array(data)
        return copy.withUnsafeBufferPointer { body($0.baseAddress!, data.count) }
    }
}

/// Unpredictable bytes from libsodium's generator (`randombytes_buf`), for secrets such as the
/// field app's per-launch key.
package enum SecretBytes {
    package static func make(_ count: Int) -> [UInt8] {
        Sodium.ready
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, count) }
        return bytes
    }
}

/// Passwords of the coordinator's console, as Argon2id strings (libsodium's `crypto_pwhash_str`):
/// the salt and the cost travel inside the string, so a stronger cost later still verifies older
/// ones. 3 passes over 32 MiB: a second or less on the relay, far beyond what guessing can afford.
package enum PasswordHash {
    static let passes: UInt64 = 3
    static let memoryBytes = 32 * 1024 * 1024

    package static func make(_ password: String) -> String? {
        Sodium.ready
        var out = [CChar](repeating: 0, count: Int(crypto_pwhash_STRBYTES))
        let status = withPassword(password) { pointer, count in crypto_pwhash_str(&out, pointer, count, passes, memoryBytes) }
        guard status == 0 else { return nil }
        return String(cString: out)
    }

    package static func verify(_ password: String, against hash: String) -> Bool {
        Sodium.ready
        return withPassword(password) { pointer, count in crypto_pwhash_str_verify(hash, pointer, count) } == 0
    }

    /// The password's UTF-8 bytes, never a null pointer (an empty password has one byte of room).
    private static func withPassword<T>(_ password: String, _ body: (UnsafePointer<CChar>, UInt64) -> T) -> T {
        var bytes = Array(password.utf8)
        let count = UInt64(bytes.count)
        bytes.append(0)
        defer { sodium_memzero(&bytes, bytes.count) }
        return bytes.withUnsafeBytes { body($0.baseAddress!.assumingMemoryBound(to: CChar.self), count) }
    }
}
