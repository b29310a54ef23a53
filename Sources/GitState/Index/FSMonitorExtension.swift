/// The index's `FSMN` extension (git's `read_fsmonitor_extension`): the file-system monitor's
/// token as of the index's last write, and which entries were not known to be clean then.
///
/// On disk: a 32-bit version; for version 1 a 64-bit time in nanoseconds, for version 2 a
/// NUL-terminated token (watchman's clock for git's watchman hook); then the size of an EWAH
/// bitmap (32 bits) and the bitmap, whose set bits are the positions of the dirty entries.
struct FSMonitorExtension {
    var version: UInt32
    /// The token to ask the monitor with: version 1's time as decimal text, or version 2's token.
    var token: String
    /// Positions of the entries git did not know to be clean (in the index git holds after
    /// reading: a split index merged with its shared index).
    var dirty: [Int]
    /// How many entries the bitmap says it covers.
    var bitCount: Int

    /// Reads the extension's body; `nil` when it is malformed (git then reports an error and
    /// drops it; here the work tree is simply scanned).
    init?(body: UnsafeRawBufferPointer) {
        guard body.count >= 4 + 1 + 4 else { return nil }
        version = body.bigEndian32(at: 0)
        var offset = 4
        switch version {
        case 1:
            guard body.count >= offset + 8 + 4 else { return nil }
            token = String(body.bigEndian64(at: offset))
            offset += 8
        case 2:
            guard let end = body[offset...].firstIndex(of: 0) else { return nil }
            token = String(decoding: body[offset..<end], as: UTF8.self)
            offset = end + 1
        default:
            return nil
        }
        guard body.count >= offset + 4 else { return nil }
        let size = Int(body.bigEndian32(at: offset))
        offset += 4
        guard size <= body.count - offset,
            let bitmap = EWAHBitmap(bytes: UnsafeRawBufferPointer(rebasing: body[offset..<(offset + size)])),
            bitmap.encodedSize == size,
            let positions = bitmap.setPositions(below: max(bitmap.bitCount, 1) + 63)
        else { return nil }
        dirty = positions
        bitCount = bitmap.bitCount
    }
}
