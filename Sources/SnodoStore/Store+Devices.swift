import SnodoModel

/// An enrolled device, as the relay knows it: who, for what, and its public keys. No secret is
/// stored: a copy of the database cannot sign as a device, nor claim an enrollment.
package struct EnrolledDevice: Equatable, Sendable {
    package enum Status: String, Sendable { case enrolled, active, revoked }

    package var device: DeviceID
    package var team: String
    package var scope: Scope
    package var operatorName: String?
    package var status: Status
    /// The public half of the enrollment code's one-time key: what a claim is checked with.
    package var enrollmentKey: [UInt8]?
    /// The laptop's own public key, once it has claimed the enrollment.
    package var publicKey: [UInt8]?
    /// The highest request counter accepted: a request must carry a higher one.
    package var counter: UInt64
    package var enrolledMillis: Int64
    package var revokedMillis: Int64?
    package var revokeToldMillis: Int64?

    package init(device: DeviceID, team: String, scope: Scope, operatorName: String?, enrolledMillis: Int64) {
        self.device = device
        self.team = team
        self.scope = scope
        self.operatorName = operatorName
        status = .enrolled
        counter = 0
        self.enrolledMillis = enrolledMillis
    }
}

extension Store {
    func saveDevice(_ device: EnrolledDevice) throws {
        assertWriting()
        try database.statement(
            """
            INSERT INTO devices(device, team, role, districts, operator, status, enrollment_key, counter, scope_epoch, lease_days,
                                enrolled_millis, revoked_millis, revoke_told_millis, public_key)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
            ON CONFLICT(device) DO UPDATE SET team = excluded.team, role = excluded.role, districts = excluded.districts,
              operator = excluded.operator, status = excluded.status, enrollment_key = excluded.enrollment_key,
              public_key = excluded.public_key, counter = excluded.counter,
              scope_epoch = excluded.scope_epoch, lease_days = excluded.lease_days, revoked_millis = excluded.revoked_millis,
              revoke_told_millis = excluded.revoke_told_millis
            """
        ).bind(
            .text(device.device.hex), .text(device.team), .text(device.scope.role.rawValue),
            .text(device.scope.districts.sorted().joined(separator: ",")), device.operatorName.map { .text($0) } ?? .null,
            .text(device.status.rawValue), device.enrollmentKey.map { .blob($0) } ?? .null, .integer(Int64(bitPattern: device.counter)),
            .integer(Int64(device.scope.epoch)), .integer(Int64(device.scope.leaseDays)), .integer(device.enrolledMillis),
            device.revokedMillis.map { .integer($0) } ?? .null, device.revokeToldMillis.map { .integer($0) } ?? .null,
            device.publicKey.map { .blob($0) } ?? .null
        ).run()
    }

    package func enrolledDevice(_ id: DeviceID) throws -> EnrolledDevice? {
        let statement = try database.statement(
            """
            SELECT team, role, districts, operator, status, enrollment_key, counter, scope_epoch, lease_days, enrolled_millis,
                   revoked_millis, revoke_told_millis, public_key FROM devices WHERE device = ?1
            """)
        try statement.bind(.text(id.hex))
        return try statement.readFirst { row -> EnrolledDevice in
            let districts = Set((row.text(2) ?? "").split(separator: ",").map(String.init))
            let scope = Scope(
                role: TeamRole(rawValue: row.text(1) ?? "") ?? .caretaker, districts: districts,
                epoch: UInt64(row.int64(7)), leaseDays: Int(row.int64(8)))
            var device = EnrolledDevice(device: id, team: row.text(0) ?? "", scope: scope, operatorName: row.text(3), enrolledMillis: row.int64(9))
            device.status = EnrolledDevice.Status(rawValue: row.text(4) ?? "") ?? .enrolled
            device.enrollmentKey = row.isNull(5) ? nil : row.blob(5)
            device.publicKey = row.isNull(12) ? nil : row.blob(12)
            device.counter = UInt64(bitPattern: row.int64(6))
            device.revokedMillis = row.isNull(10) ? nil : row.int64(10)
            device.revokeToldMillis = row.isNull(11) ? nil : row.int64(11)
            return device
        }
    }

    package func enrolledDevices() throws -> [EnrolledDevice] {
        try database.texts("SELECT device FROM devices ORDER BY device").compactMap { hex in
            try DeviceID(hex: hex).flatMap { try enrolledDevice($0) }
        }
    }

