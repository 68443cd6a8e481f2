import Foundation
import SnodoModel
import SnodoProtocol

/// How device keys are derived, so the relay stores no device secret: the enrollment key from the
/// relay's master key and the device id, and the key in use from the enrollment key and the nonce
/// the device chose when it claimed the enrollment ([AUTH-3]). An enrollment code is useless once
/// claimed: only the laptop that claimed it knows which nonce it chose... and the relay refuses a
/// second claim.
package enum DeviceKeys {
    package static func enrollmentKey(master: [UInt8], device: DeviceID) -> [UInt8] {
        var writer = ByteWriter()
        writer.writeBytes(Array("snodo-enroll-v1".utf8))
        writer.writeUInt64(device.raw)
        return HMACSHA256.mac(key: master, message: writer.bytes)
    }

    package static func claimedKey(enrollmentKey: [UInt8], nonce: [UInt8]) -> [UInt8] {
        HMACSHA256.mac(key: enrollmentKey, message: Array("snodo-claim-v1".utf8) + nonce)
    }
}

/// The one-time code `snodo-relay enroll` prints and `snodo enroll` takes: the device id and its
/// enrollment key, then the team and the operator the office enrolled (so that every visit,
/// contact and entry the laptop writes carries them), with a checksum so a mistyped code is caught.
/// A code of the first form (no team, no operator) is still read.
package struct EnrollmentCode: Equatable, Sendable {
    package static let prefix = "snodo1-"
    /// Longest team or operator name a code carries, in UTF-8 bytes.
    package static let nameBytesMax = 128
    package let device: DeviceID
    package let key: [UInt8]
    package let team: String?
    package let operatorName: String?

    package init(device: DeviceID, key: [UInt8], team: String? = nil, operatorName: String? = nil) {
        self.device = device
        self.key = key
        self.team = team.map(EnrollmentCode.fitted)
        self.operatorName = operatorName.map(EnrollmentCode.fitted)
    }

    /// A name cut to whole characters within `nameBytesMax` bytes, so no character is split.
    static func fitted(_ name: String) -> String {
        var name = Substring(name)
        while name.utf8.count > nameBytesMax { name.removeLast() }
        return String(name)
    }

    package var text: String {
        var writer = ByteWriter()
        writer.writeUInt64(device.raw)
        writer.writeBytes(key)
        if team != nil || operatorName != nil {
            writer.writeText(team ?? "")
            writer.writeText(operatorName ?? "")
        }
        writer.writeUInt32(CRC32C.checksum(writer.bytes))
        return EnrollmentCode.prefix + writer.bytes.hex
    }

    package init?(text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix(EnrollmentCode.prefix), let bytes = [UInt8](hex: String(trimmed.dropFirst(EnrollmentCode.prefix.count))),
            bytes.count >= 44, bytes.count <= 44 + 2 * (2 + EnrollmentCode.nameBytesMax)
        else { return nil }
        var reader = ByteReader(bytes, offset: 0, end: bytes.count - 4)
        var crcReader = ByteReader(bytes, offset: bytes.count - 4, end: bytes.count)
        guard let device = try? reader.readUInt64(), let key = try? reader.readBytes(32), let crc = try? crcReader.readUInt32(),
            crc == CRC32C.checksum(bytes[0..<(bytes.count - 4)])
        else { return nil }
        var names: [String?] = [nil, nil]
        if !reader.isAtEnd {
            guard let team = try? reader.readText(limit: EnrollmentCode.nameBytesMax),
                let name = try? reader.readText(limit: EnrollmentCode.nameBytesMax), reader.isAtEnd
            else { return nil }
            names = [team.isEmpty ? nil : team, name.isEmpty ? nil : name]
        }
        self.device = DeviceID(device)
        self.key = Array(key)
        self.team = names[0]
        self.operatorName = names[1]
    }
}
