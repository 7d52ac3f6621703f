/* The workstation store; see wstore.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>

#include "base/text.h"
#include "store/ioerr.h"
#include "wstore.h"

#define WSTORE_SCHEMA		"1"
#define WSTORE_KEYBYTES		crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#define WSTORE_NONCEBYTES	crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define WSTORE_ABYTES		crypto_aead_xchacha20poly1305_ietf_ABYTES
#define WSTORE_DRAFT_MAX	(4u * 1024 * 1024)
#define WSTORE_PACKAGE_MAX	(256u * 1024 * 1024)

struct wstore {
	sqlite3		*db;
	char		*dir;
	unsigned char	*key;		/* sodium_malloc, WSTORE_KEYBYTES */
};

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE IF NOT EXISTS pins (pk TEXT PRIMARY KEY,"
    " pinned INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS rounds (round TEXT PRIMARY KEY,"
    " reviewer TEXT NOT NULL, package BLOB NOT NULL,"
    " opened INTEGER NOT NULL, version INTEGER NOT NULL DEFAULT 0,"
    " revision INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE IF NOT EXISTS drafts (round TEXT NOT NULL,"
    " proposal TEXT NOT NULL, sealed BLOB NOT NULL,"
    " PRIMARY KEY (round, proposal));"
    "INSERT OR IGNORE INTO meta VALUES ('schema', '" WSTORE_SCHEMA "');";

static char *str_printf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static char *
str_printf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (s = malloc((size_t)n + 1)) == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

char *
wstore_default_dir(void)
{
	const char *e;

	if ((e = getenv("SHINSA_HOME")) != NULL && *e != '\0')
		return strdup(e);
	if ((e = getenv("XDG_DATA_HOME")) != NULL && *e == '/')
		return str_printf("%s/shinsa", e);
	if ((e = getenv("HOME")) == NULL || *e == '\0')
		return NULL;
	return str_printf("%s/.local/share/shinsa", e);
}

int
wstore_make_dir(const char *dir, struct sh_err *err)
{
	char		*p, *s;
	struct stat	 st;

	if ((s = strdup(dir)) == NULL)
		return sh_errf(err, "out of memory");
	for (p = s + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(s, 0755) != 0 && errno != EEXIST) {
			sh_errf(err, "%s: %s", s, strerror(errno));
			free(s);
			return -1;
		}
		*p = '/';
	}
	free(s);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return sh_errf(err, "%s: %s", dir, strerror(errno));
	if (stat(dir, &st) != 0)
		return sh_errf(err, "%s: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return sh_errf(err, "%s: not a directory", dir);
	if (st.st_mode & 077)
		return sh_errf(err, "%s: others can read it (mode %03o); "
		    "chmod 700 it", dir, (unsigned)(st.st_mode & 0777));
	return 0;
}

/* A failed write says why when it can: a full disk, a file-size limit. */
static int
dberr(struct wstore *st, struct sh_err *err, const char *what)
{
	char		 path[4096], buf[160];
	const char	*cause;

	snprintf(path, sizeof path, "%s/%s", st->dir, WSTORE_FILE);
	if ((cause = sh_store_io_cause(st->db, path, buf, sizeof buf)) != NULL)
		return sh_errf(err, "%s: %s: %s (%s)", path, what,
		    sqlite3_errmsg(st->db), cause);
	return sh_errf(err, "%s: %s: %s", path, what, sqlite3_errmsg(st->db));
}

struct wstore *
wstore_open(const char *dir, const struct sh_minisign_sk *sk,
    struct sh_err *err)
{
	static const char	 ctx[] = "shinsa workstation drafts v1";
	struct wstore		*st;
	char			*path;
	mode_t			 old;
	int			 rc;

	if (wstore_make_dir(dir, err) != 0)
		return NULL;
	if ((st = calloc(1, sizeof(*st))) == NULL ||
	    (st->dir = strdup(dir)) == NULL ||
	    (st->key = sodium_malloc(WSTORE_KEYBYTES)) == NULL) {
		if (st != NULL)
			free(st->dir);
		free(st);
		sh_errf(err, "out of memory");
		return NULL;
	}
	/* The sealing key: keyed BLAKE2b of a context, keyed by the seed. */
	crypto_generichash(st->key, WSTORE_KEYBYTES,
	    (const unsigned char *)ctx, sizeof(ctx) - 1, sk->sk,
	    crypto_sign_SEEDBYTES);
	if ((path = str_printf("%s/%s", dir, WSTORE_FILE)) == NULL) {
		wstore_close(st);
		sh_errf(err, "out of memory");
		return NULL;
	}
	old = umask(077);
	rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL);
	umask(old);
	free(path);
	if (rc != SQLITE_OK) {
		if (st->db == NULL)
			sh_errf(err, "%s/%s: cannot open", dir, WSTORE_FILE);
		else
			dberr(st, err, "open");
		wstore_close(st);
		return NULL;
	}
	sqlite3_busy_timeout(st->db, 5000);
	if (sqlite3_exec(st->db, "PRAGMA journal_mode=WAL;"
	    "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", NULL, NULL,
	    NULL) != SQLITE_OK ||
	    sqlite3_exec(st->db, schema, NULL, NULL, NULL) != SQLITE_OK) {
		dberr(st, err, "schema");
		wstore_close(st);
		return NULL;
	}
	return st;
}

