import Foundation
import SnodoModel

/// How times and amounts read for people, shared by every command: local time the Italian way,
/// ISO 8601 for machines, euros with a decimal comma.
package enum Display {
    package static func localTime(_ millis: Int64, seconds: Bool = false) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "it_IT")
        formatter.timeZone = TimeZone.current
        formatter.dateFormat = seconds ? "dd/MM/yyyy HH:mm:ss" : "dd/MM/yyyy HH:mm"
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }

    package static func isoTime(_ millis: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }

    /// "1250,50", or with the sign "€ 1250,50".
    package static func euros(_ cents: Int64, symbol: Bool = true) -> String { Euros.italian(cents, symbol: symbol) }

    /// A number as an Italian reads it: `0,5`, `1,5`, `2` (a decimal comma, no trailing zero).
    package static func decimal(_ value: Double) -> String {
        var text = "\(value)"
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text.replacingOccurrences(of: ".", with: ",")
    }
}
