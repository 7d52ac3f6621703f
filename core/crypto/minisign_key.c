/* minisign public and secret key files. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "crypto/minisign.h"
#include "crypto/minisign_int.h"

#define PK_BLOB		(2 + SH_MINISIGN_KEYNUMBYTES + SH_MINISIGN_PKBYTES)
#define SALTBYTES	crypto_pwhash_scryptsalsa208sha256_SALTBYTES
#define CHKBYTES	crypto_generichash_BYTES
/* keynum || sk || chk: the part that is encrypted */
#define KSK_BYTES	(SH_MINISIGN_KEYNUMBYTES + SH_MINISIGN_SKBYTES + CHKBYTES)
#define SK_BLOB		(2 + 2 + 2 + SALTBYTES + 8 + 8 + KSK_BYTES)
/* offsets in the secret key blob */
#define SK_SIGALG	0
#define SK_KDFALG	2
#define SK_CHKALG	4
#define SK_SALT		6
#define SK_OPS		(SK_SALT + SALTBYTES)
#define SK_MEM		(SK_OPS + 8)
#define SK_KSK		(SK_MEM + 8)
#define KSK_KEYNUM	0
#define KSK_SK		SH_MINISIGN_KEYNUMBYTES
#define KSK_CHK		(KSK_SK + SH_MINISIGN_SKBYTES)

const struct sh_minisign_kdf sh_minisign_kdf_default = {
	crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_SENSITIVE,
	crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_SENSITIVE,
};

static const unsigned char kdf_none[2] = { 0, 0 };

bool
sh_minisign_id_valid(const char *id)
{
	size_t	i, n = strlen(id);

	if (n == 0 || n > SH_MINISIGN_ID_MAX)
		return false;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)id[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		    c == '-' || c == '@' || c == '+'))
			return false;
	}
	return true;
}

/* Finds a valid "id:<id>" word in an untrusted comment. */
static void
comment_id(const char *c, size_t len, char id[SH_MINISIGN_ID_MAX + 1])
{
	const char	*p = c, *end = c + len, *w;
	size_t		 n;

	id[0] = '\0';
	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		w = p;
		while (p < end && *p != ' ')
			p++;
		n = (size_t)(p - w);
		if (n > 3 && n - 3 <= SH_MINISIGN_ID_MAX &&
		    memcmp(w, "id:", 3) == 0) {
			memcpy(id, w + 3, n - 3);
			id[n - 3] = '\0';
			if (sh_minisign_id_valid(id))
				return;
			id[0] = '\0';
		}
	}
}

void
sh_minisign_keynum_hex(const unsigned char keynum[SH_MINISIGN_KEYNUMBYTES],
    char out[17])
{
	snprintf(out, 17, "%" PRIX64, sh_ms_le64_load(keynum));
}

static void
pk_blob(const struct sh_minisign_pk *pk, unsigned char blob[PK_BLOB])
{
	memcpy(blob, "Ed", 2);
	memcpy(blob + 2, pk->keynum, SH_MINISIGN_KEYNUMBYTES);
	memcpy(blob + 2 + SH_MINISIGN_KEYNUMBYTES, pk->pk, SH_MINISIGN_PKBYTES);
}

void
sh_minisign_pk_base64(const struct sh_minisign_pk *pk,
    char out[SH_MINISIGN_PK_B64_LEN + 1])
{
	unsigned char	blob[PK_BLOB];

	pk_blob(pk, blob);
	sodium_bin2base64(out, SH_MINISIGN_PK_B64_LEN + 1, blob, sizeof blob,
	    sodium_base64_VARIANT_ORIGINAL);
}

void
sh_minisign_pk_fingerprint(const struct sh_minisign_pk *pk,
    char out[SH_MINISIGN_FPR_LEN + 1])
{
	static const char	 hex[] = "0123456789ABCDEF";
	unsigned char		 blob[PK_BLOB], h[16];
	char			*o = out;
	size_t			 i;

	pk_blob(pk, blob);
	crypto_generichash(h, sizeof h, blob, sizeof blob, NULL, 0);
	for (i = 0; i < sizeof h; i++) {
		if (i > 0 && i % 2 == 0)
			*o++ = ' ';
		*o++ = hex[h[i] >> 4];
		*o++ = hex[h[i] & 0xf];
	}
	*o = '\0';
}

