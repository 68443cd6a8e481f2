import SnodoModel
import SnodoStore

extension Replica {
    /// Every open conflict on this replica: cells where concurrent values lost to the winner and
    /// nobody has chosen between them yet.
    public func conflicts() throws(SnodoError) -> [OpenConflict] {
        try SnodoError.wrapping {
            try store.conflicts().compactMap { conflict -> OpenConflict? in
                guard let kind = store.profile.spec(try store.kind(of: conflict.key.record)), let field = kind.field(numbered: conflict.key.field) else {
                    return nil
                }
                return OpenConflict(
                    record: RecordIdentifier(conflict.key.record), field: field.name,
                    element: conflict.key.elementValue.flatMap { FieldValue($0, as: Replica.elementType(of: field)) },
                    winner: FieldValue(conflict.winner.value, as: field.type),
                    others: conflict.losers.sorted { $0.stamp > $1.stamp }.map { FieldValue($0.value, as: field.type) }, key: conflict.key)
            }
        }
    }

    /// Resolves a conflict with the value a person chose (one of its values, or a new one): it
    /// wins over the winner and every concurrent value, on every replica.
    public func resolve(_ conflict: OpenConflict, keeping value: FieldValue?) throws(SnodoError) {
        let kind = try named(try existing(conflict.record).spec?.name ?? "")
        let field = try kind.field(conflict.field)
        let cell: Value
        if let value {
            cell = conflict.key.element.isEmpty ? try value.scalar(as: field.type, field: field.name) : try Replica.elementCell(value, of: field)
        } else {
            cell = .null
        }
        let write = try SnodoError.wrapping {
            do { return try store.write { try $0.resolve(conflict.key, with: cell) } } catch StoreError.noConflict { throw SnodoError.noConflict }
        }
        feed.publish(ReplicaChange(origin: .local, records: [RecordIdentifier(write.key.record)]))
    }

    /// Every write this replica holds for a record, in the order it received them: who wrote
    /// what, and when.
    public func history(of id: RecordIdentifier) throws(SnodoError) -> [HistoryItem] {
        let record = try existing(id)
        // The deleted flag is a cell like any other, and belongs in the trail; the kind is written
        // once, with the record.
        let fields = (record.spec?.fields ?? []) + [FieldSpec(CommonField.deleted, "deleted", .bool)]
        return try SnodoError.wrapping {
            try store.history(of: id.id).compactMap { entry -> HistoryItem? in
                guard let field = fields.first(where: { $0.number == entry.write.key.field }) else { return nil }
                let isElement = !entry.write.key.element.isEmpty
                return HistoryItem(
                    field: field.name, element: entry.write.key.elementValue.flatMap { FieldValue($0, as: Replica.elementType(of: field)) },
                    value: FieldValue(entry.write.value, as: isElement ? .integer : field.type), writer: entry.write.stamp.device.hex,
                    writtenMillis: entry.write.stamp.hlc.millis)
            }
        }
    }

    /// Erases a record everywhere it reaches (the right to erasure): its values are overwritten
    /// here at once, and every replica that syncs removes them and confirms.
    public func erase(_ id: RecordIdentifier) throws(SnodoError) {
        _ = try existing(id)
        try SnodoError.wrapping { _ = try store.write { try $0.erase(id.id) } }
        feed.publish(ReplicaChange(origin: .local, records: [id]))
    }

    /// The type of a set's elements or a map's items.
    static func elementType(of field: FieldSpec) -> FieldType {
        switch field.type {
        case .set(let element): element
        default: field.type
        }
    }

    /// The cell value of one element in conflict: present or not for a set, a quantity for a map.
    static func elementCell(_ value: FieldValue, of field: FieldSpec) throws(SnodoError) -> Value {
        switch (value, field.type) {
        case (.bool(let present), .set): .bool(present)
        case (.integer(let quantity), .map) where quantity > 0: .integer(quantity)
        default: throw .invalidValue(field: field.name, expected: field.type.isCollection ? "a bool for a set, a positive integer for a map" : "a value")
        }
    }
}
