#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "crypto/bech32.h"

static const char charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

static uint32_t
polymod_step(uint32_t pre)
{
	uint32_t b = pre >> 25;

	return ((pre & 0x1ffffff) << 5) ^
	    (-((b >> 0) & 1) & 0x3b6a57b2UL) ^
	    (-((b >> 1) & 1) & 0x26508e6dUL) ^
	    (-((b >> 2) & 1) & 0x1ea119faUL) ^
	    (-((b >> 3) & 1) & 0x3d4233ddUL) ^
	    (-((b >> 4) & 1) & 0x2a1462b3UL);
}

static uint32_t
polymod_hrp(const char *hrp, size_t hlen)
{
	uint32_t	chk = 1;
	size_t		i;

	for (i = 0; i < hlen; i++)
		chk = polymod_step(chk) ^ ((unsigned char)hrp[i] >> 5);
	chk = polymod_step(chk);
	for (i = 0; i < hlen; i++)
		chk = polymod_step(chk) ^ ((unsigned char)hrp[i] & 0x1f);
	return chk;
}

int
sh_bech32_encode5(const char *hrp, const unsigned char *d5, size_t n5,
    bool upper, char *out, size_t outlen, struct sh_err *err)
{
	uint32_t	chk;
	size_t		hlen, i, o = 0;
	int		c;

	hlen = strlen(hrp);
	if (hlen < 1 || hlen > 83)
		return sh_errf(err, "bech32: prefix length %zu not in 1..83",
		    hlen);
	if (n5 > SH_BECH32_MAX || hlen + 1 + n5 + 6 + 1 > outlen)
		return sh_errf(err, "bech32: output buffer too small");
	for (i = 0; i < hlen; i++) {
		c = (unsigned char)hrp[i];
		if (c < 33 || c > 126 || (c >= 'A' && c <= 'Z'))
			return sh_errf(err, "bech32: bad prefix character");
	}
	chk = polymod_hrp(hrp, hlen);
	for (i = 0; i < n5; i++) {
		if (d5[i] >> 5)
			return sh_errf(err, "bech32: value out of range");
		chk = polymod_step(chk) ^ d5[i];
	}
	for (i = 0; i < 6; i++)
		chk = polymod_step(chk);
	chk ^= 1;

	for (i = 0; i < hlen; i++)
		out[o++] = hrp[i];
	out[o++] = '1';
	for (i = 0; i < n5; i++)
		out[o++] = charset[d5[i]];
	for (i = 0; i < 6; i++)
		out[o++] = charset[(chk >> ((5 - i) * 5)) & 0x1f];
	out[o] = '\0';
	if (upper) {
		for (i = 0; i < o; i++)
			if (out[i] >= 'a' && out[i] <= 'z')
				out[i] = (char)(out[i] - 'a' + 'A');
	}
	return 0;
}

int
sh_bech32_encode(const char *hrp, const unsigned char *data, size_t len,
    bool upper, char *out, size_t outlen, struct sh_err *err)
{
	unsigned char	d5[SH_BECH32_MAX];
	uint32_t	acc = 0;
	size_t		n5 = 0, i;
	int		bits = 0, rc;

	if (len > SH_BECH32_MAX * 5 / 8)
		return sh_errf(err, "bech32: data too long");
	for (i = 0; i < len; i++) {
		acc = (acc << 8) | data[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			d5[n5++] = (acc >> bits) & 0x1f;
		}
	}
	if (bits > 0)
		d5[n5++] = (acc << (5 - bits)) & 0x1f;
	rc = sh_bech32_encode5(hrp, d5, n5, upper, out, outlen, err);
	sodium_memzero(d5, sizeof d5);
	sodium_memzero(&acc, sizeof acc);
	return rc;
}

int
sh_bech32_decode5(const char *s, char *hrp, size_t hrpmax, unsigned char *d5,
    size_t d5max, size_t *n5, struct sh_err *err)
{
	const char	*p;
	size_t		 len, sep, i, hlen;
	bool		 lower = false, upper = false;
	uint32_t	 chk;
	int		 c;

	*n5 = 0;
	len = strnlen(s, SH_BECH32_MAX + 1);
	if (len > SH_BECH32_MAX)
		return sh_errf(err, "bech32: string longer than %d characters",
		    SH_BECH32_MAX);
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c < 33 || c > 126)
			return sh_errf(err, "bech32: character %zu is not "
			    "printable ASCII", i + 1);
		if (c >= 'a' && c <= 'z')
			lower = true;
		if (c >= 'A' && c <= 'Z')
			upper = true;
	}
	if (lower && upper)
		return sh_errf(err, "bech32: mixed upper and lower case");
	if ((p = strrchr(s, '1')) == NULL)
		return sh_errf(err, "bech32: no separator '1'");
	sep = (size_t)(p - s);
	hlen = sep;
	if (hlen < 1 || hlen > 83)
		return sh_errf(err, "bech32: prefix length %zu not in 1..83",
		    hlen);
	if (len - sep - 1 < 6)
		return sh_errf(err, "bech32: checksum too short");
	if (hlen + 1 > hrpmax || len - sep - 1 - 6 > d5max)
		return sh_errf(err, "bech32: too long for its use");
	for (i = 0; i < hlen; i++) {
		c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c = c - 'A' + 'a';
		hrp[i] = (char)c;
	}
	hrp[hlen] = '\0';
	chk = polymod_hrp(hrp, hlen);
	for (i = sep + 1; i < len; i++) {
		const char	*q;

		c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c = c - 'A' + 'a';
		if ((q = strchr(charset, c)) == NULL || c == '\0')
			/* Not the character itself: it may be of a secret. */
			return sh_errf(err, "bech32: invalid character at "
			    "position %zu", i + 1);
		chk = polymod_step(chk) ^ (uint32_t)(q - charset);
		if (i < len - 6)
			d5[(*n5)++] = (unsigned char)(q - charset);
	}
	if (chk != 1) {
		*n5 = 0;
		return sh_errf(err, "bech32: checksum mismatch");
	}
	return 0;
}

int
sh_bech32_decode(const char *s, char *hrp, size_t hrpmax, unsigned char *data,
    size_t datamax, size_t *lenp, struct sh_err *err)
{
	unsigned char	d5[SH_BECH32_MAX];
	uint32_t	acc = 0;
	size_t		n5, i, len = 0;
	int		bits = 0, rc = -1;

	*lenp = 0;
	if (sh_bech32_decode5(s, hrp, hrpmax, d5, sizeof d5, &n5, err) != 0)
		goto out;
	for (i = 0; i < n5; i++) {
		acc = ((acc << 5) | d5[i]) & 0xfff;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			if (len >= datamax) {
				sh_errf(err, "bech32: data too long");
				goto out;
			}
			data[len++] = (acc >> bits) & 0xff;
		}
	}
	if (bits >= 5 || (acc & ((1u << bits) - 1)) != 0) {
		sh_errf(err, "bech32: bad padding");
		goto out;
	}
	*lenp = len;
	rc = 0;
out:
	sodium_memzero(d5, sizeof d5);
	sodium_memzero(&acc, sizeof acc);
	return rc;
}
