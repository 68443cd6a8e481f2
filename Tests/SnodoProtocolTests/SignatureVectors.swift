import Foundation
import SnodoModel
import SnodoProtocol

/// The signature vectors (Protocol/vectors/signatures.json, SPEC §9): whole request and response
/// bodies signed with fixed Ed25519 keys, valid and tampered, with the key to check each with and
/// the exact bytes each signature covers. Ed25519 is deterministic, so the same keys give the same
/// bytes on every machine.
enum SignatureVectors {
    struct Case {
        var comment: String
        var requirement: String
        /// "request", "claim" or "response": which signature the case checks.
        var check: String
        var body: [UInt8]
        /// For a response: the request it answers.
        var request: [UInt8]?
        /// The key the signature is checked with (for a claim, the code's one-time key).
        var publicKey: [UInt8]
        /// For a claim: the key the relay already holds for the device, if any.
        var heldKey: [UInt8]?
        var valid: Bool
    }

    static let codec = FrameCodec()
    static let device = DeviceID(0x0A0A_0A0A_0A0A_0A0A)
    static let relayDevice = DeviceID(0x0B0B_0B0B_0B0B_0B0B)
    static let keys: [(name: String, key: SigningKey)] = [
        ("device", SigningKey(seed: Array(0..<32))), ("enrollment", SigningKey(seed: Array(32..<64))),
        ("relay", SigningKey(seed: Array(64..<96))), ("other", SigningKey(seed: Array(96..<128))),
    ]
    static func key(_ name: String) -> SigningKey { keys.first { $0.name == name }!.key }

    static let clock = HLC(millis: 1_763_683_200_000, logical: 3)
    static let household = RecordID(hex: "019a4e3c2f0000010000000000000001")!

    /// A request of the device, signed with `signer`, claiming with `claimer` when given.
    static func request(counter: UInt64, signer: SigningKey, claimFor claimed: SigningKey? = nil, claimer: SigningKey? = nil) -> [UInt8] {
        let hello = codec.encode(.hello(Hello(schemaVersion: 1, device: device, clock: clock)))
        let change = Change.write(CellWrite(key: CellKey(record: household, field: 11), value: .text("via Cavour"), stamp: Stamp(hlc: clock, device: device)))
        let rest = codec.encode(.changes(ChangeBatch(through: 3, changes: [change]).canonical)) + codec.encode(.pull(Pull(cursor: 0)))
        let claim = claimed.map { claimed in
            Claim(
                publicKey: claimed.publicKey,
                signature: (claimer ?? key("enrollment")).sign(SignedBytes.claim(device: device, publicKey: claimed.publicKey)))
        }
        let signature = signer.sign(SignedBytes.request(counter: counter, digest: SHA256.hash(hello + rest)))
        return hello + codec.encode(.auth(Auth(counter: counter, claim: claim, signature: signature))) + rest
    }

    /// The relay's response to `request`, signed with `signer` over `signedFor` (the request, unless
    /// another is given), or unsigned.
    static func response(to request: [UInt8], signer: SigningKey?, signedFor: [UInt8]? = nil) -> [UInt8] {
        let body = Body([
            .hello(Hello(schemaVersion: 1, device: relayDevice, clock: clock)), .ack(Ack(through: 3)), .end(End(cursor: 0, more: false)),
        ]).encode(with: codec)
        guard let signer else { return body }
        let signature = signer.sign(SignedBytes.response(request: signedFor ?? request, response: body))
        return body + codec.encode(.signature(ResponseSignature(signature: signature)))
    }

