/// git's estimate of how much of one file another holds (`diffcore-delta.c`): the content cut
/// into spans that end at a newline or after 64 bytes, each span hashed into one of 107,927
/// buckets, and the bytes per bucket counted. What a destination holds of a source is, bucket
/// by bucket, the smaller of the two counts. libgit2's hashsig measures something else (lines,
/// whitespace folded), so its scores and ties are not git's.
struct Similarity {
    /// Bytes per bucket.
    let counts: [UInt32: Int]

    /// `isText`: a CR before a LF is skipped, so line endings do not count (git's `hash_chars`).
    init(_ content: [UInt8], isText: Bool) {
        var counts: [UInt32: Int] = [:]
        var accumulator1: UInt32 = 0
        var accumulator2: UInt32 = 0
        var length = 0
        var position = content.startIndex
        while position < content.endIndex {
            let byte = content[position]
            position += 1
            if isText && byte == UInt8(ascii: "\r") && position < content.endIndex
                && content[position] == UInt8(ascii: "\n")
            {
                continue
            }
            let old1 = accumulator1
            accumulator1 = (accumulator1 << 7) ^ (accumulator2 >> 25)
            accumulator2 = (accumulator2 << 7) ^ (old1 >> 25)
            accumulator1 &+= UInt32(byte)
            length += 1
            if length < 64 && byte != UInt8(ascii: "\n") { continue }
            counts[Self.bucket(accumulator1, accumulator2), default: 0] += length
            length = 0
            accumulator1 = 0
            accumulator2 = 0
        }
        if length > 0 { counts[Self.bucket(accumulator1, accumulator2), default: 0] += length }
        self.counts = counts
    }

    private static func bucket(_ accumulator1: UInt32, _ accumulator2: UInt32) -> UInt32 {
        (accumulator1 &+ accumulator2 &* 0x61) % 107_927
    }

    /// The bytes of this (the source) that `destination` holds: `src_copied` in git's
    /// `diffcore_count_changes`.
    func copied(into destination: Similarity) -> Int {
        var total = 0
        for (bucket, count) in counts {
            if let other = destination.counts[bucket] { total += min(count, other) }
        }
        return total
    }

    /// diffcore-rename's scale: 60,000 is identical, 30,000 (50%) the default minimum.
    static let maxScore = 60_000
    static let defaultMinimum = 30_000

    /// `estimate_similarity`'s first test: whether files of these sizes could reach `minimum`
    /// at all (the size difference under the share of the larger file `minimum` leaves).
    /// git computes in `double` (its `MAX_SCORE` is `60000.0`): so does this.
    static func sizesAllow(_ sourceSize: Int, _ destinationSize: Int, minimum: Int) -> Bool {
        let maxSize = Double(max(sourceSize, destinationSize))
        let deltaSize = maxSize - Double(min(sourceSize, destinationSize))
        return !(maxSize * (Double(maxScore) - Double(minimum)) < deltaSize * Double(maxScore))
    }

    /// `estimate_similarity`'s score: the share of the larger file the destination holds of the source.
    static func score(source: Similarity, destination: Similarity, sourceSize: Int, destinationSize: Int) -> Int {
        guard destinationSize > 0 else { return 0 }
        let maxSize = Double(max(sourceSize, destinationSize))
        return Int(Double(source.copied(into: destination)) * Double(maxScore) / maxSize)
    }
}
