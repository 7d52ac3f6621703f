/*
 * The secretariat's round store on SQLite. See round.h for the
 * guarantees; the comments here say how they are kept.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "base/text.h"
#include "crypto/sha256.h"
#include "format/reviews.h"
#include "review/rubric.h"
#include "review/rules.h"
#include "store/ioerr.h"
#include "store/round.h"

/*
 * The statements that ingest runs for every sheet (and the tally for
 * every sheet's reviews), prepared on first use and kept until
 * sh_round_close(): preparing them again for each sheet was about a
 * tenth of ingest's time (docs/benchmarks.md). Every user resets the
 * statement and clears its bindings when done, so that none holds a
 * read transaction open or points at a buffer freed after it.
 */
enum st_id {
	ST_REVIEWS,
	ST_ADD_REVIEW,
	ST_LOG,
	ST_SAVEPOINT,
	ST_RELEASE,
	ST_SHEET_CHECK,
	ST_NOT_CURRENT,
	ST_ADD_SHEET,
	ST_BY_SEALED,
	ST_MAX_REVISION,
	ST_N
};

static const char *const st_sql[ST_N] = {
	[ST_REVIEWS] = "SELECT proposal, declared, withdrawn, total, flags "
	    "FROM reviews WHERE sheet = ? ORDER BY ord",
	[ST_ADD_REVIEW] = "INSERT INTO reviews(sheet, ord, proposal, "
	    "declared, withdrawn, total, flags) VALUES (?, ?, ?, ?, ?, ?, ?)",
	[ST_LOG] = "INSERT INTO log(at, what) VALUES (?, ?)",
	[ST_SAVEPOINT] = "SAVEPOINT sheet",
	[ST_RELEASE] = "RELEASE sheet",
	[ST_SHEET_CHECK] = "SELECT EXISTS (SELECT 1 FROM reviewers WHERE "
	    "id = ?1), (SELECT max(revision) FROM sheets WHERE reviewer = ?1), "
	    "EXISTS (SELECT 1 FROM sheets WHERE reviewer = ?1 AND "
	    "revision = ?2 AND sealed_sha256 = ?3)",
	[ST_NOT_CURRENT] = "UPDATE sheets SET current = 0 WHERE reviewer = ?",
	[ST_ADD_SHEET] = "INSERT INTO sheets(reviewer, revision, "
	    "sheet_json, minisig, sha256, sealed_sha256, accepted_at, current) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
	[ST_BY_SEALED] = "SELECT reviewer, revision FROM sheets "
	    "INDEXED BY sheets_by_sealed WHERE sealed_sha256 = ?",
	/* Answered from the UNIQUE (reviewer, revision) index. */
	[ST_MAX_REVISION] = "SELECT coalesce(max(revision), 0) FROM sheets "
	    "WHERE reviewer = ?",
};

struct sh_round {
	sqlite3	*db;
	char	*path;
	bool	 batch;		/* inside sh_round_batch_begin() */
	sqlite3_stmt	*st[ST_N];	/* cached(): prepared on first use */
};

/*
 * Migrations, applied in order inside one transaction each; the index
 * plus one is the schema version it produces. Never edit a released
 * entry: add a new one.
 */
static const char *const migrations[] = {
	/* 1: the first schema. */
	"CREATE TABLE migrations ("
	"  version INTEGER PRIMARY KEY,"
	"  applied_at TEXT NOT NULL);"
	"CREATE TABLE round ("
	"  one INTEGER PRIMARY KEY CHECK (one = 1),"
	"  id TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  rubric BLOB NOT NULL,"
	"  rubric_sha256 TEXT NOT NULL CHECK (length(rubric_sha256) = 64),"
	"  secretariat_key TEXT NOT NULL,"
	"  secretariat_recipient TEXT NOT NULL,"
	"  created TEXT NOT NULL);"
	"CREATE TABLE proposals ("
	"  id TEXT PRIMARY KEY,"
	"  title TEXT NOT NULL,"
	"  applicant TEXT NOT NULL,"
	"  variant TEXT NOT NULL,"
	"  prefecture TEXT NOT NULL CHECK (length(prefecture) = 2"
	"    AND prefecture GLOB '[0-4][0-9]'"
	"    AND CAST(prefecture AS INTEGER) BETWEEN 1 AND 47),"
	"  facts TEXT NOT NULL CHECK (json_valid(facts)),"
	"  documents TEXT NOT NULL CHECK (json_valid(documents)));"
	"CREATE TABLE reviewers ("
	"  id TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  public_key TEXT NOT NULL UNIQUE,"
	"  recipient TEXT NOT NULL);"
	"CREATE TABLE assignments ("
	"  reviewer TEXT NOT NULL REFERENCES reviewers(id),"
	"  proposal TEXT NOT NULL REFERENCES proposals(id),"
	"  PRIMARY KEY (reviewer, proposal));"
	"CREATE TABLE packages ("
	"  seq INTEGER PRIMARY KEY,"
	"  reviewer TEXT NOT NULL REFERENCES reviewers(id),"
	"  issued TEXT NOT NULL,"
	"  path TEXT NOT NULL,"
	"  sha256 TEXT NOT NULL);"
	"CREATE TABLE sheets ("
	"  seq INTEGER PRIMARY KEY,"
	"  reviewer TEXT NOT NULL REFERENCES reviewers(id),"
	"  revision INTEGER NOT NULL CHECK (revision >= 1),"
	"  sealed BLOB NOT NULL,"
	"  sheet_json BLOB NOT NULL,"
	"  minisig BLOB NOT NULL,"
	"  sha256 TEXT NOT NULL,"
	"  sealed_sha256 TEXT NOT NULL,"
	"  accepted_at TEXT NOT NULL,"
	"  current INTEGER NOT NULL DEFAULT 0 CHECK (current IN (0, 1)),"
	"  UNIQUE (reviewer, revision));"
	"CREATE UNIQUE INDEX sheets_one_current ON sheets(reviewer)"
	"  WHERE current = 1;"
	"CREATE TABLE decisions ("
	"  proposal TEXT NOT NULL REFERENCES proposals(id),"
	"  reviewer TEXT NOT NULL REFERENCES reviewers(id),"
	"  decision TEXT NOT NULL CHECK (decision IN ('allow', 'refuse')),"
	"  decided_at TEXT NOT NULL,"
	"  PRIMARY KEY (proposal, reviewer),"
	"  FOREIGN KEY (reviewer, proposal)"
	"    REFERENCES assignments(reviewer, proposal));"
	"CREATE TABLE log ("
	"  seq INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  what TEXT NOT NULL);"
	"CREATE TRIGGER log_no_update BEFORE UPDATE ON log"
	"  BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;"
	"CREATE TRIGGER log_no_delete BEFORE DELETE ON log"
	"  BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;",

	/*
	 * 2: find a sheet by its sealed bytes from an index alone. Without
	 * it every ingest read every stored sheet's blob pages, so ingest
	 * slowed quadratically as the round filled (bench/, docs/benchmarks.md).
	 */
	("CREATE INDEX sheets_by_sealed ON sheets(sealed_sha256, reviewer,"
	"  revision);"),

	/*
	 * 3: the file as received is no longer kept, only its SHA-256.
	 * Nothing read it: the tally, reports and the audit bundle take the
	 * signed sheet.json and its signature, and "already have" goes by
	 * the hash. Keeping it doubled what each ingest wrote (about 200 KiB
	 * a sheet, twice through the WAL) and the size of the round file.
	 */
	"ALTER TABLE sheets DROP COLUMN sealed;",

	/*
	 * 4: the committee stage (DESIGN.md rules 9 and 12). The reason of a
	 * (キ) decision, written as the seed asks; the designations in force;
	 * and every designation decision, append-only like the log, with its
	 * time, balance reason and conditions, so that the record of what
	 * the committee decided and undid survives the undoing.
	 */
	"ALTER TABLE decisions ADD COLUMN reason TEXT;"
	"CREATE TABLE designations ("
	"  proposal TEXT PRIMARY KEY REFERENCES proposals(id),"
	"  balance TEXT,"
	"  condition TEXT,"
	"  beyond INTEGER NOT NULL DEFAULT 0 CHECK (beyond IN (0, 1)),"
	"  decided_at TEXT NOT NULL);"
	"CREATE TABLE designation_log ("
	"  seq INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  proposal TEXT NOT NULL REFERENCES proposals(id),"
	"  action TEXT NOT NULL CHECK (action IN ('designate', 'undesignate')),"
	"  balance TEXT,"
	"  condition TEXT,"
	"  beyond INTEGER NOT NULL CHECK (beyond IN (0, 1)));"
	"CREATE TRIGGER designation_log_no_update BEFORE UPDATE ON"
	"  designation_log"
	"  BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;"
	"CREATE TRIGGER designation_log_no_delete BEFORE DELETE ON"
	"  designation_log"
	"  BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;",

	/*
	 * 5: the round's deadline (締切), YYYY-MM-DD or NULL, shown in
	 * status and carried in each package issued after it is set.
	 */
	"ALTER TABLE round ADD COLUMN deadline TEXT;",

	/*
	 * 6 (REVIEWS_MIGRATION): each sheet's reviews as the tally needs
	 * them, written with the sheet (format/reviews.h), so that tally,
	 * report and publish read a row a review instead of parsing and
	 * checking every sheet again (14.7 s at 10,000 sheets). The sheets
	 * stay the evidence; backfill_reviews() fills the rows of sheets
	 * stored before. It comes after the deadline (5) because the
	 * backfill reads the round's row as the code reads it now.
	 */
	("CREATE TABLE reviews ("
	"  sheet INTEGER NOT NULL REFERENCES sheets(seq),"
	"  ord INTEGER NOT NULL CHECK (ord >= 0),"
	"  proposal TEXT NOT NULL,"
	"  declared INTEGER NOT NULL,"
	"  withdrawn INTEGER NOT NULL CHECK (withdrawn IN (0, 1)),"
	"  total INTEGER NOT NULL,"
	"  flags INTEGER NOT NULL,"
	"  PRIMARY KEY (sheet, ord)) WITHOUT ROWID;"),

	/*
	 * 7: the sheets' heads (everything but the bodies) in an index
	 * that covers them, so that listing them (the tally, report,
	 * status) does not read every sheet: a row's columns after the
	 * sheet's 200 KB of sealed and sheet_json live at the end of its
	 * overflow pages, and reading them walked the whole chain, a
	 * fifth of the tally's time at 3,000 sheets.
	 */
	"CREATE INDEX sheets_heads ON sheets(reviewer, revision, sha256,"
	"  sealed_sha256, accepted_at, current);",
};
#define REVIEWS_MIGRATION	6
#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))
_Static_assert(sizeof migrations / sizeof migrations[0] ==
    SH_ROUND_SCHEMA_VERSION, "a migration for every schema version");

