/// The JSON of the pre-push hook's `push` object and CI mode's `ci` object (every key present).
extension JSONRenderer {
    struct PushPayload: Encodable {
        var remote: String
        var url: String
        var refs: [Ref]

        init(facts: PushFacts) {
            remote = facts.remote
            url = facts.url
            refs = facts.refs.map(Ref.init)
        }

        struct Ref: Encodable {
            var localRef, localOID, remoteRef, remoteOID, kind: String
            var commits: [Session.Commit]
            var complete: Bool
            @AlwaysEncoded var remark: String?

            enum CodingKeys: String, CodingKey {
                case kind, commits, complete, remark
                case localRef = "local_ref"
                case localOID = "local_oid"
                case remoteRef = "remote_ref"
                case remoteOID = "remote_oid"
            }

            init(_ ref: PushedRef) {
                localRef = ref.update.localRef
                localOID = ref.update.localOID
                remoteRef = ref.update.remoteRef
                remoteOID = ref.update.remoteOID
                kind = ref.kind.rawValue
                commits = ref.commits.map {
                    Session.Commit(oid: $0.oid.hex, summary: $0.summary, author: $0.author, time: $0.time)
                }
                complete = ref.complete
                remark = ref.remark
            }
        }
    }

    struct CIPayload: Encodable {
        @AlwaysEncoded var provider: String?
        @AlwaysEncoded var buildID: String?
        @AlwaysEncoded var buildIDVariable: String?
        @AlwaysEncoded var branch: String?
        @AlwaysEncoded var branchVariable: String?

        enum CodingKeys: String, CodingKey {
            case provider, branch
            case buildID = "build_id"
            case buildIDVariable = "build_id_variable"
            case branchVariable = "branch_variable"
        }

        init(build: BuildFacts, branch: CIBranch?) {
            provider = build.provider
            buildID = build.buildID
            buildIDVariable = build.buildIDVariable
            self.branch = branch?.name
            branchVariable = branch?.variable
        }
    }
}
