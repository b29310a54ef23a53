import Testing

@testable import Handoff

/// The table `handoff list` and `handoff list --notes` share: the columns as both printed them
/// before they shared it (their own padding loops), byte for byte.
@Suite struct TextTableTests {
    @Test func numbersAlignRightAndTheLastColumnIsNotPadded() {
        let rows = [
            ["9", "2026-03-14 16:09", "main", "handoff-2026-03-14.md", "Continue on main."],
            ["10", "2026-03-13      ", "topic (detached)", "handoff-2026-03-13-2.md", ""],
        ]
        #expect(
            TextTable.lines(rows, firstColumn: .right) == [
                " 9  2026-03-14 16:09  main              handoff-2026-03-14.md    Continue on main.",
                "10  2026-03-13        topic (detached)  handoff-2026-03-13-2.md",
            ])
    }

    @Test func objectIdsAlignLeftAndLinesEndWithoutBlanks() {
        let rows = [
            ["54eeef8", "?", "main", "Continue."],
            ["54e", "2026-12-03 12:58", "?", ""],
        ]
        #expect(
            TextTable.lines(rows, firstColumn: .left) == [
                "54eeef8  ?                 main  Continue.",
                "54e      2026-12-03 12:58  ?",
            ])
    }

    @Test func theMinuteIsCutFromARecordedTime() {
        #expect(TextTable.minute("2026-03-14T16:09:41+01:00") == "2026-03-14 16:09")
        #expect(TextTable.minute("2026-03-14T16:0") == nil)
        #expect(TextTable.minute(nil) == nil)
        #expect(TextTable.firstLine("one\ntwo") == "one")
        #expect(TextTable.firstLine(nil) == "")
    }
}
