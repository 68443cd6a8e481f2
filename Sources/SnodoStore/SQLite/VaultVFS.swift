import CSQLite
import Foundation
import SnodoModel

/// "snodo-vault", an SQLite VFS over the default one that seals every page of a store at rest
/// (`PageSeal`): the database file's pages and the pages in WAL frames, each in the reserved bytes
/// SQLite leaves at the end of every page. Headers (the file's first 100 bytes are inside page 1,
/// sealed with it; the WAL's and its frames' headers hold no value) pass as they are; the shared
/// memory file holds only page numbers. A store opened through it keeps temporary data in memory
/// and has no rollback journal (WAL from its first write), so no other file holds a value.
///
/// Pages are 4096 bytes; the key of each database is registered by its path before it is opened.
package enum VaultVFS {
    package static let name = "snodo-vault"
    package static let pageBytes = 4096

    /// The file object: SQLite's `sqlite3_file`, then ours, then the default VFS's file.
    fileprivate struct Header {
        var base: sqlite3_file
        var kind: Int32
        var key: UnsafeMutablePointer<UInt8>?
    }
    fileprivate static let realOffset = (MemoryLayout<Header>.size + 15) & ~15
    fileprivate nonisolated(unsafe) static var underlying: UnsafeMutablePointer<sqlite3_vfs>!

    private static let lock = NSLock()
    /// Keys by database path, each in memory libsodium locks and zeroes on release.
    private nonisolated(unsafe) static var keys: [String: UnsafeMutablePointer<UInt8>] = [:]

    /// Registers the VFS once per process.
    package static let registered: Void = {
        underlying = sqlite3_vfs_find(nil)
        let vfs = UnsafeMutablePointer<sqlite3_vfs>.allocate(capacity: 1)
        vfs.initialize(to: underlying.pointee)
        vfs.pointee.szOsFile = Int32(realOffset) + underlying.pointee.szOsFile
        vfs.pointee.pNext = nil
        vfs.pointee.zName = UnsafePointer(strdup(name))
        vfs.pointee.pAppData = nil
        vfs.pointee.xOpen = vaultOpen
        sqlite3_vfs_register(vfs, 0)
    }()

    /// The path SQLite will give the VFS for `path`: the default VFS's full path name.
    static func fullPath(_ path: String) -> String {
        _ = registered
        var buffer = [CChar](repeating: 0, count: Int(underlying.pointee.mxPathname) + 1)
        guard underlying.pointee.xFullPathname(underlying, path, Int32(buffer.count), &buffer) == SQLITE_OK else { return path }
        return String(cString: buffer)
    }

    /// Gives the database at `path` its key, before it is opened; the key is copied.
    package static func setKey(_ key: [UInt8], for path: String) {
        precondition(key.count == PageSeal.keyBytes)
        let path = fullPath(path)
        lock.lock()
        defer { lock.unlock() }
        let copy = keys[path] ?? UnsafeMutablePointer<UInt8>.allocate(capacity: PageSeal.keyBytes)
        copy.update(from: key, count: PageSeal.keyBytes)
        keys[path] = copy
    }

    /// Forgets the key of `path` (after the store closed), zeroing it.
    package static func forgetKey(for path: String) {
        let path = fullPath(path)
        lock.lock()
        defer { lock.unlock() }
        guard let key = keys.removeValue(forKey: path) else { return }
        key.update(repeating: 0, count: PageSeal.keyBytes)
        key.deallocate()
    }

    fileprivate static func key(for path: String) -> UnsafeMutablePointer<UInt8>? {
        lock.lock()
        defer { lock.unlock() }
        return keys[path]
    }

    fileprivate static let mainDatabase: Int32 = 1
    fileprivate static let wal: Int32 = 2
}

// SQLite's extended result codes, macros Swift does not import.
private let ioErrorRead = SQLITE_IOERR | (1 << 8)
private let ioErrorShortRead = SQLITE_IOERR | (2 << 8)
private let ioErrorWrite = SQLITE_IOERR | (3 << 8)

private func header(_ file: UnsafeMutablePointer<sqlite3_file>) -> UnsafeMutablePointer<VaultVFS.Header> {
    UnsafeMutableRawPointer(file).assumingMemoryBound(to: VaultVFS.Header.self)
}

private func real(_ file: UnsafeMutablePointer<sqlite3_file>) -> UnsafeMutablePointer<sqlite3_file> {
    UnsafeMutableRawPointer(file).advanced(by: VaultVFS.realOffset).assumingMemoryBound(to: sqlite3_file.self)
}

