import CPlatform

// Every object libgit2 reads is inflated through zlib's `inflate`. Release builds link zlib
// statically and route libgit2's calls to it here (`--wrap=inflate`, see Package.swift), where
// libdeflate inflates a whole object in one go and zlib takes whatever that cannot do (see
// `handoff_inflate` in CPlatform's Inflate.c). Reading git's own history without a commit-graph, which inflates
// every commit, takes a fifth less time. Debug builds and tests use the shared libgit2, whose
// calls cannot be routed; `OneShotInflateTests` check `handoff_inflate` against zlib itself.

#if LIBGIT2_STATIC
/// Stands in for zlib's `inflate`.
@_cdecl("__wrap_inflate")
public func handoffInflate(_ stream: z_streamp?, _ flush: Int32) -> Int32 {
    guard let stream else { return Z_STREAM_ERROR }
    return handoff_inflate(stream, flush, __real_inflate)
}
#endif
