/*
 * The store's lock (wlock.h): one holder at a time, the one refused told
 * who holds it; free again once released; a description that does not
 * parse still refuses; a FIFO or a symbolic link in the lock's place is
 * refused without blocking or being followed. Two opens of the file in
 * one process are two holders to flock, as two processes are.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "wlock.h"

static void
one_holder(void **state)
{
	char		*dir = tu_tmpdir("wlock-one"), path[4096], want[64];
	struct wlock	*a, *b;
	struct sh_err	 err;
	struct stat	 st;
	char		*desc;

	(void)state;
	a = wlock_take(dir, WLOCK_SCREENS, &err);
	assert_non_null(a);
	snprintf(path, sizeof(path), "%s/%s", dir, WLOCK_FILE);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	desc = tu_slurp(path, NULL);
	snprintf(want, sizeof(want), "pid %ld\nuse screens\n", (long)getpid());
	assert_true(strncmp(desc, want, strlen(want)) == 0);
	free(desc);

	/* A second window is refused, and told the first one's pid. */
	assert_null(wlock_take(dir, WLOCK_SCREENS, &err));
	snprintf(want, sizeof(want), "in another window (pid %ld,",
	    (long)getpid());
	assert_non_null(strstr(err.msg, want));
	assert_non_null(strstr(err.msg, "Close it first"));
	/* So is a command that writes. */
	assert_null(wlock_take(dir, WLOCK_IMPORT, &err));
	assert_non_null(strstr(err.msg, want));

	/* Released: free for the next, with nothing left to name. */
	wlock_release(a);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 0);
	b = wlock_take(dir, WLOCK_IMPORT, &err);
	assert_non_null(b);
	assert_null(wlock_take(dir, WLOCK_SCREENS, &err));
	snprintf(want, sizeof(want), "shinsa form import is writing to this "
	    "store (pid %ld,", (long)getpid());
	assert_non_null(strstr(err.msg, want));
	wlock_release(b);
	free(dir);
}

static void
garbled_description(void **state)
{
	char		*dir = tu_tmpdir("wlock-garbled"), path[4096];
	static const char junk[] = "pid 12\nuse \033]0;x\007\ntty ../../etc\n";
	struct sh_err	 err;
	int		 fd;

	(void)state;
	snprintf(path, sizeof(path), "%s/%s", dir, WLOCK_FILE);
	fd = open(path, O_RDWR | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), 0);
	assert_int_equal(write(fd, junk, sizeof(junk) - 1),
	    (ssize_t)sizeof(junk) - 1);
	assert_null(wlock_take(dir, WLOCK_SUBMIT, &err));
	assert_non_null(strstr(err.msg, "already using this store"));
	assert_null(strchr(err.msg, '\033'));
	close(fd);
	free(dir);
}

static void
not_a_file(void **state)
{
	char		*dir = tu_tmpdir("wlock-special"), path[4096];
	char		 target[4096];
	struct sh_err	 err;

	(void)state;
	snprintf(path, sizeof(path), "%s/%s", dir, WLOCK_FILE);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_null(wlock_take(dir, WLOCK_SCREENS, &err));
	assert_non_null(strstr(err.msg, "not a regular file"));
	assert_int_equal(unlink(path), 0);

	snprintf(target, sizeof(target), "%s/elsewhere", dir);
	assert_int_equal(symlink(target, path), 0);
	assert_null(wlock_take(dir, WLOCK_SCREENS, &err));
	assert_int_equal(access(target, F_OK), -1);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_holder),
		cmocka_unit_test(garbled_description),
		cmocka_unit_test(not_a_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
