/*
 * format/results.c and base/sink.c: the results document is written a
 * record at a time, never held, and its bytes are those of the jansson
 * tree it was once built as (bundles published then must still verify).
 *
 * The oracles are the document's one description (sh_results_fields[],
 * which the writer also takes its keys from) and jansson: what the writer
 * wrote, parsed and dumped compact in its order, gives the same bytes.
 * The round is made by hand: a tally over a few reviewers with every
 * kind of conflict, an unscored proposal, flags, and texts that need
 * escaping.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "testutil.h"
#include "review/rubric.h"
#include "format/results.h"
#include "base/sink.h"

#define NR	5
#define NP	4

struct round {
	struct sh_rubric	*rubric;
	struct sh_results_proposal	 ps[NP];
	struct sh_results_sheet		 ss[NR + 1];
	struct sh_results_decision	 ds[2];
	struct sh_results_roster	 vs[NR];
	struct sh_results_input		 in;
	struct sh_results	 res;
};

static const char *const rid[NR] = { "r01", "r02", "r03", "r04", "r05" };

/*
 * Reviewers r01-r05 score P1-P3; P4 has no counted review. r02 has a
 * (キ) pending on P2, r03 a (キ) allowed on P1 and refused on P3, r05
 * withdrew from P4. Trimmed (chiiki rules), so P1 drops two reviews.
 */
static void
round_make(struct round *r, const char *title)
{
	static const int64_t totals[NR][3] = {
		{ 300, 340, 380 }, { 310, 310, 310 }, { 420, 300, 350 },
		{ 380, 390, 200 }, { 250, 360, 370 },
	};
	struct sh_tally_obs		obs[NR * 3];
	struct sh_tally_conflict	conf[4];
	struct sh_tally_input		ti;
	struct sh_err			e;
	char				*path;
	size_t				i, j, n = 0;

	memset(r, 0, sizeof *r);
	path = tu_src("data/rubrics/chiiki-2020.json");
	r->rubric = sh_rubric_load_file(path, &e);
	free(path);
	assert_non_null(r->rubric);
	for (i = 0; i < NR; i++)
		for (j = 0; j < 3; j++) {
			obs[n].reviewer = i;
			obs[n].proposal = j;
			obs[n].total = totals[i][j];
			obs[n].flags = (i == 3 && j == 2) ?
			    SH_OBS_MANDATORY_ONE | SH_OBS_MANY_LOW : 0;
			n++;
		}
	conf[0] = (struct sh_tally_conflict){ 1, 1, SH_CONFLICT_KI_PENDING };
	conf[1] = (struct sh_tally_conflict){ 2, 0, SH_CONFLICT_KI_ALLOWED };
	conf[2] = (struct sh_tally_conflict){ 2, 2, SH_CONFLICT_KI_REFUSED };
	conf[3] = (struct sh_tally_conflict){ 4, 3, SH_CONFLICT_WITHDRAWN };
	memset(&ti, 0, sizeof ti);
	ti.nreviewers = NR;
	ti.nproposals = NP;
	ti.obs = obs;
	ti.nobs = n;
	ti.conflicts = conf;
	ti.nconflicts = 4;
	sh_tally_settings_init(&ti.settings, true);
	assert_non_null(r->res.tally = sh_tally_run(&ti, &e));
	r->res.reviewers = calloc(NR, sizeof *r->res.reviewers);
	for (i = 0; i < NR; i++)
		r->res.reviewers[i] = strdup(rid[i]);
	r->res.nreviewers = NR;
	r->res.npending = 1;

	for (i = 0; i < NP; i++) {
		static const char *const ids[NP] = { "P1", "P2", "P3", "P4" };

		r->ps[i].id = ids[i];
		r->ps[i].variant = "global";
		r->ps[i].prefecture = "13";
		/* Reals and key order as jansson keeps them; one unreadable. */
		r->ps[i].facts = i == 0 ? "{\"students_per_pc\":1.5,"
		    "\"lan_rate\":100,\"certifications\":[\"kurumin-new\"]}" :
		    i == 3 ? "not json" : "{}";
		r->ps[i].title = i == 1 ? "探究 \"quoted\" \\ back\tslash" :
		    "地域の学び";
		r->ps[i].applicant = "教育委員会";
	}
	for (i = 0; i < NR; i++) {
		r->ss[i].reviewer = rid[i];
		r->ss[i].revision = i == 0 ? 2 : 1;
		r->ss[i].sha256 = "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef";
		r->ss[i].current = true;
		r->vs[i].id = rid[i];
		r->vs[i].public_key = "RWQkey";
		r->vs[i].recipient = i == 2 ? NULL : "age1recipient";
	}
	r->ss[NR] = r->ss[0];
	r->ss[NR].revision = 1;
	r->ss[NR].current = false;
	r->ds[0] = (struct sh_results_decision){ "P1", "r03", true };
	r->ds[1] = (struct sh_results_decision){ "P3", "r03", false };

	r->in.rubric = r->rubric;
	r->in.round_id = "R2020-test";
	r->in.round_title = title;
	r->in.round_created = "2026-06-01T00:00:00Z";
	r->in.secretariat_key = "RWQsecretariat";
	r->in.secretariat_recipient = "age1secretariat";
	r->in.published = "2026-07-01T09:00:00Z";
	r->in.proposals = r->ps;
	r->in.nproposals = NP;
	r->in.sheets = r->ss;
	r->in.nsheets = NR + 1;
	r->in.decisions = r->ds;
	r->in.ndecisions = 2;
	r->in.roster = r->vs;
	r->in.nroster = NR;
}

