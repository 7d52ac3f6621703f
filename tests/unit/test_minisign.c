/*
 * crypto/minisign: every format round-trips, known answers from
 * rust-minisign-verify and from stock minisign 0.11 verify, and every
 * kind of damage is refused with its reason. scrypt runs here only with
 * its minimum limits; test_minisign_scrypt has the real ones.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "testutil.h"
#include "crypto/minisign.h"
#include "crypto/passphrase.h"

/* Published with rust-minisign-verify (src/lib.rs tests): message "test". */
#define KAT_PK	"RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3"
#define KAT_PK_FILE \
	"untrusted comment: minisign public key E7620F1842B4E81F\n" KAT_PK "\n"
#define KAT_SIG_PREHASHED \
	"untrusted comment: signature from minisign secret key\n" \
	"RUQf6LRCGA9i559r3g7V1qNyJDApGip8MfqcadIgT9CuhV3EMhHoN1mGTkUidF/z7Srl" \
	"QgXdy8ofjb7bNJJylDOocrCo8KLzZwo=\n" \
	"trusted comment: timestamp:1556193335\tfile:test\n" \
	"y/rUw2y8/hOUYjZU71eHp/Wo1KZ40fGy2VJEDl34XMJM+TX48Ss/17u3IvIfbVR1FkZZ" \
	"SNCisQbuQY+bHwhEBg==\n"
#define KAT_SIG_PREHASHED2 \
	"untrusted comment: signature from minisign secret key\n" \
	"RUQf6LRCGA9i559r3g7V1qNyJDApGip8MfqcadIgT9CuhV3EMhHoN1mGTkUidF/z7Srl" \
	"QgXdy8ofjb7bNJJylDOocrCo8KLzZwo=\n" \
	"trusted comment: timestamp:1633700835\tfile:test\tprehashed\n" \
	"wLMDjy9FLAuxZ3q4NlEvkgtyhrr0gtTu6KC4KBJdITbbOeAi1zBIYo0v4iTgt8jJpIid" \
	"RJnp94ABQkJAgAooBQ==\n"
#define KAT_SIG_LEGACY \
	"untrusted comment: signature from minisign secret key\n" \
	"RWQf6LRCGA9i59SLOFxz6NxvASXDJeRtuZykwQepbDEGt87ig1BNpWaVWuNrm73YiIiJ" \
	"bq71Wi+dP9eKL8OC351vwIasSSbXxwA=\n" \
	"trusted comment: timestamp:1555779966\tfile:test\n" \
	"QtKMXWyYcwdpZAlPF7tE2ENJkRd1ujvKjlj1m9RtHTBnZPa5WKU5uWRs5GoP5M/VqE81" \
	"QFuMKI5k/SfNQUaOAA==\n"

/*
 * Made by stock minisign 0.11: `minisign -G -W` (unprotected, zero
 * checksum), then `minisign -S -s a.key -m msg -t 'kind:test<TAB>round:R06'`
 * over the message below. Ed25519 is deterministic, so shinsa signing the
 * same message with the same key must give the same file byte for byte.
 */
#define STOCK_PUB_FILE \
	"untrusted comment: minisign public key ACBC3DB12324C82\n" \
	"RWSCTDIS28PLCi9Y782mCz1i9U0LSYkTXj/mvrdMGiNbx9o9T7IG4hIb\n"
#define STOCK_SEC_FILE \
	"untrusted comment: minisign encrypted secret key\n" \
	"RWQAAEIyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" \
	"AAAAgkwyEtvDywoitVmiW2E8zae4kUIC24edX4e+1kSPfZRe79BbY82M8i9Y782mCz1i" \
	"9U0LSYkTXj/mvrdMGiNbx9o9T7IG4hIbAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" \
	"AAAAAAA=\n"
#define STOCK_MSG	"shinsa known answer\n"
#define STOCK_SIG \
	"untrusted comment: signature from minisign secret key\n" \
	"RUSCTDIS28PLCizz6zxPLTe+AP4WDovOj+COjNJlHsH5a9nu1chetTDKy/SgmaSpjXKR" \
	"DNsv1Ec3zGYfFZzFo3SalraLdHohzQI=\n" \
	"trusted comment: kind:test\tround:R06\n" \
	"UD50BpxIQeGYZwPsyFFP0PANbcMwPNFTFhbC2BLKCgCp1BqZ+WmBiWFSoKbQNCuCu5ID" \
	"xk9V1isLuf1A3mdsAA==\n"

static const struct sh_minisign_kdf fast_kdf = {
	crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_MIN,
	crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_MIN,
};

#define assert_err_contains(e, s) do {					\
	if (strstr((e).msg, (s)) == NULL)				\
		fail_msg("error \"%s\" lacks \"%s\"", (e).msg, (s));	\
} while (0)

static void
parse_kat_pk(struct sh_minisign_pk *pk)
{
	struct sh_err	e;

	if (sh_minisign_pk_parse(KAT_PK, strlen(KAT_PK), pk, &e) != 0)
		fail_msg("%s", e.msg);
}

