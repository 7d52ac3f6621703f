/*
 * merge/results.c and merge/sink.c: the results document is written a
 * record at a time, never held, and its bytes are those of the jansson
 * tree it was once built as (bundles published then must still verify).
 *
 * The oracle here is that tree, built with jansson as results.c built it
 * before it streamed, and dumped compact in insertion order. The round is
 * made by hand: a tally over a few reviewers with every kind of conflict,
 * an unscored proposal, flags, and texts that need escaping.
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

/* ---- the oracle: the document as a jansson tree ---- */

static json_t *
fixed6(double v)
{
	char b[64];

	snprintf(b, sizeof b, "%.6f", v);
	return json_string(b);
}

static json_t *
flag_list(unsigned flags, const char *const *names, size_t n)
{
	json_t	*a = json_array();
	size_t	 i;

	for (i = 0; i < n; i++)
		if (flags & (1u << i))
			json_array_append_new(a, json_string(names[i]));
	return a;
}

static const char *const rflags[] = { "sigma-zero", "too-few" };
static const char *const oflags[] = { "mandatory-one", "many-low" };
static const char *const pflags[] = { "no-reviewers", "no-trim",
    "trimmed", "pending", "mandatory-one", "many-low", "sigma-zero",
    "few-proposals" };

static json_t *
tree_review(const struct round *r, const struct sh_tally_entry *e)
{
	static const char *const status[] = { "not-counted", "dropped-high",
	    "dropped-low", "kept" };
	json_t	*rv = json_object();
	int	 st = 0;

	if (e->flags & SH_TALLY_E_DROPPED_HIGH)
		st = 1;
	else if (e->flags & SH_TALLY_E_DROPPED_LOW)
		st = 2;
	else if (e->flags & SH_TALLY_E_KEPT)
		st = 3;
	json_object_set_new(rv, "reviewer",
	    json_string(r->res.reviewers[e->reviewer]));
	json_object_set_new(rv, "conflict",
	    json_string(sh_results_conflict_name((int)e->conflict)));
	json_object_set_new(rv, "total", (e->flags & SH_TALLY_E_SCORED) ?
	    json_integer(e->total) : json_null());
	json_object_set_new(rv, "dev", (e->flags & SH_TALLY_E_COUNTED) ?
	    fixed6(sh_tally_entry_dev(r->res.tally, e)) : json_null());
	json_object_set_new(rv, "status", json_string(status[st]));
	json_object_set_new(rv, "flags", flag_list(e->obs_flags, oflags, 2));
	return rv;
}

static json_t *
tree_proposal(const struct round *r, size_t i, bool names)
{
	const struct sh_tally_proposal	*p = sh_tally_proposal(r->res.tally, i);
	const struct sh_tally_entry	*es;
	json_t				*o = json_object(), *facts, *rvs;
	json_error_t			 je;
	size_t				 j, n;
	char				 b[32];

	json_object_set_new(o, "id", json_string(r->ps[i].id));
	json_object_set_new(o, "variant", json_string(r->ps[i].variant));
	json_object_set_new(o, "prefecture", json_string(r->ps[i].prefecture));
	facts = json_loads(r->ps[i].facts, 0, &je);
	json_object_set_new(o, "facts", facts ? facts : json_object());
	if (p->rank > 0) {
		json_object_set_new(o, "rank", json_integer((json_int_t)p->rank));
		json_object_set_new(o, "score", json_string(
		    sh_tally_fmt_tenths(p->tenths, b, sizeof b)));
		json_object_set_new(o, "tenths", json_integer(p->tenths));
	} else {
		json_object_set_new(o, "rank", json_null());
		json_object_set_new(o, "score", json_null());
		json_object_set_new(o, "tenths", json_null());
	}
	json_object_set_new(o, "flags", flag_list(p->flags, pflags, 8));
	rvs = json_array();
	es = sh_tally_entries(r->res.tally, i, &n);
	for (j = 0; j < n; j++)
		json_array_append_new(rvs, tree_review(r, &es[j]));
	json_object_set_new(o, "reviews", rvs);
	if (names) {
		json_object_set_new(o, "title", json_string(r->ps[i].title));
		json_object_set_new(o, "applicant",
		    json_string(r->ps[i].applicant));
	}
	return o;
}

