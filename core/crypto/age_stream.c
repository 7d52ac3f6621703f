/*
 * The age payload: STREAM (ChaCha20-Poly1305, 64 KiB chunks, nonce = 11
 * byte big-endian counter || last-chunk flag), and the buffered reader
 * that the header and the payload are read through.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "crypto/age_int.h"

#define CT_CHUNK	(SH_AGE_CHUNK + SH_AGE_TAG)

void
age_src_init(struct age_src *s, const struct sh_age_source *in)
{
	s->in = in;
	s->off = s->len = 0;
	s->eof = false;
}

static int
src_fill(struct age_src *s, struct sh_err *err)
{
	ssize_t n;

	if (s->off < s->len || s->eof)
		return 0;
	n = s->in->read(s->in->arg, s->buf, sizeof s->buf, err);
	if (n < 0)
		return -1;
	s->off = 0;
	s->len = (size_t)n;
	if (n == 0)
		s->eof = true;
	return 0;
}

ssize_t
age_src_read(struct age_src *s, unsigned char *dst, size_t n,
    struct sh_err *err)
{
	size_t	got = 0, k;
	ssize_t	r;

	while (got < n) {
		if (s->off < s->len) {
			k = s->len - s->off < n - got ? s->len - s->off :
			    n - got;
			memcpy(dst + got, s->buf + s->off, k);
			s->off += k;
			got += k;
			continue;
		}
		if (s->eof)
			break;
		/* Large reads bypass the buffer. */
		if (n - got >= sizeof s->buf) {
			r = s->in->read(s->in->arg, dst + got, n - got, err);
			if (r < 0)
				return -1;
			if (r == 0)
				s->eof = true;
			got += (size_t)r;
			continue;
		}
		if (src_fill(s, err) != 0)
			return -1;
	}
	return (ssize_t)got;
}

int
age_src_more(struct age_src *s, struct sh_err *err)
{
	if (src_fill(s, err) != 0)
		return -1;
	return s->off < s->len;
}

int
age_src_header(struct age_src *s, struct sh_buf *hdr, bool *io,
    struct sh_err *err)
{
	unsigned char	*nl, *p;
	size_t		 k, linestart = 0;

	*io = false;
	for (;;) {
		if (src_fill(s, err) != 0) {
			*io = true;
			return -1;
		}
		if (s->off == s->len)
			return sh_errf(err, "age header: file ends before the "
			    "MAC line");
		p = s->buf + s->off;
		nl = memchr(p, '\n', s->len - s->off);
		k = nl ? (size_t)(nl - p) + 1 : s->len - s->off;
		if (hdr->len + k > SH_AGE_MAX_HEADER)
			return sh_errf(err, "age header: longer than %d bytes",
			    SH_AGE_MAX_HEADER);
		if (sh_buf_append(hdr, p, k) != 0) {
			*io = true;
			return sh_errf(err, "age header: out of memory");
		}
		s->off += k;
		if (nl == NULL)
			continue;
		if (hdr->len - linestart >= 3 &&
		    memcmp(hdr->data + linestart, "---", 3) == 0)
			return 0;
		linestart = hdr->len;
	}
}

static void
chunk_nonce(unsigned char nonce[12], uint64_t ctr, int last)
{
	int i;

	memset(nonce, 0, 12);
	for (i = 10; i >= 3; i--) {
		nonce[i] = (unsigned char)(ctr & 0xff);
		ctr >>= 8;
	}
	nonce[11] = last ? 1 : 0;
}

static ssize_t
read_full(const struct sh_age_source *in, unsigned char *buf, size_t n,
    struct sh_err *err)
{
	size_t	got = 0;
	ssize_t	r;