static void
round_free(struct round *r)
{
	sh_results_free(&r->res);
	sh_rubric_free(r->rubric);
}

/* ---- the oracle: the document's one description ---- */

static void check_value(const json_t *v, int f, bool names);

/*
 * obj holds the fields of row parent, each once, in the table's order;
 * a field left out is one the table lets be left out. Fails naming the
 * field the writer and the table disagree on.
 */
static void
check_fields(const json_t *obj, int parent, bool names)
{
	const struct sh_results_field	*f;
	const char			*key;
	json_t				*v;
	int				 k = parent + 1;

	assert_true(json_is_object(obj));
	json_object_foreach((json_t *)obj, key, v) {
		for (; k < SH_RF_COUNT; k++) {
			f = &sh_results_fields[k];
			if (f->parent != parent)
				continue;
			if (strcmp(f->name, key) == 0)
				break;
			if ((f->flags & SH_RF_OPTIONAL) == 0 &&
			    ((f->flags & SH_RF_NAMES) == 0 || names))
				fail_msg("\"%s\" missing before \"%s\"",
				    f->name, key);
		}
		if (k == SH_RF_COUNT)
			fail_msg("\"%s\" is not in the description, or out "
			    "of its order", key);
		if ((sh_results_fields[k].flags & SH_RF_NAMES) && !names)
			fail_msg("\"%s\" is only for the committee", key);
		check_value(v, k, names);
		k++;
	}
	for (; k < SH_RF_COUNT; k++) {
		f = &sh_results_fields[k];
		if (f->parent == parent && (f->flags & SH_RF_OPTIONAL) == 0 &&
		    ((f->flags & SH_RF_NAMES) == 0 || names))
			fail_msg("\"%s\" missing at the end", f->name);
	}
}

static void
check_value(const json_t *v, int k, bool names)
{
	const struct sh_results_field	*f = &sh_results_fields[k];
	const char			*dot;
	json_t				*e;
	size_t				 i;

	if (json_is_null(v)) {
		if ((f->flags & SH_RF_NULL) == 0)
			fail_msg("\"%s\" is null", f->name);
		return;
	}
	switch (f->kind) {
	case SH_RK_STRING:
		assert_true(json_is_string(v));
		break;
	case SH_RK_INT:
		assert_true(json_is_integer(v));
		break;
	case SH_RK_BOOL:
		assert_true(json_is_boolean(v));
		break;
	case SH_RK_FIXED6:
		assert_true(json_is_string(v));
		assert_non_null(dot = strchr(json_string_value(v), '.'));
		assert_int_equal(strlen(dot + 1), 6);
		break;
	case SH_RK_STRINGS:
		assert_true(json_is_array(v));
		json_array_foreach(v, i, e)
			assert_true(json_is_string(e));
		break;
	case SH_RK_OBJECT:
		check_fields(v, k, names);
		break;
	case SH_RK_ARRAY:
		assert_true(json_is_array(v));
		json_array_foreach(v, i, e)
			check_fields(e, k, names);
		break;
	case SH_RK_ANY_OBJECT:
		assert_true(json_is_object(v));
		break;
	}
}

/*
 * The description's rows for one object are together and after their
 * parent's (the writer stops at the first row past them), and every
 * parent is an object or an array of records.
 */
