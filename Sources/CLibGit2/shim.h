#ifndef HANDOFF_CLIBGIT2_SHIM_H
#define HANDOFF_CLIBGIT2_SHIM_H

#include <git2.h>
#include <git2/sys/hashsig.h>
#include <git2/sys/repository.h>

/* malloc_trim, which Swift's Glibc module does not export: GitState returns a large scan's
   freed heap pages to the system. */
#include <malloc.h>

#endif
