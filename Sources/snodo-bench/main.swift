// The benchmark: speed, size and scale, each figure a ratio to a limit measured in the same run.
import Foundation
import SnodoCommandLine

let spec = CommandSpec(
    path: "snodo-bench", usage: "snodo-bench [--quick] [--only B10,B13] [--json FILE] [--seed N]",
    summary: "measure Snodo against raw SQLite and raw bytes in one run (run it with -c release)",
    valueOptions: ["json", "seed", "only"], flags: ["quick"],
    details: [
        "--quick runs a district 100 times smaller and 50 devices for B7, in under a minute.",
        "--only measures some figures: B10, B13 and B14 alone; any other runs the relay's figures (B1 to B14).",
        "Progress goes to standard error; the table to standard output.",
    ])
let words = Array(CommandLine.arguments.dropFirst())
if words.contains("--help") { Output.line(spec.help); exit(0) }
do {
    let arguments = try Arguments.parse(words, for: spec)
    guard let seed = UInt64(arguments.value("seed") ?? "1") else { throw spec.usageError("malformed --seed (expected a whole number)") }
    let bench = Bench(quick: arguments.has("quick"), seed: seed)
    bench.only = arguments.value("only").map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }) }
    try bench.run()
    Output.line(Report.table(bench.figures, quick: bench.quick))
    if let path = arguments.value("json") {
        try Report.json(bench.figures).write(to: URL(fileURLWithPath: path))
        Output.line("wrote \(path)")
    }
} catch let error as CommandError {
    if case .usage(let message, let line) = error { Output.error("snodo-bench: \(message)"); Output.error(line) }
    if case .failure(let message) = error { Output.error("snodo-bench: \(message)") }
    exit(error.exitStatus)
} catch {
    Output.error("snodo-bench: \(error)")
    exit(1)
}
