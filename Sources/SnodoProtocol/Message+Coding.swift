import SnodoModel

/// The payload of each message kind ([HELLO-1], [AUTH-1], [CHG-1], [PULL-1], [ACK-1], [END-1], [ERR-1]).
extension Message {
    /// "SN": the first two bytes of every HELLO payload ([HELLO-2]).
    static let helloMagic: [UInt8] = [0x53, 0x4E]

    func writePayload(to writer: inout ByteWriter) {
        switch self {
        case .hello(let hello):
            writer.writeBytes(Message.helloMagic)
            writer.writeVarint(hello.protocolMin)
            writer.writeVarint(hello.protocolMax)
            writer.writeVarint(hello.schemaVersion)
            writer.writeVarint(hello.capabilities)
            writer.writeUInt64(hello.device.raw)
            writer.writeVarint(hello.clock.raw)
        case .auth(let auth):
            writer.writeVarint(auth.counter)
            writer.writeByte(auth.claim == nil ? 0 : 1)
            if let claim = auth.claim {
                writer.writeBytes(claim.publicKey)
                writer.writeBytes(claim.signature)
            }
            writer.writeBytes(auth.signature)
        case .changes(let batch), .returned(let batch):
            batch.write(to: &writer)
        case .pull(let pull):
            writer.writeVarint(pull.cursor)
            writer.writeVarint(pull.responseBytesMax)
            writer.writeVarint(pull.unsent)
            writer.writeVarint(pull.scopeEpoch)
        case .ack(let ack):
            writer.writeVarint(ack.through)
        case .end(let end):
            writer.writeVarint(end.cursor)
            writer.writeByte(end.more ? 1 : 0)
        case .error(let error):
            writer.writeVarint(error.code)
            writer.writeText(error.detail)
        case .scope(let grant):
            writer.writeVarint(grant.epoch)
            writer.writeText(grant.role)
            writer.writeVarint(grant.leaseDays)
            writer.writeVarint(UInt64(grant.districts.count))
            for district in grant.districts { writer.writeText(district) }
        case .rejected(let rejection):
            writer.writeVarint(rejection.reason)
            writer.writeVarint(UInt64(rejection.records.count))
            for record in rejection.records { writer.writeBytes(record.bytes) }
        case .mark(let mark):
            writer.writeVarint(mark.through)
            writer.writeUInt64(mark.fingerprint)
        case .state(let state):
            state.write(to: &writer)
        case .rewind(let rewind):
            writer.writeVarint(rewind.cursor)
        case .ackState(let state):
            writer.writeUInt64(state.fingerprint)
            writer.writeByte(state.taken ? 1 : 0)
        case .counterFloor(let floor):
            writer.writeVarint(floor.highest)
        case .profileHave(let have):
            writer.writeVarint(have.revision)
        case .profile(let grant):
            writer.writeVarint(grant.revision)
            writer.writeText(grant.json)
        case .signature(let seal):
            writer.writeBytes(seal.signature)
        }
    }

    static func read(_ kind: FrameKind, from payload: inout PayloadReader) throws(DecodeError) -> Message {
        switch kind {
        case .hello: return .hello(try readHello(from: &payload))
        case .auth:
            let counter = try payload.varint()
            let flag = try payload.byte()
            guard flag <= 1 else { throw .invalidFlag }
            var claim: Claim?
            if flag == 1 {
                let publicKey = Array(try payload.bytes(SigningKey.publicKeyBytes))
                claim = Claim(publicKey: publicKey, signature: Array(try payload.bytes(SigningKey.signatureBytes)))
            }
            return .auth(Auth(counter: counter, claim: claim, signature: Array(try payload.bytes(SigningKey.signatureBytes))))
        case .changes: return .changes(try ChangeBatch.read(from: &payload))
        case .pull:
            let cursor = try payload.varint()
            let responseBytesMax = try payload.varint()
            let unsent = try payload.varint()
            return .pull(Pull(cursor: cursor, responseBytesMax: responseBytesMax, unsent: unsent, scopeEpoch: try payload.varint()))
        case .ack: return .ack(Ack(through: try payload.varint()))
        case .end:
            let cursor = try payload.varint()
            let flag = try payload.byte()
            guard flag <= 1 else { throw .invalidFlag }
            return .end(End(cursor: cursor, more: flag == 1))
        case .error:
            let code = try payload.varint()
            return .error(ErrorMessage(rawCode: code, detail: try payload.text(limit: payload.limits.errorDetailBytesMax, what: "error detail")))
        case .scope: return .scope(try readScope(from: &payload))
        case .rejected:
            let reason = try payload.varint()
            let count = try payload.count("rejected records", limit: payload.limits.recordsPerBatchMax, itemBytesMin: 16)
            var records: [RecordID] = []
            for _ in 0..<count {
                let id = RecordID(bytes: try payload.bytes(16))!
                if let last = records.last, !(last < id) { throw .nonCanonicalOrder("rejected records not strictly ascending") }
                records.append(id)
            }
            return .rejected(Rejection(rawReason: reason, records: records))
        case .mark:
            let through = try payload.varint()
            return .mark(LogMark(through: through, fingerprint: try payload.uint64()))
        case .state: return .state(try SyncState.read(from: &payload))
        case .rewind: return .rewind(Rewind(cursor: try payload.varint()))
        case .ackState:
            let fingerprint = try payload.uint64()
            let flag = try payload.byte()
            guard flag <= 1 else { throw .invalidFlag }
            return .ackState(AckState(fingerprint: fingerprint, taken: flag == 1))
        case .counterFloor: return .counterFloor(CounterFloor(highest: try payload.varint()))
        case .returned: return .returned(try ChangeBatch.read(from: &payload))
        case .profileHave: return .profileHave(ProfileHave(revision: try payload.varint()))
        case .profile:
            let revision = try payload.varint()
            return .profile(ProfileGrant(revision: revision, json: try payload.text(limit: payload.limits.profileBytesMax, what: "profile")))
        case .signature: return .signature(ResponseSignature(signature: Array(try payload.bytes(SigningKey.signatureBytes))))
        }
    }

    private static func readScope(from payload: inout PayloadReader) throws(DecodeError) -> ScopeGrant {
        let epoch = try payload.varint()
        let role = try payload.text(limit: 64, what: "role")
        let lease = try payload.varint()
        let count = try payload.count("districts", limit: 1_024, itemBytesMin: 1)
        var districts: [String] = []
        for _ in 0..<count {
            let district = try payload.text(limit: 256, what: "district")
            if let last = districts.last, !(last < district) { throw .nonCanonicalOrder("districts not strictly ascending") }
            districts.append(district)
        }
        return ScopeGrant(epoch: epoch, role: role, leaseDays: lease, districts: districts)
    }

    private static func readHello(from payload: inout PayloadReader) throws(DecodeError) -> Hello {
        guard Array(try payload.bytes(2)) == helloMagic else { throw .badHello("missing the magic bytes 53 4e") }
        let minimum = try payload.varint()
        let maximum = try payload.varint()
        guard minimum >= 1, minimum <= maximum else { throw .badHello("empty protocol version range \(minimum)…\(maximum)") }
        let schema = try payload.varint()
        let capabilities = try payload.varint()
        let device = DeviceID(try payload.uint64())
        let clock = HLC(raw: try payload.varint())
        return Hello(protocolMin: minimum, protocolMax: maximum, schemaVersion: schema, capabilities: capabilities, device: device, clock: clock)
    }
}
