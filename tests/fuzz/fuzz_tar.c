/*
 * The container reader on arbitrary bytes, with small limits so that the
 * limit paths are reached: refuse or read cleanly; whatever it accepts
 * has only safe, distinct names within the limits, and writing it back
 * and reading that gives the same members.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "format/tar.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sh_tar_limits	 lim = { 16, 1 << 16, 1 << 18 };
	struct sh_tar		 t, r;
	struct sh_buf		 out;
	struct sh_err		 err;
	size_t			 i, j, total = 0;

	if (sodium_init() < 0)
		abort();
	sh_tar_init(&t, false);
	if (sh_tar_read(data, size, &lim, &t, &err) != 0) {
		if (t.n != 0 || t.members != NULL)
			abort();
		return 0;
	}
	if (t.n == 0 || t.n > lim.max_members)
		abort();
	for (i = 0; i < t.n; i++) {
		if (!sh_tar_name_ok(t.members[i].name, &err) ||
		    t.members[i].data.len > lim.max_member_bytes)
			abort();
		for (j = 0; j < i; j++)
			if (strcmp(t.members[i].name, t.members[j].name) == 0)
				abort();
		total += t.members[i].data.len;
	}
	if (total > lim.max_total_bytes)
		abort();
	sh_buf_init(&out, false);
	sh_tar_init(&r, false);
	if (sh_tar_write(&t, &out, &err) != 0 ||
	    sh_tar_read(out.data, out.len, &lim, &r, &err) != 0 || r.n != t.n)
		abort();
	for (i = 0; i < t.n; i++)
		if (strcmp(r.members[i].name, t.members[i].name) != 0 ||
		    r.members[i].data.len != t.members[i].data.len ||
		    (t.members[i].data.len > 0 &&
		    memcmp(r.members[i].data.data, t.members[i].data.data,
		    t.members[i].data.len) != 0))
			abort();
	sh_tar_free(&r);
	sh_tar_free(&t);
	sh_buf_free(&out);
	return 0;
}
