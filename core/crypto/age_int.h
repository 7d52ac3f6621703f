/*
 * Internal to core/crypto/age*.c: a buffered reader over a
 * struct sh_age_source (so that the header can be read line by line and
 * the payload after it with a one-byte look-ahead), and the STREAM
 * payload functions.
 */
#ifndef SHINSA_CRYPTO_AGE_INT_H
#define SHINSA_CRYPTO_AGE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "crypto/age.h"

#define AGE_SRC_BUF	4096

struct age_src {
	const struct sh_age_source	*in;
	unsigned char			 buf[AGE_SRC_BUF];
	size_t				 off, len;
	bool				 eof;
};

void	age_src_init(struct age_src *s, const struct sh_age_source *in);
/* Reads up to n bytes, fewer only at the end; -1 on error. */
ssize_t	age_src_read(struct age_src *s, unsigned char *dst, size_t n,
	    struct sh_err *err);
/* 1 if more bytes follow, 0 at the end, -1 on error. */
int	age_src_more(struct age_src *s, struct sh_err *err);
/*
 * Reads the header text, up to and including the LF of the line that
 * starts with "---", into hdr (at most SH_AGE_MAX_HEADER bytes).
 * Returns -1 with *io set when the source failed, else a header error.
 */
int	age_src_header(struct age_src *s, struct sh_buf *hdr, bool *io,
	    struct sh_err *err);

/*
 * Both take the plaintext chunk's buffer, SH_AGE_CHUNK bytes in the
 * caller's guarded memory (with the operation's other secrets, so that
 * a file costs one guarded mapping, not two), and wipe it before they
 * return.
 */
/* Writes the STREAM payload of everything in `in` under key. */
int	age_stream_seal(const unsigned char key[32], unsigned char *chunk,
	    const struct sh_age_source *in, const struct sh_age_sink *out,
	    struct sh_err *err);
/* Reads, authenticates and releases the STREAM payload chunk by chunk. */
int	age_stream_open(const unsigned char key[32], unsigned char *chunk,
	    struct age_src *s, const struct sh_age_sink *out,
	    enum sh_age_fail *why, struct sh_err *err);
/* Sets *why (when why is not NULL) to w; returns -1. */
int	age_fail(enum sh_age_fail *why, enum sh_age_fail w);

#endif
