/*
 * sh_sha256: the published vectors, and the same digest as libsodium's
 * portable SHA-256 over every length from 0 to 1,100 bytes (every
 * position of the padding across one to eighteen blocks) and some large
 * buffers; and the two paths forced in turn, compared with each other.
 * On a machine without the SHA extensions this tests the fallback only,
 * and says so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "crypto/sha256.h"
#include "testutil.h"

static void
hex(const unsigned char *d, char out[65])
{
	sodium_bin2hex(out, 65, d, 32);
}

static void
vector(const char *msg, size_t len, const char *want)
{
	unsigned char	d[32];
	char		h[65];

	sh_sha256(msg, len, d);
	hex(d, h);
	assert_string_equal(h, want);
}

static void
published_vectors(void **state)
{
	char	*million;

	(void)state;
	printf("# SHA extensions: %s\n", sh_sha256_accelerated() ? "used" :
	    "not on this machine (fallback tested)");
	vector("", 0, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	vector("abc", 3, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	vector("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    56, "248d6a61d20638b8e5c026930c3e6039"
	    "a33ce45964ff2167f6ecedd419db06c1");
	vector("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	    "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", 112,
	    "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
	assert_non_null(million = malloc(1000000));
	memset(million, 'a', 1000000);
	vector(million, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0");
	free(million);
}

static void
same_as_libsodium(void **state)
{
	static const size_t	 big[] = { 4095, 4096, 65536, 204871,
				     1048577 };
	unsigned char		*buf, a[32], b[32];
	size_t			 len, i;

	(void)state;
	assert_non_null(buf = malloc(1048577));
	randombytes_buf(buf, 1048577);
	for (len = 0; len <= 1100; len++) {
		sh_sha256(buf, len, a);
		crypto_hash_sha256(b, buf, len);
		if (memcmp(a, b, 32) != 0)
			fail_msg("length %zu differs", len);
	}
	/* Unaligned starts, too. */
	for (i = 1; i < 16; i++) {
		sh_sha256(buf + i, 1000, a);
		crypto_hash_sha256(b, buf + i, 1000);
		if (memcmp(a, b, 32) != 0)
			fail_msg("offset %zu differs", i);
	}
	for (i = 0; i < sizeof big / sizeof big[0]; i++) {
		sh_sha256(buf, big[i], a);
		crypto_hash_sha256(b, buf, big[i]);
		if (memcmp(a, b, 32) != 0)
			fail_msg("length %zu differs", big[i]);
	}
	free(buf);
}

/*
 * Each path forced in turn (sh_sha256_test_force()): the portable one
 * even where the extensions are, and the extensions where CPUID has
 * them, over the same lengths; the two must give the same digests.
 */
static void
forced_paths_agree(void **state)
{
	enum { N = 1100 };
	unsigned char	*buf, (*port)[32], d[32];
	size_t		 len;

	(void)state;
	/* Each length from a start 0 to 7 bytes in: unaligned too. */
	assert_non_null(buf = malloc(N + 8));
	assert_non_null(port = calloc(N + 1, 32));
	randombytes_buf(buf, N + 8);

	assert_true(sh_sha256_test_force(SH_SHA256_PORTABLE));
	assert_false(sh_sha256_accelerated());
	vector("abc", 3, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	for (len = 0; len <= N; len++)
		sh_sha256(buf + len % 8, len, port[len]);

	if (!sh_sha256_test_force(SH_SHA256_EXTENSIONS)) {
		printf("# SHA extensions: not on this machine; the portable "
		    "path was forced and checked\n");
		assert_true(sh_sha256_test_force(SH_SHA256_AUTO));
		assert_false(sh_sha256_accelerated());
	} else {
		assert_true(sh_sha256_accelerated());
		for (len = 0; len <= N; len++) {
			sh_sha256(buf + len % 8, len, d);
			if (memcmp(d, port[len], 32) != 0)
				fail_msg("length %zu: the extensions and the "
				    "portable code differ", len);
		}
		assert_true(sh_sha256_test_force(SH_SHA256_AUTO));
	}
	free(port);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(published_vectors),
		cmocka_unit_test(same_as_libsodium),
		cmocka_unit_test(forced_paths_agree),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
