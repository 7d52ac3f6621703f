/*
 * age v1 (age-encryption.org/v1) with X25519 recipients, interoperable
 * with stock age: a file we encrypt opens with `age -d -i identity`, and
 * a file `age -r age1...` makes opens here.
 *
 * Two ways in:
 *
 *  - whole buffer (sheets, packages): sh_age_decrypt() hands back the
 *    plaintext only once the whole file, every chunk and the end of it,
 *    has been authenticated; on any failure the output is untouched.
 *
 *  - streaming (large files): a source is read in 64 KiB chunks and each
 *    chunk is passed to the sink only after that chunk authenticates. A
 *    later chunk may still fail, so a streaming consumer must treat what
 *    it got as unconfirmed until the call returns 0 (write to a temporary,
 *    rename on success).
 *
 * Keys: struct sh_age_identity holds an X25519 secret key; the caller
 * owns it and should keep it in sodium_malloc memory. The library keeps
 * file keys, derived keys and plaintext chunks in sodium_malloc memory
 * and wipes them. To fill the structs (crypto/agekey.h):
 *
 *	sh_age_x25519_from_ed25519_pk(edpk, rcpt.pk, err)  a person's key
 *	sh_age_recipient_parse("age1...", rcpt.pk, err)
 *	sh_age_x25519_from_ed25519_sk(edsk, id->sk, err)   one's own key
 *	sh_age_identity_parse("AGE-SECRET-KEY-1...", id->sk, err)
 *
 * Only X25519 stanzas are opened; other stanza types (grease, scrypt,
 * ML-KEM) are skipped, except that an scrypt stanza must be alone.
 */
#ifndef SHINSA_CRYPTO_AGE_H
#define SHINSA_CRYPTO_AGE_H

#include <stdio.h>
#include <sys/types.h>

#include "base/buf.h"
#include "base/err.h"

#define SH_AGE_CHUNK		65536	/* plaintext bytes per STREAM chunk */
#define SH_AGE_TAG		16
#define SH_AGE_FILE_KEY		16

/* Limits on what a header may contain; larger headers are refused. */
#define SH_AGE_MAX_HEADER	(256 * 1024)	/* bytes, version to MAC line */
#define SH_AGE_MAX_STANZAS	512
#define SH_AGE_MAX_ARGS		16		/* per stanza, type included */
#define SH_AGE_MAX_BODY		(16 * 1024)	/* decoded bytes per stanza */

struct sh_age_recipient {
	unsigned char	pk[32];		/* X25519 public key */
};

struct sh_age_identity {
	unsigned char	sk[32];		/* X25519 secret key; caller's memory */
};

/* Why a decryption failed, in the categories of the C2SP test vectors. */
enum sh_age_fail {
	SH_AGE_OK = 0,
	SH_AGE_FAIL_HEADER,	/* the header does not parse / is malformed */
	SH_AGE_FAIL_NO_MATCH,	/* no identity unwraps any stanza */
	SH_AGE_FAIL_HMAC,	/* file key found but the header MAC is wrong */
	SH_AGE_FAIL_PAYLOAD,	/* a STREAM chunk or the end of file is wrong */
	SH_AGE_FAIL_IO,		/* source/sink error, no memory, size limit */
};

/*
 * A source of bytes: read() returns the number of bytes read (fewer than
 * len only at the end), 0 at the end, -1 on error (setting err if it can).
 */
struct sh_age_source {
	ssize_t	(*read)(void *arg, unsigned char *buf, size_t len,
		    struct sh_err *err);
	void	*arg;
};

/* A sink: write() takes all len bytes or returns -1. */
struct sh_age_sink {
	int	(*write)(void *arg, const unsigned char *buf, size_t len,
		    struct sh_err *err);
	void	*arg;
};

/* Sources and sinks on stdio streams; the caller keeps owning f. */
void	sh_age_source_file(struct sh_age_source *src, FILE *f);
void	sh_age_sink_file(struct sh_age_sink *snk, FILE *f);

/*
 * Encrypts pt to n recipients (1 <= n <= SH_AGE_MAX_STANZAS), appending
 * the age file to out (plain or secret, caller-initialised and owned).
 * On failure out is as it was.
 */
int	sh_age_encrypt(const struct sh_age_recipient *rcpts, size_t n,
	    const unsigned char *pt, size_t ptlen, struct sh_buf *out,
	    struct sh_err *err);

/*
 * Decrypts a whole age file with any of nids identities. The plaintext,
 * at most `limit` bytes, replaces the contents of pt_out (caller-
 * initialised, normally with secret=true; this function frees what was
 * in it) only after the whole file has been authenticated. On failure
 * pt_out is untouched and err says why ("no identity matches", "age
 * header: line 3: stanza body is not canonical base64", ...).
 * An empty secret pt_out is written in place and keeps its allocation
 * (on failure it is wiped and left empty): a caller decrypting file after
 * file into one buffer maps no new guarded memory for each.
 */
int	sh_age_decrypt(const struct sh_age_identity *ids, size_t nids,
	    const unsigned char *ct, size_t ctlen, size_t limit,
	    struct sh_buf *pt_out, struct sh_err *err);

/* As sh_age_decrypt(), and says which kind of failure (why may be NULL). */
int	sh_age_decrypt_why(const struct sh_age_identity *ids, size_t nids,
	    const unsigned char *ct, size_t ctlen, size_t limit,
	    struct sh_buf *pt_out, enum sh_age_fail *why, struct sh_err *err);

/* Streaming encryption: reads in until its end, writes the age file. */
int	sh_age_encrypt_stream(const struct sh_age_recipient *rcpts, size_t n,
	    const struct sh_age_source *in, const struct sh_age_sink *out,
	    struct sh_err *err);

/*
 * Streaming decryption: each chunk goes to out as soon as it has been
 * authenticated (see above: a 0 return is what confirms the whole file).
 * why (may be NULL) gets the kind of failure.
 */
int	sh_age_decrypt_stream(const struct sh_age_identity *ids, size_t nids,
	    const struct sh_age_source *in, const struct sh_age_sink *out,
	    enum sh_age_fail *why, struct sh_err *err);

#endif
