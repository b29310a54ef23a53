import Foundation
import Testing

@testable import GitState

/// `ObjectID` against git: its text is `git rev-parse`'s, its `short` is `git rev-parse --short=7`'s,
/// its JSON is the bare hexadecimal string, and ids compare as their bytes (so as their names).
@Suite struct ObjectIDTests {
    @Test func readsAndWritesGitsNames() throws {
        let repo = try GitRepo()
        var ids: [String] = []
        for number in 0..<4 { ids.append(try repo.commitFile("file\(number).txt", "\(number)\n")) }
        for hex in ids {
            let id = try #require(ObjectID(hex: hex))
            #expect(id.hex == hex)
            #expect(id.description == hex)
            #expect(
                id.short
                    == (try repo.git(["rev-parse", "--short=7", hex])).trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(ObjectID.short(hex) == id.short)
            #expect(ObjectID(hex: hex.uppercased()) == id, "git accepts upper-case hex")
            #expect(!id.isZero)
        }
        let parsed = ids.compactMap { ObjectID(hex: $0) }
        #expect(Set(parsed).count == ids.count)
        #expect(parsed.sorted().map(\.hex) == ids.sorted())
        #expect(ObjectID.zero.hex == String(repeating: "0", count: 40))
        #expect(ObjectID.zero.isZero)
    }

    @Test func encodesAsTheHexString() throws {
        let hex = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
        let id = try #require(ObjectID(hex: hex))
        let json = try JSONEncoder().encode(["head": id])
        #expect(String(decoding: json, as: UTF8.self) == "{\"head\":\"\(hex)\"}")
        #expect(try JSONDecoder().decode([String: ObjectID].self, from: json) == ["head": id])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([String: ObjectID].self, from: Data(#"{"head":"e69de29"}"#.utf8))
        }
    }

    @Test func refusesWhatIsNotAnID() {
        for text in ["", "e69de29", String(repeating: "g", count: 40), String(repeating: "a", count: 41)] {
            #expect(ObjectID(hex: text) == nil, "\(text)")
        }
    }
}