bool
sh_round_id_valid(const char *s)
{
	return s != NULL && sh_id_valid(s, strnlen(s, SH_ID_MAX + 1),
	    SH_ID_MAX);
}

bool
sh_round_prefecture_valid(const char *s)
{
	int n;

	if (s == NULL || strlen(s) != 2 || s[0] < '0' || s[0] > '9' ||
	    s[1] < '0' || s[1] > '9')
		return false;
	n = (s[0] - '0') * 10 + (s[1] - '0');
	return n >= 1 && n <= 47;
}

void
sh_round_now(char out[21])
{
	const char	*env = getenv("SHINSA_NOW");
	time_t		 t;
	struct tm	 tm;

	if (env != NULL && strlen(env) == 20) {
		memcpy(out, env, 21);
		return;
	}
	t = time(NULL);
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
sh_round_sha256_hex(const void *p, size_t len, char out[65])
{
	unsigned char h[SH_SHA256_BYTES];

	sh_sha256(p, len, h);
	sodium_bin2hex(out, 65, h, sizeof h);
}

/* Why the store could not be written: store/ioerr.h. */
static const char *
io_cause(struct sh_round *r)
{
	static char cause[160];

	return sh_store_io_cause(r->db, r->path, cause, sizeof cause);
}

static int
db_err(struct sh_round *r, struct sh_err *err, const char *what)
{
	const char *cause = io_cause(r);

	if (cause != NULL)
		return sh_errf(err, "%s: %s: %s (%s)", r->path, what,
		    sqlite3_errmsg(r->db), cause);
	return sh_errf(err, "%s: %s: %s", r->path, what, sqlite3_errmsg(r->db));
}

static int
exec(struct sh_round *r, const char *sql, struct sh_err *err)
{
	char *msg = NULL;

	if (sqlite3_exec(r->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		const char *cause = io_cause(r);

		if (cause != NULL)
			sh_errf(err, "%s: %s (%s)", r->path,
			    msg ? msg : "sqlite error", cause);
		else
			sh_errf(err, "%s: %s", r->path,
			    msg ? msg : "sqlite error");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int
begin(struct sh_round *r, struct sh_err *err)
{
	/* IMMEDIATE: take the write lock before reading what we check. */
	return exec(r, "BEGIN IMMEDIATE", err);
}

static int
commit(struct sh_round *r, struct sh_err *err)
{
	if (exec(r, "COMMIT", err) == -1) {
		sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

static void
rollback(struct sh_round *r)
{
	if (!sqlite3_get_autocommit(r->db))
		sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);
}

/*
 * A batch is one transaction holding many sheets, so that a round of
 * thousands costs one sync per batch instead of one per sheet. Each
 * sheet inside it is a savepoint: a refused sheet rolls back to it and
 * leaves the sheets before it in place. The caller acknowledges nothing
 * until sh_round_batch_commit() has returned.
 */
int
sh_round_batch_begin(struct sh_round *r, struct sh_err *err)
{
	if (r->batch)
		return sh_errf(err, "store: a batch is already open");
	if (begin(r, err) == -1)
		return -1;
	r->batch = true;
	return 0;
}

int
sh_round_batch_commit(struct sh_round *r, struct sh_err *err)
{
	if (!r->batch)
		return sh_errf(err, "store: no batch is open");
	r->batch = false;
	/* SQLite may already have rolled the transaction back (I/O error). */
	if (sqlite3_get_autocommit(r->db))
		return sh_errf(err, "store: the batch was rolled back");
	return commit(r, err);
}

void
sh_round_batch_rollback(struct sh_round *r)
{
	r->batch = false;
	rollback(r);
}

bool
sh_round_batch_alive(const struct sh_round *r)
{
	return r->batch && !sqlite3_get_autocommit(r->db);
}

static int	run(struct sh_round *, enum st_id, struct sh_err *);

/* One sheet: its own transaction, or a savepoint inside a batch. */
static int
sheet_begin(struct sh_round *r, struct sh_err *err)
{
	if (!r->batch)
		return begin(r, err);
	if (sqlite3_get_autocommit(r->db))
		return sh_errf(err, "store: the batch was rolled back");
	return run(r, ST_SAVEPOINT, err);
}

static int
sheet_commit(struct sh_round *r, struct sh_err *err)
{
	if (!r->batch)
		return commit(r, err);
	return run(r, ST_RELEASE, err);
}

static void
sheet_rollback(struct sh_round *r)
{
	if (!r->batch) {
		rollback(r);
		return;
	}
	if (!sqlite3_get_autocommit(r->db))
		sqlite3_exec(r->db, "ROLLBACK TO sheet; RELEASE sheet", NULL,
		    NULL, NULL);
}

static sqlite3_stmt *
prep(struct sh_round *r, const char *sql, struct sh_err *err)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(r->db, sql, -1, &st, NULL) != SQLITE_OK) {
		db_err(r, err, "prepare");
		return NULL;
	}
	return st;
}

/* One of the statements of st_sql, prepared once per connection. */
static sqlite3_stmt *
cached(struct sh_round *r, enum st_id id, struct sh_err *err)
{
	if (r->st[id] == NULL)
		r->st[id] = prep(r, st_sql[id], err);
	return r->st[id];
}

/* Ends a use of a cached() statement; NULL is a no-op. */
static void
done(sqlite3_stmt *st)
{
	if (st == NULL)
		return;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/* Steps a cached() statement that returns no row, and ends its use. */
static int
run(struct sh_round *r, enum st_id id, struct sh_err *err)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = cached(r, id, err)) == NULL)
		return -1;
	rc = sqlite3_step(st);
	done(st);
	if (rc != SQLITE_DONE) {
		/* Worded as exec() words it, which ran these before. */
		const char *cause = io_cause(r);

		if (cause != NULL)
			return sh_errf(err, "%s: %s (%s)", r->path,
			    sqlite3_errmsg(r->db), cause);
		return sh_errf(err, "%s: %s", r->path, sqlite3_errmsg(r->db));
	}
	return 0;
}

static void
bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

static int
log_add(struct sh_round *r, const char *what, struct sh_err *err)
{
	sqlite3_stmt	*st;
	char		 now[21];
	int		 rc;

	if ((st = cached(r, ST_LOG, err)) == NULL)
		return -1;
	sh_round_now(now);
	bind_text(st, 1, now);
	bind_text(st, 2, what);
	rc = sqlite3_step(st);
	done(st);
	if (rc != SQLITE_DONE)
		return db_err(r, err, "log");
	return 0;
}

/*
 * Ends a mutation: logs line (owned; NULL when asprintf ran out of
 * memory) and commits, or rolls back on any failure.
 */
static int
log_commit(struct sh_round *r, char *line, struct sh_err *err)
{
	int	rc;

	if (line == NULL)
		rc = sh_errf(err, "out of memory");
	else
		rc = log_add(r, line, err);
	free(line);
	if (rc == 0 && commit(r, err) == 0)
		return 0;
	rollback(r);
	return -1;
}

static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char	*s = sqlite3_column_text(st, i);
	char			*d;

	d = strdup(s ? (const char *)s : "");
	return d;
}

/* The same for a column that may be NULL: *out NULL then. -1: no memory. */
static int
col_opt(sqlite3_stmt *st, int i, char **out)
{
	*out = NULL;
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return 0;
	return (*out = col_dup(st, i)) != NULL ? 0 : -1;
}

static int
col_buf(sqlite3_stmt *st, int i, struct sh_buf *b, bool secret)
{
	const void	*p = sqlite3_column_blob(st, i);
	int		 n = sqlite3_column_bytes(st, i);

	/*
	 * An empty column (a head without its body) allocates nothing: a
	 * secret buffer is a guarded mapping of its own, and ten thousand
	 * of them for one list would run into the process's map limit.
	 */
	sh_buf_init(b, secret);
	if (n > 0 && sh_buf_append(b, p, (size_t)n) != 0)
		return -1;
	return 0;
}

