#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import SnodoCommandLine
import SnodoCommands
import SnodoModel
import SnodoStore
import SnodoSync

/// `snodo-relay enroll | revoke | scope | erase | erasures | audit`.
enum TrustCommands {
    static var commands: [Command] { [enroll, revoke, scope, erase, erasures, audit] }

    /// The relay's identity, `DIR/relay.key`: the 32-byte seed of its Ed25519 key pair, readable by
    /// the relay's user only and kept apart from the database, which holds public keys only. Every
    /// response is signed with it, and every laptop pins its public half at enrollment.
    static func authority(_ arguments: Arguments, create: Bool) throws -> RelayAuthority {
        let folder = arguments.value("store") ?? RelayCommands.defaultFolder
        let path = folder + "/relay.key"
        if let data = FileManager.default.contents(atPath: path) {
            guard data.count == 32 else {
                throw CommandError.failure(tr("\(path) non è una chiave del relay (attesi 32 byte)", en: "\(path) is not a relay key (expected 32 bytes)"))
            }
            return RelayAuthority(identitySeed: [UInt8](data))
        }
        guard create else {
            throw CommandError.failure(
                tr(
                    "nessuna chiave del relay in \(path): registrare prima un dispositivo (`snodo-relay enroll`)",
                    en: "no relay key at \(path): enroll a device first (`snodo-relay enroll`)"))
        }
        let key = SecretBytes.make(SigningKey.seedBytes)
        try OwnerOnly.makeFolder(folder)
        guard FileManager.default.createFile(atPath: path, contents: Data(key), attributes: [.posixPermissions: 0o600]) else {
            throw CommandError.failure(tr("impossibile scrivere la chiave del relay \(path)", en: "cannot write the relay key \(path)"))
        }
        return RelayAuthority(identitySeed: key)
    }