bool
sh_minisign_pk_equal(const struct sh_minisign_pk *a,
    const struct sh_minisign_pk *b)
{
	return memcmp(a->keynum, b->keynum, sizeof a->keynum) == 0 &&
	    memcmp(a->pk, b->pk, sizeof a->pk) == 0;
}

/*
 * Splits a two-line key file into its comment (after the prefix) and its
 * base64 line. Anything after the second line but a line end is refused.
 */
static int
key_lines(const char *text, size_t len, const char **comment,
    size_t *commentlen, const char **b64, size_t *b64len, struct sh_err *err)
{
	const char	*p = text, *end = text + len;
	const char	*l;
	size_t		 n;
	size_t		 pfx = strlen(SH_MS_UC_PREFIX);

	if (sh_ms_next_line(&p, end, &l, &n, pfx + SH_MINISIGN_COMMENT_MAX) != 1)
		return sh_errf(err, "first line missing or too long");
	if (n < pfx || memcmp(l, SH_MS_UC_PREFIX, pfx) != 0)
		return sh_errf(err, "first line does not start with "
		    "\"untrusted comment: \"");
	*comment = l + pfx;
	*commentlen = n - pfx;
	if (sh_ms_next_line(&p, end, b64, b64len, 512) != 1)
		return sh_errf(err, "key line missing or too long");
	if (p != end)
		return sh_errf(err, "trailing data after the key");
	return 0;
}

int
sh_minisign_pk_parse(const char *text, size_t len, struct sh_minisign_pk *out,
    struct sh_err *err)
{
	struct sh_minisign_pk	 pk;
	unsigned char		 blob[PK_BLOB];
	const char		*comment = NULL, *b64, *p, *end = text + len;
	size_t			 commentlen = 0, b64len;

	memset(&pk, 0, sizeof pk);
	if (len >= strlen(SH_MS_UC_PREFIX) &&
	    memcmp(text, SH_MS_UC_PREFIX, strlen(SH_MS_UC_PREFIX)) == 0) {
		if (key_lines(text, len, &comment, &commentlen, &b64, &b64len,
		    err) != 0)
			return sh_err_prefix(err, "public key");
	} else {
		/* a bare base64 key, as `minisign -P` takes */
		p = text;
		if (sh_ms_next_line(&p, end, &b64, &b64len, 512) != 1 ||
		    p != end)
			return sh_errf(err, "public key: not a minisign "
			    "public key (neither a .pub file nor base64)");
	}
	if (sh_ms_b64_decode(b64, b64len, blob, sizeof blob, "public key",
	    err) != 0) {
		if (b64len == 212)
			sh_err_prefix(err, "a secret key where a public key "
			    "was expected");
		return -1;
	}
	if (memcmp(blob, "Ed", 2) != 0)
		return sh_errf(err, "public key: unsupported signature "
		    "algorithm 0x%02x%02x (only Ed25519, \"Ed\")",
		    blob[0], blob[1]);
	memcpy(pk.keynum, blob + 2, SH_MINISIGN_KEYNUMBYTES);
	memcpy(pk.pk, blob + 2 + SH_MINISIGN_KEYNUMBYTES, SH_MINISIGN_PKBYTES);
	if (comment != NULL)
		comment_id(comment, commentlen, pk.id);
	*out = pk;
	return 0;
}

int
sh_minisign_pk_read_file(const char *path, struct sh_minisign_pk *out,
    struct sh_err *err)
{
	struct sh_buf	b;
	int		rc;

	sh_buf_init(&b, false);
	if (sh_ms_read_file(path, SH_MINISIGN_KEYFILE_MAX, false, &b, err) != 0)
		return -1;
	rc = sh_minisign_pk_parse((const char *)b.data, b.len, out, err);
	sh_buf_free(&b);
	if (rc != 0)
		return sh_err_prefix(err, "%s", path);
	return 0;
}

int
sh_minisign_pk_format(const struct sh_minisign_pk *pk, struct sh_buf *out,
    struct sh_err *err)
{
	unsigned char	blob[PK_BLOB];
	size_t		mark = out->len;
	int		rc;

