/*
 * age X25519 keys as strings, and their derivation from a person's
 * Ed25519 (minisign) key, so that one key pair serves both signing and
 * encryption:
 *
 *	recipient  age1...               (lower case, public)
 *	identity   AGE-SECRET-KEY-1...   (upper case, secret)
 *
 * Buffers for identities and raw secret keys are owned by the caller and
 * should be sodium_malloc'd; these functions wipe their own temporaries.
 */
#ifndef SHINSA_CRYPTO_AGEKEY_H
#define SHINSA_CRYPTO_AGEKEY_H

#include <stddef.h>

#include "base/err.h"

/* Buffer sizes, NUL included: "age1" + 52 + 6 and "AGE-SECRET-KEY-1" + 52 + 6. */
#define SH_AGE_RECIPIENT_SIZE	63
#define SH_AGE_IDENTITY_SIZE	75

/* "age1..." for the X25519 public key pk. */
int	sh_age_recipient_encode(const unsigned char pk[32], char *out,
	    size_t outlen, struct sh_err *err);
/* "AGE-SECRET-KEY-1..." for the X25519 secret key sk. */
int	sh_age_identity_encode(const unsigned char sk[32], char *out,
	    size_t outlen, struct sh_err *err);

/* The recipient and identity of an Ed25519 key pair (libsodium layout). */
int	sh_age_recipient_from_ed25519_pk(const unsigned char pk[32], char *out,
	    size_t outlen, struct sh_err *err);
int	sh_age_identity_from_ed25519_sk(const unsigned char sk[64], char *out,
	    size_t outlen, struct sh_err *err);

/* Raw X25519 keys of an Ed25519 key pair. */
int	sh_age_x25519_from_ed25519_pk(const unsigned char edpk[32],
	    unsigned char pk[32], struct sh_err *err);
int	sh_age_x25519_from_ed25519_sk(const unsigned char edsk[64],
	    unsigned char sk[32], struct sh_err *err);

/* The public key of an X25519 secret key. */
int	sh_age_x25519_public(const unsigned char sk[32], unsigned char pk[32],
	    struct sh_err *err);

/*
 * Parses "age1..." into pk, "AGE-SECRET-KEY-1..." into sk. Either case is
 * accepted (not mixed); the prefix and the 32-byte length are checked.
 * On failure the output is zeroed.
 */
int	sh_age_recipient_parse(const char *s, unsigned char pk[32],
	    struct sh_err *err);
int	sh_age_identity_parse(const char *s, unsigned char sk[32],
	    struct sh_err *err);

#endif