void
wstore_close(struct wstore *st)
{
	if (st == NULL)
		return;
	if (st->db != NULL)
		sqlite3_close(st->db);
	if (st->key != NULL)
		sodium_free(st->key);
	free(st->dir);
	free(st);
}

const char *
wstore_dir(const struct wstore *st)
{
	return st->dir;
}

/* Pins */

int
wstore_pins(struct wstore *st, struct sh_minisign_pk **out, size_t *n,
    struct sh_err *err)
{
	sqlite3_stmt		*s;
	struct sh_minisign_pk	*v = NULL, *nv;
	size_t			 k = 0;
	const char		*b64;
	int			 rc;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT pk FROM pins ORDER BY pinned",
	    -1, &s, NULL) != SQLITE_OK)
		return dberr(st, err, "pins");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		b64 = (const char *)sqlite3_column_text(s, 0);
		if ((nv = realloc(v, (k + 1) * sizeof(*v))) == NULL) {
			sqlite3_finalize(s);
			free(v);
			return sh_errf(err, "out of memory");
		}
		v = nv;
		if (b64 == NULL || sh_minisign_pk_parse(b64, strlen(b64),
		    &v[k], err) != 0) {
			sqlite3_finalize(s);
			free(v);
			return sh_err_prefix(err, "%s/%s: pinned key", st->dir,
			    WSTORE_FILE);
		}
		k++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(v);
		return dberr(st, err, "pins");
	}
	*out = v;
	*n = k;
	return 0;
}

int
wstore_pin(struct wstore *st, const struct sh_minisign_pk *pk,
    struct sh_err *err)
{
	sqlite3_stmt	*s;
	char		 b64[SH_MINISIGN_PK_B64_LEN + 1];
	int		 rc;

	sh_minisign_pk_base64(pk, b64);
	if (sqlite3_prepare_v2(st->db, "INSERT OR IGNORE INTO pins "
	    "VALUES (?, ?)", -1, &s, NULL) != SQLITE_OK)
		return dberr(st, err, "pin");
	sqlite3_bind_text(s, 1, b64, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)time(NULL));
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : dberr(st, err, "pin");
}

/* Rounds */

int
wstore_put_package(struct wstore *st, const char *round,
    const char *reviewer, const void *file, size_t len, struct sh_err *err)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (len > WSTORE_PACKAGE_MAX)
		return sh_errf(err, "package over %u bytes",
		    WSTORE_PACKAGE_MAX);
	if (sqlite3_prepare_v2(st->db, "INSERT INTO rounds (round, reviewer,"
	    " package, opened) VALUES (?1, ?2, ?3, ?4) ON CONFLICT(round) DO"
	    " UPDATE SET reviewer = ?2, package = ?3, opened = ?4", -1, &s,
	    NULL) != SQLITE_OK)
		return dberr(st, err, "package");
	sqlite3_bind_text(s, 1, round, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, reviewer, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(s, 3, file, (int)len, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)time(NULL));
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : dberr(st, err, "package");
}

int
wstore_get_package(struct wstore *st, const char *round, struct sh_buf *out,
    struct sh_err *err)
{
	sqlite3_stmt	*s;
	int		 rc, r = -1;

