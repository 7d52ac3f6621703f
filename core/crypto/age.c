/*
 * age v1 files: the X25519 recipient stanzas, the header MAC, and the
 * whole-buffer and streaming entry points. The payload is age_stream.c,
 * the header text age_header.c.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "crypto/age.h"
#include "crypto/age_header.h"
#include "crypto/age_int.h"
#include "crypto/b64.h"
#include "crypto/hkdf.h"

#define X25519_INFO	"age-encryption.org/v1/X25519"
#define NONCE_LEN	16

/* Secrets of one operation, kept together in sodium_malloc memory. */
struct age_secrets {
	unsigned char	filekey[SH_AGE_FILE_KEY];
	unsigned char	esk[32];		/* ephemeral secret */
	unsigned char	shared[32];
	unsigned char	wrapkey[32];
	unsigned char	payloadkey[32];
	/*
	 * The header's MAC key. A guarded allocation of its own for each
	 * file cost an mmap, mprotect and munmap a sheet at ingest.
	 */
	unsigned char	mackey[32];
	unsigned char	chunk[SH_AGE_CHUNK];	/* the plaintext chunk */
};

static const unsigned char zero_nonce[12];

/*
 * One block of secrets kept per thread between operations, wiped when
 * put back: a guarded allocation is an mmap, an mprotect and an munmap
 * with its TLB flush, and at one per sheet that was about a twentieth of
 * ingest (docs/benchmarks.md). Left mapped, wiped, when the thread ends.
 */
static _Thread_local struct age_secrets *spare_secrets;

static struct age_secrets *
secrets_get(void)
{
	struct age_secrets *sec = spare_secrets;

	if (sec != NULL) {
		spare_secrets = NULL;
		return sec;
	}
	return sodium_malloc(sizeof *sec);
}

static void
secrets_put(struct age_secrets *sec)
{
	if (sec == NULL)
		return;
	sodium_memzero(sec, sizeof *sec);
	if (spare_secrets == NULL)
		spare_secrets = sec;
	else
		sodium_free(sec);
}

/* Derives the key that wraps the file key for one X25519 stanza. */
static void
x25519_wrapkey(struct age_secrets *sec, const unsigned char share[32],
    const unsigned char rcpt[32])
{
	unsigned char salt[64];

	memcpy(salt, share, 32);
	memcpy(salt + 32, rcpt, 32);
	sh_hkdf_sha256(sec->wrapkey, 32, sec->shared, 32, salt, sizeof salt,
	    X25519_INFO, strlen(X25519_INFO));
}

/* ---- encryption ---- */

static int
write_x25519_stanza(struct sh_buf *hdr, struct age_secrets *sec,
    const unsigned char rcpt[32], struct sh_err *err)
{
	unsigned char	 share[32], body[SH_AGE_FILE_KEY + SH_AGE_TAG];
	char		 share64[48];
	const char	*args[2];

	randombytes_buf(sec->esk, sizeof sec->esk);
	if (crypto_scalarmult_base(share, sec->esk) != 0 ||
	    crypto_scalarmult(sec->shared, sec->esk, rcpt) != 0 ||
	    sodium_is_zero(sec->shared, sizeof sec->shared))
		return sh_errf(err, "age: recipient is not a usable X25519 "
		    "public key");
	x25519_wrapkey(sec, share, rcpt);
	crypto_aead_chacha20poly1305_ietf_encrypt(body, NULL, sec->filekey,
	    sizeof sec->filekey, NULL, 0, NULL, zero_nonce, sec->wrapkey);
	sh_b64_encode(share, sizeof share, share64, sizeof share64);
	args[0] = "X25519";
	args[1] = share64;
	return sh_age_stanza_write(hdr, args, 2, body, sizeof body, err);
}

int
sh_age_encrypt_stream(const struct sh_age_recipient *rcpts, size_t n,
    const struct sh_age_source *in, const struct sh_age_sink *out,
    struct sh_err *err)
{
	struct age_secrets	*sec;
	struct sh_buf		 hdr;
	unsigned char		 mac[32], nonce[NONCE_LEN];
	char			 mac64[48];
	size_t			 i;
	int			 rc = -1;

