/*
 * review/rules and review/facts on the two real schemes: points, band
 * edges, the max-of rule for certifications, comment and cannot-judge
 * rules, bonus sets, flags, and the incomplete/invalid distinction.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "review/facts.h"
#include "review/rules.h"

struct fx {
	struct sh_rubric	*chiiki;
	struct sh_rubric	*kakine;
};

static struct sh_rubric *
load(const char *rel)
{
	struct sh_rubric	*r;
	struct sh_err		 err;
	char			*path;

	path = tu_src(rel);
	if ((r = sh_rubric_load_file(path, &err)) == NULL)
		fail_msg("%s", err.msg);
	free(path);
	return r;
}

static int
setup(void **state)
{
	struct fx	*fx;

	fx = calloc(1, sizeof *fx);
	fx->chiiki = load("data/rubrics/chiiki-2020.json");
	fx->kakine = load("data/rubrics/kakine-2024.json");
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*fx = *state;

	sh_rubric_free(fx->chiiki);
	sh_rubric_free(fx->kakine);
	free(fx);
	return 0;
}

/* Every judged item `score` (commented), every bonus `bonus`. */
static struct sh_entry *
fill(const struct sh_variant *v, int score, int bonus)
{
	struct sh_entry	*e;
	size_t		 i;

	e = calloc(v->nitems, sizeof *e);
	assert_non_null(e);
	for (i = 0; i < v->nitems; i++) {
		if (v->items[i].kind == SH_ITEM_JUDGED) {
			e[i].set = true;
			e[i].value = score;
			e[i].comment = "構想の目的が具体的である。";
		} else if (v->items[i].kind == SH_ITEM_BONUS) {
			e[i].set = true;
			e[i].value = bonus;
		}
	}
	return e;
}

static size_t
idx(const struct sh_variant *v, const char *id)
{
	const struct sh_item	*it;

	it = sh_variant_item(v, id);
	if (it == NULL)
		fail_msg("no item %s", id);
	return it->index;
}

static void
facts(struct sh_facts *f, const char *text)
{
	struct sh_err	err;

	sh_facts_init(f);
	if (sh_facts_parse(f, text, strlen(text), &err) == -1)
		fail_msg("%s: %s", text, err.msg);
}

static int
total(const struct sh_rubric *r, const struct sh_variant *v,
    const struct sh_entry *e, const char *ftext)
{
	struct sh_facts	f;
	struct sh_score	s;
	struct sh_err	err;

	facts(&f, ftext);
	if (sh_entries_score(r, v, e, v->nitems, &f, &s, &err) == -1)
		fail_msg("%s", err.msg);
	sh_facts_free(&f);
	assert_true(s.complete);
	assert_int_equal(s.maximum, r->maximum);
	return s.points;
}

static void
maxima_and_minima_by_points(void **state)
{
	struct fx		*fx = *state;
	const struct sh_variant	*v;
	struct sh_entry		*e;
	size_t			 i;

	for (i = 0; i < fx->chiiki->nvariants; i++) {
		v = &fx->chiiki->variants[i];
		e = fill(v, 5, 0);
		assert_int_equal(sh_entries_state(fx->chiiki, v, e, v->nitems),
		    SH_ENTRIES_COMPLETE);
		assert_int_equal(total(fx->chiiki, v, e, "students_per_pc=0.5;"
		    "lan_rate=100;certifications=eruboshi-3"), 470);
		free(e);
		e = fill(v, 1, 0);
		assert_int_equal(total(fx->chiiki, v, e,
		    "students_per_pc=4.5;lan_rate=0"), 91);
		free(e);
		e = fill(v, 3, 0);
		assert_int_equal(total(fx->chiiki, v, e, "students_per_pc=2;"
		    "lan_rate=75;certifications=eruboshi-2 platinum-kurumin"),
		    89 * 3 + 4 + 4 + 10);
		free(e);
	}
	v = &fx->kakine->variants[0];
	e = fill(v, 5, 0);
	e[idx(v, "6-a")].value = 10;
	e[idx(v, "6-b")].value = 10;
	e[idx(v, "6-c")].value = 10;
	e[idx(v, "9-1a")].value = 5;
	e[idx(v, "9-1b")].value = 10;
	e[idx(v, "9-2a")].value = 10;
	e[idx(v, "9-2b")].value = 10;
	assert_true(sh_entries_complete(fx->kakine, v, e, v->nitems));
	assert_int_equal(total(fx->kakine, v, e,
	    "certifications=platinum-eruboshi"), 375);
	free(e);
	e = fill(v, 1, 0);
	assert_int_equal(total(fx->kakine, v, e, ""), 56);
	free(e);
}

