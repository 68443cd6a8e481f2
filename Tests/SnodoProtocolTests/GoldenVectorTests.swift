import Foundation
import Testing
import SnodoModel
import SnodoProtocol

/// Protocol/vectors/*.json: every valid vector decodes to its stated meaning and re-encodes to the
/// exact bytes; every invalid one gives its stated error. Each is also fed byte by byte, and the
/// valid frames concatenated, as swift-nio's ByteToMessageDecoderVerifier does.
@Suite struct GoldenVectorTests {
    static var vectorsFolder: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Protocol/vectors").path
    }

    static var corpusFolder: String {
        URL(fileURLWithPath: vectorsFolder).deletingLastPathComponent().appendingPathComponent("corpus").path
    }

    /// Protocol/corpus/: inputs that once crashed, hung or fooled a decoder, and the invalid
    /// vectors. Each must be refused as a body with a typed error, and break no decoder property.
    @Test func corpusInputsFailCleanly() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: GoldenVectorTests.corpusFolder).sorted()
        #expect(files.count >= 20)
        for file in files {
            let bytes = [UInt8](FileManager.default.contents(atPath: GoldenVectorTests.corpusFolder + "/" + file)!)
            let outcome = DecoderProbe.probe(bytes)
            // Some are single frames that are fine alone but not as a body (a body without HELLO).
            #expect(outcome == .rejected || outcome == .needMoreBytes || (outcome == .frame && file.hasPrefix("vector-bodies")), "\(file): \(outcome)")
            #expect(throws: DecodeError.self, "\(file) decoded as a body") { try Body.decode(bytes) }
        }
    }

    struct Vector: Sendable, CustomTestStringConvertible {
        let file: String
        let tcId: Int
        let comment: String
        let bytes: [UInt8]
        let valid: Bool
        let meaningJSON: String?
        let error: String?
        let limits: [String: Int]
        let unit: String
        var testDescription: String { "\(file) #\(tcId): \(comment)" }

        var meaning: Any? { meaningJSON.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8), options: [.fragmentsAllowed]) } }

        var codec: FrameCodec {
            var wire = WireLimits()
            if let value = limits["frameBytesMax"] { wire.frameBytesMax = value }
            if let value = limits["changesPerBatchMax"] { wire.changesPerBatchMax = value }
            if let value = limits["recordsPerBatchMax"] { wire.recordsPerBatchMax = value }
            if let value = limits["devicesPerBatchMax"] { wire.devicesPerBatchMax = value }
            if let value = limits["profileBytesMax"] { wire.profileBytesMax = value }
            if let value = limits["framesPerBodyMax"] { wire.framesPerBodyMax = value }
            return FrameCodec(limits: wire)
        }
    }

    static func load() -> [Vector] {
        let files = ["frames", "values", "limits", "errors", "bodies"]
        return files.flatMap { name -> [Vector] in
            guard let data = FileManager.default.contents(atPath: vectorsFolder + "/\(name).json"),
                let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let tests = root["tests"] as? [[String: Any]]
            else { return [] }
            return tests.map { test in
                let meaning = test["meaning"].flatMap { try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys, .fragmentsAllowed]) }
                return Vector(
                    file: name, tcId: test["tcId"] as! Int, comment: test["comment"] as! String,
                    bytes: [UInt8](hex: test["hex"] as! String)!, valid: test["result"] as! String == "valid",
                    meaningJSON: meaning.map { String(decoding: $0, as: UTF8.self) }, error: test["error"] as? String,
                    limits: test["limits"] as? [String: Int] ?? [:], unit: test["unit"] as? String ?? "frame")
            }
        }
    }

    static let vectors = load()

    @Test func vectorFilesAreThereAndCoverEveryErrorAndKind() {
        #expect(GoldenVectorTests.vectors.count > 60, "vectors missing from \(GoldenVectorTests.vectorsFolder)")
        let errors = Set(GoldenVectorTests.vectors.compactMap(\.error))
        let expected: Set = [
            "frameTooLarge", "checksumMismatch", "unknownFrameKind", "nonCanonicalVarint", "truncatedPayload", "trailingBytes",
            "overLimit", "invalidValue", "nonCanonicalOrder", "indexOutOfRange", "badHello", "unexpectedFrame", "invalidFlag", "truncatedBody",
        ]
        #expect(errors == expected)
        let kinds = Set(GoldenVectorTests.vectors.compactMap { ($0.meaning as? [String: Any])?["kind"] as? String })
        #expect(
            kinds == [
                "hello", "auth", "changes", "pull", "ack", "end", "error", "scope", "rejected", "skipped", "mark", "state", "rewind", "ackState",
                "counterFloor", "returned", "profileHave", "profile",
            ])
    }

    @Test(arguments: vectors)
    func vector(_ vector: Vector) throws {
        if vector.unit == "body" { try checkBody(vector) } else { try checkFrame(vector) }
    }

    private func checkFrame(_ vector: Vector) throws {
        let codec = vector.codec
        let whole = Result { () throws(DecodeError) in try codec.decode(vector.bytes) }
        if vector.valid {
            let decoded = try whole.get()
            switch decoded {
            case .message(let message, let consumed):
                #expect(consumed == vector.bytes.count)
                #expect(VectorJSON.same(VectorJSON.message(message), vector.meaning!), "meaning differs")
                #expect(codec.encode(message) == vector.bytes, "re-encoding differs")
            case .skipped(let kind, let consumed):
                #expect(consumed == vector.bytes.count)
                #expect(VectorJSON.same(["kind": "skipped", "frameKind": Int(kind)], vector.meaning!))
            case .needMoreBytes:
                Issue.record("a complete valid frame asked for more bytes")
            }
        } else {
            #expect(errorName(whole) == vector.error, "expected \(vector.error!)")
        }
        // Byte by byte: every proper prefix asks for more bytes, or fails with the same error.
        for end in 0..<vector.bytes.count {
            let prefix = Array(vector.bytes[0..<end])
            switch Result(catching: { () throws(DecodeError) in try codec.decode(prefix) }) {
            case .success(.needMoreBytes): continue
            case .success(let other): Issue.record("prefix of \(end) bytes decoded to \(other)")
            case .failure(let error):
                #expect(!vector.valid && error.name == vector.error, "prefix of \(end) bytes failed with \(error)")
            }
        }
    }

    private func checkBody(_ vector: Vector) throws {
        let codec = vector.codec
        let result = Result { () throws(DecodeError) in try Body.decode(vector.bytes, with: codec) }
        if vector.valid {
            let body = try result.get()
            #expect(VectorJSON.same(body.messages.map(VectorJSON.message), vector.meaning!))
            // Skipped extension frames are not messages: the re-encoding leaves them out.
            if !vector.bytes.starts(with: [0x41]) { #expect(body.encode() == vector.bytes) }
        } else {
            #expect(errorName(result) == vector.error)
        }
    }

    private func errorName<T>(_ result: Result<T, DecodeError>) -> String? {
        if case .failure(let error) = result { return error.name }
        return nil
    }

    @Test func validFramesConcatenatedDecodeInSequence() throws {
        let frames = GoldenVectorTests.vectors.filter { $0.valid && $0.unit == "frame" && $0.limits.isEmpty }
        let stream = frames.flatMap(\.bytes)
        let codec = FrameCodec()
        var offset = 0
        for vector in frames {
            switch try codec.decode(stream, at: offset) {
            case .message(_, let consumed), .skipped(_, let consumed):
                #expect(consumed == vector.bytes.count, "\(vector.testDescription)")
                offset += consumed
            case .needMoreBytes:
                Issue.record("stream ended early at \(vector.testDescription)")
                return
            }
        }
        #expect(offset == stream.count)
    }

    /// The committed vector and corpus files are exactly what VectorCatalog gives: a codec change
    /// that alters the bytes fails here until the vectors are regenerated on purpose with
    /// `SNODO_WRITE_VECTORS=1 swift test --filter committedVectorsAreTheCatalogs` (and reviewed in the diff).
    @Test func committedVectorsAreTheCatalogs() throws {
        let rendered = try GoldenVectorTests.renderedFiles()
        if ProcessInfo.processInfo.environment["SNODO_WRITE_VECTORS"] == "1" {
            try FileManager.default.createDirectory(atPath: GoldenVectorTests.vectorsFolder, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: GoldenVectorTests.corpusFolder, withIntermediateDirectories: true)
            for (path, data) in rendered { try data.write(to: URL(fileURLWithPath: path)) }
        }
        for (path, data) in rendered {
            #expect(FileManager.default.contents(atPath: path) == data, "\(path) differs from VectorCatalog: regenerate on purpose, or fix the codec")
        }
    }

    /// Every vector file and every corpus file VectorCatalog gives, by path.
    static func renderedFiles() throws -> [(path: String, data: Data)] {
        var files: [(String, Data)] = []
        for (name, file) in VectorCatalog.files {
            let tests: [[String: Any]] = file.cases.enumerated().map { index, test in
                var object: [String: Any] = [
                    "tcId": index + 1, "comment": test.comment, "requirement": test.requirement,
                    "hex": test.bytes.hex, "result": test.meaning == nil ? "invalid" : "valid",
                ]
                if let meaning = test.meaning { object["meaning"] = meaning }
                if let error = test.error { object["error"] = error }
                if !test.limits.isEmpty { object["limits"] = test.limits }
                if test.unit != "frame" { object["unit"] = test.unit }
                return object
            }
            // Every invalid vector also joins the corpus of inputs that must fail cleanly.
            for (index, test) in file.cases.enumerated() where test.meaning == nil && test.limits.isEmpty {
                files.append((GoldenVectorTests.corpusFolder + "/vector-\(name)-\(index + 1).bin", Data(test.bytes)))
            }
            let root: [String: Any] = ["description": file.description, "spec": "Protocol/SPEC.md", "protocolVersion": 1, "tests": tests]
            let data = try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            files.append((GoldenVectorTests.vectorsFolder + "/\(name).json", data))
        }
        return files
    }
}