	while (got < n) {
		r = in->read(in->arg, buf + got, n - got, err);
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

int
age_stream_seal(const unsigned char key[32], unsigned char *pt,
    const struct sh_age_source *in, const struct sh_age_sink *out,
    struct sh_err *err)
{
	unsigned char	*ct, nonce[12], look;
	size_t		 have = 0, total;
	uint64_t	 ctr = 0;
	ssize_t		 n;
	int		 last, rc = -1;

	ct = malloc(CT_CHUNK);
	if (ct == NULL) {
		sh_errf(err, "age: out of memory");
		goto out;
	}
	for (;;) {
		if ((n = read_full(in, pt + have, SH_AGE_CHUNK - have,
		    err)) < 0)
			goto out;
		total = have + (size_t)n;
		last = total < SH_AGE_CHUNK;
		if (!last) {
			/* A full chunk is the last only if nothing follows. */
			if ((n = read_full(in, &look, 1, err)) < 0)
				goto out;
			last = n == 0;
		}
		chunk_nonce(nonce, ctr, last);
		crypto_aead_chacha20poly1305_ietf_encrypt(ct, NULL, pt, total,
		    NULL, 0, NULL, nonce, key);
		if (out->write(out->arg, ct, total + SH_AGE_TAG, err) != 0)
			goto out;
		if (last)
			break;
		pt[0] = look;
		have = 1;
		ctr++;
	}
	rc = 0;
out:
	sodium_memzero(&look, sizeof look);
	sodium_memzero(pt, SH_AGE_CHUNK);
	free(ct);
	return rc;
}

/* Says why in *why (when not NULL) and fails. */
int
age_fail(enum sh_age_fail *why, enum sh_age_fail w)
{
	if (why != NULL)
		*why = w;
	return -1;
}

static int
open_chunk(unsigned char *pt, const unsigned char *ct, size_t ctlen,
    uint64_t ctr, int last, const unsigned char key[32])
{
	unsigned char nonce[12];

	chunk_nonce(nonce, ctr, last);
	return crypto_aead_chacha20poly1305_ietf_decrypt(pt, NULL, NULL, ct,
	    ctlen, NULL, 0, nonce, key);
}

int
age_stream_open(const unsigned char key[32], unsigned char *pt,
    struct age_src *s, const struct sh_age_sink *out, enum sh_age_fail *why,
    struct sh_err *err)
{
	unsigned char	*ct;
	uint64_t	 ctr = 0;
	ssize_t		 n;
	size_t		 ptlen;
	int		 more, rc = -1;

	ct = malloc(CT_CHUNK);
	if (ct == NULL) {
		sh_errf(err, "age: out of memory");
		age_fail(why, SH_AGE_FAIL_IO);
		goto out;
	}
	for (;; ctr++) {
		if ((n = age_src_read(s, ct, CT_CHUNK, err)) < 0 ||
		    (more = age_src_more(s, err)) < 0) {
			age_fail(why, SH_AGE_FAIL_IO);
			goto out;
		}
		if (n == 0) {
			/* Only reachable for the first chunk. */
			sh_errf(err, "age payload: no chunks after the nonce");
			age_fail(why, SH_AGE_FAIL_PAYLOAD);
			goto out;
		}
		if ((size_t)n < SH_AGE_TAG) {
			sh_errf(err, "age payload: chunk %llu is %zd bytes, "
			    "shorter than its tag", (unsigned long long)ctr, n);
			age_fail(why, SH_AGE_FAIL_PAYLOAD);
			goto out;
		}
		ptlen = (size_t)n - SH_AGE_TAG;
		if (more || (size_t)n == CT_CHUNK) {
			/*
			 * A full chunk: normally not the last. Only if that
			 * fails can it be a full final chunk.
			 */
			if (open_chunk(pt, ct, (size_t)n, ctr, 0, key) == 0) {
				if (out->write(out->arg, pt, ptlen, err) != 0) {
					age_fail(why, SH_AGE_FAIL_IO);
					goto out;
				}
				if (more)
					continue;
				sh_errf(err, "age payload: file ends without "
				    "a final chunk (truncated?)");
				age_fail(why, SH_AGE_FAIL_PAYLOAD);
				goto out;
			}
			if (open_chunk(pt, ct, (size_t)n, ctr, 1, key) != 0) {
				sh_errf(err, "age payload: chunk %llu does not "
				    "authenticate", (unsigned long long)ctr);
				age_fail(why, SH_AGE_FAIL_PAYLOAD);
				goto out;
			}
			if (more) {
				/*
				 * The chunk itself is authentic, and stock age
				 * (and the CCTV vectors) release it before
				 * refusing what follows; the whole-file API
				 * releases nothing either way.
				 */
				if (out->write(out->arg, pt, ptlen, err) != 0) {
					age_fail(why, SH_AGE_FAIL_IO);
					goto out;
				}
				sh_errf(err, "age payload: data after the final "
				    "chunk");
				age_fail(why, SH_AGE_FAIL_PAYLOAD);
				goto out;
			}
		} else {
			if (open_chunk(pt, ct, (size_t)n, ctr, 1, key) != 0) {
				sh_errf(err, "age payload: chunk %llu does not "
				    "authenticate", (unsigned long long)ctr);
				age_fail(why, SH_AGE_FAIL_PAYLOAD);
				goto out;
			}
			if (ptlen == 0 && ctr > 0) {
				sh_errf(err, "age payload: final chunk is empty");
				age_fail(why, SH_AGE_FAIL_PAYLOAD);
				goto out;
			}
		}
		if (out->write(out->arg, pt, ptlen, err) != 0) {
			age_fail(why, SH_AGE_FAIL_IO);
			goto out;
		}
		break;
	}
	rc = 0;
out:
	sodium_memzero(pt, SH_AGE_CHUNK);
	free(ct);
	return rc;
}