	if (pk->id[0] != '\0' && !sh_minisign_id_valid(pk->id))
		return sh_errf(err, "public key: invalid id");
	/* minisign 0.11 prints the keynum without leading zeros here */
	rc = sh_buf_printf(out, SH_MS_UC_PREFIX "minisign public key %" PRIX64,
	    sh_ms_le64_load(pk->keynum));
	if (rc == 0 && pk->id[0] != '\0')
		rc = sh_buf_printf(out, " id:%s", pk->id);
	if (rc == 0)
		rc = sh_buf_append_str(out, "\n");
	pk_blob(pk, blob);
	if (rc == 0)
		rc = sh_ms_b64_append_line(out, blob, sizeof blob);
	if (rc != 0) {
		out->len = mark;
		return sh_errf(err, "out of memory");
	}
	return 0;
}

int
sh_minisign_pk_write_file(const char *path, const struct sh_minisign_pk *pk,
    struct sh_err *err)
{
	struct sh_buf	b;
	int		rc;

	sh_buf_init(&b, false);
	if (sh_minisign_pk_format(pk, &b, err) != 0)
		return sh_err_prefix(err, "%s", path);
	rc = sh_write_file_atomic(path, b.data, b.len, 0644, err);
	sh_buf_free(&b);
	return rc;
}

static struct sh_minisign_sk *
sk_alloc(struct sh_err *err)
{
	struct sh_minisign_sk	*sk;

	if (sh_ms_init(err) != 0)
		return NULL;
	if ((sk = sodium_malloc(sizeof *sk)) == NULL) {
		sh_errf(err, "out of memory for a secret key");
		return NULL;
	}
	memset(sk, 0, sizeof *sk);
	return sk;
}

void
sh_minisign_sk_free(struct sh_minisign_sk *sk)
{
	/* sodium_free wipes the memory before releasing it */
	if (sk != NULL)
		sodium_free(sk);
}

struct sh_minisign_sk *
sh_minisign_keygen(const char *id, struct sh_err *err)
{
	struct sh_minisign_sk	*sk;

	if (id != NULL && id[0] != '\0' && !sh_minisign_id_valid(id)) {
		sh_errf(err, "invalid id \"%.80s\": use 1 to %d of "
		    "A-Z a-z 0-9 . _ - @ +", id, SH_MINISIGN_ID_MAX);
		return NULL;
	}
	if ((sk = sk_alloc(err)) == NULL)
		return NULL;
	/*
	 * Stock minisign 0.11 prints a key id without leading zeros, 0.12
	 * and later with them: a key id whose first hex digit is not 0
	 * reads the same in both, and in shinsa.
	 */
	do
		randombytes_buf(sk->pub.keynum, sizeof sk->pub.keynum);
	while (sk->pub.keynum[SH_MINISIGN_KEYNUMBYTES - 1] < 0x10);
	if (crypto_sign_keypair(sk->pub.pk, sk->sk) != 0) {
		sh_minisign_sk_free(sk);
		sh_errf(err, "cannot make a key pair");
		return NULL;
	}
	if (id != NULL)
		snprintf(sk->pub.id, sizeof sk->pub.id, "%s", id);
	return sk;
}

static void
sk_checksum(const unsigned char *ksk, unsigned char chk[CHKBYTES])
{
	crypto_generichash_state	hs;

	crypto_generichash_init(&hs, NULL, 0, CHKBYTES);
	crypto_generichash_update(&hs, (const unsigned char *)"Ed", 2);
	crypto_generichash_update(&hs, ksk + KSK_KEYNUM, SH_MINISIGN_KEYNUMBYTES);
	crypto_generichash_update(&hs, ksk + KSK_SK, SH_MINISIGN_SKBYTES);
	crypto_generichash_final(&hs, chk, CHKBYTES);
	sodium_memzero(&hs, sizeof hs);
}

