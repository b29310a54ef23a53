#ifndef HANDOFF_CLIBGIT2_SHIM_H
#define HANDOFF_CLIBGIT2_SHIM_H

#include <git2.h>
#include <git2/sys/filter.h>
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

/* Thread placement for GitState's worker pool. A new thread starts on its creator's processor
   and waits there until the scheduler moves it, which on some virtual machines takes
   milliseconds while the other processors idle. `handoff_thread_create` places the thread
   on a processor of the creator's allowed set, the `slot`-th counting round from the one
   after the creator's (slot 0 is never the creator's own when there is another), and the
   thread, once running, is free to go anywhere in that set again. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>

/* glibc declares the affinity calls only under _GNU_SOURCE, which Swift's Glibc module is not
   built with: the system calls are made directly, with a mask of 1024 processors. */
typedef struct {
    unsigned long words[1024 / (8 * sizeof(unsigned long))];
} handoff_cpu_mask;

extern long handoff_syscall(long number, ...) __asm__("syscall");
extern int handoff_pthread_attr_setaffinity(pthread_attr_t *attributes, size_t size, const handoff_cpu_mask *mask)
    __asm__("pthread_attr_setaffinity_np");

static inline int handoff_cpu_mask_has(const handoff_cpu_mask *mask, int cpu) {
    const int bits = 8 * sizeof(unsigned long);
    return (mask->words[cpu / bits] >> (cpu % bits)) & 1;
}

/* How many processors are in the first `size` bytes of `mask` (what sched_getaffinity filled). */
static inline int handoff_cpu_mask_count(const handoff_cpu_mask *mask, long size) {
    int count = 0;
    for (int cpu = 0; cpu < (int)(8 * (size > 0 ? size : 0)); cpu++) count += handoff_cpu_mask_has(mask, cpu);
    return count;
}

typedef struct {
    void *(*body)(void *);
    void *context;
    long allowedSize;
    handoff_cpu_mask allowed;
} handoff_thread_start;

static void *handoff_thread_trampoline(void *argument) {
    handoff_thread_start start = *(handoff_thread_start *)argument;
    free(argument);
    if (start.allowedSize > 0) handoff_syscall(SYS_sched_setaffinity, 0, (size_t)start.allowedSize, &start.allowed);
    return start.body(start.context);
}

/* How many times the calling thread has given up its processor to wait (for a disk, a lock),
   as opposed to being preempted: getrusage(RUSAGE_THREAD), whose constant (1) glibc declares
   only under _GNU_SOURCE. */
#include <sys/resource.h>
static inline long handoff_thread_waits(void) {
    struct rusage usage;
    return getrusage((__rusage_who_t)1, &usage) == 0 ? usage.ru_nvcsw : 0;
}

/* The processors this thread may run on. */
static inline int handoff_allowed_processors(void) {
    handoff_cpu_mask mask;
    long size = handoff_syscall(SYS_sched_getaffinity, 0, sizeof mask, &mask);
    int count = handoff_cpu_mask_count(&mask, size);
    return count > 0 ? count : 1;
}

static inline int handoff_thread_create(pthread_t *thread, void *(*body)(void *), void *context, unsigned slot) {
    handoff_thread_start *start = (handoff_thread_start *)calloc(1, sizeof *start);
    if (!start) return ENOMEM;
    start->body = body;
    start->context = context;
    start->allowedSize = handoff_syscall(SYS_sched_getaffinity, 0, sizeof start->allowed, &start->allowed);
    const int processors = start->allowedSize > 0 ? (int)(8 * start->allowedSize) : 0;
    const int count = handoff_cpu_mask_count(&start->allowed, start->allowedSize);
    unsigned current = 0;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    if (count > 1 && handoff_syscall(SYS_getcpu, &current, NULL, NULL) == 0 && (int)current < processors) {
        int wanted = (int)(slot % (unsigned)count);
        for (int step = 1, seen = 0; step <= processors; step++) {
            int cpu = ((int)current + step) % processors;
            if (!handoff_cpu_mask_has(&start->allowed, cpu)) continue;
            if (seen++ == wanted) {
                handoff_cpu_mask one = {{0}};
                one.words[cpu / (8 * sizeof(unsigned long))] = 1UL << (cpu % (8 * sizeof(unsigned long)));
                handoff_pthread_attr_setaffinity(&attributes, sizeof one, &one);
                break;
            }
        }
    }
    int code = pthread_create(thread, &attributes, handoff_thread_trampoline, start);
    pthread_attr_destroy(&attributes);
    /* A processor the kernel refuses (gone offline meanwhile, say): start the thread unplaced. */
    if (code == EINVAL) code = pthread_create(thread, NULL, handoff_thread_trampoline, start);
    if (code != 0) free(start);
    return code;
}

