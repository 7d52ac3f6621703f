/*
 * Base64 as age writes it: the standard alphabet without padding, and
 * canonical, so that every byte string has exactly one encoding. A
 * non-canonical encoding (trailing bits set, '=' padding, whitespace,
 * stray characters) is refused rather than quietly normalised, because
 * the header MAC covers the text, not the bytes it decodes to.
 */
#ifndef SHINSA_CRYPTO_B64_H
#define SHINSA_CRYPTO_B64_H

#include <stddef.h>

/* Length of the encoding of n bytes, without NUL. */
size_t	sh_b64_encoded_len(size_t n);

/*
 * Encodes n bytes into out (outmax bytes, room for the NUL included);
 * returns the length written, or -1 if out is too small.
 */
int	sh_b64_encode(const unsigned char *in, size_t n, char *out,
	    size_t outmax);

/*
 * Decodes exactly slen characters of s into out (at most outmax bytes)
 * and stores the decoded length in *outlen. Returns -1 unless all of s
 * was consumed, the result fits, and encoding it again gives s back.
 * On failure *outlen is 0 and out may have been written.
 */
int	sh_b64_decode(const char *s, size_t slen, unsigned char *out,
	    size_t outmax, size_t *outlen);

#endif
