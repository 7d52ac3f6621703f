/*
 * crashingest: ingests sealed sheets into a round store with the same
 * core as `shinsa-merge ingest` (store/ingest: format/seal opens each
 * file, store/round takes accepted sheets in batches of savepoints),
 * but through a SQLite VFS that counts every write, sync, truncate and
 * delete the store makes and kills the process with SIGKILL just before
 * the N-th: a deterministic crash point, with no timing and no
 * LD_PRELOAD. For tests/e2e/fault_kill.sh.
 *
 *	crashingest -k N [-T] [-b FILES] --db FILE -s SECRETKEY SHEET...
 *	    N = 0: never kill; "ops: T" on stderr at the end is the number
 *	    of such operations a whole run makes, so that crash points can
 *	    be spread over 1..T. With -T, when the N-th operation is a
 *	    write, its first half is written before the kill (a torn write,
 *	    as a crash in the middle of a large write() may leave). -b is
 *	    the batch size (default 2). A file is said accepted (or already
 *	    had, when its twin is in the same batch) only after its batch
 *	    is committed, as shinsa-merge says it.
 *	crashingest --check FILE
 *	    PRAGMA integrity_check and foreign_key_check; prints "ok".
 *	crashingest --dump FILE
 *	    every row of every table, in rowid order, values quoted: two
 *	    stores with the same content dump the same bytes.
 *
 * Only the reading of files and the wording of outcomes are this
 * tool's own; the e2e test runs the real binary on what the crash left
 * behind.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "crypto/age.h"
#include "crypto/agekey.h"
#include "crypto/minisign.h"
#include "format/seal.h"
#include "format/sheet.h"
#include "review/rubric.h"
#include "store/ingest.h"
#include "store/round.h"

static void
die(const char *what, const char *why)
{
	fprintf(stderr, "crashingest: %s%s%s\n", what, why ? ": " : "",
	    why ? why : "");
	exit(1);
}

/* ---- the counting VFS ---- */

static sqlite3_vfs	*real_vfs;
static sqlite3_vfs	 crash_vfs;
static long long	 ops, kill_at;
static int		 torn;

static void
tick(void)
{
	ops++;
	if (kill_at > 0 && ops == kill_at)
		raise(SIGKILL);
}

struct cfile {
	sqlite3_file	 base;
	sqlite3_file	*real;		/* right after this struct */
};
#define REAL(f)	(((struct cfile *)(f))->real)

static int
c_close(sqlite3_file *f)
{
	return REAL(f)->pMethods->xClose(REAL(f));
}

static int
c_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xRead(REAL(f), p, n, off);
}

static int
c_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
	if (torn && kill_at > 0 && ops + 1 == kill_at && n > 1)
		(void)REAL(f)->pMethods->xWrite(REAL(f), p, n / 2, off);
	tick();
	return REAL(f)->pMethods->xWrite(REAL(f), p, n, off);
}

static int
c_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	tick();
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int
c_sync(sqlite3_file *f, int flags)
{
	tick();
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int
c_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int
c_lock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xLock(REAL(f), l);
}

static int
c_unlock(sqlite3_file *f, int l)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), l);
}

static int
c_reserved(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int
c_fcntl(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int
c_sector(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int
c_devchar(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int
c_shmmap(sqlite3_file *f, int pg, int sz, int extend, void volatile **pp)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), pg, sz, extend, pp);
}

static int
c_shmlock(sqlite3_file *f, int off, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}

static void
c_shmbarrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int
c_shmunmap(sqlite3_file *f, int del)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

static int
c_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
	return REAL(f)->pMethods->xFetch(REAL(f), off, n, pp);
}

static int
c_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	return REAL(f)->pMethods->xUnfetch(REAL(f), off, p);
}

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
	if (rc == SQLITE_OK && c->real->pMethods != NULL) {
		if (c->real->pMethods->iVersion < 3)
			die("sqlite", "a file without version 3 methods");
		c->base.pMethods = &cmethods;
	} else
		c->base.pMethods = NULL;
	return rc;
}

static int
c_delete(sqlite3_vfs *v, const char *name, int sync)
{
	(void)v;
	tick();
	return real_vfs->xDelete(real_vfs, name, sync);
}

static void
crash_vfs_install(void)
{
	if (sqlite3_initialize() != SQLITE_OK ||
	    (real_vfs = sqlite3_vfs_find(NULL)) == NULL)
		die("sqlite", "no default VFS");
	crash_vfs = *real_vfs;
	crash_vfs.szOsFile = (int)sizeof(struct cfile) + real_vfs->szOsFile;
	crash_vfs.zName = "crashingest";
	crash_vfs.pNext = NULL;
	crash_vfs.xOpen = c_open;
	crash_vfs.xDelete = c_delete;
	if (sqlite3_vfs_register(&crash_vfs, 1) != SQLITE_OK)
		die("sqlite", "cannot register the VFS");
}

