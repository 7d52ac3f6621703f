/*
 * HKDF-SHA-256 (RFC 5869). libsodium 1.0.18 has no HKDF, so it is built
 * here from HMAC-SHA-256. age uses it with salts of 0 bytes (header MAC
 * key), 16 bytes (payload key: the nonce) and 64 bytes (X25519 wrap key:
 * ephemeral share || recipient).
 */
#ifndef SHINSA_CRYPTO_HKDF_H
#define SHINSA_CRYPTO_HKDF_H

#include <stddef.h>

#define SH_HKDF_SHA256_MAX	(255 * 32)

/*
 * Derives outlen bytes (at most SH_HKDF_SHA256_MAX) into out. salt and
 * info may be NULL when their length is 0. Returns -1 only when outlen is
 * too large. Intermediate keys are wiped.
 */
int	sh_hkdf_sha256(unsigned char *out, size_t outlen,
	    const unsigned char *ikm, size_t ikmlen,
	    const unsigned char *salt, size_t saltlen,
	    const void *info, size_t infolen);

#endif