static int
user_version(struct sh_round *r, int *v, struct sh_err *err)
{
	sqlite3_stmt *st;

	if ((st = prep(r, "PRAGMA user_version", err)) == NULL)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_err(r, err, "user_version");
	}
	*v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return 0;
}

static int	backfill_reviews(struct sh_round *, struct sh_err *);

static int
migrate(struct sh_round *r, struct sh_err *err)
{
	sqlite3_stmt	*st;
	char		 sql[64], now[21];
	int		 v = 0, rc;

	if (begin(r, err) == -1)
		return -1;
	if (user_version(r, &v, err) == -1)
		goto fail;
	if (v > NMIGRATIONS) {
		sh_errf(err, "%s: schema version %d is newer than this "
		    "program's %d", r->path, v, NMIGRATIONS);
		goto fail;
	}
	if (v == NMIGRATIONS) {
		rollback(r);	/* nothing to do, nothing written */
		return 0;
	}
	for (; v < NMIGRATIONS; v++) {
		if (exec(r, migrations[v], err) == -1)
			goto fail;
		if (v + 1 == REVIEWS_MIGRATION && backfill_reviews(r, err) == -1)
			goto fail;
		if ((st = prep(r, "INSERT INTO migrations VALUES (?, ?)",
		    err)) == NULL)
			goto fail;
		sh_round_now(now);
		sqlite3_bind_int(st, 1, v + 1);
		bind_text(st, 2, now);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			db_err(r, err, "migrations");
			goto fail;
		}
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
		if (exec(r, sql, err) == -1)
			goto fail;
	}
	return commit(r, err);
fail:
	rollback(r);
	return -1;
}

static struct sh_round *
round_open(const char *path, bool create, struct sh_err *err)
{
	struct sh_round	*r;
	int		 flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	struct stat	 sb;

	if (create && stat(path, &sb) == 0) {
		sh_errf(err, "%s: exists; a round file is never overwritten",
		    path);
		return NULL;
	}
	if (!create && stat(path, &sb) == -1) {
		sh_errf(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (create) {
		/*
		 * The round holds every proposal and score: make the file
		 * 0600 ourselves before SQLite opens it, since SQLite creates
		 * files with the umask's mode and gives its -wal and -shm
		 * files the mode of the database file.
		 */
		int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
		    0600);
		if (fd == -1) {
			sh_errf(err, "%s: cannot create: %s", path,
			    strerror(errno));
			return NULL;
		}
		close(fd);
		flags |= SQLITE_OPEN_CREATE;
	}
	/* Sheets' plaintext lives in sodium_malloc memory. */
	if (sodium_init() < 0) {
		sh_errf(err, "libsodium cannot be initialised");
		return NULL;
	}
	if ((r = calloc(1, sizeof *r)) == NULL ||
	    (r->path = strdup(path)) == NULL) {
		free(r);
		sh_errf(err, "out of memory");
		return NULL;
	}
	if (sqlite3_open_v2(path, &r->db, flags, NULL) != SQLITE_OK) {
		db_err(r, err, "open");
		goto fail;
	}
	sqlite3_extended_result_codes(r->db, 1);
	sqlite3_busy_timeout(r->db, 5000);
	/*
	 * On an existing WAL file these are no-ops that write nothing; the
	 * journal mode is persistent, foreign keys are per connection.
	 */
	if (exec(r, "PRAGMA foreign_keys = ON", err) == -1)
		goto fail;
	/*
	 * A sheet is a blob of about 200 KiB (its signed JSON): with
	 * 64 KiB pages it is a few overflow pages instead of fifty,
	 * which is most of what storing one costs. Fixed at creation.
	 */
	if (create && exec(r, "PRAGMA page_size = 65536", err) == -1)
		goto fail;
	/*
	 * WAL, not a rollback journal, measured for ingest (docs/
	 * benchmarks.md, run 9): DELETE writes each sheet once instead of
	 * twice (64 against 123 MiB for 300 sheets) and spends about 8%
	 * less CPU, but it syncs twice as often, blocks every reader
	 * (status, report from another terminal) for a whole batch, and
	 * switching a round made in WAL needs the file to itself. With
	 * synchronous = FULL both keep a committed batch across a crash.
	 */
	if (create && exec(r, "PRAGMA journal_mode = WAL", err) == -1)
		goto fail;
	if (exec(r, "PRAGMA synchronous = FULL", err) == -1)
		goto fail;
	/*
	 * Savepoints (an ingest batch) and large sorts spill to temporary
	 * files, by default in /var/tmp: they would hold sheets' plaintext
	 * outside the round's directory, and fail on a full /var/tmp.
	 */
	if (exec(r, "PRAGMA temp_store = MEMORY", err) == -1)
		goto fail;
	if (migrate(r, err) == -1)
		goto fail;
	return r;
fail:
	sh_round_close(r);
	if (create)	/* a half-made round must not block a retry */
		unlink(path);
	return NULL;
}

void
sh_round_close(struct sh_round *r)
{
	int i;

	if (r == NULL)
		return;
	for (i = 0; i < ST_N; i++)
		sqlite3_finalize(r->st[i]);
	sqlite3_close(r->db);
	free(r->path);
	free(r);
}

struct sh_round *
sh_round_create(const char *path, const struct sh_round_info *info,
    struct sh_err *err)
{
	struct sh_round	*r;
	sqlite3_stmt	*st;
	char		 sha[65], now[21], *what = NULL;
	int		 rc;

	if (!sh_round_id_valid(info->id)) {
		sh_errf(err, "round id \"%s\" is not [A-Za-z0-9._-]{1,64}",
		    info->id ? info->id : "");
		return NULL;
	}
	if (info->title == NULL || info->secretariat_key == NULL ||
	    info->secretariat_recipient == NULL || info->rubric == NULL) {
		sh_errf(err, "round %s: title, rubric and secretariat key "
		    "are required", info->id);
		return NULL;
	}
	if ((r = round_open(path, true, err)) == NULL) {
		return NULL;
	}
	sh_round_sha256_hex(info->rubric, info->rubric_len, sha);
	sh_round_now(now);
	if (begin(r, err) == -1)
		goto fail;
	if (info->deadline != NULL && !sh_date_valid(info->deadline)) {
		sh_errf(err, "deadline \"%s\" is not a date YYYY-MM-DD",
		    info->deadline);
		goto fail;
	}
	if ((st = prep(r, "INSERT INTO round (one, id, title, rubric, "
	    "rubric_sha256, secretariat_key, secretariat_recipient, created, "
	    "deadline) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)", err)) == NULL)
		goto fail;
	bind_text(st, 1, info->id);
	bind_text(st, 2, info->title);
	sqlite3_bind_blob(st, 3, info->rubric, (int)info->rubric_len,
	    SQLITE_TRANSIENT);
	bind_text(st, 4, sha);
	bind_text(st, 5, info->secretariat_key);
	bind_text(st, 6, info->secretariat_recipient);
	bind_text(st, 7, now);
	if (info->deadline != NULL)
		bind_text(st, 8, info->deadline);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_err(r, err, "round");
		goto fail;
	}
	if (asprintf(&what, "round %s created, rubric sha256 %s", info->id,
	    sha) == -1 || log_add(r, what, err) == -1)
		goto fail;
	free(what);
	what = NULL;
	if (commit(r, err) == -1)
		goto fail;
	return r;
fail:
	free(what);
	rollback(r);
	sh_round_close(r);
	unlink(path);
	return NULL;
}

struct sh_round *
sh_round_open(const char *path, struct sh_err *err)
{
	struct sh_round		*r;
	struct sh_round_info	 info;

	if ((r = round_open(path, false, err)) == NULL)
		return NULL;
	/* A file with the schema but no round is not a round. */
	if (sh_round_get_info(r, &info, err) == -1) {
		sh_round_close(r);
		return NULL;
	}
	sh_round_info_free(&info);
	return r;
}

void
sh_round_info_free(struct sh_round_info *i)
{
	free(i->id);
	free(i->title);
	free(i->rubric);
	free(i->secretariat_key);
	free(i->secretariat_recipient);
	free(i->created);
	free(i->deadline);
	memset(i, 0, sizeof *i);
}

int
sh_round_get_info(struct sh_round *r, struct sh_round_info *out,
    struct sh_err *err)
{
	sqlite3_stmt	*st;
	const void	*p;
	int		 rc;

	memset(out, 0, sizeof *out);
	if ((st = prep(r, "SELECT id, title, rubric, rubric_sha256, "
	    "secretariat_key, secretariat_recipient, created, deadline "
	    "FROM round", err)) == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		if (rc == SQLITE_DONE)
			return sh_errf(err, "%s: no round in this file",
			    r->path);
		return db_err(r, err, "round");
	}
	out->id = col_dup(st, 0);
	out->title = col_dup(st, 1);
	out->rubric_len = (size_t)sqlite3_column_bytes(st, 2);
	p = sqlite3_column_blob(st, 2);
	if ((out->rubric = malloc(out->rubric_len + 1)) != NULL) {
		if (out->rubric_len > 0)
			memcpy(out->rubric, p, out->rubric_len);
		out->rubric[out->rubric_len] = '\0';
	}
	snprintf(out->rubric_sha256, sizeof out->rubric_sha256, "%s",
	    (const char *)sqlite3_column_text(st, 3));
	out->secretariat_key = col_dup(st, 4);
	out->secretariat_recipient = col_dup(st, 5);
	out->created = col_dup(st, 6);
	if (sqlite3_column_type(st, 7) != SQLITE_NULL &&
	    (out->deadline = col_dup(st, 7)) == NULL) {
		sqlite3_finalize(st);
		sh_round_info_free(out);
		return sh_errf(err, "out of memory");
	}
	sqlite3_finalize(st);
	if (out->id == NULL || out->title == NULL || out->rubric == NULL ||
	    out->secretariat_key == NULL || out->secretariat_recipient ==
	    NULL || out->created == NULL) {
		sh_round_info_free(out);
		return sh_errf(err, "out of memory");
	}
	return 0;
}