	if (sqlite3_prepare_v2(st->db, "SELECT package FROM rounds WHERE "
	    "round = ?", -1, &s, NULL) != SQLITE_OK)
		return dberr(st, err, "package");
	sqlite3_bind_text(s, 1, round, -1, SQLITE_TRANSIENT);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (sh_buf_append(out, sqlite3_column_blob(s, 0),
		    (size_t)sqlite3_column_bytes(s, 0)) != 0)
			sh_errf(err, "out of memory");
		else
			r = 0;
	} else if (rc == SQLITE_DONE)
		sh_errf(err, "round %s: not opened on this machine "
		    "(shinsa open PACKAGE)", round);
	else
		dberr(st, err, "package");
	sqlite3_finalize(s);
	return r;
}

char *
wstore_last_round(struct wstore *st, struct sh_err *err)
{
	sqlite3_stmt	*s;
	char		*r = NULL;
	int		 rc;

	if (sqlite3_prepare_v2(st->db, "SELECT round FROM rounds ORDER BY "
	    "opened DESC, round LIMIT 1", -1, &s, NULL) != SQLITE_OK) {
		dberr(st, err, "rounds");
		return NULL;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		r = strdup((const char *)sqlite3_column_text(s, 0));
	else if (rc == SQLITE_DONE)
		sh_errf(err, "no package opened yet: shinsa open PACKAGE");
	else
		dberr(st, err, "rounds");
	sqlite3_finalize(s);
	return r;
}

int
wstore_rounds(struct wstore *st, char ***out, size_t *n, struct sh_err *err)
{
	sqlite3_stmt	*s;
	char		**v = NULL, **nv;
	size_t		 k = 0;
	int		 rc;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT round FROM rounds ORDER BY "
	    "opened DESC, round", -1, &s, NULL) != SQLITE_OK)
		return dberr(st, err, "rounds");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((nv = realloc(v, (k + 1) * sizeof(*v))) == NULL ||
		    (nv[k] = strdup((const char *)sqlite3_column_text(s,
		    0))) == NULL) {
			v = nv != NULL ? nv : v;
			rc = SQLITE_NOMEM;
			break;
		}
		v = nv;
		k++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		wstore_rounds_free(v, k);
		return rc == SQLITE_NOMEM ? sh_errf(err, "out of memory") :
		    dberr(st, err, "rounds");
	}
	*out = v;
	*n = k;
	return 0;
}

void
wstore_rounds_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int
get_int(struct wstore *st, const char *sql, const char *round,
    long long *v, struct sh_err *err)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return dberr(st, err, "rounds");
	sqlite3_bind_text(s, 1, round, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    dberr(st, err, "rounds");
}

int
wstore_version(struct wstore *st, const char *round, long long *v,
    struct sh_err *err)
{
	return get_int(st, "SELECT version FROM rounds WHERE round = ?",
	    round, v, err);
}

int
wstore_revision(struct wstore *st, const char *round, long long *v,
    struct sh_err *err)
{
	return get_int(st, "SELECT revision FROM rounds WHERE round = ?",
	    round, v, err);
}

int
wstore_set_revision(struct wstore *st, const char *round, long long rev,
    struct sh_err *err)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (sqlite3_prepare_v2(st->db, "UPDATE rounds SET revision = ? "
	    "WHERE round = ?", -1, &s, NULL) != SQLITE_OK)
		return dberr(st, err, "revision");
	sqlite3_bind_int64(s, 1, rev);
	sqlite3_bind_text(s, 2, round, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return dberr(st, err, "revision");
	if (sqlite3_changes(st->db) != 1)
		return sh_errf(err, "round %s: not in the store", round);
	return 0;
}

/* Drafts as JSON */

static const char *
state_name(enum ws_conflict_state s)
{
	return s == WS_CONFLICT_REVIEW ? "review" :
	    s == WS_CONFLICT_WITHDRAW ? "withdraw" : "undeclared";
}

int
ws_prop_to_json(const struct ws_proposal *p, struct sh_buf *out,
    struct sh_err *err)
{
	json_t			*o, *es, *e;
	const struct ws_entry	*en;
	char			*s;
	size_t			 i;
	int			 r;

