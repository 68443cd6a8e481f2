import Testing
import SnodoModel
import SnodoSync

/// The one-time code: what the office enrolled reaches the laptop whole, and a mistyped or
/// forged code is refused.
struct EnrollmentCodeTests {
    static let key = (0..<32).map { UInt8($0) }

    @Test func teamAndOperatorTravelInTheCode() throws {
        let code = EnrollmentCode(device: DeviceID(0x0123_4567_89AB_CDEF), key: Self.key, team: "custodi-lodi", operatorName: "Anna Bianchì")
        let read = try #require(EnrollmentCode(text: code.text))
        #expect(read == code)
        #expect(read.team == "custodi-lodi")
        #expect(read.operatorName == "Anna Bianchì")
        #expect(code.text.hasPrefix("snodo1-0123456789abcdef"))
    }

    @Test func aCodeOfTheFirstFormIsStillRead() throws {
        // The form before team and operator: device ‖ key ‖ CRC-32C of those 40 bytes.
        let code = EnrollmentCode(device: DeviceID(42), key: Self.key)
        #expect(code.text.count == "snodo1-".count + 88)
        let read = try #require(EnrollmentCode(text: "  " + code.text + "\n"))
        #expect(read.device == DeviceID(42) && read.key == Self.key && read.team == nil && read.operatorName == nil)
    }

    @Test func aMistypedOrStretchedCodeIsRefused() {
        let text = EnrollmentCode(device: DeviceID(7), key: Self.key, team: "uds-notte", operatorName: "Salvo").text
        var flipped = Array(text)
        flipped[20] = flipped[20] == "a" ? "b" : "a"
        #expect(EnrollmentCode(text: String(flipped)) == nil, "one wrong digit")
        #expect(EnrollmentCode(text: String(text.dropLast(2))) == nil, "a byte short")
        #expect(EnrollmentCode(text: "snodo2-" + text.dropFirst(7)) == nil)
        #expect(EnrollmentCode(text: String(text.prefix(60))) == nil)
        // A team name is cut to 128 bytes when the code is made, so every code made can be read.
        let long = EnrollmentCode(device: DeviceID(7), key: Self.key, team: String(repeating: "è", count: 200), operatorName: nil)
        #expect(EnrollmentCode(text: long.text)?.team == String(repeating: "è", count: 64), "cut at a whole character")
    }
}
