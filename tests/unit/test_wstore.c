/*
 * The workstation store: drafts sealed at rest, committed on every
 * change, restored on the next start; unreadable with another key; a
 * row moved to another proposal refused; pins kept.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "testutil.h"
#include "wstore.h"
#include "testing.h"

static const char comment[] = "地域の産業界と連携した具体的な計画が示されている。";

static struct wstore *
open_store(const char *dir, const struct sh_minisign_sk *sk)
{
	struct sh_err	 err;
	struct wstore	*st;

	assert_int_equal(chmod(dir, 0700), 0);
	st = wstore_open(dir, sk, &err);

	if (st == NULL)
		fprintf(stderr, "%s\n", err.msg);
	assert_non_null(st);
	return st;
}

static bool
file_has(const char *path, const char *needle)
{
	size_t	 len, n = strlen(needle), i;
	char	*d = tu_slurp(path, &len);
	bool	 found = false;

	for (i = 0; i + n <= len && !found; i++)
		found = memcmp(d + i, needle, n) == 0;
	free(d);
	return found;
}

/*
 * A draft holds the conflict rules as the workstation does: (ア)–(カ)
 * with "review", or a code past (キ), is refused on load; (キ) with
 * "review" is a draft like any other.
 */
static void
draft_conflict_rules(void **state)
{
	static const struct { const char *conflict; int declared, rc; } c[] = {
		{ "review", 0x01, -1 },
		{ "review", 0x20 | 0x40, -1 },
		{ "withdraw", 0x80, -1 },
		{ "withdraw", -1, -1 },
		{ "review", 0x40, 0 },
		{ "withdraw", 0x21, 0 },
	};
	struct ws	*ws = tw_load("kakine-2024", "R2026");
	struct sh_err	 err;
	char		 json[256];
	size_t		 i;
	int		 n;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		n = snprintf(json, sizeof json, "{\"proposal\":\"%s\","
		    "\"conflict\":\"%s\",\"declared\":%d,\"entries\":[]}",
		    ws->props[0].id, c[i].conflict, c[i].declared);
		if (ws_prop_from_json(&ws->props[0], json, (size_t)n,
		    &err) != c[i].rc)
			fail_msg("%s %d: not %s", c[i].conflict, c[i].declared,
			    c[i].rc == 0 ? "loaded" : "refused");
		if (c[i].rc == 0)
			assert_int_equal(ws->props[0].declared,
			    (unsigned)c[i].declared);
		else
			assert_non_null(strstr(err.msg, "declared: bad codes"));
	}
	ws_free(ws);
}

static void
drafts_survive_sealed(void **state)
{
	char		*dir = tu_tmpdir("wstore-drafts"), path[4096];
	struct tw_keys	*k = tw_keys();
	struct wstore	*st;
	struct ws	*ws;
	struct sh_err	 err;
	long long	 version;

	st = open_store(dir, k->reviewer);
	ws = tw_load("kakine-2024", "R2026");
	assert_int_equal(wstore_put_package(st, "R2026", "r01", "AGE", 3,
	    &err), 0);
	ws->save = wstore_save;
	ws->save_arg = st;
	assert_int_equal(ws_declare(ws, &ws->props[0], 0, WS_CONFLICT_REVIEW,
	    &err), 0);
	assert_int_equal(ws_set_value(ws, &ws->props[0], 1, 5, &err), 0);
	assert_int_equal(ws_set_comment(ws, &ws->props[0], 1, comment, &err),
	    0);
	assert_int_equal(ws_set_text(ws, &ws->props[0], WS_TEXT_SCRATCH,
	    "要確認: 予算表", &err), 0);
	assert_int_equal(ws_declare(ws, &ws->props[1], 0x01,
	    WS_CONFLICT_WITHDRAW, &err), 0);
	assert_int_equal(wstore_version(st, "R2026", &version, &err), 0);
	assert_int_equal(version, 5);
	ws_free(ws);
	wstore_close(st);

	/* Nothing confidential in the file, the WAL or the directory. */
	snprintf(path, sizeof(path), "%s/%s", dir, WSTORE_FILE);
	assert_false(file_has(path, comment));
	assert_false(file_has(path, "予算表"));
	assert_false(file_has(path, "1-2"));

	/* Restored on the next start. */
	st = open_store(dir, k->reviewer);
	ws = tw_load("kakine-2024", "R2026");
	assert_int_equal(wstore_load(st, ws, &err), 0);
	assert_int_equal(ws->props[0].conflict, WS_CONFLICT_REVIEW);
	assert_true(ws->props[0].entries[1].set);
	assert_int_equal(ws->props[0].entries[1].value, 5);
	assert_string_equal(ws->props[0].entries[1].comment, comment);
	assert_string_equal(ws->props[0].scratch, "要確認: 予算表");
	assert_int_equal(ws->props[1].conflict, WS_CONFLICT_WITHDRAW);
	assert_int_equal(ws->props[1].declared, 0x01);
	ws_free(ws);
	wstore_close(st);

	/* Another key cannot read them. */
	st = open_store(dir, k->secretariat);
	ws = tw_load("kakine-2024", "R2026");
	assert_int_equal(wstore_load(st, ws, &err), -1);
	assert_non_null(strstr(err.msg, "cannot be unsealed"));
	ws_free(ws);
	wstore_close(st);
	free(dir);
}

