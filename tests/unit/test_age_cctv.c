/*
 * crypto/age against the C2SP CCTV age test vectors (../shared/testdata/
 * cctv-age): every vector in scope must give exactly the expected
 * outcome, and the plaintext released by the streaming API, even before
 * a failure, must hash to the vector's `payload`.
 *
 * Out of scope: armor (armor*), passphrases (scrypt*) and ML-KEM hybrid
 * keys (hybrid*): any vector whose outcome needs one of those.
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <zlib.h>

#include "testutil.h"
#include "crypto/age.h"
#include "crypto/agekey.h"

#define CCTV_DIR	SHINSA_SHARED_DIR "/testdata/cctv-age"
#define MAX_IDS		8

struct vec {
	char			 expect[32];
	char			 payload[65];
	bool			 zlib, armored, passphrase, other_id;
	struct sh_age_identity	 ids[MAX_IDS];
	size_t			 nids;
	unsigned char		*body;
	size_t			 bodylen;
};

struct hash_sink {
	crypto_hash_sha256_state	st;
	size_t				n;
};

static int
hash_write(void *arg, const unsigned char *p, size_t len, struct sh_err *err)
{
	struct hash_sink *h = arg;

	crypto_hash_sha256_update(&h->st, p, len);
	h->n += len;
	return 0;
}

static unsigned char *
inflate_all(const unsigned char *in, size_t inlen, size_t *outlen)
{
	z_stream	 z;
	unsigned char	*out = NULL;
	size_t		 cap = 1 << 20;
	int		 r;

	memset(&z, 0, sizeof z);
	assert_int_equal(inflateInit(&z), Z_OK);
	out = malloc(cap);
	assert_non_null(out);
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)inlen;
	for (;;) {
		z.next_out = out + z.total_out;
		z.avail_out = (uInt)(cap - z.total_out);
		r = inflate(&z, Z_NO_FLUSH);
		if (r == Z_STREAM_END)
			break;
		assert_true(r == Z_OK || r == Z_BUF_ERROR);
		if (z.avail_out == 0) {
			cap *= 2;
			assert_true(cap < (size_t)1 << 30);
			out = realloc(out, cap);
			assert_non_null(out);
		} else
			assert_int_not_equal(z.avail_in, 0);
	}
	*outlen = z.total_out;
	inflateEnd(&z);
	return out;
}

static void
load(const char *path, struct vec *v)
{
	char	*data, *p, *nl, *line;
	size_t	 len;

	memset(v, 0, sizeof *v);
	data = tu_slurp(path, &len);
	p = data;
	for (;;) {
		nl = memchr(p, '\n', len - (size_t)(p - data));
		assert_non_null(nl);
		*nl = '\0';
		line = p;
		p = nl + 1;
		if (*line == '\0')
			break;
		if (strncmp(line, "expect: ", 8) == 0)
			snprintf(v->expect, sizeof v->expect, "%s", line + 8);
		else if (strncmp(line, "payload: ", 9) == 0)
			snprintf(v->payload, sizeof v->payload, "%s", line + 9);
		else if (strcmp(line, "compressed: zlib") == 0)
			v->zlib = true;
		else if (strcmp(line, "armored: yes") == 0)
			v->armored = true;
		else if (strncmp(line, "passphrase: ", 12) == 0)
			v->passphrase = true;
		else if (strncmp(line, "identity: ", 10) == 0) {
			if (strncmp(line + 10, "AGE-SECRET-KEY-1", 16) != 0) {
				v->other_id = true;
				continue;
			}
			assert_true(v->nids < MAX_IDS);
			assert_int_equal(sh_age_identity_parse(line + 10,
			    v->ids[v->nids].sk, NULL), 0);
			v->nids++;
		}
	}
	len -= (size_t)(p - data);
	if (v->zlib)
		v->body = inflate_all((unsigned char *)p, len, &v->bodylen);
	else {
		v->body = malloc(len ? len : 1);
		assert_non_null(v->body);
		memcpy(v->body, p, len);
		v->bodylen = len;
	}
	free(data);
}

static const char *
fail_name(enum sh_age_fail w)
{
	switch (w) {
	case SH_AGE_OK:			return "success";
	case SH_AGE_FAIL_HEADER:	return "header failure";
	case SH_AGE_FAIL_NO_MATCH:	return "no match";
	case SH_AGE_FAIL_HMAC:		return "HMAC failure";
	case SH_AGE_FAIL_PAYLOAD:	return "payload failure";
	case SH_AGE_FAIL_IO:		return "I/O failure";
	}
	return "?";
}

struct mem {
	const unsigned char	*p;
	size_t			 len, off;
};

static ssize_t
mem_read(void *arg, unsigned char *buf, size_t len, struct sh_err *err)
{
	struct mem	*m = arg;
	size_t		 k;

	/* Odd read sizes, to exercise the reader's buffering. */
	k = m->len - m->off;
	if (k > len)
		k = len;
	if (k > 7777)
		k = 7777;
	memcpy(buf, m->p + m->off, k);
	m->off += k;
	return (ssize_t)k;
}

