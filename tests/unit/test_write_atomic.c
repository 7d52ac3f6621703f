/* base/buf: sh_write_file_atomic makes or replaces a regular file, and
 * refuses, leaving everything as it was, a symbolic link, a directory, a
 * FIFO or a device at the path, where the rename would have put a
 * regular file in its place. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "base/buf.h"

/* How many entries the directory has besides . and .. */
static int
entries(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	int		 n = 0;

	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
makes_and_replaces_regular_files(void **state)
{
	char		*d = tu_tmpdir("write_atomic_reg"), path[512], *s;
	struct sh_err	 e;
	struct stat	 st;

	snprintf(path, sizeof path, "%s/out.txt", d);
	assert_int_equal(sh_write_file_atomic(path, "one", 3, 0600, &e), 0);
	assert_int_equal(sh_write_file_atomic(path, "two", 3, 0644, &e), 0);
	s = tu_slurp(path, NULL);
	assert_string_equal(s, "two");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_int_equal(entries(d), 1);	/* no temporary left */
	assert_int_equal(sh_write_file_check(path, &e), 0);
	free(s);
	free(d);
}

static void
refuses_a_symlink(void **state)
{
	char		*d = tu_tmpdir("write_atomic_link"), target[512],
			 link[512], buf[512], *s;
	struct sh_err	 e;
	struct stat	 st;
	ssize_t		 n;

	snprintf(target, sizeof target, "%s/target.txt", d);
	snprintf(link, sizeof link, "%s/link.txt", d);
	tu_write(target, "kept", 4);
	assert_int_equal(symlink("target.txt", link), 0);
	assert_int_equal(sh_write_file_atomic(link, "new", 3, 0600, &e), -1);
	snprintf(buf, sizeof buf, "%s: not written: it is a symbolic link, "
	    "and only a regular file is replaced", link);
	assert_string_equal(e.msg, buf);
	/* The link is still a link, its target untouched, nothing added. */
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_true((n = readlink(link, buf, sizeof buf - 1)) > 0);
	buf[n] = '\0';
	assert_string_equal(buf, "target.txt");
	s = tu_slurp(target, NULL);
	assert_string_equal(s, "kept");
	assert_int_equal(entries(d), 2);
	/* A dangling link is a link too. */
	assert_int_equal(unlink(target), 0);
	assert_int_equal(sh_write_file_atomic(link, "new", 3, 0600, &e), -1);
	assert_int_equal(lstat(target, &st), -1);
	free(s);
	free(d);
}

static void
refuses_fifo_directory_and_device(void **state)
{
	char		*d = tu_tmpdir("write_atomic_special"), path[512],
			 want[640];
	struct sh_err	 e;
	struct stat	 st;

	snprintf(path, sizeof path, "%s/fifo", d);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(sh_write_file_atomic(path, "x", 1, 0600, &e), -1);
	snprintf(want, sizeof want, "%s: not written: it is a FIFO, and only "
	    "a regular file is replaced", path);
	assert_string_equal(e.msg, want);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));

	snprintf(path, sizeof path, "%s/dir", d);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(sh_write_file_atomic(path, "x", 1, 0600, &e), -1);
	assert_non_null(strstr(e.msg, "it is a directory"));
	assert_int_equal(entries(d), 2);	/* no temporary left */

	/* /dev/null is a device; /dev/stdout a link to one. Neither is
	 * replaced (the rename would fail there anyway, or worse, succeed). */
	assert_int_equal(sh_write_file_check("/dev/null", &e), -1);
	assert_string_equal(e.msg, "/dev/null: not written: it is a device, "
	    "and only a regular file is replaced");
	if (lstat("/dev/stdout", &st) == 0 && S_ISLNK(st.st_mode)) {
		assert_int_equal(sh_write_file_check("/dev/stdout", &e), -1);
		assert_non_null(strstr(e.msg, "a symbolic link"));
	}
	free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(makes_and_replaces_regular_files),
		cmocka_unit_test(refuses_a_symlink),
		cmocka_unit_test(refuses_fifo_directory_and_device),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
