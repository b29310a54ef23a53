import Foundation
import Testing

@testable import GitState

/// watchman's JSON answers as `FileSystemMonitor` reads them.
@Suite struct WatchmanResponseTests {
    @Test func readsWatchmansAnswer() throws {
        let answer =
            #"{"version":"4.9.0","clock":"c:1:2:3:4","is_fresh_instance":false,"#
            + #""files":["a b","d\u00e9j\u00e0/\ud83d\ude00","q\"uote"],"debug":{"x":[1,2.5e3,null,true]}}"#
        let response = try #require(WatchmanResponse(json: Array(answer.utf8)))
        #expect(response.clock == "c:1:2:3:4")
        #expect(!response.isFreshInstance)
        #expect(response.files.map { String(decoding: $0, as: UTF8.self) } == ["a b", "déjà/😀", "q\"uote"])
        #expect(WatchmanResponse(json: Array(#"{"error":"unable to resolve root"}"#.utf8))?.error != nil)
        #expect(WatchmanResponse(json: Array(#"{"files":["a"#.utf8)) == nil)
    }
}
