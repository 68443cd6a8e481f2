import Foundation
import Testing
import SnodoModel
import SnodoProtocol
import SnodoServer
import SnodoStore
import SnodoSync
import SnodoTestSupport

/// Keys on libsodium, tried from outside against the real relay and `snodo` processes: a leaked
/// code with a captured claim, a request signed by another key, responses not signed by the
/// relay (changes, a scope, a wipe order), a copy of the relay's database answering in its place,
/// and refusals that tell a stranger nothing. Every refusal writes nothing and changes nothing.
@Suite(.serialized) struct SignedExchangeTests {
    static func field() -> RelaySite { RelaySite("snodo-keys") }

    @Test func aCapturedClaimReplayedWithTheLeakedCodeGivesNothing() throws {
        let field = Self.field()
        defer { field.cleanUp() }
        let code = try field.enrollmentCode("a", districts: "Lodi-1")
        let laptop = field.folder + "/a.sqlite"
        try field.snodo(laptop, "enroll", code)
        try field.relay.start()
        try field.snodo(laptop, "household", "add", "--district", "Lodi-1", "--comune", "Lodi", "--street", "via Roma")
        // The laptop's first request, which claims the enrollment, as someone on the way saw it.
        let captured = try field.withStore(laptop) { try DeviceSync(store: $0).makeRequest().bytes }
        #expect(try field.post(captured).status == 200)
        _ = try field.sync(laptop)
        let before = try field.relayFingerprint()

        // The same bytes again: refused as a replay, nothing written.
        #expect(try field.post(captured).error == .replayed)
        // The code on another laptop: its claim for another key is refused like any stranger.
        let thief = field.folder + "/thief.sqlite"
        try field.snodo(thief, "enroll", code)
        let stolen = try field.sync(thief, status: 1)
        #expect(stolen.stderr.contains("non autenticata"), "\(stolen.stderr)")
        #expect(try field.snodo(thief, "household", "list").stdout == "nessuna scheda: nuclei\n")
        // The captured request with a higher counter: its signature no longer matches.
        #expect(try field.post(try Self.withCounter(captured, 1 << 30)).error == .unauthenticated)
        #expect(try field.relayFingerprint() == before, "nothing written by any of them")
        // The real laptop goes on as before: its counter was not pushed by anyone.
        try field.snodo(laptop, "household", "add", "--district", "Lodi-1", "--comune", "Lodi", "--street", "via Milano")
        #expect(try field.sync(laptop).stdout.contains("schede inviate: 1"))
    }

    @Test func aRequestSignedByAnotherKeyIsRefused() throws {
        let field = Self.field()
        defer { field.cleanUp() }
        let (laptop, _) = try field.enroll("a", districts: "Lodi-1")
        try field.relay.start()
        _ = try field.sync(laptop)
        // A copy of the laptop's store whose signing key is not the one the relay holds.
        let copy = field.folder + "/copy.sqlite"
        try FileManager.default.copyItem(atPath: laptop, toPath: copy)
        try? FileManager.default.copyItem(atPath: laptop + ".vault", toPath: copy + ".vault")
        try field.withStore(copy) { store in
            try store.write { try $0.setSetting("auth.signing-seed", [UInt8](repeating: 0x42, count: 32).hex) }
            try store.write { try $0.commit([.set(store.newRecordID(), CommonField.kind, .enumeration(RecordKind.place.rawValue))]) }
        }
        let before = try field.relayFingerprint()
        let refused = try field.sync(copy, status: 1)
        #expect(refused.stderr.contains("non autenticata"), "\(refused.stderr)")
        #expect(try field.relayFingerprint() == before)
    }

    @Test func responsesNotSignedByTheRelayAreRefusedAndChangeNothing() throws {
        let field = Self.field()
        defer { field.cleanUp() }
        let (office, _) = try field.enroll("office", districts: "Lodi-1")
        let (unit, unitID) = try field.enroll("unit", districts: "Lodi-1")
        try field.relay.start()
        try field.snodo(office, "household", "add", "--district", "Lodi-1", "--comune", "Lodi", "--street", "via Roma")
        _ = try field.sync(office)
        let stripping = try Interposer(relayPort: field.relay.port) { response, _ in Array(response[..<(response.count - Interposer.signatureFrameBytes)]) }
        let resigning = try Interposer(relayPort: field.relay.port) { response, request in
            let unsigned = Array(response[..<(response.count - Interposer.signatureFrameBytes)])
            let other = RelayAuthority(identitySeed: [UInt8](repeating: 0x99, count: 32))
            return unsigned + other.sealForTests(unsigned, answering: request)
        }
        defer {
            stripping.stop()
            resigning.stop()
        }
        // Changes and a scope: none taken from an unsigned or wrongly signed response.
        for interposer in [stripping, resigning] {
            let result = try field.snodo(unit, "sync", "--relay", interposer.url, status: 1)
            #expect(result.stderr.contains("non firmata dal relay"), "\(result.stderr)")
            #expect(try field.snodo(unit, "household", "list").stdout == "nessuna scheda: nuclei\n")
            #expect(try field.withStore(unit) { try DeviceCredentials(store: $0).scope() } == nil, "no scope taken")
        }
        _ = try field.sync(unit)
        let held = try field.snodo(unit, "household", "list").stdout
        #expect(held.contains("via Roma"))
        // A wipe order: only the relay's own is obeyed.
        try field.relayCommand("revoke", unitID)
        for interposer in [stripping, resigning] {
            let result = try field.snodo(unit, "sync", "--relay", interposer.url, status: 1)
            #expect(result.stderr.contains("non firmata dal relay"), "\(result.stderr)")
            #expect(try field.snodo(unit, "household", "list").stdout == held, "not wiped")
        }
        let revoked = try field.sync(unit, status: 1)
        #expect(revoked.stderr.contains("revocato"), "\(revoked.stderr)")
        #expect(!FileManager.default.fileExists(atPath: unit), "the relay's own order wipes")
    }

