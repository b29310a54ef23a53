import FoundationEssentials

/// The branch a CI names for a detached checkout, and the variable it came from.
public struct CIBranch: Sendable, Equatable {
    public var name: String
    /// `GITHUB_HEAD_REF`, `CI_COMMIT_REF_NAME`, …
    public var variable: String

    public init(name: String, variable: String) {
        self.name = name
        self.variable = variable
    }
}

/// The CI build a handoff was written in (CI mode only).
public struct BuildFacts: Sendable, Equatable {
    /// `GitHub Actions`, `GitLab CI`, `Jenkins`, `Buildkite`, `CircleCI`; `nil` when not recognised.
    public var provider: String?
    /// The build's id, and the variable it came from (`GITHUB_RUN_ID`, `CI_PIPELINE_ID`, …).
    public var buildID: String?
    public var buildIDVariable: String?

    public init(provider: String?, buildID: String?, buildIDVariable: String?) {
        self.provider = provider
        self.buildID = buildID
        self.buildIDVariable = buildIDVariable
    }
}

/// What a CI's environment variables say about the build.
///
/// Only reads the variables it is given (the process environment by default), so tests
/// inject their own.
public struct CIEnvironment: Sendable {
    public let variables: [String: String]

    public init(variables: [String: String] = ProcessInfo.processInfo.environment) {
        self.variables = variables
    }

    /// The variables naming the branch of a detached checkout, in the order they are trusted:
    /// a pull request's source branch first (`GITHUB_HEAD_REF`), then the pushed ref.
    public static let branchVariables = [
        "GITHUB_HEAD_REF", "GITHUB_REF_NAME", "CI_COMMIT_REF_NAME", "BRANCH_NAME", "BUILDKITE_BRANCH", "CIRCLE_BRANCH",
    ]

    /// The variables naming the build, with the CI that sets them.
    public static let buildVariables: [(variable: String, provider: String)] = [
        ("GITHUB_RUN_ID", "GitHub Actions"), ("CI_PIPELINE_ID", "GitLab CI"), ("BUILDKITE_BUILD_NUMBER", "Buildkite"),
        ("CIRCLE_BUILD_NUM", "CircleCI"), ("BUILD_ID", "Jenkins"),
    ]

    /// `CI=true` (any case, or `1`): CI mode turns on by itself.
    public var isCI: Bool {
        guard let value = variables["CI"]?.trimmed.lowercased() else { return false }
        return value == "true" || value == "1" || value == "yes"
    }

    /// The first non-empty branch variable.
    public var branch: CIBranch? {
        for name in Self.branchVariables {
            if let value = value(name) { return CIBranch(name: value, variable: name) }
        }
        return nil
    }

    /// The CI by its own marker variable, else by the build id variable that is set.
    public var provider: String? {
        if value("GITHUB_ACTIONS") != nil { return "GitHub Actions" }
        if value("GITLAB_CI") != nil { return "GitLab CI" }
        if value("BUILDKITE") != nil { return "Buildkite" }
        if value("CIRCLECI") != nil { return "CircleCI" }
        if value("JENKINS_URL") != nil { return "Jenkins" }
        return Self.buildVariables.first { value($0.variable) != nil }?.provider
    }

    public var build: BuildFacts {
        let id = Self.buildVariables.lazy.compactMap { entry in self.value(entry.variable).map { ($0, entry.variable) }
        }.first
        return BuildFacts(provider: provider, buildID: id?.0, buildIDVariable: id?.1)
    }

    /// `GITHUB_STEP_SUMMARY`: the file GitHub Actions shows on the run's page.
    public var stepSummaryPath: String? { value("GITHUB_STEP_SUMMARY") }

    private func value(_ name: String) -> String? {
        guard let value = variables[name]?.trimmed, !value.isEmpty else { return nil }
        return value
    }
}
