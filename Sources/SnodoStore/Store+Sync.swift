import SnodoModel

/// What this replica knows of one peer: how far it has received the peer's feed, how far the
/// peer has acknowledged ours, and what it last learned at an exchange.
package struct PeerState: Equatable, Sendable {
    package var name: String
    /// The peer's change number up to which this replica has committed the peer's changes.
    package var receivedThrough: UInt64 = 0
    /// This replica's change number up to which the peer has committed our changes.
    package var acknowledgedThrough: UInt64 = 0
    package var lastSyncMillis: Int64?
    package var address: String?
    package var clockSkewMillis: Int64?
    /// The peer's own count of changes it had not yet sent, as it reported at the last exchange.
    package var unsent: Int64?
    package var exchanges: Int64 = 0
    /// Until the peer's cursor passes this change number, the feed for it includes changes that
    /// came from it (it may have purged them when its scope shrank).
    package var resendOwnThrough: UInt64 = 0
    /// The peer's log fingerprint at `receivedThrough`, as the peer gave it; nil when unknown (a
    /// peer or a store from before fingerprints) ([LOG-2]).
    package var receivedFingerprint: UInt64?
    /// Earlier points of the peer's log this replica received through, newest first: where to
    /// start again when the peer's log turns out to differ after `receivedThrough` ([LOG-4]).
    package var checkpoints: [Checkpoint] = []
    /// Changes that came from this peer, up to this change number of ours, go back to it: it was
    /// restored from an older copy and may have lost them ([LOG-4]).
    package var returnThrough: UInt64 = 0
    /// What this replica must tell the peer at the next exchange about its own rollback ([LOG-3]).
    package var rewind = RewindRequest()
    /// The points of this replica's own log up to which it has sent its changes to the peer since
    /// `acknowledgedThrough`, newest first: after a lost response, the peer's record ends at one.
    package var sent: [LogPoint] = []
    /// The peer's record of this replica's log as the peer last gave it (in ACK): a request to
    /// rewind that record names it, so that the peer rewinds only the record it was about ([LOG-3]).
    package var seen = LogPoint(through: 0, fingerprint: 0)
    /// At the relay: records it refused to this device in responses the device has not yet shown it
    /// read (by reason). They are refused again in every response until it has ([REJ-2]): a refusal
    /// in a lost response would otherwise be acknowledged and never known to the laptop.
    package var unconfirmedRefusals: [RecordID: UInt64] = [:]

    package init(name: String) { self.name = name }
}

/// A change number of a log and the log's fingerprint there.
package struct LogPoint: Equatable, Sendable {
    package var through: UInt64
    package var fingerprint: UInt64

    package init(through: UInt64, fingerprint: UInt64) {
        self.through = through
        self.fingerprint = fingerprint
    }

    static func encode(_ points: [LogPoint]) -> [UInt8] {
        var writer = ByteWriter(capacity: 16 * points.count)
        for point in points {
            writer.writeUInt64(point.through)
            writer.writeUInt64(point.fingerprint)
        }
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8]) -> [LogPoint] {
        var reader = ByteReader(bytes)
        var points: [LogPoint] = []
        while let through = try? reader.readUInt64(), let fingerprint = try? reader.readUInt64() {
            points.append(LogPoint(through: through, fingerprint: fingerprint))
        }
        return points
    }
}

/// A point of a peer's log: its change number and fingerprint there, and this replica's own last
/// change number when it had committed the peer's changes through it.
package struct Checkpoint: Equatable, Sendable {
    package var through: UInt64
    package var fingerprint: UInt64
    package var localThrough: UInt64

    package init(through: UInt64, fingerprint: UInt64, localThrough: UInt64) {
        self.through = through
        self.fingerprint = fingerprint
        self.localThrough = localThrough
    }

    static func encode(_ checkpoints: [Checkpoint]) -> [UInt8] {
        var writer = ByteWriter(capacity: 24 * checkpoints.count)
        for checkpoint in checkpoints {
            writer.writeUInt64(checkpoint.through)
            writer.writeUInt64(checkpoint.fingerprint)
            writer.writeUInt64(checkpoint.localThrough)
        }
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8]) -> [Checkpoint] {
        var reader = ByteReader(bytes)
        var checkpoints: [Checkpoint] = []
        while let through = try? reader.readUInt64(), let fingerprint = try? reader.readUInt64(), let local = try? reader.readUInt64() {
            checkpoints.append(Checkpoint(through: through, fingerprint: fingerprint, localThrough: local))
        }
        return checkpoints
    }
}

/// A request to the peer to forget part of what it holds from this replica: the peer holds this
/// replica's changes only through the acknowledgement sent with it (`ackRewind`), and changes of
/// this replica's own that it lost must come back (`lostOwn`).
package struct RewindRequest: Equatable, Sendable {
    package var ackRewind = false
    package var lostOwn = false
    package init(ackRewind: Bool = false, lostOwn: Bool = false) {
        self.ackRewind = ackRewind
        self.lostOwn = lostOwn
    }
    package var raw: Int64 { (ackRewind ? 1 : 0) | (lostOwn ? 2 : 0) }
    init(raw: Int64) { self.init(ackRewind: raw & 1 != 0, lostOwn: raw & 2 != 0) }
}