/* Replaces line `n` (0-based) of a signature file; caller frees. */
static char *
replace_line(const char *text, int n, const char *line)
{
	struct sh_buf	 b;
	const char	*p = text, *nl;
	int		 i = 0;

	sh_buf_init(&b, false);
	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		if (i == n)
			sh_buf_append_str(&b, line);
		else
			sh_buf_append(&b, p, (size_t)(nl - p));
		if (*nl == '\n')
			sh_buf_append(&b, "\n", 1);
		p = *nl ? nl + 1 : nl;
		i++;
	}
	return sh_buf_cstr(&b);
}

/* The base64 of line n decoded, with byte `at` XORed with `x`. */
static char *
flip_in_line(const char *text, int n, size_t at, unsigned char x,
    const char *newalg)
{
	unsigned char	 bin[256];
	char		 line[512], b64[400], *out;
	const char	*p = text;
	size_t		 len, binlen;
	int		 i;

	for (i = 0; i < n; i++)
		p = strchr(p, '\n') + 1;
	len = (size_t)(strchr(p, '\n') - p);
	memcpy(line, p, len);
	line[len] = '\0';
	assert_int_equal(sodium_base642bin(bin, sizeof bin, line, len, NULL,
	    &binlen, NULL, sodium_base64_VARIANT_ORIGINAL), 0);
	bin[at] ^= x;
	if (newalg != NULL)
		memcpy(bin, newalg, 2);
	sodium_bin2base64(b64, sizeof b64, bin, binlen,
	    sodium_base64_VARIANT_ORIGINAL);
	out = replace_line(text, n, b64);
	return out;
}

static void
kat_prehashed_verifies(void **state)
{
	struct sh_minisign_pk		pk;
	struct sh_minisign_verified	v;
	struct sh_err			e;
	char				hex[17], fpr[SH_MINISIGN_FPR_LEN + 1];

	parse_kat_pk(&pk);
	sh_minisign_keynum_hex(pk.keynum, hex);
	assert_string_equal(hex, "E7620F1842B4E81F");
	assert_string_equal(pk.id, "");
	/* BLAKE2b-128 of the 42 bytes, computed independently (Python). */
	sh_minisign_pk_fingerprint(&pk, fpr);
	assert_string_equal(fpr, "9BB4 25EA 2F78 943F 44EE C714 1639 3609");

	assert_int_equal(sh_minisign_verify(&pk, 1, "test", 4, KAT_SIG_PREHASHED,
	    strlen(KAT_SIG_PREHASHED), &v, &e), 0);
	assert_string_equal(v.trusted_comment, "timestamp:1556193335\tfile:test");
	assert_int_equal(v.tc_len, strlen(v.trusted_comment));
	assert_int_equal(v.key_index, 0);
	assert_int_equal(sh_minisign_verify(&pk, 1, "test", 4,
	    KAT_SIG_PREHASHED2, strlen(KAT_SIG_PREHASHED2), &v, &e), 0);
	assert_string_equal(v.trusted_comment,
	    "timestamp:1633700835\tfile:test\tprehashed");

	/* non-canonical base64: spare bits set in the last character */
	{
		char *t = strdup(KAT_SIG_PREHASHED), *q;

		q = strstr(t, "HwhEBg==");
		q[5] = 'h';
		assert_int_equal(sh_minisign_verify(&pk, 1, "test", 4, t,
		    strlen(t), &v, &e), -1);
		assert_err_contains(e, "invalid base64");
		free(t);
	}
	assert_int_equal(sh_minisign_verify(&pk, 1, "Test", 4,
	    KAT_SIG_PREHASHED, strlen(KAT_SIG_PREHASHED), &v, &e), -1);
	assert_err_contains(e, "signature verification failed");
}

static void
kat_legacy_refused(void **state)
{
	struct sh_minisign_pk	pk;
	struct sh_minisign_sig	sig;
	struct sh_err		e;

	parse_kat_pk(&pk);
	/* A good legacy signature, refused for what it is, not as damage. */
	assert_int_equal(sh_minisign_sig_parse(KAT_SIG_LEGACY,
	    strlen(KAT_SIG_LEGACY), &sig, &e), -1);
	assert_err_contains(e, "legacy");
	assert_err_contains(e, "\"ED\"");
	assert_int_equal(sh_minisign_verify(&pk, 1, "test", 4, KAT_SIG_LEGACY,
	    strlen(KAT_SIG_LEGACY), NULL, &e), -1);
	assert_err_contains(e, "legacy");
}

