import SnodoModel
import SnodoStore

/// A record as it stands on this replica: the winning value of each field.
public struct RecordSnapshot: Hashable, Sendable {
    public let id: RecordIdentifier
    /// Nil while the change that created the record has not arrived (changes come in any order).
    public let kind: String?
    /// The district the record belongs to; scopes are made of districts.
    public let district: String?
    public let isDeleted: Bool
    /// The fields that have a value, by name. Sets and maps appear once they have an element.
    public let fields: [String: FieldValue]
    /// Fields with concurrent values awaiting a person's choice (see `Replica.conflicts()`).
    public let fieldsInConflict: [String]

    init(_ record: Record) {
        id = RecordIdentifier(record.id)
        kind = record.spec?.name
        district = record.district
        isDeleted = record.isDeleted
        let specs = record.spec?.fields ?? []
        fields = Dictionary(uniqueKeysWithValues: specs.compactMap { spec in RecordSnapshot.value(of: spec, in: record).map { (spec.name, $0) } })
        let conflicting = Set(record.conflicts.keys.map(\.field))
        fieldsInConflict = specs.filter { conflicting.contains($0.number) }.map(\.name)
    }

    /// A field's current value: the scalar, the set's elements or the map's quantities.
    static func value(of field: FieldSpec, in record: Record) -> FieldValue? {
        switch field.type {
        case .set(let elementType):
            let elements = record.elements(field.number).compactMap { FieldValue($0, as: elementType) }
            return elements.isEmpty ? nil : .choices(elements)
        case .map:
            var items: [String: Int64] = [:]
            for (item, quantity) in record.quantities(field.number) {
                if case .choice(let name)? = FieldValue(item, as: field.type) { items[name] = quantity }
            }
            return items.isEmpty ? nil : .quantities(items)
        default:
            return record.value(field.number).flatMap { FieldValue($0, as: field.type) }
        }
    }
}

/// Concurrent values of one cell that lost to the winner, awaiting a person's choice.
public struct OpenConflict: Hashable, Sendable {
    public let record: RecordIdentifier
    public let field: String
    /// For a set or map field, the element in conflict; nil for a scalar field.
    public let element: FieldValue?
    /// The value every replica shows until someone resolves the conflict.
    public let winner: FieldValue?
    /// The concurrent values that lost, newest first.
    public let others: [FieldValue?]
    let key: CellKey
}

/// One write in a record's history.
public struct HistoryItem: Hashable, Sendable {
    public let field: String
    /// For a set or map field, the element written.
    public let element: FieldValue?
    /// Nil when the write cleared the field.
    public let value: FieldValue?
    /// The writing replica's id, 16 hex digits.
    public let writer: String
    /// When it was written, by the writer's hybrid clock (milliseconds since 1970, UTC).
    public let writtenMillis: Int64
}
