/// The bounds every receiver enforces before allocating ([LIMIT-1] … [LIMIT-9] in SPEC.md).
/// A peer may announce lower ones; it never accepts higher.
package struct WireLimits: Sendable, Equatable {
    /// Largest frame payload ([LIMIT-1]).
    package var frameBytesMax = 4 * 1024 * 1024
    /// Most changes (cell writes and erasures) in one CHANGES frame ([LIMIT-2]).
    package var changesPerBatchMax = 65_536
    /// Most distinct records in one CHANGES frame ([LIMIT-3]).
    package var recordsPerBatchMax = 65_536
    /// Most distinct devices in one CHANGES frame ([LIMIT-4]).
    package var devicesPerBatchMax = 4_096
    /// Longest element key of a set or map cell ([LIMIT-6]).
    package var elementBytesMax = 1_024
    /// Most stamps a write may supersede ([LIMIT-7]).
    package var supersedesMax = 64
    /// Longest error detail ([LIMIT-8]).
    package var errorDetailBytesMax = 512
    /// Most frames in one request or response body ([LIMIT-9]).
    package var framesPerBodyMax = 4_096
    /// Longest programme profile in a PROFILE frame ([PROF-2]).
    package var profileBytesMax = 262_144

    package init() {}

    package static let standard = WireLimits()
}