static bool
run_one(const char *name, const struct vec *v)
{
	struct mem		 m = { v->body, v->bodylen, 0 };
	struct sh_age_source	 src = { mem_read, &m };
	struct hash_sink	 hs;
	struct sh_age_sink	 snk = { hash_write, &hs };
	struct sh_err		 err;
	struct sh_buf		 pt;
	enum sh_age_fail	 why, why2;
	unsigned char		 h[32];
	char			 hex[65];
	int			 rc, rc2;
	bool			 ok = true;

	crypto_hash_sha256_init(&hs.st);
	hs.n = 0;
	err.msg[0] = '\0';
	rc = sh_age_decrypt_stream(v->ids, v->nids, &src, &snk, &why, &err);
	crypto_hash_sha256_final(&hs.st, h);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	if (strcmp(fail_name(why), v->expect) != 0 || (rc == 0) !=
	    (why == SH_AGE_OK)) {
		print_message("FAIL %s: expected %s, got %s (%s)\n", name,
		    v->expect, fail_name(why), err.msg);
		ok = false;
	}
	if (v->payload[0] != '\0' && strcmp(hex, v->payload) != 0) {
		print_message("FAIL %s: released %zu bytes hashing to %s, "
		    "expected %s (%s)\n", name, hs.n, hex, v->payload, err.msg);
		ok = false;
	}

	/* The whole-buffer API agrees and releases nothing on failure. */
	sh_buf_init(&pt, true);
	rc2 = sh_age_decrypt_why(v->ids, v->nids, v->body, v->bodylen,
	    (size_t)64 << 20, &pt, &why2, NULL);
	if (rc2 != rc || why2 != why || (rc2 != 0 && pt.len != 0)) {
		print_message("FAIL %s: whole-buffer API disagrees\n", name);
		ok = false;
	}
	sh_buf_free(&pt);
	return ok;
}

static void
cctv_vectors(void **state)
{
	DIR		*d;
	struct dirent	*de;
	struct vec	 v;
	char		 path[4096];
	int		 in_scope = 0, passed = 0, skipped = 0;

	if ((d = opendir(CCTV_DIR)) == NULL) {
		print_message("no %s, skipping\n", CCTV_DIR);
		skip();
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || strstr(de->d_name, ".md") != NULL)
			continue;
		snprintf(path, sizeof path, "%s/%s", CCTV_DIR, de->d_name);
		load(path, &v);
		/*
		 * In scope: not armored, and the outcome decided by X25519
		 * identities alone (a vector that also names a passphrase or
		 * hybrid key is in scope only when the header must be
		 * refused whatever the keys: scrypt_and_x25519,
		 * hybrid_x25519_arg).
		 */
		if (v.armored || strcmp(v.expect, "armor failure") == 0 ||
		    ((v.passphrase || v.other_id) && (v.nids == 0 ||
		    strcmp(v.expect, "header failure") != 0))) {
			skipped++;
			free(v.body);
			continue;
		}
		in_scope++;
		if (run_one(de->d_name, &v))
			passed++;
		sodium_memzero(v.ids, sizeof v.ids);
		free(v.body);
	}
	closedir(d);
	print_message("CCTV age vectors: %d in scope, %d passed, %d out of "
	    "scope (armor, scrypt, hybrid)\n", in_scope, passed, skipped);
	assert_true(in_scope >= 69);
	assert_int_equal(passed, in_scope);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cctv_vectors),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
