/*
 * crypto/age: round trips at the STREAM chunk boundaries, several
 * recipients, the streaming API, and files that must be refused (wrong
 * key, truncated, altered, non-canonical, trailing data) without
 * releasing anything through the whole-file API.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "testutil.h"
#include "crypto/age.h"
#include "crypto/age_header.h"
#include "crypto/agekey.h"

struct keys {
	struct sh_age_identity	*id;
	struct sh_age_recipient	 rc;
};

static void
keygen(struct keys *k)
{
	unsigned char edpk[32], edsk[64];

	k->id = sodium_malloc(sizeof *k->id);
	assert_non_null(k->id);
	crypto_sign_keypair(edpk, edsk);
	assert_int_equal(sh_age_x25519_from_ed25519_sk(edsk, k->id->sk, NULL),
	    0);
	assert_int_equal(sh_age_x25519_from_ed25519_pk(edpk, k->rc.pk, NULL),
	    0);
	sodium_memzero(edsk, sizeof edsk);
}

static void
keyfree(struct keys *k)
{
	sodium_free(k->id);
}

static size_t
nchunks(size_t len)
{
	return len == 0 ? 1 : (len + SH_AGE_CHUNK - 1) / SH_AGE_CHUNK;
}

/* Length of the header (version line to MAC line, then the nonce). */
static size_t
header_len(const struct sh_buf *ct)
{
	const unsigned char	*p;

	p = memmem(ct->data, ct->len, "\n--- ", 5);
	assert_non_null(p);
	p = memchr(p + 1, '\n', ct->len - (size_t)(p + 1 - ct->data));
	assert_non_null(p);
	return (size_t)(p + 1 - ct->data) + 16;
}

static void
round_trips(void **state)
{
	static const size_t	 sizes[] = { 0, 1, 65535, 65536, 65537,
	    200000, 3 * 65536 };
	struct keys		 k;
	struct sh_buf		 ct, pt;
	struct sh_err		 err;
	unsigned char		*data;
	size_t			 i;

	keygen(&k);
	data = malloc(200000 * 2);
	assert_non_null(data);
	for (i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		randombytes_buf(data, sizes[i]);
		sh_buf_init(&ct, false);
		sh_buf_init(&pt, true);
		assert_int_equal(sh_age_encrypt(&k.rc, 1, data, sizes[i], &ct,
		    &err), 0);
		assert_true(memcmp(ct.data, "age-encryption.org/v1\n-> X25519 ",
		    32) == 0);
		/* Exactly one tag per chunk: no empty final chunk after full. */
		assert_int_equal(ct.len, header_len(&ct) + sizes[i] +
		    16 * nchunks(sizes[i]));
		assert_int_equal(sh_age_decrypt(k.id, 1, ct.data, ct.len,
		    sizes[i], &pt, &err), 0);
		assert_int_equal(pt.len, sizes[i]);
		assert_true(pt.secret);
		if (sizes[i] > 0)
			assert_memory_equal(pt.data, data, sizes[i]);
		/* A limit one byte short refuses the file. */
		if (sizes[i] > 0) {
			assert_int_equal(sh_age_decrypt(k.id, 1, ct.data,
			    ct.len, sizes[i] - 1, &pt, &err), -1);
			assert_non_null(strstr(err.msg, "limit"));
			assert_int_equal(pt.len, sizes[i]);
		}
		sh_buf_free(&ct);
		sh_buf_free(&pt);
	}
	free(data);
	keyfree(&k);
}

/*
 * An empty secret buffer is decrypted into in place, file after file,
 * without a new allocation; a refused file leaves it empty and wiped (an
 * altered last chunk: the chunks before it had been written).
 */