/* XORs the keynum/sk/chk block with scrypt(pass, salt) under the limits. */
static int
sk_crypt(unsigned char *blob, const unsigned char *pass, size_t passlen,
    uint64_t ops, uint64_t mem, struct sh_err *err)
{
	unsigned char	*stream;
	size_t		 i;

	if ((stream = sodium_malloc(KSK_BYTES)) == NULL)
		return sh_errf(err, "out of memory");
	if (crypto_pwhash_scryptsalsa208sha256(stream, KSK_BYTES,
	    (const char *)pass, passlen, blob + SK_SALT,
	    (unsigned long long)ops, (size_t)mem) != 0) {
		sodium_free(stream);
		return sh_errf(err, "scrypt failed (it needs %" PRIu64
		    " MiB of memory)", mem >> 20);
	}
	for (i = 0; i < KSK_BYTES; i++)
		blob[SK_KSK + i] ^= stream[i];
	sodium_free(stream);
	return 0;
}

/* As sh_minisign_sk_parse(); *wrong (if not NULL) says the passphrase was. */
static struct sh_minisign_sk *
sk_parse(const char *text, size_t len, const unsigned char *pass,
    size_t passlen, bool *wrong, struct sh_err *err)
{
	struct sh_minisign_sk	*sk = NULL;
	unsigned char		*blob = NULL;
	unsigned char		 chk[CHKBYTES], pkcheck[SH_MINISIGN_PKBYTES];
	unsigned char		 zero[CHKBYTES];
	const char		*comment, *b64;
	size_t			 commentlen, b64len;
	bool			 protected;
	uint64_t		 ops, mem;

	if (wrong != NULL)
		*wrong = false;
	if (sh_ms_init(err) != 0)
		return NULL;
	if (key_lines(text, len, &comment, &commentlen, &b64, &b64len,
	    err) != 0) {
		sh_err_prefix(err, "secret key");
		return NULL;
	}
	if ((blob = sodium_malloc(SK_BLOB)) == NULL) {
		sh_errf(err, "out of memory");
		return NULL;
	}
	if (sh_ms_b64_decode(b64, b64len, blob, SK_BLOB, "secret key",
	    err) != 0) {
		if (b64len == 56)
			sh_err_prefix(err, "a public key where a secret key "
			    "was expected");
		goto fail;
	}
	if (memcmp(blob + SK_SIGALG, "Ed", 2) != 0) {
		sh_errf(err, "secret key: unsupported signature algorithm "
		    "0x%02x%02x (only Ed25519, \"Ed\")", blob[0], blob[1]);
		goto fail;
	}
	if (memcmp(blob + SK_CHKALG, "B2", 2) != 0) {
		sh_errf(err, "secret key: unsupported checksum algorithm "
		    "0x%02x%02x (only BLAKE2b, \"B2\")",
		    blob[SK_CHKALG], blob[SK_CHKALG + 1]);
		goto fail;
	}
	if (memcmp(blob + SK_KDFALG, "Sc", 2) == 0)
		protected = true;
	else if (memcmp(blob + SK_KDFALG, kdf_none, 2) == 0)
		protected = false;
	else {
		sh_errf(err, "secret key: unsupported key derivation "
		    "0x%02x%02x (only scrypt, \"Sc\", or none)",
		    blob[SK_KDFALG], blob[SK_KDFALG + 1]);
		goto fail;
	}
	if (protected) {
		ops = sh_ms_le64_load(blob + SK_OPS);
		mem = sh_ms_le64_load(blob + SK_MEM);
		if (ops > sh_minisign_kdf_default.opslimit ||
		    mem > sh_minisign_kdf_default.memlimit) {
			sh_errf(err, "secret key: scrypt limits (opslimit %"
			    PRIu64 ", memlimit %" PRIu64 ") above minisign's",
			    ops, mem);
			goto fail;
		}
		if (pass == NULL) {
			sh_errf(err, "secret key: passphrase required");
			goto fail;
		}
		if (passlen > SH_MINISIGN_PASS_MAX) {
			sh_errf(err, "passphrase longer than %d bytes",
			    SH_MINISIGN_PASS_MAX);
			goto fail;
		}
		if (sk_crypt(blob, pass, passlen, ops, mem, err) != 0)
			goto fail;
	}
	sk_checksum(blob + SK_KSK, chk);
	memset(zero, 0, sizeof zero);
	if (sodium_memcmp(chk, blob + SK_KSK + KSK_CHK, CHKBYTES) != 0 &&
	    (protected ||
	    sodium_memcmp(zero, blob + SK_KSK + KSK_CHK, CHKBYTES) != 0)) {
		/*
		 * Stock `minisign -G -W` leaves the checksum of an
		 * unprotected key zero; any other mismatch is an error.
		 */
		if (protected) {
			sh_errf(err, "wrong passphrase");
			if (wrong != NULL)
				*wrong = true;
		} else
			sh_errf(err, "secret key: checksum mismatch; the key "
			    "is damaged");
		goto fail;
	}
	/* The public half must be the one the seed gives. */
	crypto_sign_ed25519_sk_to_pk(pkcheck, blob + SK_KSK + KSK_SK);
	{
		unsigned char	seedpk[SH_MINISIGN_PKBYTES];
		unsigned char	*tmpsk;

		if ((tmpsk = sodium_malloc(SH_MINISIGN_SKBYTES)) == NULL) {
			sh_errf(err, "out of memory");
			goto fail;
		}
		crypto_sign_seed_keypair(seedpk, tmpsk, blob + SK_KSK + KSK_SK);
		sodium_free(tmpsk);
		if (memcmp(seedpk, pkcheck, sizeof seedpk) != 0) {
			sh_errf(err, "secret key: its public half does not "
			    "match its seed; the key is damaged");
			goto fail;
		}
	}
	if ((sk = sk_alloc(err)) == NULL)
		goto fail;
	memcpy(sk->pub.keynum, blob + SK_KSK + KSK_KEYNUM, SH_MINISIGN_KEYNUMBYTES);
	memcpy(sk->sk, blob + SK_KSK + KSK_SK, SH_MINISIGN_SKBYTES);
	memcpy(sk->pub.pk, pkcheck, SH_MINISIGN_PKBYTES);
	comment_id(comment, commentlen, sk->pub.id);
	sk->was_protected = protected;
	sodium_free(blob);
	sodium_memzero(chk, sizeof chk);
	return sk;
fail:
	sodium_memzero(chk, sizeof chk);
	if (blob != NULL)
		sodium_free(blob);
	return NULL;
}

