/*
 * crypto/minisign with scrypt at minisign's real limits (1 GiB, several
 * seconds each): a key protected by stock minisign opens with its
 * passphrase, and a key shinsa protects with the defaults round-trips.
 * Kept apart from test_minisign so that the slow part runs alone.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "testutil.h"
#include "crypto/minisign.h"

/* `minisign -G` 0.11 with the passphrase "shinsa-test" (piped on stdin). */
#define STOCK_PUB \
	"untrusted comment: minisign public key 7C817B7360201128\n" \
	"RWQoESBgc3uBfObXCY6+HczxqlBjVyGfBmGJfNWoVD8kiKxLhiVN5+uo\n"
#define STOCK_SEC \
	"untrusted comment: x\n" \
	"RWRTY0IyEQg0ompDXPJG5Lr/4rdDD3Ntc+vQUj+/KwPepbKjFRwAAAACAAAAAAAAAEAA" \
	"AAAAcWltrNBBLIAYo18NHFsyhjN3Cg0ZROz42+0fCsqyIpK4s7UXNFjHeFhM/I6Jy/rp" \
	"BhKD6pMPPzwxNF4R9xep3uU3iclAzNl44lVlC7bPhFVX8O/5Dhro6I5Ov2PTaCFOP6YV" \
	"vJD5keg=\n"

static void
stock_protected_key_opens(void **state)
{
	struct sh_minisign_sk	*sk;
	struct sh_minisign_pk	 pub;
	struct sh_err		 e;

	assert_int_equal(sh_minisign_pk_parse(STOCK_PUB, strlen(STOCK_PUB),
	    &pub, &e), 0);
	sk = sh_minisign_sk_parse(STOCK_SEC, strlen(STOCK_SEC),
	    (const unsigned char *)"shinsa-test", 11, &e);
	if (sk == NULL)
		fail_msg("%s", e.msg);
	assert_true(sk->was_protected);
	assert_true(sh_minisign_pk_equal(&sk->pub, &pub));
	sh_minisign_sk_free(sk);
}

static void
default_limits_roundtrip(void **state)
{
	struct sh_minisign_sk	*sk, *back;
	struct sh_err		 e;
	struct stat		 st;
	char			*dir, *path;
	const unsigned char	*pw = (const unsigned char *)"審査 passphrase";
	size_t			 pwlen = strlen((const char *)pw);

	dir = tu_tmpdir("minisign-scrypt");
	assert_true(asprintf(&path, "%s/key.sec", dir) > 0);
	sk = sh_minisign_keygen("r06-secretariat", &e);
	assert_non_null(sk);
	assert_int_equal(sh_minisign_sk_write_file(path, sk, pw, pwlen, &e), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* the limits written are minisign's sensitive ones, little-endian */
	{
		char		*t = tu_slurp(path, NULL), *l;
		unsigned char	 blob[158];
		size_t		 n;

		l = strchr(t, '\n') + 1;
		n = strcspn(l, "\n");
		assert_int_equal(sodium_base642bin(blob, sizeof blob, l, n,
		    NULL, NULL, NULL, sodium_base64_VARIANT_ORIGINAL), 0);
		assert_memory_equal(blob, "EdScB2", 6);
		assert_memory_equal(blob + 38, "\0\0\0\2\0\0\0\0", 8);
		assert_memory_equal(blob + 46, "\0\0\0\100\0\0\0\0", 8);
		free(t);
	}
	back = sh_minisign_sk_read_file(path, pw, pwlen, &e);
	if (back == NULL)
		fail_msg("%s", e.msg);
	assert_memory_equal(back->sk, sk->sk, sizeof sk->sk);
	assert_true(sh_minisign_pk_equal(&back->pub, &sk->pub));
	assert_string_equal(back->pub.id, "r06-secretariat");
	sh_minisign_sk_free(back);
	free(path);
	free(dir);
	sh_minisign_sk_free(sk);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stock_protected_key_opens),
		cmocka_unit_test(default_limits_roundtrip),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
