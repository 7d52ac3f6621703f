/*
 * The designation rules (review/designate.h), worked by hand: who may be
 * designated, which designations are balance picks, and the one-third
 * guideline.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "review/designate.h"
#include "review/tally.h"

/* Six proposals by score: 60.0, 58.5, 58.5, 55.0, 52.1, 40.0. */
static void
six(struct sh_desig_cand c[6])
{
	static const int64_t	tenths[6] = { 600, 585, 585, 550, 521, 400 };
	static const size_t	rank[6] = { 1, 2, 2, 4, 5, 6 };
	size_t			i;

	memset(c, 0, 6 * sizeof *c);
	for (i = 0; i < 6; i++) {
		c[i].tenths = tenths[i];
		c[i].rank = rank[i];
	}
}

static void
each_rule_refuses_its_flag(void **state)
{
	struct sh_desig_cand	c;
	struct sh_desig_problem	p;

	memset(&c, 0, sizeof c);
	c.rank = 1;
	c.tenths = 500;
	assert_true(sh_desig_eligible(&c, &p));
	c.flags = SH_TALLY_P_MANY_LOW;
	assert_false(sh_desig_rule_not_many_low(&c, &p));
	assert_int_equal(p.kind, SH_DESIG_MANY_LOW);
	assert_true(sh_desig_rule_mandatory(&c, NULL));
	c.flags = SH_TALLY_P_MANDATORY_ONE;
	assert_false(sh_desig_eligible(&c, &p));
	assert_int_equal(p.kind, SH_DESIG_MANDATORY_ONE);
	c.flags = SH_TALLY_P_PENDING | SH_TALLY_P_MANY_LOW;
	assert_false(sh_desig_eligible(&c, &p));
	assert_int_equal(p.kind, SH_DESIG_PENDING);	/* the first rule */
	/* Other flags (a reviewer with σ = 0, no trim) do not refuse. */
	c.flags = SH_TALLY_P_SIGMA_ZERO | SH_TALLY_P_NO_TRIM;
	assert_true(sh_desig_eligible(&c, NULL));
	c.flags = 0;
	c.rank = 0;
	assert_false(sh_desig_eligible(&c, &p));
	assert_int_equal(p.kind, SH_DESIG_UNSCORED);
}

static void
score_order_and_balance(void **state)
{
	struct sh_desig_cand	c[6];
	struct sh_desig_problem	p[8];
	size_t			above, nb;

	six(c);
	/* The top three in order: no balance pick, nothing wrong. */
	c[0].designated = c[1].designated = c[2].designated = true;
	assert_int_equal(sh_desig_check(c, 6, p, 8, &nb), 0);
	assert_int_equal(nb, 0);
	/* A tie is not out of order: 58.5 designated, the other 58.5 not. */
	c[2].designated = false;
	assert_int_equal(sh_desig_check(c, 6, p, 8, &nb), 0);
	/* 52.1 designated past 58.5 and 55.0: a pick, needs a reason. */
	c[4].designated = true;
	assert_true(sh_desig_out_of_order(c, 6, 4, &above));
	assert_int_equal(above, 2);	/* the highest left out */
	assert_int_equal(sh_desig_check(c, 6, p, 8, &nb), 1);
	assert_int_equal(nb, 1);
	assert_true(c[4].balance);
	assert_false(c[1].balance);
	assert_int_equal(p[0].kind, SH_DESIG_NEEDS_REASON);
	assert_int_equal(p[0].cand, 4);
	assert_int_equal(p[0].above, 2);
	/* 1 pick of 3 designated is a third: within; of 2 it is not
	 * (60.0 and 52.1). */
	c[1].designated = false;
	assert_int_equal(sh_desig_check(c, 6, p, 8, &nb), 2);
	assert_int_equal(p[0].above, 1);
	assert_int_equal(p[1].kind, SH_DESIG_BEYOND_GUIDELINE);
	assert_int_equal(p[1].nbalance, 1);
	assert_int_equal(p[1].ndesignated, 2);
	/* With a reason only the guideline is left. */
	c[4].has_reason = true;
	assert_int_equal(sh_desig_check(c, 6, p, 8, &nb), 1);
	assert_int_equal(p[0].kind, SH_DESIG_BEYOND_GUIDELINE);
}

static void
guideline_is_one_third(void **state)
{
	struct sh_desig_cand	c[6];
	struct sh_desig_problem	p[8];
	size_t			nb;

	assert_false(sh_desig_over_guideline(0, 0));
	assert_false(sh_desig_over_guideline(1, 3));
	assert_true(sh_desig_over_guideline(1, 2));
	assert_false(sh_desig_over_guideline(2, 6));
	assert_true(sh_desig_over_guideline(3, 8));
	six(c);
	/* 60.0, 58.5, 58.5 and 52.1 (reason): 1 pick of 4 is within. */
	c[0].designated = c[1].designated = c[2].designated = true;
	c[4].designated = c[4].has_reason = true;
	assert_int_equal(sh_desig_check(c, 6, p, 8, &nb), 0);
	assert_int_equal(nb, 1);
	/* Drop 58.5: 1 pick of 3... still within (3 × 1 <= 3). */
	c[2].designated = false;
	assert_int_equal(sh_desig_check(c, 6, p, 8, &nb), 0);
	/* Drop the other 58.5 too: 1 of 2 is beyond, until acknowledged. */
	c[1].designated = false;
	assert_int_equal(sh_desig_check(c, 6, p, 8, &nb), 1);
	assert_int_equal(p[0].kind, SH_DESIG_BEYOND_GUIDELINE);
	c[4].beyond = true;
	assert_int_equal(sh_desig_check(c, 6, p, 8, &nb), 0);
	/* Leaving out the top one makes the next one a pick as well: 58.5
	 * designated while 60.0 is not. */
	c[0].designated = false;
	c[1].designated = true;
	assert_int_equal(sh_desig_check(c, 6, p, 8, &nb), 2);
	assert_int_equal(nb, 2);
	assert_int_equal(p[0].kind, SH_DESIG_NEEDS_REASON);
	assert_int_equal(p[0].cand, 1);
	assert_int_equal(p[0].above, 0);
	assert_int_equal(p[1].kind, SH_DESIG_BEYOND_GUIDELINE);
}

static void
refused_proposals_do_not_block_the_order(void **state)
{
	struct sh_desig_cand	c[6];
	struct sh_desig_problem	p[8];
	size_t			nb;

	six(c);
	/* 60.0 has markedly many 2s and 1s: designating the next ones is
	 * score order, not a balance pick. */
	c[0].flags = SH_TALLY_P_MANY_LOW;
	c[1].designated = c[2].designated = true;
	assert_int_equal(sh_desig_check(c, 6, p, 8, &nb), 0);
	assert_int_equal(nb, 0);
	/* And designating it anyway is a problem of its own. */
	c[0].designated = true;
	assert_int_equal(sh_desig_check(c, 6, p, 8, &nb), 1);
	assert_int_equal(p[0].kind, SH_DESIG_MANY_LOW);
	assert_int_equal(p[0].cand, 0);
	/* More problems than room: the count says so. */
	c[0].flags = SH_TALLY_P_PENDING;
	c[5].designated = true;
	c[5].flags = SH_TALLY_P_MANDATORY_ONE;
	assert_int_equal(sh_desig_check(c, 6, p, 1, &nb), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_rule_refuses_its_flag),
		cmocka_unit_test(score_order_and_balance),
		cmocka_unit_test(guideline_is_one_third),
		cmocka_unit_test(refused_proposals_do_not_block_the_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