/* ---- --check and --dump, straight on the file ---- */

static sqlite3 *
raw_open(const char *path)
{
	sqlite3	*db;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK)
		die(path, sqlite3_errmsg(db));
	return db;
}

static int
check(const char *path)
{
	sqlite3		*db = raw_open(path);
	sqlite3_stmt	*st;
	int		 bad = 0, rc;

	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL)
	    != SQLITE_OK)
		die(path, sqlite3_errmsg(db));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 0);

		if (s == NULL || strcmp(s, "ok") != 0) {
			printf("integrity: %s\n", s ? s : "(null)");
			bad = 1;
		}
	}
	if (rc != SQLITE_DONE) {
		printf("integrity_check: %s\n", sqlite3_errmsg(db));
		bad = 1;
	}
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &st, NULL)
	    != SQLITE_OK)
		die(path, sqlite3_errmsg(db));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		printf("foreign key: %s\n", sqlite3_column_text(st, 0));
		bad = 1;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	if (!bad)
		printf("ok\n");
	return bad;
}

/* SELECT * FROM name ORDER BY 1, 2, ..., n (caller sqlite3_free()s). */
static char *
by_every_column(sqlite3 *db, const char *name)
{
	sqlite3_stmt	*st;
	char		*sql, *more;
	int		 i, n;

	sql = sqlite3_mprintf("SELECT * FROM \"%w\"", name);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die(name, sqlite3_errmsg(db));
	n = sqlite3_column_count(st);
	sqlite3_finalize(st);
	for (i = 1; i <= n; i++) {
		more = sqlite3_mprintf("%s%s %d", sql, i == 1 ? " ORDER BY" :
		    ",", i);
		sqlite3_free(sql);
		sql = more;
	}
	return sql;
}

static int
dump(const char *path)
{
	sqlite3		*db = raw_open(path);
	sqlite3_stmt	*tabs, *st;
	char		*sql;
	int		 i, n;

	if (sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_schema "
	    "ORDER BY type, name", -1, &tabs, NULL) != SQLITE_OK)
		die(path, sqlite3_errmsg(db));
	while (sqlite3_step(tabs) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tabs, 0);
		const char *def = (const char *)sqlite3_column_text(tabs, 1);

		printf("schema %s: %s\n", name, def ? def : "");
		if (def == NULL || strncmp(def, "CREATE TABLE", 12) != 0 ||
		    strncmp(name, "sqlite_", 7) == 0)
			continue;
		/* A WITHOUT ROWID table (reviews) has no rowid: its rows in
		 * the order of every column, which is as total. */
		if (strstr(def, "WITHOUT ROWID") == NULL)
			sql = sqlite3_mprintf("SELECT * FROM \"%w\" ORDER BY "
			    "rowid", name);
		else
			sql = by_every_column(db, name);
		if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
			die(name, sqlite3_errmsg(db));
		sqlite3_free(sql);
		n = sqlite3_column_count(st);
		while (sqlite3_step(st) == SQLITE_ROW) {
			printf("%s:", name);
			for (i = 0; i < n; i++) {
				const unsigned char *b;
				int len, j;

				switch (sqlite3_column_type(st, i)) {
				case SQLITE_NULL:
					printf(" NULL");
					break;
				case SQLITE_INTEGER:
					printf(" %lld", (long long)
					    sqlite3_column_int64(st, i));
					break;
				case SQLITE_FLOAT:
					printf(" %.17g",
					    sqlite3_column_double(st, i));
					break;
				default:
					b = sqlite3_column_blob(st, i);
					len = sqlite3_column_bytes(st, i);
					printf(" x'");
					for (j = 0; j < len; j++)
						printf("%02x", b[j]);
					printf("'");
				}
			}
			printf("\n");
		}
		sqlite3_finalize(st);
	}
	sqlite3_finalize(tabs);
	sqlite3_close(db);
	return 0;
}

/* ---- ingest, through the same core as shinsa-merge ---- */

/*
 * What shinsa-merge ingest does with store/ingest's outcomes: accepted
 * sheets, and repeats of a sheet of the open batch, are said only once
 * their batch is committed; refusals and repeats of stored sheets at
 * once. Batches of `batch` files (shinsa-merge's are larger; small ones
 * here put crash points inside and between several).
 */
struct said {
	const char	*path;
	bool		 already;
};

