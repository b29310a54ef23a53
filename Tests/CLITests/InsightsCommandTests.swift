import Foundation
import Testing

/// `handoff insights` end to end: sessions run with the built binary and the git CLI, the
/// table, the JSON, and the HTML page rendered in headless Chromium (Debian's `chromium`,
/// installed by scripts/ensure-deps): a screenshot of the expected size that is not blank, and
/// every figure of the page's DOM equal to `--json`'s.
@Suite struct InsightsCommandTests {
    @Test func tableJSONAndAPageChromiumRenders() throws {
        let space = try Workspace()
        try space.remoteAndClone()
        var counts: [Int] = []
        for session in 0..<2 {
            let start = try space.git("rev-parse", "HEAD", in: "clone").trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(try space.handoff(["start"], in: "clone").status == 0)
            for index in 0...session {
                try space.commit("src/f\(session)\(index).txt", "x\n", message: "S\(session) \(index)")
            }
            let saved = try space.handoff(
                [
                    "--done", "work", "--gotcha",
                    session == 0 ? "the cache is cold on Mondays" : "cache cold on Mondays",
                    "--tests", session == 0 ? "3 passed, 1 failed" : "4 passed",
                ], in: "clone")
            #expect(saved.status == 0, "\(saved.stderr)")
            let count = try space.git("rev-list", "--count", "\(start)..HEAD", in: "clone")
            counts.append(Int(count.trimmingCharacters(in: .whitespacesAndNewlines))!)
        }

        let table = try space.handoff(["insights"], in: "clone")
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("Left incomplete    1 of 2 (50%)"), "\(table.stdout)")
        #expect(table.stdout.contains("\nRecurring gotchas\n  2  the cache is cold on Mondays\n"))
        #expect(!table.stdout.contains("█"), "ASCII sparklines when not a terminal")

        let json = try space.handoff(["insights", "--json"], in: "clone")
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let timeline = try #require(object["timeline"] as? [[String: Any]])
        #expect(timeline.compactMap { $0["commits"] as? Int } == counts, "git rev-list --count per session")

        #expect(try space.handoff(["insights", "--html", "page.html"], in: "clone").status == 0)
        let again = try space.handoff(["insights", "--html", "page.html"], in: "clone")
        #expect(again.status != 0 && again.stderr.contains("already exists"), "\(again.stderr)")

        let chromium = try Self.chromium()
        let page = "file://" + space.path("clone/page.html")
        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + space.path("chromium")]
        let shot = space.path("shot.png")
        let screenshot = try space.run(
            chromium, flags + ["--screenshot=" + shot, "--window-size=1000,1400", page], in: "")
        #expect(screenshot.status == 0, "\(screenshot.stderr)")
        let check = try space.run("/usr/bin/env", ["python3", "-c", Self.pngCheck, shot], in: "")
        #expect(check.stdout == "1000 1400 not blank\n", "\(check.stdout)\(check.stderr)")

        let dom = try space.run(chromium, flags + ["--dump-dom", page], in: "")
        #expect(dom.status == 0)
        let figures = Self.figures(in: dom.stdout)
        #expect(figures.count > 20, "\(figures.count) figures")
        for (key, shown) in figures {
            let value = try #require(Self.value(at: key, in: object), "\(key) is not in --json")
            #expect(Self.text(value) == shown, "\(key): page \(shown), JSON \(value)")
        }
    }

    /// A session whose duration was not recorded (a handoff written without `handoff start` and
    /// no earlier handoff) is null in the JSON and `–` on the page, not a bar of 0 minutes.
    @Test func aDurationNotRecordedIsShownAsNotRecorded() throws {
        let space = try Workspace()
        try space.remoteAndClone()
        #expect(try space.handoff(["--done", "first"], in: "clone").status == 0)
        #expect(try space.handoff(["start"], in: "clone").status == 0)
        try space.commit("src/a.txt", "a\n", message: "a")
        #expect(try space.handoff(["--done", "second"], in: "clone").status == 0)

        let json = try space.handoff(["insights", "--json"], in: "clone")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let timeline = try #require(object["timeline"] as? [[String: Any]])
        #expect(timeline.map { $0["duration_minutes"] is NSNull } == [true, false], "\(timeline)")

        #expect(try space.handoff(["insights", "--html", "page.html"], in: "clone").status == 0)
        let html = try String(contentsOfFile: space.path("clone/page.html"), encoding: .utf8)
        let figures = Self.figures(in: html)
        #expect(figures.contains { $0 == ("timeline.0.duration_minutes", "–") }, "\(figures)")
        for (key, shown) in figures {
            let value = try #require(Self.value(at: key, in: object), "\(key) is not in --json")
            #expect(Self.text(value) == shown, "\(key): page \(shown), JSON \(value)")
        }
    }

    /// Chromium, installed through scripts/ensure-deps when missing.
    static func chromium() throws -> String {
        if !FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().path
            let process = try Process.run(URL(fileURLWithPath: root + "/scripts/ensure-deps"), arguments: [])
            process.waitUntilExit()
        }
        return "/usr/bin/chromium"
    }

    /// Prints the PNG's width and height, and whether its pixels hold more than one colour.
    static let pngCheck = """
        import sys, zlib, struct
        data = open(sys.argv[1], 'rb').read()
        assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
        width, height = struct.unpack('>II', data[16:24])
        pos, idat = 8, b''
        while pos < len(data):
            length, kind = struct.unpack('>I4s', data[pos:pos + 8])
            if kind == b'IDAT': idat += data[pos + 8:pos + 8 + length]
            pos += 12 + length
        raw = zlib.decompress(idat)
        stride = len(raw) // height
        # Unfiltered bytes of rows with filter 0 (none) or 1 (sub) differ where the picture does.
        values = set(raw[row * stride + 1:(row + 1) * stride] for row in range(height))
        print(width, height, 'not blank' if len(values) > 1 else 'blank')
        """

    /// `data-key="k">v<` and `data-key="k" data-value="v"` pairs.
    static func figures(in html: String) -> [(String, String)] {
        let pattern = try! NSRegularExpression(pattern: #"data-key="([^"]+)"(?: data-value="([^"]*)"[^>]*>|>([^<]*)<)"#)
        let range = NSRange(html.startIndex..., in: html)
        return pattern.matches(in: html, range: range).map { match in
            let key = String(html[Range(match.range(at: 1), in: html)!])
            let value = Range(match.range(at: 2), in: html) ?? Range(match.range(at: 3), in: html)!
            return (key, String(html[value]))
        }
    }

    /// The value at a dotted path (`weeks.0.sessions`).
    static func value(at path: String, in object: Any) -> Any? {
        var current: Any? = object
        for part in path.split(separator: ".") {
            if let index = Int(part), let array = current as? [Any] {
                current = index < array.count ? array[index] : nil
            } else {
                current = (current as? [String: Any])?[String(part)]
            }
        }
        return current
    }

    /// A JSON value as the page shows it: `2`, `2.5`, `–` for null (also in a chart).
    static func text(_ value: Any) -> String {
        if value is NSNull { return "–" }
        if let number = value as? NSNumber {
            let double = number.doubleValue
            return double == double.rounded() ? String(Int(double)) : String(double)
        }
        return "\(value)"
    }
}
