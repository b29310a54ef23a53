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

#endif
