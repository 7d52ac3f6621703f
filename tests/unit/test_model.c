/* The workstation model: conflicts, scores, comments, points, problems. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "model.h"
#include "testing.h"

static size_t
item_index(const struct ws_proposal *p, const char *id)
{
	const struct sh_item *it = sh_variant_item(p->variant, id);

	assert_non_null(it);
	return it->index;
}

static void
conflicts(void **state)
{
	struct ws		*ws = tw_load("kakine-2024", "R2026");
	struct ws_proposal	*p = &ws->props[0];
	struct sh_err		 err;
	struct ws_problem	 pr[4];
	struct ws_flag		 fl[4];

	/* Nothing can be scored before the declaration. */
	assert_int_equal(ws_set_value(ws, p, 0, 4, &err), -1);
	assert_non_null(strstr(err.msg, "declare conflicts"));
	assert_int_equal(ws_prop_problems(ws, 0, pr, 4), 1);
	assert_int_equal(pr[0].kind, WS_P_UNDECLARED);
	/* (ア)–(カ) cannot continue. */
	assert_int_equal(ws_declare(ws, p, 0x02, WS_CONFLICT_REVIEW, &err),
	    -1);
	assert_int_equal(p->conflict, WS_CONFLICT_UNDECLARED);
	assert_int_equal(ws_declare(ws, p, 0x02, WS_CONFLICT_WITHDRAW, &err),
	    0);
	assert_int_equal(ws_set_value(ws, p, 0, 4, &err), -1);
	assert_non_null(strstr(err.msg, "withdrawn"));
	/* A withdrawn proposal blocks nothing. */
	assert_int_equal(ws_prop_problems(ws, 0, NULL, 0), 0);
	/* (キ) may continue, pending the committee, and is flagged. */
	p = &ws->props[1];
	assert_int_equal(ws_declare(ws, p, SH_DECLARE_G, WS_CONFLICT_REVIEW,
	    &err), 0);
	assert_int_equal(ws_flags(ws, fl, 4), 1);
	assert_int_equal(fl[0].kind, WS_F_COMMITTEE);
	/* (キ) is declared in writing: without the statement it blocks
	 * submission, at the declaration; with one it does not. */
	assert_true(ws_prop_problems(ws, 1, pr, 4) >= 1);
	assert_int_equal(pr[0].kind, WS_P_NEEDS_STATEMENT);
	assert_int_equal(pr[0].where, WS_AT_CONFLICT);
	assert_int_equal(ws_set_text(ws, p, WS_TEXT_STATEMENT,
	    "申請者は元同僚です。", &err), 0);
	assert_true(ws_prop_problems(ws, 1, pr, 4) == 0 ||
	    pr[0].kind != WS_P_NEEDS_STATEMENT);
	/* Withdrawing with (キ) leaves the committee nothing to decide. */
	assert_int_equal(ws_set_text(ws, p, WS_TEXT_STATEMENT, NULL, &err), 0);
	assert_int_equal(ws_declare(ws, p, SH_DECLARE_G, WS_CONFLICT_WITHDRAW,
	    &err), 0);
	assert_int_equal(ws_prop_problems(ws, 1, NULL, 0), 0);
	assert_string_equal(ws_conflict_label(6), "(キ)");
	assert_non_null(strstr(ws_conflict_text(6), "社会通念上の疑義"));
	ws_free(ws);
}

