#ifndef HANDOFF_CPLATFORM_H
#define HANDOFF_CPLATFORM_H

/* What GitState needs from the system that Swift's Glibc module does not give it (calls glibc
   declares only under _GNU_SOURCE, variadic system calls), the one-shot inflate wrapper, and a
   configuration backend libgit2 lacks. libgit2's own declarations are in CLibGit2: this header
   names none of its types, so the two modules never declare the same thing. */

#include <pthread.h>
#include <sys/types.h>

/* malloc_trim: GitState returns a large scan's freed heap pages to the system. */
#include <malloc.h>

/* getdents64 (glibc 2.30 and later): the work-tree scan lists each directory through the
   descriptor it already holds. */
ssize_t getdents64(int fd, void *buffer, size_t length);

/* Thread placement for GitState's worker pool (Threads.c). A new thread starts on its
   creator's processor and waits there until the scheduler moves it, which on some virtual
   machines takes milliseconds while the other processors idle. `handoff_thread_create` places
   the thread on a processor of the creator's allowed set, the `slot`-th counting round from
   the one after the creator's (slot 0 is never the creator's own when there is another), and
   the thread, once running, is free to go anywhere in that set again. Returns pthread_create's
   code. */
int handoff_thread_create(pthread_t *thread, void *(*body)(void *), void *context, unsigned slot);

/* The number of processors this thread may run on (at least 1). */
int handoff_allowed_processors(void);

/* How many times the calling thread has given up its processor to wait (for a disk, a lock),
   as opposed to being preempted. */
long handoff_thread_waits(void);

/* A read-only libgit2 configuration backend (a `git_config_backend *`, for
   git_config_add_backend) holding `count` entries in order, each a canonical name and a value
   (NULL: a name without `=`, which is true); the strings are copied (ConfigBackend.c). NULL when
   memory runs out. */
void *handoff_fixed_config_backend(const char *const *names, const char *const *values, size_t count);

/* One-shot inflation (Inflate.c). Z_SOLO: zlib's stream interface without its file functions,
   whose header (<unistd.h>, which Swift's Glibc module already provides) would otherwise be
   pulled into this module. */
#define Z_SOLO
#include <zlib.h>

/* Marks a stream libdeflate finished, so that a further call returns Z_STREAM_END as zlib
   does (zlib itself sets `data_type` to small bit fields only). */
#define HANDOFF_INFLATE_FINISHED 0x48464446
/* Output space at or below this is a peek at an object's header (libgit2 reads a loose
   object's header into 64 bytes): left to zlib, which can stop and go on. */
#define HANDOFF_INFLATE_PEEK 64

/* Inflates a fresh stream whose input holds a whole zlib stream that fits the output with
   libdeflate, leaving the stream's fields as zlib would leave them; anything else goes to
   `fallback` (zlib itself), from the start, with nothing consumed. */
int handoff_inflate(z_streamp stream, int flush, int (*fallback)(z_streamp, int));

/* zlib's own `inflate`, under the name `--wrap=inflate` gives it (release builds only). */
int __real_inflate(z_streamp stream, int flush);

#endif
