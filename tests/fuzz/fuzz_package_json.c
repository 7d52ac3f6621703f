/*
 * The package parser on arbitrary bytes: refuse or parse cleanly; an
 * accepted package passes the writer's validation and write -> parse is
 * the identity, byte for byte.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "format/package.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sh_package	p, r;
	struct sh_buf		a, b;
	struct sh_err		err;

	if (sodium_init() < 0)
		abort();
	if (sh_package_parse(data, size, &p, &err) != 0) {
		if (p.proposals != NULL || p.round_id != NULL)
			abort();
		return 0;
	}
	sh_buf_init(&a, true);
	sh_buf_init(&b, true);
	if (sh_package_validate(&p, &err) != 0 ||
	    sh_package_write(&p, &a, &err) != 0 ||
	    sh_package_parse(a.data, a.len, &r, &err) != 0)
		abort();
	if (!sh_package_equal(&p, &r) || sh_package_write(&r, &b, &err) != 0 ||
	    a.len != b.len || memcmp(a.data, b.data, a.len) != 0)
		abort();
	sh_package_free(&r);
	sh_package_free(&p);
	sh_buf_free(&a);
	sh_buf_free(&b);
	return 0;
}
