/*
 * store/ingest: sealed sheets into a round store in batches. Every
 * promise of ingest.h, against a real round file, real keys and real
 * sealed sheets made in process:
 *   - an accepted sheet is stored, as received, only once committed;
 *   - sh_ingest_free() without a commit stores nothing (checked through
 *     a second connection, not the ingesting one);
 *   - a refused file in the middle of a batch changes nothing and says
 *     why; the sheets around it are stored;
 *   - the same bytes again are ALREADY, in_batch while their twin is
 *     not yet committed;
 *   - revisions in one batch: all kept, each replacing the one before;
 *   - a store failure (RLIMIT_FSIZE) is SH_INGEST_FAILED and loses the
 *     whole open batch, as does a failed commit; the next batch works;
 *   - the round is read once: a reviewer added since is unknown, one
 *     removed since is still refused by the store, an assignment added
 *     since is not asked for.
 * Keys are made in memory (no scrypt): the whole file runs in well under
 * a second, a few under ASan.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <sodium.h>
#include <sqlite3.h>

#include "testutil.h"
#include "crypto/agekey.h"
#include "format/seal.h"
#include "format/tar.h"
#include "store/ingest.h"

#define ROUND_ID	"R2026-kakine"

struct person {
	const char		*id;
	struct sh_minisign_sk	*sk;
	struct sh_age_identity	*age;		/* sodium_malloc */
	char			 rcpt[SH_AGE_RECIPIENT_SIZE];
	char			 pk[SH_MINISIGN_PK_B64_LEN + 1];
};

/*
 * r04 is registered with nothing assigned, r05 with mallory's key; r06
 * is registered only after the ingest context is made; r07 has P005,
 * whose variant in the round is not the one its sheet says.
 */
enum { SEC, R01, R02, R03, R04, R05, R06, R07, R09, NPEOPLE };
static const char *const ids[NPEOPLE] = {
	"secretariat", "r01", "r02", "r03", "r04", "r05", "r06", "r07", "r09"
};
static struct person	 people[NPEOPLE];
#define MALLORY	R09

static struct sh_rubric	*rubric;
static char		*rubric_bytes;
static size_t		 rubric_len;

static void
make_person(struct person *p)
{
	struct sh_err	err;

	if ((p->sk = sh_minisign_keygen(p->id, &err)) == NULL)
		fail_msg("%s", err.msg);
	p->age = sodium_malloc(sizeof *p->age);
	assert_non_null(p->age);
	assert_int_equal(sh_age_x25519_from_ed25519_sk(p->sk->sk, p->age->sk,
	    &err), 0);
	assert_int_equal(sh_age_recipient_from_ed25519_pk(p->sk->pub.pk,
	    p->rcpt, sizeof p->rcpt, &err), 0);
	sh_minisign_pk_base64(&p->sk->pub, p->pk);
}

static int
setup(void **state)
{
	struct sh_err	 err;
	char		*path = tu_src("data/rubrics/kakine-2024.json");
	size_t		 i;

	(void)state;
	for (i = 0; i < NPEOPLE; i++) {
		people[i].id = ids[i];
		make_person(&people[i]);
	}
	rubric_bytes = tu_slurp(path, &rubric_len);
	if ((rubric = sh_rubric_load_buf(rubric_bytes, rubric_len,
	    "kakine-2024.json", &err)) == NULL)
		fail_msg("%s", err.msg);
	free(path);
	return 0;
}

static int
teardown(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NPEOPLE; i++) {
		sh_minisign_sk_free(people[i].sk);
		sodium_free(people[i].age);
	}
	sh_rubric_free(rubric);
	free(rubric_bytes);
	return 0;
}

/* ---- the round ---- */

struct fx {
	char			*path;
	struct sh_round		*r;
	struct sh_round_info	 info;
	struct sh_ingest	*in;
};

static const char *const p_r01[] = { "P001", "P002" };
static const char *const p_r02[] = { "P002", "P003" };
static const char *const p_r03[] = { "P001", "P002", "P003", "P004" };
static const char *const p_r05[] = { "P001" };
static const char *const p_r04[] = { "P004" };	/* what r04 believes */
static const char *const p_r09[] = { "P001" };
static const char *const p_r07[] = { "P005" };

static void
populate(struct sh_round *r)
{
	struct sh_proposal_rec	p[5] = {
		{ "P001", "遠隔授業の充実", "北海道教育委員会", "kakine", "01",
		    "{}", "[]" },
		{ "P002", "通信制の連携", "○○県教育委員会", "kakine", "13",
		    "{}", "[]" },
		{ "P003", "学科の垣根", "△△学園", "kakine", "47", "{}", "[]" },
		{ "P004", "単位制の活用", "□□市教育委員会", "kakine", "27",
		    "{}", "[]" },
		{ "P005", "定時制の再編", "◇◇県教育委員会", "kakine-2", "40",
		    "{}", "[]" },
	};
	struct sh_reviewer_rec	v[6] = {
		{ "r01", "山田 花子", people[R01].pk, people[R01].rcpt },
		{ "r02", "佐藤 一郎", people[R02].pk, people[R02].rcpt },
		{ "r03", "鈴木 次郎", people[R03].pk, people[R03].rcpt },
		{ "r04", "高橋 三郎", people[R04].pk, people[R04].rcpt },
		/* Registered with mallory's key, not the one r05 signs with. */
		{ "r05", "田中 四郎", people[MALLORY].pk, people[MALLORY].rcpt },
		{ "r07", "渡辺 六郎", people[R07].pk, people[R07].rcpt },
	};
	struct sh_round_assignment	a[] = {
		{ "r01", "P001" }, { "r01", "P002" },
		{ "r02", "P002" }, { "r02", "P003" },
		{ "r03", "P001" }, { "r03", "P002" }, { "r03", "P003" },
		{ "r03", "P004" },
		{ "r05", "P001" }, { "r07", "P005" },
	};
	struct sh_err		e;

	if (sh_round_add_proposals(r, p, 5, &e) != 0 ||
	    sh_round_add_reviewers(r, v, 6, &e) != 0 ||
	    sh_round_add_assignments(r, a, sizeof a / sizeof a[0], &e) != 0)
		fail_msg("%s", e.msg);
}

