import Foundation
import SnodoModel
import SnodoProtocol

/// The "meaning" of a message in the golden vectors, as JSON (Protocol/vectors/README.md). 64-bit
/// numbers are decimal strings, so that readers in any language keep them exact.
enum VectorJSON {
    static func message(_ message: Message) -> [String: Any] {
        switch message {
        case .hello(let hello):
            return [
                "kind": "hello", "protocolMin": "\(hello.protocolMin)", "protocolMax": "\(hello.protocolMax)",
                "schemaVersion": "\(hello.schemaVersion)", "capabilities": "\(hello.capabilities)",
                "device": hello.device.hex, "clock": "\(hello.clock.raw)",
            ]
        case .auth(let auth):
            var object: [String: Any] = ["kind": "auth", "counter": "\(auth.counter)", "signature": auth.signature.hex]
            if let claim = auth.claim { object["claim"] = ["publicKey": claim.publicKey.hex, "signature": claim.signature.hex] }
            return object
        case .changes(let batch): return ["kind": "changes", "through": "\(batch.through)", "changes": batch.changes.map(change)]
        case .pull(let pull):
            return [
                "kind": "pull", "cursor": "\(pull.cursor)", "responseBytesMax": "\(pull.responseBytesMax)", "unsent": "\(pull.unsent)",
                "scopeEpoch": "\(pull.scopeEpoch)",
            ]
        case .ack(let ack): return ["kind": "ack", "through": "\(ack.through)"]
        case .end(let end): return ["kind": "end", "cursor": "\(end.cursor)", "more": end.more]
        case .error(let error): return ["kind": "error", "code": "\(error.code)", "detail": error.detail]
        case .scope(let grant):
            return ["kind": "scope", "epoch": "\(grant.epoch)", "role": grant.role, "leaseDays": "\(grant.leaseDays)", "districts": grant.districts]
        case .rejected(let rejection): return ["kind": "rejected", "reason": "\(rejection.reason)", "records": rejection.records.map(\.hex)]
        case .mark(let mark): return ["kind": "mark", "through": "\(mark.through)", "fingerprint": "\(mark.fingerprint)"]
        case .state(let state):
            var object: [String: Any] = [
                "kind": "state", "acknowledged": "\(state.acknowledged)", "acknowledgedFingerprint": "\(state.acknowledgedFingerprint)",
                "ackRewind": state.ackRewind, "lostOwn": state.lostOwn,
                "checkpoints": state.checkpoints.map { ["through": "\($0.through)", "fingerprint": "\($0.fingerprint)"] },
                "sent": state.sent.map { ["through": "\($0.through)", "fingerprint": "\($0.fingerprint)"] },
                "seen": ["through": "\(state.seen.through)", "fingerprint": "\(state.seen.fingerprint)"],
            ]
            if let cursor = state.cursorFingerprint { object["cursorFingerprint"] = "\(cursor)" }
            return object
        case .rewind(let rewind): return ["kind": "rewind", "cursor": "\(rewind.cursor)"]
        case .ackState(let state): return ["kind": "ackState", "fingerprint": "\(state.fingerprint)", "taken": state.taken]
        case .counterFloor(let floor): return ["kind": "counterFloor", "highest": "\(floor.highest)"]
        case .returned(let batch): return ["kind": "returned", "through": "\(batch.through)", "changes": batch.changes.map(change)]
        case .profileHave(let have): return ["kind": "profileHave", "revision": "\(have.revision)"]
        case .profile(let grant): return ["kind": "profile", "revision": "\(grant.revision)", "json": grant.json]
        case .signature(let seal): return ["kind": "signature", "signature": seal.signature.hex]
        }
    }

    static func change(_ change: Change) -> [String: Any] {
        switch change {
        case .erase(let erasure):
            return ["erase": erasure.record.hex, "hlc": "\(erasure.stamp.hlc.raw)", "device": erasure.stamp.device.hex]
        case .write(let write):
            return [
                "record": write.key.record.hex, "field": Int(write.key.field), "element": write.key.element.hex,
                "value": value(write.value), "hlc": "\(write.stamp.hlc.raw)", "device": write.stamp.device.hex,
                "supersedes": write.supersedes.map { ["hlc": "\($0.hlc.raw)", "device": $0.device.hex] },
            ]
        }
    }

    static func value(_ value: Value) -> [String: Any] {
        switch value {
        case .null: ["type": "null"]
        case .bool(let flag): ["type": "bool", "value": flag]
        case .integer(let number): ["type": "integer", "value": "\(number)"]
        case .cents(let cents): ["type": "cents", "value": "\(cents)"]
        case .text(let text): ["type": "text", "value": text]
        case .date(let days): ["type": "date", "value": CivilDate(daysSinceEpoch: days).iso, "days": Int(days)]
        case .timestamp(let millis): ["type": "timestamp", "value": "\(millis)"]
        case .coordinates(let latitude, let longitude): ["type": "coordinates", "latitudeE7": Int(latitude), "longitudeE7": Int(longitude)]
        case .reference(let id): ["type": "reference", "value": id.hex]
        case .enumeration(let code): ["type": "enumeration", "value": Int(code)]
        case .opaque(let tag, let payload): ["type": "opaque", "tag": Int(tag), "payload": payload.hex]
        }
    }

    /// Compares two JSON objects as values (key order and number formatting aside).
    static func same(_ a: Any, _ b: Any) -> Bool {
        let options: JSONSerialization.WritingOptions = [.sortedKeys]
        guard let x = try? JSONSerialization.data(withJSONObject: a, options: options),
            let y = try? JSONSerialization.data(withJSONObject: b, options: options)
        else { return false }
        return x == y
    }
}
