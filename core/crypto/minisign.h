/*
 * minisign keys and detached signatures, byte for byte the formats of
 * minisign 0.11, so that stock `minisign -V` verifies what shinsa signs and
 * a key made by stock `minisign -G` works in shinsa.
 *
 * Public key file (two lines):
 *	untrusted comment: minisign public key <KEYNUM> [id:<id>]
 *	base64("Ed" || keynum[8] || pk[32])
 *
 * Secret key file (two lines; the second is base64 of 158 bytes):
 *	"Ed" || kdf "Sc" (scrypt) or "\0\0" (unprotected) || "B2" ||
 *	salt[32] || opslimit LE64 || memlimit LE64 ||
 *	( keynum[8] || sk[64] || BLAKE2b-256("Ed" || keynum || sk) )
 * where the parenthesised 104 bytes are XORed with scrypt(passphrase)
 * when the kdf is "Sc". The checksum is verified after decryption, which
 * is how a wrong passphrase is told apart from a good one. Stock
 * `minisign -G -W` leaves the checksum of an unprotected key zero; such a
 * key is accepted when its public half matches its seed.
 *
 * Signature file (four lines):
 *	untrusted comment: <anything, not authenticated>
 *	base64("ED" || keynum[8] || Ed25519(BLAKE2b-512(message)))
 *	trusted comment: <one line>
 *	base64(Ed25519(signature[64] || trusted comment))
 *
 * shinsa signs only prehashed "ED" signatures and verifies only those,
 * as if `minisign -V -H` were always given: a legacy "Ed" signature is
 * refused with its reason. The keynum in a signature only selects which
 * pinned key to try; the full public key verifies both the signature and
 * the global signature over the trusted comment.
 *
 * The trusted comment carries what a signature is about, as tab-separated
 * key:value fields (`kind:sheet<TAB>round:R06-kakine<TAB>rev:3`); see
 * struct sh_minisign_tc.
 *
 * Ownership: struct sh_minisign_pk, sh_minisign_sig, sh_minisign_verified
 * and sh_minisign_tc are plain values the caller owns (on the stack is
 * fine; they hold no pointers). A struct sh_minisign_sk is always made by
 * this module in sodium_malloc memory (guard pages, locked, wiped) and
 * must be released with sh_minisign_sk_free(). Output text goes to a
 * caller-owned struct sh_buf, appended to. No function changes its
 * output arguments when it fails.
 */
#ifndef SHINSA_CRYPTO_MINISIGN_H
#define SHINSA_CRYPTO_MINISIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#include "base/buf.h"
#include "base/err.h"

#define SH_MINISIGN_KEYNUMBYTES	8
#define SH_MINISIGN_PKBYTES	32
#define SH_MINISIGN_SKBYTES	64
#define SH_MINISIGN_SIGBYTES	64
#define SH_MINISIGN_HASHBYTES	64	/* BLAKE2b-512 prehash */

/* A person or role id: [A-Za-z0-9._@+-], 1..64 bytes. */
#define SH_MINISIGN_ID_MAX	64
/*
 * Untrusted comments (after "untrusted comment: "). Stock minisign reads
 * them into a 1024-byte line and warns above about 1000.
 */
#define SH_MINISIGN_COMMENT_MAX	1000
/*
 * Trusted comments (after "trusted comment: "): minisign's 8192-byte line
 * minus the prefix, a CR LF and the NUL, so that stock minisign reads any
 * trusted comment shinsa writes or accepts.
 */
#define SH_MINISIGN_TC_MAX	8172
/* Passphrases, as in minisign (PASSWORDMAXBYTES less the NUL). */
#define SH_MINISIGN_PASS_MAX	1023
/* Files are read with these limits; anything larger is not ours. */
#define SH_MINISIGN_KEYFILE_MAX	4096
#define SH_MINISIGN_SIGFILE_MAX	12288
/* "XXXX XXXX XXXX XXXX XXXX XXXX XXXX XXXX" and NUL */
#define SH_MINISIGN_FPR_LEN	39
/* Base64 of the 42-byte public key (what `minisign -P` takes), and NUL */
#define SH_MINISIGN_PK_B64_LEN	56

struct sh_minisign_pk {
	unsigned char	keynum[SH_MINISIGN_KEYNUMBYTES];
	unsigned char	pk[SH_MINISIGN_PKBYTES];
	/* From the untrusted comment's id: token; "" if none. Not authenticated. */
	char		id[SH_MINISIGN_ID_MAX + 1];
};

/* Always in sodium_malloc memory; see sh_minisign_sk_free(). */
struct sh_minisign_sk {
	struct sh_minisign_pk	pub;		/* keynum, pk and id */
	unsigned char		sk[SH_MINISIGN_SKBYTES];	/* seed || pk */
	bool			was_protected;	/* as read from its file */
};

/* scrypt limits for protecting a secret key. */
struct sh_minisign_kdf {
	uint64_t	opslimit;
	uint64_t	memlimit;
};

