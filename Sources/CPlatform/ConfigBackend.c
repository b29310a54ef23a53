/* A read-only configuration backend for libgit2 that holds fixed entries: git's command-line
   configuration (`git -c`, which reaches handoff as GIT_CONFIG_PARAMETERS, and GIT_CONFIG_COUNT
   with its GIT_CONFIG_KEY_n and GIT_CONFIG_VALUE_n). libgit2 1.5.1 reads neither and offers no
   in-memory backend of its own (sys/config.h has only the interface), so this is one: `get`
   answers the last entry of a name, as git's "last one wins", and the iterator lists them all in
   order, for multivars. The names come canonical (section and key lower case) from GitState. */
#include "CPlatform.h"

#include <git2.h>
#include <git2/sys/config.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    git_config_backend parent;
    size_t count;
    git_config_entry *entries;
    git_config_level_t level;
} fixed_backend;

typedef struct {
    git_config_iterator parent;
    size_t next;
} fixed_iterator;

/* The entries belong to the backend: libgit2's `git_config_entry_free` calls this, which keeps them. */
static void entry_kept(git_config_entry *entry) { (void)entry; }

static int fixed_open(git_config_backend *backend, git_config_level_t level, const git_repository *repository) {
    (void)repository;
    fixed_backend *fixed = (fixed_backend *)backend;
    fixed->level = level;
    for (size_t i = 0; i < fixed->count; i++) fixed->entries[i].level = level;
    return 0;
}

static int fixed_get(git_config_backend *backend, const char *key, git_config_entry **out) {
    fixed_backend *fixed = (fixed_backend *)backend;
    for (size_t i = fixed->count; i > 0; i--) {
        if (strcmp(fixed->entries[i - 1].name, key) == 0) {
            *out = &fixed->entries[i - 1];
            return 0;
        }
    }
    return GIT_ENOTFOUND;
}

static int fixed_read_only(void) {
    git_error_set_str(GIT_ERROR_CONFIG, "the command-line configuration cannot be changed");
    return -1;
}

static int fixed_set(git_config_backend *backend, const char *key, const char *value) {
    (void)backend, (void)key, (void)value;
    return fixed_read_only();
}

static int fixed_set_multivar(git_config_backend *backend, const char *key, const char *regexp, const char *value) {
    (void)backend, (void)key, (void)regexp, (void)value;
    return fixed_read_only();
}

static int fixed_del(git_config_backend *backend, const char *key) {
    (void)backend, (void)key;
    return fixed_read_only();
}

static int fixed_del_multivar(git_config_backend *backend, const char *key, const char *regexp) {
    (void)backend, (void)key, (void)regexp;
    return fixed_read_only();
}

static int iterator_next(git_config_entry **out, git_config_iterator *iterator) {
    fixed_iterator *fixed = (fixed_iterator *)iterator;
    fixed_backend *backend = (fixed_backend *)iterator->backend;
    if (fixed->next >= backend->count) return GIT_ITEROVER;
    *out = &backend->entries[fixed->next++];
    return 0;
}

static void iterator_free(git_config_iterator *iterator) { free(iterator); }

static int fixed_iterator_new(git_config_iterator **out, git_config_backend *backend) {
    fixed_iterator *iterator = calloc(1, sizeof *iterator);
    if (!iterator) return -1;
    iterator->parent.backend = backend;
    iterator->parent.next = iterator_next;
    iterator->parent.free = iterator_free;
    *out = &iterator->parent;
    return 0;
}

static int fixed_lock(git_config_backend *backend) {
    (void)backend;
    return 0;
}

static int fixed_unlock(git_config_backend *backend, int success) {
    (void)backend, (void)success;
    return 0;
}

static void fixed_free(git_config_backend *backend) {
    fixed_backend *fixed = (fixed_backend *)backend;
    if (!fixed) return;
    for (size_t i = 0; i < fixed->count; i++) {
        free((char *)fixed->entries[i].name);
        free((char *)fixed->entries[i].value);
    }
    free(fixed->entries);
    free(fixed);
}

static fixed_backend *fixed_new(const char *const *names, const char *const *values, size_t count);

/* libgit2 reads settings through snapshots of the configuration: a copy of the same entries. */
static int fixed_snapshot(git_config_backend **out, git_config_backend *backend) {
    fixed_backend *fixed = (fixed_backend *)backend;
    const char **names = calloc(fixed->count ? fixed->count : 1, sizeof *names);
    const char **values = calloc(fixed->count ? fixed->count : 1, sizeof *values);
    fixed_backend *copy = NULL;
    if (names && values) {
        for (size_t i = 0; i < fixed->count; i++) {
            names[i] = fixed->entries[i].name;
            values[i] = fixed->entries[i].value;
        }
        copy = fixed_new(names, values, fixed->count);
    }
    free(names);
    free(values);
    if (!copy) return -1;
    copy->parent.readonly = 1;
    copy->level = fixed->level;
    for (size_t i = 0; i < copy->count; i++) copy->entries[i].level = fixed->level;
    *out = &copy->parent;
    return 0;
}

static fixed_backend *fixed_new(const char *const *names, const char *const *values, size_t count) {
    fixed_backend *fixed = calloc(1, sizeof *fixed);
    if (!fixed) return NULL;
    if (git_config_init_backend(&fixed->parent, GIT_CONFIG_BACKEND_VERSION) != 0) {
        free(fixed);
        return NULL;
    }
    fixed->entries = calloc(count ? count : 1, sizeof *fixed->entries);
    if (!fixed->entries) {
        free(fixed);
        return NULL;
    }
    for (size_t i = 0; i < count; i++) {
        fixed->entries[i].name = strdup(names[i]);
        fixed->entries[i].value = values[i] ? strdup(values[i]) : NULL;
        fixed->entries[i].free = entry_kept;
        fixed->count = i + 1;
        if (!fixed->entries[i].name || (values[i] && !fixed->entries[i].value)) {
            fixed_free(&fixed->parent);
            return NULL;
        }
    }
    fixed->parent.readonly = 1;
    fixed->parent.open = fixed_open;
    fixed->parent.get = fixed_get;
    fixed->parent.set = fixed_set;
    fixed->parent.set_multivar = fixed_set_multivar;
    fixed->parent.del = fixed_del;
    fixed->parent.del_multivar = fixed_del_multivar;
    fixed->parent.iterator = fixed_iterator_new;
    fixed->parent.snapshot = fixed_snapshot;
    fixed->parent.lock = fixed_lock;
    fixed->parent.unlock = fixed_unlock;
    fixed->parent.free = fixed_free;
    return fixed;
}

void *handoff_fixed_config_backend(const char *const *names, const char *const *values, size_t count) {
    fixed_backend *fixed = fixed_new(names, values, count);
    return fixed ? &fixed->parent : NULL;
}
