import SnodoModel

/// What a person gives a field, before it becomes edits: one value, the elements a set should
/// hold, or a map's items with their quantities. The command line and the library both plan
/// their edits through it, so a set or map is changed the same way whoever changes it.
package enum FieldContent: Sendable {
    case scalar(Value)
    case set([Value])
    case map([(item: Value, quantity: Int64)])
}

extension Edit {
    /// The edits that make `field` of record `id` hold `content`. Sets and maps change element by
    /// element against `current`, so a concurrent edit of another element survives the merge.
    package static func assigning(_ content: FieldContent, to field: FieldSpec, of id: RecordID, current: Record?) -> [Edit] {
        switch content {
        case .scalar(let value):
            return [.set(id, field.number, value)]
        case .set(let elements):
            let wanted = Set(elements)
            let present = Set(current?.elements(field.number) ?? [])
            return wanted.subtracting(present).sorted().map { .setElement(id, field.number, element: $0, .bool(true)) }
                + present.subtracting(wanted).sorted().map { .setElement(id, field.number, element: $0, .bool(false)) }
        case .map(let items):
            let present = Set((current?.quantities(field.number) ?? []).map(\.item))
            let wanted = Set(items.map(\.item))
            return items.map { .setElement(id, field.number, element: $0.item, .integer($0.quantity)) }
                + present.subtracting(wanted).sorted().map { .setElement(id, field.number, element: $0, .null) }
        }
    }

    /// The edits that empty `field` of `record`: every present element removed, or the value null.
    package static func clearing(_ field: FieldSpec, of record: Record) -> [Edit] {
        switch field.type {
        case .set: record.elements(field.number).map { .setElement(record.id, field.number, element: $0, .bool(false)) }
        case .map: record.quantities(field.number).map { .setElement(record.id, field.number, element: $0.item, .null) }
        default: [.set(record.id, field.number, .null)]
        }
    }
}
