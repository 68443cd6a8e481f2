import SnodoModel

/// A record as a person reads it: the winning value of every cell, grouped by field.
public struct Record: Sendable {
    public let id: RecordID
    /// Nil while the write that created the record has not arrived (changes can come in any order).
    public let kind: RecordKind?
    /// Winning writes, in field then element order.
    public let cells: [CellWrite]
    /// Open conflicts: for each cell, the losing writes nobody has superseded.
    public let conflicts: [CellKey: [CellWrite]]

    public init(id: RecordID, kind: RecordKind?, cells: [CellWrite], conflicts: [CellKey: [CellWrite]]) {
        self.id = id
        self.kind = kind
        self.cells = cells
        self.conflicts = conflicts
    }

    /// A scalar field's value, nil when never set or set to null.
    public func value(_ field: FieldNumber) -> Value? {
        guard let write = cells.first(where: { $0.key.field == field && $0.key.element.isEmpty }) else { return nil }
        return write.value == .null ? nil : write.value
    }

    public func text(_ field: FieldNumber) -> String? {
        if case .text(let text)? = value(field) { return text }
        return nil
    }

    /// The elements currently present in a set field, sorted.
    public func elements(_ field: FieldNumber) -> [Value] {
        cells.filter { $0.key.field == field && !$0.key.element.isEmpty && $0.value == .bool(true) }
            .compactMap { $0.key.elementValue }.sorted()
    }

    /// The items of a map field with their quantities, sorted by item.
    public func quantities(_ field: FieldNumber) -> [(item: Value, quantity: Int64)] {
        cells.compactMap { write -> (Value, Int64)? in
            guard write.key.field == field, let item = write.key.elementValue, case .integer(let quantity) = write.value else { return nil }
            return (item, quantity)
        }.sorted { $0.0 < $1.0 }
    }

    public var isDeleted: Bool { value(CommonField.deleted) == .bool(true) }
    public var district: String? { text(CommonField.district) }

    /// The kind's code as written, also when this build does not know the kind (a newer Snodo's).
    public var kindCode: UInt32? {
        if case .enumeration(let code)? = value(CommonField.kind) { return code }
        return nil
    }

    /// Field numbers present that this build's schema does not know: kept and passed on intact.
    /// The common fields (kind, deleted, district, shared-with) are known whatever the kind.
    public var unknownFields: [FieldNumber] {
        let common = [CommonField.kind, CommonField.deleted, CommonField.district, CommonField.sharedWith]
        let known = Set((kind?.fields ?? []).map(\.number) + common)
        return Array(Set(cells.map(\.key.field)).subtracting(known)).sorted()
    }

    /// Every cell of an unknown field, each with its element: a set's elements stay apart.
    public var unknownCells: [CellWrite] {
        let unknown = Set(unknownFields)
        return cells.filter { unknown.contains($0.key.field) }
    }
}
