/*
 * shinsa-verify's streamed reader of results.json (merge/vresults.c)
 * against its whole-file parse, on arbitrary bytes. The stream runs on
 * an unsigned file before its signature is checked, and when it refuses
 * verify reads the file whole; so the stream may refuse anything, but
 * what it accepts must be the tree the whole parse makes, and it must
 * refuse whatever the whole parse refuses. A stream that took one
 * document more, or read one differently, would let an auditor verify
 * results other than those the secretariat signed.
 *
 * The first byte sets the chunk size (1 to 128 bytes, or 64 KiB, what
 * verify reads at once), so that chunk boundaries fall everywhere; the
 * rest is the document. The verdict must not depend on where they fall:
 * the same bytes fed in one chunk must give the same result.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "base/buf.h"
#include "vresults.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* a and b both NULL, or equal trees. */
static bool
fz_vr_same(const json_t *a, const json_t *b)
{
	return a == NULL ? b == NULL : b != NULL && json_equal(a, b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sh_buf	 b;
	struct sh_err	 e;
	json_t		*whole, *chunked, *once;
	size_t		 chunk;

	/* The pull reader keeps keys in sodium_malloc() memory. */
	if (sodium_init() < 0)
		abort();
	if (size < 1)
		return 0;
	chunk = data[0] & 0x80 ? 64 * 1024 : (size_t)(data[0] & 0x7f) + 1;
	data++;
	size--;
	/* As verify reads it whole: sh_read_file() and sh_buf_cstr(). */
	sh_buf_init(&b, false);
	if (sh_buf_append(&b, data, size) != 0)
		abort();
	sh_buf_cstr(&b);
	whole = vr_parse(&b, &e);
	sh_buf_free(&b);
	chunked = vr_stream_buf(data, size, chunk);
	once = vr_stream_buf(data, size, size > 0 ? size : 1);
	if (chunked != NULL && !fz_vr_same(chunked, whole)) {
		fprintf(stderr, "the stream (chunks of %zu) read %s\n", chunk,
		    whole == NULL ? "a document the whole parse refuses" :
		    "another tree than the whole parse");
		abort();
	}
	if (!fz_vr_same(chunked, once)) {
		fprintf(stderr, "chunks of %zu and of %zu disagree\n", chunk,
		    size);
		abort();
	}
	json_decref(whole);
	json_decref(chunked);
	json_decref(once);
	return 0;
}
