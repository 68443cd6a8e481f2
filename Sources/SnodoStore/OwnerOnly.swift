#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// Files only their owner may read: a store holds personal data and, on a laptop, the key that
/// signs its requests. Folders are 0700 and files 0600 whatever the umask; a store found open to
/// others is tightened when it is opened, and the caller reports it (the choice, written in the
/// README: fix and say so, rather than refuse a laptop its own records).
package enum OwnerOnly {
    package static let folderMode: mode_t = 0o700

    /// Every later file of this process is created for its owner only (SQLite's, backups, keys,
    /// reports). The executables call it first thing.
    package static func restrictNewFiles() {
        umask(0o077)
    }

    /// Creates `folder` and its missing parents as 0700; an existing folder is left as it is.
    package static func makeFolder(_ folder: String) throws {
        guard !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) else { return }
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true,
            attributes: [.posixPermissions: Int(folderMode)])
    }

    /// The files a store at `path` consists of.
    package static func storeFiles(_ path: String) -> [String] {
        [path, path + "-wal", path + "-shm"]
    }

    /// A file or folder whose mode lets anyone but its owner in, with that mode; nil if it is
    /// private or absent.
    package static func looseMode(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let mode = info.st_mode & 0o777
        return mode & 0o077 == 0 ? nil : mode
    }

    /// Takes group and others' rights off each path that has any; returns what it changed, as
    /// "path (was 0644)". Throws when a path cannot be changed (another user's file).
    @discardableResult
    package static func tighten(_ paths: [String]) throws -> [String] {
        var changed: [String] = []
        for path in paths {
            guard let mode = looseMode(path) else { continue }
            guard chmod(path, mode & 0o700) == 0 else { throw StoreError.openToOthers(path: path, mode: mode) }
            changed.append("\(path) (was \(String(format: "%04o", mode)))")
        }
        return changed
    }
}