    static func parseScope(_ arguments: Arguments, spec: CommandSpec, current: Scope?) throws -> Scope {
        let roleText = arguments.value("role") ?? current?.role.rawValue
        guard let roleText, let role = TeamRole(rawValue: roleText) else {
            let roles = TeamRole.allCases.map(\.rawValue).joined(separator: ", ")
            throw spec.usageError(tr("--role deve essere uno tra \(roles)", en: "--role must be one of \(roles)"))
        }
        let districts =
            arguments.value("districts").map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }) }
            ?? current?.districts ?? []
        guard !districts.isEmpty else {
            throw spec.usageError(tr("--districts richiede almeno un distretto (o * per tutti)", en: "--districts needs at least one district (or * for all)"))
        }
        var lease = current?.leaseDays ?? 14
        if let text = arguments.value("lease-days") {
            guard let days = Int(text), (1...365).contains(days) else {
                throw spec.usageError(tr("--lease-days vuole un numero intero da 1 a 365", en: "--lease-days takes a whole number from 1 to 365"))
            }
            lease = days
        }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        return Scope(role: role, districts: districts, epoch: Scope.nextEpoch(after: current?.epoch ?? 0, wallMillis: now), leaseDays: lease)
    }

    static let enrollSpec = CommandSpec(
        path: "snodo-relay enroll", usage: "snodo-relay enroll --team TEAM --districts D1,D2 --role ROLE [--operator NAME] [--lease-days N] [--store DIR]",
        summary: tr("registra un portatile: stampa il suo codice di registrazione monouso", en: "enroll a laptop: prints its one-time enrollment code"),
        valueOptions: ["store", "team", "districts", "role", "operator", "lease-days"],
        details: [
            tr("Ruoli: ", en: "Roles: ") + TeamRole.allCases.map(\.rawValue).joined(separator: ", ")
                + tr(". --districts * dà tutti i distretti (coordinatori).", en: ". --districts * gives every district (coordinators)."),
            tr(
                "Il codice va dato al portatile: `snodo enroll CODICE --relay URL`. Funziona una volta sola; porta con sé team e operatore.",
                en: "Give the code to the laptop: `snodo enroll CODE --relay URL`. It works once, and carries the team and the operator."),
        ])

    static let enroll = Command(spec: enrollSpec) { arguments, _ in
        guard let team = arguments.value("team"), !team.isEmpty else { throw enrollSpec.usageError(tr("manca --team", en: "missing --team")) }
        let scope = try parseScope(arguments, spec: enrollSpec, current: nil)
        let authority = try authority(arguments, create: true)
        let store = try RelayCommands.openStore(arguments, create: true)
        let device = DeviceID(UInt64.random(in: 1...UInt64.max))
        let code = try authority.enroll(store, device: device, team: team, scope: scope, operatorName: arguments.value("operator"))
        let districts = scope.districts.sorted().joined(separator: ",")
        Output.line(
            tr(
                "registrato il dispositivo \(device.hex): team \(team), \(scope.role.rawValue), distretti \(districts)",
                en: "enrolled device \(device.hex): team \(team), \(scope.role.rawValue), districts \(districts)"))
        Output.line(code.text)
    }

    static func enrolledDevice(_ text: String, store: Store, spec: CommandSpec) throws -> EnrolledDevice {
        guard let id = DeviceID(hex: text.lowercased()) else {
            throw spec.usageError(
                tr(
                    "id di dispositivo non valido (attese 16 cifre esadecimali, come le elenca `snodo-relay status`)",
                    en: "malformed device id (expected 16 hex digits, as `snodo-relay status` lists them)"))
        }
        guard let device = try store.enrolledDevice(id) else {
            throw CommandError.failure(
                tr("il dispositivo \(id.hex) non è registrato presso questo relay", en: "device \(id.hex) is not enrolled at this relay"))
        }
        return device
    }

    static let revokeSpec = CommandSpec(
        path: "snodo-relay revoke", usage: "snodo-relay revoke DEVICE [--store DIR]",
        summary: tr("revoca un portatile: al prossimo contatto gli si ordina di cancellarsi", en: "revoke a laptop: at its next contact it is told to wipe"),
        valueOptions: ["store"], positionals: 1...1)
    static let revoke = Command(spec: revokeSpec) { arguments, _ in
        let store = try RelayCommands.openStore(arguments, create: false)
        var device = try enrolledDevice(arguments.positionals[0], store: store, spec: revokeSpec)
        device.status = .revoked
        device.revokedMillis = store.wallMillis
        try store.write { try $0.saveDevice(device) }
        Output.line(
            tr(
                "revocato \(device.device.hex): non si sincronizza più e cancella il suo archivio al prossimo contatto",
                en: "revoked \(device.device.hex): it syncs no more, and wipes its store at its next contact"))
    }

    static let scopeSpec = CommandSpec(
        path: "snodo-relay scope", usage: "snodo-relay scope DEVICE [--districts D1,D2] [--role ROLE] [--lease-days N] [--store DIR]",
        summary: tr(
            "cambia l'ambito di un portatile: scarica ciò che vi entra, elimina ciò che ne esce",
            en: "change a laptop's scope: it fetches what came in, purges what went out"),
        valueOptions: ["store", "districts", "role", "lease-days"], positionals: 1...1)
    static let scope = Command(spec: scopeSpec) { arguments, _ in
        let store = try RelayCommands.openStore(arguments, create: false)
        var device = try enrolledDevice(arguments.positionals[0], store: store, spec: scopeSpec)
        device.scope = try parseScope(arguments, spec: scopeSpec, current: device.scope)
        try store.write { try $0.saveDevice(device) }
        let districts = device.scope.districts.sorted().joined(separator: ",")
        Output.line(
            "\(device.device.hex): \(device.scope.role.rawValue), "
                + tr(
                    "distretti \(districts), validità \(device.scope.leaseDays) giorni (epoca \(device.scope.epoch))",
                    en: "districts \(districts), lease \(device.scope.leaseDays) days (scope epoch \(device.scope.epoch))"))
    }

    static let erase: Command = EraseCommand.command(
        path: "snodo-relay erase", usage: "snodo-relay erase RECORD --yes [--store DIR]",
        summary: tr(
            "cancella una scheda presso il relay; ogni portatile la cancella alla sua prossima sincronizzazione",
            en: "erase a record at the relay; every laptop erases it at its next sync"), valueOptions: ["store"],
        open: { arguments, _ in try RelayCommands.openStore(arguments, create: false) },
        done: {
            tr(
                "cancellata \($0.hex) presso il relay; `snodo-relay erasures` mostra quali portatili l'hanno confermato",
                en: "erased \($0.hex) at the relay; `snodo-relay erasures` shows which laptops have confirmed it")
        })

    static let erasures = Command(
        spec: CommandSpec(
            path: "snodo-relay erasures", usage: "snodo-relay erasures [--store DIR] [--json]",
            summary: tr(
                "ogni scheda cancellata, e quali portatili hanno confermato la cancellazione",
                en: "every erased record, and which laptops have confirmed the erasure"),
            valueOptions: ["store"], flags: ["json"])
    ) { arguments, _ in
        let store = try RelayCommands.openStore(arguments, create: false)
        let rows = try confirmations(store).map { erasure, confirmed, pending in
            ErasureJSON(record: erasure.record.hex, erasedBy: erasure.stamp.device.hex, confirmed: confirmed, pending: pending)
        }
        if arguments.has("json") { Output.line(jsonText(rows)); return }
        guard !rows.isEmpty else { Output.line(tr("nessuna cancellazione", en: "no erasures")); return }
        var table = Table(header: [tr("scheda", en: "record"), tr("confermata da", en: "confirmed by"), tr("in attesa", en: "pending")])
        table.rows = rows.map {
            [$0.record, $0.confirmed.joined(separator: " "), $0.pending.joined(separator: " ")]
        }
        Output.line(table.render())
    }

    static let audit = Command(
        spec: CommandSpec(
            path: "snodo-relay audit", usage: "snodo-relay audit RECORD [--store DIR] [--json]",
            summary: tr(
                "chi ha cambiato una scheda, quando, da quale portatile (esclusi i valori cancellati)",
                en: "who changed a record, when, from which laptop (erased values excluded)"),
            valueOptions: ["store"], flags: ["json"], positionals: 1...1)
    ) { arguments, _ in
        let store = try RelayCommands.openStore(arguments, create: false)
        let id = try auditedRecord(arguments.positionals[0], store: store)
        let rows = try trail(of: id, store: store)
        if arguments.has("json") { Output.line(jsonText(AuditJSON(record: id.hex, trail: rows.map(\.json)))); return }
        var table = Table(
            header: [
                tr("campo", en: "field"), tr("scritto", en: "written"), tr("dispositivo", en: "device"), tr("operatore", en: "operator"),
                tr("ricevuto", en: "received"),
            ])
        table.rows = rows.map(auditTableRow)
        Output.line(tr("tracciato di \(id.hex)", en: "audit trail of \(id.hex)"))
        Output.line(table.render())
    }
}