/*
 * Why a constraint refused record id, one message for each kind of
 * record: a word such as "proposal" given as an argument would stay
 * English in every translation. Only reviewers have a unique column
 * (the public key) and only assignments name other records.
 */
static void
refused(int rc, const char *what, const char *id, struct sh_err *err)
{
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		sh_errf(err, "reviewer %s: its public key is already "
		    "registered for another reviewer", id);
	else if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
		sh_errf(err, "assignment %s: names an unknown reviewer or "
		    "proposal", id);
	else if (strcmp(what, "proposal") == 0)
		sh_errf(err, "proposal %s: already in the round", id);
	else if (strcmp(what, "reviewer") == 0)
		sh_errf(err, "reviewer %s: already in the round", id);
	else
		sh_errf(err, "assignment %s: already in the round", id);
}

/* Runs one prepared insert per record, all in one transaction. */
static int
insert_all(struct sh_round *r, const char *sql, const char *what,
    size_t n, int (*bind)(sqlite3_stmt *, const void *, size_t,
    struct sh_err *), const void *recs, const char *(*name)(const void *,
    size_t), struct sh_err *err)
{
	sqlite3_stmt	*st = NULL;
	char		*line = NULL;
	size_t		 i;
	int		 rc;

	if (begin(r, err) == -1)
		return -1;
	if ((st = prep(r, sql, err)) == NULL)
		goto fail;
	for (i = 0; i < n; i++) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		if (bind(st, recs, i, err) == -1)
			goto fail;
		rc = sqlite3_step(st);
		if (rc == SQLITE_CONSTRAINT_PRIMARYKEY ||
		    rc == SQLITE_CONSTRAINT_UNIQUE ||
		    rc == SQLITE_CONSTRAINT_FOREIGNKEY) {
			refused(rc, what, name(recs, i), err);
			goto fail;
		}
		if (rc != SQLITE_DONE) {
			db_err(r, err, what);
			sh_err_prefix(err, "%s %s", what, name(recs, i));
			goto fail;
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	if (asprintf(&line, "%zu %s%s added", n, what, n == 1 ? "" : "s")
	    == -1 || log_add(r, line, err) == -1)
		goto fail;
	free(line);
	return commit(r, err);
fail:
	free(line);
	sqlite3_finalize(st);
	rollback(r);
	return -1;
}

static int
bind_proposal(sqlite3_stmt *st, const void *recs, size_t i,
    struct sh_err *err)
{
	const struct sh_proposal_rec *p = (const struct sh_proposal_rec *)recs + i;

	if (!sh_round_id_valid(p->id))
		return sh_errf(err, "proposal id \"%s\" is not "
		    "[A-Za-z0-9._-]{1,64}", p->id ? p->id : "");
	if (!sh_round_id_valid(p->variant))
		return sh_errf(err, "proposal %s: variant \"%s\" is not an id",
		    p->id, p->variant ? p->variant : "");
	if (!sh_round_prefecture_valid(p->prefecture))
		return sh_errf(err, "proposal %s: prefecture \"%s\" not in "
		    "01–47", p->id, p->prefecture);
	if (p->title == NULL || p->applicant == NULL)
		return sh_errf(err, "proposal %s: title and applicant are "
		    "required", p->id);
	bind_text(st, 1, p->id);
	bind_text(st, 2, p->title);
	bind_text(st, 3, p->applicant);
	bind_text(st, 4, p->variant);
	bind_text(st, 5, p->prefecture);
	bind_text(st, 6, p->facts ? p->facts : "{}");
	bind_text(st, 7, p->documents ? p->documents : "[]");
	return 0;
}

static const char *
name_proposal(const void *recs, size_t i)
{
	return ((const struct sh_proposal_rec *)recs)[i].id;
}

int
sh_round_add_proposals(struct sh_round *r, const struct sh_proposal_rec *p,
    size_t n, struct sh_err *err)
{
	return insert_all(r, "INSERT INTO proposals VALUES (?, ?, ?, ?, ?, ?, ?)",
	    "proposal", n, bind_proposal, p, name_proposal, err);
}

static int
bind_reviewer(sqlite3_stmt *st, const void *recs, size_t i,
    struct sh_err *err)
{
	const struct sh_reviewer_rec *v = (const struct sh_reviewer_rec *)recs + i;

	if (!sh_round_id_valid(v->id))
		return sh_errf(err, "reviewer id \"%s\" is not "
		    "[A-Za-z0-9._-]{1,64}", v->id ? v->id : "");
	if (v->name == NULL || v->public_key == NULL || v->recipient == NULL)
		return sh_errf(err, "reviewer %s: name, public key and "
		    "recipient are required", v->id);
	bind_text(st, 1, v->id);
	bind_text(st, 2, v->name);
	bind_text(st, 3, v->public_key);
	bind_text(st, 4, v->recipient);
	return 0;
}

static const char *
name_reviewer(const void *recs, size_t i)
{
	return ((const struct sh_reviewer_rec *)recs)[i].id;
}

int
sh_round_add_reviewers(struct sh_round *r, const struct sh_reviewer_rec *v,
    size_t n, struct sh_err *err)
{
	return insert_all(r, "INSERT INTO reviewers VALUES (?, ?, ?, ?)",
	    "reviewer", n, bind_reviewer, v, name_reviewer, err);
}

static int
bind_assignment(sqlite3_stmt *st, const void *recs, size_t i,
    struct sh_err *err)
{
	const struct sh_round_assignment *a = (const struct sh_round_assignment *)recs + i;

	if (!sh_round_id_valid(a->reviewer) || !sh_round_id_valid(a->proposal))
		return sh_errf(err, "assignment %s/%s: not ids",
		    a->reviewer ? a->reviewer : "",
		    a->proposal ? a->proposal : "");
	bind_text(st, 1, a->reviewer);
	bind_text(st, 2, a->proposal);
	return 0;
}

static const char *
name_assignment(const void *recs, size_t i)
{
	static char buf[2 * SH_ID_MAX + 2];
	const struct sh_round_assignment *a = (const struct sh_round_assignment *)recs + i;

	snprintf(buf, sizeof buf, "%s/%s", a->reviewer, a->proposal);
	return buf;
}

int
sh_round_add_assignments(struct sh_round *r, const struct sh_round_assignment *a,
    size_t n, struct sh_err *err)
{
	return insert_all(r, "INSERT INTO assignments VALUES (?, ?)",
	    "assignment", n, bind_assignment, a, name_assignment, err);
}

int
sh_round_add_package(struct sh_round *r, const struct sh_package_rec *p,
    struct sh_err *err)
{
	sqlite3_stmt	*st;
	char		*line = NULL;
	int		 rc;

	if (begin(r, err) == -1)
		return -1;
	if ((st = prep(r, "INSERT INTO packages(reviewer, issued, path, "
	    "sha256) VALUES (?, ?, ?, ?)", err)) == NULL)
		goto fail;
	bind_text(st, 1, p->reviewer);
	bind_text(st, 2, p->issued);
	bind_text(st, 3, p->path);
	bind_text(st, 4, p->sha256);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) {
		sh_errf(err, "package for %s: unknown reviewer", p->reviewer);
		goto fail;
	}
	if (rc != SQLITE_DONE) {
		db_err(r, err, "package");
		goto fail;
	}
	if (asprintf(&line, "package issued to %s, sha256 %s", p->reviewer,
	    p->sha256) == -1)
		line = NULL;
	return log_commit(r, line, err);
fail:
	rollback(r);
	return -1;
}

int
sh_round_decide(struct sh_round *r, const char *proposal, const char *reviewer,
    enum sh_decision d, const char *reason, struct sh_err *err)
{
	sqlite3_stmt	*st;
	char		*line = NULL, now[21];
	const char	*word = d == SH_DECIDE_ALLOW ? "allow" : "refuse";
	int		 rc;

