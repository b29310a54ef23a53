import ArgumentParser
import Handoff

extension HandoffCommand.Create {
    /// `--ci` and `--archive`: the create command run unattended by a CI job.
    struct CIOptions: ParsableArguments {
        @Flag(
            help: ArgumentHelp(
                "CI mode (on by itself when CI=true): nothing interactive, branch from CI variables on a detached HEAD, build id recorded."
            ))
        var ci = false

        @Option(
            help: ArgumentHelp(
                "Also save Markdown and JSON named per build in this folder, with an index.jsonl row.", valueName: "dir"
            ))
        var archive: String?

        /// The environment the options read (the process's own).
        var environment: CIEnvironment { CIEnvironment() }

        var isOn: Bool { ci || environment.isCI }

        /// CI mode's facts for the document: the build, and the branch its variables name.
        func apply(to handoff: inout SessionHandoff) {
            guard isOn else { return }
            let environment = self.environment
            handoff.build = environment.build
            handoff.ciBranch = environment.branch
        }

        /// Saves the archive copies and appends the GitHub step summary; returns lines for stdout.
        func publish(_ result: HandoffResult, request: HandoffRequest, base: String) throws(HandoffError) -> [String] {
            guard archive != nil || (isOn && environment.stepSummaryPath != nil) else { return [] }
            var markdownRequest = request
            markdownRequest.format = .markdown
            let markdown =
                request.format == .markdown
                ? result.text : try HandoffWriter(request: markdownRequest).render(result.document)
            var lines: [String] = []
            if let archive {
                var jsonRequest = request
                jsonRequest.format = .json
                jsonRequest.maxCharacters = nil
                let json =
                    request.format == .json
                    ? result.text : try HandoffWriter(request: jsonRequest).render(result.document)
                let saved = try HandoffArchive(folder: Paths.absolute(archive, from: base))
                    .save(markdown: markdown, json: json, document: result.document)
                // Named as the user typed the folder, so logs read back the same path.
                let folder = archive.hasSuffix("/") ? String(archive.dropLast()) : archive
                func shown(_ path: String) -> String {
                    folder + "/" + (path.split(separator: "/").last.map(String.init) ?? path)
                }
                lines.append("Archived as \(shown(saved.markdown)) and \(shown(saved.json))")
            }
            if isOn, let summary = environment.stepSummaryPath {
                try AppendOnlyFile(path: summary).append(markdown + "\n")
            }
            return lines
        }
    }
}
