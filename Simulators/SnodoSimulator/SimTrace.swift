import Foundation
import SnodoModel

/// `SNODO_SIM_TRACE=1 snodo-sim --seed N …` prints the story of a seed on standard error: each
/// sync with what it moved, each crash, backup and restore. For reading a failing seed; it draws
/// no random number, so a traced run is the same run.
enum SimTrace {
    static let isOn = ProcessInfo.processInfo.environment["SNODO_SIM_TRACE"] != nil

    /// `SNODO_SIM_WATCH=HEX`: the writes to records whose id starts so are traced one by one.
    static let watched = ProcessInfo.processInfo.environment["SNODO_SIM_WATCH"]?.lowercased()

    static func watches(_ record: RecordID) -> Bool {
        guard isOn, let watched else { return false }
        return record.hex.hasPrefix(watched)
    }

    static func note(_ line: @autoclosure () -> String) {
        guard isOn else { return }
        FileHandle.standardError.write(Data((line() + "\n").utf8))
    }
}