static void
description_is_grouped(void **state)
{
	int	k, p, last[SH_RF_COUNT];

	(void)state;
	for (k = 0; k < SH_RF_COUNT; k++)
		last[k] = -1;
	assert_int_equal(sh_results_fields[SH_RF_DOC].parent, -1);
	for (k = 1; k < SH_RF_COUNT; k++) {
		p = sh_results_fields[k].parent;
		assert_true(p >= 0 && p < k);
		assert_true(sh_results_fields[p].kind == SH_RK_OBJECT ||
		    sh_results_fields[p].kind == SH_RK_ARRAY);
		if (last[p] != -1)
			assert_int_equal(last[p], k - 1);
		last[p] = k;
	}
	assert_string_equal(sh_results_member_name(0), "format");
	assert_null(sh_results_member_name(SH_RF_RANKING));
}

/* A few values against the tally they come from. */
static void
check_values(const struct round *r, const json_t *doc)
{
	const json_t			*rv, *p, *e;
	const struct sh_tally_reviewer	*t;
	const struct sh_tally_entry	*es;
	size_t				 i, n;
	char				 b[32];

	for (i = 0; i < NR; i++) {
		rv = json_array_get(json_object_get(doc, "reviewers"), i);
		t = sh_tally_reviewer(r->res.tally, i);
		assert_string_equal(json_string_value(json_object_get(rv,
		    "id")), rid[i]);
		assert_int_equal(json_integer_value(json_object_get(rv,
		    "counted")), t->n);
		assert_string_equal(json_string_value(json_object_get(rv,
		    "sd")), sh_results_fixed6(t->sd, b));
	}
	p = json_array_get(json_object_get(doc, "proposals"), 0);
	assert_string_equal(json_string_value(json_object_get(p, "id")),
	    r->ps[0].id);
	es = sh_tally_entries(r->res.tally, 0, &n);
	assert_int_equal(json_array_size(json_object_get(p, "reviews")), n);
	e = json_array_get(json_object_get(p, "reviews"), 0);
	assert_string_equal(json_string_value(json_object_get(e, "status")),
	    sh_results_status_name(&es[0]));
	assert_int_equal(json_integer_value(json_object_get(e, "total")),
	    es[0].total);
}

static json_t *
parsed(const char *doc)
{
	json_error_t	 je;
	json_t		*j = json_loads(doc, JSON_REJECT_DUPLICATES, &je);

	assert_non_null(j);
	return j;
}

static char *
dump(json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_ENCODE_ANY);

	assert_non_null(s);
	json_decref(j);
	return s;
}

/* The document written to a memory sink, NUL-terminated; caller frees. */
static char *
written(const struct round *r, bool names)
{
	struct sh_sink	 s;
	struct sh_err	 e;
	char		*d;

	sh_sink_init(&s, NULL, NULL, false);
	sh_results_write(&r->in, &r->res, names, &s);
	assert_int_equal(sh_sink_finish(&s, &e), 0);
	d = strdup(sh_buf_cstr(&s.buf));
	sh_sink_free(&s);
	return d;
}

/*
 * The document is what the description says, and its bytes are jansson's
 * compact dump of what it holds: those every bundle was published in.
 */
static void
described_and_jansson_bytes(void **state)
{
	/* Every escape jansson makes: quote, backslash, \b \f \n \r \t,
	 * other controls as upper-case \u00XX; '/' and DEL as they are. */
	static const char *const titles[] = { "令和2年度 書面審査",
	    "a\"b\\c\b\f\n\r\t\x01\x1f/\x7f end" };
	struct round	 r;
	json_t		*doc;
	char		*got, *want;
	size_t		 i;
	int		 names;

	(void)state;
	for (i = 0; i < 2; i++)
		for (names = 0; names < 2; names++) {
			round_make(&r, titles[i]);
			got = written(&r, names);
			doc = parsed(got);
			check_value(doc, SH_RF_DOC, names);
			check_values(&r, doc);
			want = dump(doc);
			assert_string_equal(got, want);
			free(got);
			free(want);
			round_free(&r);
		}
	/* And the round is what the comment above says it is. */
	round_make(&r, titles[1]);
	got = written(&r, false);
	assert_non_null(strstr(got, "\"title\":\"a\\\"b\\\\c\\b\\f\\n\\r\\t"
	    "\\u0001\\u001F/\x7f end\""));
	assert_non_null(strstr(got, "\"conflict\":\"ki-pending\""));
	assert_non_null(strstr(got, "\"status\":\"dropped-high\""));
	assert_non_null(strstr(got, "\"rank\":null"));
	assert_non_null(strstr(got, "\"flags\":[\"mandatory-one\",\"many-low\"]"));
	assert_non_null(strstr(got, "\"facts\":{\"students_per_pc\":1.5,"));
	free(got);
	round_free(&r);
}

