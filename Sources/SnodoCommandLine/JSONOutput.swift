import Foundation

/// Prints a view as JSON with sorted keys, so output never depends on dictionary order. Every
/// `--json` output is an `Encodable` view struct: its shape is in its type, not in a dictionary.
package func jsonText<View: Encodable>(_ view: View) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // Views hold strings, numbers, booleans and arrays of them: encoding cannot fail.
    guard let data = try? encoder.encode(view) else { preconditionFailure("a JSON view that does not encode: \(View.self)") }
    return String(decoding: data, as: UTF8.self)
}

/// A value whose absence is written as `null`, not left out: what a reader of `--json` gets for
/// a field with no value, so that every object of a listing has the same keys.
@propertyWrapper
package struct Nullable<Wrapped: Encodable>: Encodable {
    package var wrappedValue: Wrapped?

    package init(wrappedValue: Wrapped?) { self.wrappedValue = wrappedValue }

    package func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

/// A value of a field whose type only the schema knows (a record's fields, a cell's value): the
/// few JSON shapes a field value takes.
package enum JSONValue: Encodable, Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    package func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .integer(let number): try container.encode(number)
        case .number(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        case .array(let items): try container.encode(items)
        case .object(let members): try container.encode(members)
        }
    }

    /// The text a map's item takes as an object key.
    package var keyText: String {
        switch self {
        case .null: "null"
        case .bool(let flag): "\(flag)"
        case .integer(let number): "\(number)"
        case .number(let number): "\(number)"
        case .string(let text): text
        case .array, .object: "\(self)"
        }
    }
}