static void
into_kept_buffer(void **state)
{
	struct keys		 k;
	struct sh_buf		 ct, pt;
	struct sh_err		 err;
	unsigned char		*data;
	const unsigned char	*p0;
	size_t			 i, n = 3 * 65536 + 7, cap;

	(void)state;
	keygen(&k);
	assert_non_null(data = malloc(n));
	randombytes_buf(data, n);
	sh_buf_init(&ct, false);
	sh_buf_init(&pt, true);
	assert_int_equal(sh_age_encrypt(&k.rc, 1, data, n, &ct, &err), 0);
	assert_int_equal(sh_age_decrypt(k.id, 1, ct.data, ct.len, n, &pt,
	    &err), 0);
	p0 = pt.data;
	cap = pt.cap;
	sodium_memzero(pt.data, pt.len);
	pt.len = 0;
	assert_int_equal(sh_age_decrypt(k.id, 1, ct.data, ct.len, n, &pt,
	    &err), 0);
	assert_ptr_equal(pt.data, p0);
	assert_int_equal(pt.cap, cap);
	assert_int_equal(pt.len, n);
	assert_memory_equal(pt.data, data, n);
	sodium_memzero(pt.data, pt.len);
	pt.len = 0;
	ct.data[ct.len - 1] ^= 1;
	assert_int_equal(sh_age_decrypt(k.id, 1, ct.data, ct.len, n, &pt,
	    &err), -1);
	assert_int_equal(pt.len, 0);
	assert_ptr_equal(pt.data, p0);
	for (i = 0; i < n; i++)
		assert_int_equal(pt.data[i], 0);
	/* A buffer with something in it is replaced only on success. */
	assert_int_equal(sh_buf_append(&pt, "kept", 4), 0);
	assert_int_equal(sh_age_decrypt(k.id, 1, ct.data, ct.len, n, &pt,
	    &err), -1);
	assert_int_equal(pt.len, 4);
	assert_memory_equal(pt.data, "kept", 4);
	sh_buf_free(&ct);
	sh_buf_free(&pt);
	free(data);
	keyfree(&k);
}

static void
several_recipients(void **state)
{
	struct keys		 k[4];
	struct sh_age_recipient	 rcpts[3];
	struct sh_age_identity	 both[2];
	struct sh_buf		 ct, pt;
	struct sh_err		 err;
	enum sh_age_fail	 why;
	const char		*msg = "審査シート";
	size_t			 i;

	for (i = 0; i < 4; i++)
		keygen(&k[i]);
	for (i = 0; i < 3; i++)
		rcpts[i] = k[i].rc;
	sh_buf_init(&ct, false);
	assert_int_equal(sh_age_encrypt(rcpts, 3, (const unsigned char *)msg,
	    strlen(msg), &ct, &err), 0);
	for (i = 0; i < 3; i++) {
		sh_buf_init(&pt, true);
		assert_int_equal(sh_age_decrypt(k[i].id, 1, ct.data, ct.len,
		    1024, &pt, &err), 0);
		assert_int_equal(pt.len, strlen(msg));
		assert_memory_equal(pt.data, msg, pt.len);
		sh_buf_free(&pt);
	}
	/* An outsider, alone or first among several identities. */
	sh_buf_init(&pt, true);
	assert_int_equal(sh_age_decrypt_why(k[3].id, 1, ct.data, ct.len, 1024,
	    &pt, &why, &err), -1);
	assert_int_equal(why, SH_AGE_FAIL_NO_MATCH);
	assert_string_equal(err.msg, "no identity matches");
	both[0] = *k[3].id;
	both[1] = *k[2].id;
	assert_int_equal(sh_age_decrypt(both, 2, ct.data, ct.len, 1024, &pt,
	    &err), 0);
	assert_memory_equal(pt.data, msg, pt.len);
	sodium_memzero(both, sizeof both);
	sh_buf_free(&pt);
	sh_buf_free(&ct);

	/* Nobody to encrypt to, or a key that is not a usable point. */
	assert_int_equal(sh_age_encrypt(rcpts, 0, (const unsigned char *)"x",
	    1, &ct, &err), -1);
	memset(rcpts[0].pk, 0, 32);
	assert_int_equal(sh_age_encrypt(rcpts, 1, (const unsigned char *)"x",
	    1, &ct, &err), -1);
	assert_non_null(strstr(err.msg, "recipient 1"));
	assert_int_equal(ct.len, 0);
	sh_buf_free(&ct);
	for (i = 0; i < 4; i++)
		keyfree(&k[i]);
}

