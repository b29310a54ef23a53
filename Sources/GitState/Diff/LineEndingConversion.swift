import CLibGit2

/// What git's clean filter does to a work-tree file's line endings before it hashes or diffs
/// it (convert.c's `crlf_to_git`), decided as `convert_attrs` does from the `text`, `crlf` and
/// `eol` attributes and `core.autocrlf`.
///
/// GitState applies it itself rather than through libgit2's `crlf` filter, which differs from
/// git in "line endings already in the index" (t0027-auto-crlf): with `text=auto` or
/// `core.autocrlf`, git keeps the CRLFs of a file whose index copy has CRLFs and is text by
/// git's guess; libgit2 keeps them whenever the index copy has any CR (a lone one, or in
/// a binary file), and reads the copy from the index libgit2 was given, which the scanning
/// engine empties (`Repository.shadowIndex`).
enum LineEndingConversion: Equatable {
    /// `-text` (or no attribute with `core.autocrlf` false): the content as it is.
    case none
    /// `text`, `eol=...`: every CRLF becomes LF.
    case text
    /// `text=auto`, `core.autocrlf` true or input: CRLFs become LFs in a file that looks like
    /// text, unless its index copy already has CRLFs.
    case auto

    /// `core.autocrlf` as git reads it: `input`, or a boolean (anything else counts as false).
    enum AutoCRLF {
        case off, on, input

        init(_ repository: Repository) {
            if repository.configString("core.autocrlf")?.lowercased() == "input" {
                self = .input
            } else {
                // A key with no value is true, as in git.
                self = repository.configBool("core.autocrlf") == true ? .on : .off
            }
        }
    }

    /// The conversion for a path, from its attribute values (`text`, `crlf`, `eol`).
    init(text: AttributeValue, crlf: AttributeValue, eol: AttributeValue, autocrlf: AutoCRLF) {
        enum Action { case binary, text, auto, undefined }
        func action(_ value: AttributeValue) -> Action {
            switch value {
            case .set: return .text
            case .unset: return .binary
            case .unspecified: return .undefined
            case .string("input"): return .text
            case .string("auto"): return .auto
            case .string: return .undefined
            }
        }
        var chosen = action(text)
        if chosen == .undefined { chosen = action(crlf) }
        if chosen != .binary, case .string(let value) = eol, value == "lf" || value == "crlf", chosen != .auto {
            chosen = .text
        }
        if chosen == .undefined { chosen = autocrlf == .off ? .binary : .auto }
        switch chosen {
        case .binary, .undefined: self = .none
        case .text: self = .text
        case .auto: self = .auto
        }
    }

    /// The content as git would store it. `indexCopy` gives the path's blob in the index
    /// (stage 0, or "ours" in a conflict), read only when the rule needs it.
    func toGit(_ content: [UInt8], indexCopy: () throws(GitStateError) -> [UInt8]?) throws(GitStateError)
        -> [UInt8]
    {
        guard self != .none, !content.isEmpty else { return content }
        let stats = TextStats(content)
        guard stats.crlf > 0 else { return content }
        if self == .auto {
            if stats.isBinary { return content }
            if let copy = try indexCopy(), Self.hasCRLF(copy) { return content }
            // Text by git's guess has no lone CR: every CR goes.
            return content.filter { $0 != UInt8(ascii: "\r") }
        }
        var result: [UInt8] = []
        result.reserveCapacity(content.count - stats.crlf)
        for (position, byte) in content.enumerated()
        where
            !(byte == UInt8(ascii: "\r") && position + 1 < content.count
            && content[position + 1] == UInt8(ascii: "\n"))
        {
            result.append(byte)
        }
        return result
    }

    /// convert.c's `has_crlf_in_index`: a CRLF in content git takes for text.
    static func hasCRLF(_ content: [UInt8]) -> Bool {
        guard content.contains(UInt8(ascii: "\r")) else { return false }
        let stats = TextStats(content)
        return !stats.isBinary && stats.crlf > 0
    }
}