static int
item_points(const struct sh_rubric *r, const struct sh_item *it,
    const char *ftext, struct sh_err *err)
{
	struct sh_facts	f;
	int		pts = -100, rc;

	facts(&f, ftext);
	rc = sh_item_points(r, it, NULL, &f, &pts, err);
	sh_facts_free(&f);
	return rc == 1 ? pts : -1;
}

static void
indicator_band_edges(void **state)
{
	static const struct { const char *f; int pts; } pc[] = {
		{ "students_per_pc=1.0", 5 }, { "students_per_pc=1.0001", 4 },
		{ "students_per_pc=2.0", 4 }, { "students_per_pc=2.0001", 3 },
		{ "students_per_pc=3", 3 }, { "students_per_pc=4", 2 },
		{ "students_per_pc=4.5", 1 }, { "students_per_pc=0", 5 } };
	static const struct { const char *f; int pts; } lan[] = {
		{ "lan_rate=100", 5 }, { "lan_rate=99.9", 4 },
		{ "lan_rate=75", 4 }, { "lan_rate=74.9", 3 },
		{ "lan_rate=50", 3 }, { "lan_rate=49.9", 2 },
		{ "lan_rate=33", 2 }, { "lan_rate=32.9", 1 },
		{ "lan_rate=0", 1 } };
	struct fx		*fx = *state;
	const struct sh_variant	*v = &fx->chiiki->variants[0];
	const struct sh_item	*ipc, *ilan;
	struct sh_err		 err;
	size_t			 i;

	ipc = sh_variant_item(v, "10-1");
	ilan = sh_variant_item(v, "10-2");
	for (i = 0; i < sizeof pc / sizeof pc[0]; i++)
		if (item_points(fx->chiiki, ipc, pc[i].f, &err) != pc[i].pts)
			fail_msg("%s: not %d points", pc[i].f, pc[i].pts);
	for (i = 0; i < sizeof lan / sizeof lan[0]; i++)
		if (item_points(fx->chiiki, ilan, lan[i].f, &err) != lan[i].pts)
			fail_msg("%s: not %d points", lan[i].f, lan[i].pts);

	/* Outside the domain or missing: an error, never 0 points. */
	assert_int_equal(item_points(fx->chiiki, ilan, "lan_rate=101", &err),
	    -1);
	assert_non_null(strstr(err.msg, "item 10-2: lan_rate 101 outside"));
	assert_int_equal(item_points(fx->chiiki, ipc, "students_per_pc=-1",
	    &err), -1);
	assert_non_null(strstr(err.msg, "item 10-1: students_per_pc -1 below"));
	assert_int_equal(item_points(fx->chiiki, ipc, "lan_rate=50", &err),
	    -1);
	assert_non_null(strstr(err.msg, "has no fact students_per_pc"));
}

