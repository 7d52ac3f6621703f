/*
 * shinsa-verify's reader of a bundle's results.json, apart from the
 * rest of the auditor's checks so that tests/fuzz/fuzz_verify_results.c
 * can drive it on any bytes. It runs before the secretariat's signature
 * is checked, on a file of up to a gigabyte, so it reads it two ways:
 * whole (vr_parse) and as a stream (struct vr_stream) that never holds
 * the proposals' reviews. The two must agree: the stream refuses at
 * least what the whole parse refuses and otherwise makes the same tree,
 * and when it refuses the caller reads the file whole, which says what
 * is wrong in its usual words.
 */
#ifndef SHINSA_MERGE_VRESULTS_H
#define SHINSA_MERGE_VRESULTS_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"

/*
 * results.json as a tree of what verify takes from it: every member but
 * each proposal's reviews (compared byte for byte with the
 * recomputation instead). Every member is parsed by jansson with
 * duplicate keys refused. A new reference, or NULL with err saying why.
 */
json_t	*vr_parse(const struct sh_buf *b, struct sh_err *err);

/*
 * The same tree from the document fed a chunk at a time (any sizes):
 * each element of the top-level proposals array is parsed alone and
 * its bytes dropped; the rest, the skeleton, with a 0 where each
 * element stood, is held and parsed by vr_parse() at the end. The
 * stream owns everything it holds until vr_stream_end().
 */
struct vr_stream {
	struct sh_buf	 skel;
	struct sh_buf	 piece;		/* one element of proposals */
	json_t		*props;		/* the parsed elements */
	int		 depth;
	bool		 instr, esc;
	bool		 wantkey;	/* a key of the document next */
	bool		 inkey;
	char		 key[16];	/* its bytes, as written */
	size_t		 keylen;
	bool		 isprops;	/* the last key was "proposals" */
	bool		 split;		/* inside that array */
	bool		 didsplit;
	bool		 failed;	/* set by the caller too: give up */
};

void	 vr_stream_init(struct vr_stream *rs);
void	 vr_stream_feed(struct vr_stream *rs, const unsigned char *p,
	    size_t n);
/*
 * The tree (a new reference), or NULL when the stream cannot make it:
 * bad syntax, out of memory, or failed set. Frees what the stream
 * holds either way.
 */
json_t	*vr_stream_end(struct vr_stream *rs);

/* p[0..len) through a stream in chunks of chunk bytes (at least 1). */
json_t	*vr_stream_buf(const void *p, size_t len, size_t chunk);

#endif
