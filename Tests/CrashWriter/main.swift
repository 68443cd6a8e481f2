// A child process for the crash-consistency test: it writes batches of edits to a store forever,
// printing "committed N" after each commit, until the test kills it with SIGKILL.
import Foundation
import SnodoModel
import SnodoStore

let arguments = CommandLine.arguments
guard arguments.count == 3, let seed = UInt64(arguments[2]) else {
    FileHandle.standardError.write("usage: snodo-crash-writer STORE SEED\n".data(using: .utf8)!)
    exit(64)
}
let path = arguments[1]
var rng = SplitMix64(seed: seed)
var millis: Int64 = 1_763_000_000_000 + Int64(seed) * 1_000_000
let environment = StoreEnvironment(wallMillis: { millis }, random: { rng.next() })
let store =
    FileManager.default.fileExists(atPath: path)
    ? try Store.open(path: path, environment: environment)
    : try Store.create(path: path, environment: environment)

var batch = 0
while true {
    batch += 1
    millis += 1
    let id = store.newRecordID()
    var edits: [Edit] = [
        .set(id, CommonField.kind, .enumeration(RecordKind.visit.rawValue)),
        .set(id, CommonField.district, .text("crash-\(seed)")),
        .set(id, VisitField.note, .text("batch \(seed)-\(batch) " + String(repeating: "x", count: Int(rng.next() % 2000)))),
    ]
    for element in 1...UInt32(rng.next() % 12 + 1) { edits.append(.setElement(id, VisitField.needs, element: .enumeration(element), .bool(true))) }
    try store.write { try $0.commit(edits) }
    FileHandle.standardOutput.write(Data("committed \(seed)-\(batch) \(id.hex)\n".utf8))
}