/// Opens a file through the default VFS, and seals the pages of a database whose key is known
/// and of its WAL. Journals and temporary files of such a database are refused: none may hold a
/// value in the clear (the store keeps temporary data in memory and runs in WAL mode).
private let vaultOpen:
    @convention(c) (
        UnsafeMutablePointer<sqlite3_vfs>?, sqlite3_filename?, UnsafeMutablePointer<sqlite3_file>?, Int32, UnsafeMutablePointer<Int32>?
    ) -> Int32 = { _, name, file, flags, outFlags in
        guard let file else { return SQLITE_MISUSE }
        let base = VaultVFS.underlying!
        let top = header(file)
        top.pointee.kind = 0
        top.pointee.key = nil
        top.pointee.base.pMethods = nil
        var kind: Int32 = 0
        var key: UnsafeMutablePointer<UInt8>?
        if let name {
            if flags & SQLITE_OPEN_MAIN_DB != 0 {
                key = VaultVFS.key(for: String(cString: name))
                kind = VaultVFS.mainDatabase
            } else if flags & SQLITE_OPEN_WAL != 0, let database = sqlite3_filename_database(name) {
                key = VaultVFS.key(for: String(cString: database))
                kind = VaultVFS.wal
            } else if let database = sqlite3_filename_database(name), VaultVFS.key(for: String(cString: database)) != nil {
                return SQLITE_CANTOPEN
            }
        }
        let code = base.pointee.xOpen(base, name, real(file), flags, outFlags)
        guard code == SQLITE_OK else { return code }
        guard let key else {
            // Not a sealed store: the default VFS's file, reached through our methods all the same.
            top.pointee.base.pMethods = UnsafePointer(vaultMethods)
            return SQLITE_OK
        }
        top.pointee.kind = kind
        top.pointee.key = key
        top.pointee.base.pMethods = UnsafePointer(vaultMethods)
        return SQLITE_OK
    }

/// The io_methods of version 2: no xFetch, so SQLite never maps the file into memory and every
/// page passes through `read` and `write`.
// Written once, when first used, and only read after: every file of the vault shares it.
nonisolated(unsafe) private let vaultMethods: UnsafeMutablePointer<sqlite3_io_methods> = {
    let methods = UnsafeMutablePointer<sqlite3_io_methods>.allocate(capacity: 1)
    methods.initialize(to: sqlite3_io_methods())
    methods.pointee.iVersion = 2
    methods.pointee.xClose = { file in
        let inner = real(file!)
        let code = inner.pointee.pMethods.map { $0.pointee.xClose(inner) } ?? SQLITE_OK
        header(file!).pointee.base.pMethods = nil
        return code
    }
    methods.pointee.xRead = vaultRead
    methods.pointee.xWrite = vaultWrite
    methods.pointee.xTruncate = { file, size in
        let inner = real(file!); return inner.pointee.pMethods.pointee.xTruncate(inner, size)
    }
    methods.pointee.xSync = { file, flags in
        let inner = real(file!); return inner.pointee.pMethods.pointee.xSync(inner, flags)
    }
    methods.pointee.xFileSize = { file, size in
        let inner = real(file!); return inner.pointee.pMethods.pointee.xFileSize(inner, size)
    }
    methods.pointee.xLock = { file, level in
        let inner = real(file!); return inner.pointee.pMethods.pointee.xLock(inner, level)
    }
    methods.pointee.xUnlock = { file, level in
        let inner = real(file!); return inner.pointee.pMethods.pointee.xUnlock(inner, level)
    }
    methods.pointee.xCheckReservedLock = { file, out in
        let inner = real(file!); return inner.pointee.pMethods.pointee.xCheckReservedLock(inner, out)
    }
    methods.pointee.xFileControl = { file, op, argument in
        let inner = real(file!)
        return inner.pointee.pMethods.pointee.xFileControl(inner, op, argument)
    }
    methods.pointee.xSectorSize = { file in
        let inner = real(file!); return inner.pointee.pMethods.pointee.xSectorSize(inner)
    }
    methods.pointee.xDeviceCharacteristics = { file in
        let inner = real(file!)
        return inner.pointee.pMethods.pointee.xDeviceCharacteristics(inner)
    }
    methods.pointee.xShmMap = { file, page, size, extend, out in
        let inner = real(file!)
        return inner.pointee.pMethods.pointee.xShmMap(inner, page, size, extend, out)
    }
    methods.pointee.xShmLock = { file, offset, count, flags in
        let inner = real(file!)
        return inner.pointee.pMethods.pointee.xShmLock(inner, offset, count, flags)
    }
    methods.pointee.xShmBarrier = { file in
        let inner = real(file!); inner.pointee.pMethods.pointee.xShmBarrier(inner)
    }
    methods.pointee.xShmUnmap = { file, delete in
        let inner = real(file!); return inner.pointee.pMethods.pointee.xShmUnmap(inner, delete)
    }
    return methods
}()

