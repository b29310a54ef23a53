import Foundation
import Testing

@testable import Handoff

@Suite struct AlwaysEncodedTests {
    private func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func nilIsWrittenAsNullAndValuesAsThemselves() throws {
        let start = SessionStart(head: nil, branch: "main", startedAt: "2026-03-14T09:00:00+01:00")
        #expect(
            try json(start)
                == #"{"branch":"main","head":null,"reflog_offset":null,"started_at":"2026-03-14T09:00:00+01:00","started_by":"start","version":1}"#
        )
        #expect(try json(DirtyFile(path: "a", xy: "??")) == #"{"added":null,"deleted":null,"path":"a","xy":"??"}"#)
        #expect(
            try json(DirtyFile(path: "a", xy: ".M", added: 1, deleted: 0))
                == #"{"added":1,"deleted":0,"path":"a","xy":".M"}"#)
    }

    @Test func aMissingKeyOrANullReadsAsNil() throws {
        let missing = try JSONDecoder().decode(
            SessionStart.self, from: Data(#"{"version":1,"started_at":"t","started_by":"note"}"#.utf8))
        #expect(missing.head == nil && missing.branch == nil && missing.reflogOffset == nil)
        let null = try JSONDecoder().decode(
            SessionStart.self,
            from: Data(#"{"version":1,"head":null,"started_at":"t","started_by":"note","reflog_offset":7}"#.utf8))
        #expect(null.head == nil && null.reflogOffset == 7)
        let state = RecordedState(time: "t", branch: nil, detached: true, head: "h", dirty: nil, resume: nil)
        #expect(try JSONDecoder().decode(RecordedState.self, from: Data(json(state).utf8)) == state)
    }
}
