import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SnodoModel
import SnodoProtocol
import SnodoServer
import SnodoStore
import SnodoSync

extension Bench {
    /// B1 and B9: one device-day, both directions, against its raw values; round trips.
    func deviceDay(_ relay: RelayService) throws {
        log("B1, B9: a device-day")
        var bytes: [Double] = [], raws: [Double] = [], rounds: [Double] = []
        for repetition in 0..<repetitions {
            let store = try upToDateDevice(relay, name: "day-\(repetition)")
            let written = try logDay(store)
            let transport = CountingTransport(relay: relay)
            _ = try SyncDriver(device: DeviceSync(store: store), transport: transport).run()
            bytes.append(Double(transport.up + transport.down))
            raws.append(Double(RawValues.size(of: written.map(Change.write))))
            rounds.append(Double(transport.rounds))
        }
        figures.append(Figure(id: "B1", name: "bytes on the wire for one device-day, both directions", unit: "B", samples: bytes,
                              limit: median(raws), limitName: "raw values of the day", target: "≤ 1.15×", meets: { $0 <= 1.15 }))
        figures.append(Figure(id: "B9", name: "round trips for a full sync of a device-day", unit: "round trips", samples: rounds,
                              limit: 1, limitName: "one round trip", target: "1 after connecting", meets: { $0 <= 1 }))
    }

    /// B2: a one-field edit after 0 and after 50,000 earlier overwrites of the same field.
    func overwrites() throws {
        log("B2: a one-field edit after 50,000 overwrites")
        let relay = RelayService(store: try Store.create(path: ":memory:", environment: environment()))
        let store = try Store.create(path: ":memory:", environment: environment())
        let home = store.newRecordID()
        try store.commit([.set(home, CommonField.kind, .enumeration(RecordKind.household.rawValue)), .set(home, 24, .text("nota 0"))])
        _ = try SyncDriver(device: DeviceSync(store: store), transport: CountingTransport(relay: relay)).run()
        func editBytes(_ text: String) throws -> (Int, Int) {
            try store.commit([.set(home, 24, .text(text))])
            let request = try DeviceSync(store: store).makeRequest()
            let transport = CountingTransport(relay: relay)
            _ = try SyncDriver(device: DeviceSync(store: store), transport: transport).run()
            return (request.bytes.count, Bench.framingBytesMax(request.bytes))
        }
        let (first, framing) = try editBytes("nota A")
        let overwrites = 50_000 / (quick ? 10 : 1)
        for index in 0..<overwrites { try store.commit([.set(home, 24, .text("nota \(index)"))]) }
        _ = try SyncDriver(device: DeviceSync(store: store), transport: CountingTransport(relay: relay)).run()
        let (after, framingAfter) = try editBytes("nota B")
        var figure = Figure(id: "B2", name: "bytes of a one-field edit after \(overwrites) overwrites", unit: "B", samples: [Double(after)],
                            limit: Double(first), limitName: "the same edit after 0 overwrites", target: "≤ 1.05×, framing ≤ 16 B",
                            meets: { $0 <= 1.05 && max(framing, framingAfter) <= 16 })
        figure.note = "framing \(max(framing, framingAfter)) B per frame (kind, length, CRC-32C); deterministic"
        figures.append(figure)
    }

    /// B3: bytes to bootstrap a new device with the whole district, raw and as nginx gzips them.
    func bootstrapBytes(_ relay: RelayService) throws {
        log("B3: bootstrap bytes (gzip -1 per response, as nginx's default level; xz -9e of the raw values)")
        let store = try Store.create(path: ":memory:", environment: environment())
        final class Capture: SyncTransport {
            let relay: RelayService
            var responses: [[UInt8]] = []
            init(relay: RelayService) { self.relay = relay }
            func exchange(_ request: [UInt8]) throws(SyncError) -> [UInt8] {
                let reply = relay.handle(request).body
                responses.append(reply)
                return reply
            }
        }
        let capture = Capture(relay: relay)
        _ = try SyncDriver(device: DeviceSync(store: store), transport: capture).run()
        let raw = RawValues.stream(of: district.changes)
        let wire = capture.responses.reduce(0) { $0 + $1.count }
        let gzipped = try capture.responses.reduce(0) { $0 + (try pipe("/bin/gzip", ["-1", "-c"], input: $1)).count }
        let xz = try pipe("/usr/bin/xz", ["-9e", "-c", "-T1"], input: raw).count
        var rawFigure = Figure(id: "B3", name: "bytes to bootstrap a new device with the whole district", unit: "B", samples: [Double(wire)],
                               limit: Double(raw.count), limitName: "raw values of the district", target: "≤ 1.15×", meets: { $0 <= 1.15 })
        rawFigure.note = "\(capture.responses.count) responses; deterministic"
        figures.append(rawFigure)
        figures.append(Figure(id: "B3gz", name: "the same, gzip'd per response as nginx would", unit: "B", samples: [Double(gzipped)],
                              limit: Double(xz), limitName: "raw values, xz -9e", target: "≤ 1.5×", meets: { $0 <= 1.5 }))
    }

    /// B4: durable merge rate at the relay against raw SQLite's upsert rate.
    func mergeRate() throws {
        log("B4: merge rate")
        let writes = Array(district.changes.prefix(quick ? 40_000 : 200_000)).compactMap { change -> CellWrite? in
            if case .write(let write) = change { return write } else { return nil }
        }
        let codec = FrameCodec()
        let frames = stride(from: 0, to: writes.count, by: 4_096).map {
            codec.encode(.changes(ChangeBatch(through: 0, changes: writes[$0..<min($0 + 4_096, writes.count)].map(Change.write))))
        }
        var ours: [Double] = [], raw: [Double] = []
        for repetition in 0..<repetitions {
            let path = folder + "/merge-\(repetition).sqlite"
            let store = try Store.create(path: path, environment: environment())
            let time = try seconds {
                for frame in frames {
                    guard case .message(.changes(let batch), _) = try codec.decode(frame) else { continue }
                    try store.apply(batch.changes, from: "bench")
                }
            }
            ours.append(Double(writes.count) / time)
            raw.append(try Baselines.upsertRate(writes, path: folder + "/raw-\(repetition).sqlite"))
        }
        var figure = Figure(id: "B4", name: "durable merge rate at the relay (decode, compare, write, commit)", unit: "cells/s", samples: ours,
                            limit: median(raw), limitName: "raw SQLite LWW upsert rate", target: "≥ 0.5×", meets: { $0 >= 0.5 })
        figure.note = "\(writes.count) cells in batches of 4096; raw min \(Int(raw.min()!)) max \(Int(raw.max()!))"
        figures.append(figure)
    }

    /// B5: time for the relay to accept one device-day, one fsync'd commit included.
    func acceptDay(_ relay: RelayService) throws {
        log("B5: relay accepts a device-day")
        var times: [Double] = []
        for repetition in 0..<max(repetitions, 5) {
            let store = try upToDateDevice(relay, name: "accept-\(repetition)")
            _ = try logDay(store)
            let request = try DeviceSync(store: store).makeRequest().bytes
            times.append(seconds { _ = relay.handle(request) })
        }
        let commits = try Baselines.singleCommitSeconds(path: folder + "/commit.sqlite")
        figures.append(Figure(id: "B5", name: "relay time to accept one device-day", unit: "s", samples: times, limit: median(commits),
                              limitName: "one fsync'd single-row commit", target: "≤ 10×", meets: { $0 <= 10 }))
    }
}