/* minisign's own: OPSLIMIT_SENSITIVE, MEMLIMIT_SENSITIVE (1 GiB). */
extern const struct sh_minisign_kdf sh_minisign_kdf_default;

/* ---- public keys ---- */

/*
 * Parses a public key: a whole .pub file (comment line, base64 line, an
 * optional final newline) or the bare base64 string `minisign -P` takes.
 */
int	sh_minisign_pk_parse(const char *text, size_t len,
	    struct sh_minisign_pk *out, struct sh_err *err);
int	sh_minisign_pk_read_file(const char *path, struct sh_minisign_pk *out,
	    struct sh_err *err);
/* Appends the .pub file text (with the id token if pk->id is set). */
int	sh_minisign_pk_format(const struct sh_minisign_pk *pk,
	    struct sh_buf *out, struct sh_err *err);
/* Writes a .pub file atomically, mode 0644. */
int	sh_minisign_pk_write_file(const char *path,
	    const struct sh_minisign_pk *pk, struct sh_err *err);
/* The base64 line alone, for `minisign -P`. */
void	sh_minisign_pk_base64(const struct sh_minisign_pk *pk,
	    char out[SH_MINISIGN_PK_B64_LEN + 1]);
/*
 * The keynum (key id) as the stock minisign of the platform (0.11) prints
 * it, in the comment line of a public key file and in its messages:
 * upper-case hex without leading zeros, so that a person comparing the
 * two sees one string. (minisign 0.12 pads to 16 digits; keys made here
 * never start with a 0 digit, so theirs read the same in both.)
 */
void	sh_minisign_keynum_hex(const unsigned char keynum[SH_MINISIGN_KEYNUMBYTES],
	    char out[17]);
/*
 * A fingerprint to read aloud: BLAKE2b with a 16-byte output over the
 * 42-byte public key ("Ed" || keynum || pk), as 8 groups of 4 upper-case
 * hex digits separated by spaces.
 */
void	sh_minisign_pk_fingerprint(const struct sh_minisign_pk *pk,
	    char out[SH_MINISIGN_FPR_LEN + 1]);
bool	sh_minisign_pk_equal(const struct sh_minisign_pk *a,
	    const struct sh_minisign_pk *b);
/* True if id is a valid person or role id (see SH_MINISIGN_ID_MAX). */
bool	sh_minisign_id_valid(const char *id);

/* ---- secret keys ---- */

/* A new key pair with a random keynum; id may be NULL or "". */
struct sh_minisign_sk *sh_minisign_keygen(const char *id, struct sh_err *err);
void	sh_minisign_sk_free(struct sh_minisign_sk *sk);

/*
 * Parses a secret key file's text. pass may be NULL only for an
 * unprotected key; a protected one then fails with "passphrase required".
 * A checksum mismatch after decryption is reported as "wrong passphrase".
 * kdf limits above minisign's defaults are refused (they only cost time).
 */
struct sh_minisign_sk *sh_minisign_sk_parse(const char *text, size_t len,
	    const unsigned char *pass, size_t passlen, struct sh_err *err);
/*
 * Reads a secret key file, refusing it if it is not a regular file or if
 * group or others may read or write it:
 *	key.sec: readable by group or others (mode 0644); chmod 600 it
 */
struct sh_minisign_sk *sh_minisign_sk_read_file(const char *path,
	    const unsigned char *pass, size_t passlen, struct sh_err *err);
/*
 * Appends the secret key file text. pass NULL writes the key unprotected
 * (kdf "\0\0"), which callers must only do when asked explicitly; an
 * empty passphrase is refused. kdf NULL means sh_minisign_kdf_default.
 * out should be a secret buffer (it only holds the encrypted key when
 * protected, but the unprotected text is the key itself).
 */
int	sh_minisign_sk_format(const struct sh_minisign_sk *sk,
	    const unsigned char *pass, size_t passlen,
	    const struct sh_minisign_kdf *kdf, struct sh_buf *out,
	    struct sh_err *err);
/* Formats with minisign's default limits and writes atomically, mode 0600. */
int	sh_minisign_sk_write_file(const char *path,
	    const struct sh_minisign_sk *sk, const unsigned char *pass,
	    size_t passlen, struct sh_err *err);

enum sh_minisign_kind {
	SH_MINISIGN_PUBLIC = 1,
	SH_MINISIGN_SECRET,
};

/*
 * Tells a public from a secret key file without a passphrase; for a
 * secret key, applies the mode check and says whether it is protected.
 * protected_out may be NULL.
 */
int	sh_minisign_key_file_kind(const char *path, enum sh_minisign_kind *kind,
	    bool *protected_out, struct sh_err *err);

/* ---- signatures ---- */