static void
kat_pk_file(void **state)
{
	struct sh_minisign_pk	a, b;
	struct sh_buf		out;
	struct sh_err		e;
	char			b64[SH_MINISIGN_PK_B64_LEN + 1];

	parse_kat_pk(&a);
	assert_int_equal(sh_minisign_pk_parse(KAT_PK_FILE, strlen(KAT_PK_FILE),
	    &b, &e), 0);
	assert_true(sh_minisign_pk_equal(&a, &b));
	sh_minisign_pk_base64(&b, b64);
	assert_string_equal(b64, KAT_PK);
	/* And we write it the way minisign 0.11 does. */
	sh_buf_init(&out, false);
	assert_int_equal(sh_minisign_pk_format(&b, &out, &e), 0);
	assert_string_equal(sh_buf_cstr(&out), KAT_PK_FILE);
	sh_buf_free(&out);
	/* CR LF line ends and a missing final newline are fine. */
	assert_int_equal(sh_minisign_pk_parse(
	    "untrusted comment: x\r\n" KAT_PK "\r\n",
	    strlen("untrusted comment: x\r\n" KAT_PK "\r\n"), &b, &e), 0);
	assert_int_equal(sh_minisign_pk_parse(
	    "untrusted comment: x\n" KAT_PK,
	    strlen("untrusted comment: x\n" KAT_PK), &b, &e), 0);
}

static void
stock_key_signs_like_stock(void **state)
{
	struct sh_minisign_sk		*sk;
	struct sh_minisign_pk		 pub;
	struct sh_minisign_verified	 v;
	struct sh_buf			 sig;
	struct sh_err			 e;

	assert_int_equal(sh_minisign_pk_parse(STOCK_PUB_FILE,
	    strlen(STOCK_PUB_FILE), &pub, &e), 0);
	/* Unprotected by stock -W: zero checksum, no passphrase needed. */
	sk = sh_minisign_sk_parse(STOCK_SEC_FILE, strlen(STOCK_SEC_FILE), NULL,
	    0, &e);
	if (sk == NULL)
		fail_msg("%s", e.msg);
	assert_false(sk->was_protected);
	assert_true(sh_minisign_pk_equal(&sk->pub, &pub));

	assert_int_equal(sh_minisign_verify(&pub, 1, STOCK_MSG,
	    strlen(STOCK_MSG), STOCK_SIG, strlen(STOCK_SIG), &v, &e), 0);
	assert_string_equal(v.trusted_comment, "kind:test\tround:R06");

	sh_buf_init(&sig, false);
	assert_int_equal(sh_minisign_sign(sk, STOCK_MSG, strlen(STOCK_MSG),
	    "kind:test\tround:R06", NULL, &sig, &e), 0);
	assert_string_equal(sh_buf_cstr(&sig), STOCK_SIG);
	sh_buf_free(&sig);
	sh_minisign_sk_free(sk);
}

static void
pk_roundtrip(void **state)
{
	struct sh_minisign_sk	*sk;
	struct sh_minisign_pk	 pk;
	struct sh_buf		 out;
	struct sh_err		 e;
	char			 b64[SH_MINISIGN_PK_B64_LEN + 1], *dir, *path;

	sk = sh_minisign_keygen("r03-tanaka", &e);
	assert_non_null(sk);
	sh_buf_init(&out, false);
	assert_int_equal(sh_minisign_pk_format(&sk->pub, &out, &e), 0);
	assert_non_null(strstr(sh_buf_cstr(&out), " id:r03-tanaka\n"));
	assert_int_equal(strncmp((char *)out.data,
	    "untrusted comment: minisign public key ", 39), 0);
	assert_int_equal(sh_minisign_pk_parse((char *)out.data, out.len, &pk,
	    &e), 0);
	assert_true(sh_minisign_pk_equal(&pk, &sk->pub));
	assert_string_equal(pk.id, "r03-tanaka");
	sh_minisign_pk_base64(&pk, b64);
	memset(&pk, 0, sizeof pk);
	assert_int_equal(sh_minisign_pk_parse(b64, strlen(b64), &pk, &e), 0);
	assert_true(sh_minisign_pk_equal(&pk, &sk->pub));
	sh_buf_free(&out);

	dir = tu_tmpdir("minisign-pk");
	assert_true(asprintf(&path, "%s/k.pub", dir) > 0);
	assert_int_equal(sh_minisign_pk_write_file(path, &sk->pub, &e), 0);
	memset(&pk, 0, sizeof pk);
	assert_int_equal(sh_minisign_pk_read_file(path, &pk, &e), 0);
	assert_true(sh_minisign_pk_equal(&pk, &sk->pub));
	assert_string_equal(pk.id, "r03-tanaka");
	free(path);
	free(dir);
	sh_minisign_sk_free(sk);

	/* An invalid id is refused when making a key. */
	assert_null(sh_minisign_keygen("two words", &e));
	assert_err_contains(e, "invalid id");
}