struct chunk_sink {
	size_t	calls, total, sizes[8];
	FILE	*f;
};

static int
chunk_write(void *arg, const unsigned char *p, size_t len, struct sh_err *err)
{
	struct chunk_sink *c = arg;

	if (c->calls < 8)
		c->sizes[c->calls] = len;
	c->calls++;
	c->total += len;
	return fwrite(p, 1, len, c->f) == len ? 0 : -1;
}

static void
streaming(void **state)
{
	struct keys		 k;
	struct sh_age_source	 src;
	struct sh_age_sink	 snk;
	struct chunk_sink	 cs;
	struct sh_err		 err;
	enum sh_age_fail	 why;
	char			*dir, path[4096];
	unsigned char		*data, *back;
	size_t			 len = 200000, n;
	FILE			*in, *out;

	keygen(&k);
	dir = tu_tmpdir("age-stream");
	data = malloc(len);
	back = malloc(len + 1);
	assert_non_null(data);
	assert_non_null(back);
	randombytes_buf(data, len);
	snprintf(path, sizeof path, "%s/plain", dir);
	tu_write(path, (char *)data, len);

	assert_non_null(in = fopen(path, "rb"));
	snprintf(path, sizeof path, "%s/file.age", dir);
	assert_non_null(out = fopen(path, "wb"));
	sh_age_source_file(&src, in);
	sh_age_sink_file(&snk, out);
	assert_int_equal(sh_age_encrypt_stream(&k.rc, 1, &src, &snk, &err),
	    0);
	fclose(in);
	assert_int_equal(fclose(out), 0);

	assert_non_null(in = fopen(path, "rb"));
	snprintf(path, sizeof path, "%s/back", dir);
	memset(&cs, 0, sizeof cs);
	assert_non_null(cs.f = fopen(path, "wb"));
	sh_age_source_file(&src, in);
	snk.write = chunk_write;
	snk.arg = &cs;
	assert_int_equal(sh_age_decrypt_stream(k.id, 1, &src, &snk, &why,
	    &err), 0);
	assert_int_equal(why, SH_AGE_OK);
	fclose(in);
	assert_int_equal(fclose(cs.f), 0);
	/* Released chunk by chunk, never the whole file at once. */
	assert_int_equal(cs.calls, 4);
	assert_int_equal(cs.sizes[0], SH_AGE_CHUNK);
	assert_int_equal(cs.sizes[3], len - 3 * SH_AGE_CHUNK);
	assert_int_equal(cs.total, len);
	assert_non_null(in = fopen(path, "rb"));
	n = fread(back, 1, len + 1, in);
	fclose(in);
	assert_int_equal(n, len);
	assert_memory_equal(back, data, len);
	free(data);
	free(back);
	free(dir);
	keyfree(&k);
}

#define SH_AGE_ANY	((enum sh_age_fail)-1)

/* Decrypting must fail with `want` and leave the output as it was. */
static void
refused(const struct keys *k, const unsigned char *ct, size_t len,
    enum sh_age_fail want, const char *msgpart)
{
	struct sh_buf		pt;
	struct sh_err		err;
	enum sh_age_fail	why;

	sh_buf_init(&pt, true);
	assert_int_equal(sh_buf_append_str(&pt, "keep"), 0);
	err.msg[0] = '\0';
	assert_int_equal(sh_age_decrypt_why(k->id, 1, ct, len, 1 << 20, &pt,
	    &why, &err), -1);
	assert_int_not_equal(why, SH_AGE_OK);
	if (want != SH_AGE_ANY && why != want)
		fail_msg("want failure %d, got %d (%s)", want, why, err.msg);
	if (msgpart != NULL && strstr(err.msg, msgpart) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, msgpart);
	assert_int_equal(pt.len, 4);
	assert_memory_equal(pt.data, "keep", 4);
	sh_buf_free(&pt);
}

