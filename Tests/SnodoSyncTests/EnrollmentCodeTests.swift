import Testing
import SnodoModel
import SnodoProtocol
import SnodoSync

/// The one-time code: what the office enrolled reaches the laptop whole, a mistyped or forged
/// code is refused, and a code of protocol 1 is told apart so the laptop can say what to do.
struct EnrollmentCodeTests {
    static let seed = (0..<32).map { UInt8($0) }
    static let relayKey = SigningKey(seed: [UInt8](repeating: 3, count: 32)).publicKey

    @Test func teamOperatorAndRelayKeyTravelInTheCode() throws {
        let code = EnrollmentCode(
            device: DeviceID(0x0123_4567_89AB_CDEF), seed: Self.seed, relayKey: Self.relayKey, team: "custodi-lodi", operatorName: "Anna Bianchì")
        let read = try #require(EnrollmentCode(text: "  " + code.text + "\n"))
        #expect(read == code)
        #expect(read.team == "custodi-lodi" && read.operatorName == "Anna Bianchì" && read.relayKey == Self.relayKey)
        #expect(code.text.hasPrefix("snodo2-0123456789abcdef"))
        let bare = EnrollmentCode(device: DeviceID(42), seed: Self.seed, relayKey: Self.relayKey)
        #expect(EnrollmentCode(text: bare.text).map { $0.team == nil && $0.operatorName == nil } == true)
    }

    @Test func theClaimIsTheOneTimeKeysSignatureOverTheDeviceAndItsKey() {
        let code = EnrollmentCode(device: DeviceID(9), seed: Self.seed, relayKey: Self.relayKey)
        let laptop = SigningKey(seed: [UInt8](repeating: 8, count: 32))
        let claim = code.claim(for: laptop.publicKey)
        let oneTime = SigningKey(seed: Self.seed).publicKey
        #expect(SigningKey.verify(claim.signature, of: SignedBytes.claim(device: DeviceID(9), publicKey: laptop.publicKey), by: oneTime))
        #expect(!SigningKey.verify(claim.signature, of: SignedBytes.claim(device: DeviceID(10), publicKey: laptop.publicKey), by: oneTime))
        let other = SigningKey(seed: [UInt8](repeating: 1, count: 32)).publicKey
        #expect(!SigningKey.verify(claim.signature, of: SignedBytes.claim(device: DeviceID(9), publicKey: other), by: oneTime))
    }

    @Test func aMistypedStretchedOrFormerCodeIsRefused() {
        let text = EnrollmentCode(device: DeviceID(7), seed: Self.seed, relayKey: Self.relayKey, team: "uds-notte", operatorName: "Salvo").text
        var flipped = Array(text)
        flipped[20] = flipped[20] == "a" ? "b" : "a"
        #expect(EnrollmentCode(text: String(flipped)) == nil, "one wrong digit")
        #expect(EnrollmentCode(text: String(text.dropLast(2))) == nil, "a byte short")
        #expect(EnrollmentCode(text: "snodo1-" + text.dropFirst(7)) == nil)
        #expect(EnrollmentCode.isFormer("snodo1-" + text.dropFirst(7)))
        #expect(!EnrollmentCode.isFormer(text))
        #expect(EnrollmentCode(text: String(text.prefix(60))) == nil)
        // A team name is cut to 128 bytes when the code is made, so every code made can be read.
        let long = EnrollmentCode(device: DeviceID(7), seed: Self.seed, relayKey: Self.relayKey, team: String(repeating: "è", count: 200))
        #expect(EnrollmentCode(text: long.text)?.team == String(repeating: "è", count: 64), "cut at a whole character")
    }
}
