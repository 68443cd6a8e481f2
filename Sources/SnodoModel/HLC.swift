/// A hybrid logical clock reading: 48 bits of wall-clock milliseconds and 16 bits of logical
/// counter in one `UInt64`, so comparing two readings is comparing two integers.
package struct HLC: Hashable, Comparable, Sendable, CustomStringConvertible {
    package static let logicalBits: UInt64 = 16
    package static let logicalMask: UInt64 = (1 << logicalBits) - 1

    package let raw: UInt64

    package init(raw: UInt64) { self.raw = raw }

    package init(millis: Int64, logical: UInt16 = 0) {
        // 48 bits of milliseconds reach the year 10889: a reading past them is a broken wall clock,
        // and shifting it would wrap to a stamp in the past.
        precondition(millis < 1 << 48, "a clock reading beyond 48 bits of milliseconds")
        raw = (UInt64(max(0, millis)) << HLC.logicalBits) | UInt64(logical)
    }

    package static let zero = HLC(raw: 0)

    package var millis: Int64 { Int64(raw >> HLC.logicalBits) }
    package var logical: UInt16 { UInt16(raw & HLC.logicalMask) }

    /// The smallest reading above this one: the logical counter carries into the milliseconds.
    package var successor: HLC { HLC(raw: raw + 1) }

    package var description: String { "\(millis).\(logical)" }

    package static func < (a: HLC, b: HLC) -> Bool { a.raw < b.raw }
}

/// What a device's clock did when it saw a remote reading.
package enum ClockObservation: Equatable, Sendable {
    /// The remote reading was within the bound; the clock now stands at or above it.
    case accepted
    /// The remote reading was further ahead of this device's wall clock than the bound: the
    /// clock advanced only to the bound, and the caller reports the skew.
    case aheadOfBound(skewMillis: Int64)
}

/// The hybrid logical clock of one replica. The wall clock is an input, never read here, so the
/// simulator can drive it; the state is the last reading issued or observed.
///
/// Rules (Kulkarni et al., "Logical Physical Clocks", 2014): a new reading is above every reading
/// this replica issued or observed, and follows the wall clock when the wall clock is ahead.
/// A remote reading further in the future than `skewMillisMax` is a broken clock: following it
/// would drag this replica's stamps days ahead, so the clock stops at the bound.
package struct HybridClock: Sendable {
    /// Default bound on how far ahead of the local wall clock a remote reading may pull this one.
    package static let defaultSkewMillisMax: Int64 = 5 * 60 * 1000

    package private(set) var last: HLC
    package let skewMillisMax: Int64

    package init(last: HLC = .zero, skewMillisMax: Int64 = HybridClock.defaultSkewMillisMax) {
        self.last = last
        self.skewMillisMax = skewMillisMax
    }

    /// Issues a reading for a local event at wall time `wallMillis`.
    package mutating func tick(wallMillis: Int64) -> HLC {
        let wall = HLC(millis: wallMillis)
        last = wall > last ? wall : last.successor
        return last
    }

    /// Folds a remote reading into the clock, so the next local reading is above it.
    package mutating func observe(_ remote: HLC, wallMillis: Int64) -> ClockObservation {
        let bound = HLC(millis: wallMillis + skewMillisMax)
        if remote > bound {
            if bound > last { last = bound }
            return .aheadOfBound(skewMillis: remote.millis - wallMillis)
        }
        if remote > last { last = remote }
        return .accepted
    }
}
