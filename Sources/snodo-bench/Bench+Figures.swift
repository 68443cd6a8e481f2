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
        var bytes: [Double] = [], raws: [Double] = [], rounds: [Double] = [], up: [Double] = [], down: [Double] = []
        for repetition in 0..<repetitions {
            let store = try upToDateDevice(relay, name: "day-\(repetition)")
            let written = try logDay(store)
            let transport = CountingTransport(relay: relay)
            _ = try SyncDriver(device: DeviceSync(store: store), transport: transport).run()
            bytes.append(Double(transport.up + transport.down))
            up.append(Double(transport.up))
            down.append(Double(transport.down))
            raws.append(Double(RawValues.size(of: written.map(Change.write))))
            rounds.append(Double(transport.rounds))
        }
        var day = Figure(
            id: "B1", name: "bytes on the wire for one device-day, both directions", unit: "B", samples: bytes,
            limit: median(raws), limitName: "raw values of the day", target: "≤ 1.15×", meets: { $0 <= 1.15 })
        day.note = "\(Int(median(up))) B up (the request), \(Int(median(down))) B down (the response), 40 visits and 20 household edits"
        figures.append(day)
        figures.append(
            Figure(
                id: "B9", name: "round trips for a full sync of a device-day", unit: "round trips", samples: rounds,
                limit: 1, limitName: "one round trip", target: "1 after connecting", meets: { $0 <= 1 }))
    }

    /// B2: a one-field edit after 0 and after 50,000 earlier overwrites of the same field.
    func overwrites() throws {
        log("B2: a one-field edit after 50,000 overwrites")
        let overwrites = 50_000 / (quick ? 10 : 1)
        var firsts: [Double] = [], afters: [Double] = [], framing = 0
        for repetition in 0..<repetitions {
            let relay = RelayService(store: try Store.create(path: ":memory:", environment: environment()))
            let store = try Store.create(path: ":memory:", environment: environment())
            let home = store.newRecordID()
            try store.write {
                try $0.commit([.set(home, CommonField.kind, .enumeration(RecordKind.household.rawValue)), .set(home, HouseholdField.notes, .text("nota 0"))])
            }
            _ = try SyncDriver(device: DeviceSync(store: store), transport: CountingTransport(relay: relay)).run()
            func editBytes(_ text: String) throws -> Int {
                try store.write { try $0.commit([.set(home, HouseholdField.notes, .text(text))]) }
                let request = try DeviceSync(store: store).makeRequest()
                framing = max(framing, Bench.framingBytesMax(request.bytes))
                _ = try SyncDriver(device: DeviceSync(store: store), transport: CountingTransport(relay: relay)).run()
                return request.bytes.count
            }
            // A laptop in the field: its requests carry the log's checkpoints ([LOG-1]), one per
            // sync that moved its cursor, up to 16. Both edits are measured with them all, so that
            // the figure is what the field's overwrites add.
            for round in 0...SyncState.checkpointsMax {
                try store.write { try $0.commit([.set(home, HouseholdField.flat, .text("\(round)"))]) }
                _ = try SyncDriver(device: DeviceSync(store: store), transport: CountingTransport(relay: relay)).run()
            }
            firsts.append(Double(try editBytes("nota A\(repetition)")))
            for index in 0..<overwrites { try store.write { try $0.commit([.set(home, HouseholdField.notes, .text("nota \(index)"))]) } }
            _ = try SyncDriver(device: DeviceSync(store: store), transport: CountingTransport(relay: relay)).run()
            afters.append(Double(try editBytes("nota B\(repetition)")))
        }
        let framingMax = framing
        var figure = Figure(
            id: "B2", name: "bytes of a one-field edit after \(overwrites) overwrites", unit: "B", samples: afters,
            limit: median(firsts), limitName: "the same edit after 0 overwrites", target: "≤ 1.05×, framing ≤ 16 B",
            meets: { $0 <= 1.05 && framingMax <= 16 })
        figure.note = "framing \(framingMax) B per frame (kind, length, CRC-32C)"
        figures.append(figure)
    }

    /// B3: bytes to bootstrap a new device with the whole district, raw and as nginx gzips them.
    func bootstrapBytes(_ relay: RelayService) throws {
        log("B3: bootstrap bytes (gzip -1 per response, as nginx's default level; xz -9e of the raw values)")
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
        var wires: [Double] = [], gzips: [Double] = [], responses = 0
        for _ in 0..<repetitions {
            let device = try Store.create(path: ":memory:", environment: environment())
            let capture = Capture(relay: relay)
            _ = try SyncDriver(device: DeviceSync(store: device), transport: capture).run()
            wires.append(Double(capture.responses.reduce(0) { $0 + $1.count }))
            gzips.append(Double(try capture.responses.reduce(0) { $0 + (try pipe("/bin/gzip", ["-1", "-c"], input: $1)).count }))
            responses = capture.responses.count
        }
        let raw = RawValues.stream(of: district.changes)
        let xz = try pipe("/usr/bin/xz", ["-9e", "-c", "-T1"], input: raw).count
        var rawFigure = Figure(
            id: "B3", name: "bytes to bootstrap a new device with the whole district", unit: "B", samples: wires,
            limit: Double(raw.count), limitName: "raw values of the district", target: "≤ 1.15×", meets: { $0 <= 1.15 })
        rawFigure.note = "\(responses) responses of at most 1 MiB"
        figures.append(rawFigure)
        figures.append(
            Figure(
                id: "B3gz", name: "the same, gzip'd per response as nginx would", unit: "B", samples: gzips,
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
                    try store.write { try $0.apply(batch.changes, from: "bench") }
                }
            }
            ours.append(Double(writes.count) / time)
            raw.append(try Baselines.upsertRate(writes, path: folder + "/raw-\(repetition).sqlite"))
        }
        var figure = Figure(
            id: "B4", name: "durable merge rate at the relay (decode, compare, write, commit)", unit: "cells/s", samples: ours,
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
        figures.append(
            Figure(
                id: "B5", name: "relay time to accept one device-day", unit: "s", samples: times, limit: median(commits),
                limitName: "one fsync'd single-row commit", target: "≤ 10×", meets: { $0 <= 10 }))
    }
}
