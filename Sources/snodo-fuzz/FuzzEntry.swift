// The decoder's fuzz target. Built normally, it replays inputs from files (a corpus or a crash
// found by the fuzzer); built with `-DFUZZING -sanitize=fuzzer,address` it is a libFuzzer
// target. SwiftPM renames `main` to `snodo_fuzz_main`, so the fuzzing entry is that symbol and
// calls libFuzzer's driver itself. README, "Fuzzing", has the commands.
import Foundation
import SnodoProtocol

func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if case .violation(let reason) = DecoderProbe.probe(bytes) { fatalError("decoder property broken: \(reason)") }
    return 0
}

#if FUZZING
    // libFuzzer's entry point keeps its C name.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
    ) -> CInt

    @_cdecl("snodo_fuzz_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var count = argc
        var arguments = argv
        return LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzOne(data, size) }
    }
#else
    @main
    struct ReplayInputs {
        static func main() {
            let paths = CommandLine.arguments.dropFirst()
            guard !paths.isEmpty else {
                FileHandle.standardError.write(Data("usage: snodo-fuzz FILE|FOLDER … (replays inputs through the decoder)\n".utf8))
                exit(64)
            }
            var replayed = 0
            for path in paths {
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                    FileHandle.standardError.write(Data("snodo-fuzz: no file or folder at \(path)\n".utf8))
                    exit(1)
                }
                let files =
                    isFolder.boolValue
                    ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 } : [path]
                for file in files {
                    guard let data = FileManager.default.contents(atPath: file) else { continue }
                    let bytes = [UInt8](data)
                    _ = bytes.withUnsafeBufferPointer { fuzzOne($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
                    replayed += 1
                }
            }
            print("replayed \(replayed) inputs: no crash, every property held")
        }
    }
#endif
