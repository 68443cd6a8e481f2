/// How much one round trip carries. Bounded so that a cut exchange loses little, a weak link
/// finishes a round, and the relay's memory stays small.
package struct SyncLimits: Sendable {
    /// Changes in one CHANGES frame.
    package var changesPerBatch = 2_048
    /// Changes a device sends in one request; more go in the next round.
    package var changesPerRequest = 16_384
    /// Bytes of changes the relay puts in one response unless the device asks for less.
    package var responseBytesDefault = 1 << 20
    /// Rounds in one sync before it stops and says so.
    package var roundsMax = 10_000

    package init() {}
}
