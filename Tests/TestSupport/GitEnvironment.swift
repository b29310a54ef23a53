import Foundation

/// The environment the tests run git (and handoff) in: this process's own without git's
/// variables and a CI's, no system configuration, a global configuration of the test's own, a
/// fixed identity and the C locale, so that what the machine running the tests has set changes
/// nothing.
public enum GitEnvironment {
    /// The variables by which handoff recognises a CI job.
    public static let ciVariables: Set<String> = [
        "CI", "GITHUB_ACTIONS", "GITHUB_HEAD_REF", "GITHUB_REF_NAME", "GITHUB_RUN_ID", "GITHUB_STEP_SUMMARY",
        "GITLAB_CI", "CI_COMMIT_REF_NAME", "CI_PIPELINE_ID", "BRANCH_NAME", "BUILD_ID", "JENKINS_URL", "BUILDKITE",
        "BUILDKITE_BRANCH", "BUILDKITE_BUILD_NUMBER", "CIRCLECI", "CIRCLE_BRANCH", "CIRCLE_BUILD_NUM",
    ]

    /// The environment, with `globalConfig` as git's global configuration file, `home` as `HOME`
    /// when given, and the author and committer `name` and `email`.
    public static func isolated(
        globalConfig: String, home: String? = nil, name: String = "Ada Lovelace", email: String = "ada@example.com"
    ) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("GIT_") || ciVariables.contains(key) {
            environment[key] = nil
        }
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = globalConfig
        if let home { environment["HOME"] = home }
        environment["GIT_AUTHOR_NAME"] = name
        environment["GIT_AUTHOR_EMAIL"] = email
        environment["GIT_COMMITTER_NAME"] = name
        environment["GIT_COMMITTER_EMAIL"] = email
        environment["LC_ALL"] = "C"
        return environment
    }
}
