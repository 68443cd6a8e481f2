import Foundation
import SnodoModel
import SnodoStore

/// One figure the report counts for a kind the programme's profile adds: its records, a value of
/// a counted choice (`fase: termine di grazia`), or the sum of a counted amount or number.
package struct ProgrammeFigure: Hashable, Comparable, Sendable {
    package let kind: RecordKind
    /// Nil for the count of records.
    package let field: FieldNumber?
    /// The choice counted, nil for a sum.
    package let code: UInt32?

    package static func < (a: ProgrammeFigure, b: ProgrammeFigure) -> Bool {
        (a.kind.rawValue, a.field ?? 0, a.code ?? 0) < (b.kind.rawValue, b.field ?? 0, b.code ?? 0)
    }

    /// The record's figures: one record, each counted choice it holds, each counted sum.
    static func figures(of record: Record, spec: KindSpec) -> [(ProgrammeFigure, Int64)] {
        var figures = [(ProgrammeFigure(kind: spec.kind, field: nil, code: nil), Int64(1))]
        for field in spec.fields where field.isCounted {
            switch field.type {
            case .enumeration:
                if case .enumeration(let code)? = record.value(field.number) {
                    figures.append((ProgrammeFigure(kind: spec.kind, field: field.number, code: code), 1))
                }
            case .set(.enumeration):
                for case .enumeration(let code) in record.elements(field.number) {
                    figures.append((ProgrammeFigure(kind: spec.kind, field: field.number, code: code), 1))
                }
            case .cents, .integer:
                switch record.value(field.number) {
                case .cents(let amount)?, .integer(let amount)?: figures.append((ProgrammeFigure(kind: spec.kind, field: field.number, code: nil), amount))
                default: break
                }
            default: break
            }
        }
        return figures
    }

    /// The date a record of a programme kind counts on: its first date or time field.
    static func date(of record: Record, field: FieldSpec, timeZone: TimeZone) -> CivilDate? {
        switch record.value(field.number) {
        case .date(let days)?: CivilDate(daysSinceEpoch: days)
        case .timestamp(let millis)?: Rounds.localDate(millis, timeZone)
        default: nil
        }
    }

    /// The measure and item as the report's rows name them: `sfratti`, `fase: termine di grazia`.
    package func words(in profile: Profile) -> (String, String) {
        let spec = profile.spec(kind)
        let measure = spec?.plural ?? "tipo \(kind.rawValue)"
        guard let number = field, let field = spec?.field(numbered: number) else { return (measure, "totale") }
        guard let code else { return (measure, field.label + (field.type == .cents ? " (€)" : "")) }
        return (measure, field.label + ": " + (field.type.cases.first { $0.code == code }?.label ?? "#\(code)"))
    }

    package func isAmount(in profile: Profile) -> Bool {
        guard code == nil, let number = field else { return false }
        return profile.field(number, of: kind)?.type == .cents
    }
}
