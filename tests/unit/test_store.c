/* store/round: the secretariat's round file — schema, all-or-nothing
 * mutations, sheet revisions, refusals that leave the file unchanged,
 * and the append-only log. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>
#include <sqlite3.h>

#include "testutil.h"
#include "base/text.h"
#include "review/rules.h"
#include "store/round.h"

static char *
new_round(const char *name, struct sh_round **rp)
{
	struct sh_round_info	 info;
	struct sh_err		 e;
	char			*dir, *path;
	static const char	 rubric[] = "{\"format\":\"shinsa-rubric/1\"}";

	dir = tu_tmpdir(name);
	if (asprintf(&path, "%s/round.db", dir) == -1)
		fail();
	free(dir);
	memset(&info, 0, sizeof info);
	info.id = "R2026-kakine";
	info.title = "令和6年度 垣根 書面審査";
	info.rubric = (unsigned char *)rubric;
	info.rubric_len = strlen(rubric);
	info.secretariat_key = "RWQ...";
	info.secretariat_recipient = "age1secretariat";
	*rp = sh_round_create(path, &info, &e);
	if (*rp == NULL)
		fail_msg("%s", e.msg);
	return path;
}

static void
populate(struct sh_round *r)
{
	struct sh_proposal_rec	p[3] = {
		{ "P001", "遠隔授業の充実", "北海道教育委員会", "kakine", "01",
		    "{\"students_per_pc\":1.5}", "[]" },
		{ "P002", "通信制の連携", "○○県教育委員会", "kakine", "13",
		    "{}", NULL },
		{ "P003", "学科の垣根", "△△学園", "kakine", "47", NULL, NULL },
	};
	struct sh_reviewer_rec	v[2] = {
		{ "r01", "山田 花子", "KEY1", "age1r01" },
		{ "r02", "佐藤 一郎", "KEY2", "age1r02" },
	};
	struct sh_round_assignment	a[3] = {
		{ "r01", "P001" }, { "r01", "P002" }, { "r02", "P003" },
	};
	struct sh_err		e;

	if (sh_round_add_proposals(r, p, 3, &e) != 0)
		fail_msg("%s", e.msg);
	if (sh_round_add_reviewers(r, v, 2, &e) != 0)
		fail_msg("%s", e.msg);
	if (sh_round_add_assignments(r, a, 3, &e) != 0)
		fail_msg("%s", e.msg);
}

static void
sheet(struct sh_sheet_rec *s, const char *reviewer, int64_t rev,
    const char *body)
{
	sh_sheet_rec_init(s);
	s->reviewer = strdup(reviewer);
	s->revision = rev;
	sh_buf_append_str(&s->json, body);
	sh_buf_append_str(&s->minisig, "sig");
	sh_round_sha256_hex(s->json.data, s->json.len, s->sha256);
	/* As if the sealed file were "sealed:" and the body. */
	{
		struct sh_buf sealed;

		sh_buf_init(&sealed, false);
		sh_buf_append_str(&sealed, "sealed:");
		sh_buf_append_str(&sealed, body);
		sh_round_sha256_hex(sealed.data, sealed.len, s->sealed_sha256);
		sh_buf_free(&sealed);
	}
}

/*
 * Stores r01's sheet of this revision, declaring `declared` on P001 and
 * nothing on P002, as ingest stores the reviews it computed.
 */
static void
r01_declares(struct sh_round *r, int64_t rev, unsigned declared)
{
	struct sh_sheet_rec	 s;
	struct sh_review	 rv[2] = {
		{ "P001", declared, false, 40, 0 },
		{ "P002", 0, false, 30, 0 },
	};
	struct sh_err		 e;
	char			 body[32];

	snprintf(body, sizeof body, "{\"revision\":%lld}", (long long)rev);
	sheet(&s, "r01", rev, body);
	s.reviews = rv;
	s.nreviews = 2;
	if (sh_round_add_sheet(r, &s, &e) != SH_INGEST_ACCEPTED)
		fail_msg("%s", e.msg);
	sh_sheet_rec_free(&s);
}

