import Testing
import SnodoModel

@Suite struct HybridClockTests {
    @Test func readingsStayMonotonicWhenTheWallClockJumps() {
        var clock = HybridClock()
        var previous = HLC.zero
        // Forward, back by a day, stuck, forward again: every reading is above the last.
        for wall: Int64 in [1_000, 2_000, 2_000, 86_402_000, 2_000, 1_000, 1_000, 90_000_000, 5] {
            let reading = clock.tick(wallMillis: wall)
            #expect(reading > previous, "wall \(wall)")
            previous = reading
        }
    }

    @Test func followsTheWallClockWhenItIsAhead() {
        var clock = HybridClock()
        #expect(clock.tick(wallMillis: 5_000) == HLC(millis: 5_000))
        #expect(clock.tick(wallMillis: 5_000) == HLC(millis: 5_000, logical: 1))
        #expect(clock.tick(wallMillis: 7_000) == HLC(millis: 7_000))
    }

    @Test func logicalCounterOverflowCarriesIntoMillis() {
        var clock = HybridClock(last: HLC(millis: 10, logical: UInt16.max))
        let next = clock.tick(wallMillis: 0)
        #expect(next == HLC(millis: 11, logical: 0))
    }

    @Test func keepsCausalityAcrossReplicas() {
        // Device A's wall clock is an hour ahead of B's; B must still stamp after what it saw from A.
        var a = HybridClock()
        var b = HybridClock()
        let sent = a.tick(wallMillis: 3_600_000 + 1_000)
        #expect(b.observe(sent, wallMillis: 1_000 + 3_600_000 - 60_000) == .accepted)
        let reply = b.tick(wallMillis: 1_000 + 3_600_000 - 60_000)
        #expect(reply > sent)
        #expect(a.observe(reply, wallMillis: 3_601_000) == .accepted)
        #expect(a.tick(wallMillis: 3_601_000) > reply)
    }

    @Test func farFutureRemoteReadingIsBoundedAndReported() {
        var clock = HybridClock(skewMillisMax: 300_000)
        let wall: Int64 = 1_000_000
        let threeDaysAhead = HLC(millis: wall + 3 * 86_400_000)
        let observation = clock.observe(threeDaysAhead, wallMillis: wall)
        #expect(observation == .aheadOfBound(skewMillis: 3 * 86_400_000))
        #expect(clock.last == HLC(millis: wall + 300_000), "clock advanced only to the bound")
        #expect(clock.tick(wallMillis: wall) < threeDaysAhead)
    }
}
