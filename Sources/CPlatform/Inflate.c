/* One-shot inflation. libgit2 inflates every object it reads through zlib's streaming
   `inflate`, and most calls hand it the whole compressed object at once (a pack's window)
   with room for all of its output (the size the object's header gives). libdeflate inflates
   such a buffer two to three times faster than zlib, and without zlib's 32 KB window. Release
   builds route zlib's `inflate` here (`--wrap=inflate`, see Package.swift and GitState's
   OneShotInflate.swift). */
#include "CPlatform.h"

#include <libdeflate.h>

/* Each thread's decompressor, made on its first use and freed when the thread ends: making one
   per object would clear its 30 KB of tables and rebuild the fixed Huffman codes every time
   (a third of a history walk's instructions). */
static pthread_key_t decompressor_key;
static pthread_once_t decompressor_once = PTHREAD_ONCE_INIT;
static int decompressor_key_made = 0;

static void decompressor_free(void *decompressor) {
    libdeflate_free_decompressor((struct libdeflate_decompressor *)decompressor);
}

static void decompressor_make_key(void) {
    decompressor_key_made = pthread_key_create(&decompressor_key, decompressor_free) == 0;
}

static struct libdeflate_decompressor *decompressor(void) {
    pthread_once(&decompressor_once, decompressor_make_key);
    if (!decompressor_key_made) return NULL;
    struct libdeflate_decompressor *made = (struct libdeflate_decompressor *)pthread_getspecific(decompressor_key);
    if (!made) {
        made = libdeflate_alloc_decompressor();
        if (made && pthread_setspecific(decompressor_key, made) != 0) {
            libdeflate_free_decompressor(made);
            made = NULL;
        }
    }
    return made;
}

int handoff_inflate(z_streamp stream, int flush, int (*fallback)(z_streamp, int)) {
    if (stream->total_in == 0 && stream->total_out == 0 && stream->avail_in > 0 && stream->avail_out > HANDOFF_INFLATE_PEEK) {
        struct libdeflate_decompressor *inflater = decompressor();
        if (inflater) {
            size_t consumed = 0, produced = 0;
            enum libdeflate_result result = libdeflate_zlib_decompress_ex(
                inflater, stream->next_in, stream->avail_in, stream->next_out, stream->avail_out, &consumed, &produced);
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
