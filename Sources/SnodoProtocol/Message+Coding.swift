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
            writer.writeBytes(auth.mac)
        case .changes(let batch):
            batch.write(to: &writer)
        case .pull(let pull):
            writer.writeVarint(pull.cursor)
            writer.writeVarint(pull.responseBytesMax)
            writer.writeVarint(pull.unsent)
        case .ack(let ack):
            writer.writeVarint(ack.through)
        case .end(let end):
            writer.writeVarint(end.cursor)
            writer.writeByte(end.more ? 1 : 0)
        case .error(let error):
            writer.writeVarint(error.code)
            writer.writeText(error.detail)
        }
    }

    static func read(_ kind: FrameKind, from payload: inout PayloadReader) throws(DecodeError) -> Message {
        switch kind {
        case .hello: return .hello(try readHello(from: &payload))
        case .auth:
            let counter = try payload.varint()
            return .auth(Auth(counter: counter, mac: Array(try payload.bytes(Auth.macBytes))))
        case .changes: return .changes(try ChangeBatch.read(from: &payload))
        case .pull:
            let cursor = try payload.varint()
            let responseBytesMax = try payload.varint()
            return .pull(Pull(cursor: cursor, responseBytesMax: responseBytesMax, unsent: try payload.varint()))
        case .ack: return .ack(Ack(through: try payload.varint()))
        case .end:
            let cursor = try payload.varint()
            let flag = try payload.byte()
            guard flag <= 1 else { throw .invalidFlag }
            return .end(End(cursor: cursor, more: flag == 1))
        case .error:
            let code = try payload.varint()
            return .error(ErrorMessage(rawCode: code, detail: try payload.text(limit: payload.limits.errorDetailBytesMax, what: "error detail")))
        }
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