	if (n == 0 || n > SH_AGE_MAX_STANZAS)
		return sh_errf(err, "age: %zu recipients (want 1 to %d)", n,
		    SH_AGE_MAX_STANZAS);
	if ((sec = secrets_get()) == NULL)
		return sh_errf(err, "age: out of memory");
	sh_buf_init(&hdr, false);
	randombytes_buf(sec->filekey, sizeof sec->filekey);
	if (sh_buf_append_str(&hdr, SH_AGE_VERSION_LINE "\n") != 0) {
		sh_errf(err, "age: out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (write_x25519_stanza(&hdr, sec, rcpts[i].pk, err) != 0) {
			sh_err_prefix(err, "recipient %zu", i + 1);
			goto out;
		}
	}
	if (sh_buf_append_str(&hdr, "---") != 0) {
		sh_errf(err, "age: out of memory");
		goto out;
	}
	sh_age_header_mac(sec->filekey, hdr.data, hdr.len, sec->mackey, mac);
	sh_b64_encode(mac, sizeof mac, mac64, sizeof mac64);
	randombytes_buf(nonce, sizeof nonce);
	if (sh_buf_printf(&hdr, " %s\n", mac64) != 0 ||
	    sh_buf_append(&hdr, nonce, sizeof nonce) != 0) {
		sh_errf(err, "age: out of memory");
		goto out;
	}
	if (out->write(out->arg, hdr.data, hdr.len, err) != 0)
		goto out;
	sh_hkdf_sha256(sec->payloadkey, 32, sec->filekey, SH_AGE_FILE_KEY,
	    nonce, sizeof nonce, "payload", 7);
	rc = age_stream_seal(sec->payloadkey, sec->chunk, in, out, err);
out:
	secrets_put(sec);
	sh_buf_free(&hdr);
	return rc;
}

/* ---- decryption ---- */

/*
 * Checks the shape of every X25519 stanza (a malformed one is a broken
 * file, not merely one that is not for us), then tries each identity
 * on each until one unwraps the file key.
 */
static int
unwrap_file_key(const struct sh_age_header *h,
    const struct sh_age_identity *ids, size_t nids, struct age_secrets *sec,
    enum sh_age_fail *why, struct sh_err *err)
{
	const struct sh_age_stanza	*st;
	unsigned char			 share[32], pk[32];
	size_t				 i, j, len;

	for (i = 0; i < h->nstanzas; i++) {
		st = &h->stanzas[i];
		/* As age requires, though we never open scrypt stanzas. */
		if (strcmp(st->args[0], "scrypt") == 0 && h->nstanzas != 1) {
			sh_errf(err, "age header: line %zu: an scrypt stanza "
			    "must be the only one", st->line);
			return age_fail(why, SH_AGE_FAIL_HEADER);
		}
		if (strcmp(st->args[0], "X25519") != 0)
			continue;
		if (st->nargs != 2) {
			sh_errf(err, "age header: line %zu: X25519 stanza has "
			    "%zu arguments, not 1", st->line, st->nargs - 1);
			return age_fail(why, SH_AGE_FAIL_HEADER);
		}
		if (sh_b64_decode(st->args[1], strlen(st->args[1]), share, 32,
		    &len) != 0 || len != 32) {
			sh_errf(err, "age header: line %zu: X25519 share is not "
			    "32 bytes of canonical base64", st->line);
			return age_fail(why, SH_AGE_FAIL_HEADER);
		}
		if (st->bodylen != SH_AGE_FILE_KEY + SH_AGE_TAG) {
			sh_errf(err, "age header: line %zu: X25519 stanza body "
			    "is %zu bytes, not %d", st->line, st->bodylen,
			    SH_AGE_FILE_KEY + SH_AGE_TAG);
			return age_fail(why, SH_AGE_FAIL_HEADER);
		}
	}
	for (j = 0; j < nids; j++) {
		if (crypto_scalarmult_base(pk, ids[j].sk) != 0)
			continue;
		for (i = 0; i < h->nstanzas; i++) {
			st = &h->stanzas[i];
			if (strcmp(st->args[0], "X25519") != 0)
				continue;
			sh_b64_decode(st->args[1], strlen(st->args[1]), share,
			    32, &len);
			if (crypto_scalarmult(sec->shared, ids[j].sk,
			    share) != 0 ||
			    sodium_is_zero(sec->shared, sizeof sec->shared)) {
				sh_errf(err, "age header: line %zu: X25519 share "
				    "is a low-order point", st->line);
				return age_fail(why, SH_AGE_FAIL_HEADER);
			}
			x25519_wrapkey(sec, share, pk);
			if (crypto_aead_chacha20poly1305_ietf_decrypt(
			    sec->filekey, NULL, NULL, st->body, st->bodylen,
			    NULL, 0, zero_nonce, sec->wrapkey) == 0)
				return 0;
		}
	}
	sh_errf(err, "no identity matches");
	return age_fail(why, SH_AGE_FAIL_NO_MATCH);
}