struct sh_minisign_sk *
sh_minisign_sk_parse(const char *text, size_t len, const unsigned char *pass,
    size_t passlen, struct sh_err *err)
{
	return sk_parse(text, len, pass, passlen, NULL, err);
}

struct sh_minisign_sk *
sh_ms_sk_read_file(const char *path, const unsigned char *pass,
    size_t passlen, bool *wrong, struct sh_err *err)
{
	struct sh_minisign_sk	*sk;
	struct sh_buf		 b;

	if (wrong != NULL)
		*wrong = false;
	sh_buf_init(&b, true);
	if (sh_ms_read_file(path, SH_MINISIGN_KEYFILE_MAX, true, &b, err) != 0)
		return NULL;
	sk = sk_parse((const char *)b.data, b.len, pass, passlen, wrong, err);
	sh_buf_free(&b);
	if (sk == NULL)
		sh_err_prefix(err, "%s", path);
	return sk;
}

struct sh_minisign_sk *
sh_minisign_sk_read_file(const char *path, const unsigned char *pass,
    size_t passlen, struct sh_err *err)
{
	return sh_ms_sk_read_file(path, pass, passlen, NULL, err);
}

int
sh_minisign_sk_format(const struct sh_minisign_sk *sk,
    const unsigned char *pass, size_t passlen,
    const struct sh_minisign_kdf *kdf, struct sh_buf *out, struct sh_err *err)
{
	unsigned char	*blob;
	size_t		 mark = out->len;
	int		 rc;

	if (sh_ms_init(err) != 0)
		return -1;
	if (kdf == NULL)
		kdf = &sh_minisign_kdf_default;
	if (pass != NULL && passlen == 0)
		return sh_errf(err, "empty passphrase");
	if (pass != NULL && passlen > SH_MINISIGN_PASS_MAX)
		return sh_errf(err, "passphrase longer than %d bytes",
		    SH_MINISIGN_PASS_MAX);
	if (sk->pub.id[0] != '\0' && !sh_minisign_id_valid(sk->pub.id))
		return sh_errf(err, "secret key: invalid id");
	if ((blob = sodium_malloc(SK_BLOB)) == NULL)
		return sh_errf(err, "out of memory");
	memset(blob, 0, SK_BLOB);
	memcpy(blob + SK_SIGALG, "Ed", 2);
	memcpy(blob + SK_CHKALG, "B2", 2);
	memcpy(blob + SK_KSK + KSK_KEYNUM, sk->pub.keynum,
	    SH_MINISIGN_KEYNUMBYTES);
	memcpy(blob + SK_KSK + KSK_SK, sk->sk, SH_MINISIGN_SKBYTES);
	/* Unlike stock -W, unprotected keys get a checksum too. */
	sk_checksum(blob + SK_KSK, blob + SK_KSK + KSK_CHK);
	if (pass != NULL) {
		memcpy(blob + SK_KDFALG, "Sc", 2);
		randombytes_buf(blob + SK_SALT, SALTBYTES);
		sh_ms_le64_store(blob + SK_OPS, kdf->opslimit);
		sh_ms_le64_store(blob + SK_MEM, kdf->memlimit);
		if (sk_crypt(blob, pass, passlen, kdf->opslimit, kdf->memlimit,
		    err) != 0) {
			sodium_free(blob);
			return -1;
		}
	} else
		memcpy(blob + SK_KDFALG, kdf_none, 2);
	rc = sh_buf_printf(out, SH_MS_UC_PREFIX "minisign %s secret key",
	    pass != NULL ? "encrypted" : "unencrypted");
	if (rc == 0 && sk->pub.id[0] != '\0')
		rc = sh_buf_printf(out, " id:%s", sk->pub.id);
	if (rc == 0)
		rc = sh_buf_append_str(out, "\n");
	if (rc == 0)
		rc = sh_ms_b64_append_line(out, blob, SK_BLOB);
	sodium_free(blob);
	if (rc != 0) {
		if (out->data != NULL)
			sodium_memzero(out->data + mark, out->len - mark);
		out->len = mark;
		return sh_errf(err, "out of memory");
	}
	return 0;
}