static void
moved_row_refused(void **state)
{
	char		*dir = tu_tmpdir("wstore-moved"), path[4096];
	struct tw_keys	*k = tw_keys();
	struct wstore	*st;
	struct ws	*ws;
	struct sh_err	 err;
	sqlite3		*db;

	st = open_store(dir, k->reviewer);
	ws = tw_load("kakine-2024", "R2026");
	assert_int_equal(wstore_put_package(st, "R2026", "r01", "AGE", 3,
	    &err), 0);
	ws->save = wstore_save;
	ws->save_arg = st;
	assert_int_equal(ws_declare(ws, &ws->props[0], 0, WS_CONFLICT_REVIEW,
	    &err), 0);
	ws_free(ws);
	wstore_close(st);
	/* Someone copies K001's sealed draft onto K002. */
	snprintf(path, sizeof(path), "%s/%s", dir, WSTORE_FILE);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO drafts SELECT round, "
	    "'K002', sealed FROM drafts WHERE proposal = 'K001'", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(db);
	st = open_store(dir, k->reviewer);
	ws = tw_load("kakine-2024", "R2026");
	assert_int_equal(wstore_load(st, ws, &err), -1);
	assert_non_null(strstr(err.msg, "K002"));
	ws_free(ws);
	wstore_close(st);
	free(dir);
}

static void
pins_and_rounds(void **state)
{
	char			*dir = tu_tmpdir("wstore-pins"), *r;
	struct tw_keys		*k = tw_keys();
	struct wstore		*st;
	struct sh_minisign_pk	*pks;
	struct sh_buf		 b;
	struct sh_err		 err;
	size_t			 n;
	long long		 rev;

	st = open_store(dir, k->reviewer);
	assert_int_equal(wstore_pins(st, &pks, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(wstore_pin(st, &k->secretariat->pub, &err), 0);
	assert_int_equal(wstore_pin(st, &k->secretariat->pub, &err), 0);
	assert_int_equal(wstore_pins(st, &pks, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_true(sh_minisign_pk_equal(&pks[0], &k->secretariat->pub));
	free(pks);
	assert_null(wstore_last_round(st, &err));
	assert_non_null(strstr(err.msg, "shinsa open"));
	assert_int_equal(wstore_put_package(st, "R2026", "r01", "ABC", 3,
	    &err), 0);
	r = wstore_last_round(st, &err);
	assert_string_equal(r, "R2026");
	free(r);
	sh_buf_init(&b, false);
	assert_int_equal(wstore_get_package(st, "R2026", &b, &err), 0);
	assert_int_equal(b.len, 3);
	sh_buf_free(&b);
	assert_int_equal(wstore_set_revision(st, "R2026", 2, &err), 0);
	assert_int_equal(wstore_revision(st, "R2026", &rev, &err), 0);
	assert_int_equal(rev, 2);
	wstore_close(st);
	free(dir);
}

static void
open_dir_refused(void **state)
{
	char		*dir = tu_tmpdir("wstore-open");
	struct wstore	*st;
	struct sh_err	 err;

	assert_int_equal(chmod(dir, 0755), 0);
	st = wstore_open(dir, tw_keys()->reviewer, &err);
	assert_null(st);
	assert_non_null(strstr(err.msg, "chmod 700"));
	free(dir);
}

static int
teardown(void **state)
{
	tw_keys_free();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(drafts_survive_sealed),
		cmocka_unit_test(draft_conflict_rules),
		cmocka_unit_test(moved_row_refused),
		cmocka_unit_test(pins_and_rounds),
		cmocka_unit_test(open_dir_refused),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, teardown);
}