	if (d != SH_DECIDE_ALLOW && d != SH_DECIDE_REFUSE)
		return sh_errf(err, "decision must be allow or refuse");
	if (begin(r, err) == -1)
		return -1;
	/*
	 * Only a (キ) the reviewer's current sheet declares is the
	 * committee's to decide (review/rules.h); looked up inside the
	 * transaction, so that an ingest cannot change it in between.
	 */
	if ((st = prep(r, "SELECT EXISTS (SELECT 1 FROM assignments WHERE "
	    "reviewer = ?1 AND proposal = ?2), (SELECT rv.declared FROM "
	    "sheets s JOIN reviews rv ON rv.sheet = s.seq WHERE "
	    "s.reviewer = ?1 AND s.current = 1 AND rv.proposal = ?2)",
	    err)) == NULL)
		goto fail;
	bind_text(st, 1, reviewer);
	bind_text(st, 2, proposal);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		db_err(r, err, "decision");
		goto fail;
	}
	rc = sh_conflict_decidable(proposal, reviewer,
	    sqlite3_column_int(st, 0) != 0,
	    sqlite3_column_type(st, 1) != SQLITE_NULL,
	    (unsigned)sqlite3_column_int64(st, 1), err);
	sqlite3_finalize(st);
	if (rc == -1)
		goto fail;
	/* A later decision replaces an earlier one; the log keeps both. */
	if ((st = prep(r, "INSERT INTO decisions(proposal, reviewer, "
	    "decision, decided_at, reason) VALUES (?, ?, ?, ?, ?) "
	    "ON CONFLICT (proposal, reviewer) DO UPDATE SET "
	    "decision = excluded.decision, decided_at = excluded.decided_at, "
	    "reason = excluded.reason", err)) == NULL)
		goto fail;
	sh_round_now(now);
	bind_text(st, 1, proposal);
	bind_text(st, 2, reviewer);
	bind_text(st, 3, word);
	bind_text(st, 4, now);
	bind_text(st, 5, reason);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_err(r, err, "decision");
		goto fail;
	}
	if (asprintf(&line, "committee decision (キ) %s/%s: %s%s%s", proposal,
	    reviewer, word, reason ? ": " : "", reason ? reason : "") == -1)
		line = NULL;
	return log_commit(r, line, err);
fail:
	rollback(r);
	return -1;
}

int
sh_round_set_deadline(struct sh_round *r, const char *date,
    struct sh_err *err)
{
	sqlite3_stmt	*st;
	char		*line = NULL;
	int		 rc;

	if (date != NULL && !sh_date_valid(date))
		return sh_errf(err, "deadline \"%s\" is not a date "
		    "YYYY-MM-DD", date);
	if (begin(r, err) == -1)
		return -1;
	if ((st = prep(r, "UPDATE round SET deadline = ?", err)) == NULL)
		goto fail;
	if (date != NULL)
		bind_text(st, 1, date);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_err(r, err, "round");
		goto fail;
	}
	if (asprintf(&line, "deadline %s", date ? date : "removed") == -1)
		line = NULL;
	return log_commit(r, line, err);
fail:
	rollback(r);
	return -1;
}

void
sh_sheet_rec_init(struct sh_sheet_rec *s)
{
	memset(s, 0, sizeof *s);
	sh_buf_init(&s->json, true);
	sh_buf_init(&s->minisig, false);
}

void
sh_sheet_rec_free(struct sh_sheet_rec *s)
{
	free(s->reviewer);
	free(s->accepted_at);
	sh_buf_free(&s->json);
	sh_buf_free(&s->minisig);
	s->reviewer = s->accepted_at = NULL;
}

/* The reviews of sheet seq, in the sheet's order. */
static int
reviews_insert(struct sh_round *r, int64_t seq, const struct sh_review *v,
    size_t n, struct sh_err *err)
{
	sqlite3_stmt	*st;
	size_t		 i;
	int		 rc = 0;

	if ((st = cached(r, ST_ADD_REVIEW, err)) == NULL)
		return -1;
	for (i = 0; i < n && rc == 0; i++) {
		sqlite3_bind_int64(st, 1, seq);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		sqlite3_bind_text(st, 3, v[i].proposal, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, v[i].declared);
		sqlite3_bind_int(st, 5, v[i].withdrawn);
		sqlite3_bind_int64(st, 6, v[i].total);
		sqlite3_bind_int64(st, 7, v[i].flags);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_err(r, err, "reviews");
		sqlite3_reset(st);
	}
	sqlite3_clear_bindings(st);
	return rc;
}

const struct sh_facts *
sh_round_facts(void *arg, const char *proposal, struct sh_err *err)
{
	struct sh_round_facts		*f = arg;
	size_t				 lo = 0, hi = f->n, mid;
	int				 cmp;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		cmp = strcmp(proposal, f->ps[mid].id);
		if (cmp == 0)
			return sh_facts_cache_get(&f->cache, mid,
			    f->ps[mid].facts, err);
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	sh_errf(err, "proposal %s is not in the round", proposal);
	return NULL;
}

/*
 * Migration REVIEWS_MIGRATION: every stored sheet's reviews, from its
 * stored sheet.json, read once. The sheets were checked against the
 * rubric and their assignment when they were ingested. One that cannot
 * be read now is left without reviews rather than keeping the round
 * from opening: the tally reads such a sheet itself (format/results.c),
 * and refuses it saying why, as it always did.
 */
