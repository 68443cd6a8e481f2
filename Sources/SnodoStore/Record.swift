import SnodoModel

/// A record as a person reads it: the winning value of every cell, grouped by field.
package struct Record: Sendable {
    package let id: RecordID
    /// Nil while the write that created the record has not arrived (changes can come in any order),
    /// and for a kind the store's profile does not define (a newer profile's).
    package let kind: RecordKind?
    /// The kind as the store's profile defines it: its fields, names and labels.
    package var spec: KindSpec? { specBox?.spec }
    /// Shared by reference: the 20,000 visits of a district read at once share one, and a copy of
    /// a record retains one reference rather than every string and list of its kind's spec.
    let specBox: SpecBox?
    /// Winning writes, in field then element order.
    package let cells: [CellWrite]
    /// Open conflicts: for each cell, the losing writes nobody has superseded.
    package let conflicts: [CellKey: [CellWrite]]

    package init(id: RecordID, spec: KindSpec?, cells: [CellWrite], conflicts: [CellKey: [CellWrite]]) {
        self.init(id: id, spec: spec.map(SpecBox.init), cells: cells, conflicts: conflicts)
    }

    init(id: RecordID, spec: SpecBox?, cells: [CellWrite], conflicts: [CellKey: [CellWrite]]) {
        self.id = id
        specBox = spec
        kind = spec?.spec.kind
        self.cells = cells
        self.conflicts = conflicts
    }

    /// A scalar field's value, nil when never set or set to null.
    package func value(_ field: FieldNumber) -> Value? {
        guard let write = cells.first(where: { $0.key.field == field && $0.key.element.isEmpty }) else { return nil }
        return write.value == .null ? nil : write.value
    }

    package func text(_ field: FieldNumber) -> String? {
        if case .text(let text)? = value(field) { return text }
        return nil
    }

    /// The elements currently present in a set field, sorted.
    package func elements(_ field: FieldNumber) -> [Value] {
        cells.filter { $0.key.field == field && !$0.key.element.isEmpty && $0.value == .bool(true) }
            .compactMap { $0.key.elementValue }.sorted()
    }

    /// The items of a map field with their quantities, sorted by item.
    package func quantities(_ field: FieldNumber) -> [(item: Value, quantity: Int64)] {
        cells.compactMap { write -> (Value, Int64)? in
            guard write.key.field == field, let item = write.key.elementValue, case .integer(let quantity) = write.value else { return nil }
            return (item, quantity)
        }.sorted { $0.0 < $1.0 }
    }

    package var isDeleted: Bool { value(CommonField.deleted) == .bool(true) }
    package var district: String? { text(CommonField.district) }

    /// The kind's code as written, also when this build does not know the kind (a newer Snodo's).
    package var kindCode: UInt32? {
        if case .enumeration(let code)? = value(CommonField.kind) { return code }
        return nil
    }

    /// Field numbers present that the store's profile does not know: kept and passed on intact.
    /// The common fields (kind, deleted, district, shared-with) are known whatever the kind.
    package var unknownFields: [FieldNumber] {
        let common = [CommonField.kind, CommonField.deleted, CommonField.district, CommonField.sharedWith]
        let known = Set((spec?.fields ?? []).map(\.number) + common)
        return Array(Set(cells.map(\.key.field)).subtracting(known)).sorted()
    }

    /// Every cell of an unknown field, each with its element: a set's elements stay apart.
    package var unknownCells: [CellWrite] {
        let unknown = Set(unknownFields)
        return cells.filter { unknown.contains($0.key.field) }
    }
}

/// A kind's spec behind one reference, shared by the records of that kind.
final class SpecBox: Sendable {
    let spec: KindSpec
    init(_ spec: KindSpec) { self.spec = spec }
}
