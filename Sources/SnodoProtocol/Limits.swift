/// The bounds every receiver enforces before allocating ([LIMIT-1] … [LIMIT-9] in SPEC.md).
/// A peer may announce lower ones; it never accepts higher.
public struct WireLimits: Sendable, Equatable {
    /// Largest frame payload ([LIMIT-1]).
    public var frameBytesMax = 4 * 1024 * 1024
    /// Most changes (cell writes and erasures) in one CHANGES frame ([LIMIT-2]).
    public var changesPerBatchMax = 65_536
    /// Most distinct records in one CHANGES frame ([LIMIT-3]).
    public var recordsPerBatchMax = 65_536
    /// Most distinct devices in one CHANGES frame ([LIMIT-4]).
    public var devicesPerBatchMax = 4_096
    /// Longest element key of a set or map cell ([LIMIT-6]).
    public var elementBytesMax = 1_024
    /// Most stamps a write may supersede ([LIMIT-7]).
    public var supersedesMax = 64
    /// Longest error detail ([LIMIT-8]).
    public var errorDetailBytesMax = 512
    /// Most frames in one request or response body ([LIMIT-9]).
    public var framesPerBodyMax = 4_096

    public init() {}

    public static let standard = WireLimits()
}