int
sh_age_decrypt_stream(const struct sh_age_identity *ids, size_t nids,
    const struct sh_age_source *in, const struct sh_age_sink *out,
    enum sh_age_fail *why, struct sh_err *err)
{
	struct age_src		*src;
	struct age_secrets	*sec;
	struct sh_age_header	 h;
	struct sh_buf		 hdr;
	unsigned char		 mac[32], nonce[NONCE_LEN];
	ssize_t			 n;
	bool			 io;
	int			 rc = -1;

	age_fail(why, SH_AGE_OK);
	sh_age_header_init(&h);
	sh_buf_init(&hdr, false);
	src = malloc(sizeof *src);
	sec = secrets_get();
	if (src == NULL || sec == NULL) {
		sh_errf(err, "age: out of memory");
		age_fail(why, SH_AGE_FAIL_IO);
		goto out;
	}
	age_src_init(src, in);
	if (age_src_header(src, &hdr, &io, err) != 0) {
		age_fail(why, io ? SH_AGE_FAIL_IO : SH_AGE_FAIL_HEADER);
		goto out;
	}
	if (sh_age_header_parse(&h, hdr.data, hdr.len, err) != 0) {
		age_fail(why, SH_AGE_FAIL_HEADER);
		goto out;
	}
	if (unwrap_file_key(&h, ids, nids, sec, why, err) != 0)
		goto out;
	sh_age_header_mac(sec->filekey, hdr.data, h.maclen, sec->mackey,
	    mac);
	if (crypto_verify_32(mac, h.mac) != 0) {
		sh_errf(err, "age header: MAC does not match (header was "
		    "altered)");
		age_fail(why, SH_AGE_FAIL_HMAC);
		goto out;
	}
	if ((n = age_src_read(src, nonce, sizeof nonce, err)) < 0) {
		age_fail(why, SH_AGE_FAIL_IO);
		goto out;
	}
	if ((size_t)n != sizeof nonce) {
		sh_errf(err, "age header: file ends inside the payload nonce");
		age_fail(why, SH_AGE_FAIL_HEADER);
		goto out;
	}
	sh_hkdf_sha256(sec->payloadkey, 32, sec->filekey, SH_AGE_FILE_KEY,
	    nonce, sizeof nonce, "payload", 7);
	rc = age_stream_open(sec->payloadkey, sec->chunk, src, out, why,
	    err);
out:
	sh_age_header_free(&h);
	sh_buf_free(&hdr);
	free(src);
	secrets_put(sec);
	return rc;
}

/* ---- whole buffers and stdio ---- */

struct mem_src {
	const unsigned char	*p;
	size_t			 len, off;
};

static ssize_t
mem_read(void *arg, unsigned char *buf, size_t len, struct sh_err *err)
{
	struct mem_src	*m = arg;
	size_t		 k;

	k = m->len - m->off < len ? m->len - m->off : len;
	if (k > SSIZE_MAX)
		k = SSIZE_MAX;
	if (k > 0)
		memcpy(buf, m->p + m->off, k);
	m->off += k;
	return (ssize_t)k;
}

struct buf_sink {
	struct sh_buf	*b;
	size_t		 limit;
	size_t		 reserve;	/* before the first write, if not 0 */
};