static void
scores_and_comments(void **state)
{
	struct ws		*ws = tw_load("kakine-2024", "R2026");
	struct ws_proposal	*p = &ws->props[0];
	struct sh_err		 err;
	struct ws_problem	 pr[64];
	size_t			 i, done, total, n;
	int			 max, pts;

	assert_int_equal(ws_declare(ws, p, 0, WS_CONFLICT_REVIEW, &err), 0);
	ws_progress(p, &done, &total);
	assert_int_equal(done, 0);
	assert_int_equal(total, 27);	/* 20 judged + 7 bonus */
	/* Certification: only the best one counts (eruboshi-2, kurumin-1). */
	i = item_index(p, "12");
	assert_true(ws_item_points(p, i, &pts));
	assert_true(pts > 0);
	assert_int_equal(ws_total(p, &max), pts);
	assert_int_equal(max, 375);

	/* Bonus items take only their values. */
	i = item_index(p, "6-a");
	assert_int_equal(ws_set_value(ws, p, i, 4, &err), -1);
	assert_non_null(strstr(err.msg, "not in {0,3,5,10}"));
	assert_int_equal(ws_set_value(ws, p, i, 10, &err), 0);
	/* Score 5 needs a comment (kakine: 5 and 1), 4 does not. */
	i = item_index(p, "1-1");
	assert_int_equal(ws_set_value(ws, p, i, 5, &err), 0);
	assert_true(ws_comment_missing(ws, p, i));
	assert_int_equal(ws_set_value(ws, p, i, 2, &err), 0);
	assert_false(ws_comment_required(ws, p, i));
	/* Cannot judge forces 1 and needs the reason. */
	assert_int_equal(ws_set_cannot_judge(ws, p, i, true, &err), 0);
	assert_int_equal(p->entries[i].value, 1);
	n = ws_prop_problems(ws, 0, pr, 64);
	assert_int_equal(pr[0].kind, WS_P_NEEDS_REASON);
	assert_int_equal(pr[0].item, i);
	assert_int_equal(ws_set_comment(ws, p, i, "　\n", &err), 0);
	assert_true(ws_comment_missing(ws, p, i));	/* blank is no reason */
	assert_int_equal(ws_set_comment(ws, p, i,
	    "申請書の該当箇所が欠落しており判定できない。", &err), 0);
	assert_false(ws_comment_missing(ws, p, i));
	/* Everything else: 4 or 0. */
	for (i = 0; i < ws_nitems(p); i++) {
		const struct sh_item *it = ws_item(p, i);

		if (p->entries[i].set)
			continue;
		if (it->kind == SH_ITEM_JUDGED)
			assert_int_equal(ws_set_value(ws, p, i, 4, &err), 0);
		else if (it->kind == SH_ITEM_BONUS)
			assert_int_equal(ws_set_value(ws, p, i, 0, &err), 0);
	}
	(void)n;
	assert_true(ws_prop_ready(ws, 0));
	ws_progress(p, &done, &total);
	assert_int_equal(done, total);
	ws_free(ws);
}

static void
indicators_from_facts(void **state)
{
	struct ws		*ws = tw_load("chiiki-2020", "R2020");
	struct ws_proposal	*p = &ws->props[0];
	const struct sh_band	*b;
	double			 fact;
	int			 pts, max;

	/* 1.5 students per PC: band (1, 2] → 4 points. */
	b = ws_item_band(p, item_index(p, "10-1"), &fact);
	assert_non_null(b);
	assert_int_equal(b->points, 4);
	assert_true(fact == 1.5);
	assert_true(ws_item_points(p, item_index(p, "10-2"), &pts));
	assert_int_equal(pts, 4);	/* 80% wireless LAN */
	ws_total(p, &max);
	assert_int_equal(max, 470);
	ws_free(ws);
}

static int
refuse_save(struct ws *ws, const struct ws_proposal *p, void *arg,
    struct sh_err *err)
{
	return sh_errf(err, "disk full");
}

static void
failed_save_changes_nothing(void **state)
{
	struct ws		*ws = tw_load("kakine-2024", "R2026");
	struct ws_proposal	*p = &ws->props[0];
	struct sh_err		 err;

	assert_int_equal(ws_declare(ws, p, 0, WS_CONFLICT_REVIEW, &err), 0);
	assert_int_equal(ws_set_comment(ws, p, 0, "前の所見", &err), 0);
	ws->save = refuse_save;
	assert_int_equal(ws_set_value(ws, p, 0, 3, &err), -1);
	assert_false(p->entries[0].set);
	assert_int_equal(ws_set_comment(ws, p, 0, "新しい", &err), -1);
	assert_string_equal(p->entries[0].comment, "前の所見");
	assert_int_equal(ws_declare(ws, p, 0x01, WS_CONFLICT_WITHDRAW, &err),
	    -1);
	assert_int_equal(p->conflict, WS_CONFLICT_REVIEW);
	ws_free(ws);
}

static int saves;

static int
count_save(struct ws *ws, const struct ws_proposal *p, void *arg,
    struct sh_err *err)
{
	saves++;
	return 0;
}