static void
pk_refuses_damage(void **state)
{
	struct sh_minisign_pk	pk;
	struct sh_err		e;
	char			*bad;
	unsigned char		blob[42];
	char			b64[64];

	memset(&pk, 0x55, sizeof pk);
	assert_int_equal(sh_minisign_pk_parse("RWQf6LRCGA9i53mlYecO4IzT51TGPpvWuc*SCh1CBM0QTaLn73Y7GFO3",
	    56, &pk, &e), -1);
	assert_err_contains(e, "invalid base64");
	assert_int_equal(pk.keynum[0], 0x55);	/* unchanged on failure */
	/* truncated */
	assert_int_equal(sh_minisign_pk_parse(KAT_PK, 52, &pk, &e), -1);
	/* wrong algorithm bytes */
	assert_int_equal(sodium_base642bin(blob, sizeof blob, KAT_PK, 56, NULL,
	    NULL, NULL, sodium_base64_VARIANT_ORIGINAL), 0);
	memcpy(blob, "ED", 2);
	sodium_bin2base64(b64, sizeof b64, blob, sizeof blob,
	    sodium_base64_VARIANT_ORIGINAL);
	assert_int_equal(sh_minisign_pk_parse(b64, strlen(b64), &pk, &e), -1);
	assert_err_contains(e, "unsupported signature algorithm");
	/* 42 bytes leave no spare bits; a short or padded key is refused */
	bad = strdup(KAT_PK);
	bad[52] = '=';
	bad[53] = '\0';
	assert_int_equal(sh_minisign_pk_parse(bad, 53, &pk, &e), -1);
	free(bad);
	/* wrong comment prefix, trailing lines, secret key given */
	assert_int_equal(sh_minisign_pk_parse("comment: x\n" KAT_PK "\n",
	    strlen("comment: x\n" KAT_PK "\n"), &pk, &e), -1);
	assert_int_equal(sh_minisign_pk_parse(KAT_PK_FILE "more\n",
	    strlen(KAT_PK_FILE "more\n"), &pk, &e), -1);
	assert_err_contains(e, "trailing");
	assert_int_equal(sh_minisign_pk_parse(STOCK_SEC_FILE,
	    strlen(STOCK_SEC_FILE), &pk, &e), -1);
	assert_err_contains(e, "secret key where a public key");
	assert_int_equal(sh_minisign_pk_parse("", 0, &pk, &e), -1);
}

static void
sk_roundtrip(void **state)
{
	struct sh_minisign_sk	*sk, *back;
	struct sh_buf		 out;
	struct sh_err		 e;
	const unsigned char	*pw = (const unsigned char *)"correct horse";

	sk = sh_minisign_keygen("secretariat", &e);
	assert_non_null(sk);

	/* unprotected, only when asked by passing no passphrase */
	sh_buf_init(&out, true);
	assert_int_equal(sh_minisign_sk_format(sk, NULL, 0, NULL, &out, &e), 0);
	assert_non_null(strstr(sh_buf_cstr(&out),
	    "minisign unencrypted secret key id:secretariat\n"));
	back = sh_minisign_sk_parse((char *)out.data, out.len, NULL, 0, &e);
	assert_non_null(back);
	assert_false(back->was_protected);
	assert_memory_equal(back->sk, sk->sk, 64);
	assert_true(sh_minisign_pk_equal(&back->pub, &sk->pub));
	assert_string_equal(back->pub.id, "secretariat");
	sh_minisign_sk_free(back);
	sh_buf_free(&out);

	/* protected (scrypt at its minimum here) */
	sh_buf_init(&out, true);
	assert_int_equal(sh_minisign_sk_format(sk, pw, 13, &fast_kdf, &out, &e),
	    0);
	back = sh_minisign_sk_parse((char *)out.data, out.len, pw, 13, &e);
	if (back == NULL)
		fail_msg("%s", e.msg);
	assert_true(back->was_protected);
	assert_memory_equal(back->sk, sk->sk, 64);
	assert_true(sh_minisign_pk_equal(&back->pub, &sk->pub));
	sh_minisign_sk_free(back);

	assert_null(sh_minisign_sk_parse((char *)out.data, out.len,
	    (const unsigned char *)"correct horsf", 13, &e));
	assert_string_equal(e.msg, "wrong passphrase");
	assert_null(sh_minisign_sk_parse((char *)out.data, out.len, NULL, 0,
	    &e));
	assert_err_contains(e, "passphrase required");
	sh_buf_free(&out);

	/* an empty passphrase is not protection */
	sh_buf_init(&out, true);
	assert_int_equal(sh_minisign_sk_format(sk, (const unsigned char *)"",
	    0, &fast_kdf, &out, &e), -1);
	assert_err_contains(e, "empty passphrase");
	assert_int_equal(out.len, 0);
	sh_buf_free(&out);
	sh_minisign_sk_free(sk);
}

