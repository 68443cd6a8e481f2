import SnodoStore
import SnodoSync

/// Why a call on a replica did nothing. Every case leaves the store as it was. The description is
/// one line, safe to log: it names fields and kinds, never a value a person wrote.
public enum SnodoError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The schema has no record kind of this name.
    case unknownKind(String, known: [String])
    /// The kind has no field of this name.
    case unknownField(String, kind: String)
    /// A required field was not given when the record was created.
    case missingField(String, kind: String)
    /// The value does not fit the field.
    case invalidValue(field: String, expected: String)
    /// No record with this id on this replica (never written here, or erased).
    case noSuchRecord(RecordIdentifier)
    /// The kind's records are written once (a budget entry): a correction is a new record.
    case immutable(kind: String)
    /// The cell has no open conflict any more (resolved here or on another replica).
    case noConflict
    /// The enrollment code is not one `snodo-relay enroll` prints.
    case malformedEnrollmentCode
    /// The replica is sealed and the passphrase given does not open it (or none was given).
    case wrongPassphrase
    /// Sync needs a relay address: none given and none remembered.
    case noRelay
    /// The relay revoked this replica: its store has been wiped and its files removed.
    case revoked
    /// The store refused (a missing or foreign file, a newer store, a disk error).
    case store(String)
    /// The sync failed (relay unreachable, refused, a protocol error); nothing is lost.
    case sync(String, retryable: Bool)

    public var description: String {
        switch self {
        case .unknownKind(let name, let known): "no record kind '\(name)' (known: \(known.joined(separator: ", ")))"
        case .unknownField(let name, let kind): "no field '\(name)' in kind '\(kind)'"
        case .missingField(let name, let kind): "a new \(kind) needs the field '\(name)'"
        case .invalidValue(let field, let expected): "field '\(field)' takes \(expected)"
        case .noSuchRecord(let id): "no record \(id) on this replica"
        case .immutable(let kind): "\(kind) records are written once: record a correcting entry instead"
        case .noConflict: "this value has no open conflict any more"
        case .malformedEnrollmentCode: "malformed enrollment code (expected the snodo2-… code printed by `snodo-relay enroll`)"
        case .noRelay: "no relay known yet: pass its URL to sync once"
        case .wrongPassphrase: "this replica is sealed and the passphrase does not open it"
        case .revoked: "this replica was revoked by the relay: its store has been wiped and removed"
        case .store(let message): message
        case .sync(let message, _): message
        }
    }

    /// Runs `body`, turning the store's and sync's errors into this type.
    static func wrapping<T>(_ body: () throws -> T) throws(SnodoError) -> T {
        do { return try body() } catch let error as SnodoError {
            throw error
        } catch let error as SyncError {
            throw error == .revoked ? .revoked : .sync(error.description, retryable: error.isRetryable)
        } catch {
            throw .store("\(error)")
        }
    }
}