static int
backfill_reviews(struct sh_round *r, struct sh_err *err)
{
	struct sh_round_info	 info;
	struct sh_rubric	*rubric = NULL;
	struct sh_proposal_rec	*ps = NULL;
	struct sh_round_facts	 f;
	struct sh_review	*rv = NULL;
	struct sh_sheet		 s;
	sqlite3_stmt		*st = NULL;
	size_t			 np = 0;
	int			 rc = -1, step;

	memset(&info, 0, sizeof info);
	memset(&f, 0, sizeof f);
	sh_sheet_init(&s);
	if ((st = prep(r, "SELECT seq, reviewer, revision, sheet_json "
	    "FROM sheets ORDER BY seq", err)) == NULL)
		return -1;
	if ((step = sqlite3_step(st)) == SQLITE_DONE) {
		sqlite3_finalize(st);
		return 0;	/* no sheets: nothing to fill */
	}
	if (sh_round_get_info(r, &info, err) == -1)
		goto out;
	if ((rubric = sh_rubric_load_buf(info.rubric, info.rubric_len,
	    "round rubric", NULL)) == NULL) {
		rc = 0;		/* no sheet can be read: none is filled */
		goto out;
	}
	if (sh_round_proposals(r, &ps, &np, err) == -1 ||
	    sh_facts_cache_init(&f.cache, np, err) == -1)
		goto out;
	f.ps = ps;
	f.n = np;
	for (; step == SQLITE_ROW; step = sqlite3_step(st)) {
		int64_t		 seq = sqlite3_column_int64(st, 0);
		const void	*json = sqlite3_column_blob(st, 3);
		int		 len = sqlite3_column_bytes(st, 3);

		sh_sheet_free(&s);
		sh_sheet_init(&s);
		free(rv);
		rv = NULL;
		if (sh_sheet_parse(json != NULL ? json : "", (size_t)len, &s,
		    NULL) == -1)
			continue;
		if ((rv = calloc(s.nproposals + 1, sizeof *rv)) == NULL) {
			sh_errf(err, "out of memory");
			goto out;
		}
		if (sh_sheet_reviews(&s, rubric, sh_round_facts, &f, rv,
		    NULL) == -1)
			continue;
		if (reviews_insert(r, seq, rv, s.nproposals, err) == -1)
			goto out;
	}
	if (step != SQLITE_DONE) {
		db_err(r, err, "sheets");
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	free(rv);
	sh_sheet_free(&s);
	sh_facts_cache_free(&f.cache);
	sh_proposal_recs_free(ps, np);
	sh_rubric_free(rubric);
	sh_round_info_free(&info);
	return rc;
}

int
sh_round_sheet_reviews(struct sh_round *r, int64_t seq,
    struct sh_review_list *out, struct sh_err *err)
{
	sqlite3_stmt	*st;
	size_t		 i;
	int		 rc;

	if ((st = cached(r, ST_REVIEWS, err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, seq);
	out->n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char	*id = (const char *)sqlite3_column_text(st, 0);
		size_t		 len = id != NULL ? strlen(id) : 0;

		if (id == NULL || len >= sizeof out->ids[0]) {
			sqlite3_reset(st);
			return sh_errf(err, "reviews: sheet %lld: a proposal "
			    "id that is not an id", (long long)seq);
		}
		if (sh_review_list_reserve(out, out->n + 1) == -1) {
			sqlite3_reset(st);
			return sh_errf(err, "out of memory");
		}
		memcpy(out->ids[out->n], id, len + 1);
		out->v[out->n].declared = (unsigned)sqlite3_column_int64(st, 1);
		out->v[out->n].withdrawn = sqlite3_column_int(st, 2) != 0;
		out->v[out->n].total = (int32_t)sqlite3_column_int64(st, 3);
		out->v[out->n].flags = (unsigned)sqlite3_column_int64(st, 4);
		out->n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_err(r, err, "reviews");
	/* After the last reserve: the array may have moved until now. */
	for (i = 0; i < out->n; i++)
		out->v[i].proposal = out->ids[i];
	return 0;
}

enum sh_ingest_result
sh_round_add_sheet(struct sh_round *r, struct sh_sheet_rec *s,
    struct sh_err *err)
{
	sqlite3_stmt	*st = NULL;
	char		*line = NULL, now[21];
	int64_t		 maxrev = 0;
	int		 rc, same = 0;
	/* Failures are the store's unless a check below says the sheet's. */
	enum sh_ingest_result	 res = SH_INGEST_FAILED;

	if (!sh_round_id_valid(s->reviewer)) {
		sh_errf(err, "sheet: reviewer is not an id");
		return SH_INGEST_REFUSED;
	}
	if (s->revision < 1) {
		sh_errf(err, "sheet from %s: revision %lld is not >= 1",
		    s->reviewer, (long long)s->revision);
		return SH_INGEST_REFUSED;
	}
	if (sheet_begin(r, err) == -1)
		return SH_INGEST_FAILED;
	/* Checked under the write lock; refusing rolls back, writing nothing. */
	if ((st = cached(r, ST_SHEET_CHECK, err)) == NULL)
		goto fail;
	bind_text(st, 1, s->reviewer);
	sqlite3_bind_int64(st, 2, s->revision);
	bind_text(st, 3, s->sealed_sha256);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_err(r, err, "sheets");
		goto fail;
	}
	if (!sqlite3_column_int(st, 0)) {
		sh_errf(err, "sheet from %s: not a reviewer of this round",
		    s->reviewer);
		res = SH_INGEST_REFUSED;
		goto fail;
	}
	maxrev = sqlite3_column_int64(st, 1);
	same = sqlite3_column_int(st, 2);
	done(st);
	st = NULL;
	if (same) {
		sheet_rollback(r);
		return SH_INGEST_ALREADY;
	}
	if (s->revision <= maxrev) {
		sh_errf(err, "sheet from %s: revision %lld is not newer than "
		    "revision %lld already accepted", s->reviewer,
		    (long long)s->revision, (long long)maxrev);
		res = SH_INGEST_REFUSED;
		goto fail;
	}
	if ((st = cached(r, ST_NOT_CURRENT, err)) == NULL)
		goto fail;
	bind_text(st, 1, s->reviewer);
	rc = sqlite3_step(st);
	done(st);
	st = NULL;
	if (rc != SQLITE_DONE) {
		db_err(r, err, "sheets");
		goto fail;
	}
	if ((st = cached(r, ST_ADD_SHEET, err)) == NULL)
		goto fail;
	sh_round_now(now);
	bind_text(st, 1, s->reviewer);
	sqlite3_bind_int64(st, 2, s->revision);
	sqlite3_bind_blob(st, 3, s->json.data ? (void *)s->json.data : "",
	    (int)s->json.len, SQLITE_STATIC);
	sqlite3_bind_blob(st, 4, s->minisig.data ? (void *)s->minisig.data : "",
	    (int)s->minisig.len, SQLITE_STATIC);
	bind_text(st, 5, s->sha256);
	bind_text(st, 6, s->sealed_sha256);
	bind_text(st, 7, now);
	rc = sqlite3_step(st);
	/* Clears the bindings to the sheet's secret buffers too. */
	done(st);
	st = NULL;
	if (rc != SQLITE_DONE) {
		db_err(r, err, "sheets");
		goto fail;
	}
	s->seq = sqlite3_last_insert_rowid(r->db);
	if (reviews_insert(r, s->seq, s->reviews, s->nreviews, err) == -1)
		goto fail;
	if (asprintf(&line, "sheet accepted: %s revision %lld, sha256 %s",
	    s->reviewer, (long long)s->revision, s->sha256) == -1 ||
	    log_add(r, line, err) == -1)
		goto fail;
	free(line);
	line = NULL;
	if (sheet_commit(r, err) == -1) {
		sheet_rollback(r);
		return SH_INGEST_FAILED;
	}
	free(s->accepted_at);
	s->accepted_at = strdup(now);
	s->current = true;
	return SH_INGEST_ACCEPTED;
fail:
	free(line);
	if (st != NULL)
		done(st);
	sheet_rollback(r);
	return res;
}

/*
 * The lists read each row into a record by a table of its columns, in
 * the order of the SELECT: what each column is and where in the record
 * it goes. One reader and one free serve every list, so a new column is
 * a row of its table and cannot be read and then forgotten by the free.
 */
enum col_kind {
	COL_STR,	/* char *; NULL reads as "" */
	COL_OPT,	/* char *; NULL stays NULL */
	COL_FIXED,	/* char[size] */
	COL_INT64,	/* int64_t */
	COL_BOOL,	/* bool: nonzero */
	COL_DECISION,	/* enum sh_decision: "allow" or a refusal */
	COL_BUF,	/* struct sh_buf */
	COL_SECRET	/* struct sh_buf in secret memory */
};

struct col {
	enum col_kind	 kind;
	size_t		 off;
	size_t		 size;
};

#define COL(kind, type, field)						\
	{ kind, offsetof(type, field), sizeof ((type *)0)->field }

struct rows {
	const char		*what;	/* the table, in its errors */
	size_t			 size;	/* of a record */
	const struct col	*cols;
	size_t			 ncols;
	void			(*init)(void *);	/* NULL: zeroed */
};

#define ROWS(what, type, cols, init)					\
	{ what, sizeof (type), cols, sizeof cols / sizeof cols[0], init }

/* Grows an array by one zeroed element. */
static void *
grow(void *arr, size_t *n, size_t size)
{
	void *p;

	if (*n >= SIZE_MAX / size - 1)
		return NULL;
	if ((p = realloc(arr, (*n + 1) * size)) == NULL)
		return NULL;
	memset((char *)p + *n * size, 0, size);
	(*n)++;
	return p;
}

/* Column i of row st into the record's field c. -1: no memory. */
static int
col_read(sqlite3_stmt *st, int i, const struct col *c, char *rec)
{
	void	*f = rec + c->off;

	switch (c->kind) {
	case COL_STR:
		return (*(char **)f = col_dup(st, i)) != NULL ? 0 : -1;
	case COL_OPT:
		return col_opt(st, i, f);
	case COL_FIXED:
		snprintf(f, c->size, "%s",
		    (const char *)sqlite3_column_text(st, i));
		return 0;
	case COL_INT64:
		*(int64_t *)f = sqlite3_column_int64(st, i);
		return 0;
	case COL_BOOL:
		*(bool *)f = sqlite3_column_int(st, i) != 0;
		return 0;
	case COL_DECISION:
		*(enum sh_decision *)f = strcmp((const char *)
		    sqlite3_column_text(st, i), "allow") == 0 ?
		    SH_DECIDE_ALLOW : SH_DECIDE_REFUSE;
		return 0;
	case COL_BUF:
	case COL_SECRET:
		return col_buf(st, i, f, c->kind == COL_SECRET);
	}
	return -1;
}

/* Frees n records of table t and the array. */
static void
rows_free(const struct rows *t, void *arr, size_t n)
{
	const struct col	*c;
	char			*rec;
	size_t			 i, j;

	for (i = 0; i < n; i++) {
		rec = (char *)arr + i * t->size;
		for (j = 0; j < t->ncols; j++) {
			c = &t->cols[j];
			if (c->kind == COL_STR || c->kind == COL_OPT)
				free(*(char **)(rec + c->off));
			else if (c->kind == COL_BUF || c->kind == COL_SECRET)
				sh_buf_free((struct sh_buf *)(rec + c->off));
		}
	}
	free(arr);
}

/*
 * Every row of st (prepared and bound; NULL when preparing failed, which
 * err says) into *out, an array of *n records of table t, and finalizes
 * st. On failure *out is NULL and *n 0.
 */
static int
rows_read(struct sh_round *r, sqlite3_stmt *st, const struct rows *t,
    void **out, size_t *n, struct sh_err *err)
{
	char	*arr = NULL, *p, *rec;
	size_t	 cnt = 0, i;
	int	 rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((p = grow(arr, &cnt, t->size)) == NULL)
			goto oom;
		arr = p;
		rec = arr + (cnt - 1) * t->size;
		if (t->init != NULL)
			t->init(rec);
		for (i = 0; i < t->ncols; i++)
			if (col_read(st, (int)i, &t->cols[i], rec) == -1)
				goto oom;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		rows_free(t, arr, cnt);
		return db_err(r, err, t->what);
	}
	*out = arr;
	*n = cnt;
	return 0;
oom:
	sqlite3_finalize(st);
	rows_free(t, arr, cnt);
	return sh_errf(err, "out of memory");
}

static const struct col proposal_cols[] = {
	COL(COL_STR, struct sh_proposal_rec, id),
	COL(COL_STR, struct sh_proposal_rec, title),
	COL(COL_STR, struct sh_proposal_rec, applicant),
	COL(COL_STR, struct sh_proposal_rec, variant),
	COL(COL_FIXED, struct sh_proposal_rec, prefecture),
	COL(COL_STR, struct sh_proposal_rec, facts),
	COL(COL_STR, struct sh_proposal_rec, documents)
};
static const struct rows proposal_rows =
    ROWS("proposals", struct sh_proposal_rec, proposal_cols, NULL);

static const struct col reviewer_cols[] = {
	COL(COL_STR, struct sh_reviewer_rec, id),
	COL(COL_STR, struct sh_reviewer_rec, name),
	COL(COL_STR, struct sh_reviewer_rec, public_key),
	COL(COL_STR, struct sh_reviewer_rec, recipient)
};
static const struct rows reviewer_rows =
    ROWS("reviewers", struct sh_reviewer_rec, reviewer_cols, NULL);

static const struct col assignment_cols[] = {
	COL(COL_STR, struct sh_round_assignment, reviewer),
	COL(COL_STR, struct sh_round_assignment, proposal)
};
static const struct rows assignment_rows =
    ROWS("assignments", struct sh_round_assignment, assignment_cols, NULL);

static const struct col package_cols[] = {
	COL(COL_STR, struct sh_package_rec, reviewer),
	COL(COL_STR, struct sh_package_rec, issued),
	COL(COL_STR, struct sh_package_rec, path),
	COL(COL_FIXED, struct sh_package_rec, sha256)
};
static const struct rows package_rows =
    ROWS("packages", struct sh_package_rec, package_cols, NULL);

static void
sheet_rec_init(void *p)
{
	sh_sheet_rec_init(p);
}

static const struct col sheet_cols[] = {
	COL(COL_INT64, struct sh_sheet_rec, seq),
	COL(COL_STR, struct sh_sheet_rec, reviewer),
	COL(COL_INT64, struct sh_sheet_rec, revision),
	COL(COL_SECRET, struct sh_sheet_rec, json),
	COL(COL_BUF, struct sh_sheet_rec, minisig),
	COL(COL_FIXED, struct sh_sheet_rec, sha256),
	COL(COL_FIXED, struct sh_sheet_rec, sealed_sha256),
	COL(COL_STR, struct sh_sheet_rec, accepted_at),
	COL(COL_BOOL, struct sh_sheet_rec, current)
};
static const struct rows sheet_rows =
    ROWS("sheets", struct sh_sheet_rec, sheet_cols, sheet_rec_init);

static const struct col sheet_head_cols[] = {
	COL(COL_INT64, struct sh_sheet_head, seq),
	COL(COL_STR, struct sh_sheet_head, reviewer),
	COL(COL_INT64, struct sh_sheet_head, revision),
	COL(COL_FIXED, struct sh_sheet_head, sha256),
	COL(COL_BOOL, struct sh_sheet_head, current)
};
static const struct rows sheet_head_rows =
    ROWS("sheets", struct sh_sheet_head, sheet_head_cols, NULL);

static const struct col decision_cols[] = {
	COL(COL_STR, struct sh_decision_rec, proposal),
	COL(COL_STR, struct sh_decision_rec, reviewer),
	COL(COL_DECISION, struct sh_decision_rec, decision),
	COL(COL_STR, struct sh_decision_rec, decided_at),
	COL(COL_OPT, struct sh_decision_rec, reason)
};
static const struct rows decision_rows =
    ROWS("decisions", struct sh_decision_rec, decision_cols, NULL);

static const struct col log_cols[] = {
	COL(COL_INT64, struct sh_log_rec, seq),
	COL(COL_STR, struct sh_log_rec, at),
	COL(COL_STR, struct sh_log_rec, what)
};
static const struct rows log_rows =
    ROWS("log", struct sh_log_rec, log_cols, NULL);

static const struct col designation_cols[] = {
	COL(COL_STR, struct sh_designation_rec, proposal),
	COL(COL_OPT, struct sh_designation_rec, balance),
	COL(COL_OPT, struct sh_designation_rec, condition),
	COL(COL_BOOL, struct sh_designation_rec, beyond),
	COL(COL_STR, struct sh_designation_rec, decided_at)
};
static const struct rows designation_rows =
    ROWS("designations", struct sh_designation_rec, designation_cols, NULL);

int
sh_round_proposals(struct sh_round *r, struct sh_proposal_rec **out,
    size_t *n, struct sh_err *err)
{
	void	*arr;
	int	 rc;

	rc = rows_read(r, prep(r, "SELECT id, title, applicant, variant, "
	    "prefecture, facts, documents FROM proposals ORDER BY id", err),
	    &proposal_rows, &arr, n, err);
	*out = arr;
	return rc;
}

void
sh_proposal_recs_free(struct sh_proposal_rec *a, size_t n)
{
	rows_free(&proposal_rows, a, n);
}

int
sh_round_reviewers(struct sh_round *r, struct sh_reviewer_rec **out,
    size_t *n, struct sh_err *err)
{
	void	*arr;
	int	 rc;

	rc = rows_read(r, prep(r, "SELECT id, name, public_key, recipient "
	    "FROM reviewers ORDER BY id", err), &reviewer_rows, &arr, n, err);
	*out = arr;
	return rc;
}

void
sh_reviewer_recs_free(struct sh_reviewer_rec *a, size_t n)
{
	rows_free(&reviewer_rows, a, n);
}

int
sh_round_assignments(struct sh_round *r, const char *reviewer,
    struct sh_round_assignment **out, size_t *n, struct sh_err *err)
{
	sqlite3_stmt	*st;
	void		*arr;
	int		 rc;

	/*
	 * Two statements, not "?1 IS NULL OR reviewer = ?1": the OR keeps
	 * SQLite from using the primary key, and one reviewer's sheet would
	 * scan every assignment of the round.
	 */
	st = prep(r, reviewer == NULL ?
	    "SELECT reviewer, proposal FROM assignments "
	    "ORDER BY reviewer, proposal" :
	    "SELECT reviewer, proposal FROM assignments WHERE reviewer = ?1 "
	    "ORDER BY reviewer, proposal", err);
	if (st != NULL && reviewer != NULL)
		bind_text(st, 1, reviewer);
	rc = rows_read(r, st, &assignment_rows, &arr, n, err);
	*out = arr;
	return rc;
}

int
sh_round_assignments_each(struct sh_round *r,
    int (*fn)(void *, const char *, const char *, struct sh_err *),
    void *arg, struct sh_err *err)
{
	sqlite3_stmt	*st;
	const char	*who, *what;
	int		 rc;

	if ((st = prep(r, "SELECT reviewer, proposal FROM assignments "
	    "ORDER BY reviewer, proposal", err)) == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		who = (const char *)sqlite3_column_text(st, 0);
		what = (const char *)sqlite3_column_text(st, 1);
		if (fn(arg, who != NULL ? who : "", what != NULL ? what : "",
		    err) == -1) {
			sqlite3_finalize(st);
			return -1;
		}
	}
	if (rc != SQLITE_DONE)
		db_err(r, err, "assignments");
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

void
sh_round_assignments_free(struct sh_round_assignment *a, size_t n)
{
	rows_free(&assignment_rows, a, n);
}

int
sh_round_packages(struct sh_round *r, struct sh_package_rec **out,
    size_t *n, struct sh_err *err)
{
	void	*arr;
	int	 rc;

	rc = rows_read(r, prep(r, "SELECT reviewer, issued, path, sha256 "
	    "FROM packages ORDER BY seq", err), &package_rows, &arr, n, err);
	*out = arr;
	return rc;
}

void
sh_package_recs_free(struct sh_package_rec *a, size_t n)
{
	rows_free(&package_rows, a, n);
}

static int
sheets_query(struct sh_round *r, bool current_only, bool bodies,
    struct sh_sheet_rec **out, size_t *n, struct sh_err *err)
{
	sqlite3_stmt	*st;
	void		*arr;
	int		 rc;

	/* Without the bodies, the index sheets_heads covers the query. */
	st = prep(r, bodies ?
	    "SELECT seq, reviewer, revision, sheet_json, minisig, "
	    "sha256, sealed_sha256, accepted_at, "
	    "current FROM sheets WHERE ?1 = 0 OR current = 1 "
	    "ORDER BY reviewer, revision" :
	    "SELECT seq, reviewer, revision, x'', x'', "
	    "sha256, sealed_sha256, accepted_at, "
	    "current FROM sheets WHERE ?1 = 0 OR current = 1 "
	    "ORDER BY reviewer, revision", err);
	if (st != NULL)
		sqlite3_bind_int(st, 1, current_only ? 1 : 0);
	rc = rows_read(r, st, &sheet_rows, &arr, n, err);
	*out = arr;
	return rc;
}

int
sh_round_sheets(struct sh_round *r, bool current_only,
    struct sh_sheet_rec **out, size_t *n, struct sh_err *err)
{
	return sheets_query(r, current_only, true, out, n, err);
}

int
sh_round_sheet_heads(struct sh_round *r, struct sh_sheet_rec **out,
    size_t *n, struct sh_err *err)
{
	return sheets_query(r, false, false, out, n, err);
}

int
sh_round_sheet_list(struct sh_round *r, struct sh_sheet_head **out,
    size_t *n, struct sh_err *err)
{
	void	*arr;
	int	 rc;

	/* The index sheets_heads covers it, as sh_round_sheet_heads(). */
	rc = rows_read(r, prep(r, "SELECT seq, reviewer, revision, sha256, "
	    "current FROM sheets ORDER BY reviewer, revision", err),
	    &sheet_head_rows, &arr, n, err);
	*out = arr;
	return rc;
}

void
sh_sheet_heads_free(struct sh_sheet_head *a, size_t n)
{
	rows_free(&sheet_head_rows, a, n);
}

/* Replaces out's contents by column col of row st. */
static int
column_blob(sqlite3_stmt *st, int col, struct sh_buf *out, struct sh_err *err)
{
	const void	*p = sqlite3_column_blob(st, col);
	int		 n = sqlite3_column_bytes(st, col);

	out->len = 0;
	if (sh_buf_append(out, p != NULL ? p : "", (size_t)n) != 0)
		return sh_errf(err, "out of memory");
	return 0;
}

/* sheet.json of sheet seq and, when minisig is not NULL, its signature. */
static int
sheet_signed(struct sh_round *r, int64_t seq, struct sh_buf *json,
    struct sh_buf *minisig, struct sh_err *err)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = prep(r, minisig != NULL ?
	    "SELECT sheet_json, minisig FROM sheets WHERE seq = ?" :
	    "SELECT sheet_json FROM sheets WHERE seq = ?", err)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, seq);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		if (rc == SQLITE_DONE)
			sh_errf(err, "sheets: no sheet %lld", (long long)seq);
		else
			db_err(r, err, "sheets");
		sqlite3_finalize(st);
		return -1;
	}
	rc = column_blob(st, 0, json, err);
	if (rc == 0 && minisig != NULL)
		rc = column_blob(st, 1, minisig, err);
	sqlite3_finalize(st);
	return rc;
}