/// A slice of the change feed for one peer.
package struct FeedSlice: Sendable {
    package let changes: [Change]
    /// The change number of each change, in the same order.
    package let numbers: [UInt64]
    /// The change number up to which the feed was read: every change up to it is either in
    /// `changes` or came from the peer itself.
    package let through: UInt64
    /// Whether changes after `through` remain.
    package let more: Bool
    /// For each change, whether it came from the peer itself (sent back to a peer restored from an
    /// older copy, up to the feed's `ownThrough`).
    package let fromPeer: [Bool]
}

extension Store {
    /// The feed after `number` for `peer`, leaving out what came from `peer` itself after
    /// `ownThrough` (a peer that may have purged its own changes gets those up to it back), at most
    /// `limit` changes. Read in one snapshot, so `through` never claims a change it did not see.
    package func feed(after number: UInt64, for peer: String?, ownThrough: UInt64 = 0, limit: Int) throws -> FeedSlice {
        try database.readTransaction {
            let head = UInt64(bitPattern: try meta("last_change") ?? 0)
            var rows: [(number: UInt64, change: Change, fromPeer: Bool)] = []
            let versions = try database.statement(
                Store.loggedVersions(
                    columns: "record, field, element, hlc, device, value, supersedes, seq, source", after: "?1",
                    condition: "$.source IS NULL OR $.source <> ?2 OR $.seq <= ?4", orderedLimit: "?3"))
            try versions.bind(.integer(Int64(number)), .text(peer ?? ""), .integer(Int64(limit + 1)), .integer(Int64(ownThrough)))
            while try versions.step() { rows.append((UInt64(versions.int64(7)), .write(try cellWrite(versions)), peer != nil && versions.text(8) == peer)) }
            let erasures = try database.statement(
                """
                SELECT record, hlc, device, seq, source IS NOT NULL AND source = ?2 FROM erasures
                WHERE seq > ?1 AND (source IS NULL OR source <> ?2 OR seq <= ?4) ORDER BY seq LIMIT ?3
                """)
            try erasures.bind(.integer(Int64(number)), .text(peer ?? ""), .integer(Int64(limit + 1)), .integer(Int64(ownThrough)))
            while try erasures.step() {
                let erasure = Erasure(record: RecordID(bytes: erasures.blob(0))!, stamp: stamp(erasures, 1))
                rows.append((UInt64(erasures.int64(3)), .erase(erasure), erasures.int64(4) != 0))
            }
            rows.sort { $0.number < $1.number }
            let more = rows.count > limit
            let taken = rows.prefix(limit)
            return FeedSlice(
                changes: taken.map(\.change), numbers: taken.map(\.number), through: more ? taken.last!.number : max(head, number), more: more,
                fromPeer: taken.map(\.fromPeer))
        }
    }

    /// How many changes after `number` did not come from `peer`: what it has still to receive.
    package func countFeed(after number: UInt64, for peer: String?) throws -> Int64 {
        let versions =
            try database.statement(
                "SELECT count(*) FROM (\(Store.loggedVersions(columns: "seq", after: "?1", condition: "$.source IS NULL OR $.source <> ?2")))"
            ).bind(.integer(Int64(number)), .text(peer ?? "")).readFirst { $0.int64(0) } ?? 0
        let erasures =
            try database.statement("SELECT count(*) FROM erasures WHERE seq > ?1 AND (source IS NULL OR source <> ?2)")
            .bind(.integer(Int64(number)), .text(peer ?? "")).readFirst { $0.int64(0) } ?? 0
        return versions + erasures
    }

    /// How many records the changes after `number` touch: what a person counts ("2 schede"),
    /// where `countFeed` counts field writes.
    package func countFeedRecords(after number: UInt64, for peer: String?) throws -> Int64 {
        try database.statement(
            """
            SELECT count(*) FROM (SELECT record FROM (\(Store.loggedVersions(columns: "record", after: "?1", condition: "$.source IS NULL OR $.source <> ?2")))
            UNION SELECT record FROM erasures WHERE seq > ?1 AND (source IS NULL OR source <> ?2))
            """
        ).bind(.integer(Int64(number)), .text(peer ?? "")).readFirst { $0.int64(0) } ?? 0
    }

