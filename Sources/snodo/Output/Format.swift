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
        case .enumeration(let code): return enumCase(code, type: type)?.localizedLabel ?? "#\(code)"
        case .opaque(let tag, let payload): return tr("(tipo \(tag), \(payload.count) byte)", en: "(type \(tag), \(payload.count) bytes)")
        }
    }

    func json(_ value: Value, type: FieldType?) -> JSONValue {
        switch value {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .integer(let number), .cents(let number): .integer(number)
        case .text(let text): .string(text)
        case .date(let days): .string(CivilDate(daysSinceEpoch: days).iso)
        case .timestamp(let millis): .string(Formatter.isoTime(millis))
        case .coordinates(let latitude, let longitude): .array([.number(Double(latitude) / 1e7), .number(Double(longitude) / 1e7)])
        case .reference(let id): .string(id.hex)
        case .enumeration(let code): enumCase(code, type: type).map { .string($0.name) } ?? .integer(Int64(code))
        case .opaque(let tag, let payload): .object(["tag": .integer(Int64(tag)), "hex": .string(payload.hex)])
        }
    }

    private func enumCase(_ code: UInt32, type: FieldType?) -> EnumCase? { type?.cases.first { $0.code == code } }

    /// The name typed for a code of a core field's vocabulary (`met`, `station`), from the profile.
    func caseName(_ code: UInt32?, _ field: FieldNumber, of kind: RecordKind) -> String? {
        guard let code else { return nil }
        return store.profile.type(field, of: kind)?.cases.first { $0.code == code }?.name ?? "\(code)"
    }

    /// A core field's value as text, with the labels of the store's profile.
    func text(_ record: Record, _ field: FieldNumber, of kind: RecordKind) -> String? {
        record.value(field).map { text($0, type: store.profile.type(field, of: kind)) }
    }

    /// The shortest prefix of `id`, 12 hex digits or more, that names it alone in this store: what
    /// a command prints for a person to type back. Ids made in the same millisecond share their
    /// first 12 digits, so a fixed length would not always do.
    func typeable(_ id: RecordID) -> String {
        for length in stride(from: 12, to: 32, by: 4) {
            let prefix = String(id.hex.prefix(length))
            if (try? store.findRecord(prefix)) == id { return prefix }
        }
        return id.hex
    }

    /// Who wrote a value: this laptop's operator for its own writes (under any writer id it has
    /// had), else the device id, since a laptop holds no directory of the others.
    func author(_ device: DeviceID) -> String {
        guard device == store.device || device == store.writer else { return device.hex }
        let operatorName = (try? store.setting("operator")) ?? nil
        return operatorName.map { tr("\($0) (questo portatile)", en: "\($0) (this laptop)") } ?? tr("questo portatile", en: "this laptop")
    }

    /// A short human label for a record: an address, a name, a place; the id only as a last resort.
    func label(of id: RecordID) -> String {
        guard let record = try? store.record(id), record.kind != nil else { return tr("scheda \(id.hex.prefix(12))…", en: "record \(id.hex.prefix(12))…") }
        return label(of: record)
    }

    func label(of record: Record) -> String {
        guard let spec = record.spec else { return tr("scheda \(record.id.hex.prefix(12))…", en: "record \(record.id.hex.prefix(12))…") }
        switch spec.kind {
        case .household:
            return householdLabel(record)
        case .person:
            if let name = record.text(PersonField.name) { return name }
            return record.text(PersonField.alias).map { "«\($0)»" } ?? "persona senza nome"
        case .place: return record.text(PlaceField.name) ?? "luogo"
        case .visit:
            let when = record.value(VisitField.start).map { text($0, type: .timestamp) } ?? ""
            let kind = text(record, VisitField.kind, of: .visit) ?? tr("visita", en: "visit")
            return "\(kind) \(when)".trimmingCharacters(in: .whitespaces)
        case .followUp: return record.text(FollowUpField.what) ?? "follow-up"
        case .ledgerEntry:
            let amount = record.value(LedgerField.amount).map { text($0, type: .cents) } ?? ""
            let entry = text(record, LedgerField.entry, of: .ledgerEntry) ?? ""
            return "\(entry) \(amount)".trimmingCharacters(in: .whitespaces)
        default:
            // A programme kind: the values of its title fields, else its name. A reference in a
            // title names a core record only, so that two kinds naming each other cannot loop.
            let parts = spec.title.compactMap { name -> String? in
                guard let field = spec.field(named: name), let value = record.value(field.number) else { return nil }
                if case .reference(let id) = value, let kind = try? store.kind(of: id), !Profile.core.knows(kind) { return typeable(id) }
                return text(value, type: field.type)
            }
            return parts.isEmpty ? tr(spec.singular, en: spec.englishSingular) : parts.joined(separator: ", ")
        }
    }

    /// `via Cavour 12 B, scala 2, piano 3, int. 3B, Lodi`: enough to tell apart the households of
    /// one building, which a round visits one after another.
    func householdLabel(_ record: Record) -> String {
        let street = [record.text(HouseholdField.street), record.text(HouseholdField.number), record.text(HouseholdField.building)]
            .compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: " ")
        let within: [(FieldNumber, String, String)] = [
            (HouseholdField.stair, "scala", "stair"), (HouseholdField.floor, "piano", "floor"), (HouseholdField.flat, "int.", "flat"),
        ]
        let parts = within.compactMap { field, italian, english in
            record.text(field).flatMap { $0.isEmpty ? nil : tr(italian, en: english) + " " + $0 }
        }
        return ([street] + parts + [record.text(HouseholdField.comune) ?? ""]).filter { !$0.isEmpty }.joined(separator: ", ")
    }

    static func euros(_ cents: Int64) -> String { Display.euros(cents) }
    static func localTime(_ millis: Int64) -> String { Display.localTime(millis) }
    static func isoTime(_ millis: Int64) -> String { Display.isoTime(millis) }
}
