/*
 * The building blocks of crypto/age: HKDF-SHA-256 (RFC 5869 vectors),
 * Bech32 (BIP 173 vectors, minus its 90 character limit) and canonical
 * unpadded base64, and the age key strings.
 */
#include <string.h>

#include <sodium.h>

#include "testutil.h"
#include "crypto/agekey.h"
#include "crypto/b64.h"
#include "crypto/bech32.h"
#include "crypto/hkdf.h"

static void
hex(unsigned char *out, size_t outlen, const char *h)
{
	size_t len;

	assert_int_equal(sodium_hex2bin(out, outlen, h, strlen(h), NULL, &len,
	    NULL), 0);
	assert_int_equal(len, outlen);
}

static void
range(unsigned char *p, int from, int to)
{
	int i;

	for (i = from; i < to; i++)
		p[i - from] = (unsigned char)i;
}

static void
hkdf_rfc5869(void **state)
{
	unsigned char	ikm[80], salt[80], info[80], okm[82], want[82];

	/* Case 1: basic, 13-byte salt, 10-byte info. */
	memset(ikm, 0x0b, 22);
	range(salt, 0, 13);
	range(info, 0xf0, 0xfa);
	assert_int_equal(sh_hkdf_sha256(okm, 42, ikm, 22, salt, 13, info, 10),
	    0);
	hex(want, 42, "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db0"
	    "2d56ecc4c5bf34007208d5b887185865");
	assert_memory_equal(okm, want, 42);

	/* Case 2: long inputs, output over two blocks. */
	range(ikm, 0, 0x50);
	range(salt, 0x60, 0xb0);
	range(info, 0xb0, 0x100);
	assert_int_equal(sh_hkdf_sha256(okm, 82, ikm, 80, salt, 80, info, 80),
	    0);
	hex(want, 82, "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050"
	    "cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b83677"
	    "93a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87");
	assert_memory_equal(okm, want, 82);

	/* Case 3: empty salt and info (age's header MAC key). */
	memset(ikm, 0x0b, 22);
	assert_int_equal(sh_hkdf_sha256(okm, 42, ikm, 22, NULL, 0, NULL, 0),
	    0);
	hex(want, 42, "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec345"
	    "4e5f3c738d2d9d201395faa4b61a96c8");
	assert_memory_equal(okm, want, 42);

	assert_int_equal(sh_hkdf_sha256(okm, SH_HKDF_SHA256_MAX + 1, ikm, 22,
	    NULL, 0, NULL, 0), -1);
}

static void
bech32_bip173(void **state)
{
	static const char *valid[] = {
		"A12UEL5L",
		"a12uel5l",
		"an83characterlonghumanreadablepartthatcontainsthenumber1andthe"
		    "excludedcharactersbio1tt5tgs",
		"abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
		"11" "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"
		    "qqqqqqqqqqqqqqqqqqqqqq" "c8247j",	/* 90 characters */
		"split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
		"?1ezyfcl",
	};
	static const char *invalid[] = {
		" 1nwldj5",		/* HRP character out of range */
		"\x7f" "1axkwrx",
		"\x80" "1eym55h",
		"an84characterslonghumanreadablepartthatcontainsthenumber1and"
		    "theexcludedcharactersbio1569pvx",	/* HRP over 83 */
		"pzry9x0s0muk",		/* no separator */
		"1pzry9x0s0muk",	/* empty HRP */
		"x1b4n0q5v",		/* invalid data character */
		"li1dgmt3",		/* checksum too short */
		"de1lg7wt\xff",		/* invalid character in checksum */
		"A1G7SGD8",		/* checksum of the upper-case HRP */
		"10a06t8",		/* empty HRP */
		"1qzzfhee",		/* empty HRP */
		"a12UEL5L",		/* mixed case */
	};
	char		hrp[100], out[200], lower[200];
	unsigned char	d5[200];
	size_t		n5, i, j;
	struct sh_err	err;

	for (i = 0; i < sizeof valid / sizeof *valid; i++) {
		assert_int_equal(sh_bech32_decode5(valid[i], hrp, sizeof hrp,
		    d5, sizeof d5, &n5, &err), 0);
		/* Encoding gives the lower-case string back. */
		assert_int_equal(sh_bech32_encode5(hrp, d5, n5, false, out,
		    sizeof out, &err), 0);
		for (j = 0; valid[i][j] != '\0'; j++)
			lower[j] = (char)(valid[i][j] >= 'A' &&
			    valid[i][j] <= 'Z' ? valid[i][j] + 32 : valid[i][j]);
		lower[j] = '\0';
		assert_string_equal(out, lower);
	}
	for (i = 0; i < sizeof invalid / sizeof *invalid; i++) {
		err.msg[0] = '\0';
		assert_int_equal(sh_bech32_decode5(invalid[i], hrp, sizeof hrp,
		    d5, sizeof d5, &n5, &err), -1);
		assert_true(strncmp(err.msg, "bech32: ", 8) == 0);
	}
}

static void
bech32_no_90_limit(void **state)
{
	unsigned char	data[200], back[200];
	char		s[400], hrp[20];
	size_t		len;

	randombytes_buf(data, sizeof data);
	assert_int_equal(sh_bech32_encode("long", data, sizeof data, false, s,
	    sizeof s, NULL), 0);
	assert_true(strlen(s) > 90);
	assert_int_equal(sh_bech32_decode(s, hrp, sizeof hrp, back,
	    sizeof back, &len, NULL), 0);
	assert_string_equal(hrp, "long");
	assert_int_equal(len, sizeof data);
	assert_memory_equal(back, data, sizeof data);
	/* Too small a buffer is refused, not overrun. */
	assert_int_equal(sh_bech32_decode(s, hrp, sizeof hrp, back, 10, &len,
	    NULL), -1);
}