struct sh_minisign_sig {
	unsigned char	alg[2];
	unsigned char	keynum[SH_MINISIGN_KEYNUMBYTES];
	unsigned char	sig[SH_MINISIGN_SIGBYTES];
	unsigned char	global_sig[SH_MINISIGN_SIGBYTES];
	char		untrusted_comment[SH_MINISIGN_COMMENT_MAX + 1];
	char		trusted_comment[SH_MINISIGN_TC_MAX + 1];
	size_t		tc_len;
};

/* What a good signature tells: which pinned key, and what it is about. */
struct sh_minisign_verified {
	size_t		key_index;	/* into the pks array given */
	char		trusted_comment[SH_MINISIGN_TC_MAX + 1];
	size_t		tc_len;
};

/* BLAKE2b-512, incremental, for signing and verifying streams. */
struct sh_minisign_hash {
	crypto_generichash_state	st;
};

void	sh_minisign_hash_init(struct sh_minisign_hash *h);
void	sh_minisign_hash_update(struct sh_minisign_hash *h, const void *p,
	    size_t n);
void	sh_minisign_hash_final(struct sh_minisign_hash *h,
	    unsigned char out[SH_MINISIGN_HASHBYTES]);

/*
 * Signs and appends a whole .minisig file to out. The trusted comment is
 * one line (no CR, LF or NUL) of at most SH_MINISIGN_TC_MAX bytes; the
 * untrusted comment likewise, at most SH_MINISIGN_COMMENT_MAX, and NULL
 * gives minisign's "signature from minisign secret key".
 */
int	sh_minisign_sign_prehashed(const struct sh_minisign_sk *sk,
	    const unsigned char hash[SH_MINISIGN_HASHBYTES],
	    const char *trusted_comment, const char *untrusted_comment,
	    struct sh_buf *sigfile_out, struct sh_err *err);
int	sh_minisign_sign(const struct sh_minisign_sk *sk, const void *msg,
	    size_t len, const char *trusted_comment,
	    const char *untrusted_comment, struct sh_buf *sigfile_out,
	    struct sh_err *err);
/* Streams the file at path through BLAKE2b. */
int	sh_minisign_sign_file(const struct sh_minisign_sk *sk,
	    const char *path, const char *trusted_comment,
	    const char *untrusted_comment, struct sh_buf *sigfile_out,
	    struct sh_err *err);

/* Parses a .minisig file; accepts only the prehashed "ED" algorithm. */
int	sh_minisign_sig_parse(const char *text, size_t len,
	    struct sh_minisign_sig *out, struct sh_err *err);

/*
 * Verifies against pinned keys: the keynum picks exactly one of pks (no
 * match: "signed by a different key"), whose full key must verify the
 * signature over the hash and the global signature over the trusted
 * comment. Only then is *out filled in (out may be NULL).
 */
int	sh_minisign_verify_prehashed(const struct sh_minisign_pk *pks,
	    size_t npks, const struct sh_minisign_sig *sig,
	    const unsigned char hash[SH_MINISIGN_HASHBYTES],
	    struct sh_minisign_verified *out, struct sh_err *err);
int	sh_minisign_verify(const struct sh_minisign_pk *pks, size_t npks,
	    const void *msg, size_t len, const char *sigfile, size_t siglen,
	    struct sh_minisign_verified *out, struct sh_err *err);
int	sh_minisign_verify_file(const struct sh_minisign_pk *pks, size_t npks,
	    const char *path, const char *sigfile, size_t siglen,
	    struct sh_minisign_verified *out, struct sh_err *err);

/* ---- trusted comments ---- */

#define SH_MINISIGN_TC_FIELDS_MAX	64
#define SH_MINISIGN_TC_KEY_MAX		64

/*
 * A trusted comment split into fields. Fields are separated by one tab;
 * each is key:value split at the first colon. Keys are 1..64 bytes of
 * [A-Za-z0-9._-] and appear at most once; values are UTF-8 without
 * control characters (they may contain colons, and may be empty). The
 * struct holds its own copy of the text, so it may be copied freely.
 */
struct sh_minisign_tc {
	size_t		nfields;
	uint16_t	key_off[SH_MINISIGN_TC_FIELDS_MAX];
	uint16_t	value_off[SH_MINISIGN_TC_FIELDS_MAX];
	char		text[SH_MINISIGN_TC_MAX + 1];
};

int	sh_minisign_tc_parse(const char *tc, size_t len,
	    struct sh_minisign_tc *out, struct sh_err *err);
/* The value of key, or NULL if the comment has no such field. */
const char *sh_minisign_tc_get(const struct sh_minisign_tc *tc,
	    const char *key);
/* Like _get, but a missing field is an error naming it. */
int	sh_minisign_tc_require(const struct sh_minisign_tc *tc,
	    const char *key, const char **value, struct sh_err *err);
/* Appends "key:value" (with a tab first unless b is empty), validated. */
int	sh_minisign_tc_add(struct sh_buf *b, const char *key,
	    const char *value, struct sh_err *err);

#endif
