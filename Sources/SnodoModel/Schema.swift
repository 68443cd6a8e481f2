/// A field's stable small number. The wire and the store use the number; names are for people.
package typealias FieldNumber = UInt16

/// The kinds of record a device holds (DOMAIN.md, "What a device holds").
package enum RecordKind: UInt32, CaseIterable, Sendable, Comparable {
    case household = 1
    case person = 2
    case place = 3
    case visit = 4
    case followUp = 5
    case ledgerEntry = 6

    /// The name used on the command line.
    package var name: String {
        switch self {
        case .household: "household"
        case .person: "person"
        case .place: "place"
        case .visit: "visit"
        case .followUp: "followup"
        case .ledgerEntry: "ledger"
        }
    }

    package init?(name: String) {
        guard let kind = RecordKind.allCases.first(where: { $0.name == name }) else { return nil }
        self = kind
    }

    /// Ledger entries are written once; a correction is a new entry (DOMAIN.md).
    package var isImmutable: Bool { self == .ledgerEntry }

    package static func < (a: RecordKind, b: RecordKind) -> Bool { a.rawValue < b.rawValue }
}

/// One case of an enumeration: its stable code, its command-line name and its Italian label.
package struct EnumCase: Sendable, Equatable {
    package let code: UInt32
    package let name: String
    package let label: String

    package init(_ code: UInt32, _ name: String, _ label: String) {
        self.code = code
        self.name = name
        self.label = label
    }
}

/// What a field holds. Scalars have one cell; a set has one cell per element (present or not);
/// a map has one cell per item (its quantity, or null once removed).
package indirect enum FieldType: Sendable, Equatable {
    case text
    case integer
    case cents
    case date
    case timestamp
    case coordinates
    case bool
    case reference(RecordKind?)
    case enumeration([EnumCase])
    case set(FieldType)
    case map([EnumCase])

    package var isCollection: Bool {
        switch self {
        case .set, .map: true
        default: false
        }
    }
}

/// A field of a record kind.
package struct FieldSpec: Sendable, Equatable {
    package let number: FieldNumber
    package let name: String
    package let type: FieldType
    package let isRequired: Bool

    package init(_ number: FieldNumber, _ name: String, _ type: FieldType, required: Bool = false) {
        self.number = number
        self.name = name
        self.type = type
        isRequired = required
    }
}

/// Fields every record has. Numbers 0–9 are reserved for them in every kind.
package enum CommonField {
    /// The record's kind, written once when the record is created.
    package static let kind: FieldNumber = 0
    /// Whether the record is deleted: a cell like any other, so a deletion merges like an edit.
    package static let deleted: FieldNumber = 1
    /// The district the record belongs to; scopes are made of districts.
    package static let district: FieldNumber = 2
    /// Other districts the record is shared with (a person met by units of two districts).
    package static let sharedWith: FieldNumber = 3
}