	o = json_object();
	es = json_array();
	if (o == NULL || es == NULL)
		goto nomem;
	json_object_set_new(o, "format", json_string("shinsa-draft/1"));
	json_object_set_new(o, "proposal", json_string(p->id));
	json_object_set_new(o, "conflict",
	    json_string(state_name(p->conflict)));
	json_object_set_new(o, "declared", json_integer(p->declared));
	for (i = 0; i < p->variant->nitems; i++) {
		en = &p->entries[i];
		if (!en->set && !en->cannot_judge && en->comment == NULL)
			continue;
		if ((e = json_object()) == NULL)
			goto nomem;
		json_object_set_new(e, "item",
		    json_string(p->variant->items[i].id));
		if (en->set)
			json_object_set_new(e, "value",
			    json_integer(en->value));
		if (en->cannot_judge)
			json_object_set_new(e, "cannot_judge", json_true());
		if (en->comment != NULL)
			json_object_set_new(e, "comment",
			    json_string(en->comment));
		json_array_append_new(es, e);
	}
	json_object_set_new(o, "entries", es);
	es = NULL;
	if (p->remarks != NULL)
		json_object_set_new(o, "remarks", json_string(p->remarks));
	if (p->conditions != NULL)
		json_object_set_new(o, "conditions",
		    json_string(p->conditions));
	if (p->statement != NULL)
		json_object_set_new(o, "statement", json_string(p->statement));
	if (p->scratch != NULL)
		json_object_set_new(o, "scratch", json_string(p->scratch));
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (s == NULL)
		return sh_errf(err, "out of memory");
	r = sh_buf_append_str(out, s);
	sodium_memzero(s, strlen(s));
	free(s);
	return r == 0 ? 0 : sh_errf(err, "out of memory");
nomem:
	json_decref(o);
	json_decref(es);
	return sh_errf(err, "out of memory");
}

static void
free_entries(struct ws_entry *es, size_t n)
{
	size_t i;

	if (es == NULL)
		return;
	for (i = 0; i < n; i++)
		if (es[i].comment != NULL) {
			sodium_memzero(es[i].comment, strlen(es[i].comment));
			free(es[i].comment);
		}
	free(es);
}

static int
opt_text(const json_t *o, const char *key, char **out, struct sh_err *err)
{
	const json_t *v = json_object_get(o, key);

	*out = NULL;
	if (v == NULL)
		return 0;
	if (!json_is_string(v))
		return sh_errf(err, "%s: not a string", key);
	if ((*out = strdup(json_string_value(v))) == NULL)
		return sh_errf(err, "out of memory");
	return 0;
}

static void
wipe_str(char *s)
{
	if (s != NULL) {
		sodium_memzero(s, strlen(s));
		free(s);
	}
}

int
ws_prop_from_json(struct ws_proposal *p, const void *data, size_t len,
    struct sh_err *err)
{
	json_t			*o, *es, *e, *v;
	json_error_t		 jerr;
	struct ws_entry		*ne = NULL;
	const struct sh_item	*it;
	const char		*c, *id;
	char			*rem = NULL, *cond = NULL, *scr = NULL;
	char			*stm = NULL;
	enum ws_conflict_state	 cs;
	json_int_t		 decl;
	size_t			 i, n = p->variant->nitems;

