// swift-tools-version: 6.0
import PackageDescription

// One package, no package dependencies: the toolchain's own modules, the system SQLite and libsodium.
let package = Package(
    name: "Snodo",
    products: [
        // The sync core for a Swift app of its own: `import Snodo` gives `Replica` (README, "Embedding
        // Snodo"); every other module's declarations are `package`, for this package's own targets.
        .library(name: "Snodo", targets: ["Snodo"]),
        .executable(name: "snodo", targets: ["snodo"]),
        .executable(name: "snodo-relay", targets: ["snodo-relay"]),
        .executable(name: "snodo-sim", targets: ["snodo-sim"]),
        .executable(name: "snodo-bench", targets: ["snodo-bench"]),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // libsodium: every cryptographic primitive (hashes, MACs), none written here.
        .systemLibrary(name: "CSodium", providers: [.apt(["libsodium-dev"])]),
        // Layer 1: ids, clock, values, schema, merge rule. No I/O.
        .target(name: "SnodoModel", dependencies: ["CSodium"]),
        // Layer 2: the SQLite store.
        .target(name: "SnodoStore", dependencies: ["SnodoModel", "CSQLite"]),
        // Layer 3: the wire codec of Protocol/SPEC.md. No I/O.
        .target(name: "SnodoProtocol", dependencies: ["SnodoModel"]),
        // Field workflows over a store: rounds, street contacts, merges, budgets, reports. No I/O.
        .target(name: "SnodoWorkflows", dependencies: ["SnodoModel", "SnodoStore"]),
        // Layer 4: the sync rounds of device and relay, over a transport. No I/O.
        .target(name: "SnodoSync", dependencies: ["SnodoModel", "SnodoStore", "SnodoProtocol"]),
        // The edge: sockets, the relay's HTTP/1.1 server, the device's URLSession transport.
        .target(name: "SnodoServer", dependencies: ["SnodoStore", "SnodoSync"]),
        // The library's API: a replica to open, edit, observe and sync. The only public declarations.
        .target(name: "Snodo", dependencies: ["SnodoModel", "SnodoStore", "SnodoSync", "SnodoServer"]),
        // The deterministic fleet simulator: the real store, sync and relay through faulty field work.
        .target(name: "SnodoSimulator", dependencies: ["SnodoModel", "SnodoStore", "SnodoProtocol", "SnodoSync"], path: "Simulators/SnodoSimulator"),
        .executableTarget(name: "snodo-sim", dependencies: ["SnodoSimulator", "SnodoSync", "SnodoCommandLine"], path: "Simulators/snodo-sim"),
        // Argument parsing, usage errors and tables shared by the executables.
        .target(name: "SnodoCommandLine", dependencies: ["SnodoModel"]),
        // Commands both executables run (report, erase): parsing and printing over the workflows.
        .target(name: "SnodoCommands", dependencies: ["SnodoModel", "SnodoStore", "SnodoWorkflows", "SnodoCommandLine"]),
        // Pages for the browser, shared by the field app and the coordinator's console: escaped HTML,
        // forms, the stylesheet, the security headers.
        .target(name: "SnodoWeb", dependencies: ["SnodoServer", "SnodoCommandLine"]),
        // Executables: thin shells over the library.
        .executableTarget(
            name: "snodo",
            dependencies: [
                "SnodoModel", "SnodoStore", "SnodoProtocol", "SnodoSync", "SnodoServer", "SnodoCommandLine", "SnodoCommands", "SnodoWorkflows", "SnodoWeb",
            ]),
        .executableTarget(
            name: "snodo-relay",
            dependencies: ["SnodoModel", "SnodoStore", "SnodoSync", "SnodoServer", "SnodoCommandLine", "SnodoCommands", "SnodoWorkflows", "SnodoWeb"]),
        // The benchmark: every figure a ratio to a limit measured in the same run.
        .executableTarget(name: "snodo-bench", dependencies: ["SnodoModel", "SnodoStore", "SnodoProtocol", "SnodoSync", "SnodoServer", "SnodoCommandLine"]),
        // The decoder's libFuzzer target (README, "Fuzzing"); a plain build replays input files.
        .executableTarget(name: "snodo-fuzz", dependencies: ["SnodoProtocol"]),

        // Generators and fixtures shared by the test targets.
        .target(name: "SnodoTestSupport", dependencies: ["SnodoModel", "SnodoStore"], path: "Tests/Support"),

        .testTarget(name: "SnodoModelTests", dependencies: ["SnodoModel", "SnodoTestSupport"]),
        // A child process that the crash-consistency test kills with SIGKILL mid-write.
        .executableTarget(name: "snodo-crash-writer", dependencies: ["SnodoModel", "SnodoStore"], path: "Tests/CrashWriter"),
        .testTarget(name: "SnodoProtocolTests", dependencies: ["SnodoModel", "SnodoProtocol", "SnodoTestSupport"]),
        .testTarget(name: "SnodoSyncTests", dependencies: ["SnodoModel", "SnodoStore", "SnodoProtocol", "SnodoSync", "SnodoServer", "SnodoTestSupport"]),
        // End to end: the real snodo-relay process and the real snodo command over loopback HTTP.
        .testTarget(
            name: "SnodoRelayTests",
            dependencies: [
                "Snodo", "SnodoModel", "SnodoStore", "SnodoProtocol", "SnodoSync", "SnodoServer", "SnodoWeb", "SnodoTestSupport", "snodo", "snodo-relay",
            ]),
        .testTarget(name: "SnodoSimulatorTests", dependencies: ["SnodoSimulator", "SnodoModel", "SnodoSync"]),
        .testTarget(name: "SnodoStoreTests", dependencies: ["SnodoModel", "SnodoStore", "SnodoTestSupport", "snodo-crash-writer"]),
        .testTarget(
            name: "SnodoCommandTests", dependencies: ["snodo", "snodo-sim", "SnodoModel", "SnodoStore", "SnodoCommandLine", "SnodoTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
