import Foundation
import SnodoModel
import SnodoStore

/// A store environment driven by a seed: a wall clock that only moves when told, and seeded ids.
public final class TestClock: @unchecked Sendable {
    public var millis: Int64
    private var rng: SplitMix64

    public init(millis: Int64 = 1_763_000_000_000, seed: UInt64) {
        self.millis = millis
        rng = SplitMix64(seed: seed)
    }

    public var environment: StoreEnvironment {
        StoreEnvironment(wallMillis: { self.millis }, random: { self.rng.next() })
    }
}

/// A fresh temporary folder, removed by the caller with `removeTemporaryFolder`.
public func makeTemporaryFolder(_ name: String = "snodo-test") -> String {
    let path = NSTemporaryDirectory() + "\(name)-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

public func removeTemporaryFolder(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
}
