/// HMAC-SHA-256 (RFC 2104, FIPS 198-1), checked against the RFC 4231 vectors in the tests.
package enum HMACSHA256 {
    package static let macBytes = 32

    package static func mac<K: Collection, M: Collection>(key: K, message: M) -> [UInt8] where K.Element == UInt8, M.Element == UInt8 {
        var block = key.count > SHA256.blockBytes ? SHA256.hash(key) : Array(key)
        block += [UInt8](repeating: 0, count: SHA256.blockBytes - block.count)
        var inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        inner.update(message)
        var outer = SHA256()
        outer.update(block.map { $0 ^ 0x5C })
        outer.update(inner.finalize())
        return outer.finalize()
    }

    /// Compares two MACs in time that depends only on their length, so a forger learns nothing
    /// from how quickly a wrong guess is refused.
    package static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
