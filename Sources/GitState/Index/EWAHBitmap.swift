/// A bitmap in git's EWAH encoding (`ewah/ewah_io.c`), as the split index's
/// `link` extension and pack bitmaps store it.
///
/// On disk: the number of bits (32 bits), the number of 64-bit words (32 bits),
/// the words, and the position of the last marker word (32 bits), all big-endian.
/// The words are a chain of marker words, each followed by its literal words:
/// a marker's bit 0 is the value of a run, bits 1...32 the run's length in
/// words, bits 33...63 how many literal words follow it.
struct EWAHBitmap: Equatable {
    /// How many bits the writer said the bitmap covers.
    let bitCount: Int
    let words: [UInt64]

    /// Reads the bitmap at the start of `bytes`; `nil` when it is truncated or
    /// its markers point past its words.
    init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 12 else { return nil }
        let bitCount = Int(EWAHBitmap.u32(bytes, at: 0))
        let wordCount = Int(EWAHBitmap.u32(bytes, at: 4))
        guard wordCount <= (bytes.count - 12) / 8 else { return nil }
        var words: [UInt64] = []
        words.reserveCapacity(wordCount)
        for position in 0..<wordCount {
            let offset = 8 + position * 8
            words.append(
                UInt64(EWAHBitmap.u32(bytes, at: offset)) << 32 | UInt64(EWAHBitmap.u32(bytes, at: offset + 4)))
        }
        // The chain of markers must end exactly at the last word.
        var marker = 0
        while marker < words.count { marker += 1 + Int(words[marker] >> 33) }
        guard marker == words.count else { return nil }
        self.bitCount = bitCount
        self.words = words
    }

    /// The bytes the bitmap took on disk, with its trailing marker position.
    var encodedSize: Int { 12 + 8 * words.count }

    /// The positions of the set bits, in increasing order (git's `ewah_each_bit`),
    /// or `nil` when one is at or past `limit` (the size of what the bits index:
    /// a corrupt run must not make a list of billions).
    func setPositions(below limit: Int) -> [Int]? {
        Self.setPositions(of: words, below: limit)
    }

    /// `setPositions(below:)` over any words (a test runs it over more than it could keep).
    /// The position stops counting at `limit`: past it any set bit is an error wherever it
    /// lies, and counting on overflowed `Int` after 2^25 runs of 2^32 words (a bitmap of 256 MB).
    static func setPositions(of words: some RandomAccessCollection<UInt64>, below limit: Int) -> [Int]? {
        var result: [Int] = []
        var position = 0
        var index = words.startIndex
        while index < words.endIndex {
            let marker = words[index]
            let runLength = Int((marker >> 1) & 0xffff_ffff) * 64
            // (A run of no words marks nothing, wherever it lies: found by the `ewah` fuzz target.)
            if marker & 1 != 0 && runLength > 0 {
                guard position + runLength <= limit else { return nil }
                result.append(contentsOf: position..<(position + runLength))
            }
            position = min(position + runLength, limit)
            index = words.index(after: index)
            for _ in 0..<Int(marker >> 33) {
                guard index < words.endIndex else { return nil }
                var literal = words[index]
                while literal != 0 {
                    let bit = position + literal.trailingZeroBitCount
                    guard bit < limit else { return nil }
                    result.append(bit)
                    literal &= literal - 1
                }
                position = min(position + 64, limit)
                index = words.index(after: index)
            }
        }
        return result
    }

    private static func u32(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }
}
