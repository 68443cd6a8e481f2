import SnodoModel

/// The simulator's uniform draws, owned here rather than taken from the standard library's
/// `random(in:using:)`, whose algorithm a toolchain may change: a seed must replay the same
/// fleet on every toolchain. The method is Lemire's nearly divisionless one (arXiv 1805.10941),
/// the one the standard library uses today, so digests recorded before this type stay valid.
extension SplitMix64 {
    /// A uniform value in `0..<bound`, `bound` > 0, in the width of `U` (a narrower type keeps the
    /// low bits of one 64-bit draw, as the standard library does).
    mutating func below<U: FixedWidthInteger & UnsignedInteger>(_ bound: U) -> U {
        precondition(bound != 0, "a draw below zero")
        var random = U(truncatingIfNeeded: next())
        var product = random.multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                random = U(truncatingIfNeeded: next())
                product = random.multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// A uniform value in a half-open range, which must not be empty.
    mutating func draw<T: FixedWidthInteger>(in range: Range<T>) -> T where T.Magnitude: UnsignedInteger {
        precondition(!range.isEmpty, "a draw from an empty range")
        let width = T.Magnitude(truncatingIfNeeded: range.upperBound &- range.lowerBound)
        return T(truncatingIfNeeded: T.Magnitude(truncatingIfNeeded: range.lowerBound) &+ below(width))
    }

    /// A uniform value in a closed range.
    mutating func draw<T: FixedWidthInteger>(in range: ClosedRange<T>) -> T where T.Magnitude: UnsignedInteger {
        var width = T.Magnitude(truncatingIfNeeded: range.upperBound &- range.lowerBound)
        if width == T.Magnitude.max { return T(truncatingIfNeeded: T.Magnitude(truncatingIfNeeded: next())) }
        width += 1
        return T(truncatingIfNeeded: T.Magnitude(truncatingIfNeeded: range.lowerBound) &+ below(width))
    }

    /// A uniform element, nil from an empty collection.
    mutating func element<C: Collection>(of items: C) -> C.Element? {
        guard !items.isEmpty else { return nil }
        return items[items.index(items.startIndex, offsetBy: draw(in: 0..<items.count))]
    }

    /// A fair coin: bit 17 of one draw, as the standard library's `Bool.random(using:)` reads it.
    mutating func coin() -> Bool { (next() >> 17) & 1 == 0 }
}