static void
certification_max_of(void **state)
{
	struct fx		*fx = *state;
	const struct sh_item	*c, *k;
	struct sh_err		 err;

	c = sh_variant_item(&fx->chiiki->variants[0], "11");
	k = sh_variant_item(&fx->kakine->variants[0], "12");
	assert_int_equal(item_points(fx->chiiki, c,
	    "certifications=eruboshi-2 platinum-kurumin", &err), 10);
	assert_int_equal(item_points(fx->chiiki, c,
	    "certifications=eruboshi-plan kurumin-new", &err), 7);
	assert_int_equal(item_points(fx->chiiki, c,
	    "certifications=eruboshi-3 youth-yell", &err), 15);
	assert_int_equal(item_points(fx->chiiki, c, "", &err), 0);
	assert_int_equal(item_points(fx->kakine, k,
	    "certifications=platinum-eruboshi youth-yell", &err), 30);
	assert_int_equal(item_points(fx->kakine, k,
	    "certifications=youth-yell kurumin-1", &err), 20);
	assert_int_equal(item_points(fx->kakine, k, "lan_rate=3", &err), 0);
	/* try-kurumin is kakine's, not chiiki's. */
	assert_int_equal(item_points(fx->chiiki, c,
	    "certifications=eruboshi-2 try-kurumin", &err), -1);
	assert_non_null(strstr(err.msg, "item 11: certification try-kurumin"));
}

/* The problems of one item, as one kind per rule that failed. */
static int
check_one(const struct sh_rubric *r, const struct sh_variant *v,
    const char *id, struct sh_entry en, struct sh_problem *out)
{
	struct sh_entry		*e;
	struct sh_problems	 l;
	struct sh_err		 err;
	size_t			 i;
	int			 n;

	e = fill(v, 3, 0);
	i = idx(v, id);
	e[i] = en;
	sh_problems_init(&l);
	n = sh_rules_check(r, v, e, v->nitems, &l, &err);
	assert_true(n >= 0);
	if (n > 0) {
		assert_int_equal(l.v[0].item, i);
		*out = l.v[0];
	}
	sh_problems_free(&l);
	free(e);
	return n;
}

static struct sh_entry
scored(int s, const char *comment)
{
	struct sh_entry	e = { true, s, false, comment };

	return e;
}

static void
comment_rules_per_scheme(void **state)
{
	struct fx		*fx = *state;
	const struct sh_variant	*cv = &fx->chiiki->variants[0];
	const struct sh_variant	*kv = &fx->kakine->variants[0];
	struct sh_problem	 p;
	int			 s;
	bool			 chiiki_needs[6] = { 0, 1, 1, 0, 0, 1 };
	bool			 kakine_needs[6] = { 0, 1, 0, 0, 0, 1 };

	for (s = 1; s <= 5; s++) {
		assert_int_equal(check_one(fx->chiiki, cv, "7-1",
		    scored(s, NULL), &p), chiiki_needs[s]);
		assert_int_equal(check_one(fx->chiiki, cv, "7-1",
		    scored(s, " \t\xe3\x80\x80\n "), &p), chiiki_needs[s]);
		assert_int_equal(check_one(fx->chiiki, cv, "7-1",
		    scored(s, "\xe3\x80\x80理由"), &p), 0);
		assert_int_equal(check_one(fx->kakine, kv, "7-1",
		    scored(s, ""), &p), kakine_needs[s]);
		assert_int_equal(check_one(fx->kakine, kv, "7-1",
		    scored(s, "ok"), &p), 0);
	}
	assert_int_equal(check_one(fx->chiiki, cv, "7-1", scored(5, "  "),
	    &p), 1);
	assert_int_equal(p.kind, SH_PROBLEM_COMMENT_REQUIRED);
	assert_false(p.invalid);
	assert_string_equal(p.msg,
	    "item 7-1: score 5 needs a comment (判断根拠・理由)");
	assert_int_equal(check_one(fx->kakine, kv, "1-1", scored(1, NULL),
	    &p), 1);
	assert_string_equal(p.msg,
	    "item 1-1: score 1 needs a comment (判断根拠・理由)");
	assert_true(sh_comment_blank(NULL));
	assert_true(sh_comment_blank("\xe3\x80\x80\xe3\x80\x80"));
	assert_false(sh_comment_blank("\xe3\x80\x81"));
}

