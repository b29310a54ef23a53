#ifndef HANDOFF_CLIBGIT2_SHIM_H
#define HANDOFF_CLIBGIT2_SHIM_H

#include <git2.h>
#include <git2/sys/hashsig.h>
#include <git2/sys/repository.h>

/* malloc_trim, which Swift's Glibc module does not export: GitState returns a large scan's
   freed heap pages to the system. */
#include <malloc.h>

/* getdents64 (glibc 2.30 and later), which <dirent.h> declares only for _GNU_SOURCE: the
   work-tree scan lists each directory through the descriptor it already holds. */
#include <sys/types.h>
ssize_t getdents64(int fd, void *buffer, size_t length);

/* git_libgit2_opts is variadic, which Swift cannot call. libgit2 hashes every object it reads
   to check it against its id by default; git does not (only fsck and friends do), so GitState
   turns the check off: reading HEAD's tree in a large repository costs half as much. */
static inline int handoff_git_disable_strict_hash_verification(void) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}

/* Where libgit2 looks for files of a configuration level (system, XDG, ...): a list of
   directories separated by ':'. GitState checks whether attribute files exist there. */
static inline int handoff_git_search_path(int level, git_buf *out) {
    return git_libgit2_opts(GIT_OPT_GET_SEARCH_PATH, level, out);
}

#endif
