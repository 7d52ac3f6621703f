/*
 * Internals shared by the minisign_*.c files; not part of the API.
 */
#ifndef SHINSA_CRYPTO_MINISIGN_INT_H
#define SHINSA_CRYPTO_MINISIGN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

#define SH_MS_UC_PREFIX	"untrusted comment: "
#define SH_MS_TC_PREFIX	"trusted comment: "

/* libsodium must be initialised before randombytes and friends. */
int	sh_ms_init(struct sh_err *err);

/*
 * Takes the next line from *p (up to end): *line and *linelen get it without
 * its LF and one CR before it. Returns 1 for a line, 0 at the end, -1 for
 * a NUL byte or a line longer than max.
 */
int	sh_ms_next_line(const char **p, const char *end, const char **line,
	    size_t *linelen, size_t max);

/*
 * Decodes canonical padded base64 of exactly outlen bytes; anything else
 * (bad characters, wrong length, non-zero spare bits, trailing bytes) is
 * refused with a message naming `what`.
 */
int	sh_ms_b64_decode(const char *s, size_t len, unsigned char *out,
	    size_t outlen, const char *what, struct sh_err *err);
/* Appends base64 of p[0..n) and a newline. */
int	sh_ms_b64_append_line(struct sh_buf *b, const unsigned char *p,
	    size_t n);

uint64_t sh_ms_le64_load(const unsigned char p[8]);
void	sh_ms_le64_store(unsigned char p[8], uint64_t x);

/*
 * Reads a small file. If private, refuses a file that is not regular or
 * that group or others may read or write (mode check on the opened fd).
 */
int	sh_ms_read_file(const char *path, size_t limit, bool private,
	    struct sh_buf *out, struct sh_err *err);

/*
 * sh_minisign_sk_read_file() that also says, in *wrong (may be NULL),
 * whether it failed only because the passphrase was wrong: the one
 * failure worth asking again for (crypto/passphrase.c).
 */
struct sh_minisign_sk;
struct sh_minisign_sk *sh_ms_sk_read_file(const char *path,
	    const unsigned char *pass, size_t passlen, bool *wrong,
	    struct sh_err *err);

/* True if the text is one line: no CR, LF or NUL. */
bool	sh_ms_one_line(const char *s, size_t len);

#endif