static void
cannot_judge(void **state)
{
	struct fx		*fx = *state;
	const struct sh_variant	*v = &fx->chiiki->variants[0];
	struct sh_entry		 en = { false, 0, false, NULL }, *e;
	struct sh_problem	 p;
	struct sh_err		 err;

	sh_entry_set_cannot_judge(fx->chiiki, &en);
	assert_true(en.set);
	assert_int_equal(en.value, 1);
	/* Forced to 1 and needs the reason. */
	assert_int_equal(check_one(fx->chiiki, v, "5-1", en, &p), 1);
	assert_int_equal(p.kind, SH_PROBLEM_CANNOT_JUDGE_REASON);
	assert_false(p.invalid);
	assert_non_null(strstr(p.msg, "item 5-1: cannot judge needs the reason"));
	en.comment = "\xe3\x80\x80";
	assert_int_equal(check_one(fx->chiiki, v, "5-1", en, &p), 1);
	en.comment = "様式2の記載が欠落しており判断できない。";
	assert_int_equal(check_one(fx->chiiki, v, "5-1", en, &p), 0);
	/* Cannot-judge with 3: refused. */
	en.value = 3;
	assert_int_equal(check_one(fx->chiiki, v, "5-1", en, &p), 1);
	assert_int_equal(p.kind, SH_PROBLEM_CANNOT_JUDGE_SCORE);
	assert_true(p.invalid);
	assert_string_equal(p.msg, "item 5-1: cannot judge means score 1, not 3");
	e = fill(v, 3, 0);
	e[idx(v, "5-1")] = en;
	assert_int_equal(sh_entries_state(fx->chiiki, v, e, v->nitems),
	    SH_ENTRIES_INVALID);
	assert_int_equal(sh_entries_validate(fx->chiiki, v, e, v->nitems,
	    false, &err), -1);
	assert_non_null(strstr(err.msg, "cannot judge means score 1"));
	free(e);
	/* Not for a bonus item. */
	v = &fx->kakine->variants[0];
	en.value = 0;
	assert_int_equal(check_one(fx->kakine, v, "6-a", en, &p), 1);
	assert_true(p.invalid);
}

static void
bonus_sets_and_ranges(void **state)
{
	struct fx		*fx = *state;
	const struct sh_variant	*v = &fx->kakine->variants[0];
	struct sh_problem	 p;
	struct sh_entry		 en = { true, 4, false, NULL };
	struct sh_err		 err;
	int			 pts;

	assert_int_equal(check_one(fx->kakine, v, "6-a", en, &p), 1);
	assert_int_equal(p.kind, SH_PROBLEM_BONUS_VALUE);
	assert_true(p.invalid);
	assert_string_equal(p.msg, "item 6-a: bonus value 4 not in {0,3,5,10}");
	en.value = 10;
	assert_int_equal(check_one(fx->kakine, v, "9-1a", en, &p), 1);
	assert_string_equal(p.msg, "item 9-1a: bonus value 10 not in {0,5}");
	assert_int_equal(sh_item_points(fx->kakine, sh_variant_item(v, "9-1a"),
	    &en, NULL, &pts, &err), -1);
	assert_non_null(strstr(err.msg, "not in {0,5}"));
	en.value = 0;
	assert_int_equal(check_one(fx->kakine, v, "9-1a", en, &p), 0);
	en.value = 5;
	assert_int_equal(check_one(fx->kakine, v, "9-1a", en, &p), 0);

	assert_int_equal(check_one(fx->kakine, v, "7-1", scored(6, "x"), &p), 1);
	assert_int_equal(p.kind, SH_PROBLEM_SCORE_RANGE);
	assert_string_equal(p.msg, "item 7-1: score 6 outside 1-5");
	assert_int_equal(check_one(fx->kakine, v, "7-1", scored(0, "x"), &p), 1);
	assert_true(p.invalid);

	/* A reviewer value on a fact item is an error. */
	v = &fx->chiiki->variants[0];
	assert_int_equal(check_one(fx->chiiki, v, "10-1", scored(5, NULL), &p),
	    1);
	assert_int_equal(p.kind, SH_PROBLEM_REVIEWER_VALUE);
	assert_true(p.invalid);
	assert_non_null(strstr(p.msg, "item 10-1: indicator item"));
	en.set = false;
	en.cannot_judge = true;
	assert_int_equal(check_one(fx->chiiki, v, "11", en, &p), 1);
	assert_int_equal(p.kind, SH_PROBLEM_REVIEWER_VALUE);
	en.cannot_judge = false;
	en.comment = "comment on a fact item is fine";
	assert_int_equal(check_one(fx->chiiki, v, "11", en, &p), 0);
}