int
sh_round_sheet_json(struct sh_round *r, int64_t seq, struct sh_buf *out,
    struct sh_err *err)
{
	return sheet_signed(r, seq, out, NULL, err);
}

int
sh_round_sheet_signed(struct sh_round *r, int64_t seq, struct sh_buf *json,
    struct sh_buf *minisig, struct sh_err *err)
{
	return sheet_signed(r, seq, json, minisig, err);
}

int
sh_round_sheet_by_sealed(struct sh_round *r, const char *sealed_sha256,
    char reviewer[65], int64_t *revision, struct sh_err *err)
{
	sqlite3_stmt	*st;
	const char	*who;
	int		 rc;

	if ((st = cached(r, ST_BY_SEALED, err)) == NULL)
		return -1;
	bind_text(st, 1, sealed_sha256);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		who = (const char *)sqlite3_column_text(st, 0);
		snprintf(reviewer, 65, "%s", who != NULL ? who : "");
		*revision = sqlite3_column_int64(st, 1);
		done(st);
		return 1;
	}
	if (rc != SQLITE_DONE) {
		db_err(r, err, "sheets");
		done(st);
		return -1;
	}
	done(st);
	return 0;
}

int
sh_round_max_revision(struct sh_round *r, const char *reviewer,
    int64_t *revision, struct sh_err *err)
{
	sqlite3_stmt	*st;

	if ((st = cached(r, ST_MAX_REVISION, err)) == NULL)
		return -1;
	bind_text(st, 1, reviewer);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_err(r, err, "sheets");
		done(st);
		return -1;
	}
	*revision = sqlite3_column_int64(st, 0);
	done(st);
	return 0;
}

