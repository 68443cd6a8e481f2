import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import SnodoModel
import SnodoProtocol
import SnodoServer
import SnodoStore
import SnodoSync

/// Counts bytes and round trips through an in-process relay.
final class CountingTransport: SyncTransport {
    let relay: RelayService
    var up = 0, down = 0, rounds = 0, framingMax = 0
    init(relay: RelayService) { self.relay = relay }

    func exchange(_ request: [UInt8]) throws(SyncError) -> [UInt8] {
        rounds += 1
        up += request.count
        framingMax = max(framingMax, Bench.framingBytesMax(request))
        let reply = relay.handle(request).body
        down += reply.count
        return reply
    }
}

/// The benchmark: every figure of issue 8 against a limit measured in the same run.
final class Bench {
    let quick: Bool
    let folder: String
    let scale: Int
    let repetitions = 3
    var district: BenchDistrict
    /// The table's rows; each is also logged as it is measured, so that a long run shows its
    /// figures as it goes.
    var figures: [Figure] = [] {
        didSet {
            guard figures.count > oldValue.count, let figure = figures.last else { return }
            log("\(figure.id) = \(String(format: "%.4g", figure.value)) \(figure.unit), \(String(format: "%.3g", figure.ratio))× \(figure.limitName)")
        }
    }
    var clockMillis: Int64 = 1_770_000_000_000
    var rng = SplitMix64(seed: 99)
    let productsFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path

    init(quick: Bool, seed: UInt64) {
        self.quick = quick
        scale = quick ? 100 : 1
        folder = NSTemporaryDirectory() + "snodo-bench-\(getpid())"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        district = BenchDistrict(seed: seed, scale: scale)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    func environment() -> StoreEnvironment {
        let source = Entropy(seed: rng.next())
        return StoreEnvironment(wallMillis: { [unowned self] in clockMillis }, random: { source.next() })
    }

    func log(_ text: String) { FileHandle.standardError.write(Data("· \(text)\n".utf8)) }

    /// Per-frame framing of a body: kind, length varint, checksum.
    static func framingBytesMax(_ body: [UInt8]) -> Int {
        var offset = 0, maximum = 0
        let codec = FrameCodec()
        while offset < body.count, case .some(let decoded) = try? codec.decode(body, at: offset) {
            guard case .message(_, let consumed) = decoded else { break }
            var reader = ByteReader(body, offset: offset + 1, end: body.count)
            let length = Int((try? reader.readVarint()) ?? 0)
            maximum = max(maximum, consumed - length)
            offset += consumed
        }
        return maximum
    }

    /// The figures to measure (`--only B10,B13`); nil for all.
    var only: Set<String>?

    func wants(_ ids: String...) -> Bool { only.map { !$0.isDisjoint(with: ids) } ?? true }

    func run() throws {
        if wants("B10") && only != nil { try visitCommand() }
        if wants("B13") { try appPages() }
        guard only == nil || wants("B1", "B2", "B3", "B3gz", "B4", "B5", "B6", "B7", "B8", "B9", "B11", "B12", "B14") else { return }
        log("generating the district (scale 1/\(scale))")
        district.generate()
        log("\(district.changes.count) changes; loading the relay")
        let relayPath = folder + "/relay.sqlite"
        let relayStore = try Store.create(path: relayPath, environment: environment())
        for start in stride(from: 0, to: district.changes.count, by: 20_000) {
            try relayStore.write { try $0.apply(Array(district.changes[start..<min(start + 20_000, district.changes.count)]), from: "generator") }
        }
        let relay = RelayService(store: relayStore)
        if only == ["B12"] || only == ["B14"] {
            try only == ["B12"] ? sealedCost() : fleetSize(relayPath: relayPath)
            return
        }
        try deviceDay(relay)
        try overwrites()
        try bootstrapBytes(relay)
        try mergeRate()
        try acceptDay(relay)
        try overHTTP(relayPath: relayPath)
        try underAttack(relayPath: relayPath)
        try fleetSize(relayPath: relayPath)
        if only == nil { try visitCommand() }
        try sealedCost()
    }

    /// A device that holds the district's households and is up to date with the relay.
    func upToDateDevice(_ relay: RelayService, name: String) throws -> Store {
        let store = try Store.create(path: folder + "/\(name).sqlite", environment: environment())
        let homes = Set(district.households)
        // Received from the relay, as a laptop that synced holds them: with the relay's fingerprint
        // at its cursor ([LOG-1]), and nothing of its own sent yet (the relay's record of it agrees).
        try store.write { try $0.apply(district.changes.filter { homes.contains($0.record) }, from: DeviceSync.relayPeer) }
        var peer = try store.peer(DeviceSync.relayPeer)
        peer.receivedThrough = relay.store.lastChangeNumber
        peer.receivedFingerprint = try relay.store.fingerprint(at: relay.store.lastChangeNumber)
        try store.write { try $0.savePeer(peer) }
        return store
    }

    /// 40 visits and 20 household edits, as one device logs them in a day (fewer for B14's
    /// small syncs).
    func logDay(_ store: Store, homes: [RecordID]? = nil, visits: Int = 40, edits: Int = 20) throws -> [CellWrite] {
        let households = homes ?? district.households
        var written: [CellWrite] = []
        for index in 0..<visits {
            clockMillis += 600_000
            let visit = store.newRecordID()
            var edits: [Edit] = [
                .set(visit, CommonField.kind, .enumeration(RecordKind.visit.rawValue)), .set(visit, CommonField.district, .text("Lodi-1")),
                .set(visit, VisitField.subject, .reference(households[(index * 37) % households.count])),
                .set(visit, VisitField.team, .text("custodi-lodi")),
                .set(visit, VisitField.start, .timestamp(clockMillis)), .set(visit, VisitField.durationMinutes, .integer(30)),
                .set(visit, VisitField.kind, .enumeration(1)),
                .set(visit, VisitField.outcome, .enumeration(1)), .set(visit, VisitField.note, .text(district.note(200))),
            ]
            edits += [1, 9].map { .setElement(visit, VisitField.needs, element: .enumeration($0), .bool(true)) }
            edits.append(.setElement(visit, VisitField.services, element: .enumeration(3), .integer(1)))
            written += try store.write { try $0.commit(edits) }
        }
        for index in 0..<edits {
            clockMillis += 60_000
            written += try store.write {
                try $0.commit([.set(households[(index * 101) % households.count], HouseholdField.tutor, .text("Tutor del giorno \(index)"))])
            }
        }
        return written
    }
}

/// Random bits for a store's ids, from a seed.
final class Entropy {
    private var rng: SplitMix64
    init(seed: UInt64) { rng = SplitMix64(seed: seed) }
    func next() -> UInt64 { rng.next() }
}
