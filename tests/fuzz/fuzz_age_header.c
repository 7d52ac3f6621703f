/*
 * libFuzzer target for the age header parser (crypto/age_header). Any
 * input either parses, within the limits, into stanzas that written back
 * out give exactly the text the MAC covers (the parser accepts only the
 * canonical form), or fails with an "age header: line N: ..." message
 * and leaves the header empty.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/age_header.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sh_age_header	h;
	struct sh_err		e;
	struct sh_buf		b;
	size_t			i;

	if (sh_age_header_parse(&h, data, size, &e) == -1) {
		if (h.stanzas != NULL || h.nstanzas != 0 ||
		    strncmp(e.msg, "age header: line ", 17) != 0)
			abort();
		return 0;
	}
	if (h.nstanzas == 0 || h.nstanzas > SH_AGE_MAX_STANZAS ||
	    h.len > size || h.len > SH_AGE_MAX_HEADER ||
	    h.maclen + 1 + 43 + 1 != h.len)
		abort();
	sh_buf_init(&b, false);
	if (sh_buf_append_str(&b, SH_AGE_VERSION_LINE "\n") != 0)
		abort();
	for (i = 0; i < h.nstanzas; i++) {
		if (h.stanzas[i].nargs == 0 ||
		    h.stanzas[i].nargs > SH_AGE_MAX_ARGS ||
		    h.stanzas[i].bodylen > SH_AGE_MAX_BODY)
			abort();
		if (sh_age_stanza_write(&b, (const char *const *)
		    h.stanzas[i].args, h.stanzas[i].nargs, h.stanzas[i].body,
		    h.stanzas[i].bodylen, &e) != 0)
			abort();
	}
	if (sh_buf_append_str(&b, "---") != 0)
		abort();
	if (b.len != h.maclen || memcmp(b.data, data, b.len) != 0)
		abort();
	sh_buf_free(&b);
	sh_age_header_free(&h);
	return 0;
}