static json_t *
tree(const struct round *r, bool names)
{
	const struct sh_tally	*t = r->res.tally;
	json_t			*doc = json_object(), *a, *o;
	size_t			 i;

	json_object_set_new(doc, "format", json_string(SH_RESULTS_FORMAT));
	o = json_pack("{s:s, s:s, s:s}", "id", r->in.round_id, "title",
	    r->in.round_title, "created", r->in.round_created);
	json_object_set_new(doc, "round", o);
	json_object_set_new(doc, "rubric", json_pack("{s:s, s:s}", "id",
	    r->rubric->id, "sha256", r->rubric->hash_hex));
	json_object_set_new(doc, "secretariat_key",
	    json_string(r->in.secretariat_key));
	json_object_set_new(doc, "secretariat_recipient",
	    json_string(r->in.secretariat_recipient));
	json_object_set_new(doc, "published", json_string(r->in.published));
	json_object_set_new(doc, "settings", json_pack("{s:b, s:I, s:I}",
	    "trim", t->settings.trim, "min_reviewers_to_trim",
	    (json_int_t)t->settings.min_reviewers_to_trim,
	    "min_proposals_per_reviewer",
	    (json_int_t)t->settings.min_proposals_per_reviewer));
	a = json_array();
	for (i = 0; i < NR; i++) {
		o = json_pack("{s:s, s:s}", "id", r->vs[i].id, "public_key",
		    r->vs[i].public_key);
		if (r->vs[i].recipient != NULL)
			json_object_set_new(o, "recipient",
			    json_string(r->vs[i].recipient));
		json_array_append_new(a, o);
	}
	json_object_set_new(doc, "roster", a);
	a = json_array();
	for (i = 0; i < r->in.nsheets; i++)
		json_array_append_new(a, json_pack("{s:s, s:I, s:s, s:b}",
		    "reviewer", r->ss[i].reviewer, "revision",
		    (json_int_t)r->ss[i].revision, "sha256", r->ss[i].sha256,
		    "current", r->ss[i].current));
	json_object_set_new(doc, "sheets", a);
	a = json_array();
	for (i = 0; i < r->in.ndecisions; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s}",
		    "proposal", r->ds[i].proposal, "reviewer", r->ds[i].reviewer,
		    "decision", r->ds[i].allow ? "allow" : "refuse"));
	json_object_set_new(doc, "decisions", a);
	a = json_array();
	for (i = 0; i < NR; i++) {
		const struct sh_tally_reviewer *rv = sh_tally_reviewer(t, i);

		o = json_object();
		json_object_set_new(o, "id", json_string(rid[i]));
		json_object_set_new(o, "counted", json_integer((json_int_t)rv->n));
		json_object_set_new(o, "mean", fixed6(rv->mean));
		json_object_set_new(o, "sd", fixed6(rv->sd));
		json_object_set_new(o, "flags", flag_list(rv->flags, rflags, 2));
		json_array_append_new(a, o);
	}
	json_object_set_new(doc, "reviewers", a);
	a = json_array();
	for (i = 0; i < NP; i++)
		json_array_append_new(a, tree_proposal(r, i, names));
	json_object_set_new(doc, "proposals", a);
	a = json_array();
	for (i = 0; i < NP; i++) {
		const struct sh_tally_proposal *p = sh_tally_ranked(t, i);

		if (p->rank > 0)
			json_array_append_new(a, json_string(r->ps[p->id].id));
	}
	json_object_set_new(doc, "ranking", a);
	return doc;
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

static void
same_bytes_as_the_tree(void **state)
{
	/* Every escape jansson makes: quote, backslash, \b \f \n \r \t,
	 * other controls as upper-case \u00XX; '/' and DEL as they are. */
	static const char *const titles[] = { "令和2年度 書面審査",
	    "a\"b\\c\b\f\n\r\t\x01\x1f/\x7f end" };
	struct round	 r;
	char		*got, *want;
	size_t		 i;
	int		 names;

	(void)state;
	for (i = 0; i < 2; i++)
		for (names = 0; names < 2; names++) {
			round_make(&r, titles[i]);
			got = written(&r, names);
			want = dump(tree(&r, names));
			assert_string_equal(got, want);
			free(got);
			free(want);
			round_free(&r);
		}
	/* And the round is what the comment above says it is. */
	round_make(&r, titles[0]);
	got = written(&r, false);
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
	doc = tree(&r, false);
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
	assert_string_equal(e.msg, "results: a text is not valid UTF-8");
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
		cmocka_unit_test(same_bytes_as_the_tree),
		cmocka_unit_test(members_and_proposals_alone),
		cmocka_unit_test(bad_text_fails_the_sink),
		cmocka_unit_test(chunks_stay_small),
		cmocka_unit_test(afile_replaces_only_when_whole),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
