import Foundation
import Testing

@testable import GitState

/// GitState's own reading of attributes (`AttributeRules`, `AttributePattern`, `Wildmatch`)
/// against `git check-attr`, path by path and attribute by attribute, with and without
/// `core.ignorecase`.
///
/// The rules are the ones git's t0003-attributes.sh pins down (precedence of
/// info/attributes over deeper and shallower `.gitattributes`, the last line of a file
/// winning, macros and `!attr`, ignored negative patterns, quoted patterns, `**`, the
/// directory-only trailing slash, matching without case) and the glob cases of
/// t3070-wildmatch.sh (brackets, ranges, classes, escapes, stars and slashes); the files and
/// paths here are this project's own.
@Suite(.tags(.fromGitsTestScripts)) struct AttributeRulesTests {
    /// `git check-attr -z` for each path and name.
    func gitValues(_ repo: GitRepo, names: [String], paths: [String]) throws -> [String: [String: String]] {
        let output = try repo.git(["check-attr", "-z", "--stdin"] + names, input: paths.joined(separator: "\0"))
        let fields = output.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
        var result: [String: [String: String]] = [:]
        var index = 0
        while index + 2 < fields.count {
            result[fields[index], default: [:]][fields[index + 1]] = fields[index + 2]
            index += 3
        }
        return result
    }

    /// git's words for a value.
    func spelled(_ value: AttributeValue) -> String {
        switch value {
        case .set: return "set"
        case .unset: return "unset"
        case .unspecified: return "unspecified"
        case .string(let text): return text
        }
    }

    func expectSameAttributes(_ repo: GitRepo, names: [String], paths: [String]) throws {
        let git = try gitValues(repo, names: names, paths: paths)
        #expect(git.count == paths.count, "git answered for every path")
        let rules = AttributeRules(repository: try Repository(discoveringFrom: repo.path))
        for path in paths {
            let ours = rules.values(names, for: path)
            for (name, value) in zip(names, ours) {
                #expect(spelled(value) == git[path]?[name], "\(path): \(name)")
            }
        }
    }

    func precedenceRepository() throws -> GitRepo {
        let repo = try GitRepo()
        try repo.write(
            ".gitattributes",
            """
            [attr]nolabel !label
            [attr]doc label=doc -binary
            "  spaced  "\tlabel=spaced
            "quo\\"ted"\tlabel=quoted
            "oct\\141l" label=octal
            name label=root-name
            top/exact label=root-exact
            /anchored label=anchored
            swap label -label
            pawsl -label label
            cleared nolabel
            *.md doc
            *.BIN binary
            !negated label=never
            \\!bang label=bang
            dir-only/ label=never
            sub/**/deep label=double-star
            **/any label=any-depth
            trailing/** label=below-trailing
            badname label=never bad$attr
            ok label=ok kind=bad=value
            many.txt a b -c !d e=1 label=many
            """)
        try repo.write(
            "sub/.gitattributes",
            """
            name label=sub-name
            inner/* label=sub-inner
            inner/keep nolabel
            [attr]local label=never
            macro-here local
            """)
        try repo.write("sub/inner/.gitattributes", "deepest label=deepest\n")
        try repo.write(".git/info/attributes", "info-wins label=info\nsub/inner/deepest label=info-over-deepest\n")
        return repo
    }

    static let precedencePaths = [
        "  spaced  ", "quo\"ted", "octal", "name", "x/name", "sub/name", "sub/x/name", "top/exact", "x/top/exact",
        "anchored", "x/anchored", "swap", "pawsl", "cleared", "readme.md", "sub/guide.md", "data.BIN", "negated",
        "!bang", "dir-only", "dir-only/file", "sub/deep", "sub/a/b/deep", "any", "a/b/any", "trailing/x",
        "trailing/x/y", "trailing", "badname", "ok", "many.txt", "sub/inner/file", "sub/inner/keep",
        "sub/inner/deepest", "sub/inner/x/deepest", "sub/macro-here", "info-wins", "sub/info-wins",
        "NAME", "Sub/Name", "sub/INNER/file", "README.MD", "data.bin", "TOP/EXACT", "Anchored", "SUB/A/DEEP",
    ]

    static let precedenceNames = [
        "label", "nolabel", "doc", "binary", "diff", "text", "merge", "a", "b", "c", "d", "e",
    ]

    @Test(arguments: [false, true]) func precedenceMacrosAndQuoting(ignoreCase: Bool) throws {
        let repo = try precedenceRepository()
        try repo.git(["config", "core.ignorecase", ignoreCase ? "true" : "false"])
        try expectSameAttributes(repo, names: Self.precedenceNames, paths: Self.precedencePaths)
    }

    /// The global file (`core.attributesFile`) is weaker than the work tree's and may define macros.
    @Test func globalFileAndItsMacros() throws {
        let repo = try GitRepo()
        let global = repo.scratch.path + "/attributes"
        try "[attr]vendored -diff label=vendored\n*.lock vendored\n*.txt label=global\n".write(
            toFile: global, atomically: true, encoding: .utf8)
        try repo.git(["config", "core.attributesFile", global])
        try repo.write(".gitattributes", "b.txt label=worktree\n")
        try expectSameAttributes(
            repo, names: ["label", "diff", "vendored"], paths: ["a.lock", "x/a.lock", "a.txt", "b.txt", "c"])
    }

    /// A `.gitattributes` that is a symbolic link is not read (git opens it with `O_NOFOLLOW`).
    @Test func linkedAttributesFileIsIgnored() throws {
        let repo = try GitRepo()
        try repo.write("real-attributes", "*.txt label=linked\n")
        try FileManager.default.createDirectory(atPath: repo.path + "/sub", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: repo.path + "/sub/.gitattributes", withDestinationPath: "../real-attributes")
        try repo.write(".gitattributes", "*.md label=root\n")
        try expectSameAttributes(repo, names: ["label"], paths: ["sub/a.txt", "sub/a.md", "a.txt"])
    }

    /// Glob cases in the spirit of t3070-wildmatch.sh, each as a pattern with a slash (matched
    /// as a path, `*` within one directory) and, where it has none, as a name in any directory.
    static let globs: [(pattern: String, paths: [String])] = [
        ("a?c", ["abc", "a/c", "aXc", "ac", "x/abc"]),
        ("a*c", ["ac", "abbbc", "ab/c", "x/abc", "acd"]),
        ("[abc]x", ["ax", "bx", "dx", "Ax", "]x"]),
        ("[!abc]x", ["ax", "dx", "Dx", "-x"]),
        ("[^a-c]y", ["ay", "dy", "By"]),
        ("[a-cX-Z]z", ["bz", "Yz", "yz", "dz", "Bz"]),
        ("[]]w", ["]w", "w", "aw"]),
        ("[]-a]v", ["]v", "^v", "-v", "bv"]),
        ("[[:digit:]][[:upper:]]u", ["1Au", "1au", "a1u", "9Zu"]),
        ("[[:alpha:][:punct:]]t", ["at", "!t", "1t", "Zt"]),
        ("[[:xdigit:]]s", ["fs", "Fs", "gs", "0s"]),
        ("[[:space:][:blank:]]r", [" r", "\tr", "xr"]),
        ("[[:lower:]]q", ["aq", "Aq"]),
        ("[A]p", ["Ap", "ap"]),
        ("\\*o", ["*o", "xo"]),
        ("n\\?", ["n?", "nx"]),
        ("[a-]m", ["am", "-m", "bm"]),
        ("[\\]]l", ["]l", "\\l"]),
        ("*.TXT", ["a.txt", "a.TXT", "dir/b.Txt"]),
        ("CamelCase", ["camelcase", "CAMELCASE", "CamelCase"]),
        ("[[:bogus:]]k", ["ak"]),
        ("[a", ["[a", "a"]),
        ("x/*/y", ["x/a/y", "x/a/b/y", "x/y", "X/A/Y"]),
        ("x/**/y", ["x/y", "x/a/y", "x/a/b/y", "xa/y"]),
        ("**/z", ["z", "a/z", "a/b/z", "az"]),
        ("w/**", ["w/a", "w/a/b", "w"]),
        ("v/**x", ["v/x", "v/ax", "v/a/x"]),
        ("u**/t", ["u/t", "ua/t", "ua/b/t"]),
        ("s/[a-z]*/r", ["s/abc/r", "s/Abc/r", "s/a/b/r"]),
        ("/q/p", ["q/p", "a/q/p"]),
        ("o/n?", ["o/nx", "o/n"]),
        ("m*l/k", ["ml/k", "mxl/k", "m/l/k"]),
    ]

    @Test(arguments: [false, true]) func globsAsGitMatchesThem(ignoreCase: Bool) throws {
        let repo = try GitRepo()
        var lines: [String] = []
        var paths: [String] = []
        var names: [String] = []
        for (index, glob) in Self.globs.enumerated() {
            let name = "g\(index)"
            names.append(name)
            lines.append("\(glob.pattern) \(name)")
            if !glob.pattern.contains("/") {
                // Also as a path pattern, and as a name in a subdirectory.
                lines.append("deep/\(glob.pattern) \(name)=path")
                paths += glob.paths.map { "deep/" + $0 } + glob.paths.map { "other/" + $0 }
            }
            paths += glob.paths
        }
        try repo.write(".gitattributes", lines.joined(separator: "\n") + "\n")
        try repo.git(["config", "core.ignorecase", ignoreCase ? "true" : "false"])
        let unique = Array(Set(paths)).sorted()
        try expectSameAttributes(repo, names: names, paths: unique)
    }

    /// The same matcher directly, for cases git's tests pin down that `check-attr` cannot
    /// reach (it takes no pattern): `*` without `pathname` crosses slashes, and git's
    /// case-folding quirks inside brackets.
    @Test func wildmatchDirectly() {
        #expect(Wildmatch.matches(Array("a*c".utf8), Array("ab/c".utf8), options: []))
        #expect(!Wildmatch.matches(Array("a*c".utf8), Array("ab/c".utf8), options: .pathname))
        #expect(Wildmatch.matches(Array("**/c".utf8), Array("c".utf8), options: .pathname))
        #expect(!Wildmatch.matches(Array("[A]".utf8), Array("a".utf8), options: .caseFold))
        #expect(Wildmatch.matches(Array("[A-Z]".utf8), Array("a".utf8), options: .caseFold))
        #expect(Wildmatch.matches(Array("[[:upper:]]".utf8), Array("a".utf8), options: .caseFold))
        #expect(!Wildmatch.matches(Array("[[:upper:]]".utf8), Array("a".utf8), options: []))
        #expect(!Wildmatch.matches(Array("a\\".utf8), Array("a".utf8), options: []))
    }
}