    @Test func aCopyOfTheRelaysDatabaseCannotAnswerOrSignInItsPlace() throws {
        let field = Self.field()
        defer { field.cleanUp() }
        let (laptop, _) = try field.enroll("a", districts: "Lodi-1")
        try field.relay.start()
        try field.snodo(laptop, "household", "add", "--district", "Lodi-1", "--comune", "Lodi", "--street", "via Roma")
        _ = try field.sync(laptop)
        try field.relayCommand("backup", field.folder + "/backup.sqlite")
        // Neither the database nor its backup holds the laptop's secret key or the code's seed.
        let secret = try field.withStore(laptop) { try $0.setting("auth.signing-seed") ?? "" }
        for path in [field.relay.storePath, field.folder + "/backup.sqlite"] {
            let bytes = try #require(FileManager.default.contents(atPath: path))
            #expect(bytes.range(of: Data([UInt8](hex: secret)!)) == nil, "\(path) holds no device secret")
        }
        // Another host with the database and the backup, but not relay.key: its answers are
        // signed with a key the laptop never pinned, and refused.
        let impostor = RelayProcess(folder: field.folder + "/impostor", open: false)
        try FileManager.default.createDirectory(atPath: impostor.folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: field.folder + "/backup.sqlite", toPath: impostor.storePath)
        try impostor.start()
        defer { _ = impostor.stop() }
        try field.snodo(laptop, "household", "add", "--district", "Lodi-1", "--comune", "Lodi", "--street", "via Falsa")
        let before = try field.withStore(laptop) { try $0.state().digest }
        let result = try field.snodo(laptop, "sync", "--relay", impostor.url, status: 1)
        #expect(result.stderr.contains("non firmata dal relay"), "\(result.stderr)")
        #expect(try field.withStore(laptop) { try $0.state().digest } == before)
    }

