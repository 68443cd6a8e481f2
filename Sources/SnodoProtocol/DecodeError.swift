import SnodoModel

/// Why bytes are not a valid frame or message. Every case names the SPEC requirement it enforces.
/// "Need more bytes" is not among them: the frame decoder returns it as a result.
package enum DecodeError: Error, Equatable, Sendable {
    /// [FRAME-3] the payload length is above `frameBytesMax`.
    case frameTooLarge(length: UInt64, limit: Int)
    /// [FRAME-4] the checksum does not match.
    case checksumMismatch
    /// [FRAME-5] a frame kind below 0x40 that this version does not know.
    case unknownFrameKind(UInt8)
    /// [FRAME-1] a varint is overlong or overflows 64 bits.
    case nonCanonicalVarint
    /// [FRAME-1] a payload ended inside a field.
    case truncatedPayload
    /// [FRAME-7] a payload has bytes after its last field.
    case trailingBytes
    /// A count or length above its limit ([LIMIT-2] … [LIMIT-9]).
    case overLimit(what: String, count: UInt64, limit: Int)
    /// [VALUE-2] a value is malformed (reserved tag, invalid UTF-8, out of range).
    case invalidValue(String)
    /// [CHG-3]/[CHG-5] tables or cells are not in strictly ascending order, or an index is out of range.
    case nonCanonicalOrder(String)
    /// [CHG-4] an index points outside its table.
    case indexOutOfRange(String)
    /// [HELLO-2] the hello does not start with the magic bytes, or its version range is empty.
    case badHello(String)
    /// [BODY-1] a body does not start with HELLO, or a frame is out of place.
    case unexpectedFrame(String)
    /// [END-2] a flag byte other than 0 or 1.
    case invalidFlag
    /// [BODY-2] a body ends inside a frame.
    case truncatedBody

    package var name: String {
        switch self {
        case .frameTooLarge: "frameTooLarge"
        case .checksumMismatch: "checksumMismatch"
        case .unknownFrameKind: "unknownFrameKind"
        case .nonCanonicalVarint: "nonCanonicalVarint"
        case .truncatedPayload: "truncatedPayload"
        case .trailingBytes: "trailingBytes"
        case .overLimit: "overLimit"
        case .invalidValue: "invalidValue"
        case .nonCanonicalOrder: "nonCanonicalOrder"
        case .indexOutOfRange: "indexOutOfRange"
        case .badHello: "badHello"
        case .unexpectedFrame: "unexpectedFrame"
        case .invalidFlag: "invalidFlag"
        case .truncatedBody: "truncatedBody"
        }
    }

    /// Maps a byte-reader failure inside a complete payload: running out there is truncation.
    static func from(_ error: ByteReadError, what: String) -> DecodeError {
        switch error {
        case .needMoreBytes: .truncatedPayload
        case .nonCanonicalVarint, .varintOverflow: .nonCanonicalVarint
        case .lengthOverLimit(let length, let limit): .overLimit(what: what, count: length, limit: limit)
        case .invalidUTF8: .invalidValue("text is not UTF-8")
        }
    }

    static func from(_ error: ValueDecodingError) -> DecodeError {
        switch error {
        case .bytes(let inner): from(inner, what: "value length")
        case .reservedTag(let tag): .invalidValue("reserved value tag \(tag)")
        case .outOfRange(let tag): .invalidValue("value of type \(tag) out of range")
        case .trailingBytes: .invalidValue("bytes after a value")
        }
    }
}
