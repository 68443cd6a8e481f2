import Foundation
import Testing
import SnodoModel

/// The core profile is data every replica must agree on: a field's number names it on the wire and
/// in every store, so a number is never renumbered or reused. `Protocol/schema.txt` is the committed
/// catalog of the core profile (the same as schema 1's, before profiles were data); a change shows
/// in its diff (`SNODO_WRITE_VECTORS=1 swift test --filter SchemaCatalogTests` writes it), and a
/// test fails until it is committed.
@Suite struct SchemaCatalogTests {
    static let catalogPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Protocol/schema.txt").path

    /// One line per kind, field and vocabulary value: `kind CODE NAME`, `  field NUMBER NAME TYPE`,
    /// `    value CODE NAME`.
    static func catalog() -> String {
        var lines = ["# Snodo schema \(Schema.version): record kinds, field numbers and vocabulary codes (generated)"]
        for kind in Profile.core.kinds {
            lines.append("kind \(kind.kind.rawValue) \(kind.name)")
            for field in kind.fields {
                lines.append("  field \(field.number) \(field.name) \(typeName(field.type))\(field.isRequired ? " required" : "")")
                for value in vocabulary(field.type) { lines.append("    value \(value.code) \(value.name)") }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func typeName(_ type: FieldType) -> String {
        switch type {
        case .text: "text"
        case .integer: "integer"
        case .cents: "cents"
        case .date: "date"
        case .timestamp: "timestamp"
        case .coordinates: "coordinates"
        case .bool: "bool"
        case .reference(let kind): "reference(\(Profile.core.spec(kind)?.name ?? "any"))"
        case .enumeration: "enumeration"
        case .set(let element): "set(\(typeName(element)))"
        case .map: "map"
        }
    }

    static func vocabulary(_ type: FieldType) -> [EnumCase] { type.cases }

    @Test func theCommittedCatalogIsTheSchema() throws {
        let catalog = Self.catalog()
        if ProcessInfo.processInfo.environment["SNODO_WRITE_VECTORS"] == "1" {
            try catalog.write(toFile: Self.catalogPath, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOfFile: Self.catalogPath, encoding: .utf8)
        #expect(committed == catalog, "the schema differs from Protocol/schema.txt: regenerate it and review the diff (no number may change)")
    }

    @Test func numbersAndNamesAreUniqueWithinEachKindAndVocabulary() {
        let kinds = Profile.core.kinds
        #expect(Set(kinds.map(\.name)).count == kinds.count)
        for kind in kinds {
            let fields = kind.fields
            #expect(Set(fields.map(\.number)).count == fields.count, "\(kind.name): a field number twice")
            #expect(Set(fields.map(\.name)).count == fields.count, "\(kind.name): a field name twice")
            for field in fields where field.number >= 10 {
                #expect(kind.field(numbered: field.number)?.name == field.name)
            }
            #expect(
                fields.allSatisfy { $0.number == CommonField.district || $0.number == CommonField.sharedWith || $0.number >= 10 },
                "\(kind.name): numbers below 10 are the common fields'")
            for field in fields {
                let values = Self.vocabulary(field.type)
                #expect(Set(values.map(\.code)).count == values.count, "\(kind.name).\(field.name): a code twice")
                #expect(Set(values.map(\.name)).count == values.count, "\(kind.name).\(field.name): a name twice")
            }
        }
    }
}
