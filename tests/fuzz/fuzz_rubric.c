/*
 * The rubric loader on arbitrary bytes: it must refuse or load without
 * reading out of bounds, leaking or tripping UBSan, and a loaded rubric
 * must keep the promises rubric.h makes (variants add up to maximum,
 * bands find exactly the values of their domain).
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "review/rubric.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sh_rubric	*r;
	struct sh_err		 err;
	const struct sh_variant	*v;
	const struct sh_item	*it;
	size_t			 i, j;

	if ((r = sh_rubric_load_buf(data, size, "fuzz.json", &err)) == NULL)
		return 0;
	for (i = 0; i < r->nvariants; i++) {
		v = &r->variants[i];
		if (v->max_points != r->maximum ||
		    sh_rubric_variant(r, v->id) != v)
			abort();
		for (j = 0; j < v->nitems; j++) {
			it = &v->items[j];
			if (sh_variant_item(v, it->id) != it ||
			    it->min_points > it->max_points)
				abort();
			if (it->kind == SH_ITEM_INDICATOR &&
			    (sh_item_band(it, it->domain_min) == NULL ||
			    (it->has_domain_max &&
			    sh_item_band(it, it->domain_max) == NULL) ||
			    sh_item_band(it, nextafter(it->domain_min,
			    -INFINITY)) != NULL))
				abort();
		}
	}
	sh_rubric_free(r);
	return 0;
}