	if (len > WSTORE_DRAFT_MAX)
		return sh_errf(err, "draft of %s: too large", p->id);
	o = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (o == NULL)
		return sh_errf(err, "draft of %s: %s", p->id, jerr.text);
	if ((c = json_string_value(json_object_get(o, "proposal"))) == NULL ||
	    strcmp(c, p->id) != 0) {
		sh_errf(err, "draft of %s: names another proposal", p->id);
		goto fail;
	}
	c = json_string_value(json_object_get(o, "conflict"));
	if (c == NULL)
		c = "";
	if (strcmp(c, "review") == 0)
		cs = WS_CONFLICT_REVIEW;
	else if (strcmp(c, "withdraw") == 0)
		cs = WS_CONFLICT_WITHDRAW;
	else if (strcmp(c, "undeclared") == 0)
		cs = WS_CONFLICT_UNDECLARED;
	else {
		sh_errf(err, "draft of %s: conflict: unknown state", p->id);
		goto fail;
	}
	v = json_object_get(o, "declared");
	decl = json_is_integer(v) ? json_integer_value(v) : -1;
	if (decl < 0 || !sh_conflict_known((unsigned)decl) ||
	    (sh_conflict_must_withdraw((unsigned)decl, NULL) &&
	    cs != WS_CONFLICT_WITHDRAW)) {
		sh_errf(err, "draft of %s: declared: bad codes", p->id);
		goto fail;
	}
	if ((ne = calloc(n + 1, sizeof(*ne))) == NULL) {
		sh_errf(err, "out of memory");
		goto fail;
	}
	es = json_object_get(o, "entries");
	if (!json_is_array(es)) {
		sh_errf(err, "draft of %s: entries: not a list", p->id);
		goto fail;
	}
	json_array_foreach(es, i, e) {
		id = json_string_value(json_object_get(e, "item"));
		if (id == NULL || (it = sh_variant_item(p->variant, id)) ==
		    NULL) {
			sh_errf(err, "draft of %s: entries[%zu]: no such item",
			    p->id, i);
			goto fail;
		}
		/* The writer puts each item once; a second entry would drop
		 * the first one's comment without wiping or freeing it. */
		if (ne[it->index].set || ne[it->index].cannot_judge ||
		    ne[it->index].comment != NULL) {
			sh_errf(err, "draft of %s: item %s: twice", p->id, id);
			goto fail;
		}
		if ((v = json_object_get(e, "value")) != NULL) {
			if (!json_is_integer(v) || json_integer_value(v) < 0 ||
			    json_integer_value(v) > 1000) {
				sh_errf(err, "draft of %s: item %s: bad value",
				    p->id, id);
				goto fail;
			}
			ne[it->index].set = true;
			ne[it->index].value = (int)json_integer_value(v);
		}
		ne[it->index].cannot_judge =
		    json_is_true(json_object_get(e, "cannot_judge"));
		if (opt_text(e, "comment", &ne[it->index].comment, err) != 0)
			goto fail;
	}
	if (opt_text(o, "remarks", &rem, err) != 0 ||
	    opt_text(o, "conditions", &cond, err) != 0 ||
	    opt_text(o, "statement", &stm, err) != 0 ||	/* absent: older */
	    opt_text(o, "scratch", &scr, err) != 0)
		goto fail;
	json_decref(o);
	free_entries(p->entries, n);
	p->entries = ne;
	p->conflict = cs;
	p->declared = (unsigned)decl;
	wipe_str(p->remarks);
	wipe_str(p->conditions);
	wipe_str(p->statement);
	wipe_str(p->scratch);
	p->remarks = rem;
	p->conditions = cond;
	p->statement = stm;
	p->scratch = scr;
	return 0;
fail:
	json_decref(o);
	free_entries(ne, n);
	wipe_str(rem);
	wipe_str(cond);
	wipe_str(stm);
	wipe_str(scr);
	return -1;
}

/* Sealing */

static int
ad_for(const char *round, const char *proposal, struct sh_buf *ad)
{
	sh_buf_init(ad, false);
	if (sh_buf_append_str(ad, "shinsa-draft/1") != 0 ||
	    sh_buf_append(ad, "", 1) != 0 ||
	    sh_buf_append_str(ad, round) != 0 ||
	    sh_buf_append(ad, "", 1) != 0 ||
	    sh_buf_append_str(ad, proposal) != 0)
		return -1;
	return 0;
}

/* Seals one proposal's draft and writes its row; inside a transaction. */
static int
put_row(struct wstore *st, const struct ws *ws, const struct ws_proposal *p,
    struct sh_err *err)
{
	struct sh_buf		 json, ad;
	unsigned char		*sealed = NULL;
	unsigned long long	 slen;
	sqlite3_stmt		*s = NULL;
	int			 r = -1;