/* One-shot inflation. libgit2 inflates every object it reads through zlib's streaming
   `inflate`, and most calls hand it the whole compressed object at once (a pack's window)
   with room for all of its output (the size the object's header gives). libdeflate inflates
   such a buffer two to three times faster than zlib, and without zlib's 32 KB window. Release
   builds route zlib's `inflate` here (`--wrap=inflate`, see Package.swift and
   OneShotInflate.swift): a fresh stream whose input holds a whole zlib stream that fits the
   output is inflated by libdeflate, with the stream's fields left as zlib would leave them;
   anything else (a stream already under way, input that ends early, output too small, data
   libdeflate rejects) goes to `fallback`, zlib itself, from the start, with nothing consumed. */
#include <libdeflate.h>
/* Z_SOLO: zlib's stream interface without its file functions, whose header (<unistd.h>, which
   Swift's Glibc module already provides) would otherwise be pulled into this module. */
#define Z_SOLO
#include <zlib.h>

/* Marks a stream libdeflate finished, so that a further call returns Z_STREAM_END as zlib
   does (zlib itself sets `data_type` to small bit fields only). */
#define HANDOFF_INFLATE_FINISHED 0x48464446
/* Output space at or below this is a peek at an object's header (libgit2 reads a loose
   object's header into 64 bytes): left to zlib, which can stop and go on. */
#define HANDOFF_INFLATE_PEEK 64

/* Each thread's decompressor, made on its first use and freed when the thread ends: making one
   per object would clear its 30 KB of tables and rebuild the fixed Huffman codes every time
   (a third of a history walk's instructions). */
static pthread_key_t handoff_decompressor_key = 0;
static pthread_once_t handoff_decompressor_once = PTHREAD_ONCE_INIT;
static int handoff_decompressor_key_made = 0;

static void handoff_decompressor_free(void *decompressor) {
    libdeflate_free_decompressor((struct libdeflate_decompressor *)decompressor);
}

static void handoff_decompressor_make_key(void) {
    handoff_decompressor_key_made = pthread_key_create(&handoff_decompressor_key, handoff_decompressor_free) == 0;
}

static inline struct libdeflate_decompressor *handoff_decompressor(void) {
    pthread_once(&handoff_decompressor_once, handoff_decompressor_make_key);
    if (!handoff_decompressor_key_made) return NULL;
    struct libdeflate_decompressor *decompressor =
        (struct libdeflate_decompressor *)pthread_getspecific(handoff_decompressor_key);
    if (!decompressor) {
        decompressor = libdeflate_alloc_decompressor();
        if (decompressor && pthread_setspecific(handoff_decompressor_key, decompressor) != 0) {
            libdeflate_free_decompressor(decompressor);
            decompressor = NULL;
        }
    }
    return decompressor;
}

static inline int handoff_inflate(z_streamp stream, int flush, int (*fallback)(z_streamp, int)) {
    if (stream->total_in == 0 && stream->total_out == 0 && stream->avail_in > 0
        && stream->avail_out > HANDOFF_INFLATE_PEEK) {
        struct libdeflate_decompressor *decompressor = handoff_decompressor();
        if (decompressor) {
            size_t consumed = 0, produced = 0;
            enum libdeflate_result result = libdeflate_zlib_decompress_ex(
                decompressor, stream->next_in, stream->avail_in, stream->next_out, stream->avail_out, &consumed,
                &produced);
            if (result == LIBDEFLATE_SUCCESS) {
                stream->next_in += consumed;
                stream->avail_in -= (uInt)consumed;
                stream->total_in += consumed;
                stream->next_out += produced;
                stream->avail_out -= (uInt)produced;
                stream->total_out += produced;
                stream->data_type = HANDOFF_INFLATE_FINISHED;
                return Z_STREAM_END;
            }
        }
    } else if (stream->data_type == HANDOFF_INFLATE_FINISHED && stream->total_in != 0) {
        return Z_STREAM_END;
    }
    return fallback(stream, flush);
}

/* zlib's own `inflate`, under the name `--wrap=inflate` gives it (release builds only). */
int __real_inflate(z_streamp stream, int flush);

#endif
