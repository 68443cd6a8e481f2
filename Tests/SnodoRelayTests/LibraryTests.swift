import Foundation
import Snodo
import Testing
import SnodoTestSupport

/// The library's API (`import Snodo`) against a real relay process: two field laptops as an app
/// would drive them, through conflicts, resolution, history, erasure, observation and cancellation.
@Suite(.serialized) struct LibraryTests {
    static let lodi: [String: FieldValue] = ["district": .text("Lodi-1"), "comune": .text("Lodi"), "street": .text("via Cavour")]

    static func enroll(_ site: RelaySite, _ name: String) throws -> Replica {
        let words = ["enroll", "--team", "t-\(name)", "--districts", "Lodi-1", "--role", "caretaker", "--operator", "Operatore \(name)"]
        let code = String(try #require(try site.relayCommand(words).stdout.split(separator: "\n").last))
        return try Replica(enrollingAt: site.folder + "/\(name)/field.sqlite", code: code, relay: URL(string: site.relay.url)!)
    }

    @Test func twoAppsEditOfflineMeetAConflictAndResolveIt() async throws {
        let site = RelaySite("snodo-library")
        defer { site.cleanUp() }
        try site.relay.start()
        let anna = try Self.enroll(site, "anna")
        let bruno = try Self.enroll(site, "bruno")
        let home = try await anna.create("household", Self.lodi)
        try await anna.sync()
        var observed = bruno.changes().makeAsyncIterator()
        let received = try await bruno.sync()
        #expect(received.received >= 4)
        let change = await observed.next()
        #expect(change?.origin == .sync && change?.records.contains(home) == true)

        // Offline, both change the tutor; Bruno also adds a vulnerability.
        try await anna.edit(home, ["tutor": .text("Anna")])
        try await bruno.edit(home, ["tutor": .text("Bruno"), "vulnerabilities": .choices([.choice("minors")])])
        try await anna.sync()
        try await bruno.sync()
        try await anna.sync()
        let annaSees = try #require(try await anna.record(home))
        let brunoSees = try #require(try await bruno.record(home))
        #expect(annaSees == brunoSees, "both replicas converge")
        #expect(annaSees.fieldsInConflict == ["tutor"])
        let conflicts = try await anna.conflicts()
        try #require(conflicts.count == 1)
        #expect(Set([conflicts[0].winner] + conflicts[0].others) == [.text("Anna"), .text("Bruno")])

        try await anna.resolve(conflicts[0], keeping: .text("Anna e Bruno"))
        try await anna.sync()
        try await bruno.sync()
        #expect(try await bruno.conflicts().isEmpty)
        #expect(try await bruno.record(home)?.fields["tutor"] == .text("Anna e Bruno"))
        #expect(try await bruno.record(home)?.fields["vulnerabilities"] == .choices([.choice("minors")]))
        let tutors = try await bruno.history(of: home).filter { $0.field == "tutor" }.compactMap(\.value)
        #expect(Set(tutors) == [.text("Anna"), .text("Bruno"), .text("Anna e Bruno")])

        // Erased on one replica, gone from the other after their syncs.
        try await bruno.erase(home)
        try await bruno.sync()
        try await anna.sync()
        #expect(try await anna.record(home) == nil)
    }

    @Test func aCancelledSyncSendsNothingAndTheNextOneDoes() async throws {
        let site = RelaySite("snodo-library-cancel")
        defer { site.cleanUp() }
        try site.relay.start()
        let anna = try Self.enroll(site, "anna")
        try await anna.create("place", ["district": .text("Lodi-1"), "name": .text("Stazione")])
        let cancelled = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await anna.sync()
        }
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        // Its three writes (kind, district, name) are all still to send.
        #expect(try await anna.sync().sent == 3)
    }

    @Test func aSealedReplicaOpensOnlyWithItsPassphraseAndShowsNothingOnDisk() async throws {
        let folder = makeTemporaryFolder("snodo-library-sealed")
        defer { removeTemporaryFolder(folder) }
        let path = folder + "/field.sqlite"
        do {
            let replica = try Replica(creatingAt: path, passphrase: "la frase dell'app di prova")
            _ = try await replica.create("household", Self.lodi)
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            let bytes = FileManager.default.contents(atPath: folder + "/" + name) ?? Data()
            #expect(bytes.range(of: Data("Lodi".utf8)) == nil, "\(name) shows a value")
        }
        #expect(throws: SnodoError.wrongPassphrase) { try Replica(openingAt: path, passphrase: "un'altra frase") }
        #expect(throws: SnodoError.wrongPassphrase) { try Replica(openingAt: path) }
        let reopened = try Replica(openingAt: path, passphrase: "la frase dell'app di prova")
        #expect(try await reopened.records("household").count == 1)
    }

    @Test func badValuesAreRefusedWithTheFieldAndWhatItTakesAndWriteNothing() async throws {
        let folder = makeTemporaryFolder("snodo-library-bad")
        defer { removeTemporaryFolder(folder) }
        let replica = try Replica(creatingAt: folder + "/field.sqlite")
        await #expect(throws: SnodoError.unknownKind("castle", known: ["household", "person", "place", "visit", "followup", "ledger"])) {
            try await replica.create("castle", [:])
        }
        await #expect(throws: SnodoError.missingField("street", kind: "household")) {
            try await replica.create("household", ["district": .text("Lodi-1"), "comune": .text("Lodi")])
        }
        var bad = Self.lodi
        bad["housing"] = .choice("castle")
        do {
            try await replica.create("household", bad)
            Issue.record("a value outside the vocabulary was taken")
        } catch {
            #expect(error.description.hasPrefix("field 'housing' takes one of "))
            #expect(!error.description.contains("castle"), "the message names the field, not the value")
        }
        let home = try await replica.create("household", Self.lodi)
        await #expect(throws: SnodoError.invalidValue(field: "floor", expected: "text")) { try await replica.edit(home, ["floor": .integer(3)]) }
        #expect(try await replica.history(of: home).count == 3, "the refused edits wrote nothing")
        let entry = try await replica.create(
            "ledger",
            [
                "district": .text("Lodi-1"), "household": .record(home), "entry": .choice("allocation"), "kind": .choice("rent"),
                "amount": .amount(cents: 150_000), "date": .date(year: 2026, month: 10, day: 31),
            ])
        #expect(try await replica.record(entry)?.fields["amount"]?.description == "1.500,00 €")
        await #expect(throws: SnodoError.immutable(kind: "ledger")) { try await replica.edit(entry, ["note": .text("x")]) }
        await #expect(throws: SnodoError.noRelay) { try await replica.sync() }
    }
}
