// libgit2 (Debian's build, over mbedTLS) parses the system's whole CA bundle
// while `git_libgit2_init` runs: about 5 ms of every process's start, for HTTPS
// that GitState never uses: it reads local repositories and opens no connection.
//
// These two functions take the place of mbedTLS's certificate loaders for this
// process, so initialisation loads no certificate. With the shared libgit2
// (debug builds), the executable's definitions come first when the dynamic
// linker binds libgit2's calls; with the static one (release builds), the linker
// routes libgit2's calls to the `__wrap_` names (`--wrap`, see Package.swift).
// Should libgit2 ever open a TLS connection here, it would have no trusted root
// and refuse the peer: it fails closed, it cannot trust anything it should not.

#if LIBGIT2_STATIC
/// Stands in for `mbedtls_x509_crt_parse_file`: loads nothing, reports success.
@_cdecl("__wrap_mbedtls_x509_crt_parse_file")
public func handoffSkipCertificateFile(_ chain: UnsafeMutableRawPointer?, _ path: UnsafePointer<CChar>?) -> Int32 {
    0
}

/// Stands in for `mbedtls_x509_crt_parse_path`: loads nothing, reports success.
@_cdecl("__wrap_mbedtls_x509_crt_parse_path")
public func handoffSkipCertificateDirectory(_ chain: UnsafeMutableRawPointer?, _ path: UnsafePointer<CChar>?) -> Int32 {
    0
}
#else
/// Stands in for `mbedtls_x509_crt_parse_file`: loads nothing, reports success.
@_cdecl("mbedtls_x509_crt_parse_file")
public func handoffSkipCertificateFile(_ chain: UnsafeMutableRawPointer?, _ path: UnsafePointer<CChar>?) -> Int32 {
    0
}

/// Stands in for `mbedtls_x509_crt_parse_path`: loads nothing, reports success.
@_cdecl("mbedtls_x509_crt_parse_path")
public func handoffSkipCertificateDirectory(_ chain: UnsafeMutableRawPointer?, _ path: UnsafePointer<CChar>?) -> Int32 {
    0
}
#endif
