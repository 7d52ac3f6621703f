#include <string.h>

#include <sodium.h>

#include "crypto/b64.h"

#define B64_VARIANT	sodium_base64_VARIANT_ORIGINAL_NO_PADDING

size_t
sh_b64_encoded_len(size_t n)
{
	return (n / 3) * 4 + ((n % 3) ? (n % 3) + 1 : 0);
}

int
sh_b64_encode(const unsigned char *in, size_t n, char *out, size_t outmax)
{
	size_t len;

	len = sh_b64_encoded_len(n);
	if (n > (size_t)0x3fffffff || outmax < len + 1)
		return -1;
	/* sodium_bin2base64 wants room for the NUL it writes. */
	sodium_bin2base64(out, outmax, in, n, B64_VARIANT);
	return (int)len;
}

int
sh_b64_decode(const char *s, size_t slen, unsigned char *out, size_t outmax,
    size_t *outlen)
{
	const char	*end = NULL;
	size_t		 len = 0, i;
	char		 check[96], *big = NULL, *re;
	int		 ok;

	*outlen = 0;
	/* The length alone rules out every encoding with a dangling char. */
	if (slen % 4 == 1)
		return -1;
	for (i = 0; i < slen; i++) {
		/* libsodium would stop at '=' or skip nothing; be explicit. */
		if (s[i] == '=' || s[i] == '\0')
			return -1;
	}
	if (sodium_base642bin(out, outmax, s, slen, NULL, &len, &end,
	    B64_VARIANT) != 0)
		return -1;
	/* The decoder may stop early and still succeed: insist on all of s. */
	if (end != s + slen)
		return -1;
	/* Re-encoding must give the same text (no stray trailing bits). */
	if (sh_b64_encoded_len(len) != slen)
		return -1;
	if (slen + 1 <= sizeof check)
		re = check;
	else if ((re = big = sodium_malloc(slen + 1)) == NULL)
		return -1;
	sodium_bin2base64(re, slen + 1, out, len, B64_VARIANT);
	ok = memcmp(re, s, slen) == 0;
	if (big != NULL)
		sodium_free(big);
	if (!ok)
		return -1;
	*outlen = len;
	return 0;
}
