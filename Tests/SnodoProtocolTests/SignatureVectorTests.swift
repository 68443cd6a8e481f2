import Foundation
import Testing
import SnodoModel
import SnodoProtocol

/// Protocol/vectors/signatures.json: each body decodes; the bytes its signature covers, built from
/// the spec's words, are the file's and the library's; and the signature checks out exactly when
/// the vector says valid.
@Suite struct SignatureVectorTests {
    static var path: String { GoldenVectorTests.vectorsFolder + "/signatures.json" }

    @Test func committedSignatureVectorsAreTheCatalogs() throws {
        let rendered = try SignatureVectors.rendered()
        if ProcessInfo.processInfo.environment["SNODO_WRITE_VECTORS"] == "1" { try rendered.write(to: URL(fileURLWithPath: Self.path)) }
        #expect(FileManager.default.contents(atPath: Self.path) == rendered, "signatures.json differs from SignatureVectors: regenerate on purpose")
    }

    @Test func everyVectorVerifiesAsItSays() throws {
        let data = try #require(FileManager.default.contents(atPath: Self.path))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let tests = try #require(root["tests"] as? [[String: Any]])
        #expect(tests.count >= 12)
        for test in tests {
            let id = "\(test["tcId"]!): \(test["comment"]!)"
            let body = try #require([UInt8](hex: test["hex"] as! String))
            let frames = try Body.frames(body)
            let key = try #require([UInt8](hex: test["publicKey"] as! String))
            let valid = test["result"] as? String == "valid"
            let signed = (test["signedBytes"] as? String).flatMap { [UInt8](hex: $0) }
            switch test["check"] as? String {
            case "request":
                guard case .auth(let auth)? = frames[1].message, let signed else { Issue.record("\(id): no AUTH"); continue }
                #expect(signed == SignedBytes.request(counter: auth.counter, digest: SignedBytes.digestWithoutAuth(body, frames: frames)), "\(id)")
                #expect(SigningKey.verify(auth.signature, of: signed, by: key) == valid, "\(id)")
            case "claim":
                guard case .auth(let auth)? = frames[1].message, let claim = auth.claim, let signed else { Issue.record("\(id): no claim"); continue }
                guard case .hello(let hello)? = frames[0].message else { continue }
                #expect(signed == SignedBytes.claim(device: hello.device, publicKey: claim.publicKey), "\(id)")
                let held = (test["heldKey"] as? String).flatMap { [UInt8](hex: $0) }
                let taken = SigningKey.verify(claim.signature, of: signed, by: key) && (held == nil || held == claim.publicKey)
                #expect(taken == valid, "\(id)")
            default:
                let request = try #require((test["request"] as? String).flatMap { [UInt8](hex: $0) })
                guard let last = frames.last, case .signature(let seal)? = last.message, let signed else {
                    #expect(!valid, "\(id): a response without SIGNATURE is never valid")
                    continue
                }
                #expect(signed == SignedBytes.response(request: request, response: body[..<last.range.lowerBound]), "\(id)")
                #expect(SigningKey.verify(seal.signature, of: signed, by: key) == valid, "\(id)")
            }
        }
    }

    /// RFC 8032's first test vector (the empty message), through libsodium.
    @Test func ed25519MatchesRFC8032() throws {
        let key = SigningKey(seed: [UInt8](hex: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")!)
        #expect(key.publicKey.hex == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        let signature = key.sign([])
        #expect(
            signature.hex
                == "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
        #expect(SigningKey.verify(signature, of: [], by: key.publicKey))
        #expect(!SigningKey.verify(signature, of: [0], by: key.publicKey))
    }
}
