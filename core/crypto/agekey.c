#include <string.h>

#include <sodium.h>

#include "crypto/agekey.h"
#include "crypto/bech32.h"

#define HRP_RECIPIENT	"age"
#define HRP_IDENTITY	"age-secret-key-"

int
sh_age_recipient_encode(const unsigned char pk[32], char *out, size_t outlen,
    struct sh_err *err)
{
	if (sh_bech32_encode(HRP_RECIPIENT, pk, 32, false, out, outlen,
	    err) != 0)
		return sh_err_prefix(err, "age recipient");
	return 0;
}

int
sh_age_identity_encode(const unsigned char sk[32], char *out, size_t outlen,
    struct sh_err *err)
{
	if (sh_bech32_encode(HRP_IDENTITY, sk, 32, true, out, outlen,
	    err) != 0)
		return sh_err_prefix(err, "age identity");
	return 0;
}

int
sh_age_x25519_from_ed25519_pk(const unsigned char edpk[32],
    unsigned char pk[32], struct sh_err *err)
{
	if (crypto_sign_ed25519_pk_to_curve25519(pk, edpk) != 0) {
		memset(pk, 0, 32);
		return sh_errf(err, "Ed25519 public key is not a valid point");
	}
	return 0;
}

int
sh_age_x25519_from_ed25519_sk(const unsigned char edsk[64],
    unsigned char sk[32], struct sh_err *err)
{
	if (crypto_sign_ed25519_sk_to_curve25519(sk, edsk) != 0) {
		sodium_memzero(sk, 32);
		return sh_errf(err, "cannot convert Ed25519 secret key");
	}
	return 0;
}

int
sh_age_x25519_public(const unsigned char sk[32], unsigned char pk[32],
    struct sh_err *err)
{
	if (crypto_scalarmult_base(pk, sk) != 0)
		return sh_errf(err, "X25519 secret key gives no public key");
	return 0;
}

int
sh_age_recipient_from_ed25519_pk(const unsigned char edpk[32], char *out,
    size_t outlen, struct sh_err *err)
{
	unsigned char pk[32];

	if (sh_age_x25519_from_ed25519_pk(edpk, pk, err) != 0)
		return -1;
	return sh_age_recipient_encode(pk, out, outlen, err);
}

int
sh_age_identity_from_ed25519_sk(const unsigned char edsk[64], char *out,
    size_t outlen, struct sh_err *err)
{
	unsigned char	*sk;
	int		 rc;

	if ((sk = sodium_malloc(32)) == NULL)
		return sh_errf(err, "age identity: out of memory");
	rc = sh_age_x25519_from_ed25519_sk(edsk, sk, err);
	if (rc == 0)
		rc = sh_age_identity_encode(sk, out, outlen, err);
	sodium_free(sk);
	return rc;
}

static int
parse_key(const char *what, const char *want_hrp, const char *s,
    unsigned char key[32], struct sh_err *err)
{
	char		hrp[84];
	unsigned char	*buf;
	size_t		len;
	int		rc = -1;

	if ((buf = sodium_malloc(64)) == NULL)
		return sh_errf(err, "%s: out of memory", what);
	if (sh_bech32_decode(s, hrp, sizeof hrp, buf, 64, &len, err) != 0) {
		sh_err_prefix(err, "%s", what);
		goto out;
	}
	if (strcmp(hrp, want_hrp) != 0) {
		sh_errf(err, "%s: prefix \"%s\" is not \"%s\"", what, hrp,
		    want_hrp);
		goto out;
	}
	if (len != 32) {
		sh_errf(err, "%s: key is %zu bytes, not 32", what, len);
		goto out;
	}
	memcpy(key, buf, 32);
	rc = 0;
out:
	if (rc != 0)
		sodium_memzero(key, 32);
	sodium_free(buf);
	return rc;
}

int
sh_age_recipient_parse(const char *s, unsigned char pk[32], struct sh_err *err)
{
	return parse_key("age recipient", HRP_RECIPIENT, s, pk, err);
}

int
sh_age_identity_parse(const char *s, unsigned char sk[32], struct sh_err *err)
{
	return parse_key("age identity", HRP_IDENTITY, s, sk, err);
}
