/// Where a value lives: a record, a field, and for a set or map the element's canonical bytes
/// (empty for a scalar field).
package struct CellKey: Hashable, Comparable, Sendable {
    package let record: RecordID
    package let field: FieldNumber
    package let element: [UInt8]

    package init(record: RecordID, field: FieldNumber, element: [UInt8] = []) {
        self.record = record
        self.field = field
        self.element = element
    }

    package init(record: RecordID, field: FieldNumber, element: Value) {
        self.init(record: record, field: field, element: element.canonicalBytes)
    }

    /// The element as a value, for sets and maps; nil for a scalar field.
    package var elementValue: Value? {
        element.isEmpty ? nil : try? Value(canonicalBytes: element)
    }

    package static func < (a: CellKey, b: CellKey) -> Bool {
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
package struct CellWrite: Hashable, Sendable {
    package let key: CellKey
    package let value: Value
    package let stamp: Stamp
    package let supersedes: [Stamp]

    package init(key: CellKey, value: Value, stamp: Stamp, supersedes: [Stamp] = []) {
        self.key = key
        self.value = value
        self.stamp = stamp
        // Most writes supersede one stamp or none: nothing to sort or deduplicate.
        self.supersedes = supersedes.count < 2 ? supersedes : Array(Set(supersedes)).sorted()
    }
}

/// The erasure of a record (GDPR art. 17): values and history go, this marker stays so that a
/// late write cannot bring the record back.
package struct Erasure: Hashable, Sendable {
    package let record: RecordID
    package let stamp: Stamp

    package init(record: RecordID, stamp: Stamp) {
        self.record = record
        self.stamp = stamp
    }
}

/// Anything a replica applies and passes on.
package enum Change: Hashable, Sendable {
    case write(CellWrite)
    case erase(Erasure)

    package var record: RecordID {
        switch self {
        case .write(let write): write.key.record
        case .erase(let erasure): erasure.record
        }
    }

    package var stamp: Stamp {
        switch self {
        case .write(let write): write.stamp
        case .erase(let erasure): erasure.stamp
        }
    }
}

/// A change with the change number the replica that sends it gave it when it applied it.
package struct NumberedChange: Hashable, Sendable {
    package let number: UInt64
    package let change: Change

    package init(number: UInt64, change: Change) {
        self.number = number
        self.change = change
    }
}
