import CLibGit2

// GitState reads local repositories and opens no connection, but libgit2 (Debian's build)
// comes with its network stack, and three parts of it cost every process:
// - TLS (over mbedTLS) is set up while `git_libgit2_init` runs: it seeds an entropy pool and
//   parses the system's whole CA bundle, about 5 ms of every start;
// - HTTP "Negotiate" authentication links GSSAPI, which loads seven shared libraries
//   (Kerberos and its helpers) into every process;
// - SSH is set up while `git_libgit2_init` runs: libssh2 loads OpenSSL's engines and error
//   strings, a million instructions.
//
// Release builds link libgit2 statically, and the linker routes its calls to the TLS
// stream, to Negotiate and to SSH set-up (`--wrap`, see Package.swift) to the `__wrap_`
// functions below: TLS set-up does nothing, opening a TLS stream fails with a message that
// says why, Negotiate is unavailable, exactly as in a libgit2 built without GSSAPI, and SSH
// is left to set itself up on first use (libssh2 does, when a session starts).
// Debug builds and tests use the shared libgit2, whose internal calls cannot be routed;
// there the executable's definitions of mbedTLS's two certificate loaders take their
// place instead, so set-up loads no certificate, and a TLS connection would have no
// trusted root and refuse its peer. Both ways fail closed.

#if LIBGIT2_STATIC
/// Stands in for libgit2's TLS set-up: nothing to set up.
@_cdecl("__wrap_git_mbedtls_stream_global_init")
public func handoffSkipTLSSetUp() -> Int32 {
    0
}

/// Stands in for `git_mbedtls_stream_new`: refuses, naming the reason.
@_cdecl("__wrap_git_mbedtls_stream_new")
public func handoffRefuseTLSStream(
    _ stream: UnsafeMutableRawPointer?, _ host: UnsafePointer<CChar>?, _ port: UnsafePointer<CChar>?
) -> Int32 {
    TLSUnavailable.fail()
}

/// Stands in for `git_mbedtls_stream_wrap`: refuses, naming the reason.
@_cdecl("__wrap_git_mbedtls_stream_wrap")
public func handoffRefuseTLSWrap(
    _ stream: UnsafeMutableRawPointer?, _ inner: UnsafeMutableRawPointer?, _ host: UnsafePointer<CChar>?
) -> Int32 {
    TLSUnavailable.fail()
}

/// Stands in for `git_mbedtls__set_cert_location`: refuses, naming the reason.
@_cdecl("__wrap_git_mbedtls__set_cert_location")
public func handoffRefuseCertificateLocation(_ file: UnsafePointer<CChar>?, _ path: UnsafePointer<CChar>?) -> Int32 {
    TLSUnavailable.fail()
}

/// Stands in for `git_http_auth_negotiate`: libgit2's own `git_http_auth_dummy`, which a
/// build without GSSAPI uses in its place (no context; the next scheme is tried).
@_cdecl("__wrap_git_http_auth_negotiate")
public func handoffSkipNegotiate(_ context: UnsafeMutablePointer<UnsafeMutableRawPointer?>?, _ url: UnsafeRawPointer?)
    -> Int32
{
    context?.pointee = nil
    return GIT_PASSTHROUGH.rawValue
}

/// Stands in for `git_transport_ssh_global_init`: nothing set up in advance.
@_cdecl("__wrap_git_transport_ssh_global_init")
public func handoffSkipSSHSetUp() -> Int32 {
    0
}

private enum TLSUnavailable {
    static func fail() -> Int32 {
        _ = git_error_set_str(
            Int32(GIT_ERROR_SSL.rawValue), "TLS is not available: handoff reads local repositories only")
        return -1
    }
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
