/*
 * Fault injection on the workstation store's draft saves (tui/wstore.c),
 * in process, with the real model (tui/model.c) calling wstore_save() on
 * every change, as the screens do:
 *
 *   full disk   RLIMIT_FSIZE lowered (soft limit, SIGXFSZ ignored) while
 *               ever longer comments are saved: a save that cannot be
 *               written fails with a message naming the store, the
 *               model undoes that change, the store passes
 *               integrity_check, and reopened it gives back exactly the
 *               drafts whose saves returned 0 -- at several limits.
 *   kill -9     a forked child saves a fixed sequence of 12 changes over
 *               a SQLite VFS that SIGKILLs it just before its k-th write,
 *               sync, truncate or delete (k from a fixed-seed generator
 *               over every such operation of a whole run), telling the
 *               parent through a pipe after each save returns: reopened,
 *               the store passes integrity_check and holds the drafts
 *               after exactly j saves, j the number acknowledged or one
 *               more. 30 crash points.
 *
 * The test links only core (tests/unit/test_fault_*.c are not linked to
 * the tui library), so it compiles the two tui sources it needs into
 * itself; they use nothing of curses.
 */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../tui/model.c"
#include "../../tui/wstore.c"

#include "testutil.h"
#include "../../tui/testing.h"

#define NSAVES	12

static const char comment[] = "地域の産業界と連携した具体的な計画が示されて"
    "いる。＝SUM(A1) <b>太字</b> & \"引用\"";

/* ---- a counting VFS (as tests/tools/crashingest.c) ---- */

static sqlite3_vfs	*real_vfs;
static sqlite3_vfs	 crash_vfs;
static long long	 ops, kill_at;

static void
tick(void)
{
	ops++;
	if (kill_at > 0 && ops == kill_at)
		raise(SIGKILL);
}

struct cfile {
	sqlite3_file	 base;
	sqlite3_file	*real;
};
#define REAL(f)	(((struct cfile *)(f))->real)

static int c_close(sqlite3_file *f)
{ return REAL(f)->pMethods->xClose(REAL(f)); }
static int c_read(sqlite3_file *f, void *p, int n, sqlite3_int64 o)
{ return REAL(f)->pMethods->xRead(REAL(f), p, n, o); }
static int c_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 o)
{ tick(); return REAL(f)->pMethods->xWrite(REAL(f), p, n, o); }
static int c_truncate(sqlite3_file *f, sqlite3_int64 s)
{ tick(); return REAL(f)->pMethods->xTruncate(REAL(f), s); }
static int c_sync(sqlite3_file *f, int fl)
{ tick(); return REAL(f)->pMethods->xSync(REAL(f), fl); }
static int c_size(sqlite3_file *f, sqlite3_int64 *s)
{ return REAL(f)->pMethods->xFileSize(REAL(f), s); }
static int c_lock(sqlite3_file *f, int l)
{ return REAL(f)->pMethods->xLock(REAL(f), l); }
static int c_unlock(sqlite3_file *f, int l)
{ return REAL(f)->pMethods->xUnlock(REAL(f), l); }
static int c_reserved(sqlite3_file *f, int *o)
{ return REAL(f)->pMethods->xCheckReservedLock(REAL(f), o); }
static int c_fcntl(sqlite3_file *f, int op, void *a)
{ return REAL(f)->pMethods->xFileControl(REAL(f), op, a); }
static int c_sector(sqlite3_file *f)
{ return REAL(f)->pMethods->xSectorSize(REAL(f)); }
static int c_devchar(sqlite3_file *f)
{ return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f)); }
static int c_shmmap(sqlite3_file *f, int pg, int sz, int ext,
    void volatile **pp)
{ return REAL(f)->pMethods->xShmMap(REAL(f), pg, sz, ext, pp); }
static int c_shmlock(sqlite3_file *f, int o, int n, int fl)
{ return REAL(f)->pMethods->xShmLock(REAL(f), o, n, fl); }
static void c_shmbarrier(sqlite3_file *f)
{ REAL(f)->pMethods->xShmBarrier(REAL(f)); }
static int c_shmunmap(sqlite3_file *f, int del)
{ return REAL(f)->pMethods->xShmUnmap(REAL(f), del); }
static int c_fetch(sqlite3_file *f, sqlite3_int64 o, int n, void **pp)
{ return REAL(f)->pMethods->xFetch(REAL(f), o, n, pp); }
static int c_unfetch(sqlite3_file *f, sqlite3_int64 o, void *p)
{ return REAL(f)->pMethods->xUnfetch(REAL(f), o, p); }

