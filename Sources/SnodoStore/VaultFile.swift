import Foundation
import SnodoModel

/// Where a sealed store keeps its wrapped key: beside it, as `field.sqlite.vault`, owner only. A
/// store with this file is sealed; its key opens with the operator's passphrase (`VaultKey`).
package enum VaultFile {
    package static func path(for store: String) -> String { store + ".vault" }

    package static func isSealed(_ store: String) -> Bool { FileManager.default.fileExists(atPath: path(for: store)) }

    package static func read(for store: String) -> [UInt8]? { FileManager.default.contents(atPath: path(for: store)).map { [UInt8]($0) } }

    /// Writes the wrapped key, replacing an older one in one rename (a new passphrase).
    package static func write(_ bytes: [UInt8], for store: String) throws {
        let target = path(for: store), temporary = target + ".new"
        OwnerOnly.restrictNewFiles()
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        guard rename(temporary, target) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}
