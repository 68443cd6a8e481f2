import SnodoModel
import SnodoStore

/// A record's identity: 128 bits, time-ordered, the same on every replica. Its text form is 32
/// lowercase hex digits.
public struct RecordIdentifier: Hashable, Comparable, Sendable, CustomStringConvertible {
    let id: RecordID

    init(_ id: RecordID) { self.id = id }

    /// Reads the 32-hex-digit form that `description` prints; nil for anything else.
    public init?(_ text: String) {
        guard text.count == 32, let id = RecordID(hex: text) else { return nil }
        self.id = id
    }

    /// The 32 lowercase hex digits.
    public var description: String { id.hex }

    public static func < (a: RecordIdentifier, b: RecordIdentifier) -> Bool { a.id < b.id }
}

/// The value of one field of a record, in the terms of the programme's schema: choices by their
/// names, amounts in cents, dates as calendar days.
public enum FieldValue: Hashable, Sendable {
    case text(String)
    case integer(Int64)
    /// Euro cents: `.amount(cents: 150_000)` is 1.500,00 €.
    case amount(cents: Int64)
    case bool(Bool)
    /// A calendar day, without a time zone.
    case date(year: Int, month: Int, day: Int)
    /// An instant, in milliseconds since 1970-01-01 UTC.
    case time(millisSince1970: Int64)
    /// Degrees, stored to seven decimals (about a centimetre).
    case coordinates(latitude: Double, longitude: Double)
    /// Another record (a visit's household, a follow-up's person).
    case record(RecordIdentifier)
    /// One value of the field's vocabulary, by name (`"met"`, `"home-monitoring"`).
    case choice(String)
    /// A set field: the elements present.
    case choices([FieldValue])
    /// A map field: each vocabulary value with its quantity (`["food-parcel": 2]`).
    case quantities([String: Int64])
}

extension FieldValue: CustomStringConvertible {
    /// The value as a person reads it: text as it is, choices by name, amounts as 1.500,00 €,
    /// dates as 31/10/2026.
    public var description: String {
        switch self {
        case .text(let text): text
        case .integer(let number): String(number)
        case .amount(let cents): Euros.italian(cents)
        case .bool(let flag): flag ? "sì" : "no"
        case .date(let year, let month, let day): FieldValue.twoDigits(day) + "/" + FieldValue.twoDigits(month) + "/" + String(year)
        case .time(let millis): "\(millis) ms"
        case .coordinates(let latitude, let longitude): "\(latitude), \(longitude)"
        case .record(let id): id.description
        case .choice(let name): name
        case .choices(let elements): elements.map(\.description).joined(separator: ", ")
        case .quantities(let items): items.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        }
    }

    private static func twoDigits(_ number: Int) -> String { number < 10 ? "0\(number)" : String(number) }
}

extension FieldValue {
    /// The value a cell holds, read as `type` says; nil for a null cell or bytes this build cannot
    /// read (a newer programme's value type), which the store keeps and passes on untouched.
    init?(_ value: Value, as type: FieldType) {
        switch (value, type) {
        case (.text(let text), _): self = .text(text)
        case (.integer(let number), _): self = .integer(number)
        case (.cents(let cents), _): self = .amount(cents: cents)
        case (.bool(let flag), _): self = .bool(flag)
        case (.date(let days), _):
            let date = CivilDate(daysSinceEpoch: days)
            self = .date(year: date.year, month: date.month, day: date.day)
        case (.timestamp(let millis), _): self = .time(millisSince1970: millis)
        case (.coordinates(let latitude, let longitude), _):
            self = .coordinates(latitude: Double(latitude) / 1e7, longitude: Double(longitude) / 1e7)
        case (.reference(let id), _): self = .record(RecordIdentifier(id))
        case (.enumeration(let code), .enumeration(let cases)), (.enumeration(let code), .map(let cases)):
            self = .choice(cases.first { $0.code == code }?.name ?? "#\(code)")
        case (.enumeration(let code), .set(.enumeration(let cases))):
            self = .choice(cases.first { $0.code == code }?.name ?? "#\(code)")
        case (.enumeration(let code), _): self = .choice("#\(code)")
        case (.null, _), (.opaque, _): return nil
        }
    }

    /// The cell value for a scalar of `type`, or why this value does not fit it.
    func scalar(as type: FieldType, field: String) throws(SnodoError) -> Value {
        switch (self, type) {
        case (.text(let text), .text): return .text(text)
        case (.integer(let number), .integer): return .integer(number)
        case (.amount(let cents), .cents): return .cents(cents)
        case (.bool(let flag), .bool): return .bool(flag)
        case (.date(let year, let month, let day), .date):
            guard let date = CivilDate(year: year, month: month, day: day) else {
                throw .invalidValue(field: field, expected: "a calendar day that exists")
            }
            return .date(date.daysSinceEpoch)
        case (.time(let millis), .timestamp): return .timestamp(millis)
        case (.coordinates(let latitude, let longitude), .coordinates):
            guard (-90...90).contains(latitude), (-180...180).contains(longitude) else {
                throw .invalidValue(field: field, expected: "latitude within ±90 and longitude within ±180 degrees")
            }
            return .coordinates(latitudeE7: Int32((latitude * 1e7).rounded()), longitudeE7: Int32((longitude * 1e7).rounded()))
        case (.record(let id), .reference): return .reference(id.id)
        case (.choice(let name), .enumeration(let cases)):
            guard let match = cases.first(where: { $0.name == name }) else {
                throw .invalidValue(field: field, expected: "one of " + cases.map(\.name).joined(separator: ", "))
            }
            return .enumeration(match.code)
        default:
            throw .invalidValue(field: field, expected: Self.expectation(type))
        }
    }

    /// What a field of `type` takes, in the words of an error message.
    static func expectation(_ type: FieldType) -> String {
        switch type {
        case .text: "text"
        case .integer: "an integer"
        case .cents: ".amount(cents:)"
        case .date: ".date(year:month:day:)"
        case .timestamp: ".time(millisSince1970:)"
        case .coordinates: ".coordinates(latitude:longitude:)"
        case .bool: "a bool"
        case .reference: ".record(id)"
        case .enumeration(let cases): "a .choice of " + cases.map(\.name).joined(separator: ", ")
        case .set(let element): ".choices of " + expectation(element)
        case .map(let cases): ".quantities of " + cases.map(\.name).joined(separator: ", ")
        }
    }

    /// The content this value gives a field of any shape: scalars, sets and maps.
    func content(for field: FieldSpec) throws(SnodoError) -> FieldContent {
        switch (self, field.type) {
        case (.choices(let elements), .set(let elementType)):
            var values: [Value] = []
            for element in elements { values.append(try element.scalar(as: elementType, field: field.name)) }
            return .set(values)
        case (.quantities(let items), .map(let cases)):
            var pairs: [(item: Value, quantity: Int64)] = []
            for (name, quantity) in items.sorted(by: { $0.key < $1.key }) {
                guard let match = cases.first(where: { $0.name == name }), quantity > 0 else {
                    throw .invalidValue(field: field.name, expected: "positive quantities of " + cases.map(\.name).joined(separator: ", "))
                }
                pairs.append((.enumeration(match.code), quantity))
            }
            return .map(pairs)
        case (_, .set), (_, .map):
            throw .invalidValue(field: field.name, expected: Self.expectation(field.type))
        default:
            return .scalar(try scalar(as: field.type, field: field.name))
        }
    }
}
