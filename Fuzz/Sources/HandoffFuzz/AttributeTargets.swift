@testable import GitState

/// `.gitattributes` files (`AttributeFile`, `AttributePattern`) and git's glob matching
/// (`Wildmatch`): any file parses, the same way twice, and every pattern answers for any path.
enum AttributeTargets {
    static let paths: [[UInt8]] = ["a", "a.txt", "dir/a.txt", "Dir/Sub/A.TXT", "x/y/z/w", "[", "\\"].map {
        Array($0.utf8)
    }

    static func attributes(_ input: UnsafeRawBufferPointer) {
        let bytes = Array(input)
        let file = AttributeFile(contents: bytes, macrosAllowed: true)
        let again = AttributeFile(contents: bytes, macrosAllowed: true)
        FuzzCheck.expect(
            file.rules.map(\.states) == again.rules.map(\.states)
                && file.macros.map(\.states) == again.macros.map(\.states),
            "two parses differ")
        FuzzCheck.expect(
            AttributeFile(contents: bytes, macrosAllowed: false).macros.isEmpty, "a macro where none may be defined")
        for state in file.rules.flatMap(\.states) + file.macros.flatMap(\.states) {
            FuzzCheck.expect(AttributeFile.isValidName(Array(state.name.utf8)), "an invalid attribute name kept")
        }
        // Each line's first word is also tried as a glob against the paths and against itself.
        var words = bytes.split(whereSeparator: { $0 == 10 || $0 == 32 || $0 == 9 || $0 == 0 }).prefix(16).map(
            Array.init)
        words.append(contentsOf: paths)
        for rule in file.rules.prefix(16) {
            for path in paths + words {
                let nameStart = (path.lastIndex(of: UInt8(ascii: "/")) ?? -1) + 1
                for ignoreCase in [false, true] {
                    _ = rule.pattern.matches(path[...], nameStart: nameStart, directory: 0, ignoreCase: ignoreCase)
                }
            }
        }
        for word in words.prefix(4) {
            // A glob without special bytes is a literal: it matches itself, with and without case.
            if !word.contains(where: Wildmatch.isGlobSpecial) {
                FuzzCheck.expect(Wildmatch.matches(word, word, options: .pathname), "a literal does not match itself")
                FuzzCheck.expect(Wildmatch.matches(word, word, options: .caseFold), "a literal does not match itself")
            }
            // `**` matches everything; `*` everything without a slash when matching paths.
            for text in paths + words.prefix(4) {
                FuzzCheck.expect(Wildmatch.matches(Array("**".utf8), text, options: .pathname), "** misses \(text)")
                FuzzCheck.expect(
                    Wildmatch.matches(Array("*".utf8), text, options: .pathname) == !text.contains(UInt8(ascii: "/")),
                    "* and a slash")
                for options: Wildmatch.Options in [[], .pathname, .caseFold, [.pathname, .caseFold]] {
                    _ = Wildmatch.matches(word, text, options: options)
                }
            }
        }
    }
}