int
sh_minisign_sk_write_file(const char *path, const struct sh_minisign_sk *sk,
    const unsigned char *pass, size_t passlen, struct sh_err *err)
{
	struct sh_buf	b;
	int		rc;

	sh_buf_init(&b, true);
	if (sh_minisign_sk_format(sk, pass, passlen, NULL, &b, err) != 0)
		return sh_err_prefix(err, "%s", path);
	rc = sh_write_file_atomic(path, b.data, b.len, 0600, err);
	sh_buf_free(&b);
	return rc;
}

int
sh_minisign_key_file_kind(const char *path, enum sh_minisign_kind *kind,
    bool *protected_out, struct sh_err *err)
{
	struct sh_buf	 b;
	struct sh_err	 e2;
	unsigned char	 alg[6 + 3];
	const char	*comment, *b64;
	size_t		 commentlen, b64len, got;
	int		 rc = -1;

	sh_buf_init(&b, true);
	if (sh_ms_read_file(path, SH_MINISIGN_KEYFILE_MAX, false, &b, err) != 0)
		return -1;
	if (sh_minisign_pk_parse((const char *)b.data, b.len,
	    &(struct sh_minisign_pk){ .id = "" }, &e2) == 0) {
		*kind = SH_MINISIGN_PUBLIC;
		if (protected_out != NULL)
			*protected_out = false;
		rc = 0;
		goto out;
	}
	if (key_lines((const char *)b.data, b.len, &comment, &commentlen,
	    &b64, &b64len, err) != 0 || b64len != 212) {
		sh_errf(err, "%s: neither a minisign public nor secret key",
		    path);
		goto out;
	}
	/* The first 6 bytes (8 base64 characters) name the algorithms. */
	if (sodium_base642bin(alg, sizeof alg, b64, 8, NULL, &got, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0 || got != 6) {
		sh_errf(err, "%s: secret key: invalid base64", path);
		goto out;
	}
	sh_buf_free(&b);
	/* Now the mode check, and a full parse, on the real file. */
	sh_buf_init(&b, true);
	if (sh_ms_read_file(path, SH_MINISIGN_KEYFILE_MAX, true, &b, err) != 0)
		return -1;
	*kind = SH_MINISIGN_SECRET;
	if (protected_out != NULL)
		*protected_out = memcmp(alg + SK_KDFALG, kdf_none, 2) != 0;
	rc = 0;
out:
	sh_buf_free(&b);
	return rc;
}