void
sh_sheet_recs_free(struct sh_sheet_rec *a, size_t n)
{
	rows_free(&sheet_rows, a, n);
}

int
sh_round_decisions(struct sh_round *r, struct sh_decision_rec **out,
    size_t *n, struct sh_err *err)
{
	void	*arr;
	int	 rc;

	rc = rows_read(r, prep(r, "SELECT proposal, reviewer, decision, "
	    "decided_at, reason FROM decisions ORDER BY proposal, reviewer",
	    err), &decision_rows, &arr, n, err);
	*out = arr;
	return rc;
}

void
sh_decision_recs_free(struct sh_decision_rec *a, size_t n)
{
	rows_free(&decision_rows, a, n);
}

int
sh_round_log(struct sh_round *r, struct sh_log_rec **out, size_t *n,
    struct sh_err *err)
{
	void	*arr;
	int	 rc;

	rc = rows_read(r, prep(r, "SELECT seq, at, what FROM log ORDER BY seq",
	    err), &log_rows, &arr, n, err);
	*out = arr;
	return rc;
}

void
sh_log_recs_free(struct sh_log_rec *a, size_t n)
{
	rows_free(&log_rows, a, n);
}

int
sh_round_designations(struct sh_round *r, struct sh_designation_rec **out,
    size_t *n, struct sh_err *err)
{
	void	*arr;
	int	 rc;

	rc = rows_read(r, prep(r, "SELECT proposal, balance, condition, "
	    "beyond, decided_at FROM designations ORDER BY proposal", err),
	    &designation_rows, &arr, n, err);
	*out = arr;
	return rc;
}

/*
 * The SHA-256, in hex, of a set of designations: every field of every
 * row, in the store's order (by proposal), so that any change the
 * committee makes (a pick, a reason, a condition, the guideline's
 * acknowledgement) changes it.
 */
static int
designations_digest(const struct sh_designation_rec *d, size_t n,
    char hex[65], struct sh_err *err)
{
	unsigned char	md[SH_SHA256_BYTES];
	struct sh_buf	b;
	size_t		i;
	int		rc = 0;

	sh_buf_init(&b, false);
	for (i = 0; i < n && rc == 0; i++)
		rc = sh_buf_printf(&b, "%s%c%c%s%c%c%s%c%c%s%c",
		    d[i].proposal, 0, d[i].balance ? '+' : '-',
		    d[i].balance ? d[i].balance : "", 0,
		    d[i].condition ? '+' : '-',
		    d[i].condition ? d[i].condition : "", 0,
		    d[i].beyond ? '1' : '0',
		    d[i].decided_at ? d[i].decided_at : "", 0);
	if (rc != 0) {
		sh_buf_free(&b);
		return sh_errf(err, "out of memory");
	}
	sh_sha256(b.data != NULL ? b.data : (unsigned char *)"", b.len, md);
	sodium_bin2hex(hex, 65, md, sizeof md);
	sh_buf_free(&b);
	return 0;
}

int
sh_round_log_published(struct sh_round *r, const char *results_sha256,
    const struct sh_designation_rec *d, size_t n, struct sh_err *err)
{
	char	*line = NULL, digest[65];

	if (designations_digest(d, n, digest, err) == -1)
		return -1;
	if (begin(r, err) == -1)
		return -1;
	if (asprintf(&line, "published results %s designations %s",
	    results_sha256, digest) == -1)
		line = NULL;
	return log_commit(r, line, err);
}

int
sh_round_designations_published(struct sh_round *r, bool *published,
    struct sh_err *err)
{
	struct sh_designation_rec	*d;
	sqlite3_stmt			*st;
	const char			*last;
	char				 digest[65], *want = NULL;
	size_t				 n;
	int				 rc;

	/*
	 * By what was signed, not by times or the log's order: publish
	 * logs the digest of the designations it loaded and signed, so a
	 * change made while it ran, or one that left no log line of its
	 * own, still tells the two apart.
	 */
	if (sh_round_designations(r, &d, &n, err) == -1)
		return -1;
	rc = designations_digest(d, n, digest, err);
	sh_designation_recs_free(d, n);
	if (rc == -1)
		return -1;
	if ((st = prep(r, "SELECT what FROM log WHERE what LIKE "
	    "'published results %' ORDER BY seq DESC LIMIT 1", err)) == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		last = (const char *)sqlite3_column_text(st, 0);
		if (asprintf(&want, " designations %s", digest) == -1) {
			sqlite3_finalize(st);
			return sh_errf(err, "out of memory");
		}
		*published = last != NULL && strlen(last) >= strlen(want) &&
		    strcmp(last + strlen(last) - strlen(want), want) == 0;
		free(want);
	} else if (rc == SQLITE_DONE)
		*published = false;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_err(r, err, "log");
	return 0;
}

void
sh_designation_recs_free(struct sh_designation_rec *a, size_t n)
{
	rows_free(&designation_rows, a, n);
}

static int
designation_log_add(struct sh_round *r, const char *now,
    const struct sh_designation_rec *d, bool designate, struct sh_err *err)
{
	sqlite3_stmt	*st;
	char		*line = NULL;
	int		 rc;

	if ((st = prep(r, "INSERT INTO designation_log(at, proposal, action, "
	    "balance, condition, beyond) VALUES (?, ?, ?, ?, ?, ?)",
	    err)) == NULL)
		return -1;
	bind_text(st, 1, now);
	bind_text(st, 2, d->proposal);
	bind_text(st, 3, designate ? "designate" : "undesignate");
	bind_text(st, 4, d->balance);
	bind_text(st, 5, d->condition);
	sqlite3_bind_int(st, 6, d->beyond);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
		return sh_errf(err, "%s: no such proposal", d->proposal);
	if (rc != SQLITE_DONE)
		return db_err(r, err, "designation log");
	if (asprintf(&line, "committee %s %s%s%s%s%s", designate ?
	    "designated" : "undesignated", d->proposal,
	    d->balance ? ", balance: " : "", d->balance ? d->balance : "",
	    d->condition ? ", condition: " : "",
	    d->condition ? d->condition : "") == -1)
		return sh_errf(err, "out of memory");
	rc = log_add(r, line, err);
	free(line);
	return rc;
}

int
sh_round_set_designations(struct sh_round *r,
    const struct sh_designation_rec *set, size_t n,
    const struct sh_designation_rec *changed, size_t nchanged, bool designate,
    struct sh_err *err)
{
	sqlite3_stmt	*st = NULL;
	char		 now[21];
	size_t		 i;
	int		 rc;

	if (begin(r, err) == -1)
		return -1;
	sh_round_now(now);
	if (exec(r, "DELETE FROM designations", err) == -1)
		goto fail;
	for (i = 0; i < n; i++) {
		if ((st = prep(r, "INSERT INTO designations(proposal, balance, "
		    "condition, beyond, decided_at) VALUES (?, ?, ?, ?, ?)",
		    err)) == NULL)
			goto fail;
		bind_text(st, 1, set[i].proposal);
		bind_text(st, 2, set[i].balance);
		bind_text(st, 3, set[i].condition);
		sqlite3_bind_int(st, 4, set[i].beyond);
		bind_text(st, 5, set[i].decided_at ? set[i].decided_at : now);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc == SQLITE_CONSTRAINT_FOREIGNKEY ||
		    rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
			sh_errf(err, "%s: no such proposal, or named twice",
			    set[i].proposal);
			goto fail;
		}
		if (rc != SQLITE_DONE) {
			db_err(r, err, "designations");
			goto fail;
		}
	}
	for (i = 0; i < nchanged; i++)
		if (designation_log_add(r, now, &changed[i], designate,
		    err) == -1)
			goto fail;
	return commit(r, err);
fail:
	rollback(r);
	return -1;
}
