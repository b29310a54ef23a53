import CFuzzer

#if canImport(Glibc)
import Glibc
#endif

/// The fuzz targets by name: each takes one input and checks what it can of the parser's answer,
/// calling `FuzzCheck.fail` (which aborts, so libFuzzer keeps the input) when a check does not hold.
let fuzzTargets: [String: (UnsafeRawBufferPointer) -> Void] = [
    "index": IndexTargets.index,
    "split-index": IndexTargets.splitIndex,
    "ewah": IndexTargets.ewah,
    "cache-tree": IndexTargets.cacheTree,
    "commit-graph": CommitGraphTargets.single,
    "commit-graph-chain": CommitGraphTargets.chain,
    "json": TextTargets.json,
    "settings": TextTargets.settings,
    "notes-json": TextTargets.notesJSON,
    "notes-markdown": TextTargets.notesMarkdown,
    "junit": TextTargets.junit,
    "template": TextTargets.template,
    "recorded-state": TextTargets.recordedState,
    "journal": TextTargets.journal,
    "reflog": TextTargets.reflog,
    "attributes": AttributeTargets.attributes,
]

/// The target this process runs: `HANDOFF_FUZZ_TARGET`, which `main` sets from its first
/// argument, so that the processes libFuzzer starts itself (`-fork`, `-minimize_crash`) run it too.
let selectedTarget: (UnsafeRawBufferPointer) -> Void = {
    guard let name = getenv("HANDOFF_FUZZ_TARGET").map({ String(cString: $0) }), let target = fuzzTargets[name]
    else {
        FuzzCheck.fail(
            "HANDOFF_FUZZ_TARGET names no target (known: \(fuzzTargets.keys.sorted().joined(separator: ", ")))")
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selectedTarget(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

/// `HandoffFuzz TARGET [libFuzzer's flags and corpus folders]`, or `HandoffFuzz --list`.
@_cdecl("HandoffFuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    if count >= 2, let first = argv?[1].map({ String(cString: $0) }) {
        if first == "--list" {
            for name in fuzzTargets.keys.sorted() { print(name) }
            return 0
        }
        if fuzzTargets[first] != nil {
            setenv("HANDOFF_FUZZ_TARGET", first, 1)
            // The target's name is no flag of libFuzzer's: it goes, the program's name moves up.
            argv![1] = argv![0]
            arguments = argv! + 1
            count -= 1
        }
    }
    return LLVMFuzzerRunDriver(&count, &arguments) { testOneInput($0, $1) }
}

/// What a target does when the parser's answer is wrong.
enum FuzzCheck {
    static func fail(_ message: String) -> Never {
        fputs("fuzz check failed: \(message)\n", stderr)
        abort()
    }

    static func expect(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
        if !condition() { fail(message()) }
    }
}
