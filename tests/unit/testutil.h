/* Helpers shared by the cmocka tests. */
#ifndef SHINSA_TESTUTIL_H
#define SHINSA_TESTUTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

/* A fresh empty directory under the build tree's test tmp dir. */
char	*tu_tmpdir(const char *name);
/* Joins a path under the source tree; caller frees. */
char	*tu_src(const char *rel);
/* Whole file as a NUL-terminated string; fails the test on error. */
char	*tu_slurp(const char *path, size_t *len);
/* Writes a file; fails the test on error. */
void	 tu_write(const char *path, const char *data, size_t len);
/*
 * The slow definition of sh_text_safe(), which it and the JSON scanner
 * must agree with: well-formed UTF-8, no sh_text_is_unsafe() character
 * (but \n and \t when multiline).
 */
bool	 tu_text_safe_slowly(const char *s, size_t len, bool multiline);

#endif
