/*
 * libFuzzer target for minisign secret key files (crypto/minisign),
 * without a passphrase: protected keys stop at "passphrase required"
 * (running scrypt per input would leave no time for anything else). A
 * key that parses must be consistent (its public half is its seed's) and
 * must round-trip through the unprotected format.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/minisign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sh_minisign_sk	*sk, *sk2;
	struct sh_err		 e;
	struct sh_buf		 b;

	e.msg[0] = '\0';
	sk = sh_minisign_sk_parse((const char *)data, size, NULL, 0, &e);
	if (sk == NULL) {
		if (e.msg[0] == '\0')
			abort();
		return 0;
	}
	if (sk->was_protected ||
	    memcmp(sk->pub.pk, sk->sk + 32, 32) != 0)
		abort();
	sh_buf_init(&b, true);
	if (sh_minisign_sk_format(sk, NULL, 0, NULL, &b, &e) != 0)
		abort();
	sk2 = sh_minisign_sk_parse((char *)b.data, b.len, NULL, 0, &e);
	if (sk2 == NULL || memcmp(sk2->sk, sk->sk, sizeof sk->sk) != 0 ||
	    !sh_minisign_pk_equal(&sk->pub, &sk2->pub) ||
	    strcmp(sk->pub.id, sk2->pub.id) != 0)
		abort();
	sh_minisign_sk_free(sk2);
	sh_minisign_sk_free(sk);
	sh_buf_free(&b);
	return 0;
}