static void
drafts_incomplete_not_invalid(void **state)
{
	struct fx		*fx = *state;
	const struct sh_variant	*v = &fx->chiiki->variants[0];
	struct sh_entry		*e;
	struct sh_problems	 l;
	struct sh_score		 s;
	struct sh_facts		 f;
	struct sh_err		 err;
	size_t			 done, todo;

	e = calloc(v->nitems, sizeof *e);
	sh_entries_progress(fx->chiiki, v, e, v->nitems, &done, &todo);
	assert_int_equal(todo, 29);
	assert_int_equal(done, 0);
	assert_int_equal(sh_entries_state(fx->chiiki, v, e, v->nitems),
	    SH_ENTRIES_INCOMPLETE);
	assert_int_equal(sh_entries_validate(fx->chiiki, v, e, v->nitems,
	    false, &err), 0);
	assert_int_equal(sh_entries_validate(fx->chiiki, v, e, v->nitems,
	    true, &err), -1);
	assert_string_equal(err.msg, "item 1-1: no score yet");

	e[0] = scored(4, NULL);
	e[1] = scored(5, NULL);			/* needs a comment */
	e[2] = scored(2, "やや不十分");
	sh_entries_progress(fx->chiiki, v, e, v->nitems, &done, &todo);
	assert_int_equal(done, 2);
	sh_problems_init(&l);
	assert_int_equal(sh_rules_check(fx->chiiki, v, e, v->nitems, &l, &err),
	    29 - 3 + 1);
	assert_int_equal(l.v[0].item, 1);
	assert_int_equal(l.v[0].kind, SH_PROBLEM_COMMENT_REQUIRED);
	assert_int_equal(l.v[1].kind, SH_PROBLEM_MISSING);

	/* Partial points of a draft: known items only. */
	facts(&f, "students_per_pc=1;lan_rate=100");
	assert_int_equal(sh_entries_score(fx->chiiki, v, e, v->nitems, &f, &s,
	    &err), 0);
	assert_false(s.complete);
	assert_int_equal(s.known, 3 + 3);
	assert_int_equal(s.points, 4 * 3 + 5 * 2 + 2 * 2 + 5 + 5 + 0);
	assert_int_equal(s.maximum, 470);

	/* One entry too few. */
	assert_int_equal(sh_rules_check(fx->chiiki, v, e, v->nitems - 1, &l,
	    &err), 1);
	assert_int_equal(l.v[0].kind, SH_PROBLEM_ENTRIES);
	assert_int_equal(l.v[0].item, SH_NO_ITEM);
	assert_int_equal(sh_entries_state(fx->chiiki, v, e, v->nitems - 1),
	    SH_ENTRIES_INVALID);
	assert_int_equal(sh_entries_score(fx->chiiki, v, e, v->nitems - 1, &f,
	    &s, &err), -1);
	sh_problems_free(&l);
	sh_facts_free(&f);
	free(e);
}

static void
flags(void **state)
{
	struct fx		*fx = *state;
	const struct sh_variant	*v = &fx->kakine->variants[0];
	struct sh_entry		*e;
	struct sh_flags		 fl;
	size_t			 i, n;

	e = fill(v, 3, 0);
	e[idx(v, "2-3")].value = 1;
	e[idx(v, "7-1")].value = 1;		/* not mandatory */
	e[idx(v, "5-2")].value = 2;
	sh_entries_flags(fx->kakine, v, e, v->nitems, &fl);
	assert_int_equal(fl.nmandatory, 1);
	assert_int_equal(fl.mandatory[0], idx(v, "2-3"));
	assert_false(fl.low);			/* kakine has no such rule */
	assert_int_equal(fl.nlow, 0);
	free(e);

	v = &fx->chiiki->variants[0];
	e = fill(v, 3, 0);
	for (i = 0, n = 0; i < v->nitems && n < 9; i++)
		if (v->items[i].kind == SH_ITEM_JUDGED)
			e[i].value = n++ % 2 ? 1 : 2;
	sh_entries_flags(fx->chiiki, v, e, v->nitems, &fl);
	assert_int_equal(fl.nmandatory, 0);
	assert_int_equal(fl.nlow, 9);
	assert_false(fl.low);
	e[idx(v, "9-2")].value = 2;
	sh_entries_flags(fx->chiiki, v, e, v->nitems, &fl);
	assert_int_equal(fl.nlow, 10);
	assert_int_equal(fx->chiiki->low_scores_threshold, 10);
	assert_true(fl.low);
	free(e);
}

