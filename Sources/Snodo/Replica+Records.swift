import SnodoModel
import SnodoStore

extension Replica {
    /// Creates a record of `kind` with `values` (by field name) in one transaction, and returns
    /// its id. Every required field must be given, `district` among them: it places the record in
    /// the scopes that hold it.
    @discardableResult
    public func create(_ kind: String, _ values: [String: FieldValue]) throws(SnodoError) -> RecordIdentifier {
        let kind = try named(kind)
        for field in kind.fields where field.isRequired && values[field.name] == nil {
            throw .missingField(field.name, kind: kind.name)
        }
        let id = store.newRecordID()
        var edits: [Edit] = [.set(id, CommonField.kind, .enumeration(kind.kind.rawValue))]
        edits += try self.edits(values, of: kind, for: id, current: nil)
        try commit(edits)
        return RecordIdentifier(id)
    }

    /// Changes fields of a record in one transaction: a value sets the field (a set or map as a
    /// whole, element by element, so a concurrent edit of another element survives), nil clears it.
    public func edit(_ id: RecordIdentifier, _ values: [String: FieldValue?]) throws(SnodoError) {
        let record = try existing(id)
        let kind = try named(record.spec?.name ?? "")
        guard !kind.isWriteOnce else { throw .immutable(kind: kind.name) }
        var edits: [Edit] = []
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            let field = try kind.field(name)
            if let value {
                edits += Edit.assigning(try value.content(for: field), to: field, of: id.id, current: record)
            } else {
                guard !field.isRequired else { throw .invalidValue(field: name, expected: "a value (it is required)") }
                edits += Edit.clearing(field, of: record)
            }
        }
        try commit(edits)
    }

    /// Marks a record deleted (`restore: true` takes it back). A deletion merges like any edit;
    /// to remove a person's data from every replica, use `erase`.
    public func delete(_ id: RecordIdentifier, restore: Bool = false) throws(SnodoError) {
        _ = try existing(id)
        try commit([.set(id.id, CommonField.deleted, .bool(!restore))])
    }

    /// The record as it stands here; nil when this replica does not hold it.
    public func record(_ id: RecordIdentifier) throws(SnodoError) -> RecordSnapshot? {
        try SnodoError.wrapping { try store.record(id.id).map(RecordSnapshot.init) }
    }

    /// The records of `kind`, oldest first; deleted ones only when asked.
    public func records(_ kind: String, includingDeleted: Bool = false) throws(SnodoError) -> [RecordSnapshot] {
        let kind = try named(kind)
        return try SnodoError.wrapping { try store.records(of: kind.kind, includeDeleted: includingDeleted).map(RecordSnapshot.init) }
    }

    /// Finds a record by the start of its id (at least 4 hex digits), as a person types it.
    public func find(_ prefix: String) throws(SnodoError) -> RecordIdentifier {
        try SnodoError.wrapping { RecordIdentifier(try store.findRecord(prefix)) }
    }

    func existing(_ id: RecordIdentifier) throws(SnodoError) -> Record {
        guard let record = try SnodoError.wrapping({ try store.record(id.id) }), record.kind != nil else { throw .noSuchRecord(id) }
        return record
    }

    func edits(_ values: [String: FieldValue], of kind: KindSpec, for id: RecordID, current: Record?) throws(SnodoError) -> [Edit] {
        var edits: [Edit] = []
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            let field = try kind.field(name)
            edits += Edit.assigning(try value.content(for: field), to: field, of: id, current: current)
        }
        return edits
    }

    /// Commits local edits as one transaction and tells the observers.
    func commit(_ edits: [Edit]) throws(SnodoError) {
        let writes = try SnodoError.wrapping { try store.write { try $0.commit(edits) } }
        feed.publish(ReplicaChange(origin: .local, records: Set(writes.map { RecordIdentifier($0.key.record) })))
    }
}