static const sqlite3_io_methods cmethods = {
	3, c_close, c_read, c_write, c_truncate, c_sync, c_size, c_lock,
	c_unlock, c_reserved, c_fcntl, c_sector, c_devchar, c_shmmap,
	c_shmlock, c_shmbarrier, c_shmunmap, c_fetch, c_unfetch
};

static int
c_open(sqlite3_vfs *v, const char *name, sqlite3_file *f, int flags,
    int *outflags)
{
	struct cfile	*c = (struct cfile *)f;
	int		 rc;

	(void)v;
	c->real = (sqlite3_file *)(c + 1);
	rc = real_vfs->xOpen(real_vfs, name, c->real, flags, outflags);
	c->base.pMethods = rc == SQLITE_OK && c->real->pMethods != NULL ?
	    &cmethods : NULL;
	return rc;
}

static int
c_delete(sqlite3_vfs *v, const char *name, int sync)
{
	(void)v;
	tick();
	return real_vfs->xDelete(real_vfs, name, sync);
}

/* In the child only: every connection opened after this goes through it. */
static void
crash_vfs_install(long long at)
{
	if (sqlite3_initialize() != SQLITE_OK ||
	    (real_vfs = sqlite3_vfs_find(NULL)) == NULL)
		_exit(90);
	crash_vfs = *real_vfs;
	crash_vfs.szOsFile = (int)sizeof(struct cfile) + real_vfs->szOsFile;
	crash_vfs.zName = "test_fault_wstore";
	crash_vfs.pNext = NULL;
	crash_vfs.xOpen = c_open;
	crash_vfs.xDelete = c_delete;
	if (sqlite3_vfs_register(&crash_vfs, 1) != SQLITE_OK)
		_exit(91);
	ops = 0;
	kill_at = at;
}

/* ---- helpers ---- */

static struct wstore *
open_store(const char *dir)
{
	struct sh_err	 err;
	struct wstore	*st;

	if ((st = wstore_open(dir, tw_keys()->reviewer, &err)) == NULL)
		fail_msg("wstore_open: %s", err.msg);
	return st;
}

/* The drafts of every proposal as JSON, one after the other. */
static char *
drafts_of(const struct ws *ws)
{
	struct sh_buf	 all, one;
	struct sh_err	 err;
	size_t		 i;
	char		*s;

	sh_buf_init(&all, false);
	for (i = 0; i < ws->nprops; i++) {
		sh_buf_init(&one, true);
		if (ws_prop_to_json(&ws->props[i], &one, &err) != 0)
			fail_msg("ws_prop_to_json: %s", err.msg);
		sh_buf_append(&all, one.data, one.len);
		sh_buf_append(&all, "\n", 1);
		sh_buf_free(&one);
	}
	sh_buf_append(&all, "", 1);
	s = strdup((char *)all.data);
	sh_buf_free(&all);
	assert_non_null(s);
	return s;
}

/* The drafts a reopened store gives back for a fresh workstation. */
static char *
reloaded(const char *dir)
{
	struct wstore	*st = open_store(dir);
	struct ws	*ws = tw_load("kakine-2024", "R2026");
	struct sh_err	 err;
	char		*s;

	if (wstore_load(st, ws, &err) != 0)
		fail_msg("wstore_load: %s", err.msg);
	s = drafts_of(ws);
	ws_free(ws);
	wstore_close(st);
	return s;
}

static void
integrity_ok(const char *dir)
{
	char		 path[4096];
	sqlite3		*db;
	sqlite3_stmt	*s;

	snprintf(path, sizeof path, "%s/%s", dir, WSTORE_FILE);
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1,
	    &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "ok");
	sqlite3_finalize(s);
	sqlite3_close(db);
}