static void
refusals(void **state)
{
	struct keys		 k, other;
	struct sh_buf		 ct;
	unsigned char		*data, *bad;
	size_t			 len = 65536 + 100, hl, i, cuts[12], l3;
	const unsigned char	*p;
	static const char	 b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";

	keygen(&k);
	keygen(&other);
	data = malloc(len);
	assert_non_null(data);
	randombytes_buf(data, len);
	sh_buf_init(&ct, false);
	assert_int_equal(sh_age_encrypt(&k.rc, 1, data, len, &ct, NULL), 0);
	hl = header_len(&ct);
	bad = malloc(ct.len + 65536 + 16);
	assert_non_null(bad);

	/* Wrong key. */
	refused(&other, ct.data, ct.len, SH_AGE_FAIL_NO_MATCH,
	    "no identity matches");

	/* Truncation anywhere. */
	cuts[0] = 0;
	cuts[1] = 10;
	cuts[2] = 22;
	cuts[3] = hl - 17;
	cuts[4] = hl - 16;
	cuts[5] = hl - 1;
	cuts[6] = hl;
	cuts[7] = hl + 15;
	cuts[8] = hl + 65536 + 16;	/* after a full non-final chunk */
	cuts[9] = hl + 65536 + 17;
	cuts[10] = ct.len - 1;
	cuts[11] = ct.len - 16;
	for (i = 0; i < 12; i++)
		refused(&k, ct.data, cuts[i], i < 6 ? SH_AGE_FAIL_HEADER :
		    SH_AGE_FAIL_PAYLOAD, NULL);
	refused(&k, ct.data, hl + 65536 + 16, SH_AGE_FAIL_PAYLOAD,
	    "without a final chunk");

	/* Trailing data, short and a whole chunk's worth. */
	memcpy(bad, ct.data, ct.len);
	bad[ct.len] = 0;
	refused(&k, bad, ct.len + 1, SH_AGE_FAIL_PAYLOAD, NULL);
	memcpy(bad + ct.len, ct.data + hl, 65536 + 16);
	refused(&k, bad, ct.len + 65536 + 16, SH_AGE_FAIL_PAYLOAD, "chunk 1");
	/* After a full final chunk, the reader sees the extra byte. */
	sh_buf_free(&ct);
	sh_buf_init(&ct, false);
	assert_int_equal(sh_age_encrypt(&k.rc, 1, data, 65536, &ct, NULL), 0);
	memcpy(bad, ct.data, ct.len);
	bad[ct.len] = 'x';
	refused(&k, bad, ct.len + 1, SH_AGE_FAIL_PAYLOAD,
	    "after the final chunk");
	sh_buf_free(&ct);
	sh_buf_init(&ct, false);
	assert_int_equal(sh_age_encrypt(&k.rc, 1, data, len, &ct, NULL), 0);
	assert_int_equal(header_len(&ct), hl);

	/* Every bit of the header text matters (any failure will do). */
	for (i = 0; i < hl - 16; i++) {
		memcpy(bad, ct.data, ct.len);
		bad[i] ^= 0x01;
		refused(&k, bad, ct.len, SH_AGE_ANY, NULL);
	}
	/* A MAC that is canonical base64 but wrong. */
	memcpy(bad, ct.data, ct.len);
	bad[hl - 16 - 44] = bad[hl - 16 - 44] == 'A' ? 'B' : 'A';
	refused(&k, bad, ct.len, SH_AGE_FAIL_HMAC, "MAC does not match");
	/* The header text is what the MAC covers: the stanza share, too. */
	memcpy(bad, ct.data, ct.len);
	bad[hl - 16 - 49] ^= 0x01;	/* in the "---" */
	refused(&k, bad, ct.len, SH_AGE_FAIL_HEADER, NULL);

	/* A flipped bit in each payload chunk and in the nonce. */
	memcpy(bad, ct.data, ct.len);
	bad[hl - 1] ^= 0x80;
	refused(&k, bad, ct.len, SH_AGE_FAIL_PAYLOAD, "chunk 0");
	memcpy(bad, ct.data, ct.len);
	bad[hl + 100] ^= 0x04;
	refused(&k, bad, ct.len, SH_AGE_FAIL_PAYLOAD, "chunk 0");
	memcpy(bad, ct.data, ct.len);
	bad[ct.len - 1] ^= 0x01;
	refused(&k, bad, ct.len, SH_AGE_FAIL_PAYLOAD, "chunk 1");

	/* Non-canonical base64 in the stanza body (line 3). */
	p = memchr(ct.data + 22, '\n', ct.len - 22);	/* end of line 2 */
	assert_non_null(p);
	p = memchr(p + 1, '\n', ct.len - (size_t)(p + 1 - ct.data));
	assert_non_null(p);
	l3 = (size_t)(p - 1 - ct.data);		/* last char of line 3 */
	memcpy(bad, ct.data, ct.len);
	assert_non_null(strchr(b64, bad[l3]));
	bad[l3] = (unsigned char)b64[(strchr(b64, bad[l3]) - b64) | 1];
	refused(&k, bad, ct.len, SH_AGE_FAIL_HEADER,
	    "age header: line 3: stanza body is not canonical base64");
	memcpy(bad, ct.data, ct.len);
	bad[l3 - 5] = '=';
	refused(&k, bad, ct.len, SH_AGE_FAIL_HEADER, "line 3");
	/* CRLF line ends. */
	memcpy(bad, ct.data, 21);
	bad[21] = '\r';
	memcpy(bad + 22, ct.data + 21, ct.len - 21);
	refused(&k, bad, ct.len + 1, SH_AGE_FAIL_HEADER, "line 1");

	sh_buf_free(&ct);
	free(bad);
	free(data);
	keyfree(&k);
	keyfree(&other);
}

