/*
 * The facts parsers (the CSV cell and the package's JSON object) on
 * arbitrary bytes. What parses must format and parse back to the same
 * facts; a refused parse must leave the previous facts untouched.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "review/facts.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
same(const struct sh_facts *a, const struct sh_facts *b)
{
	double	x;
	size_t	i;

	if (a->nnums != b->nnums || a->ncerts != b->ncerts)
		abort();
	for (i = 0; i < a->nnums; i++)
		if (!sh_facts_get(b, a->nums[i].name, &x) ||
		    x != a->nums[i].value)
			abort();
	for (i = 0; i < a->ncerts; i++)
		if (!sh_facts_has_cert(b, a->certs[i]))
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sh_facts	 f, g;
	struct sh_buf	 b;
	json_t		*j;

	sh_facts_init(&f);
	sh_facts_init(&g);
	if (sh_facts_parse(&f, (const char *)data, size, NULL) == 0) {
		sh_buf_init(&b, false);
		if (sh_facts_format(&f, &b) == 0) {
			if (sh_facts_parse(&g, (const char *)b.data, b.len,
			    NULL) != 0)
				abort();
			same(&f, &g);
		}
		sh_buf_free(&b);
		/* A refused parse keeps what was there. */
		if (sh_facts_parse(&g, "x=", 2, NULL) == 0)
			abort();
		same(&f, &g);
	}
	if ((j = json_loadb((const char *)data, size, 0, NULL)) != NULL) {
		sh_facts_free(&g);
		if (sh_facts_from_json(&g, j, NULL) == 0) {
			json_decref(j);
			if ((j = sh_facts_to_json(&g)) == NULL)
				abort();
			sh_facts_free(&f);
			if (sh_facts_from_json(&f, j, NULL) != 0)
				abort();
			same(&f, &g);
		}
		json_decref(j);
	}
	sh_facts_free(&f);
	sh_facts_free(&g);
	return 0;
}
