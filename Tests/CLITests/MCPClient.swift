import Foundation
import TestSupport

/// The official Python MCP client (the `mcp` package from PyPI, in a virtual environment that
/// `scripts/ensure-mcp-client` makes), driving `handoff-mcp` through `Tests/MCPClient/client.py`.
///
/// Every session of a test run goes to one client process: importing the client takes ~3 s
/// of CPU, a session well under one, so a process per session made the suite ~170 s on 2 cores.
enum MCPClient {
    typealias Answer = [String: Any]

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let binaries = URL(fileURLWithPath: EndToEndTests.binary).deletingLastPathComponent().path

    /// The client's python, installed once per test run.
    static let python: Result<String, CLIError> = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: packageRoot + "/scripts/ensure-mcp-client")
        let out = Pipe()
        process.standardOutput = out
        do {
            try process.run()
        } catch {
            return .failure(CLIError(message: "cannot run scripts/ensure-mcp-client: \(error)"))
        }
        let path = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return .failure(CLIError(message: "scripts/ensure-mcp-client failed (\(process.terminationStatus))"))
        }
        return .success(path.trimmingCharacters(in: .whitespacesAndNewlines))
    }()

    /// Runs every session in one client process and gives each its answers (or the reason it
    /// has none). Each server is started as a client would start it: by name, from PATH.
    static func run(_ sessions: [MCPSession]) {
        do {
            let results = try results(sessions)
            for session in sessions {
                let result = results[session.name] as? Answer
                if let answers = result?["answers"] as? [Answer] {
                    session.answers = .success(answers)
                } else {
                    let failure = result?["failure"] as? String ?? "no result"
                    session.answers = .failure(
                        CLIError(message: "session \(session.name) failed: \(failure)\nserver: \(session.serverLog)"))
                }
            }
        } catch {
            for session in sessions { session.answers = .failure(error) }
        }
    }

    private static func results(_ sessions: [MCPSession]) throws(CLIError) -> Answer {
        let python = try python.get()
        var plans: Answer = [:]
        for session in sessions {
            var environment = session.repo.environment
            environment["PATH"] = binaries + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            plans[session.name] = [
                "command": session.command, "args": session.arguments, "cwd": session.directory ?? session.repo.path,
                "env": environment, "server_log": session.serverLogPath, "steps": session.steps,
            ]
        }
        let planPath = FileManager.default.temporaryDirectory.path + "/handoff-mcp-plan-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: planPath) }
        let output: ProcessOutput
        do {
            try JSONSerialization.data(withJSONObject: ["sessions": plans]).write(to: URL(fileURLWithPath: planPath))
            var environment = ProcessInfo.processInfo.environment
            environment["PYTHONDONTWRITEBYTECODE"] = "1"
            output = try runToEnd(
                python, [packageRoot + "/Tests/MCPClient/client.py", planPath],
                in: FileManager.default.currentDirectoryPath, environment: environment)
        } catch {
            throw CLIError(message: "cannot run the MCP client: \(error)")
        }
        guard output.status == 0, let results = try? JSONSerialization.jsonObject(with: output.stdout) as? Answer
        else {
            throw CLIError(message: "the MCP client failed: \(output.standardError)")
        }
        return results
    }
}

/// One MCP client session: the repository the server runs in, the steps to take, what the
/// checks need from before the session, and, once the client ran, the answers.
final class MCPSession: @unchecked Sendable {
    let name: String
    let repo: TestRepository
    let steps: [MCPClient.Answer]
    var command = "handoff-mcp"
    var arguments: [String] = []
    /// Where the server starts (default: the repository).
    var directory: String?
    /// The repository's files before the session (`TestRepository.fingerprint`), when a check needs them.
    var before: [String: String] = [:]
    /// `handoff` runs made before the session, by name, when a check reads them.
    var setupRuns: [String: (status: Int32, stdout: String, stderr: String)] = [:]
    var answers: Result<[MCPClient.Answer], CLIError> = .failure(CLIError(message: "the client did not run"))

    init(_ name: String, _ repo: TestRepository, _ steps: [MCPClient.Answer]) {
        self.name = name
        self.repo = repo
        self.steps = steps
    }

    var serverLogPath: String { repo.root + "/server.log" }
    var serverLog: String { (try? String(contentsOfFile: serverLogPath, encoding: .utf8)) ?? "" }
}
