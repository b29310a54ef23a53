#ifndef HANDOFF_CLIBGIT2_SHIM_H
#define HANDOFF_CLIBGIT2_SHIM_H

#include <git2.h>
#include <git2/sys/config.h>
#include <git2/sys/filter.h>
#include <git2/sys/hashsig.h>
#include <git2/sys/repository.h>

/* git_libgit2_opts is variadic, which Swift cannot call. libgit2 hashes every object it reads
   to check it against its id by default; git does not (only fsck and friends do), so GitState
   turns the check off: reading HEAD's tree in a large repository costs half as much. */
static inline int handoff_git_disable_strict_hash_verification(void) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}

/* libgit2's check of a repository's owner, off: GitState makes git's own (Ownership.swift). */
static inline int handoff_git_disable_owner_validation(void) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
}

/* Where libgit2 looks for files of a configuration level (system, XDG, ...): a list of
   directories separated by ':'. GitState checks whether attribute files exist there. */
static inline int handoff_git_search_path(int level, git_buf *out) {
    return git_libgit2_opts(GIT_OPT_GET_SEARCH_PATH, level, out);
}

/* The repository extensions libgit2 accepts besides its own ("noop"), lowercased as config
   names are: libgit2 1.5.1 refuses every other one in a version 1 repository, git refuses only
   those it does not know. The list replaces any earlier one, for the whole process. */
static inline int handoff_git_set_extensions(const char **names, size_t count) {
    return git_libgit2_opts(GIT_OPT_SET_EXTENSIONS, names, count);
}

#endif