    package func peer(_ name: String) throws -> PeerState {
        let statement = try database.statement(
            """
            SELECT received_through, acknowledged_through, last_sync_millis, address, clock_skew_millis, unsent, exchanges, resend_own_through,
                   received_fingerprint, checkpoints, return_through, rewind, sent, seen_through, seen_fingerprint, unconfirmed_refusals
            FROM peers WHERE peer = ?1
            """)
        try statement.bind(.text(name))
        return try statement.readFirst { row in
            var state = PeerState(name: name)
            state.receivedThrough = UInt64(row.int64(0))
            state.acknowledgedThrough = UInt64(row.int64(1))
            state.lastSyncMillis = row.isNull(2) ? nil : row.int64(2)
            state.address = row.text(3)
            state.clockSkewMillis = row.isNull(4) ? nil : row.int64(4)
            state.unsent = row.isNull(5) ? nil : row.int64(5)
            state.exchanges = row.int64(6)
            state.resendOwnThrough = UInt64(row.int64(7))
            state.receivedFingerprint = row.isNull(8) ? nil : UInt64(bitPattern: row.int64(8))
            state.checkpoints = row.isNull(9) ? [] : Checkpoint.decode(row.blob(9))
            state.returnThrough = UInt64(row.int64(10))
            state.rewind = RewindRequest(raw: row.int64(11))
            state.sent = row.isNull(12) ? [] : LogPoint.decode(row.blob(12))
            state.seen = LogPoint(through: UInt64(bitPattern: row.int64(13)), fingerprint: UInt64(bitPattern: row.int64(14)))
            state.unconfirmedRefusals = row.isNull(15) ? [:] : PeerState.decodeRefusals(row.blob(15))
            return state
        } ?? PeerState(name: name)
    }

    package func peers() throws -> [PeerState] {
        try database.texts("SELECT peer FROM peers ORDER BY peer").map { try peer($0) }
    }

    /// Saves a peer's state, in the same commit as the changes its cursor covers.
    func savePeer(_ state: PeerState) throws {
        assertWriting()
        try database.statement(
            """
            INSERT INTO peers(peer, received_through, acknowledged_through, last_sync_millis, address, clock_skew_millis, unsent, exchanges,
                              resend_own_through, received_fingerprint, checkpoints, return_through, rewind, sent, seen_through, seen_fingerprint,
                              unconfirmed_refusals)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
            ON CONFLICT(peer) DO UPDATE SET received_through = excluded.received_through,
              acknowledged_through = excluded.acknowledged_through, last_sync_millis = excluded.last_sync_millis,
              address = excluded.address, clock_skew_millis = excluded.clock_skew_millis, unsent = excluded.unsent,
              exchanges = excluded.exchanges, resend_own_through = excluded.resend_own_through,
              received_fingerprint = excluded.received_fingerprint, checkpoints = excluded.checkpoints,
              return_through = excluded.return_through, rewind = excluded.rewind, sent = excluded.sent,
              seen_through = excluded.seen_through, seen_fingerprint = excluded.seen_fingerprint,
              unconfirmed_refusals = excluded.unconfirmed_refusals
            """
        ).bind(
            .text(state.name), .integer(Int64(state.receivedThrough)), .integer(Int64(state.acknowledgedThrough)),
            state.lastSyncMillis.map { .integer($0) } ?? .null, state.address.map { .text($0) } ?? .null,
            state.clockSkewMillis.map { .integer($0) } ?? .null, state.unsent.map { .integer($0) } ?? .null,
            .integer(state.exchanges), .integer(Int64(state.resendOwnThrough)),
            state.receivedFingerprint.map { .integer(Int64(bitPattern: $0)) } ?? .null,
            state.checkpoints.isEmpty ? .null : .blob(Checkpoint.encode(state.checkpoints)),
            .integer(Int64(state.returnThrough)), .integer(state.rewind.raw),
            state.sent.isEmpty ? .null : .blob(LogPoint.encode(state.sent)),
            .integer(Int64(bitPattern: state.seen.through)), .integer(Int64(bitPattern: state.seen.fingerprint)),
            state.unconfirmedRefusals.isEmpty ? .null : .blob(PeerState.encodeRefusals(state.unconfirmedRefusals))
        ).run()
    }

    /// Observes a remote clock reading (a peer's HELLO), so later local stamps follow it.
    @discardableResult
    package func observe(_ remote: HLC) -> ClockObservation {
        clock.observe(remote, wallMillis: environment.wallMillis())
    }

    package var wallMillis: Int64 { environment.wallMillis() }
}

extension PeerState {
    /// Record id (16 bytes) and reason (u64), by id.
    static func encodeRefusals(_ refusals: [RecordID: UInt64]) -> [UInt8] {
        var writer = ByteWriter(capacity: refusals.count * 24)
        for (record, reason) in refusals.sorted(by: { $0.key < $1.key }) {
            writer.writeBytes(record.bytes)
            writer.writeUInt64(reason)
        }
        return writer.bytes
    }

    static func decodeRefusals(_ bytes: [UInt8]) -> [RecordID: UInt64] {
        var reader = ByteReader(bytes)
        var refusals: [RecordID: UInt64] = [:]
        while !reader.isAtEnd, let id = try? reader.readBytes(16), let reason = try? reader.readUInt64() {
            refusals[RecordID(bytes: Array(id))!] = reason
        }
        return refusals
    }
}
