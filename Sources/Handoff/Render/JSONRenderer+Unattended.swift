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
            var ref: PushedRef

            enum CodingKeys: String, CodingKey {
                case kind, commits, complete, remark
                case localRef = "local_ref"
                case localOID = "local_oid"
                case remoteRef = "remote_ref"
                case remoteOID = "remote_oid"
            }

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(ref.update.localRef, forKey: .localRef)
                try container.encode(ref.update.localOID, forKey: .localOID)
                try container.encode(ref.update.remoteRef, forKey: .remoteRef)
                try container.encode(ref.update.remoteOID, forKey: .remoteOID)
                try container.encode(ref.kind.rawValue, forKey: .kind)
                try container.encode(
                    ref.commits.map {
                        Session.Commit(oid: $0.oid, summary: $0.summary, author: $0.author, time: $0.time)
                    },
                    forKey: .commits)
                try container.encode(ref.complete, forKey: .complete)
                try container.encode(ref.remark, forKey: .remark)
            }
        }
    }

    struct CIPayload: Encodable {
        var build: BuildFacts
        var branch: CIBranch?

        enum CodingKeys: String, CodingKey {
            case provider, branch
            case buildID = "build_id"
            case buildIDVariable = "build_id_variable"
            case branchVariable = "branch_variable"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(build.provider, forKey: .provider)
            try container.encode(build.buildID, forKey: .buildID)
            try container.encode(build.buildIDVariable, forKey: .buildIDVariable)
            try container.encode(branch?.name, forKey: .branch)
            try container.encode(branch?.variable, forKey: .branchVariable)
        }
    }
}
