/// Who wrote a cell value and when: the writer's clock reading and its device. Stamps are totally
/// ordered: the higher clock wins, and equal clocks are broken by the device id, so every replica
/// picks the same winner without talking to the others.
public struct Stamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let hlc: HLC
    public let device: DeviceID

    public init(hlc: HLC, device: DeviceID) {
        self.hlc = hlc
        self.device = device
    }

    public var description: String { "\(hlc)@\(device.hex)" }

    public static func < (a: Stamp, b: Stamp) -> Bool {
        (a.hlc, a.device) < (b.hlc, b.device)
    }
}