/* u: each kind of change is undone through the save path, one level. */
static void
undo_last_change(void **state)
{
	struct ws		*ws = tw_load("kakine-2024", "R2026");
	struct ws_proposal	*p = &ws->props[0];
	struct sh_err		 err;
	int			 before;

	assert_false(ws_can_undo(p));
	assert_int_equal(ws_undo(ws, p, &err), -1);
	assert_non_null(strstr(err.msg, "nothing to undo"));
	/* A declaration. */
	assert_int_equal(ws_declare(ws, p, 0, WS_CONFLICT_REVIEW, &err), 0);
	assert_int_equal(ws_declare(ws, p, 0x01, WS_CONFLICT_WITHDRAW, &err),
	    0);
	ws->save = count_save;
	saves = 0;
	assert_int_equal(ws_undo(ws, p, &err), 0);
	assert_int_equal(saves, 1);
	assert_int_equal(p->conflict, WS_CONFLICT_REVIEW);
	assert_int_equal(p->declared, 0);
	assert_false(ws_can_undo(p));
	/* A stray x after a score: the score comes back. */
	assert_int_equal(ws_set_value(ws, p, 0, 4, &err), 0);
	assert_int_equal(ws_set_cannot_judge(ws, p, 0, true, &err), 0);
	assert_true(p->entries[0].cannot_judge);
	assert_int_equal(ws_undo(ws, p, &err), 0);
	assert_true(p->entries[0].set);
	assert_int_equal(p->entries[0].value, 4);
	assert_false(p->entries[0].cannot_judge);
	/* One level: the score itself stays. */
	assert_int_equal(ws_undo(ws, p, &err), -1);
	assert_int_equal(p->entries[0].value, 4);
	/* A cleared score. */
	assert_int_equal(ws_clear_value(ws, p, 0, &err), 0);
	assert_int_equal(ws_undo(ws, p, &err), 0);
	assert_int_equal(p->entries[0].value, 4);
	/* A comment, and the remarks. */
	assert_int_equal(ws_set_comment(ws, p, 0, "前の所見", &err), 0);
	assert_int_equal(ws_set_comment(ws, p, 0, "書き損じ", &err), 0);
	assert_int_equal(ws_undo(ws, p, &err), 0);
	assert_string_equal(p->entries[0].comment, "前の所見");
	assert_int_equal(ws_set_text(ws, p, WS_TEXT_REMARKS, "総合所見", &err), 0);
	assert_int_equal(ws_undo(ws, p, &err), 0);
	assert_null(p->remarks);
	/* A refused save undoes nothing and keeps the record. */
	assert_int_equal(ws_set_value(ws, p, 0, 2, &err), 0);
	ws->save = refuse_save;
	before = saves;
	assert_int_equal(ws_undo(ws, p, &err), -1);
	assert_int_equal(p->entries[0].value, 2);
	assert_true(ws_can_undo(p));
	ws->save = count_save;
	assert_int_equal(ws_undo(ws, p, &err), 0);
	assert_int_equal(saves, before + 1);
	assert_int_equal(p->entries[0].value, 4);
	ws_free(ws);
}

static void
package_refusals(void **state)
{
	struct sh_err		 err;
	struct sh_rubric	*r = tw_rubric("kakine-2024");
	struct sh_package	 pkg;

	/* The rubric's hash must be the one the package names. */
	tw_package(&pkg, r, "R2026");
	pkg.rubric_sha256[0] = pkg.rubric_sha256[0] == '0' ? '1' : '0';
	assert_null(ws_new(&pkg, r, &err));
	assert_non_null(strstr(err.msg, "has hash"));
	/* A variant the rubric lacks. */
	r = tw_rubric("kakine-2024");
	tw_package(&pkg, r, "R2026");
	sh_package_set(&pkg.proposals[1].variant, "chiiki-miryoku");
	assert_null(ws_new(&pkg, r, &err));
	assert_non_null(strstr(err.msg, "chiiki-miryoku"));
}

static int
teardown(void **state)
{
	tw_keys_free();
	return 0;
}

/* ws_proposal() finds every proposal by id and nothing else. */
static void
proposal_by_id(void **state)
{
	struct ws	*ws = tw_load("kakine-2024", "R2026");
	size_t		 i;

	assert_true(ws->nprops > 1);
	for (i = 0; i < ws->nprops; i++)
		assert_ptr_equal(ws_proposal(ws, ws->props[i].id),
		    &ws->props[i]);
	assert_null(ws_proposal(ws, ""));
	assert_null(ws_proposal(ws, "0"));
	assert_null(ws_proposal(ws, "\x7f"));
	ws_free(ws);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(conflicts),
		cmocka_unit_test(proposal_by_id),
		cmocka_unit_test(scores_and_comments),
		cmocka_unit_test(indicators_from_facts),
		cmocka_unit_test(failed_save_changes_nothing),
		cmocka_unit_test(undo_last_change),
		cmocka_unit_test(package_refusals),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, teardown);
}
