import Testing
import SnodoModel

/// RFC 4231, test cases 1 to 7 (case 5, a truncated MAC, checks the first 16 bytes).
@Suite struct HMACTests {
    struct Vector: Sendable { let key: [UInt8]; let data: [UInt8]; let mac: String }

    static let vectors: [Vector] = [
        Vector(
            key: [UInt8](repeating: 0x0b, count: 20), data: Array("Hi There".utf8),
            mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Vector(
            key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8),
            mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Vector(
            key: [UInt8](repeating: 0xaa, count: 20), data: [UInt8](repeating: 0xdd, count: 50),
            mac: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Vector(
            key: Array(1...25), data: [UInt8](repeating: 0xcd, count: 50),
            mac: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        Vector(
            key: [UInt8](repeating: 0x0c, count: 20), data: Array("Test With Truncation".utf8),
            mac: "a3b6167473100ee06e0c796c2955552b"),
        Vector(
            key: [UInt8](repeating: 0xaa, count: 131), data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            mac: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Vector(
            key: [UInt8](repeating: 0xaa, count: 131),
            data: Array(
                ("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the "
                    + "HMAC algorithm.").utf8),
            mac: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: vectors.indices)
    func rfc4231(_ index: Int) {
        let vector = HMACTests.vectors[index]
        let mac = HMACSHA256.mac(key: vector.key, message: vector.data).hex
        #expect(mac.hasPrefix(vector.mac), "RFC 4231 case \(index + 1)")
    }

    @Test func constantTimeComparison() {
        let mac = HMACSHA256.mac(key: [1, 2, 3], message: [4])
        #expect(HMACSHA256.equal(mac, mac))
        var other = mac
        other[31] ^= 1
        #expect(!HMACSHA256.equal(mac, other))
        #expect(!HMACSHA256.equal(mac, Array(mac.prefix(31))))
    }
}
