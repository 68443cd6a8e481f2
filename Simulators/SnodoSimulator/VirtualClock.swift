import SnodoModel

/// A device's wall clock in the simulation: simulated time plus an offset that drifts and jumps,
/// the way cheap laptops' clocks do (minutes off, sometimes days, sometimes set back).
package final class VirtualClock {
    /// Simulated true time, milliseconds since 1970; the simulation advances it.
    package var trueMillis: Int64
    /// How far this clock is off, in milliseconds.
    package var offsetMillis: Int64
    /// Drift in parts per million of elapsed true time.
    package var driftPPM: Int64
    private var lastTrue: Int64

    package init(trueMillis: Int64, offsetMillis: Int64, driftPPM: Int64) {
        self.trueMillis = trueMillis
        self.offsetMillis = offsetMillis
        self.driftPPM = driftPPM
        lastTrue = trueMillis
    }

    /// What the device reads now.
    package var wallMillis: Int64 {
        let elapsed = trueMillis - lastTrue
        offsetMillis += elapsed * driftPPM / 1_000_000
        lastTrue = trueMillis
        return trueMillis + offsetMillis
    }

    /// Sets the clock forward or back by `millis` (a person fixing it, or a dead CMOS battery).
    package func jump(by millis: Int64) { offsetMillis += millis }
}