static int
buf_write(void *arg, const unsigned char *p, size_t len, struct sh_err *err)
{
	struct buf_sink *s = arg;

	if (s->reserve != 0) {
		/* If this fails, appending grows the buffer as usual. */
		(void)sh_buf_reserve(s->b, s->reserve);
		s->reserve = 0;
	}
	if (len > s->limit - s->b->len)
		return sh_errf(err, "age: plaintext larger than the limit of "
		    "%zu bytes", s->limit);
	if (sh_buf_append(s->b, p, len) != 0)
		return sh_errf(err, "age: out of memory");
	return 0;
}

int
sh_age_encrypt(const struct sh_age_recipient *rcpts, size_t n,
    const unsigned char *pt, size_t ptlen, struct sh_buf *out,
    struct sh_err *err)
{
	struct mem_src		m = { pt, ptlen, 0 };
	struct sh_age_source	src = { mem_read, &m };
	struct buf_sink		bs = { out, SIZE_MAX, 0 };
	struct sh_age_sink	snk = { buf_write, &bs };
	size_t			oldlen = out->len;

	if (sh_age_encrypt_stream(rcpts, n, &src, &snk, err) != 0) {
		if (out->data != NULL)
			sodium_memzero(out->data + oldlen, out->len - oldlen);
		out->len = oldlen;
		return -1;
	}
	return 0;
}

int
sh_age_decrypt_why(const struct sh_age_identity *ids, size_t nids,
    const unsigned char *ct, size_t ctlen, size_t limit,
    struct sh_buf *pt_out, enum sh_age_fail *why, struct sh_err *err)
{
	struct mem_src		m = { ct, ctlen, 0 };
	struct sh_age_source	src = { mem_read, &m };
	struct sh_buf		tmp;
	/* An empty secret buffer has nothing to keep if this fails. */
	bool			in_place = pt_out->len == 0 && pt_out->secret;
	struct buf_sink		bs = { in_place ? pt_out : &tmp, limit, 0 };
	struct sh_age_sink	snk = { buf_write, &bs };
	enum sh_age_fail	w;

	sh_buf_init(&tmp, true);
	/*
	 * The plaintext is shorter than the file: size the secret buffer
	 * once, as growing one costs a fresh guarded mapping and a copy
	 * each time. Sized at the first chunk that authenticates, not
	 * before: a file refused in its header (not ours, altered) then
	 * costs no guarded mapping of its whole length.
	 */
	bs.reserve = ctlen < limit ? ctlen : limit;
	if (sh_age_decrypt_stream(ids, nids, &src, &snk, &w, err) != 0) {
		/* Chunks already authenticated are dropped with the rest. */
		if (in_place && pt_out->data != NULL) {
			sodium_memzero(pt_out->data, pt_out->len);
			pt_out->len = 0;
		}
		sh_buf_free(&tmp);
		if (w == SH_AGE_OK)
			w = SH_AGE_FAIL_IO;
		age_fail(why, w);
		return -1;
	}
	if (!in_place) {
		sh_buf_free(pt_out);
		*pt_out = tmp;
	}
	age_fail(why, SH_AGE_OK);
	return 0;
}

int
sh_age_decrypt(const struct sh_age_identity *ids, size_t nids,
    const unsigned char *ct, size_t ctlen, size_t limit,
    struct sh_buf *pt_out, struct sh_err *err)
{
	return sh_age_decrypt_why(ids, nids, ct, ctlen, limit, pt_out, NULL,
	    err);
}

static ssize_t
file_read(void *arg, unsigned char *buf, size_t len, struct sh_err *err)
{
	FILE	*f = arg;
	size_t	 n;

	n = fread(buf, 1, len, f);
	if (n < len && ferror(f))
		return sh_errf(err, "read: %s", strerror(errno));
	return (ssize_t)n;
}

static int
file_write(void *arg, const unsigned char *buf, size_t len,
    struct sh_err *err)
{
	FILE *f = arg;

	if (len > 0 && fwrite(buf, 1, len, f) != len)
		return sh_errf(err, "write: %s", strerror(errno));
	return 0;
}

void
sh_age_source_file(struct sh_age_source *src, FILE *f)
{
	src->read = file_read;
	src->arg = f;
}

void
sh_age_sink_file(struct sh_age_sink *snk, FILE *f)
{
	snk->write = file_write;
	snk->arg = f;
}
