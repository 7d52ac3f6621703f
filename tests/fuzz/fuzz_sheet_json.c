/*
 * The sheet parser on arbitrary bytes: it must refuse or parse without
 * reading out of bounds, leaking or tripping UBSan; a sheet it accepts
 * must pass the writer's validation, and write -> parse must give the
 * same sheet and write the same bytes again (the bytes are what is
 * signed).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "format/sheet.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sh_sheet	s, r;
	struct sh_buf	a, b;
	struct sh_err	err;

	if (sodium_init() < 0)
		abort();
	if (sh_sheet_parse(data, size, &s, &err) != 0) {
		if (s.proposals != NULL || s.round != NULL)
			abort();	/* a failed parse leaves nothing */
		return 0;
	}
	sh_buf_init(&a, true);
	sh_buf_init(&b, true);
	if (sh_sheet_validate(&s, &err) != 0 ||
	    sh_sheet_write(&s, &a, &err) != 0 ||
	    sh_sheet_parse(a.data, a.len, &r, &err) != 0)
		abort();
	if (!sh_sheet_equal(&s, &r) || sh_sheet_write(&r, &b, &err) != 0 ||
	    a.len != b.len || memcmp(a.data, b.data, a.len) != 0)
		abort();
	sh_sheet_free(&r);
	sh_sheet_free(&s);
	sh_buf_free(&a);
	sh_buf_free(&b);
	return 0;
}
