#include <string.h>

#include <sodium.h>

#include "crypto/hkdf.h"

int
sh_hkdf_sha256(unsigned char *out, size_t outlen, const unsigned char *ikm,
    size_t ikmlen, const unsigned char *salt, size_t saltlen,
    const void *info, size_t infolen)
{
	crypto_auth_hmacsha256_state	 st;
	unsigned char			 prk[crypto_auth_hmacsha256_BYTES];
	unsigned char			 t[crypto_auth_hmacsha256_BYTES];
	static const unsigned char	 empty[1];
	unsigned char			 ctr;
	size_t				 done = 0, n;

	if (outlen > SH_HKDF_SHA256_MAX)
		return -1;
	if (salt == NULL)
		salt = empty;
	if (ikm == NULL)
		ikm = empty;
	if (info == NULL)
		info = empty;

	/*
	 * Extract. An empty salt is an HMAC key of zero bytes, which HMAC
	 * pads to the same block as RFC 5869's HashLen zero bytes.
	 */
	crypto_auth_hmacsha256_init(&st, salt, saltlen);
	crypto_auth_hmacsha256_update(&st, ikm, ikmlen);
	crypto_auth_hmacsha256_final(&st, prk);

	/* Expand: T(i) = HMAC(PRK, T(i-1) || info || i). */
	for (ctr = 1; done < outlen; ctr++) {
		crypto_auth_hmacsha256_init(&st, prk, sizeof prk);
		if (ctr > 1)
			crypto_auth_hmacsha256_update(&st, t, sizeof t);
		crypto_auth_hmacsha256_update(&st, info, infolen);
		crypto_auth_hmacsha256_update(&st, &ctr, 1);
		crypto_auth_hmacsha256_final(&st, t);
		n = outlen - done < sizeof t ? outlen - done : sizeof t;
		memcpy(out + done, t, n);
		done += n;
	}
	sodium_memzero(&st, sizeof st);
	sodium_memzero(prk, sizeof prk);
	sodium_memzero(t, sizeof t);
	return 0;
}
