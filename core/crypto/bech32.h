/*
 * Bech32 (BIP 173) as age uses it for `age1...` recipients and
 * `AGE-SECRET-KEY-1...` identities. Unlike BIP 173 there is no 90
 * character limit. Strings must be all lower or all upper case.
 */
#ifndef SHINSA_CRYPTO_BECH32_H
#define SHINSA_CRYPTO_BECH32_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

/* Longest string accepted by the decoders, a limit for parsers. */
#define SH_BECH32_MAX	1024

/*
 * Encodes 5-bit values (each < 32) under hrp. hrp must be lower case
 * printable ASCII; `upper` makes the whole string upper case. out gets
 * the string and its NUL. Returns 0 or -1 (bad input, out too small).
 */
int	sh_bech32_encode5(const char *hrp, const unsigned char *d5, size_t n5,
	    bool upper, char *out, size_t outlen, struct sh_err *err);

/* Same, from bytes (regrouped into 5-bit values, zero padded). */
int	sh_bech32_encode(const char *hrp, const unsigned char *data,
	    size_t len, bool upper, char *out, size_t outlen,
	    struct sh_err *err);

/*
 * Decodes a string: hrp gets the lower-cased human-readable part (and
 * NUL; hrpmax bytes available), d5 the 5-bit values without checksum.
 * Checks case, characters, separator and checksum.
 */
int	sh_bech32_decode5(const char *s, char *hrp, size_t hrpmax,
	    unsigned char *d5, size_t d5max, size_t *n5, struct sh_err *err);

/* Same, regrouped into bytes; padding must be under 5 zero bits. */
int	sh_bech32_decode(const char *s, char *hrp, size_t hrpmax,
	    unsigned char *data, size_t datamax, size_t *len,
	    struct sh_err *err);

#endif