    @Test func refusalsTellAStrangerNothing() throws {
        let field = Self.field()
        defer { field.cleanUp() }
        let claimedCode = try field.enrollmentCode("a", districts: "Lodi-1")
        let (enrolled, _) = try field.enroll("b", districts: "Lodi-1")
        let unclaimedCode = try #require(EnrollmentCode(text: try field.enrollmentCode("c", districts: "Lodi-1")))
        try field.relay.start()
        let owner = field.folder + "/a.sqlite"
        try field.snodo(owner, "enroll", claimedCode)
        _ = try field.sync(owner)
        _ = try field.sync(enrolled)
        let relayKey = try field.relayPublicKey()
        func attempt(_ device: DeviceID, seed: [UInt8], signingSeed: [UInt8] = [UInt8](repeating: 0x31, count: 32)) throws -> Refused {
            let store = try Store.create(path: ":memory:", environment: TestClock(seed: 3).environment, device: device)
            try DeviceCredentials(store: store).enroll(
                EnrollmentCode(device: device, seed: seed, relayKey: relayKey), identity: SigningKey(seed: signingSeed))
            return try field.post(try DeviceSync(store: store).makeRequest().bytes)
        }
        let stranger = try attempt(DeviceID(0x1234_5678), seed: [UInt8](repeating: 1, count: 32))
        let spentCode = try attempt(try #require(EnrollmentCode(text: claimedCode)).device, seed: EnrollmentCode(text: claimedCode)!.seed)
        let wrongCode = try attempt(unclaimedCode.device, seed: [UInt8](repeating: 2, count: 32))
        let enrolledWithoutItsKey = try attempt(try field.withStore(enrolled) { $0.device }, seed: [UInt8](repeating: 3, count: 32))
        let answers = [stranger, spentCode, wrongCode, enrolledWithoutItsKey]
        #expect(answers.allSatisfy { $0.status == 401 && $0.error == .unauthenticated }, "\(answers)")
        #expect(Set(answers.map(\.detail)).count == 1, "one wording for every case: \(answers.map(\.detail))")
        // The right code still works after all that.
        let late = field.folder + "/c.sqlite"
        try field.snodo(late, "enroll", unclaimedCode.text)
        _ = try field.sync(late)
    }

    @Test func aLaptopOfProtocolOneIsToldToEnrollAgain() throws {
        let field = Self.field()
        defer { field.cleanUp() }
        let (laptop, _) = try field.enroll("a", districts: "Lodi-1")
        try field.relay.start()
        // What a store enrolled under protocol 1 holds.
        try field.withStore(laptop) { store in
            try store.write { transaction in
                try transaction.removeSetting("auth.signing-seed")
                try transaction.setSetting("auth.key", [UInt8](repeating: 5, count: 32).hex)
            }
        }
        let result = try field.sync(laptop, status: 1)
        #expect(result.stderr.contains("protocollo 1") && result.stderr.contains("snodo enroll"), "\(result.stderr)")
        // A laptop still running protocol 1 hears the same from the relay.
        let hello = Hello(protocolMin: 1, protocolMax: 1, schemaVersion: 1, device: DeviceID(5), clock: HLC(millis: 1))
        let old = Body([.hello(hello), .pull(Pull(cursor: 0))]).encode()
        let answer = try field.post(old)
        #expect(answer.error == .unsupportedVersion && answer.detail.contains("enroll this laptop again"), "\(answer)")
        let oldCode = try field.snodo(field.folder + "/b.sqlite", "enroll", "snodo1-00112233", status: 64)
        #expect(oldCode.stderr.contains("versione 1"), "\(oldCode.stderr)")
    }

    /// A request with its AUTH counter changed and everything else as it was.
    static func withCounter(_ request: [UInt8], _ counter: UInt64) throws -> [UInt8] {
        var messages = try Body.decode(request).messages
        guard case .auth(var auth) = messages[1] else { throw RelayTestError.relayDidNotStart }
        auth.counter = counter
        messages[1] = .auth(auth)
        return Body(messages).encode()
    }
}

/// What the relay answered a request posted by hand.
struct Refused: Equatable, CustomStringConvertible {
    let status: Int
    let error: ErrorCode?
    let detail: String
    var description: String { "\(status) \(error.map { "\($0)" } ?? "-") \(detail)" }
}

extension RelaySite {
    /// Enrolls a laptop at the relay and returns its code, for the test to hand over.
    func enrollmentCode(_ name: String, districts: String) throws -> String {
        let result = try relayCommand("enroll", "--team", "t-\(name)", "--districts", districts, "--role", "caretaker", "--operator", "Operatore \(name)")
        return String(result.stdout.split(separator: "\n").last!)
    }

    /// The relay's public key, from its key file (as the office's code carries it).
    func relayPublicKey() throws -> [UInt8] {
        let seed = try #require(FileManager.default.contents(atPath: relay.folder + "/relay.key"))
        return SigningKey(seed: [UInt8](seed)).publicKey
    }

    func withStore<T>(_ path: String, _ body: (Store) throws -> T) throws -> T {
        try body(try openTestStore(path: path, environment: TestClock(seed: 41).environment))
    }

    /// Posts a body to the relay as it is, and reads its answer.
    func post(_ body: [UInt8]) throws -> Refused {
        let (status, reply) = try SocketHTTP.exchange(port: relay.port, SocketHTTP.request(body: body))
        for case .error(let error) in try Body.decode(reply).messages { return Refused(status: status, error: error.knownCode, detail: error.detail) }
        return Refused(status: status, error: nil, detail: "")
    }
}

/// Someone between the laptop and the relay: it passes each request on to the real relay and
/// hands the laptop a response it has altered.
final class Interposer: Sendable {
    static let signatureFrameBytes = 1 + 1 + SigningKey.signatureBytes + 4
    let server: HTTPServer
    var url: String { "http://127.0.0.1:\(server.port)" }

    init(relayPort: UInt16, alter: @escaping @Sendable (_ response: [UInt8], _ request: [UInt8]) -> [UInt8]) throws {
        server = try HTTPServer(host: "127.0.0.1", port: 0) { request in
            guard let (status, body) = try? SocketHTTP.exchange(port: relayPort, SocketHTTP.request(path: request.path, body: request.body)) else {
                return HTTPResponse.text(502, "relay unreachable")
            }
            return HTTPResponse(status: status, body: alter(body, request.body))
        }
        let server = server
        Thread.detachNewThread { server.run() }
    }

    func stop() { server.stop() }
}

extension RelayAuthority {
    /// The SIGNATURE frame this authority would end a response with.
    func sealForTests(_ response: [UInt8], answering request: [UInt8]) -> [UInt8] {
        FrameCodec().encode(.signature(ResponseSignature(signature: identity.sign(SignedBytes.response(request: request, response: response)))))
    }
}
