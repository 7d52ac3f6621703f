/*
 * libFuzzer target for minisign public keys (crypto/minisign). Every
 * input either fails and leaves the output untouched, or parses into a
 * key that, written out again, parses back to the same key and id.
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
	struct sh_minisign_pk	pk, pk2, sentinel;
	struct sh_err		e;
	struct sh_buf		b;

	memset(&sentinel, 0xa5, sizeof sentinel);
	memcpy(&pk, &sentinel, sizeof pk);
	if (sh_minisign_pk_parse((const char *)data, size, &pk, &e) != 0) {
		if (memcmp(&pk, &sentinel, sizeof pk) != 0 || e.msg[0] == '\0')
			abort();
		return 0;
	}
	if (pk.id[0] != '\0' && !sh_minisign_id_valid(pk.id))
		abort();
	sh_buf_init(&b, false);
	if (sh_minisign_pk_format(&pk, &b, &e) != 0)
		abort();
	if (sh_minisign_pk_parse((const char *)b.data, b.len, &pk2, &e) != 0 ||
	    !sh_minisign_pk_equal(&pk, &pk2) || strcmp(pk.id, pk2.id) != 0)
		abort();
	sh_buf_free(&b);
	return 0;
}