static void
b64_canonical(void **state)
{
	unsigned char	out[64], in[48];
	char		enc[80];
	size_t		len, n;
	struct {
		const char	*s;
		int		 ok;
		size_t		 len;
	} cases[] = {
		{ "", 0, 0 },
		{ "Zg", 0, 1 },
		{ "Zm8", 0, 2 },
		{ "Zm9v", 0, 3 },
		{ "Zh", -1, 0 },	/* trailing bits set */
		{ "Zm9", -1, 0 },	/* trailing bits set */
		{ "Zg==", -1, 0 },	/* padding */
		{ "Zg=", -1, 0 },
		{ "Z", -1, 0 },		/* dangling character */
		{ "Zm9v\n", -1, 0 },
		{ "Zm 9v", -1, 0 },
		{ "Zm9-", -1, 0 },	/* URL alphabet */
		{ "Zm9_", -1, 0 },
		{ "Zm9\r", -1, 0 },
	};

	for (n = 0; n < sizeof cases / sizeof *cases; n++) {
		assert_int_equal(sh_b64_decode(cases[n].s, strlen(cases[n].s),
		    out, sizeof out, &len), cases[n].ok);
		if (cases[n].ok == 0)
			assert_int_equal(len, cases[n].len);
	}
	/* An embedded NUL is not the end of the text. */
	assert_int_equal(sh_b64_decode("Zm9v\0Zm9v", 9, out, sizeof out, &len),
	    -1);
	/* Output that does not fit is refused. */
	assert_int_equal(sh_b64_decode("Zm9v", 4, out, 2, &len), -1);

	for (n = 0; n <= sizeof in; n++) {
		randombytes_buf(in, n);
		assert_int_equal(sh_b64_encode(in, n, enc, sizeof enc),
		    (int)sh_b64_encoded_len(n));
		assert_int_equal(sh_b64_decode(enc, strlen(enc), out,
		    sizeof out, &len), 0);
		assert_int_equal(len, n);
		assert_memory_equal(out, in, n);
	}
	assert_int_equal(sh_b64_encode(in, 48, enc, 64), -1);
}

static void
age_key_strings(void **state)
{
	/* From age-keygen (as in the CCTV vectors): identity and recipient. */
	const char	*id = "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2"
	    "MMDKWYKLMGR48UAWX40Q2P2LM0";
	unsigned char	 sk[32], pk[32], pk2[32], edpk[32], edsk[64];
	char		 s[SH_AGE_IDENTITY_SIZE], r[SH_AGE_RECIPIENT_SIZE];
	struct sh_err	 err;

	assert_int_equal(sh_age_identity_parse(id, sk, &err), 0);
	assert_int_equal(sh_age_identity_encode(sk, s, sizeof s, &err), 0);
	assert_string_equal(s, id);
	assert_int_equal(strlen(s) + 1, SH_AGE_IDENTITY_SIZE);

	assert_int_equal(sh_age_x25519_public(sk, pk, &err), 0);
	assert_int_equal(sh_age_recipient_encode(pk, r, sizeof r, &err), 0);
	assert_int_equal(strlen(r) + 1, SH_AGE_RECIPIENT_SIZE);
	assert_true(strncmp(r, "age1", 4) == 0);
	assert_int_equal(sh_age_recipient_parse(r, pk2, &err), 0);
	assert_memory_equal(pk, pk2, 32);

	/* Wrong kind, wrong length, bad checksum. */
	assert_int_equal(sh_age_recipient_parse(id, pk2, &err), -1);
	assert_non_null(strstr(err.msg, "prefix"));
	assert_int_equal(sh_age_identity_parse(r, sk, &err), -1);
	r[10] = r[10] == 'q' ? 'p' : 'q';
	assert_int_equal(sh_age_recipient_parse(r, pk2, &err), -1);
	assert_non_null(strstr(err.msg, "checksum"));
	assert_int_equal(sh_age_recipient_parse("age1qqqqqqlluxp6", pk2, &err),
	    -1);
	assert_int_equal(sh_age_recipient_encode(pk, r, 10, &err), -1);

	/* Ed25519 keys give matching recipient and identity. */
	crypto_sign_keypair(edpk, edsk);
	assert_int_equal(sh_age_recipient_from_ed25519_pk(edpk, r, sizeof r,
	    &err), 0);
	assert_int_equal(sh_age_identity_from_ed25519_sk(edsk, s, sizeof s,
	    &err), 0);
	assert_true(strncmp(s, "AGE-SECRET-KEY-1", 16) == 0);
	assert_int_equal(sh_age_identity_parse(s, sk, &err), 0);
	assert_int_equal(sh_age_x25519_public(sk, pk, &err), 0);
	assert_int_equal(sh_age_recipient_parse(r, pk2, &err), 0);
	assert_memory_equal(pk, pk2, 32);
	sodium_memzero(sk, sizeof sk);
	sodium_memzero(edsk, sizeof edsk);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hkdf_rfc5869),
		cmocka_unit_test(bech32_bip173),
		cmocka_unit_test(bech32_no_90_limit),
		cmocka_unit_test(b64_canonical),
		cmocka_unit_test(age_key_strings),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
