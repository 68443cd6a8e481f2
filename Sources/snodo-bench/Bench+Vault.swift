import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import SnodoModel
import SnodoProtocol
import SnodoStore

/// B12: what sealing a laptop's store at rest costs (issue 14): the merge rate of B4 on a sealed
/// store against the same on a plain one, and `snodo visit log` (B10) on a sealed, unlocked store
/// against a plain one. Target: at most 1.3× slower.
extension Bench {
    func sealedCost() throws {
        log("B12: sealed at rest against plain, merge rate and snodo visit log")
        let writes = Array(district.changes.prefix(quick ? 40_000 : 200_000)).compactMap { change -> CellWrite? in
            if case .write(let write) = change { return write } else { return nil }
        }
        var plain: [Double] = [], sealed: [Double] = []
        for repetition in 0..<repetitions {
            plain.append(try mergeSeconds(writes, path: folder + "/b12-plain-\(repetition).sqlite", vault: nil))
            sealed.append(try mergeSeconds(writes, path: folder + "/b12-sealed-\(repetition).sqlite", vault: .generate()))
        }
        var merge = Figure(
            id: "B12-merge", name: "merge rate on a sealed store, as time against a plain one", unit: "s", samples: sealed, limit: median(plain),
            limitName: "the same merge on a plain store", target: "≤ 1.3×", meets: { $0 <= 1.3 })
        merge.note = "\(writes.count) cells in batches of 4096"
        figures.append(merge)
        let (plainVisits, sealedVisits) = try visitLogs()
        var visits = Figure(
            id: "B12-visit", name: "`snodo visit log` on a sealed, unlocked store, against a plain one", unit: "s", samples: sealedVisits,
            limit: median(plainVisits), limitName: "the same on a plain store", target: "≤ 1.3×", meets: { $0 <= 1.3 })
        visits.note = String(format: "p50 sealed %.3f s, plain %.3f s", median(sealedVisits), median(plainVisits))
        figures.append(visits)
    }

    private func mergeSeconds(_ writes: [CellWrite], path: String, vault: VaultKey?) throws -> Double {
        let codec = FrameCodec()
        let frames = stride(from: 0, to: writes.count, by: 4_096).map {
            codec.encode(.changes(ChangeBatch(through: 0, changes: writes[$0..<min($0 + 4_096, writes.count)].map(Change.write))))
        }
        let store = try Store.create(path: path, environment: environment(), vault: vault)
        return try seconds {
            for frame in frames {
                guard case .message(.changes(let batch), _) = try codec.decode(frame) else { continue }
                try store.write { try $0.apply(batch.changes, from: "bench") }
            }
        }
    }

    /// The same visits logged by the real command, on a plain store and on a sealed one unlocked
    /// for the session (`snodo unlock`), as in the field.
    private func visitLogs() throws -> (plain: [Double], sealed: [Double]) {
        let snodo = productsFolder + "/snodo"
        let passphrase = folder + "/passphrase"
        FileManager.default.createFile(atPath: passphrase, contents: Data("frase segreta del banco di prova\n".utf8), attributes: [.posixPermissions: 0o600])
        let plainStore = folder + "/b12-plain-field.sqlite", sealedStore = folder + "/b12-sealed/field.sqlite"
        let plain = try Store.create(path: plainStore, environment: environment())
        try plain.write { try $0.setSetting("district", "Lodi-1") }
        _ = try run(snodo, ["--store", sealedStore, "init", "--district", "Lodi-1"], environment: ["SNODO_PASSPHRASE_FILE": passphrase])
        _ = try run(snodo, ["--store", sealedStore, "unlock"], environment: ["SNODO_PASSPHRASE_FILE": passphrase])
        defer { _ = try? run(snodo, ["--store", sealedStore, "lock"]) }
        var times: (plain: [Double], sealed: [Double]) = ([], [])
        for store in [plainStore, sealedStore] {
            let home = try run(snodo, ["--store", store, "household", "add", "--district", "Lodi-1", "--comune", "Lodi", "--street", "via Roma"])
                .trimmingCharacters(in: .whitespacesAndNewlines)
            for index in 0..<(quick ? 10 : 30) {
                let time = try seconds {
                    _ = try run(
                        snodo,
                        [
                            "--store", store, "visit", "log", "--subject", home, "--kind", "home-monitoring", "--outcome", "met", "--needs", "food,housing",
                            "--services", "food-parcel=1", "--note", "visita \(index)",
                        ])
                }
                if store == plainStore { times.plain.append(time) } else { times.sealed.append(time) }
            }
        }
        return times
    }
}