    static var cases: [Case] {
        let device = key("device"), relay = key("relay"), other = key("other")
        let claiming = request(counter: 1, signer: device, claimFor: device)
        let plain = request(counter: 2, signer: device)
        // "via Cavour" becomes "via Davour" in the CHANGES frame.
        var tampered = plain
        let letter = tampered.indices.first { tampered[$0...].starts(with: Array("Cavour".utf8)) }!
        tampered[letter] = UInt8(ascii: "D")
        tampered = refreshedChecksums(tampered)
        let recountered = (try? Body.decode(plain).messages).map { messages -> [UInt8] in
            var messages = messages
            if case .auth(var auth) = messages[1] {
                auth.counter = 3
                messages[1] = .auth(auth)
            }
            return Body(messages).encode(with: codec)
        }!
        return [
            Case(
                comment: "a device's first request: its claim, signed by the code's one-time key", requirement: "AUTH-3", check: "claim", body: claiming,
                publicKey: key("enrollment").publicKey, valid: true),
            Case(
                comment: "the same request: signed by the key it claims", requirement: "AUTH-2", check: "request", body: claiming,
                publicKey: device.publicKey, valid: true),
            Case(
                comment: "a later request, no claim, signed by the device's key", requirement: "AUTH-2", check: "request", body: plain,
                publicKey: device.publicKey, valid: true),
            Case(
                comment: "a request signed by another key", requirement: "AUTH-2", check: "request", body: request(counter: 2, signer: other),
                publicKey: device.publicKey, valid: false),
            Case(
                comment: "a request with one byte of its CHANGES altered after signing (checksums made right)", requirement: "AUTH-2", check: "request",
                body: tampered, publicKey: device.publicKey, valid: false),
            Case(
                comment: "a request whose counter was raised after signing", requirement: "AUTH-2", check: "request", body: recountered,
                publicKey: device.publicKey, valid: false),
            Case(
                comment: "a claim signed by a one-time key other than the code's (a wrong code)", requirement: "AUTH-3", check: "claim",
                body: request(counter: 1, signer: other, claimFor: other, claimer: other), publicKey: key("enrollment").publicKey, valid: false),
            Case(
                comment: "a captured code replayed: a claim the one-time key signed, for a key other than the one the relay holds", requirement: "AUTH-3",
                check: "claim", body: request(counter: 9, signer: other, claimFor: other), publicKey: key("enrollment").publicKey,
                heldKey: device.publicKey, valid: false),
            Case(
                comment: "the relay's response, signed over itself and the request it answers", requirement: "AUTH-5", check: "response",
                body: response(to: plain, signer: relay), request: plain, publicKey: relay.publicKey, valid: true),
            Case(
                comment: "a response signed by another key", requirement: "AUTH-5", check: "response", body: response(to: plain, signer: other),
                request: plain, publicKey: relay.publicKey, valid: false),
            Case(
                comment: "a response the relay signed for another request, played again", requirement: "AUTH-5", check: "response",
                body: response(to: plain, signer: relay, signedFor: claiming), request: plain, publicKey: relay.publicKey, valid: false),
            Case(
                comment: "a response without SIGNATURE", requirement: "AUTH-5", check: "response", body: response(to: plain, signer: nil),
                request: plain, publicKey: relay.publicKey, valid: false),
        ]
    }

    /// Every frame's CRC computed again, so a tampered body still decodes and only its signature fails.
    static func refreshedChecksums(_ body: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var reader = ByteReader(body)
        while !reader.isAtEnd {
            let kind = try! reader.readByte()
            let length = Int(try! reader.readVarint())
            let payload = try! reader.readBytes(length)
            _ = try! reader.readUInt32()
            out += codec.frame(kind: kind, payload: Array(payload))
        }
        return out
    }

    /// The file's JSON, with each case's signed bytes as the spec defines them (computed here
    /// from the body by hand, for a reader to compare with).
    static func rendered() throws -> Data {
        let tests: [[String: Any]] = cases.enumerated().map { index, test in
            var object: [String: Any] = [
                "tcId": index + 1, "comment": test.comment, "requirement": test.requirement, "check": test.check, "hex": test.body.hex,
                "publicKey": test.publicKey.hex, "result": test.valid ? "valid" : "invalid",
            ]
            if let request = test.request { object["request"] = request.hex }
            if let held = test.heldKey { object["heldKey"] = held.hex }
            if let signed = signedBytes(test) { object["signedBytes"] = signed.hex }
            return object
        }
        let root: [String: Any] = [
            "description": "Signed requests, claims and responses of protocol 2, valid and tampered, with the key each is checked with.",
            "spec": "Protocol/SPEC.md", "protocolVersion": 2,
            "keys": Dictionary(uniqueKeysWithValues: keys.map { ($0.name, ["seed": $0.key.seed.hex, "publicKey": $0.key.publicKey.hex]) }),
            "tests": tests,
        ]
        return try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    /// The bytes the case's signature covers, assembled from the spec's words alone ([AUTH-2],
    /// [AUTH-3], [AUTH-5]); nil for a response with no SIGNATURE.
    static func signedBytes(_ test: Case) -> [UInt8]? {
        let frames = try! Body.frames(test.body)
        switch test.check {
        case "request":
            guard case .auth(let auth)? = frames[1].message else { return nil }
            let unsigned = frames.filter { $0.message?.kind != .auth }.flatMap { test.body[$0.range] }
            return Array("snodo-request-v2".utf8) + bigEndian(auth.counter) + SHA256.hash(unsigned)
        case "claim":
            guard case .auth(let auth)? = frames[1].message, let claim = auth.claim else { return nil }
            return Array("snodo-claim-v2".utf8) + bigEndian(device.raw) + claim.publicKey
        default:
            guard let last = frames.last, last.message?.kind == .signature else { return nil }
            return Array("snodo-response-v2".utf8) + SHA256.hash(test.request!) + SHA256.hash(test.body[..<last.range.lowerBound])
        }
    }

    static func bigEndian(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) } }
}