/* Change number i of the fixed sequence (saved when ws->save is set). */
static int
change(struct ws *ws, int i, struct sh_err *err)
{
	struct ws_proposal	*p = &ws->props[(i / 4) % 2];
	char			 text[256];

	switch (i % 4) {
	case 0:
		return ws_declare(ws, p, 0, WS_CONFLICT_REVIEW, err);
	case 1:
		return ws_set_value(ws, p, 1, 1 + i % 5, err);
	case 2:
		snprintf(text, sizeof text, "%s (%d)", comment, i);
		return ws_set_comment(ws, p, 1, text, err);
	default:
		snprintf(text, sizeof text, "総合所見 %d\n=1+1\t<script>", i);
		return ws_set_text(ws, p, WS_TEXT_REMARKS, text, err);
	}
}

static char *
store_dir(const char *name)
{
	char	*dir = tu_tmpdir(name);

	assert_int_equal(chmod(dir, 0700), 0);
	return dir;
}

/* ---- full disk ---- */

static void
full_disk_during_saves(void **state)
{
	static const rlim_t	 limits[] = { 24 * 1024, 48 * 1024,
	    96 * 1024, 160 * 1024 };
	struct rlimit		 old, lim;
	size_t			 li, n, ok, failed;
	char			*dir, *want, *got, *big;
	struct wstore		*st;
	struct ws		*ws;
	struct sh_err		 err;
	void			(*oldsig)(int);

	(void)state;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	oldsig = signal(SIGXFSZ, SIG_IGN);
	assert_non_null(big = malloc(16 * 1024 + 64));
	for (li = 0; li < sizeof limits / sizeof limits[0]; li++) {
		dir = store_dir("fault-wstore-full");
		st = open_store(dir);
		ws = tw_load("kakine-2024", "R2026");
		assert_int_equal(wstore_put_package(st, "R2026", "r01", "AGE",
		    3, &err), 0);
		ws->save = wstore_save;
		ws->save_arg = st;
		assert_int_equal(change(ws, 0, &err), 0);
		assert_int_equal(change(ws, 1, &err), 0);

		lim = old;
		lim.rlim_cur = limits[li];
		if (old.rlim_max != RLIM_INFINITY && lim.rlim_cur > old.rlim_max)
			lim.rlim_cur = old.rlim_max;
		assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
		/* Ever longer comments until the store cannot take one. */
		ok = failed = 0;
		for (n = 1; n <= 40 && failed < 3; n++) {
			size_t	len = n * 400 < 16 * 1024 ? n * 400 : 16 * 1024;
			char	*before;

			memset(big, 'a' + (int)(n % 26), len);
			big[len] = '\0';
			before = drafts_of(ws);
			err.msg[0] = '\0';
			if (ws_set_comment(ws, &ws->props[0], 1, big,
			    &err) == 0) {
				ok++;
			} else {
				failed++;
				/* Refused: said why, naming the store, and undone. */
				if (strstr(err.msg, WSTORE_FILE) == NULL)
					fail_msg("limit %zu: save failed without "
					    "naming the store: \"%s\"",
					    (size_t)limits[li], err.msg);
				got = drafts_of(ws);
				assert_string_equal(got, before);
				free(got);
			}
			free(before);
		}
		assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
		if (failed == 0)
			fail_msg("limit %zu: every save fitted; the test proves "
			    "nothing", (size_t)limits[li]);
		want = drafts_of(ws);
		ws_free(ws);
		wstore_close(st);
		integrity_ok(dir);
		got = reloaded(dir);
		if (strcmp(got, want) != 0)
			fail_msg("limit %zu: the store does not give back what "
			    "was saved", (size_t)limits[li]);
		print_message("limit %zu bytes: %zu saves taken, %zu refused "
		    "(%s)\n", (size_t)limits[li], ok + 2, failed, err.msg);
		free(got);
		free(want);
		free(dir);
	}
	signal(SIGXFSZ, oldsig);
	free(big);
}

/* ---- kill -9 ---- */

/*
 * Runs the saves in a child killed before its k-th operation (0: never);
 * returns how many saves it acknowledged; *total gets the operations a
 * whole run makes when it was not killed.
 */