static void
fx_open(struct fx *f, const char *name)
{
	struct sh_round_info	 info;
	struct sh_err		 e;
	char			*dir;

	memset(f, 0, sizeof *f);
	dir = tu_tmpdir(name);
	if (asprintf(&f->path, "%s/round.db", dir) == -1)
		fail();
	free(dir);
	memset(&info, 0, sizeof info);
	info.id = ROUND_ID;
	info.title = "令和6年度 垣根 書面審査";
	info.rubric = (unsigned char *)rubric_bytes;
	info.rubric_len = rubric_len;
	info.secretariat_key = people[SEC].pk;
	info.secretariat_recipient = people[SEC].rcpt;
	if ((f->r = sh_round_create(f->path, &info, &e)) == NULL)
		fail_msg("%s", e.msg);
	populate(f->r);
	if (sh_round_get_info(f->r, &f->info, &e) != 0)
		fail_msg("%s", e.msg);
	if ((f->in = sh_ingest_new(f->r, &f->info, rubric, people[SEC].age,
	    &e)) == NULL)
		fail_msg("%s", e.msg);
}

static void
fx_close(struct fx *f)
{
	sh_ingest_free(f->in);
	sh_round_close(f->r);
	sh_round_info_free(&f->info);
	free(f->path);
}

/* ---- sheets ---- */

/*
 * A complete kakine sheet reviewing every proposal in props; `seed`
 * varies the scores so that revisions differ; `comment` > 0 gives every
 * judged entry a comment of that many bytes, for a sheet too big for
 * SQLite's page cache.
 */
static void
build_sheet(struct sh_sheet *s, const char *reviewer, long long revision,
    const char *const *props, size_t nprops, int seed, size_t comment,
    const char *recipient)
{
	const struct sh_variant		*v = sh_rubric_variant(rubric, "kakine");
	struct sh_sheet_proposal	*p;
	struct sh_sheet_entry		*e;
	char				*text = NULL;
	size_t				 i, j;

	assert_non_null(v);
	if (comment > 0) {
		assert_non_null(text = malloc(comment + 1));
		memset(text, 'c', comment);
		text[comment] = '\0';
	}
	sh_sheet_init(s);
	sh_sheet_set(s, &s->round, ROUND_ID);
	sh_sheet_set(s, &s->rubric_id, rubric->id);
	memcpy(s->rubric_sha256, rubric->hash_hex, 65);
	sh_sheet_set(s, &s->reviewer, reviewer);
	sh_sheet_set(s, &s->secretariat_recipient, recipient != NULL ? recipient :
	    people[SEC].rcpt);
	s->revision = revision;
	sh_sheet_set(s, &s->submitted, "2026-06-30T12:00:00Z");
	for (j = 0; j < nprops; j++) {
		assert_non_null(p = sh_sheet_add_proposal(s, props[j],
		    "kakine"));
		for (i = 0; i < v->nitems; i++) {
			if (v->items[i].kind == SH_ITEM_JUDGED) {
				e = sh_sheet_add_entry(p, v->items[i].id);
				e->has_score = true;
				e->score = 2 + (int)((i + j + (size_t)seed) % 3);
				if (text != NULL)
					sh_sheet_set(s, &e->comment, text);
			} else if (v->items[i].kind == SH_ITEM_BONUS) {
				e = sh_sheet_add_entry(p, v->items[i].id);
				e->has_value = true;
			}
		}
		sh_sheet_set(s, &p->remarks, "総合所見：良い");
	}
	free(text);
}

/*
 * Seals a sheet from `reviewer`, signed by `signer`'s key, believing
 * props to be its assignment. The bytes differ on every call (age).
 */
static void
seal_full(struct sh_buf *out, const char *reviewer, int signer,
    long long revision, const char *const *props, size_t nprops, int seed,
    size_t comment, const char *recipient)
{
	struct sh_assignment	as[8];
	struct sh_sheet		s;
	struct sh_err		err;
	size_t			i;

	assert_true(nprops <= 8);
	for (i = 0; i < nprops; i++) {
		as[i].proposal = props[i];
		as[i].variant = "kakine";
	}
	build_sheet(&s, reviewer, revision, props, nprops, seed, comment,
	    recipient);
	sh_buf_init(out, false);
	if (sh_seal_sheet(&s, rubric, as, nprops, people[signer].sk, out,
	    &err) != 0)
		fail_msg("%s", err.msg);
	sh_sheet_free(&s);
}

#define NPROPS(a)	(sizeof (a) / sizeof (a)[0])

/* A good sheet of one of r01..r03. */
static void
seal_of(struct sh_buf *out, int who, long long revision, int seed)
{
	switch (who) {
	case R01:
		seal_full(out, "r01", R01, revision, p_r01, NPROPS(p_r01),
		    seed, 0, NULL);
		break;
	case R02:
		seal_full(out, "r02", R02, revision, p_r02, NPROPS(p_r02),
		    seed, 0, NULL);
		break;
	case R03:
		seal_full(out, "r03", R03, revision, p_r03, NPROPS(p_r03),
		    seed, 0, NULL);
		break;
	default:
		fail_msg("no sheet for person %d", who);
	}
}

static void
sha_hex(const void *p, size_t len, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, p, len);
	sodium_bin2hex(out, 65, h, sizeof h);
}

/* ---- ingesting ---- */

