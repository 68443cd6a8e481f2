import Foundation
import SnodoModel
import SnodoProtocol

/// The one-time code `snodo-relay enroll` prints and `snodo enroll` takes ([AUTH-3]): the device id,
/// the seed of a one-time key pair whose public half the relay keeps, the relay's own public key
/// (which the laptop pins: every response must be signed by it), then the team and the operator the
/// office enrolled, with a checksum so a mistyped code is caught. The seed signs one thing only, the
/// laptop's claim of its own public key; once the relay holds that key, the seed is worth nothing.
package struct EnrollmentCode: Equatable, Sendable {
    package static let prefix = "snodo2-"
    /// The prefix of protocol 1's codes, recognised only to say that a new code is needed.
    package static let formerPrefix = "snodo1-"
    /// Longest team or operator name a code carries, in UTF-8 bytes.
    package static let nameBytesMax = 128
    static let fixedBytes = 8 + SigningKey.seedBytes + SigningKey.publicKeyBytes
    package let device: DeviceID
    package let seed: [UInt8]
    package let relayKey: [UInt8]
    package let team: String?
    package let operatorName: String?

    package init(device: DeviceID, seed: [UInt8], relayKey: [UInt8], team: String? = nil, operatorName: String? = nil) {
        precondition(seed.count == SigningKey.seedBytes && relayKey.count == SigningKey.publicKeyBytes)
        self.device = device
        self.seed = seed
        self.relayKey = relayKey
        self.team = team.map(EnrollmentCode.fitted)
        self.operatorName = operatorName.map(EnrollmentCode.fitted)
    }

    /// The claim this code makes for a laptop's public key: the one-time key's signature.
    package func claim(for publicKey: [UInt8]) -> Claim {
        let signature = SigningKey(seed: seed).sign(SignedBytes.claim(device: device, publicKey: publicKey))
        return Claim(publicKey: publicKey, signature: signature)
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
        writer.writeBytes(seed)
        writer.writeBytes(relayKey)
        writer.writeText(team ?? "")
        writer.writeText(operatorName ?? "")
        writer.writeUInt32(CRC32C.checksum(writer.bytes))
        return EnrollmentCode.prefix + writer.bytes.hex
    }

    package init?(text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix(EnrollmentCode.prefix), let bytes = [UInt8](hex: String(trimmed.dropFirst(EnrollmentCode.prefix.count))),
            bytes.count >= EnrollmentCode.fixedBytes + 2 + 4, bytes.count <= EnrollmentCode.fixedBytes + 2 * (2 + EnrollmentCode.nameBytesMax) + 4
        else { return nil }
        var reader = ByteReader(bytes, offset: 0, end: bytes.count - 4)
        var crcReader = ByteReader(bytes, offset: bytes.count - 4, end: bytes.count)
        guard let crc = try? crcReader.readUInt32(), crc == CRC32C.checksum(bytes[0..<(bytes.count - 4)]),
            let device = try? reader.readUInt64(), let seed = try? reader.readBytes(SigningKey.seedBytes),
            let relayKey = try? reader.readBytes(SigningKey.publicKeyBytes),
            let team = try? reader.readText(limit: EnrollmentCode.nameBytesMax),
            let name = try? reader.readText(limit: EnrollmentCode.nameBytesMax), reader.isAtEnd
        else { return nil }
        self.init(
            device: DeviceID(device), seed: Array(seed), relayKey: Array(relayKey), team: team.isEmpty ? nil : team,
            operatorName: name.isEmpty ? nil : name)
    }

    /// Whether `text` is a code of protocol 1, which no relay of this version takes.
    package static func isFormer(_ text: String) -> Bool {
        text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix(formerPrefix)
    }
}