static int
crash_run(const char *dir, long long k, long long *total, bool *killed)
{
	int		 fd[2], status, acked = 0;
	pid_t		 pid;
	char		 c;
	long long	 t = 0;

	assert_int_equal(pipe(fd), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		struct wstore	*st;
		struct ws	*ws;
		struct sh_err	 err;
		int		 i;

		close(fd[0]);
		crash_vfs_install(k);
		if ((st = wstore_open(dir, tw_keys()->reviewer, &err)) == NULL)
			_exit(92);
		ws = tw_load("kakine-2024", "R2026");
		ws->save = wstore_save;
		ws->save_arg = st;
		for (i = 0; i < NSAVES; i++) {
			if (change(ws, i, &err) != 0)
				_exit(93);
			if (write(fd[1], "s", 1) != 1)
				_exit(94);
		}
		ws_free(ws);
		wstore_close(st);
		t = ops;
		if (write(fd[1], &t, sizeof t) != (ssize_t)sizeof t)
			_exit(95);
		_exit(0);
	}
	close(fd[1]);
	while (acked < NSAVES && read(fd[0], &c, 1) == 1)
		acked++;
	if (acked == NSAVES && read(fd[0], &t, sizeof t) == (ssize_t)sizeof t)
		*total = t;
	close(fd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	*killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
	if (!*killed && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
		fail_msg("crash point %lld: child ended with status 0x%x", k,
		    status);
	return acked;
}

static void
kill_during_saves(void **state)
{
	char		*dir, *expect[NSAVES + 1], *got;
	struct ws	*ws;
	struct sh_err	 err;
	struct wstore	*st;
	long long	 total = 0, k, dummy;
	unsigned	 x = 20261122;
	int		 i, n, acked, j;
	bool		 killed;

	(void)state;
	/* The drafts after each number of saves, worked out without a store. */
	ws = tw_load("kakine-2024", "R2026");
	expect[0] = drafts_of(ws);
	for (i = 0; i < NSAVES; i++) {
		assert_int_equal(change(ws, i, &err), 0);
		expect[i + 1] = drafts_of(ws);
	}
	ws_free(ws);

	/* A whole run: how many operations, and the store has them all. */
	dir = store_dir("fault-wstore-kill");
	st = open_store(dir);
	assert_int_equal(wstore_put_package(st, "R2026", "r01", "AGE", 3,
	    &err), 0);
	wstore_close(st);
	assert_int_equal(crash_run(dir, 0, &total, &killed), NSAVES);
	assert_false(killed);
	assert_true(total > 2 * NSAVES);
	got = reloaded(dir);
	assert_string_equal(got, expect[NSAVES]);
	free(got);
	free(dir);

	for (n = 0; n < 30; n++) {
		x = x * 1103515245u + 12345u;
		k = (long long)((x >> 16) % (unsigned)total) + 1;
		dir = store_dir("fault-wstore-kill");
		st = open_store(dir);
		assert_int_equal(wstore_put_package(st, "R2026", "r01", "AGE",
		    3, &err), 0);
		wstore_close(st);
		dummy = 0;
		acked = crash_run(dir, k, &dummy, &killed);
		if (!killed)
			fail_msg("crash point %lld of %lld: not killed", k,
			    total);
		integrity_ok(dir);
		got = reloaded(dir);
		for (j = acked; j <= acked + 1 && j <= NSAVES; j++)
			if (strcmp(got, expect[j]) == 0)
				break;
		if (j > acked + 1 || j > NSAVES) {
			for (j = 0; j <= NSAVES; j++)
				if (strcmp(got, expect[j]) == 0)
					fail_msg("crash point %lld: %d saves "
					    "acknowledged, the store has %d",
					    k, acked, j);
			fail_msg("crash point %lld: the store holds no whole "
			    "number of saves", k);
		}
		print_message("crash point %lld of %lld: %d acknowledged, "
		    "store has %d\n", k, total, acked, j);
		free(got);
		free(dir);
	}
	for (i = 0; i <= NSAVES; i++)
		free(expect[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_disk_during_saves),
		cmocka_unit_test(kill_during_saves),
	};

	setlocale(LC_ALL, "C.UTF-8");
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
