import Foundation
import SnodoModel
import SnodoStore
import SnodoCommandLine

/// A field's value as typed on the command line, parsed and checked against the schema.
enum FieldInput {
    /// Parses `text` for `field`; `lookup` resolves a record reference (unique prefix allowed).
    static func parse(_ text: String, for field: FieldSpec, lookup: RecordLookup) throws -> FieldContent {
        switch field.type {
        case .set(let element):
            let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return .set(try items.map { try scalar($0, type: element, option: field.name, lookup: lookup) })
        case .map(let cases):
            return .map(try text.split(separator: ",").map { try mapItem(String($0), cases: cases, option: field.name) })
        default:
            return .scalar(try scalar(text, type: field.type, option: field.name, lookup: lookup))
        }
    }

    static func scalar(_ text: String, type: FieldType, option: String, lookup: RecordLookup) throws -> Value {
        func malformed(_ expected: String) -> CommandError {
            .usage(tr("valore non valido per --\(option) (atteso: \(expected))", en: "malformed value for --\(option) (expected \(expected))"), usageLine: "")
        }
        switch type {
        case .text:
            guard text.utf8.count <= ValueLimits.textBytesMax else {
                throw malformed(tr("testo di al massimo \(ValueLimits.textBytesMax) byte", en: "at most \(ValueLimits.textBytesMax) bytes of text"))
            }
            return .text(text)
        case .integer:
            guard let number = Int64(text) else { throw malformed(tr("un numero intero", en: "a whole number")) }
            return .integer(number)
        case .cents:
            guard let cents = ItalianInput.cents(text) else {
                throw malformed(tr("un importo in euro come 120, 12,50 o 1.500,00", en: "an amount in euros like 120, 12,50 or 1.500,00"))
            }
            return .cents(cents)
        case .date:
            guard let date = ItalianInput.date(text) else {
                throw malformed(tr("una data come gg/mm/aaaa o AAAA-MM-GG", en: "a date as dd/mm/yyyy or YYYY-MM-DD"))
            }
            return .date(date.daysSinceEpoch)
        case .timestamp:
            guard let millis = ItalianInput.timestamp(text) else {
                throw malformed(
                    tr("ora locale come gg/mm/aaaa hh:mm o AAAA-MM-GG HH:MM, oppure adesso", en: "local time as dd/mm/yyyy hh:mm or YYYY-MM-DD HH:MM, or now"))
            }
            return .timestamp(millis)
        case .coordinates:
            guard let value = parseCoordinates(text) else {
                throw malformed(
                    tr(
                        "latitudine,longitudine in gradi, come 45.3097,9.5037 o 45,3097;9,5037",
                        en: "latitude,longitude in degrees, like 45.3097,9.5037 or 45,3097;9,5037"))
            }
            return value
        case .bool:
            switch text.lowercased() {
            case "yes", "true", "si", "sì", "1": return .bool(true)
            case "no", "false", "0": return .bool(false)
            default: throw malformed(tr("sì o no", en: "yes or no"))
            }
        case .reference(let kind):
            let (id, found) = try lookup.find(text)
            if let kind, found?.kind != kind {
                let wanted = KindNames.withArticle(kind, in: lookup.profile)
                throw CommandError.failure(
                    tr(
                        "--\(option) deve indicare \(wanted), e \(id.hex) è \(found?.withArticle ?? "una scheda di tipo sconosciuto")",
                        en: "--\(option) must name \(wanted), and \(id.hex) is a \(found?.englishSingular ?? "record of unknown kind")"))
            }
            return .reference(id)
        case .enumeration(let cases):
            guard let match = cases.first(where: { $0.name == text.lowercased() }) else {
                let accepted = cases.map(\.name).joined(separator: ", ")
                throw CommandError.usage(
                    tr(
                        "valore sconosciuto '\(text)' per --\(option) (accettati: \(accepted))",
                        en: "unknown value '\(text)' for --\(option) (accepted: \(accepted))"),
                    usageLine: "")
            }
            return .enumeration(match.code)
        case .set, .map:
            preconditionFailure("collections are parsed by parse(_:for:lookup:)")
        }
    }

    /// `meal=2` or `meal` (one).
    private static func mapItem(_ text: String, cases: [EnumCase], option: String) throws -> (item: Value, quantity: Int64) {
        let parts = text.split(separator: "=", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count <= 2, let match = cases.first(where: { $0.name == parts[0].lowercased() }) else {
            let accepted = cases.map(\.name).joined(separator: ", ")
            throw CommandError.usage(
                tr(
                    "voce sconosciuta '\(parts[0])' per --\(option) (accettate: \(accepted), ciascuna come VOCE=QUANTITÀ)",
                    en: "unknown item '\(parts[0])' for --\(option) (accepted: \(accepted), each as ITEM=QUANTITY)"), usageLine: "")
        }
        let quantity = parts.count == 2 ? Int64(parts[1]) : 1
        guard let quantity, quantity > 0, quantity <= 100_000 else {
            throw CommandError.usage(
                tr(
                    "quantità non valida per --\(option) voce \(match.name) (atteso: un numero intero da 1 a 100000)",
                    en: "malformed quantity for --\(option) item \(match.name) (expected a whole number from 1 to 100000)"), usageLine: "")
        }
        return (.enumeration(match.code), quantity)
    }

    /// `45.3097,9.5037`, or with decimal commas `45,3097;9,5037` or `45,3097 9,5037`.
    static func parseCoordinates(_ text: String) -> Value? {
        let separator: Character = text.contains(";") ? ";" : (text.contains(",") && !text.contains(" ") ? "," : " ")
        let parts = text.split(separator: separator).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard parts.count == 2, let latitude = ItalianInput.decimal(parts[0]), let longitude = ItalianInput.decimal(parts[1]),
            (-90...90).contains(latitude), (-180...180).contains(longitude)
        else { return nil }
        return .coordinates(latitudeE7: Int32((latitude * 1e7).rounded()), longitudeE7: Int32((longitude * 1e7).rounded()))
    }
}

/// How a field option finds the record it names: by id or prefix, with the kind the store's
/// profile gives it.
struct RecordLookup {
    let profile: Profile
    let find: (String) throws -> (RecordID, KindSpec?)
}