/* The container of a sealed sheet, read with age and tar directly. */
static void
open_file(const struct sh_buf *file, struct sh_buf *plain, struct sh_tar *t)
{
	struct sh_err	err;

	sh_buf_init(plain, true);
	sh_tar_init(t, true);
	if (sh_age_decrypt((const struct sh_age_identity *)people[SEC].age, 1,
	    file->data, file->len, SH_SHEET_MAX_BYTES, plain, &err) != 0 ||
	    sh_tar_read(plain->data, plain->len, NULL, t, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(t->n, 2);
}

/* What storing the sheet in file writes: its JSON and its signature. */
static size_t
stored_bytes(const struct sh_buf *file)
{
	struct sh_buf	plain;
	struct sh_tar	t;
	size_t		n;

	open_file(file, &plain, &t);
	n = t.members[0].data.len + t.members[1].data.len;
	sh_tar_free(&t);
	sh_buf_free(&plain);
	return n;
}

static void
accept_ok(struct fx *f, const struct sh_buf *file, const char *reviewer,
    int64_t revision, int64_t replaces)
{
	struct sh_ingest_outcome	o;
	struct sh_err			err;
	char				hex[65];
	size_t				n = sh_ingest_pending(f->in);
	size_t				bytes = sh_ingest_pending_bytes(f->in);
	enum sh_ingest_result		res;

	err.msg[0] = '\0';
	res = sh_ingest_file(f->in, file->data, file->len, &o, &err);
	if (res != SH_INGEST_ACCEPTED)
		fail_msg("%s revision %lld: result %d: %s", reviewer,
		    (long long)revision, res, err.msg);
	assert_int_equal(o.result, SH_INGEST_ACCEPTED);
	assert_string_equal(o.reviewer, reviewer);
	assert_int_equal(o.revision, revision);
	assert_int_equal(o.replaces, replaces);
	assert_false(o.in_batch);
	sha_hex(file->data, file->len, hex);
	assert_string_equal(o.sealed_sha256, hex);
	assert_int_equal(sh_ingest_pending(f->in), n + 1);
	assert_int_equal(sh_ingest_pending_bytes(f->in),
	    bytes + stored_bytes(file));
}

/*
 * The store as the ingesting connection sees it (its open batch
 * included): every sheet's seq, sealed hash and current flag, and the
 * log's length. Caller frees.
 */
static char *
snapshot(struct fx *f)
{
	struct sh_sheet_rec	*a;
	struct sh_log_rec	*l;
	struct sh_buf		 b;
	struct sh_err		 err;
	size_t			 n, nl, i;
	char			*out;

	if (sh_round_sheet_heads(f->r, &a, &n, &err) != 0 ||
	    sh_round_log(f->r, &l, &nl, &err) != 0)
		fail_msg("%s", err.msg);
	sh_buf_init(&b, false);
	for (i = 0; i < n; i++)
		sh_buf_printf(&b, "%lld %s r%lld %s %d\n", (long long)a[i].seq,
		    a[i].reviewer, (long long)a[i].revision,
		    a[i].sealed_sha256, a[i].current);
	sh_buf_printf(&b, "log %zu\n", nl);
	sh_sheet_recs_free(a, n);
	sh_log_recs_free(l, nl);
	assert_non_null(out = strdup(sh_buf_cstr(&b)));
	sh_buf_free(&b);
	return out;
}

/*
 * Ingests a file that must leave everything as it was: result `want`,
 * nothing pending added, the store unchanged; o and err say the rest.
 */
static void
no_change(struct fx *f, const void *data, size_t len,
    enum sh_ingest_result want, struct sh_ingest_outcome *o,
    struct sh_err *err)
{
	size_t			n = sh_ingest_pending(f->in);
	size_t			bytes = sh_ingest_pending_bytes(f->in);
	char			hex[65], *before, *after;
	enum sh_ingest_result	res;

	before = snapshot(f);
	err->msg[0] = '\0';
	res = sh_ingest_file(f->in, data, len, o, err);
	if (res != want)
		fail_msg("expected result %d, got %d: %s", want, res,
		    err->msg);
	assert_int_equal(o->result, want);
	sha_hex(data, len, hex);
	assert_string_equal(o->sealed_sha256, hex);
	assert_int_equal(sh_ingest_pending(f->in), n);
	assert_int_equal(sh_ingest_pending_bytes(f->in), bytes);
	after = snapshot(f);
	assert_string_equal(after, before);
	free(before);
	free(after);
}

/* Refused, saying `why`; the open batch and the store as they were. */
static void
refused(struct fx *f, const void *data, size_t len, const char *why)
{
	struct sh_ingest_outcome	o;
	struct sh_err			err;

	no_change(f, data, len, SH_INGEST_REFUSED, &o, &err);
	if (strstr(err.msg, why) == NULL)
		fail_msg("\n  refusal  %s\n  expected %s", err.msg, why);
	if (getenv("SHINSA_TEST_VERBOSE") != NULL)
		print_message("refused: %s\n", err.msg);
}

/* The same bytes again: nothing changes, pending included. */
static void
already(struct fx *f, const struct sh_buf *file, const char *reviewer,
    int64_t revision, bool in_batch)
{
	struct sh_ingest_outcome	o;
	struct sh_err			err;

	no_change(f, file->data, file->len, SH_INGEST_ALREADY, &o, &err);
	assert_string_equal(o.reviewer, reviewer);
	assert_int_equal(o.revision, revision);
	assert_int_equal(o.in_batch, in_batch);
}

static void
commit_ok(struct fx *f)
{
	struct sh_err err;

	if (sh_ingest_commit(f->in, &err) != 0)
		fail_msg("commit: %s", err.msg);
	assert_int_equal(sh_ingest_pending(f->in), 0);
	assert_int_equal(sh_ingest_pending_bytes(f->in), 0);
}

/* ---- what is on disk ---- */

/* Every stored sheet, read through a connection of its own. */
static struct sh_sheet_rec *
stored(const char *path, bool current_only, size_t *n)
{
	struct sh_round		*r;
	struct sh_sheet_rec	*a;
	struct sh_err		 err;

	if ((r = sh_round_open(path, &err)) == NULL)
		fail_msg("%s", err.msg);
	if (sh_round_sheets(r, current_only, &a, n, &err) != 0)
		fail_msg("%s", err.msg);
	sh_round_close(r);
	return a;
}

/*
 * Sheets on disk while the ingesting connection holds its batch open
 * (sh_round_open would wait for its write lock): a read-only look.
 */
static int
disk_count(const char *path)
{
	sqlite3		*db;
	sqlite3_stmt	*st;
	int		 n;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM sheets",
	    -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* SQLite's own check of the whole file, through a connection of its own. */
static void
integrity_ok(const char *path)
{
	sqlite3		*db;
	sqlite3_stmt	*st;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1,
	    &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* The stored record of these sealed bytes, or NULL. */
static const struct sh_sheet_rec *
find(const struct sh_sheet_rec *a, size_t n, const struct sh_buf *file)
{
	char	hex[65];
	size_t	i;

	sha_hex(file->data, file->len, hex);
	for (i = 0; i < n; i++)
		if (strcmp(a[i].sealed_sha256, hex) == 0)
			return &a[i];
	return NULL;
}

/*
 * The record holds the SHA-256 of the file as received (not the file)
 * and the container's members as they came, read here with age and tar
 * directly.
 */
static void
record_is(const struct sh_sheet_rec *rec, const struct sh_buf *file,
    const char *reviewer, int64_t revision, bool current)
{
	struct sh_buf	plain;
	struct sh_tar	t;
	char		hex[65];

	assert_non_null(rec);
	assert_string_equal(rec->reviewer, reviewer);
	assert_int_equal(rec->revision, revision);
	assert_int_equal(rec->current, current);
	sha_hex(file->data, file->len, hex);
	assert_string_equal(rec->sealed_sha256, hex);

	open_file(file, &plain, &t);
	assert_string_equal(t.members[0].name, SH_SHEET_JSON_NAME);
	assert_string_equal(t.members[1].name, SH_SHEET_SIG_NAME);
	assert_int_equal(rec->json.len, t.members[0].data.len);
	assert_memory_equal(rec->json.data, t.members[0].data.data,
	    rec->json.len);
	assert_int_equal(rec->minisig.len, t.members[1].data.len);
	assert_memory_equal(rec->minisig.data, t.members[1].data.data,
	    rec->minisig.len);
	sha_hex(t.members[0].data.data, t.members[0].data.len, hex);
	assert_string_equal(rec->sha256, hex);
	sh_tar_free(&t);
	sh_buf_free(&plain);
}

/* ---- tests ---- */

/* One good sheet: accepted, on disk only after the commit, as it came. */
static void
accepted_then_committed(void **state)
{
	struct fx		 f;
	struct sh_buf		 file;
	struct sh_sheet_rec	*a;
	struct sh_err		 err;
	size_t			 n;

	(void)state;
	fx_open(&f, "ingest_accept");
	/* Nothing open: committing is a no-op that succeeds. */
	assert_int_equal(sh_ingest_commit(f.in, &err), 0);
	seal_of(&file, R01, 1, 0);
	accept_ok(&f, &file, "r01", 1, 0);
	assert_int_equal(sh_ingest_pending(f.in), 1);
	assert_int_equal(sh_ingest_pending_bytes(f.in), stored_bytes(&file));
	/* Accepted is not stored: another connection sees nothing yet. */
	assert_int_equal(disk_count(f.path), 0);
	commit_ok(&f);
	assert_int_equal(disk_count(f.path), 1);

	a = stored(f.path, false, &n);
	assert_int_equal(n, 1);
	record_is(&a[0], &file, "r01", 1, true);
	sh_sheet_recs_free(a, n);
	/* And the store's own index finds it by its sealed bytes. */
	{
		char	who[65], hex[65];
		int64_t	rev = 0;

		sha_hex(file.data, file.len, hex);
		assert_int_equal(sh_round_sheet_by_sealed(f.r, hex, who, &rev,
		    &err), 1);
		assert_string_equal(who, "r01");
		assert_int_equal(rev, 1);
	}
	sh_buf_free(&file);
	fx_close(&f);
}

/* Freed without a commit: nothing stored, seen from a fresh connection. */
static void
free_without_commit(void **state)
{
	struct fx		 f;
	struct sh_buf		 f1, f2;
	struct sh_sheet_rec	*a;
	struct sh_err		 err;
	size_t			 n;

	(void)state;
	fx_open(&f, "ingest_nocommit");
	seal_of(&f1, R01, 1, 0);
	seal_of(&f2, R02, 1, 0);
	accept_ok(&f, &f1, "r01", 1, 0);
	accept_ok(&f, &f2, "r02", 1, 0);
	/* The ingesting connection sees its own batch... */
	assert_int_equal(sh_round_sheets(f.r, false, &a, &n, &err), 0);
	assert_int_equal(n, 2);
	sh_sheet_recs_free(a, n);
	assert_int_equal(disk_count(f.path), 0);
	sh_ingest_free(f.in);
	f.in = NULL;

	/* ...which is gone: for it, and for a fresh sh_round_open. */
	assert_int_equal(sh_round_sheets(f.r, false, &a, &n, &err), 0);
	assert_int_equal(n, 0);
	sh_sheet_recs_free(a, n);
	a = stored(f.path, false, &n);
	assert_int_equal(n, 0);
	sh_sheet_recs_free(a, n);
	sh_round_close(f.r);
	f.r = NULL;
	assert_non_null(f.r = sh_round_open(f.path, &err));
	assert_int_equal(sh_round_sheets(f.r, false, &a, &n, &err), 0);
	assert_int_equal(n, 0);
	sh_sheet_recs_free(a, n);

	/* The same bytes are new to a later run, not ALREADY. */
	assert_non_null(f.in = sh_ingest_new(f.r, &f.info, rubric,
	    people[SEC].age, &err));
	accept_ok(&f, &f1, "r01", 1, 0);
	commit_ok(&f);
	a = stored(f.path, false, &n);
	assert_int_equal(n, 1);
	record_is(&a[0], &f1, "r01", 1, true);
	sh_sheet_recs_free(a, n);
	sh_buf_free(&f1);
	sh_buf_free(&f2);
	fx_close(&f);
}

/* Several reviewers, one batch, one commit. */
static void
batch_of_reviewers(void **state)
{
	struct fx		 f;
	struct sh_buf		 file[3];
	struct sh_sheet_rec	*a;
	size_t			 n, i, bytes = 0;
	static const int	 who[3] = { R02, R03, R01 };
	static const char *const rid[3] = { "r02", "r03", "r01" };

	(void)state;
	fx_open(&f, "ingest_batch");
	for (i = 0; i < 3; i++) {
		seal_of(&file[i], who[i], 1, (int)i);
		accept_ok(&f, &file[i], rid[i], 1, 0);
		bytes += stored_bytes(&file[i]);
		assert_int_equal(sh_ingest_pending(f.in), i + 1);
		assert_int_equal(sh_ingest_pending_bytes(f.in), bytes);
	}
	assert_int_equal(disk_count(f.path), 0);
	commit_ok(&f);
	assert_int_equal(disk_count(f.path), 3);
	a = stored(f.path, true, &n);
	assert_int_equal(n, 3);
	for (i = 0; i < 3; i++)
		record_is(find(a, n, &file[i]), &file[i], rid[i], 1, true);
	sh_sheet_recs_free(a, n);
	/* The next batch starts empty and counts again from zero. */
	{
		struct sh_buf next;

		seal_of(&next, R01, 2, 9);
		accept_ok(&f, &next, "r01", 2, 1);
		assert_int_equal(sh_ingest_pending(f.in), 1);
		assert_int_equal(sh_ingest_pending_bytes(f.in),
		    stored_bytes(&next));
		commit_ok(&f);
		sh_buf_free(&next);
	}
	assert_int_equal(disk_count(f.path), 4);
	for (i = 0; i < 3; i++)
		sh_buf_free(&file[i]);
	fx_close(&f);
}

/*
 * Each way a file is refused, between accepted sheets of one batch: it
 * says why, changes nothing, and the sheets around it are stored.
 */
static void
refusals_mid_batch(void **state)
{
	struct fx		 f;
	struct sh_buf		 ok1, ok2, ok3, bad, plain, cont;
	struct sh_tar		 t, t2;
	struct sh_age_recipient	 to;
	struct sh_sheet_rec	*a;
	struct sh_err		 err;
	char			*p;
	size_t			 n;
	static const char	 garbage[] = "this is not an age file\n";

	(void)state;
	fx_open(&f, "ingest_refusals");
	seal_of(&ok1, R01, 1, 0);
	accept_ok(&f, &ok1, "r01", 1, 0);

	/* Encrypted to someone else: the sheet names mallory's recipient. */
	seal_full(&bad, "r01", R01, 2, p_r01, NPROPS(p_r01), 0, 0,
	    people[MALLORY].rcpt);
	refused(&f, bad.data, bad.len,
	    "not encrypted to this round's secretariat");
	sh_buf_free(&bad);

	/* Not age at all; and a good file cut short. */
	refused(&f, garbage, sizeof garbage - 1, "cannot decrypt");
	refused(&f, ok1.data, ok1.len / 2, "cannot decrypt");

	/* Bad signature: r01's sheet with one byte of its JSON changed. */
	sh_buf_init(&plain, true);
	sh_tar_init(&t, true);
	if (sh_age_decrypt(people[SEC].age, 1, ok1.data, ok1.len,
	    SH_SHEET_MAX_BYTES, &plain, &err) != 0 ||
	    sh_tar_read(plain.data, plain.len, NULL, &t, &err) != 0)
		fail_msg("%s", err.msg);
	p = memmem(t.members[0].data.data, t.members[0].data.len,
	    "12:00:00Z", 9);
	assert_non_null(p);
	p[7] = '1';
	sh_tar_init(&t2, true);
	assert_int_equal(sh_tar_add(&t2, SH_SHEET_JSON_NAME,
	    t.members[0].data.data, t.members[0].data.len, &err), 0);
	assert_int_equal(sh_tar_add(&t2, SH_SHEET_SIG_NAME,
	    t.members[1].data.data, t.members[1].data.len, &err), 0);
	sh_buf_init(&cont, true);
	assert_int_equal(sh_tar_write(&t2, &cont, &err), 0);
	assert_int_equal(sh_age_x25519_from_ed25519_pk(people[SEC].sk->pub.pk,
	    to.pk, &err), 0);
	sh_buf_init(&bad, false);
	assert_int_equal(sh_age_encrypt(&to, 1, cont.data, cont.len, &bad,
	    &err), 0);
	refused(&f, bad.data, bad.len, "signature verification failed");
	sh_buf_free(&bad);
	sh_buf_free(&cont);
	sh_buf_free(&plain);
	sh_tar_free(&t);
	sh_tar_free(&t2);

	seal_of(&ok2, R02, 1, 0);
	accept_ok(&f, &ok2, "r02", 1, 0);

	/* Signed with a key other than the one registered for r05. */
	seal_full(&bad, "r05", R05, 1, p_r05, NPROPS(p_r05), 0, 0, NULL);
	refused(&f, bad.data, bad.len, "signed by a different key");
	sh_buf_free(&bad);

	/* A stale revision: r01's revision 1 again, sealed anew. */
	seal_of(&bad, R01, 1, 0);
	refused(&f, bad.data, bad.len, "revision 1 is stale");
	sh_buf_free(&bad);

	/* Not a reviewer of the round (signed, with a key of its own). */
	seal_full(&bad, "r09", R09, 1, p_r09, NPROPS(p_r09), 0, 0, NULL);
	refused(&f, bad.data, bad.len, "from \"r09\", who is not a reviewer "
	    "of round " ROUND_ID);
	sh_buf_free(&bad);

	/* A reviewer with nothing assigned. */
	seal_full(&bad, "r04", R04, 1, p_r04, NPROPS(p_r04), 0, 0, NULL);
	refused(&f, bad.data, bad.len, "from r04, who has no proposals "
	    "assigned in round " ROUND_ID);
	sh_buf_free(&bad);

	/* A proposal not assigned to the reviewer who scored it. */
	seal_full(&bad, "r02", R02, 2, p_r03, 3, 0, 0, NULL);
	refused(&f, bad.data, bad.len, "proposal P001 is not assigned to "
	    "reviewer r02");
	sh_buf_free(&bad);

	/* The variant is the round's, not the sheet's (nor the rubric's). */
	seal_full(&bad, "r07", R07, 1, p_r07, NPROPS(p_r07), 0, 0, NULL);
	refused(&f, bad.data, bad.len, "proposals[0] (P005): variant kakine, "
	    "but the proposal was assigned as variant kakine-2");
	sh_buf_free(&bad);

	seal_of(&ok3, R03, 1, 0);
	accept_ok(&f, &ok3, "r03", 1, 0);
	assert_int_equal(sh_ingest_pending(f.in), 3);
	assert_int_equal(sh_ingest_pending_bytes(f.in),
	    stored_bytes(&ok1) + stored_bytes(&ok2) + stored_bytes(&ok3));
	commit_ok(&f);

	a = stored(f.path, false, &n);
	assert_int_equal(n, 3);
	record_is(find(a, n, &ok1), &ok1, "r01", 1, true);
	record_is(find(a, n, &ok2), &ok2, "r02", 1, true);
	record_is(find(a, n, &ok3), &ok3, "r03", 1, true);
	sh_sheet_recs_free(a, n);

	/* Stale across batches too, once revision 1 is on disk. */
	seal_of(&bad, R02, 1, 5);
	refused(&f, bad.data, bad.len, "revision 1 is stale: revision 2 or "
	    "later is expected");
	sh_buf_free(&bad);
	commit_ok(&f);
	assert_int_equal(disk_count(f.path), 3);

	sh_buf_free(&ok1);
	sh_buf_free(&ok2);
	sh_buf_free(&ok3);
	fx_close(&f);
}

/* The same bytes again: ALREADY, in_batch only while not committed. */
static void
same_bytes_again(void **state)
{
	struct fx		 f;
	struct sh_buf		 f1, f2;
	struct sh_sheet_rec	*a;
	struct sh_err		 err;
	size_t			 na, i;

	(void)state;
	fx_open(&f, "ingest_already");
	seal_of(&f1, R01, 1, 0);
	accept_ok(&f, &f1, "r01", 1, 0);
	already(&f, &f1, "r01", 1, true);
	already(&f, &f1, "r01", 1, true);
	assert_int_equal(sh_ingest_pending(f.in), 1);
	commit_ok(&f);

	/* On disk now: not in the batch, and no batch opened for it. */
	already(&f, &f1, "r01", 1, false);
	assert_int_equal(sh_ingest_pending(f.in), 0);
	/* Nor in a batch holding other sheets. */
	seal_of(&f2, R02, 1, 0);
	accept_ok(&f, &f2, "r02", 1, 0);
	already(&f, &f1, "r01", 1, false);
	already(&f, &f2, "r02", 1, true);
	commit_ok(&f);
	already(&f, &f2, "r02", 1, false);

	a = stored(f.path, false, &na);
	assert_int_equal(na, 2);
	record_is(find(a, na, &f1), &f1, "r01", 1, true);
	record_is(find(a, na, &f2), &f2, "r02", 1, true);
	sh_sheet_recs_free(a, na);
	/* One log line per accepted sheet, none for the repeats. */
	{
		struct sh_log_rec	*l;
		size_t			 nl, accepted = 0;

		assert_int_equal(sh_round_log(f.r, &l, &nl, &err), 0);
		for (i = 0; i < nl; i++)
			if (strncmp(l[i].what, "sheet accepted", 14) == 0)
				accepted++;
		assert_int_equal(accepted, 2);
		sh_log_recs_free(l, nl);
	}
	sh_buf_free(&f1);
	sh_buf_free(&f2);
	fx_close(&f);
}

/* Revisions in one batch: all kept, each replacing the one before. */
static void
revisions_in_one_batch(void **state)
{
	struct fx		 f;
	struct sh_buf		 v1, v2, v4, v5, other;
	struct sh_sheet_rec	*a;
	size_t			 n;

	(void)state;
	fx_open(&f, "ingest_revisions");
	seal_of(&v1, R01, 1, 0);
	seal_of(&v2, R01, 2, 1);
	seal_of(&other, R02, 3, 0);
	accept_ok(&f, &v1, "r01", 1, 0);
	accept_ok(&f, &other, "r02", 3, 0);
	accept_ok(&f, &v2, "r01", 2, 1);
	/* The older revision is stale now, in the same batch. */
	{
		struct sh_buf again;

		seal_of(&again, R01, 1, 7);
		refused(&f, again.data, again.len, "revision 1 is stale: "
		    "revision 3 or later is expected");
		sh_buf_free(&again);
	}
	assert_int_equal(sh_ingest_pending(f.in), 3);
	commit_ok(&f);

	a = stored(f.path, false, &n);
	assert_int_equal(n, 3);
	record_is(find(a, n, &v1), &v1, "r01", 1, false);
	record_is(find(a, n, &v2), &v2, "r01", 2, true);
	record_is(find(a, n, &other), &other, "r02", 3, true);
	sh_sheet_recs_free(a, n);
	a = stored(f.path, true, &n);
	assert_int_equal(n, 2);
	record_is(find(a, n, &v2), &v2, "r01", 2, true);
	assert_null(find(a, n, &v1));
	sh_sheet_recs_free(a, n);

	/* Skipping a revision is fine; it replaces the latest, 2. */
	seal_of(&v4, R01, 4, 2);
	seal_of(&v5, R01, 5, 3);
	accept_ok(&f, &v4, "r01", 4, 2);
	accept_ok(&f, &v5, "r01", 5, 4);
	commit_ok(&f);
	a = stored(f.path, true, &n);
	assert_int_equal(n, 2);
	record_is(find(a, n, &v5), &v5, "r01", 5, true);
	sh_sheet_recs_free(a, n);
	a = stored(f.path, false, &n);
	assert_int_equal(n, 5);
	record_is(find(a, n, &v4), &v4, "r01", 4, false);
	sh_sheet_recs_free(a, n);

	sh_buf_free(&v1);
	sh_buf_free(&v2);
	sh_buf_free(&v4);
	sh_buf_free(&v5);
	sh_buf_free(&other);
	fx_close(&f);
}

/* Lowers the file-size limit (SIGXFSZ ignored: write fails with EFBIG). */
static void
fsize_limit(struct rlimit *old, rlim_t cur)
{
	struct rlimit lim;

	assert_int_equal(getrlimit(RLIMIT_FSIZE, old), 0);
	lim = *old;
	lim.rlim_cur = cur;
	if (old->rlim_max != RLIM_INFINITY && lim.rlim_cur > old->rlim_max)
		lim.rlim_cur = old->rlim_max;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
}

/*
 * The store cannot take a good sheet (a file-size limit, which holds for
 * root too): SH_INGEST_FAILED, and every sheet of the open batch is lost
 * with it; committed ones stay. With the limit lifted the next batch,
 * the same bytes included, is taken.
 */
static void
store_failure_loses_batch(void **state)
{
	struct fx			 f;
	struct sh_buf			 first, s2, s1b, big;
	struct sh_ingest_outcome	 o;
	struct sh_sheet_rec		*a;
	struct sh_err			 err;
	struct rlimit			 old;
	void				(*oldsig)(int);
	enum sh_ingest_result		 res;
	char				 hex[65];
	size_t				 n;

	(void)state;
	fx_open(&f, "ingest_fsize");
	seal_of(&first, R01, 1, 0);
	accept_ok(&f, &first, "r01", 1, 0);
	commit_ok(&f);

	seal_of(&s2, R02, 1, 0);
	seal_of(&s1b, R01, 2, 1);
	/*
	 * 80 comments of 18 KiB: its two blobs (sealed, JSON) are more than
	 * SQLite's page cache of 2000 KiB holds, so storing it writes to disk
	 * before any commit. (Bigger only costs time under ASan.)
	 */
	seal_full(&big, "r03", R03, 1, p_r03, NPROPS(p_r03), 0, 18 * 1024,
	    NULL);
	assert_true(big.len > 1400 * 1024);
	accept_ok(&f, &s2, "r02", 1, 0);
	accept_ok(&f, &s1b, "r01", 2, 1);

	oldsig = signal(SIGXFSZ, SIG_IGN);
	fsize_limit(&old, 64 * 1024);
	err.msg[0] = '\0';
	res = sh_ingest_file(f.in, big.data, big.len, &o, &err);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, oldsig);
	if (res != SH_INGEST_FAILED)
		fail_msg("under a 64 KiB file-size limit: result %d (%s)", res,
		    err.msg);
	assert_int_equal(o.result, SH_INGEST_FAILED);
	sha_hex(big.data, big.len, hex);
	assert_string_equal(o.sealed_sha256, hex);
	if (getenv("SHINSA_TEST_VERBOSE") != NULL)
		print_message("failed: %s\n", err.msg);
	/* Says why, naming the store. */
	if (strstr(err.msg, f.path) == NULL ||
	    strstr(err.msg, "File too large") == NULL)
		fail_msg("the failure does not say the store's file is too "
		    "large: \"%s\"", err.msg);
	/* The whole batch is gone: nothing pending, nothing to commit. */
	assert_int_equal(sh_ingest_pending(f.in), 0);
	assert_int_equal(sh_ingest_pending_bytes(f.in), 0);
	assert_int_equal(sh_ingest_commit(f.in, &err), 0);
	integrity_ok(f.path);
	a = stored(f.path, false, &n);
	assert_int_equal(n, 1);
	record_is(&a[0], &first, "r01", 1, true);
	sh_sheet_recs_free(a, n);

	/* Limit lifted: the lost sheets are new again, and all fit. */
	accept_ok(&f, &s2, "r02", 1, 0);
	accept_ok(&f, &s1b, "r01", 2, 1);
	accept_ok(&f, &big, "r03", 1, 0);
	commit_ok(&f);
	a = stored(f.path, false, &n);
	assert_int_equal(n, 4);
	record_is(find(a, n, &first), &first, "r01", 1, false);
	record_is(find(a, n, &s1b), &s1b, "r01", 2, true);
	record_is(find(a, n, &s2), &s2, "r02", 1, true);
	assert_non_null(find(a, n, &big));
	sh_sheet_recs_free(a, n);

	sh_buf_free(&first);
	sh_buf_free(&s2);
	sh_buf_free(&s1b);
	sh_buf_free(&big);
	fx_close(&f);
}

/* A commit the disk refuses: -1, and nothing of the batch is stored. */
static void
failed_commit_stores_nothing(void **state)
{
	struct fx		 f;
	struct sh_buf		 s1, s2;
	struct sh_sheet_rec	*a;
	struct sh_err		 err;
	struct rlimit		 old;
	void			(*oldsig)(int);
	int			 rc;
	size_t			 n;

	(void)state;
	fx_open(&f, "ingest_commitfail");
	seal_of(&s1, R01, 1, 0);
	seal_of(&s2, R02, 1, 0);
	accept_ok(&f, &s1, "r01", 1, 0);
	accept_ok(&f, &s2, "r02", 1, 0);

	/* Smaller than one 64 KiB page frame: no commit can be written. */
	oldsig = signal(SIGXFSZ, SIG_IGN);
	fsize_limit(&old, 64 * 1024);
	err.msg[0] = '\0';
	rc = sh_ingest_commit(f.in, &err);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, oldsig);
	if (rc != -1)
		fail_msg("commit under a 64 KiB file-size limit succeeded");
	assert_true(err.msg[0] != '\0');
	assert_int_equal(sh_ingest_pending(f.in), 0);
	assert_int_equal(sh_ingest_pending_bytes(f.in), 0);
	integrity_ok(f.path);
	a = stored(f.path, false, &n);
	assert_int_equal(n, 0);
	sh_sheet_recs_free(a, n);
	assert_int_equal(sh_round_sheets(f.r, false, &a, &n, &err), 0);
	assert_int_equal(n, 0);
	sh_sheet_recs_free(a, n);

	/* Sent again, they are new and stored. */
	accept_ok(&f, &s1, "r01", 1, 0);
	accept_ok(&f, &s2, "r02", 1, 0);
	commit_ok(&f);
	a = stored(f.path, false, &n);
	assert_int_equal(n, 2);
	record_is(find(a, n, &s1), &s1, "r01", 1, true);
	record_is(find(a, n, &s2), &s2, "r02", 1, true);
	sh_sheet_recs_free(a, n);
	sh_buf_free(&s1);
	sh_buf_free(&s2);
	fx_close(&f);
}

/*
 * The roster is read once: a reviewer added after the context was made
 * is unknown to it; one removed since (behind its back) is still refused
 * by the store's own check under the write lock.
 */
static void
roster_read_once(void **state)
{
	struct fx			 f;
	struct sh_buf			 s6, s2, s1;
	struct sh_reviewer_rec		 v = { "r06", "伊藤 五郎",
					     people[R06].pk, people[R06].rcpt };
	struct sh_round_assignment	 as = { "r06", "P004" };
	struct sh_sheet_rec		*a;
	struct sh_err			 err;
	sqlite3				*db;
	size_t				 n;

	(void)state;
	fx_open(&f, "ingest_roster");
	if (sh_round_add_reviewers(f.r, &v, 1, &err) != 0 ||
	    sh_round_add_assignments(f.r, &as, 1, &err) != 0)
		fail_msg("%s", err.msg);
	seal_full(&s6, "r06", R06, 1, p_r04, NPROPS(p_r04), 0, 0, NULL);
	refused(&f, s6.data, s6.len, "from \"r06\", who is not a reviewer");

	/* r02 struck from the roster by another connection. */
	assert_int_equal(sqlite3_open(f.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA foreign_keys = OFF; "
	    "DELETE FROM reviewers WHERE id = 'r02'", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	seal_of(&s2, R02, 1, 0);
	refused(&f, s2.data, s2.len, "not a reviewer of this round");

	/* The batch goes on. */
	seal_of(&s1, R01, 1, 0);
	accept_ok(&f, &s1, "r01", 1, 0);
	commit_ok(&f);
	a = stored(f.path, false, &n);
	assert_int_equal(n, 1);
	record_is(&a[0], &s1, "r01", 1, true);
	sh_sheet_recs_free(a, n);
	sh_buf_free(&s6);
	sh_buf_free(&s2);
	sh_buf_free(&s1);
	fx_close(&f);
}

/*
 * Assignments are read once per run too (one array for the run, not a
 * query a sheet): one added by another connection since the context was
 * made is not asked of r01's sheet, which is stored as it was assigned.
 */
static void
assignments_read_once(void **state)
{
	struct fx	 f;
	struct sh_buf	 s1;
	sqlite3		*db;

	(void)state;
	fx_open(&f, "ingest_assign");
	assert_int_equal(sqlite3_open(f.path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO assignments(reviewer, "
	    "proposal) VALUES ('r01', 'P003')", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	seal_of(&s1, R01, 1, 0);
	accept_ok(&f, &s1, "r01", 1, 0);
	commit_ok(&f);
	sh_buf_free(&s1);
	fx_close(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepted_then_committed),
		cmocka_unit_test(free_without_commit),
		cmocka_unit_test(batch_of_reviewers),
		cmocka_unit_test(refusals_mid_batch),
		cmocka_unit_test(same_bytes_again),
		cmocka_unit_test(revisions_in_one_batch),
		cmocka_unit_test(store_failure_loses_batch),
		cmocka_unit_test(failed_commit_stores_nothing),
		cmocka_unit_test(roster_read_once),
		cmocka_unit_test(assignments_read_once),
	};

	if (sodium_init() < 0)
		return 1;
	setenv("SHINSA_NOW", "2026-06-30T12:00:00Z", 1);
	return cmocka_run_group_tests(tests, setup, teardown);
}
