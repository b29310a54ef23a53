import Testing

/// Where a test's repository state comes from, so the report can count them
/// (`swift test --filter` by tag, or the tags in the JUnit report).
extension Tag {
    /// States taken from git's own test scripts (the script is named in each test).
    @Tag static var fromGitsTestScripts: Self
    /// Repositories from libgit2's fixtures (Debian's `libgit2-fixtures`), made into working repositories.
    @Tag static var fromLibgit2Fixtures: Self
}