static void
facts_parse_and_limits(void **state)
{
	struct sh_facts	 f, g;
	struct sh_buf	 b;
	struct sh_err	 err;
	json_t		*j;
	double		 x;
	const char	*t;

	facts(&f, " students_per_pc = 1.0001 ; lan_rate=99.9;"
	    "certifications= eruboshi-2  platinum-kurumin ;");
	assert_true(sh_facts_get(&f, "students_per_pc", &x));
	assert_true(x == 1.0001);
	assert_true(sh_facts_get(&f, "lan_rate", &x) && x == 99.9);
	assert_false(sh_facts_get(&f, "other", &x));
	assert_int_equal(f.ncerts, 2);
	assert_true(sh_facts_has_cert(&f, "platinum-kurumin"));

	sh_buf_init(&b, false);
	assert_int_equal(sh_facts_format(&f, &b), 0);
	assert_string_equal(sh_buf_cstr(&b), "students_per_pc=1.0001;"
	    "lan_rate=99.9;certifications=eruboshi-2 platinum-kurumin");
	sh_buf_free(&b);

	/* JSON both ways. */
	j = sh_facts_to_json(&f);
	assert_non_null(j);
	sh_facts_init(&g);
	assert_int_equal(sh_facts_from_json(&g, j, &err), 0);
	json_decref(j);
	assert_true(sh_facts_get(&g, "lan_rate", &x) && x == 99.9);
	assert_int_equal(g.ncerts, 2);
	j = json_loads("{\"lan_rate\": \"80\"}", 0, NULL);
	assert_int_equal(sh_facts_from_json(&g, j, &err), -1);
	assert_non_null(strstr(err.msg, "lan_rate must be a number"));
	assert_int_equal(g.ncerts, 2);		/* unchanged */
	json_decref(j);
	j = json_loads("{\"certifications\": [\"a\", \"a\"]}", 0, NULL);
	assert_int_equal(sh_facts_from_json(&g, j, &err), -1);
	assert_non_null(strstr(err.msg, "given twice"));
	json_decref(j);
	sh_facts_free(&g);

	/* Refusals leave the facts as they were. */
	static const struct { const char *in, *why; } bad[] = {
		{ "lan_rate=1e3", "not a plain decimal" },
		{ "lan_rate=abc", "not a plain decimal" },
		{ "lan_rate=", "not a number" },
		{ "lan_rate=1,5", "not a plain decimal" },
		{ "lan_rate=1;lan_rate=2", "given twice" },
		{ "lan rate=1", "may only have" },
		{ "lan_rate", "not name=value" },
		{ "lan_rate=99999999999", "1e-9 to 1e9" },
		{ "lan_rate=0.0000000001", "1e-9 to 1e9" },
		{ "certifications=a;certifications=a", "given twice" },
		{ "certifications=a/b", "may only have" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		t = bad[i].in;
		if (sh_facts_parse(&f, t, strlen(t), &err) != -1)
			fail_msg("accepted %s", t);
		if (strstr(err.msg, bad[i].why) == NULL)
			fail_msg("%s: \"%s\" lacks \"%s\"", t, err.msg,
			    bad[i].why);
	}
	assert_true(sh_facts_get(&f, "students_per_pc", &x) && x == 1.0001);
	assert_int_equal(sh_facts_parse(&f, "x=1\0y=2", 7, &err), -1);
	assert_int_equal(sh_facts_parse(&f, "", 0, &err), 0);
	assert_int_equal(f.nnums + f.ncerts, 0);
	sh_facts_free(&f);
}

/*
 * Conflicts of interest (DESIGN.md 2.10): (ア)–(カ) force withdrawal,
 * naming the first code; (キ) leaves it to the committee unless the
 * reviewer withdraws; nothing past (キ) is a code.
 */
static void
conflict_rules(void **state)
{
	unsigned	code = 99, d;

	assert_int_equal(SH_DECLARE_ALL, (1u << SH_DECLARE_NCODES) - 1);
	assert_int_equal(SH_DECLARE_A_TO_F | SH_DECLARE_G, SH_DECLARE_ALL);
	assert_true(sh_conflict_known(0));
	assert_true(sh_conflict_known(SH_DECLARE_ALL));
	assert_false(sh_conflict_known(0x80));
	assert_false(sh_conflict_known(SH_DECLARE_G | 0x100));

	assert_false(sh_conflict_must_withdraw(0, &code));
	assert_false(sh_conflict_must_withdraw(SH_DECLARE_G, &code));
	assert_int_equal(code, 99);
	for (d = 0; d < 6; d++) {
		assert_true(sh_conflict_must_withdraw(1u << d, &code));
		assert_int_equal(code, d);
		assert_true(sh_conflict_must_withdraw((1u << d) | SH_DECLARE_G,
		    NULL));
	}
	assert_true(sh_conflict_must_withdraw(0x24 | SH_DECLARE_G, &code));
	assert_int_equal(code, 2);		/* (ウ) before (カ) */

	assert_true(sh_conflict_committee(SH_DECLARE_G, false));
	assert_false(sh_conflict_committee(SH_DECLARE_G, true));
	assert_false(sh_conflict_committee(0, false));
	assert_false(sh_conflict_committee(0x01, true));

	/* (キ) is declared in writing when the committee has to decide. */
	assert_true(sh_conflict_statement_missing(SH_DECLARE_G, false, NULL));
	assert_true(sh_conflict_statement_missing(SH_DECLARE_G, false, ""));
	assert_false(sh_conflict_statement_missing(SH_DECLARE_G, false, "x"));
	assert_false(sh_conflict_statement_missing(SH_DECLARE_G, true, NULL));
	assert_false(sh_conflict_statement_missing(0, false, NULL));

	/* Withdrawn wins over any decision; (キ) waits, then is decided. */
	assert_int_equal(sh_conflict_state(0, false, false, false),
	    SH_CONFLICT_NONE);
	assert_int_equal(sh_conflict_state(0, false, true, true),
	    SH_CONFLICT_NONE);
	assert_int_equal(sh_conflict_state(0x01, true, false, false),
	    SH_CONFLICT_WITHDRAWN);
	assert_int_equal(sh_conflict_state(SH_DECLARE_G, true, true, true),
	    SH_CONFLICT_WITHDRAWN);
	assert_int_equal(sh_conflict_state(0, true, false, false),
	    SH_CONFLICT_WITHDRAWN);
	assert_int_equal(sh_conflict_state(SH_DECLARE_G, false, false, true),
	    SH_CONFLICT_KI_PENDING);
	assert_int_equal(sh_conflict_state(SH_DECLARE_G, false, true, true),
	    SH_CONFLICT_KI_ALLOWED);
	assert_int_equal(sh_conflict_state(SH_DECLARE_G, false, true, false),
	    SH_CONFLICT_KI_REFUSED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(maxima_and_minima_by_points),
		cmocka_unit_test(indicator_band_edges),
		cmocka_unit_test(certification_max_of),
		cmocka_unit_test(comment_rules_per_scheme),
		cmocka_unit_test(cannot_judge),
		cmocka_unit_test(bonus_sets_and_ranges),
		cmocka_unit_test(drafts_incomplete_not_invalid),
		cmocka_unit_test(flags),
		cmocka_unit_test(facts_parse_and_limits),
		cmocka_unit_test(conflict_rules),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