struct flaky {
	const unsigned char	*p;
	size_t			 len, off, fail_at;
};

static ssize_t
flaky_read(void *arg, unsigned char *buf, size_t len, struct sh_err *err)
{
	struct flaky	*f = arg;
	size_t		 k;

	if (f->off >= f->fail_at)
		return sh_errf(err, "disk on fire");
	k = f->len - f->off < len ? f->len - f->off : len;
	if (k > f->fail_at - f->off)
		k = f->fail_at - f->off;
	memcpy(buf, f->p + f->off, k);
	f->off += k;
	return (ssize_t)k;
}

static int
full_write(void *arg, const unsigned char *p, size_t len, struct sh_err *err)
{
	size_t *room = arg;

	if (len > *room)
		return sh_errf(err, "no space left");
	*room -= len;
	return 0;
}

static void
io_failures(void **state)
{
	struct keys		 k;
	struct sh_buf		 ct;
	struct flaky		 f;
	struct sh_age_source	 src = { flaky_read, &f };
	size_t			 room;
	struct sh_age_sink	 snk = { full_write, &room };
	struct sh_err		 err;
	enum sh_age_fail	 why;
	unsigned char		 data[70000];
	size_t			 cuts[] = { 0, 30, 200, 70000 / 2 }, i;

	keygen(&k);
	randombytes_buf(data, sizeof data);
	sh_buf_init(&ct, false);
	assert_int_equal(sh_age_encrypt(&k.rc, 1, data, sizeof data, &ct,
	    &err), 0);
	/* A source that fails is an I/O failure with its own message. */
	for (i = 0; i < sizeof cuts / sizeof *cuts; i++) {
		f.p = ct.data;
		f.len = ct.len;
		f.off = 0;
		f.fail_at = cuts[i];
		room = SIZE_MAX;
		assert_int_equal(sh_age_decrypt_stream(k.id, 1, &src, &snk,
		    &why, &err), -1);
		assert_int_equal(why, SH_AGE_FAIL_IO);
		assert_string_equal(err.msg, "disk on fire");
	}
	/* A sink that fails stops decryption and encryption. */
	f.off = 0;
	f.fail_at = SIZE_MAX;
	room = 1000;
	assert_int_equal(sh_age_decrypt_stream(k.id, 1, &src, &snk, &why,
	    &err), -1);
	assert_int_equal(why, SH_AGE_FAIL_IO);
	assert_string_equal(err.msg, "no space left");
	f.p = data;
	f.len = sizeof data;
	f.off = 0;
	room = 1000;
	assert_int_equal(sh_age_encrypt_stream(&k.rc, 1, &src, &snk, &err),
	    -1);
	assert_string_equal(err.msg, "no space left");
	f.off = 0;
	f.fail_at = 65536 + 1;		/* during the look-ahead */
	room = SIZE_MAX;
	assert_int_equal(sh_age_encrypt_stream(&k.rc, 1, &src, &snk, &err),
	    -1);
	assert_string_equal(err.msg, "disk on fire");
	sh_buf_free(&ct);
	keyfree(&k);
}

