import SnodoModel

/// A record kind of the schema, as an app builds its forms from it.
public struct KindDescription: Hashable, Sendable {
    /// The kind's name (`"household"`, `"visit"`).
    public let name: String
    /// Records of this kind are written once: a correction is a new record.
    public let isWriteOnce: Bool
    public let fields: [FieldDescription]
}

/// A field of a record kind.
public struct FieldDescription: Hashable, Sendable {
    public let name: String
    /// A new record must give it.
    public let isRequired: Bool
    /// What the field takes, in the words `FieldValue` uses (`"text"`, `".choices of …"`).
    public let takes: String
    /// The names its `.choice`, `.choices` or `.quantities` values may use, in schema order.
    public let choices: [String]
}

extension KindDescription {
    init(_ kind: KindSpec) {
        name = kind.name
        isWriteOnce = kind.isWriteOnce
        fields = kind.fields.map(FieldDescription.init)
    }
}

extension FieldDescription {
    init(_ field: FieldSpec) {
        name = field.name
        isRequired = field.isRequired
        takes = FieldValue.expectation(field.type)
        choices =
            switch field.type {
            case .enumeration(let cases), .map(let cases), .set(.enumeration(let cases)): cases.map(\.name)
            default: []
            }
    }
}

extension Replica {
    /// The kind named `name` in the replica's profile, or the error that lists the names there are.
    func named(_ name: String) throws(SnodoError) -> KindSpec {
        guard let kind = store.profile.spec(named: name) else { throw .unknownKind(name, known: store.profile.kinds.map(\.name)) }
        return kind
    }
}

extension KindSpec {
    /// The field named `name`, or the error that says the kind has none.
    func field(_ name: String) throws(SnodoError) -> FieldSpec {
        guard let field = field(named: name) else { throw .unknownField(name, kind: self.name) }
        return field
    }
}