static void
create_and_reopen(void **state)
{
	struct sh_round		*r;
	struct sh_round_info	 info;
	struct sh_err		 e;
	char			*path;

	path = new_round("store_create", &r);
	sh_round_close(r);
	/* Never overwritten. */
	memset(&info, 0, sizeof info);
	info.id = "X";
	info.title = "x";
	info.rubric = (unsigned char *)"{}";
	info.rubric_len = 2;
	info.secretariat_key = "k";
	info.secretariat_recipient = "age1";
	assert_null(sh_round_create(path, &info, &e));
	assert_non_null(strstr(e.msg, "exists"));

	assert_non_null(r = sh_round_open(path, &e));
	assert_int_equal(sh_round_get_info(r, &info, &e), 0);
	assert_string_equal(info.id, "R2026-kakine");
	assert_string_equal(info.title, "令和6年度 垣根 書面審査");
	/* sha256 of the rubric bytes, computed by the store. */
	assert_string_equal(info.rubric_sha256,	/* sha256sum of the bytes */
	    "18a6e5bd09af8f6e66e0c099a941a444a0900f2cd11a37f451afcb91b3934d6f");
	assert_int_equal(info.rubric_len, 28);
	assert_string_equal(info.created, "2026-06-30T12:00:00Z");
	assert_null(info.deadline);
	sh_round_info_free(&info);

	/* The deadline (締切): a real date, changed and removed, logged. */
	assert_int_equal(sh_round_set_deadline(r, "2026-02-30", &e), -1);
	assert_non_null(strstr(e.msg, "not a date"));
	assert_int_equal(sh_round_set_deadline(r, "2026-07-31", &e), 0);
	assert_int_equal(sh_round_get_info(r, &info, &e), 0);
	assert_string_equal(info.deadline, "2026-07-31");
	sh_round_info_free(&info);
	assert_int_equal(sh_round_set_deadline(r, NULL, &e), 0);
	assert_int_equal(sh_round_get_info(r, &info, &e), 0);
	assert_null(info.deadline);
	sh_round_info_free(&info);
	assert_true(sh_date_valid("2028-02-29"));
	assert_false(sh_date_valid("2026-02-29"));
	assert_false(sh_date_valid("2026-7-31"));
	sh_round_close(r);
	free(path);
}

static void
schema_version_and_pragmas(void **state)
{
	struct sh_round	*r;
	sqlite3		*db;
	sqlite3_stmt	*st;
	char		*path;

	path = new_round("store_schema", &r);
	sh_round_close(r);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), SH_ROUND_SCHEMA_VERSION);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	/* The migrations table says which migrations made this schema. */
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT group_concat(version) "
	    "FROM migrations", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0),
	    "1,2,3,4,5,6,7");
	sqlite3_finalize(st);
	/* The sheets' heads (tally, report) are read from an index that
	 * covers them, never from the rows, whose bodies fill many pages. */
	assert_int_equal(sqlite3_prepare_v2(db, "EXPLAIN QUERY PLAN "
	    "SELECT seq, reviewer, revision, sha256, sealed_sha256, "
	    "accepted_at, current FROM sheets ORDER BY reviewer, revision",
	    -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_non_null(strstr((const char *)sqlite3_column_text(st, 3),
	    "COVERING INDEX sheets_heads"));
	sqlite3_finalize(st);
	/* Foreign keys are enforced by the schema's references. */
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM "
	    "pragma_foreign_key_list('assignments')", -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 2);
	sqlite3_finalize(st);
	/* A newer schema is refused rather than misread. */
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL,
	    NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	{
		struct sh_err e;

		assert_null(sh_round_open(path, &e));
		assert_non_null(strstr(e.msg, "schema version 99 is newer"));
	}
	free(path);
}

