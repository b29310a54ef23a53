#include "CPlatform.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>

/* glibc declares the affinity calls only under _GNU_SOURCE, which this target is not built
   with either (so that it sees what Swift's Glibc module sees): the system calls are made
   directly, with a mask of 1024 processors. */
typedef struct {
    unsigned long words[1024 / (8 * sizeof(unsigned long))];
} cpu_mask;

extern long handoff_syscall(long number, ...) __asm__("syscall");
extern int handoff_pthread_attr_setaffinity(pthread_attr_t *attributes, size_t size, const cpu_mask *mask)
    __asm__("pthread_attr_setaffinity_np");

static int cpu_mask_has(const cpu_mask *mask, int cpu) {
    const int bits = 8 * sizeof(unsigned long);
    return (mask->words[cpu / bits] >> (cpu % bits)) & 1;
}

/* How many processors are in the first `size` bytes of `mask` (what sched_getaffinity filled). */
static int cpu_mask_count(const cpu_mask *mask, long size) {
    int count = 0;
    for (int cpu = 0; cpu < (int)(8 * (size > 0 ? size : 0)); cpu++) count += cpu_mask_has(mask, cpu);
    return count;
}

typedef struct {
    void *(*body)(void *);
    void *context;
    long allowedSize;
    cpu_mask allowed;
} thread_start;

static void *thread_trampoline(void *argument) {
    thread_start start = *(thread_start *)argument;
    free(argument);
    if (start.allowedSize > 0) handoff_syscall(SYS_sched_setaffinity, 0, (size_t)start.allowedSize, &start.allowed);
    return start.body(start.context);
}

/* getrusage(RUSAGE_THREAD), whose constant (1) glibc declares only under _GNU_SOURCE. */
long handoff_thread_waits(void) {
    struct rusage usage;
    return getrusage((__rusage_who_t)1, &usage) == 0 ? usage.ru_nvcsw : 0;
}

int handoff_allowed_processors(void) {
    cpu_mask mask;
    long size = handoff_syscall(SYS_sched_getaffinity, 0, sizeof mask, &mask);
    int count = cpu_mask_count(&mask, size);
    return count > 0 ? count : 1;
}

int handoff_thread_create(pthread_t *thread, void *(*body)(void *), void *context, unsigned slot) {
    thread_start *start = (thread_start *)calloc(1, sizeof *start);
    if (!start) return ENOMEM;
    start->body = body;
    start->context = context;
    start->allowedSize = handoff_syscall(SYS_sched_getaffinity, 0, sizeof start->allowed, &start->allowed);
    const int processors = start->allowedSize > 0 ? (int)(8 * start->allowedSize) : 0;
    const int count = cpu_mask_count(&start->allowed, start->allowedSize);
    unsigned current = 0;
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    if (count > 1 && handoff_syscall(SYS_getcpu, &current, NULL, NULL) == 0 && (int)current < processors) {
        int wanted = (int)(slot % (unsigned)count);
        for (int step = 1, seen = 0; step <= processors; step++) {
            int cpu = ((int)current + step) % processors;
            if (!cpu_mask_has(&start->allowed, cpu)) continue;
            if (seen++ == wanted) {
                cpu_mask one = {{0}};
                one.words[cpu / (8 * sizeof(unsigned long))] = 1UL << (cpu % (8 * sizeof(unsigned long)));
                handoff_pthread_attr_setaffinity(&attributes, sizeof one, &one);
                break;
            }
        }
    }
    int code = pthread_create(thread, &attributes, thread_trampoline, start);
    pthread_attr_destroy(&attributes);
    /* A processor the kernel refuses (gone offline meanwhile, say): start the thread unplaced. */
    if (code == EINVAL) code = pthread_create(thread, NULL, thread_trampoline, start);
    if (code != 0) free(start);
    return code;
}
