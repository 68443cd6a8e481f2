/// Amounts as Italians write them (CLDR it-IT): a dot between thousands, a comma before the
/// cents, the sign after: `1.250,00 €`. Every amount a person reads goes through here.
package enum Euros {
    /// `cents` as `1.250,00 €`; without the symbol for a spreadsheet cell, and without the
    /// thousands dot where a reader parses the number back (CSV).
    package static func italian(_ cents: Int64, symbol: Bool = true, grouping: Bool = true) -> String {
        let whole = String(cents.magnitude / 100)
        var digits = ""
        for (index, digit) in whole.enumerated() {
            if grouping && index > 0 && (whole.count - index) % 3 == 0 { digits += "." }
            digits.append(digit)
        }
        let fraction = cents.magnitude % 100
        return (cents < 0 ? "-" : "") + digits + "," + (fraction < 10 ? "0" : "") + String(fraction) + (symbol ? " €" : "")
    }
}
