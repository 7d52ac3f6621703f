/*
 * libFuzzer target for age recipients and identities as text
 * (crypto/agekey: Bech32 "age1..." and "AGE-SECRET-KEY-1..."): the
 * package names the secretariat's and the reviewer's recipients, and
 * keys are read from files people pass around.
 *
 * An input starting with a NUL byte feeds the rest to the identity
 * parser; anything else to the recipient parser. A refused key leaves
 * the output zeroed (agekey.h) and says why; an accepted one encodes
 * back to the canonical form (the identity's in upper case, the
 * recipient's in lower), which parses to the same key, and which equals
 * the input up to case.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "crypto/agekey.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Recipients and identities are short: the parsers want C strings. */
#define FZ_AGE_KEY_MAX	256

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char zero[32];
	unsigned char	key[32], key2[32];
	char		s[FZ_AGE_KEY_MAX + 1], out[FZ_AGE_KEY_MAX];
	struct sh_err	e;
	bool		identity;
	int		r;

	/* The parser's scratch is sodium_malloc'd; programs init in main. */
	if (sodium_init() < 0)
		abort();
	identity = size > 0 && data[0] == 0;
	if (identity) {
		data++;
		size--;
	}
	if (size > FZ_AGE_KEY_MAX)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	memset(key, 0xa5, sizeof key);
	e.msg[0] = '\0';
	r = identity ? sh_age_identity_parse(s, key, &e) :
	    sh_age_recipient_parse(s, key, &e);
	if (r != 0) {
		if (memcmp(key, zero, sizeof key) != 0 || e.msg[0] == '\0')
			abort();
		return 0;
	}
	/* An input with a NUL inside is read up to it. */
	if (identity ? sh_age_identity_encode(key, out, sizeof out, &e) :
	    sh_age_recipient_encode(key, out, sizeof out, &e))
		abort();
	if (strcasecmp(out, s) != 0)
		abort();
	r = identity ? sh_age_identity_parse(out, key2, &e) :
	    sh_age_recipient_parse(out, key2, &e);
	if (r != 0 || memcmp(key, key2, sizeof key) != 0)
		abort();
	return 0;
}
