/*
 * libFuzzer target for the CSV reader (store/csv). Every input must
 * either parse into records that all have the header's width, or fail
 * with a located message and leave the result empty; a parsed table
 * written back out must parse again to the same cells (except cells the
 * writer neutralises).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct sh_csv_limits lim = { 4096, 64, 1000 };
	struct sh_csv	c, c2;
	struct sh_err	e;
	struct sh_buf	b;
	size_t		i, j;

	if (sh_csv_parse("fuzz.csv", (const char *)data, size, &lim, &c,
	    &e) == -1) {
		if (c.rows != NULL || c.nrows != 0 ||
		    strncmp(e.msg, "fuzz.csv", 8) != 0)
			abort();
		return 0;
	}
	sh_buf_init(&b, false);
	for (i = 0; i < c.nrows; i++) {
		if (c.rows[i].nfields != c.rows[0].nfields)
			abort();
		if (sh_csv_write_row(&b, (const char *const *)c.rows[i].fields,
		    c.rows[i].nfields) != 0)
			abort();
	}
	/*
	 * Written lines may be longer than the input's (quotes added). A
	 * first cell starting with a BOM is read back as a BOM: skip those.
	 */
	if (strncmp(c.rows[0].fields[0], "\xef\xbb\xbf", 3) != 0 &&
	    sh_csv_parse("again.csv", (const char *)b.data, b.len, NULL, &c2,
	    &e) == 0) {
		for (i = 0; i < c2.nrows && i < c.nrows; i++)
			for (j = 0; j < c2.rows[i].nfields; j++)
				if (!sh_csv_needs_neutralising(
				    c.rows[i].fields[j]) &&
				    strcmp(c.rows[i].fields[j],
				    c2.rows[i].fields[j]) != 0)
					abort();
		sh_csv_free(&c2);
	}
	sh_buf_free(&b);
	sh_csv_free(&c);
	return 0;
}