static void
header_limits(void **state)
{
	struct sh_buf		 b;
	struct sh_age_header	 h;
	struct sh_err		 err;
	const char		*args[SH_AGE_MAX_ARGS + 1];
	unsigned char		 body[100];
	size_t			 i;

	for (i = 0; i <= SH_AGE_MAX_ARGS; i++)
		args[i] = "a";
	memset(body, 7, sizeof body);

	/* A grease stanza with a long body parses, and round-trips. */
	sh_buf_init(&b, false);
	assert_int_equal(sh_buf_append_str(&b, SH_AGE_VERSION_LINE "\n"), 0);
	assert_int_equal(sh_age_stanza_write(&b, args, 3, body, 96, &err), 0);
	assert_int_equal(sh_buf_append_str(&b, "--- "
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\npayload"), 0);
	assert_int_equal(sh_age_header_parse(&h, b.data, b.len, &err), 0);
	assert_int_equal(h.nstanzas, 1);
	assert_int_equal(h.stanzas[0].nargs, 3);
	assert_int_equal(h.stanzas[0].bodylen, 96);	/* two full lines */
	assert_int_equal(h.len, b.len - 7);
	assert_memory_equal(b.data + h.maclen - 3, "---", 3);
	sh_age_header_free(&h);
	sh_buf_free(&b);

	/* Too many arguments. */
	sh_buf_init(&b, false);
	assert_int_equal(sh_buf_append_str(&b, SH_AGE_VERSION_LINE "\n-> a"),
	    0);
	for (i = 0; i < SH_AGE_MAX_ARGS; i++)
		assert_int_equal(sh_buf_append_str(&b, " a"), 0);
	assert_int_equal(sh_buf_append_str(&b, "\n\n--- "
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"), 0);
	assert_int_equal(sh_age_header_parse(&h, b.data, b.len, &err), -1);
	assert_non_null(strstr(err.msg, "line 2: stanza has more than"));
	assert_int_equal(h.nstanzas, 0);
	sh_buf_free(&b);

	/* Too many stanzas. */
	sh_buf_init(&b, false);
	assert_int_equal(sh_buf_append_str(&b, SH_AGE_VERSION_LINE "\n"), 0);
	for (i = 0; i <= SH_AGE_MAX_STANZAS; i++)
		assert_int_equal(sh_buf_append_str(&b, "-> x\n\n"), 0);
	assert_int_equal(sh_buf_append_str(&b, "--- "
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"), 0);
	assert_int_equal(sh_age_header_parse(&h, b.data, b.len, &err), -1);
	assert_non_null(strstr(err.msg, "more than"));
	sh_buf_free(&b);

	/* A header without end, longer than the limit. */
	sh_buf_init(&b, false);
	assert_int_equal(sh_buf_append_str(&b, SH_AGE_VERSION_LINE "\n"), 0);
	while (b.len <= SH_AGE_MAX_HEADER)
		assert_int_equal(sh_buf_append_str(&b, "-> grease\n\n"), 0);
	assert_int_equal(sh_age_header_parse(&h, b.data, b.len, &err), -1);
	sh_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trips),
		cmocka_unit_test(into_kept_buffer),
		cmocka_unit_test(several_recipients),
		cmocka_unit_test(streaming),
		cmocka_unit_test(refusals),
		cmocka_unit_test(io_failures),
		cmocka_unit_test(header_limits),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
