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
/// enrollment key, with a checksum so a mistyped code is caught.
package struct EnrollmentCode: Equatable, Sendable {
    package static let prefix = "snodo1-"
    package let device: DeviceID
    package let key: [UInt8]

    package init(device: DeviceID, key: [UInt8]) {
        self.device = device
        self.key = key
    }

    package var text: String {
        var writer = ByteWriter()
        writer.writeUInt64(device.raw)
        writer.writeBytes(key)
        writer.writeUInt32(CRC32C.checksum(writer.bytes))
        return EnrollmentCode.prefix + writer.bytes.hex
    }

    package init?(text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix(EnrollmentCode.prefix), let bytes = [UInt8](hex: String(trimmed.dropFirst(EnrollmentCode.prefix.count))),
            bytes.count == 44
        else { return nil }
        var reader = ByteReader(bytes)
        guard let device = try? reader.readUInt64(), let key = try? reader.readBytes(32), let crc = try? reader.readUInt32(),
            crc == CRC32C.checksum(bytes[0..<40])
        else { return nil }
        self.device = DeviceID(device)
        self.key = Array(key)
    }
}
