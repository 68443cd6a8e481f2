/// Who wrote a cell value and when: the writer's clock reading and its device. Stamps are totally
/// ordered: the higher clock wins, and equal clocks are broken by the device id, so every replica
/// picks the same winner without talking to the others.
package struct Stamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    package let hlc: HLC
    package let device: DeviceID

    package init(hlc: HLC, device: DeviceID) {
        self.hlc = hlc
        self.device = device
    }

    package var description: String { "\(hlc)@\(device.hex)" }

    package static func < (a: Stamp, b: Stamp) -> Bool {
        (a.hlc, a.device) < (b.hlc, b.device)
    }
}
