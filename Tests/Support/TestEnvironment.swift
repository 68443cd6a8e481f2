import Foundation
import SnodoModel
import SnodoStore

/// A store environment driven by a seed: a wall clock that only moves when told, and seeded ids.
package final class TestClock: @unchecked Sendable {
    package var millis: Int64
    private var rng: SplitMix64

    package init(millis: Int64 = 1_763_000_000_000, seed: UInt64) {
        self.millis = millis
        rng = SplitMix64(seed: seed)
    }

    package var environment: StoreEnvironment {
        StoreEnvironment(wallMillis: { self.millis }, random: { self.rng.next() })
    }
}

/// A fresh temporary folder, removed by the caller with `removeTemporaryFolder`.
package func makeTemporaryFolder(_ name: String = "snodo-test") -> String {
    let path = NSTemporaryDirectory() + "\(name)-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

package func removeTemporaryFolder(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
}
