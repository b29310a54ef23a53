import CPlatform
import TestSupport
import Testing

/// `handoff_inflate`, which release builds put in place of zlib's `inflate` for libgit2, against
/// zlib itself: for every input, the same return code, the same output and the same stream
/// fields (how much was consumed and produced), whether libdeflate or zlib did the work.
@Suite struct OneShotInflateTests {
    /// What one inflation left behind.
    struct Outcome: Equatable {
        var code: Int32
        var output: [UInt8]
        var consumed: Int
        var produced: Int
        var totalIn: Int
        var totalOut: Int
    }

    /// Inflates `input` into `room` bytes with one call of `inflate` (zlib's, or
    /// `handoff_inflate` over zlib's), after `calls` calls if more are asked for.
    static func inflateOnce(
        _ input: [UInt8], room: Int, oneShot: Bool, calls: Int = 1, finished: ((Int32) -> Void)? = nil
    )
        -> Outcome
    {
        var stream = z_stream()
        #expect(inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: room)
        var code: Int32 = Z_OK
        input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.attach(source, target)
                for _ in 0..<calls {
                    code = oneShot ? handoff_inflate(&stream, Z_FINISH, inflate) : inflate(&stream, Z_FINISH)
                }
                finished?(stream.data_type)
            }
        }
        return Outcome(
            code: code, output: Array(output[0..<(room - Int(stream.avail_out))]),
            consumed: input.count - Int(stream.avail_in),
            produced: room - Int(stream.avail_out), totalIn: Int(stream.total_in), totalOut: Int(stream.total_out))
    }

    /// `data` compressed with zlib at `level`.
    static func compressed(_ data: [UInt8], level: Int32 = 6) -> [UInt8] {
        var stream = z_stream()
        #expect(deflateInit_(&stream, level, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: data.count + data.count / 100 + 64)
        var produced = 0
        data.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.attach(source, target)
                #expect(deflate(&stream, Z_FINISH) == Z_STREAM_END)
                produced = target.count - Int(stream.avail_out)
            }
        }
        return Array(output[0..<produced])
    }

    static let sample = Array((0..<20_000).map { "line \($0 % 97) of a file that repeats itself\n" }.joined().utf8)

    @Test func wholeObjectWithBytesAfterIt() {
        // A pack's window holds the next objects after this one.
        let input = Self.compressed(Self.sample) + Array("the next object".utf8)
        var mark: Int32 = 0
        let oneShot = Self.inflateOnce(input, room: Self.sample.count + 1, oneShot: true) { mark = $0 }
        #expect(mark == HANDOFF_INFLATE_FINISHED, "libdeflate did the work")
        #expect(oneShot == Self.inflateOnce(input, room: Self.sample.count + 1, oneShot: false))
        #expect(oneShot.code == Z_STREAM_END && oneShot.output == Self.sample)
    }

    @Test func outputOfExactlyTheSize() {
        let input = Self.compressed(Self.sample)
        #expect(
            Self.inflateOnce(input, room: Self.sample.count, oneShot: true)
                == Self.inflateOnce(input, room: Self.sample.count, oneShot: false))
    }

    @Test func outputTooSmallIsZlibs() {
        let input = Self.compressed(Self.sample)
        for room in [1, 64, 65, Self.sample.count / 2, Self.sample.count - 1] {
            var mark: Int32 = 0
            let oneShot = Self.inflateOnce(input, room: room, oneShot: true) { mark = $0 }
            #expect(mark != HANDOFF_INFLATE_FINISHED)
            #expect(oneShot == Self.inflateOnce(input, room: room, oneShot: false), "room \(room)")
        }
    }

    @Test func inputThatEndsEarlyIsZlibs() {
        // An object that runs past the end of a pack window arrives in two pieces.
        let input = Self.compressed(Self.sample)
        for cut in [1, 2, input.count / 3, input.count - 1] {
            let piece = Array(input[0..<cut])
            #expect(
                Self.inflateOnce(piece, room: Self.sample.count + 1, oneShot: true)
                    == Self.inflateOnce(piece, room: Self.sample.count + 1, oneShot: false), "cut at \(cut)")
        }
    }

    @Test func corruptDataFailsAsInZlib() {
        var input = Self.compressed(Self.sample)
        input[input.count / 2] ^= 0x55
        var adler = Self.compressed(Self.sample)
        adler[adler.count - 1] ^= 0x01
        for broken in [input, adler, Array("not zlib at all".utf8)] {
            let oneShot = Self.inflateOnce(broken, room: Self.sample.count + 1, oneShot: true)
            #expect(oneShot.code == Z_DATA_ERROR)
            #expect(oneShot == Self.inflateOnce(broken, room: Self.sample.count + 1, oneShot: false))
        }
    }

    @Test func aCallAfterTheEndAnswersTheEnd() {
        let input = Self.compressed(Self.sample) + [1, 2, 3]
        let twice = Self.inflateOnce(input, room: Self.sample.count + 1, oneShot: true, calls: 2)
        #expect(twice == Self.inflateOnce(input, room: Self.sample.count + 1, oneShot: false, calls: 2))
        #expect(twice.code == Z_STREAM_END && twice.output == Self.sample)
    }

    @Test func generatedInputsAtEveryLevel() {
        var generator = SeededRandom(seed: 0x1f2e_3d4c)
        for round in 0..<300 {
            let size = Int(generator.next() % 5000)
            let alphabet = UInt8(1 + generator.next() % 255)
            let data = (0..<size).map { _ in UInt8(generator.next() % UInt64(alphabet)) }
            let level = Int32(generator.next() % 10)
            let input =
                Self.compressed(data, level: level)
                + (0..<Int(generator.next() % 8)).map { _ in UInt8(generator.next() & 0xff) }
            let room = size + Int(generator.next() % 3)
            #expect(
                Self.inflateOnce(input, room: room, oneShot: true)
                    == Self.inflateOnce(input, room: room, oneShot: false),
                "round \(round): \(size) bytes at level \(level)")
        }
    }
}

extension z_stream {
    /// Points the stream at `source` to read from and `target` to write to.
    mutating func attach(_ source: UnsafeBufferPointer<UInt8>, _ target: UnsafeMutableBufferPointer<UInt8>) {
        next_in = UnsafeMutablePointer(mutating: source.baseAddress)
        avail_in = UInt32(source.count)
        next_out = target.baseAddress
        avail_out = UInt32(target.count)
    }
}