static void
sk_refuses_damage(void **state)
{
	struct sh_minisign_sk	*sk;
	struct sh_err		 e;
	char			*t;

	/* algorithm bytes at offsets 0, 2 and 4 */
	t = flip_in_line(STOCK_SEC_FILE, 1, 0, 0, "Xd");
	assert_null(sh_minisign_sk_parse(t, strlen(t), NULL, 0, &e));
	assert_err_contains(e, "unsupported signature algorithm");
	free(t);
	t = flip_in_line(STOCK_SEC_FILE, 1, 2, 'Z', NULL);
	assert_null(sh_minisign_sk_parse(t, strlen(t), NULL, 0, &e));
	assert_err_contains(e, "unsupported key derivation");
	free(t);
	t = flip_in_line(STOCK_SEC_FILE, 1, 4, 1, NULL);
	assert_null(sh_minisign_sk_parse(t, strlen(t), NULL, 0, &e));
	assert_err_contains(e, "unsupported checksum");
	free(t);
	/* a flipped bit in the seed: the public half no longer matches */
	t = flip_in_line(STOCK_SEC_FILE, 1, 54 + 8 + 3, 0x10, NULL);
	assert_null(sh_minisign_sk_parse(t, strlen(t), NULL, 0, &e));
	assert_err_contains(e, "does not match its seed");
	free(t);
	/* a non-zero checksum that is wrong */
	t = flip_in_line(STOCK_SEC_FILE, 1, 54 + 8 + 64, 0x01, NULL);
	assert_null(sh_minisign_sk_parse(t, strlen(t), NULL, 0, &e));
	assert_err_contains(e, "checksum mismatch");
	free(t);
	/* bad base64, and a public key where a secret one belongs */
	t = replace_line(STOCK_SEC_FILE, 1, "RWQAAEIy!!!");
	assert_null(sh_minisign_sk_parse(t, strlen(t), NULL, 0, &e));
	assert_err_contains(e, "invalid base64");
	free(t);
	assert_null(sh_minisign_sk_parse(KAT_PK_FILE, strlen(KAT_PK_FILE),
	    NULL, 0, &e));
	assert_err_contains(e, "public key where a secret key");

	/* absurd scrypt limits are refused before any work */
	sk = sh_minisign_keygen(NULL, &e);
	{
		struct sh_buf	out;
		char		*big;
		unsigned char	 pw[] = "pw";

		sh_buf_init(&out, true);
		assert_int_equal(sh_minisign_sk_format(sk, pw, 2, &fast_kdf,
		    &out, &e), 0);
		/* memlimit LE64 at offset 46: set its top byte */
		big = flip_in_line(sh_buf_cstr(&out), 1, 46 + 7, 0x80, NULL);
		assert_null(sh_minisign_sk_parse(big, strlen(big), pw, 2, &e));
		assert_err_contains(e, "above minisign's");
		free(big);
		sh_buf_free(&out);
	}
	sh_minisign_sk_free(sk);
}

