/// The kinds of secret the redactor knows; the raw value is the name shown in
/// `[redacted:<kind>]` and in the counts.
public enum SecretKind: String, Sendable, Codable, CodingKeyRepresentable, CaseIterable, Comparable {
    case privateKey = "private-key"
    case awsAccessKey = "aws-access-key"
    case githubToken = "github-token"
    case gitlabToken = "gitlab-token"
    case slackToken = "slack-token"
    case googleAPIKey = "google-api-key"
    case jwt
    /// The value of an assignment such as `password=…`.
    case password

    /// By name, as the counts are listed.
    public static func < (left: SecretKind, right: SecretKind) -> Bool { left.rawValue < right.rawValue }
}