static void
flush(struct sh_ingest *in, struct said *pending, size_t *np, int *bad)
{
	struct sh_err	e;
	size_t		i;

	if (sh_ingest_commit(in, &e) == -1) {
		for (i = 0; i < *np; i++)
			fprintf(stderr, "%s: not stored: %s\n",
			    pending[i].path, e.msg);
		*bad = 1;
	} else
		for (i = 0; i < *np; i++)
			printf("%s: %s\n", pending[i].path,
			    pending[i].already ? "already have" : "accepted");
	*np = 0;
}

static int
ingest_all(struct sh_ingest *in, char **paths, int n, size_t batch)
{
	struct sh_ingest_outcome out;
	struct sh_buf		 file;
	struct sh_err		 e;
	struct said		*pending;
	size_t			 np = 0;
	int			 i, bad = 0;

	if ((pending = calloc(batch, sizeof *pending)) == NULL)
		die("out of memory", NULL);
	sh_buf_init(&file, false);
	for (i = 0; i < n; i++) {
		file.len = 0;
		if (sh_read_file(paths[i], SH_SHEET_MAX_BYTES, &file, &e) == -1) {
			fprintf(stderr, "%s: refused: %s\n", paths[i], e.msg);
			bad = 1;
			continue;
		}
		switch (sh_ingest_file(in, file.data, file.len, &out, &e)) {
		case SH_INGEST_ALREADY:
			if (!out.in_batch) {
				printf("%s: already have\n", paths[i]);
				break;
			}
			/* FALLTHROUGH */
		case SH_INGEST_ACCEPTED:
			pending[np].path = paths[i];
			pending[np].already = out.result == SH_INGEST_ALREADY;
			if (++np == batch)
				flush(in, pending, &np, &bad);
			break;
		case SH_INGEST_REFUSED:
			fprintf(stderr, "%s: refused: %s\n", paths[i], e.msg);
			bad = 1;
			break;
		case SH_INGEST_FAILED:
			fprintf(stderr, "%s: not stored: %s\n", paths[i], e.msg);
			np = 0;
			bad = 1;
		}
	}
	flush(in, pending, &np, &bad);
	sh_buf_free(&file);
	free(pending);
	return bad;
}

int
main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "db", required_argument, NULL, 'D' },
		{ "check", required_argument, NULL, 'C' },
		{ "dump", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 }
	};
	const char		*db = NULL, *key = NULL;
	struct sh_round		*r;
	struct sh_round_info	 info;
	struct sh_rubric	*rubric;
	struct sh_minisign_sk	*sk;
	struct sh_age_identity	*id;
	struct sh_err		 e;
	struct sh_ingest	*in;
	size_t			 batch = 2;
	int			 ch, bad;

	/* Line by line: what was said before the kill is on record. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (sodium_init() < 0)
		die("sodium_init", NULL);
	while ((ch = getopt_long(argc, argv, "b:k:s:T", lo, NULL)) != -1) {
		switch (ch) {
		case 'b': batch = (size_t)atoll(optarg); break;
		case 'k': kill_at = atoll(optarg); break;
		case 'T': torn = 1; break;
		case 's': key = optarg; break;
		case 'D': db = optarg; break;
		case 'C': return check(optarg);
		case 'P': return dump(optarg);
		default: die("usage: crashingest -k N --db FILE -s KEY SHEET..."
		    " | --check FILE | --dump FILE", NULL);
		}
	}
	if (db == NULL || key == NULL || optind == argc || batch < 1)
		die("usage: crashingest -k N --db FILE -s KEY SHEET...", NULL);
	crash_vfs_install();
	if ((sk = sh_minisign_sk_read_file(key, NULL, 0, &e)) == NULL)
		die(key, e.msg);
	if ((id = sodium_malloc(sizeof *id)) == NULL ||
	    sh_age_x25519_from_ed25519_sk(sk->sk, id->sk, &e) == -1)
		die("key", e.msg);
	sh_minisign_sk_free(sk);
	if ((r = sh_round_open(db, &e)) == NULL)
		die(db, e.msg);
	memset(&info, 0, sizeof info);
	if (sh_round_get_info(r, &info, &e) == -1)
		die(db, e.msg);
	if ((rubric = sh_rubric_load_buf(info.rubric, info.rubric_len,
	    "rubric", &e)) == NULL)
		die("rubric", e.msg);
	if ((in = sh_ingest_new(r, &info, rubric, id, &e)) == NULL)
		die("ingest", e.msg);
	bad = ingest_all(in, argv + optind, argc - optind, batch);
	sh_ingest_free(in);
	sh_rubric_free(rubric);
	sh_round_info_free(&info);
	sh_round_close(r);
	sodium_free(id);
	fprintf(stderr, "ops: %lld\n", ops);
	return bad;
}
