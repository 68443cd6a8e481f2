/// Where a value lives: a record, a field, and for a set or map the element's canonical bytes
/// (empty for a scalar field).
public struct CellKey: Hashable, Comparable, Sendable {
    public let record: RecordID
    public let field: FieldNumber
    public let element: [UInt8]

    public init(record: RecordID, field: FieldNumber, element: [UInt8] = []) {
        self.record = record
        self.field = field
        self.element = element
    }

    public init(record: RecordID, field: FieldNumber, element: Value) {
        self.init(record: record, field: field, element: element.canonicalBytes)
    }

    /// The element as a value, for sets and maps; nil for a scalar field.
    public var elementValue: Value? {
        element.isEmpty ? nil : try? Value(canonicalBytes: element)
    }

    public static func < (a: CellKey, b: CellKey) -> Bool {
        if a.record != b.record { return a.record < b.record }
        if a.field != b.field { return a.field < b.field }
        return a.element.lexicographicallyPrecedes(b.element)
    }
}

/// One write of one cell: the unit that merges, travels and is kept in history.
///
/// `supersedes` lists the stamps of the values the writer saw and meant to replace: the cell's
/// winner at the time, or on a conflict resolution the winner and every conflicting value. A value
/// that no write supersedes and that is not the winner is a conflict for a person to review; that
/// rule depends only on the set of writes, so conflicts converge like values do.
public struct CellWrite: Hashable, Sendable {
    public let key: CellKey
    public let value: Value
    public let stamp: Stamp
    public let supersedes: [Stamp]

    public init(key: CellKey, value: Value, stamp: Stamp, supersedes: [Stamp] = []) {
        self.key = key
        self.value = value
        self.stamp = stamp
        self.supersedes = Array(Set(supersedes)).sorted()
    }
}

/// The erasure of a record (GDPR art. 17): values and history go, this marker stays so that a
/// late write cannot bring the record back.
public struct Erasure: Hashable, Sendable {
    public let record: RecordID
    public let stamp: Stamp

    public init(record: RecordID, stamp: Stamp) {
        self.record = record
        self.stamp = stamp
    }
}

/// Anything a replica applies and passes on.
public enum Change: Hashable, Sendable {
    case write(CellWrite)
    case erase(Erasure)

    public var record: RecordID {
        switch self {
        case .write(let write): write.key.record
        case .erase(let erasure): erasure.record
        }
    }

    public var stamp: Stamp {
        switch self {
        case .write(let write): write.stamp
        case .erase(let erasure): erasure.stamp
        }
    }
}

/// A change with the change number the replica that sends it gave it when it applied it.
public struct NumberedChange: Hashable, Sendable {
    public let number: UInt64
    public let change: Change

    public init(number: UInt64, change: Change) {
        self.number = number
        self.change = change
    }
}