extension TrustCommands {
    /// Every erasure with the laptops that have confirmed it and those that have not yet: a laptop
    /// has confirmed once its acknowledged cursor passed the marker's change number.
    static func confirmations(_ store: Store) throws -> [(erasure: Erasure, confirmed: [String], pending: [String])] {
        let peers = try store.peers().filter { $0.name != DeviceSync.relayPeer }
        return try store.erasures().map { erasure, number in
            let confirmed = peers.filter { $0.acknowledgedThrough >= number }.map(\.name)
            return (erasure, confirmed, peers.map(\.name).filter { !confirmed.contains($0) })
        }
    }

    /// The record an audit asks for: a full id also when the record is erased, else any id or prefix.
    static func auditedRecord(_ text: String, store: Store) throws -> RecordID {
        let text = text.lowercased()
        if let full = RecordID(hex: text), try store.erasureNumber(full) != nil { return full }
        return try store.findRecord(text)
    }

    /// A record's audit trail: each write with who wrote it and when it arrived, then the erasure
    /// if any; times as numbers, for the JSON (UTC) and the table (local time).
    static func trail(of id: RecordID, store: Store) throws -> [(json: AuditEntryJSON, written: Int64, received: Int64?)] {
        let devices = Dictionary(uniqueKeysWithValues: try store.enrolledDevices().map { ($0.device.hex, $0) })
        let kind = store.profile.spec((try? store.kind(of: id)) ?? nil)
        var rows: [(json: AuditEntryJSON, written: Int64, received: Int64?)] = try store.audit(of: id).map { entry, source in
            let author = devices[entry.write.stamp.device.hex]
            let json = AuditEntryJSON(
                field: entry.write.key.field, fieldName: auditFieldName(entry.write.key.field, of: kind), element: entry.write.key.element.hex,
                value: entry.write.value.canonicalBytes.hex,
                written: RelayCommands.isoTime(entry.write.stamp.hlc.millis), device: entry.write.stamp.device.hex,
                operator: author?.operatorName, team: author?.team,
                receivedFrom: source ?? "relay", received: RelayCommands.isoTime(entry.appliedMillis))
            return (json, entry.write.stamp.hlc.millis, entry.appliedMillis)
        }
        if let marker = try store.erasureMarker(id) {
            let json = AuditEntryJSON(
                erased: RelayCommands.isoTime(marker.stamp.hlc.millis), device: marker.stamp.device.hex,
                operator: devices[marker.stamp.device.hex]?.operatorName)
            rows.append((json, marker.stamp.hlc.millis, nil))
        }
        return rows
    }

