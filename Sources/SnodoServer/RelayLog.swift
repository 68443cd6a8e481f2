#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import Synchronization

/// The relay's log: one JSON object per line on standard error, which journald keeps. One line
/// per sync request and per request the server refused itself, one per lifecycle event. Lines
/// carry ids, counts, codes and durations, never a value of a record.
package final class RelayLog: Sendable {
    /// Held around each write, so that lines of concurrent requests never interleave.
    private let writing = Mutex(())
    private let descriptor: Int32
    private let clock: @Sendable () -> Date

    package init(descriptor: Int32 = STDERR_FILENO, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.descriptor = descriptor
        self.clock = clock
    }

    /// A value of a log line: the few kinds the relay logs.
    package enum Field: Sendable {
        case text(String)
        case number(Int)
        case decimal(Double)
        case counts([String: Int])
    }

    /// Writes `{"time":…,"event":…,…}` as one line, with one write(2), so lines of concurrent
    /// requests never interleave.
    package func write(_ event: String, _ fields: KeyValuePairs<String, Field?> = [:]) {
        var line = "{\"time\":\(quoted(isoTime(clock()))),\"event\":\(quoted(event))"
        for (key, value) in fields {
            guard let value else { continue }
            line += ",\(quoted(key)):\(encode(value))"
        }
        line += "}\n"
        let bytes = Array(line.utf8)
        writing.withLock { _ in writeAll(bytes) }
    }

    private func writeAll(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    private func encode(_ field: Field) -> String {
        switch field {
        case .text(let text): quoted(text)
        case .number(let number): String(number)
        case .decimal(let value): String(format: "%.3f", value)
        case .counts(let counts): "{" + counts.keys.sorted().map { "\(quoted($0)):\(counts[$0]!)" }.joined(separator: ",") + "}"
        }
    }

    private func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private func isoTime(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let millis = Int(date.timeIntervalSince1970 * 1000) % 1000
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), millis)
    }
}
