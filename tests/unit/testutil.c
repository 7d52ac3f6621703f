#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "base/text.h"

char *
tu_tmpdir(const char *name)
{
	char	*path, cmd[4096];

	if (asprintf(&path, "%s/%s.%ld", SHINSA_TEST_TMPDIR, name,
	    (long)getpid()) == -1)
		fail_msg("out of memory");
	snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", path, path);
	if (system(cmd) != 0)
		fail_msg("cannot make %s", path);
	return path;
}

char *
tu_src(const char *rel)
{
	char *path;

	if (asprintf(&path, "%s/%s", SHINSA_SOURCE_DIR, rel) == -1)
		fail_msg("out of memory");
	return path;
}

char *
tu_slurp(const char *path, size_t *lenp)
{
	FILE	*f;
	char	*data;
	long	 len;

	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc((size_t)len + 1);
	if (data == NULL || fread(data, 1, (size_t)len, f) != (size_t)len)
		fail_msg("cannot read %s", path);
	data[len] = '\0';
	fclose(f);
	if (lenp != NULL)
		*lenp = (size_t)len;
	return data;
}

void
tu_write(const char *path, const char *data, size_t len)
{
	FILE *f;

	if ((f = fopen(path, "wb")) == NULL)
		fail_msg("cannot create %s", path);
	if (fwrite(data, 1, len, f) != len || fclose(f) != 0)
		fail_msg("cannot write %s", path);
}

/* One character at a time, as the definitions in base/text.h read. */
bool
tu_text_safe_slowly(const char *s, size_t len, bool multiline)
{
	uint32_t	cp;
	size_t		n;

	if (!sh_utf8_valid(s, len))
		return false;
	for (; len > 0; s += n, len -= n) {
		n = sh_utf8_decode(s, len, &cp);
		if (sh_text_is_unsafe(cp) &&
		    !(multiline && (cp == '\n' || cp == '\t')))
			return false;
	}
	return true;
}