/// Where a read or write falls: a whole page (its place for the associated data, and where in
/// the buffer it starts), or something that passes as it is.
private func pageSpan(kind: Int32, offset: Int64, amount: Int32) -> (place: UInt64, start: Int)? {
    let page = Int64(VaultVFS.pageBytes)
    switch kind {
    case VaultVFS.mainDatabase:
        guard offset % page == 0, Int64(amount) == page else { return nil }
        return (UInt64(offset / page) + 1, 0)
    case VaultVFS.wal:
        // The WAL: a 32-byte header, then frames of a 24-byte header and a page.
        let frame = page + 24
        guard offset >= 32 else { return nil }
        let within = (offset - 32) % frame
        if within == 24 && Int64(amount) == page { return (UInt64(offset - 24), 0) }
        if within == 0 && Int64(amount) == frame { return (UInt64(offset), 24) }
        return nil
    default: return nil
    }
}

/// Reads a whole page of a sealed file and opens it in place.
private func readPage(_ file: UnsafeMutablePointer<sqlite3_file>, _ buffer: UnsafeMutableRawPointer, _ amount: Int32, _ offset: Int64) -> Int32? {
    let top = header(file), inner = real(file)
    guard let key = top.pointee.key, let span = pageSpan(kind: top.pointee.kind, offset: offset, amount: amount) else { return nil }
    let code = inner.pointee.pMethods.pointee.xRead(inner, buffer, amount, offset)
    guard code == SQLITE_OK else { return code }
    let page = buffer.advanced(by: span.start)
    // A page never written reads as zeros, and stays so.
    if UnsafeRawBufferPointer(start: page, count: VaultVFS.pageBytes).allSatisfy({ $0 == 0 }) { return SQLITE_OK }
    return PageSeal.open(page, count: VaultVFS.pageBytes, place: span.place, key: key) ? SQLITE_OK : SQLITE_NOTADB
}

private let vaultRead: @convention(c) (UnsafeMutablePointer<sqlite3_file>?, UnsafeMutableRawPointer?, Int32, sqlite3_int64) -> Int32 = {
    file, buffer, amount, offset in
    let top = header(file!), inner = real(file!)
    guard top.pointee.key != nil, let buffer else { return inner.pointee.pMethods.pointee.xRead(inner, buffer, amount, offset) }
    if let code = readPage(file!, buffer, amount, offset) { return code }
    if top.pointee.kind == VaultVFS.mainDatabase && Int64(amount) < Int64(VaultVFS.pageBytes) {
        // Part of a page (the header SQLite reads first): the whole page, opened, then the part.
        let pageStart = offset - offset % Int64(VaultVFS.pageBytes)
        guard offset + Int64(amount) <= pageStart + Int64(VaultVFS.pageBytes) else { return ioErrorRead }
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: VaultVFS.pageBytes, alignment: 16)
        defer { scratch.deallocate() }
        let code = readPage(file!, scratch, Int32(VaultVFS.pageBytes), pageStart) ?? ioErrorRead
        // A file shorter than a page (new, or cut): SQLite's own short-read answer, as it is.
        if code == ioErrorShortRead { return inner.pointee.pMethods.pointee.xRead(inner, buffer, amount, offset) }
        guard code == SQLITE_OK else { return code }
        buffer.copyMemory(from: scratch.advanced(by: Int(offset - pageStart)), byteCount: Int(amount))
        return SQLITE_OK
    }
    return inner.pointee.pMethods.pointee.xRead(inner, buffer, amount, offset)
}

private let vaultWrite: @convention(c) (UnsafeMutablePointer<sqlite3_file>?, UnsafeRawPointer?, Int32, sqlite3_int64) -> Int32 = {
    file, buffer, amount, offset in
    let top = header(file!), inner = real(file!)
    guard let key = top.pointee.key, let buffer else { return inner.pointee.pMethods.pointee.xWrite(inner, buffer, amount, offset) }
    guard let span = pageSpan(kind: top.pointee.kind, offset: offset, amount: amount) else {
        // Only WAL headers are written in other shapes; a database page always whole.
        return top.pointee.kind == VaultVFS.wal ? inner.pointee.pMethods.pointee.xWrite(inner, buffer, amount, offset) : ioErrorWrite
    }
    let scratch = UnsafeMutableRawPointer.allocate(byteCount: Int(amount), alignment: 16)
    defer { scratch.deallocate() }
    scratch.copyMemory(from: buffer, byteCount: span.start)
    PageSeal.seal(buffer.advanced(by: span.start), into: scratch.advanced(by: span.start), count: VaultVFS.pageBytes, place: span.place, key: key)
    return inner.pointee.pMethods.pointee.xWrite(inner, scratch, amount, offset)
}
