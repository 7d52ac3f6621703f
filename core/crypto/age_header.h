/*
 * The textual age header, parsed into stanzas without interpreting them:
 *
 *	age-encryption.org/v1
 *	-> X25519 <share>
 *	<body, base64, 64-column lines, ending with a shorter (maybe empty) one>
 *	--- <MAC>
 *
 * Parsing is strict (LF only, canonical unpadded base64, no empty or
 * non-printable arguments) and bounded by the SH_AGE_MAX_* limits in
 * crypto/age.h. Exposed for the fuzz target and the tests.
 */
#ifndef SHINSA_CRYPTO_AGE_HEADER_H
#define SHINSA_CRYPTO_AGE_HEADER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"
#include "crypto/age.h"

#define SH_AGE_VERSION_LINE	"age-encryption.org/v1"
#define SH_AGE_COLUMNS		64	/* base64 characters per body line */

struct sh_age_stanza {
	char		*argbuf;		/* owns the argument strings */
	char		*args[SH_AGE_MAX_ARGS];	/* args[0] is the type */
	size_t		 nargs;
	unsigned char	*body;			/* owned; may be NULL if empty */
	size_t		 bodylen;
	size_t		 line;			/* line number, for messages */
};

/* Owns its stanzas; init before parse, free after. */
struct sh_age_header {
	struct sh_age_stanza	*stanzas;
	size_t			 nstanzas;
	unsigned char		 mac[32];
	size_t			 maclen;	/* bytes the MAC covers (to "---") */
	size_t			 len;		/* header bytes, final LF included */
};

void	sh_age_header_init(struct sh_age_header *h);
void	sh_age_header_free(struct sh_age_header *h);

/*
 * True if p starts as every age file does ("age-encryption.org/"), of
 * whatever version: false tells a file given by mistake (a CSV, a PDF)
 * from an age file damaged on its way, whose first line survives.
 */
bool	sh_age_looks_like(const unsigned char *p, size_t len);

/*
 * Parses the header at the start of p (len bytes; bytes after the MAC
 * line, the payload, are left alone and h->len says where they start).
 * On failure h is left empty and err says which line and why.
 */
int	sh_age_header_parse(struct sh_age_header *h, const unsigned char *p,
	    size_t len, struct sh_err *err);

/* Appends one stanza: "-> args...\n" and the wrapped base64 body. */
int	sh_age_stanza_write(struct sh_buf *out, const char *const *args,
	    size_t nargs, const unsigned char *body, size_t bodylen,
	    struct sh_err *err);

/*
 * HMAC-SHA-256 under HKDF(file key, "", "header") of hdr[0..len). The MAC
 * key is derived into key, the caller's secret memory (the file key's
 * neighbour), and wiped there.
 */
void	sh_age_header_mac(const unsigned char filekey[SH_AGE_FILE_KEY],
	    const unsigned char *hdr, size_t len, unsigned char key[32],
	    unsigned char mac[32]);

#endif