    /// The district and shared-with districts of a record as they stood before change `number`:
    /// the winners among the earlier versions of those cells.
    package func placement(of record: RecordID, before number: UInt64) throws -> (district: String?, sharedWith: [String]) {
        let statement = try database.statement(
            """
            SELECT field, element, hlc, device, value FROM history WHERE record = ?1 AND field IN (2, 3) AND seq < ?2
            """)
        try statement.bind(.blob(record.bytes), .integer(Int64(number)))
        var winners: [CellKey: (Stamp, Value)] = [:]
        while try statement.step() {
            let key = CellKey(record: record, field: FieldNumber(statement.int64(0)), element: statement.blob(1))
            let candidate = (stamp(statement, 2), try Value(canonicalBytes: statement.blob(4)))
            if winners[key].map({ candidate.0 > $0.0 }) ?? true { winners[key] = candidate }
        }
        var district: String?, shared: [String] = []
        for (key, winner) in winners {
            if key.field == CommonField.district, case .text(let text) = winner.1 { district = text }
            if key.field == CommonField.sharedWith, winner.1 == .bool(true), case .text(let text)? = key.elementValue { shared.append(text) }
        }
        return (district, shared)
    }

    /// The district and shared-with districts of a record, as this replica holds them.
    /// `kindCode` is the kind as written, also when the store's profile does not define it (`kind`
    /// is nil then).
    package func placement(of record: RecordID) throws -> (kind: RecordKind?, kindCode: UInt32?, district: String?, sharedWith: [String]) {
        let statement = try database.statement("SELECT field, element, value FROM cells WHERE record = ?1 AND field IN (0, 2, 3)")
        try statement.bind(.blob(record.bytes))
        var kindCode: UInt32?, district: String?, shared: [String] = []
        while try statement.step() {
            let value = try Value(canonicalBytes: statement.blob(2))
            switch statement.int64(0) {
            case 0: if case .enumeration(let code) = value { kindCode = code }
            case 2: if case .text(let text) = value { district = text }
            default:
                if value == .bool(true), case .text(let text)? = try? Value(canonicalBytes: statement.blob(1)) { shared.append(text) }
            }
        }
        return (kindCode.map(RecordKind.init(rawValue:)).flatMap { profile.knows($0) ? $0 : nil }, kindCode, district, shared)
    }

    /// Whether this replica applied any change of `record` numbered `number` or lower.
    package func hasChanges(of record: RecordID, through number: UInt64) throws -> Bool {
        try database.statement("SELECT 1 FROM history WHERE record = ?1 AND seq <= ?2 LIMIT 1")
            .bind(.blob(record.bytes), .integer(Int64(number))).readFirst { _ in true } ?? false
    }

    /// The change number at which a record was erased here, nil if it is not.
    package func erasureNumber(_ record: RecordID) throws -> UInt64? {
        try database.statement("SELECT seq FROM erasures WHERE record = ?1").bind(.blob(record.bytes)).readFirst { UInt64($0.int64(0)) }
    }

    /// Every erasure marker with its change number.
    package func erasures() throws -> [(erasure: Erasure, number: UInt64)] {
        let statement = try database.statement("SELECT record, hlc, device, seq FROM erasures ORDER BY seq")
        var result: [(Erasure, UInt64)] = []
        while try statement.step() {
            result.append((Erasure(record: RecordID(bytes: statement.blob(0))!, stamp: stamp(statement, 1)), UInt64(statement.int64(3))))
        }
        return result
    }

    /// The applied-at time and source of every version of a record, for the audit trail.
    package func audit(of record: RecordID) throws -> [(entry: HistoryEntry, source: String?)] {
        let statement = try database.statement(
            """
            SELECT record, field, element, hlc, device, value, supersedes, seq, applied_at, source FROM history WHERE record = ?1 ORDER BY seq
            """)
        try statement.bind(.blob(record.bytes))
        var rows: [(HistoryEntry, String?)] = []
        while try statement.step() {
            rows.append(
                (
                    HistoryEntry(write: try cellWrite(statement), changeNumber: UInt64(statement.int64(7)), appliedMillis: statement.int64(8)),
                    statement.text(9)
                ))
        }
        return rows
    }
}