static void
members_and_proposals_alone(void **state)
{
	struct round		 r;
	struct sh_results_writer	*w;
	struct sh_sink		 s;
	json_t			*doc, *head;
	char			*got, *want;
	const char		*name;
	size_t			 k, i;

	(void)state;
	round_make(&r, "title");
	r.vs[2].recipient = "age1third";	/* so that roster.json is made */
	got = written(&r, false);
	doc = parsed(got);
	free(got);
	assert_non_null(w = sh_results_writer_new(&r.in, &r.res, false));
	for (k = 0; (name = sh_results_member_name(k)) != NULL; k++) {
		sh_sink_init(&s, NULL, NULL, false);
		sh_results_write_member(w, k, &s);
		assert_int_equal(sh_sink_finish(&s, NULL), 0);
		want = json_dumps(json_object_get(doc, name), JSON_COMPACT |
		    JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
		assert_string_equal(sh_buf_cstr(&s.buf), want);
		free(want);
		sh_sink_free(&s);
	}
	assert_int_equal(k, json_object_size(doc));
	for (i = 0; i < NP; i++) {
		sh_sink_init(&s, NULL, NULL, false);
		sh_results_write_proposal(w, i, &s);
		assert_int_equal(sh_sink_finish(&s, NULL), 0);
		want = json_dumps(json_array_get(json_object_get(doc,
		    "proposals"), i), JSON_COMPACT | JSON_PRESERVE_ORDER);
		assert_string_equal(sh_buf_cstr(&s.buf), want);
		free(want);
		sh_sink_free(&s);
	}
	sh_results_writer_free(w);

	/* round.json and roster.json from the head, as from the whole. */
	assert_non_null(head = sh_results_head_doc(&r.in, &r.res, NULL));
	got = dump(sh_results_round_doc(head));
	want = dump(sh_results_round_doc(doc));
	assert_string_equal(got, want);
	free(got);
	free(want);
	got = dump(sh_results_roster_doc(head));
	want = dump(sh_results_roster_doc(doc));
	assert_string_equal(got, want);
	free(got);
	free(want);
	json_decref(head);
	json_decref(doc);
	round_free(&r);
}

static void
bad_text_fails_the_sink(void **state)
{
	struct round	r;
	struct sh_sink	s;
	struct sh_err	e;

	(void)state;
	round_make(&r, "bad \xff byte");
	sh_sink_init(&s, NULL, NULL, false);
	sh_results_write(&r.in, &r.res, false, &s);
	assert_int_equal(sh_sink_finish(&s, &e), -1);
	assert_string_equal(e.msg,
	    "cannot write JSON: round.title: string is not valid UTF-8");
	assert_false(s.write_failed);
	sh_sink_free(&s);
	round_free(&r);
}

/* ---- the sink keeps one chunk, not the document ---- */

struct collect {
	struct sh_buf	all;
	size_t		calls;
	size_t		largest;
	size_t		fail_after;	/* 0: never */
};

static int
collect(void *arg, const void *p, size_t n, struct sh_err *err)
{
	struct collect *c = arg;

	if (c->fail_after != 0 && c->calls == c->fail_after)
		return sh_errf(err, "disk full");
	c->calls++;
	if (n > c->largest)
		c->largest = n;
	return sh_buf_append(&c->all, p, n);
}

/* A round of many reviews: 300 reviewers on each of 40 proposals. */
static void
big_round(struct round *r, struct sh_tally_obs **obsp)
{
	struct sh_tally_obs	*obs;
	struct sh_tally_input	 ti;
	size_t			 i, j, n = 0, nr = 300, np = 40;
	struct sh_results_proposal	*ps;

	round_make(r, "big");
	sh_results_free(&r->res);
	obs = calloc(nr * np, sizeof *obs);
	for (i = 0; i < nr; i++)
		for (j = 0; j < np; j++) {
			obs[n].reviewer = i;
			obs[n].proposal = j;
			obs[n].total = (int64_t)((i * 7 + j * 13) % 300);
			n++;
		}
	memset(&ti, 0, sizeof ti);
	ti.nreviewers = nr;
	ti.nproposals = np;
	ti.obs = obs;
	ti.nobs = n;
	sh_tally_settings_init(&ti.settings, false);
	assert_non_null(r->res.tally = sh_tally_run(&ti, NULL));
	r->res.reviewers = calloc(nr, sizeof *r->res.reviewers);
	for (i = 0; i < nr; i++) {
		char id[16];

		snprintf(id, sizeof id, "r%04zu", i);
		r->res.reviewers[i] = strdup(id);
	}
	r->res.nreviewers = nr;
	ps = calloc(np, sizeof *ps);
	for (j = 0; j < np; j++)
		ps[j] = r->ps[0];
	r->in.proposals = ps;
	r->in.nproposals = np;
	*obsp = obs;
}

static void
chunks_stay_small(void **state)
{
	struct round		 r;
	struct sh_tally_obs	*obs;
	struct collect		 c;
	struct sh_sink		 s, mem;
	struct sh_err		 e;

	(void)state;
	big_round(&r, &obs);
	sh_sink_init(&mem, NULL, NULL, false);
	sh_results_write(&r.in, &r.res, false, &mem);
	assert_int_equal(sh_sink_finish(&mem, NULL), 0);

	memset(&c, 0, sizeof c);
	sh_buf_init(&c.all, false);
	sh_sink_init(&s, collect, &c, false);
	sh_results_write(&r.in, &r.res, false, &s);
	assert_int_equal(sh_sink_finish(&s, &e), 0);
	/* The same bytes, in many chunks, none much over one. */
	assert_int_equal(c.all.len, mem.buf.len);
	assert_memory_equal(c.all.data, mem.buf.data, mem.buf.len);
	assert_true(mem.buf.len > 10 * SH_SINK_CHUNK);
	assert_true(c.calls > 10);
	assert_true(c.largest < SH_SINK_CHUNK + 1024);
	assert_true(s.buf.cap < 2 * SH_SINK_CHUNK + 4096);
	assert_int_equal(s.total, mem.buf.len);
	sh_sink_free(&s);
	sh_buf_free(&c.all);

	/* A write that fails stops the rest and is the sink's failure. */
	memset(&c, 0, sizeof c);
	sh_buf_init(&c.all, false);
	c.fail_after = 3;
	sh_sink_init(&s, collect, &c, false);
	sh_results_write(&r.in, &r.res, false, &s);
	assert_int_equal(sh_sink_finish(&s, &e), -1);
	assert_true(s.write_failed);
	assert_string_equal(e.msg, "disk full");
	assert_int_equal(c.calls, 3);
	sh_sink_free(&s);
	sh_buf_free(&c.all);

	sh_sink_free(&mem);
	free((void *)r.in.proposals);
	free(obs);
	round_free(&r);
}

static void
afile_replaces_only_when_whole(void **state)
{
	struct sh_afile	 f;
	struct sh_err	 e;
	struct stat	 st;
	char		*dir, path[512], link[512], *got;
	size_t		 len;

	(void)state;
	dir = tu_tmpdir("results_afile");
	snprintf(path, sizeof path, "%s/report.txt", dir);
	tu_write(path, "old\n", 4);
	assert_int_equal(sh_afile_open(&f, path, 0600, &e), 0);
	assert_int_equal(sh_afile_write(&f, "new ", 4, &e), 0);
	/* Until the commit, the old file is what is there. */
	got = tu_slurp(path, &len);
	assert_string_equal(got, "old\n");
	free(got);
	assert_int_equal(sh_afile_write(&f, "report\n", 7, &e), 0);
	assert_int_equal(sh_afile_commit(&f, &e), 0);
	got = tu_slurp(path, &len);
	assert_string_equal(got, "new report\n");
	free(got);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	/* An abort leaves the file as it was, and no temporary. */
	assert_int_equal(sh_afile_open(&f, path, 0600, &e), 0);
	assert_int_equal(sh_afile_write(&f, "x", 1, &e), 0);
	sh_afile_abort(&f);
	got = tu_slurp(path, &len);
	assert_string_equal(got, "new report\n");
	free(got);
	assert_int_equal(access(f.tmp, F_OK), -1);

	/* A link is refused, as sh_write_file_atomic refuses it. */
	snprintf(link, sizeof link, "%s/link.txt", dir);
	assert_int_equal(symlink(path, link), 0);
	assert_int_equal(sh_afile_open(&f, link, 0600, &e), -1);
	assert_non_null(strstr(e.msg, "not written: it is a symbolic link"));
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(description_is_grouped),
		cmocka_unit_test(described_and_jansson_bytes),
		cmocka_unit_test(members_and_proposals_alone),
		cmocka_unit_test(bad_text_fails_the_sink),
		cmocka_unit_test(chunks_stay_small),
		cmocka_unit_test(afile_replaces_only_when_whole),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