static void
sk_file_modes(void **state)
{
	struct sh_minisign_sk	*sk, *back;
	struct sh_err		 e;
	struct stat		 st;
	char			*dir, *path, want[4096];
	enum sh_minisign_kind	 kind;
	bool			 prot;

	dir = tu_tmpdir("minisign-sk");
	assert_true(asprintf(&path, "%s/key.sec", dir) > 0);
	sk = sh_minisign_keygen("r01", &e);
	assert_int_equal(sh_minisign_sk_write_file(path, sk, NULL, 0, &e), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	back = sh_minisign_sk_read_file(path, NULL, 0, &e);
	assert_non_null(back);
	assert_true(sh_minisign_pk_equal(&back->pub, &sk->pub));
	sh_minisign_sk_free(back);
	assert_int_equal(sh_minisign_key_file_kind(path, &kind, &prot, &e), 0);
	assert_int_equal(kind, SH_MINISIGN_SECRET);
	assert_false(prot);

	assert_int_equal(chmod(path, 0644), 0);
	assert_null(sh_minisign_sk_read_file(path, NULL, 0, &e));
	snprintf(want, sizeof want, "%s: readable by group or others "
	    "(mode 0644); chmod 600 it", path);
	assert_string_equal(e.msg, want);
	assert_int_equal(sh_minisign_key_file_kind(path, &kind, &prot, &e), -1);
	assert_string_equal(e.msg, want);
	assert_int_equal(chmod(path, 0620), 0);
	assert_null(sh_minisign_sk_read_file(path, NULL, 0, &e));
	assert_err_contains(e, "writable by group or others (mode 0620)");
	free(path);

	assert_true(asprintf(&path, "%s/key.pub", dir) > 0);
	assert_int_equal(sh_minisign_pk_write_file(path, &sk->pub, &e), 0);
	assert_int_equal(sh_minisign_key_file_kind(path, &kind, &prot, &e), 0);
	assert_int_equal(kind, SH_MINISIGN_PUBLIC);
	assert_null(sh_minisign_sk_read_file(path, NULL, 0, &e));
	free(path);
	free(dir);
	sh_minisign_sk_free(sk);
}

static void
sign_verify_roundtrip(void **state)
{
	struct sh_minisign_sk		*a, *b;
	struct sh_minisign_pk		 pks[2];
	struct sh_minisign_verified	 v;
	struct sh_buf			 sig, sig2, tc;
	struct sh_err			 e;
	char				*dir, *path;
	static const char		 msg[] = "評点 5: 具体的な理由\n";

	a = sh_minisign_keygen("a", &e);
	b = sh_minisign_keygen("b", &e);
	pks[0] = a->pub;
	pks[1] = b->pub;

	sh_buf_init(&tc, false);
	assert_int_equal(sh_minisign_tc_add(&tc, "kind", "sheet", &e), 0);
	assert_int_equal(sh_minisign_tc_add(&tc, "round", "R06-kakine", &e), 0);
	assert_int_equal(sh_minisign_tc_add(&tc, "reviewer", "審査委員-3", &e), 0);
	assert_string_equal(sh_buf_cstr(&tc),
	    "kind:sheet\tround:R06-kakine\treviewer:審査委員-3");

	sh_buf_init(&sig, false);
	assert_int_equal(sh_minisign_sign(b, msg, strlen(msg), (char *)tc.data,
	    "sheet of reviewer 3", &sig, &e), 0);
	assert_int_equal(strncmp(sh_buf_cstr(&sig),
	    "untrusted comment: sheet of reviewer 3\n", 39), 0);
	assert_int_equal(sh_minisign_verify(pks, 2, msg, strlen(msg),
	    (char *)sig.data, sig.len, &v, &e), 0);
	assert_int_equal(v.key_index, 1);
	assert_string_equal(v.trusted_comment, (char *)tc.data);

	/* the file API streams and gives the same (deterministic) signature */
	dir = tu_tmpdir("minisign-sig");
	assert_true(asprintf(&path, "%s/msg", dir) > 0);
	tu_write(path, msg, strlen(msg));
	sh_buf_init(&sig2, false);
	assert_int_equal(sh_minisign_sign_file(b, path, (char *)tc.data,
	    "sheet of reviewer 3", &sig2, &e), 0);
	assert_string_equal((char *)sig2.data, (char *)sig.data);
	memset(&v, 0, sizeof v);
	assert_int_equal(sh_minisign_verify_file(pks, 2, path,
	    (char *)sig.data, sig.len, &v, &e), 0);
	assert_int_equal(v.key_index, 1);
	tu_write(path, "x", 1);
	assert_int_equal(sh_minisign_verify_file(pks, 2, path,
	    (char *)sig.data, sig.len, &v, &e), -1);
	assert_err_contains(e, "signature verification failed");

	/* only key a pinned: the keynum says it was someone else */
	assert_int_equal(sh_minisign_verify(pks, 1, msg, strlen(msg),
	    (char *)sig.data, sig.len, NULL, &e), -1);
	assert_err_contains(e, "signed by a different key");
	/* no keys at all */
	assert_int_equal(sh_minisign_verify(pks, 0, msg, strlen(msg),
	    (char *)sig.data, sig.len, NULL, &e), -1);
	assert_err_contains(e, "signed by a different key");
	/* a key pretending to be b by its keynum: the full key decides */
	memcpy(pks[0].keynum, b->pub.keynum, 8);
	assert_int_equal(sh_minisign_verify(pks, 1, msg, strlen(msg),
	    (char *)sig.data, sig.len, NULL, &e), -1);
	assert_err_contains(e, "signature verification failed");
	/* two pinned keys with one keynum: ambiguous, refused */
	assert_int_equal(sh_minisign_verify(pks, 2, msg, strlen(msg),
	    (char *)sig.data, sig.len, NULL, &e), -1);
	assert_err_contains(e, "share key id");

	free(path);
	free(dir);
	sh_buf_free(&sig);
	sh_buf_free(&sig2);
	sh_buf_free(&tc);
	sh_minisign_sk_free(a);
	sh_minisign_sk_free(b);
}

static void
sig_refuses_damage(void **state)
{
	struct sh_minisign_sk		*sk;
	struct sh_minisign_verified	 v;
	struct sh_buf			 sig;
	struct sh_err			 e;
	const char			*msg = "message";
	char				*t, *s;
	size_t				 i;

	sk = sh_minisign_keygen(NULL, &e);
	sh_buf_init(&sig, false);
	assert_int_equal(sh_minisign_sign(sk, msg, 7, "kind:test", NULL, &sig,
	    &e), 0);
	s = sh_buf_cstr(&sig);
	memset(&v, 0x5a, sizeof v);

	/* every bit of the signature proper */
	for (i = 10; i < 74; i += 7) {
		t = flip_in_line(s, 1, i, (unsigned char)(1u << (i % 8)), NULL);
		assert_int_equal(sh_minisign_verify(&sk->pub, 1, msg, 7, t,
		    strlen(t), &v, &e), -1);
		assert_err_contains(e, "signature verification failed");
		free(t);
	}
	/* the keynum */
	t = flip_in_line(s, 1, 2, 0x01, NULL);
	assert_int_equal(sh_minisign_verify(&sk->pub, 1, msg, 7, t, strlen(t),
	    &v, &e), -1);
	assert_err_contains(e, "signed by a different key");
	free(t);
	/* the global signature */
	t = flip_in_line(s, 3, 17, 0x40, NULL);
	assert_int_equal(sh_minisign_verify(&sk->pub, 1, msg, 7, t, strlen(t),
	    &v, &e), -1);
	assert_err_contains(e, "trusted comment signature verification failed");
	free(t);
	/* the trusted comment */
	t = replace_line(s, 2, "trusted comment: kind:tesu");
	assert_int_equal(sh_minisign_verify(&sk->pub, 1, msg, 7, t, strlen(t),
	    &v, &e), -1);
	assert_err_contains(e, "trusted comment signature verification failed");
	free(t);
	/* the untrusted comment is not covered: still verifies */
	t = replace_line(s, 0, "untrusted comment: anything");
	assert_int_equal(sh_minisign_verify(&sk->pub, 1, msg, 7, t, strlen(t),
	    NULL, &e), 0);
	free(t);
	/* legacy and unknown algorithms */
	t = flip_in_line(s, 1, 0, 0, "Ed");
	assert_int_equal(sh_minisign_verify(&sk->pub, 1, msg, 7, t, strlen(t),
	    &v, &e), -1);
	assert_err_contains(e, "legacy");
	free(t);
	t = flip_in_line(s, 1, 0, 0, "EX");
	assert_int_equal(sh_minisign_verify(&sk->pub, 1, msg, 7, t, strlen(t),
	    &v, &e), -1);
	assert_err_contains(e, "unsupported signature algorithm");
	free(t);
	/* bad base64 in either line */
	t = replace_line(s, 1, "RUS!notbase64");
	assert_int_equal(sh_minisign_verify(&sk->pub, 1, msg, 7, t, strlen(t),
	    &v, &e), -1);
	assert_err_contains(e, "invalid base64");
	free(t);
	t = replace_line(s, 3, "AAAA");
	assert_int_equal(sh_minisign_verify(&sk->pub, 1, msg, 7, t, strlen(t),
	    &v, &e), -1);
	assert_err_contains(e, "global signature");
	free(t);
	/* structure: missing lines, trailing data, wrong prefixes */
	assert_int_equal(sh_minisign_verify(&sk->pub, 1, msg, 7, s,
	    strlen(s) - 90, &v, &e), -1);
	assert_int_equal(sh_buf_append_str(&sig, "extra\n"), 0);
	s = sh_buf_cstr(&sig);
	assert_int_equal(sh_minisign_verify(&sk->pub, 1, msg, 7, s, strlen(s),
	    &v, &e), -1);
	assert_err_contains(e, "trailing data");
	sig.len -= 6;
	s = sh_buf_cstr(&sig);
	t = replace_line(s, 2, "trusted: kind:test");
	assert_int_equal(sh_minisign_verify(&sk->pub, 1, msg, 7, t, strlen(t),
	    &v, &e), -1);
	assert_err_contains(e, "\"trusted comment: \"");
	free(t);
	/* nothing was written to v by any failure */
	assert_int_equal(v.tc_len, (size_t)0x5a5a5a5a5a5a5a5aULL);

	sh_buf_free(&sig);
	sh_minisign_sk_free(sk);
}

static void
trusted_comment_limits(void **state)
{
	struct sh_minisign_sk		*sk;
	struct sh_minisign_verified	 v;
	struct sh_buf			 sig, f;
	struct sh_err			 e;
	char				*tc;

	sk = sh_minisign_keygen(NULL, &e);
	tc = malloc(SH_MINISIGN_TC_MAX + 2);
	memset(tc, 'a', SH_MINISIGN_TC_MAX + 1);
	memcpy(tc, "k:", 2);
	tc[SH_MINISIGN_TC_MAX] = '\0';

	/* exactly the limit signs and verifies */
	sh_buf_init(&sig, false);
	assert_int_equal(sh_minisign_sign(sk, "m", 1, tc, NULL, &sig, &e), 0);
	assert_int_equal(sh_minisign_verify(&sk->pub, 1, "m", 1,
	    (char *)sig.data, sig.len, &v, &e), 0);
	assert_int_equal(v.tc_len, SH_MINISIGN_TC_MAX);
	sh_buf_free(&sig);

	/* one more byte is refused when signing and when parsing */
	tc[SH_MINISIGN_TC_MAX] = 'a';
	tc[SH_MINISIGN_TC_MAX + 1] = '\0';
	sh_buf_init(&sig, false);
	assert_int_equal(sh_minisign_sign(sk, "m", 1, tc, NULL, &sig, &e), -1);
	assert_err_contains(e, "longer than the limit");
	assert_int_equal(sig.len, 0);
	sh_buf_init(&f, false);
	sh_buf_printf(&f, "untrusted comment: x\n"
	    "RUSCTDIS28PLCizz6zxPLTe+AP4WDovOj+COjNJlHsH5a9nu1chetTDKy/SgmaSpjX"
	    "KRDNsv1Ec3zGYfFZzFo3SalraLdHohzQI=\ntrusted comment: %s\n"
	    "UD50BpxIQeGYZwPsyFFP0PANbcMwPNFTFhbC2BLKCgCp1BqZ+WmBiWFSoKbQNCuCu5"
	    "IDxk9V1isLuf1A3mdsAA==\n", tc);
	assert_int_equal(sh_minisign_verify(&sk->pub, 1, "m", 1,
	    (char *)f.data, f.len, &v, &e), -1);
	assert_err_contains(e, "trusted comment longer than the limit");
	sh_buf_free(&f);

	/* more than one line is refused */
	assert_int_equal(sh_minisign_sign(sk, "m", 1, "a:b\nc:d", NULL, &sig,
	    &e), -1);
	assert_err_contains(e, "one line");
	assert_int_equal(sh_minisign_sign(sk, "m", 1, "a:b", "x\ry", &sig,
	    &e), -1);
	assert_err_contains(e, "one line");
	sh_buf_free(&sig);
	free(tc);
	sh_minisign_sk_free(sk);
}

static void
trusted_comment_fields(void **state)
{
	struct sh_minisign_tc	 tc;
	struct sh_buf		 b;
	struct sh_err		 e;
	const char		*v;
	static const char	 good[] =
	    "kind:sheet\tround:R06-kakine\trecipient:age1xyz\tnote:a:b\tempty:";

	assert_int_equal(sh_minisign_tc_parse(good, strlen(good), &tc, &e), 0);
	assert_int_equal(tc.nfields, 5);
	assert_string_equal(sh_minisign_tc_get(&tc, "kind"), "sheet");
	assert_string_equal(sh_minisign_tc_get(&tc, "round"), "R06-kakine");
	assert_string_equal(sh_minisign_tc_get(&tc, "note"), "a:b");
	assert_string_equal(sh_minisign_tc_get(&tc, "empty"), "");
	assert_null(sh_minisign_tc_get(&tc, "rev"));
	assert_int_equal(sh_minisign_tc_require(&tc, "rev", &v, &e), -1);
	assert_err_contains(e, "no \"rev\" field");
	assert_int_equal(sh_minisign_tc_require(&tc, "kind", &v, &e), 0);
	assert_string_equal(v, "sheet");

	/* refused: duplicates, a field without a colon (minisign's own
	 * "hashed" flag), empty keys, empty fields, bad keys, controls */
	assert_int_equal(sh_minisign_tc_parse("a:1\tb:2\ta:3", 11, &tc, &e), -1);
	assert_err_contains(e, "\"a\" appears twice");
	assert_int_equal(sh_minisign_tc_parse("file:x\thashed", 13, &tc, &e), -1);
	assert_err_contains(e, "not key:value");
	assert_int_equal(sh_minisign_tc_parse(":v", 2, &tc, &e), -1);
	assert_int_equal(sh_minisign_tc_parse("a:1\t", 4, &tc, &e), -1);
	assert_int_equal(sh_minisign_tc_parse("a:1\t\tb:2", 8, &tc, &e), -1);
	assert_int_equal(sh_minisign_tc_parse("k y:v", 5, &tc, &e), -1);
	assert_int_equal(sh_minisign_tc_parse("k:\x1b[2J", 6, &tc, &e), -1);
	assert_int_equal(sh_minisign_tc_parse("k:\xff", 3, &tc, &e), -1);
	assert_int_equal(sh_minisign_tc_parse("k:a\0b", 5, &tc, &e), -1);
	assert_int_equal(sh_minisign_tc_parse("", 0, &tc, &e), -1);

	sh_buf_init(&b, false);
	assert_int_equal(sh_minisign_tc_add(&b, "kind", "sheet", &e), 0);
	assert_int_equal(sh_minisign_tc_add(&b, "kind", "package", &e), -1);
	assert_err_contains(e, "twice");
	assert_int_equal(sh_minisign_tc_add(&b, "k\tx", "v", &e), -1);
	assert_int_equal(sh_minisign_tc_add(&b, "note", "a\tb", &e), -1);
	assert_int_equal(sh_minisign_tc_add(&b, "note", "a\nb", &e), -1);
	assert_string_equal(sh_buf_cstr(&b), "kind:sheet");
	sh_buf_free(&b);
}

static void
passphrase_file(void **state)
{
	struct sh_buf	 pw;
	struct sh_err	 e;
	char		*dir, *path;

	dir = tu_tmpdir("minisign-pass");
	assert_true(asprintf(&path, "%s/pass", dir) > 0);
	tu_write(path, "s3cret pass\r\n", 13);
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(sh_passphrase_read_file(path, &pw, &e), 0);
	assert_true(pw.secret);
	assert_int_equal(pw.len, 11);
	assert_memory_equal(pw.data, "s3cret pass", 11);
	sh_buf_free(&pw);

	tu_write(path, "one\ntwo\n", 8);
	assert_int_equal(sh_passphrase_read_file(path, &pw, &e), -1);
	assert_err_contains(e, "more than one line");
	tu_write(path, "", 0);
	assert_int_equal(sh_passphrase_read_file(path, &pw, &e), -1);
	assert_err_contains(e, "empty");
	tu_write(path, "pw\n", 3);
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(sh_passphrase_read_file(path, &pw, &e), -1);
	assert_err_contains(e, "readable by group or others (mode 0640)");
	assert_int_equal(pw.len, 0);
	free(path);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kat_prehashed_verifies),
		cmocka_unit_test(kat_legacy_refused),
		cmocka_unit_test(kat_pk_file),
		cmocka_unit_test(stock_key_signs_like_stock),
		cmocka_unit_test(pk_roundtrip),
		cmocka_unit_test(pk_refuses_damage),
		cmocka_unit_test(sk_roundtrip),
		cmocka_unit_test(sk_refuses_damage),
		cmocka_unit_test(sk_file_modes),
		cmocka_unit_test(sign_verify_roundtrip),
		cmocka_unit_test(sig_refuses_damage),
		cmocka_unit_test(trusted_comment_limits),
		cmocka_unit_test(trusted_comment_fields),
		cmocka_unit_test(passphrase_file),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
