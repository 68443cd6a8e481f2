/// A cell's value. Every value carries its type, so a replica can store and forward a field it
/// does not know (from a newer schema) without understanding it.
package enum Value: Hashable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    /// Euro cents: an amount of money, never a floating-point number.
    case cents(Int64)
    case text(String)
    /// Days since 1970-01-01: a calendar date with no time zone.
    case date(Int32)
    /// Milliseconds since 1970-01-01T00:00:00Z.
    case timestamp(Int64)
    /// Latitude and longitude in units of 1e-7 degree (about 1 cm), as in OpenStreetMap.
    case coordinates(latitudeE7: Int32, longitudeE7: Int32)
    case reference(RecordID)
    /// The code of an enumeration case; the schema names it.
    case enumeration(UInt32)
    /// A value of a type this build does not know: its tag and its payload, kept verbatim.
    case opaque(tag: UInt8, payload: [UInt8])
}

extension Value: Comparable {
    /// A total order used only to sort values deterministically for display and digests.
    package static func < (a: Value, b: Value) -> Bool {
        a.canonicalBytes.lexicographicallyPrecedes(b.canonicalBytes)
    }
}
