/*
 * The review form parser (tui/form.c, shinsa-form(5)): any bytes given to
 * form_import() are refused or applied whole, and a form that is applied
 * exports to a form that imports again to the same export.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "testing.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
export_or_die(struct ws *ws, struct sh_buf *out)
{
	struct sh_err e;

	sh_buf_init(out, true);
	if (form_export(ws, 0, out, &e) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ws	*ws;
	struct sh_buf	 once, twice;
	struct sh_err	 e;

	ws = tw_load("kakine-2024", "R1");
	if (form_import(ws, 0, (const char *)data, size, &e) == 0) {
		export_or_die(ws, &once);
		if (form_import(ws, 0, (const char *)once.data, once.len,
		    &e) != 0)
			abort();	/* our own export must import */
		export_or_die(ws, &twice);
		if (once.len != twice.len ||
		    memcmp(once.data, twice.data, once.len) != 0)
			abort();	/* and round-trip exactly */
		sh_buf_free(&once);
		sh_buf_free(&twice);
	}
	ws_free(ws);
	return 0;
}
