import Foundation
import SnodoModel
import SnodoStore
import SnodoCommandLine

/// Turns values into what a person reads: Italian labels, dates in local time, amounts in euros,
/// and a name or address instead of an id wherever the store knows one.
struct Formatter {
    let store: Store

    func text(_ value: Value, type: FieldType?) -> String {
        switch value {
        case .null: return ""
        case .bool(let flag): return flag ? "sì" : "no"
        case .integer(let number): return String(number)
        case .cents(let cents): return Formatter.euros(cents)
        case .text(let text): return text
        case .date(let days): return CivilDate(daysSinceEpoch: days).italian
        case .timestamp(let millis): return Formatter.localTime(millis)
        case .coordinates(let latitude, let longitude):
            return String(format: "%.5f, %.5f", Double(latitude) / 1e7, Double(longitude) / 1e7)
        case .reference(let id): return label(of: id)
        case .enumeration(let code): return enumCase(code, type: type)?.label ?? "#\(code)"
        case .opaque(let tag, let payload): return "(type \(tag), \(payload.count) bytes)"
        }
    }

    func json(_ value: Value, type: FieldType?) -> Any {
        switch value {
        case .null: return NSNull()
        case .bool(let flag): return flag
        case .integer(let number), .cents(let number): return number
        case .text(let text): return text
        case .date(let days): return CivilDate(daysSinceEpoch: days).iso
        case .timestamp(let millis): return Formatter.isoTime(millis)
        case .coordinates(let latitude, let longitude): return [Double(latitude) / 1e7, Double(longitude) / 1e7]
        case .reference(let id): return id.hex
        case .enumeration(let code): return enumCase(code, type: type)?.name ?? Int(code)
        case .opaque(let tag, let payload): return ["tag": Int(tag), "hex": payload.hex]
        }
    }

    private func enumCase(_ code: UInt32, type: FieldType?) -> EnumCase? {
        switch type {
        case .enumeration(let cases)?, .map(let cases)?, .set(.enumeration(let cases))?: cases.first { $0.code == code }
        default: nil
        }
    }

    /// A short human label for a record: an address, a name, a place; the id only as a last resort.
    func label(of id: RecordID) -> String {
        guard let record = try? store.record(id), let kind = record.kind else { return "record \(id.hex.prefix(12))…" }
        return label(of: record, kind: kind)
    }

    func label(of record: Record, kind: RecordKind) -> String {
        switch kind {
        case .household:
            let street = [record.text(11), record.text(12)].compactMap { $0 }.joined(separator: " ")
            return [street, record.text(10)].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: ", ")
        case .person:
            if let name = record.text(10) { return name }
            return record.text(11).map { "«\($0)»" } ?? "persona senza nome"
        case .place: return record.text(10) ?? "luogo"
        case .visit:
            let when = record.value(13).map { text($0, type: .timestamp) } ?? ""
            let kind = record.value(15).map { text($0, type: RecordKind.visit.field(numbered: 15)?.type) } ?? "visita"
            return "\(kind) \(when)".trimmingCharacters(in: .whitespaces)
        case .followUp: return record.text(10) ?? "follow-up"
        case .ledgerEntry:
            let amount = record.value(13).map { text($0, type: .cents) } ?? ""
            let entry = record.value(11).map { text($0, type: RecordKind.ledgerEntry.field(numbered: 11)?.type) } ?? ""
            return "\(entry) \(amount)".trimmingCharacters(in: .whitespaces)
        }
    }

    static func euros(_ cents: Int64) -> String { Display.euros(cents) }
    static func localTime(_ millis: Int64) -> String { Display.localTime(millis) }
    static func isoTime(_ millis: Int64) -> String { Display.isoTime(millis) }
}

var jsonNull: Any { NSNull() }
