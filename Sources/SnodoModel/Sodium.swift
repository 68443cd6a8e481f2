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
