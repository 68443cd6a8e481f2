/// A field's stable small number. The wire and the store use the number; names are for people.
package typealias FieldNumber = UInt16

/// A kind of record, by its stable code: the code is what the `kind` cell holds and what travels.
/// Which kinds exist, and what they are called, is the programme profile's (`Profile`); the core
/// kinds the workflows rely on are named here.
package struct RecordKind: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    package let rawValue: UInt32

    package init(rawValue: UInt32) { self.rawValue = rawValue }

    package static let household = RecordKind(rawValue: 1)
    package static let person = RecordKind(rawValue: 2)
    package static let place = RecordKind(rawValue: 3)
    package static let visit = RecordKind(rawValue: 4)
    package static let followUp = RecordKind(rawValue: 5)
    package static let ledgerEntry = RecordKind(rawValue: 6)

    package var description: String { "#\(rawValue)" }

    package static func < (a: RecordKind, b: RecordKind) -> Bool { a.rawValue < b.rawValue }
}

/// One case of a vocabulary: its stable code, its command-line name and its labels.
package struct EnumCase: Sendable, Equatable {
    package let code: UInt32
    package let name: String
    /// The Italian label operators read.
    package let label: String
    package let english: String

    package init(_ code: UInt32, _ name: String, _ label: String, english: String? = nil) {
        self.code = code
        self.name = name
        self.label = label
        self.english = english ?? label
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

    /// The vocabulary of a choice, of a set of choices or of quantities; empty for other types.
    package var cases: [EnumCase] {
        switch self {
        case .enumeration(let cases), .map(let cases), .set(.enumeration(let cases)): cases
        default: []
        }
    }
}

/// A field of a record kind.
package struct FieldSpec: Sendable, Equatable {
    package let number: FieldNumber
    package let name: String
    package let type: FieldType
    package let isRequired: Bool
    /// The Italian label a person reads, and the English one.
    package let label: String
    package let english: String
    /// The programme report counts it: each choice, or the sum of an amount or a number.
    package let isCounted: Bool

    package init(
        _ number: FieldNumber, _ name: String, _ type: FieldType, required: Bool = false, label: String? = nil, english: String? = nil,
        counted: Bool = false
    ) {
        self.number = number
        self.name = name
        self.type = type
        isRequired = required
        self.label = label ?? name
        self.english = english ?? name
        isCounted = counted
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
    /// The lowest number a profile's own field may take.
    package static let firstProfileField: FieldNumber = 10
}

package enum Schema {
    /// The wire's schema version in HELLO. Profiles add kinds and fields without changing it: a
    /// replica keeps and relays cells of fields and kinds it does not know.
    package static let version: UInt32 = 1
}
