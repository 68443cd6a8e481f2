import SnodoModel

/// Why the store refused an operation. Every message names what was wrong and what is accepted,
/// and never carries a value of a record (personal data stays out of errors and logs).
package enum StoreError: Error, Equatable, CustomStringConvertible, Sendable {
    case notASnodoStore(path: String)
    case newerStore(path: String, found: Int64, supported: Int64)
    case missingStore(path: String)
    case alreadyExists(path: String)
    case unknownRecord(String)
    case ambiguousRecord(String, matches: Int)
    case erasedRecord(RecordID)
    case immutableRecord(RecordID, KindSpec)
    case wrongKind(RecordID, expected: KindSpec, found: KindSpec?)
    case noConflict(RecordID, field: String)
    case sqlite(SQLiteError)
    case openToOthers(path: String, mode: UInt32)
    case unreadableProfile(path: String, reason: String)

    package var description: String {
        switch self {
        case .notASnodoStore(let path):
            "\(path) is not a Snodo store (expected a store made by `snodo init`)"
        case .newerStore(let path, let found, let supported):
            "\(path) was written by a newer Snodo (store version \(found); this build reads up to \(supported)): update Snodo"
        case .missingStore(let path):
            "no Snodo store at \(path) (run `snodo init`, or pass --store PATH or set SNODO_STORE)"
        case .alreadyExists(let path):
            "a Snodo store already exists at \(path) (init does not overwrite it)"
        case .unknownRecord(let id):
            "no record with id \(id) (expected the id printed by add, or a unique prefix of at least 4 hex digits)"
        case .ambiguousRecord(let id, let matches):
            "id prefix \(id) matches \(matches) records (give more hex digits)"
        case .erasedRecord(let id):
            "record \(id.hex) was erased and cannot be read or changed"
        case .immutableRecord(let id, let kind):
            "record \(id.hex) is a \(kind.name), which is written once (record a correcting entry instead)"
        case .wrongKind(let id, let expected, let found):
            "record \(id.hex) is a \(found?.name ?? "record of another kind"), not a \(expected.name)"
        case .noConflict(let id, let field):
            "record \(id.hex) has no conflict on \(field) (see `snodo conflicts`)"
        case .openToOthers(let path, let mode):
            "\(path) can be read by other users (mode \(String(mode, radix: 8))) and this user cannot change it: run `chmod 600 \(path)` as its owner"
        case .sqlite(let error):
            "storage failure: \(error)"
        case .unreadableProfile(let path, let reason):
            "the programme profile in \(path) does not read (\(reason)): enroll the laptop again"
        }
    }
}