static void
mutations_are_all_or_nothing(void **state)
{
	struct sh_round		*r;
	struct sh_proposal_rec	*ps, bad[2] = {
		{ "P010", "ok", "ok", "kakine", "02", "{}", "[]" },
		{ "P011", "bad", "bad", "kakine", "48", "{}", "[]" },
	};
	struct sh_round_assignment	 dangling = { "r01", "P999" };
	struct sh_reviewer_rec	 dup = { "r01", "x", "KEY9", "age1x" };
	struct sh_err		 e;
	size_t			 n;
	char			*path;

	path = new_round("store_atomic", &r);
	populate(r);
	assert_int_equal(sh_round_add_proposals(r, bad, 2, &e), -1);
	assert_non_null(strstr(e.msg, "prefecture \"48\" not in 01–47"));
	assert_int_equal(sh_round_proposals(r, &ps, &n, &e), 0);
	assert_int_equal(n, 3);		/* P010 was not added either */
	assert_string_equal(ps[0].title, "遠隔授業の充実");
	assert_string_equal(ps[0].facts, "{\"students_per_pc\":1.5}");
	assert_string_equal(ps[2].prefecture, "47");
	sh_proposal_recs_free(ps, n);
	assert_int_equal(sh_round_add_assignments(r, &dangling, 1, &e), -1);
	assert_non_null(strstr(e.msg, "unknown reviewer or proposal"));
	assert_int_equal(sh_round_add_reviewers(r, &dup, 1, &e), -1);
	assert_non_null(strstr(e.msg, "reviewer r01: already in the round"));
	/* One key, one person: a second reviewer with r02's key is refused. */
	dup.id = "r03";
	dup.public_key = "KEY2";
	assert_int_equal(sh_round_add_reviewers(r, &dup, 1, &e), -1);
	assert_non_null(strstr(e.msg, "reviewer r03: its public key is "
	    "already registered"));
	/* (キ) decisions only for assigned pairs. */
	assert_int_equal(sh_round_decide(r, "P003", "r01", SH_DECIDE_ALLOW,
	    NULL, &e), -1);
	assert_non_null(strstr(e.msg, "P003 is not assigned to reviewer r01"));
	/* Only on a (キ) the reviewer's current sheet declares. */
	assert_int_equal(sh_round_decide(r, "P001", "r01", SH_DECIDE_ALLOW,
	    NULL, &e), -1);
	assert_non_null(strstr(e.msg, "no sheet from reviewer r01"));
	r01_declares(r, 1, SH_DECLARE_G);
	assert_int_equal(sh_round_decide(r, "P002", "r01", SH_DECIDE_ALLOW,
	    NULL, &e), -1);
	assert_non_null(strstr(e.msg, "reviewer r01 did not declare (キ) "
	    "for proposal P002"));
	assert_int_equal(sh_round_decide(r, "P001", "r01", SH_DECIDE_REFUSE,
	    NULL, &e), 0);
	assert_int_equal(sh_round_decide(r, "P001", "r01", SH_DECIDE_ALLOW,
	    NULL, &e), 0);
	{
		struct sh_decision_rec	*d;

		assert_int_equal(sh_round_decisions(r, &d, &n, &e), 0);
		assert_int_equal(n, 1);
		assert_int_equal(d[0].decision, SH_DECIDE_ALLOW);
		sh_decision_recs_free(d, n);
	}
	/* A newer sheet that declares (ア) instead: nothing left to decide. */
	r01_declares(r, 2, 0x01u);
	assert_int_equal(sh_round_decide(r, "P001", "r01", SH_DECIDE_REFUSE,
	    NULL, &e), -1);
	assert_non_null(strstr(e.msg, "did not declare (キ)"));
	{
		struct sh_decision_rec	*d;

		assert_int_equal(sh_round_decisions(r, &d, &n, &e), 0);
		assert_int_equal(n, 1);
		assert_int_equal(d[0].decision, SH_DECIDE_ALLOW);
		sh_decision_recs_free(d, n);
	}
	sh_round_close(r);
	free(path);
}