    /// A trail entry as a person reads it: field name, local times, "operator (team)".
    static func auditTableRow(_ row: (json: AuditEntryJSON, written: Int64, received: Int64?)) -> [String] {
        let who = [row.json.operator, row.json.team.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
        let field = row.json.erased != nil ? tr("(cancellata)", en: "(erased)") : row.json.fieldName ?? ""
        return [field, RelayCommands.localTime(row.written), row.json.device, who, row.received.map(RelayCommands.localTime) ?? ""]
    }
}

/// One erased record in `snodo-relay erasures --json`.
struct ErasureJSON: Encodable {
    var record: String
    var erasedBy: String
    var confirmed: [String]
    var pending: [String]
}

/// `snodo-relay audit --json`: the record and its trail.
struct AuditJSON: Encodable {
    var record: String
    var trail: [AuditEntryJSON]
}

/// A field's name in the record's kind, for the audit table.
func auditFieldName(_ number: FieldNumber, of kind: KindSpec?) -> String {
    switch number {
    case CommonField.kind: return tr("(tipo)", en: "(kind)")
    case CommonField.deleted: return tr("(eliminata)", en: "(deleted)")
    default: return kind?.field(numbered: number)?.localizedLabel ?? "#\(number)"
    }
}

/// One entry of an audit trail: a write (field, element, value, when written and received, from
/// where) or the erasure (`erased`); who, in both.
struct AuditEntryJSON: Encodable {
    var field: FieldNumber?
    var fieldName: String?
    var element: String?
    var value: String?
    var written: String?
    var erased: String?
    var device: String
    @Nullable var `operator`: String?
    @Nullable var team: String?
    var receivedFrom: String?
    var received: String?

    init(
        field: FieldNumber? = nil, fieldName: String? = nil, element: String? = nil, value: String? = nil, written: String? = nil, erased: String? = nil,
        device: String,
        operator: String?, team: String? = nil, receivedFrom: String? = nil, received: String? = nil
    ) {
        self.field = field
        self.fieldName = fieldName
        self.element = element
        self.value = value
        self.written = written
        self.erased = erased
        self.device = device
        self.operator = `operator`
        self.team = team
        self.receivedFrom = receivedFrom
        self.received = received
    }
}
