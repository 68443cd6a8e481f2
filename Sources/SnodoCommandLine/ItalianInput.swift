import Foundation
import SnodoModel

/// What a person types, read the Italian way first: decimal comma and thousands dot, dates as
/// dd/mm/yyyy (and yyyy-mm-dd), times as hh:mm, in the local time zone. Every parser returns nil
/// for text it cannot read whole; the caller says what is accepted.
package enum ItalianInput {
    /// `31/10/2026`, `1/3/2026`, `31.10.2026` or `2026-10-31`.
    package static func date(_ text: String) -> CivilDate? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if let iso = CivilDate(iso: text) { return iso }
        guard let separator = text.first(where: { $0 == "/" || $0 == "." }) else { return nil }
        let parts = text.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2])
        else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }

    /// `31/10/2026 22:00`, `31/10/2026` (midnight), `2026-10-31 22:00`, `2026-10-31T22:00` or `now`,
    /// in `timeZone`: milliseconds since 1970.
    package static func timestamp(_ text: String, now: () -> Date = Date.init, timeZone: TimeZone = .current) -> Int64? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text == "now" || text == "adesso" { return Int64(now().timeIntervalSince1970 * 1000) }
        let pieces = text.replacingOccurrences(of: "T", with: " ").split(separator: " ", omittingEmptySubsequences: true)
        guard (1...2).contains(pieces.count), let day = date(String(pieces[0])) else { return nil }
        var minutes = 0
        if pieces.count == 2 {
            let clock = pieces[1].split(separator: ":", omittingEmptySubsequences: false)
            guard clock.count == 2, (1...2).contains(clock[0].count), clock[1].count == 2,
                let hour = Int(clock[0]), let minute = Int(clock[1]), (0...23).contains(hour), (0...59).contains(minute)
            else { return nil }
            minutes = hour * 60 + minute
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let components = DateComponents(year: day.year, month: day.month, day: day.day, hour: minutes / 60, minute: minutes % 60)
        return calendar.date(from: components).map { Int64($0.timeIntervalSince1970 * 1000) }
    }

    /// A decimal number: `0,5`, `0.5`, `1.234,5` or `-37,5`.
    package static func decimal(_ text: String) -> Double? {
        var text = text.trimmingCharacters(in: .whitespaces)
        if text.contains(",") {
            // The comma is the decimal mark; dots before it group thousands.
            guard text.filter({ $0 == "," }).count == 1 else { return nil }
            text = text.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
        }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+") }) else { return nil }
        return Double(text)
    }

    /// Euros with at most two decimals, as cents: `1.500,00`, `1500,5`, `12.50`, `€ 120`, `-3,20`.
    /// With a comma, it is the decimal mark and dots group thousands; without one, a dot followed
    /// by exactly three digits groups thousands (`1.500` is 1500 €), else it is the decimal mark.
    package static func cents(_ text: String) -> Int64? {
        var body = Substring(text.replacingOccurrences(of: "€", with: "").trimmingCharacters(in: .whitespaces))
        let negative = body.hasPrefix("-")
        if negative { body = body.dropFirst() }
        let (whole, fraction) = split(body)
        guard let whole, let euros = grouped(whole), euros <= 100_000_000 else { return nil }
        var cents: Int64 = 0
        if let fraction {
            guard (1...2).contains(fraction.count), fraction.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(fraction) else { return nil }
            cents = fraction.count == 1 ? value * 10 : value
        }
        let total = euros * 100 + cents
        return negative ? -total : total
    }

    /// The whole part and the decimals of an amount, by the rules of `cents`.
    private static func split(_ body: Substring) -> (whole: Substring?, fraction: Substring?) {
        if let comma = body.firstIndex(of: ",") {
            guard body[body.index(after: comma)...].firstIndex(of: ",") == nil else { return (nil, nil) }
            return (body[..<comma], body[body.index(after: comma)...])
        }
        let dots = body.split(separator: ".", omittingEmptySubsequences: false)
        if dots.count == 2, dots[1].count != 3 { return (dots[0], dots[1]) }
        return (body, nil)
    }

    /// Digits, with dots between groups of three (`1.500.000`) or without any.
    private static func grouped(_ text: Substring) -> Int64? {
        let groups = text.split(separator: ".", omittingEmptySubsequences: false)
        guard let first = groups.first, (1...(groups.count == 1 ? 12 : 3)).contains(first.count),
            groups.count == 1 || first.first != "0", groups.dropFirst().allSatisfy({ $0.count == 3 }),
            groups.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return nil }
        return Int64(groups.joined())
    }
}