	sh_buf_init(&json, true);
	if (ws_prop_to_json(p, &json, err) != 0)
		return -1;
	if (ad_for(ws->round_id, p->id, &ad) != 0) {
		sh_buf_free(&json);
		return sh_errf(err, "out of memory");
	}
	slen = WSTORE_NONCEBYTES + json.len + WSTORE_ABYTES;
	if ((sealed = malloc(slen)) == NULL) {
		sh_errf(err, "out of memory");
		goto out;
	}
	randombytes_buf(sealed, WSTORE_NONCEBYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(sealed + WSTORE_NONCEBYTES,
	    &slen, json.data, json.len, ad.data, ad.len, NULL, sealed,
	    st->key);
	slen += WSTORE_NONCEBYTES;
	if (sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO drafts "
	    "VALUES (?, ?, ?)", -1, &s, NULL) != SQLITE_OK) {
		dberr(st, err, "save");
		goto out;
	}
	sqlite3_bind_text(s, 1, ws->round_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, p->id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(s, 3, sealed, (int)slen, SQLITE_TRANSIENT);
	if (sqlite3_step(s) != SQLITE_DONE) {
		dberr(st, err, "save");
		goto out;
	}
	r = 0;
out:
	sqlite3_finalize(s);
	free(sealed);
	sh_buf_free(&json);
	sh_buf_free(&ad);
	return r;
}

/* Saves proposals (one, or all if p is NULL) and bumps the version, in
 * one transaction committed before returning. */
static int
save_txn(struct wstore *st, const struct ws *ws, const struct ws_proposal *p,
    struct sh_err *err)
{
	sqlite3_stmt	*s = NULL;
	size_t		 i;

	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return dberr(st, err, "save");
	if (p != NULL) {
		if (put_row(st, ws, p, err) != 0)
			goto rollback;
	} else
		for (i = 0; i < ws->nprops; i++)
			if (put_row(st, ws, &ws->props[i], err) != 0)
				goto rollback;
	if (sqlite3_prepare_v2(st->db, "UPDATE rounds SET version = "
	    "version + 1 WHERE round = ?", -1, &s, NULL) != SQLITE_OK)
		goto dbfail;
	sqlite3_bind_text(s, 1, ws->round_id, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) != SQLITE_DONE)
		goto dbfail;
	sqlite3_finalize(s);
	s = NULL;
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto dbfail;
	return 0;
dbfail:
	dberr(st, err, "save");
rollback:
	sqlite3_finalize(s);
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

int
wstore_save(struct ws *ws, const struct ws_proposal *p, void *arg,
    struct sh_err *err)
{
	if (p == NULL)
		return 0;
	return save_txn(arg, ws, p, err);
}

int
wstore_save_all(struct wstore *st, struct ws *ws, struct sh_err *err)
{
	return save_txn(st, ws, NULL, err);
}

int
wstore_load(struct wstore *st, struct ws *ws, struct sh_err *err)
{
	sqlite3_stmt		*s;
	struct ws_proposal	*p;
	struct sh_buf		 plain, ad;
	const unsigned char	*blob;
	const char		*pid;
	unsigned long long	 plen;
	size_t			 blen;
	int			 rc, r = -1;

	if (sqlite3_prepare_v2(st->db, "SELECT proposal, sealed FROM drafts "
	    "WHERE round = ? ORDER BY proposal", -1, &s, NULL) != SQLITE_OK)
		return dberr(st, err, "drafts");
	sqlite3_bind_text(s, 1, ws->round_id, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		pid = (const char *)sqlite3_column_text(s, 0);
		blob = sqlite3_column_blob(s, 1);
		blen = (size_t)sqlite3_column_bytes(s, 1);
		/* A draft of a proposal no longer assigned stays unused. */
		if (pid == NULL || (p = ws_proposal(ws, pid)) == NULL)
			continue;
		if (blen < WSTORE_NONCEBYTES + WSTORE_ABYTES ||
		    blen > WSTORE_DRAFT_MAX) {
			sh_errf(err, "draft of %s: damaged", pid);
			goto out;
		}
		sh_buf_init(&plain, true);
		if (ad_for(ws->round_id, pid, &ad) != 0 ||
		    sh_buf_reserve(&plain, blen) != 0) {
			sh_buf_free(&ad);
			sh_errf(err, "out of memory");
			goto out;
		}
		if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain.data,
		    &plen, NULL, blob + WSTORE_NONCEBYTES,
		    blen - WSTORE_NONCEBYTES, ad.data, ad.len, blob,
		    st->key) != 0) {
			sh_buf_free(&plain);
			sh_buf_free(&ad);
			sh_errf(err, "draft of %s: cannot be unsealed with this "
			    "key (another reviewer's store, or damaged)", pid);
			goto out;
		}
		plain.len = (size_t)plen;
		sh_buf_free(&ad);
		if (ws_prop_from_json(p, plain.data, plain.len, err) != 0) {
			sh_buf_free(&plain);
			goto out;
		}
		sh_buf_free(&plain);
	}
	if (rc != SQLITE_DONE) {
		dberr(st, err, "drafts");
		goto out;
	}
	r = 0;
out:
	sqlite3_finalize(s);
	return r;
}