static void
sheet_revisions(void **state)
{
	struct sh_round		*r;
	struct sh_sheet_rec	 s, *all;
	struct sh_err		 e;
	size_t			 n, before_len, after_len;
	char			*path, *before, *after;

	path = new_round("store_sheets", &r);
	populate(r);
	sheet(&s, "r01", 1, "{\"revision\":1}");
	assert_int_equal(sh_round_add_sheet(r, &s, &e), SH_INGEST_ACCEPTED);
	assert_true(s.current);
	sh_sheet_rec_free(&s);
	/* The same bytes again: nothing to do. */
	sheet(&s, "r01", 1, "{\"revision\":1}");
	assert_int_equal(sh_round_add_sheet(r, &s, &e), SH_INGEST_ALREADY);
	sh_sheet_rec_free(&s);
	sheet(&s, "r01", 2, "{\"revision\":2}");
	assert_int_equal(sh_round_add_sheet(r, &s, &e), SH_INGEST_ACCEPTED);
	sh_sheet_rec_free(&s);
	sh_round_close(r);

	/* Refusals leave the file byte-for-byte as it was. */
	before = tu_slurp(path, &before_len);
	assert_non_null(r = sh_round_open(path, &e));
	sheet(&s, "r01", 2, "{\"revision\":2,\"other\":1}");
	assert_int_equal(sh_round_add_sheet(r, &s, &e), SH_INGEST_REFUSED);
	assert_string_equal(e.msg, "sheet from r01: revision 2 is not newer "
	    "than revision 2 already accepted");
	sh_sheet_rec_free(&s);
	sheet(&s, "r01", 1, "{\"revision\":1,\"old\":1}");
	assert_int_equal(sh_round_add_sheet(r, &s, &e), SH_INGEST_REFUSED);
	sh_sheet_rec_free(&s);
	sheet(&s, "r99", 1, "{}");
	assert_int_equal(sh_round_add_sheet(r, &s, &e), SH_INGEST_REFUSED);
	assert_non_null(strstr(e.msg, "not a reviewer of this round"));
	sh_sheet_rec_free(&s);
	sh_round_close(r);
	after = tu_slurp(path, &after_len);
	assert_int_equal(before_len, after_len);
	assert_memory_equal(before, after, before_len);
	free(before);
	free(after);

	/* Both revisions kept; only the newer is current. */
	assert_non_null(r = sh_round_open(path, &e));
	assert_int_equal(sh_round_sheets(r, false, &all, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(all[0].revision, 1);
	assert_false(all[0].current);
	assert_true(all[1].current);
	assert_memory_equal(all[1].json.data, "{\"revision\":2}", 14);
	assert_string_equal(all[1].reviewer, "r01");
	sh_sheet_recs_free(all, n);
	assert_int_equal(sh_round_sheets(r, true, &all, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(all[0].revision, 2);
	/* Ingest's lookups: a sheet by its sealed bytes, the newest revision. */
	{
		char	who[65];
		int64_t	rev = 0;

		assert_int_equal(sh_round_sheet_by_sealed(r,
		    all[0].sealed_sha256, who, &rev, &e), 1);
		assert_string_equal(who, "r01");
		assert_int_equal(rev, 2);
		assert_int_equal(sh_round_sheet_by_sealed(r, "00ff", who, &rev,
		    &e), 0);
		assert_int_equal(sh_round_max_revision(r, "r01", &rev, &e), 0);
		assert_int_equal(rev, 2);
		assert_int_equal(sh_round_max_revision(r, "r02", &rev, &e), 0);
		assert_int_equal(rev, 0);
	}
	sh_sheet_recs_free(all, n);
	/* Heads carry the hashes but not the bodies. */
	assert_int_equal(sh_round_sheet_heads(r, &all, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(all[1].json.len, 0);
	assert_true(all[1].current);
	assert_int_equal(strlen(all[1].sealed_sha256), 64);
	/* The list, what the tally keeps of each sheet, says the same. */
	{
		struct sh_sheet_head	*hs;
		size_t			 nh, i;

		assert_int_equal(sh_round_sheet_list(r, &hs, &nh, &e), 0);
		assert_int_equal(nh, n);
		for (i = 0; i < n; i++) {
			assert_int_equal(hs[i].seq, all[i].seq);
			assert_string_equal(hs[i].reviewer, all[i].reviewer);
			assert_int_equal(hs[i].revision, all[i].revision);
			assert_string_equal(hs[i].sha256, all[i].sha256);
			assert_int_equal(hs[i].current, all[i].current);
		}
		sh_sheet_heads_free(hs, nh);
	}
	sh_sheet_recs_free(all, n);
	sh_round_close(r);
	free(path);
}

/* The one integer sql gives. */
static int
query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt	*st;
	int		 v;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/*
 * A round of schema version 2 kept the file as received in sheets.sealed.
 * Opened by this program it loses that column and nothing else: its
 * sheets are read as before, and the same file is still "already have".
 * The version-2 store is made from a new one, given the column back.
 */
static void
migrates_from_version_2(void **state)
{
	struct sh_round		*r;
	struct sh_sheet_rec	 s, *all;
	struct sh_err		 e;
	sqlite3			*db;
	size_t			 n;
	char			*path;

	path = new_round("store_migrate2", &r);
	populate(r);
	sheet(&s, "r01", 1, "{\"revision\":1}");
	assert_int_equal(sh_round_add_sheet(r, &s, &e), SH_INGEST_ACCEPTED);
	sh_sheet_rec_free(&s);
	sh_round_close(r);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN;"
	    "ALTER TABLE sheets ADD COLUMN sealed BLOB NOT NULL DEFAULT x'';"
	    "UPDATE sheets SET sealed = CAST('sealed:{\"revision\":1}' AS BLOB);"
	    "DELETE FROM migrations WHERE version >= 3;"
	    "DROP INDEX sheets_heads;"
	    "DROP TABLE designation_log; DROP TABLE designations;"
	    "ALTER TABLE decisions DROP COLUMN reason;"
	    "DROP TABLE reviews;"
	    "ALTER TABLE round DROP COLUMN deadline;"
	    "PRAGMA user_version = 2; COMMIT;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	assert_non_null(r = sh_round_open(path, &e));
	assert_int_equal(sh_round_sheets(r, false, &all, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal((char *)all[0].json.data, "{\"revision\":1}");
	assert_string_equal((char *)all[0].minisig.data, "sig");
	sh_sheet_recs_free(all, n);
	sheet(&s, "r01", 1, "{\"revision\":1}");
	assert_int_equal(sh_round_add_sheet(r, &s, &e), SH_INGEST_ALREADY);
	sh_sheet_rec_free(&s);
	sh_round_close(r);

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(query_int(db, "SELECT count(*) FROM "
	    "pragma_table_info('sheets') WHERE name = 'sealed'"), 0);
	assert_int_equal(query_int(db, "PRAGMA user_version"),
	    SH_ROUND_SCHEMA_VERSION);
	assert_int_equal(query_int(db, "SELECT count(*) FROM "
	    "pragma_table_info('decisions') WHERE name = 'reason'"), 1);
	assert_int_equal(query_int(db, "SELECT count(*) FROM "
	    "pragma_table_info('round') WHERE name = 'deadline'"), 1);
	sqlite3_close(db);
	free(path);
}

static void
log_is_append_only(void **state)
{
	struct sh_round		*r;
	struct sh_log_rec	*l;
	struct sh_err		 e;
	sqlite3			*db;
	size_t			 n;
	char			*path;

	path = new_round("store_log", &r);
	populate(r);
	assert_int_equal(sh_round_log(r, &l, &n, &e), 0);
	assert_int_equal(n, 4);	/* created, proposals, reviewers, assignments */
	assert_non_null(strstr(l[0].what, "round R2026-kakine created"));
	assert_string_equal(l[1].what, "3 proposals added");
	sh_log_recs_free(l, n);
	sh_round_close(r);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM log", NULL, NULL,
	    NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE log SET what = 'x'",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	free(path);
}

/*
 * Designations replace the set in force in one transaction and leave
 * every decision in an append-only log; a (キ) decision keeps its reason.
 */
static void
designations_and_reasons(void **state)
{
	struct sh_round			*r;
	struct sh_designation_rec	 set[2], *d;
	struct sh_decision_rec		*k;
	struct sh_err			 e;
	sqlite3				*db;
	size_t				 n;
	char				*path;

	path = new_round("store_designations", &r);
	populate(r);
	memset(set, 0, sizeof set);
	set[0].proposal = "P001";
	set[0].condition = "計画の修正";
	set[1].proposal = "P002";
	set[1].balance = "地域のバランス";
	set[1].beyond = true;
	assert_int_equal(sh_round_set_designations(r, set, 2, set, 2, true,
	    &e), 0);
	assert_int_equal(sh_round_designations(r, &d, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_string_equal(d[0].condition, "計画の修正");
	assert_null(d[0].balance);
	assert_string_equal(d[1].balance, "地域のバランス");
	assert_true(d[1].beyond);
	assert_false(d[0].beyond);
	sh_designation_recs_free(d, n);
	/* An unknown proposal changes nothing. */
	set[1].proposal = "P999";
	assert_int_equal(sh_round_set_designations(r, set, 2, set + 1, 1,
	    true, &e), -1);
	assert_int_equal(sh_round_designations(r, &d, &n, &e), 0);
	assert_int_equal(n, 2);
	sh_designation_recs_free(d, n);
	set[1].proposal = "P002";
	assert_int_equal(sh_round_set_designations(r, set, 1, set + 1, 1,
	    false, &e), 0);
	assert_int_equal(sh_round_designations(r, &d, &n, &e), 0);
	assert_int_equal(n, 1);
	sh_designation_recs_free(d, n);
	r01_declares(r, 1, SH_DECLARE_G);
	assert_int_equal(sh_round_decide(r, "P001", "r01", SH_DECIDE_ALLOW,
	    "申し出の内容を確認した", &e), 0);
	assert_int_equal(sh_round_decisions(r, &k, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(k[0].reason, "申し出の内容を確認した");
	sh_decision_recs_free(k, n);
	sh_round_close(r);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(query_int(db, "SELECT count(*) FROM designation_log"),
	    3);
	assert_int_equal(query_int(db, "SELECT count(*) FROM designation_log "
	    "WHERE action = 'undesignate' AND proposal = 'P002'"), 1);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM designation_log",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	free(path);
}

static void
ids_and_prefectures(void **state)
{
	assert_true(sh_round_id_valid("R2026-kakine_1.x"));
	assert_false(sh_round_id_valid(""));
	assert_false(sh_round_id_valid("a/b"));
	assert_false(sh_round_id_valid("審査"));
	assert_false(sh_round_id_valid(
	    "0123456789012345678901234567890123456789012345678901234567890123X"));
	assert_true(sh_round_prefecture_valid("01"));
	assert_true(sh_round_prefecture_valid("47"));
	assert_false(sh_round_prefecture_valid("48"));
	assert_false(sh_round_prefecture_valid("00"));
	assert_false(sh_round_prefecture_valid("1"));
	assert_false(sh_round_prefecture_valid("013"));
}

/* The round file is private whatever the umask: it holds every score. */
static void
round_file_is_private(void **state)
{
	struct sh_round	*r;
	struct stat	 sb;
	char		*path, *wal;
	mode_t		 old = umask(022);

	path = new_round("private", &r);
	umask(old);
	populate(r);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	if (asprintf(&wal, "%s-wal", path) == -1)
		fail();
	if (stat(wal, &sb) == 0)
		assert_int_equal(sb.st_mode & 0777, 0600);
	sh_round_close(r);
	free(wal);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(create_and_reopen),
		cmocka_unit_test(round_file_is_private),
		cmocka_unit_test(schema_version_and_pragmas),
		cmocka_unit_test(migrates_from_version_2),
		cmocka_unit_test(mutations_are_all_or_nothing),
		cmocka_unit_test(sheet_revisions),
		cmocka_unit_test(log_is_append_only),
		cmocka_unit_test(designations_and_reasons),
		cmocka_unit_test(ids_and_prefectures),
	};

	if (sodium_init() < 0)
		return 1;
	setenv("SHINSA_NOW", "2026-06-30T12:00:00Z", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
