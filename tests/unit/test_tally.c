/*
 * review/tally: deviation scores, trimming, rounding, ranking, conflicts.
 *
 * Most examples use reviewers whose four totals are a permutation of
 * 300, 340, 380, 420:
 *	μ = 360, σ² = (60² + 20² + 20² + 60²)/4 = 2000, σ = √2000 = 44.7214
 *	z = ±20/√2000 = ±1/√5 = ±0.4472136, ±60/√2000 = ±3/√5 = ±1.3416408
 *	dev(300) = 50 − 30/√5 = 36.583592	dev(340) = 50 − 10/√5 = 45.527864
 *	dev(380) = 50 + 10/√5 = 54.472136	dev(420) = 50 + 30/√5 = 63.416408
 * so a proposal's mean is 50 + (10/k)·(Σ units)/√5, where the "units" are
 * −3, −1, 1, 3 for 300, 340, 380, 420.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "review/tally.h"
#include "review/tally_exact.h"

#define EPS	1e-6
#define SQRT5	2.23606797749979

#define MAXOBS	64
struct fixture {
	struct sh_tally_obs		obs[MAXOBS];
	struct sh_tally_conflict	conf[MAXOBS];
	struct sh_tally_input		in;
};

static void
fx_init(struct fixture *f, size_t nr, size_t np, bool trim)
{
	memset(f, 0, sizeof *f);
	f->in.nreviewers = nr;
	f->in.nproposals = np;
	f->in.obs = f->obs;
	f->in.conflicts = f->conf;
	sh_tally_settings_init(&f->in.settings, trim);
}

/* Reviewer r gives totals t[0..n) to proposals first, first+1, ... */
static void
fx_row(struct fixture *f, size_t r, size_t first, const int64_t *t, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		assert_true(f->in.nobs < MAXOBS);
		f->obs[f->in.nobs].reviewer = r;
		f->obs[f->in.nobs].proposal = first + i;
		f->obs[f->in.nobs].total = t[i];
		f->in.nobs++;
	}
}

static void
fx_conflict(struct fixture *f, size_t r, size_t p, enum sh_conflict c)
{
	f->conf[f->in.nconflicts].reviewer = r;
	f->conf[f->in.nconflicts].proposal = p;
	f->conf[f->in.nconflicts].state = c;
	f->in.nconflicts++;
}

/* The tally as the merge runs it: the reviews given one at a time to a
 * builder, which is empty afterwards whatever happens. */
static struct sh_tally *
run_builder(const struct sh_tally_input *in, struct sh_err *err)
{
	struct sh_tally_builder	 b;
	struct sh_tally		*t = NULL;
	size_t			 i;

	sh_tally_builder_init(&b);
	for (i = 0; i < in->nobs; i++)
		if (sh_tally_add_obs(&b, &in->obs[i], err) == -1)
			goto out;
	for (i = 0; i < in->nconflicts; i++)
		if (sh_tally_add_conflict(&b, &in->conflicts[i], err) == -1)
			goto out;
	t = sh_tally_run_built(&b, in->nreviewers, in->nproposals,
	    &in->settings, err);
	assert_null(b.v);
	assert_int_equal(b.n, 0);
out:
	sh_tally_builder_free(&b);
	return t;
}

/* Two tallies of one input hold the same bits. */
static void
assert_same_tally(const struct sh_tally *a, const struct sh_tally *b)
{
	assert_int_equal(a->nreviewers, b->nreviewers);
	assert_int_equal(a->nproposals, b->nproposals);
	assert_int_equal(a->nentries, b->nentries);
	assert_memory_equal(a->reviewers, b->reviewers,
	    a->nreviewers * sizeof *a->reviewers);
	assert_memory_equal(a->proposals, b->proposals,
	    a->nproposals * sizeof *a->proposals);
	assert_memory_equal(a->entries, b->entries,
	    a->nentries * sizeof *a->entries);
	assert_memory_equal(a->order, b->order, a->nproposals * sizeof *a->order);
}

/* Runs the tally both ways, which must agree; returns the copying one's. */
static struct sh_tally *
run_both(const struct sh_tally_input *in, struct sh_err *err)
{
	struct sh_tally	*t, *taken;
	struct sh_err	 e2;

	sh_err_clear(err);
	sh_err_clear(&e2);
	t = sh_tally_run(in, err);
	taken = run_builder(in, &e2);
	assert_true((t == NULL) == (taken == NULL));
	if (t == NULL)
		assert_string_equal(err->msg, e2.msg);
	else
		assert_same_tally(t, taken);
	sh_tally_free(taken);
	return t;
}

static struct sh_tally *
run_ok(const struct fixture *f)
{
	struct sh_err	 err;
	struct sh_tally	*t;

	t = run_both(&f->in, &err);
	if (t == NULL)
		fail_msg("tally: %s", err.msg);
	return t;
}

static const struct sh_tally_proposal *
prop(const struct sh_tally *t, size_t p)
{
	const struct sh_tally_proposal *pp = sh_tally_proposal(t, p);

	assert_non_null(pp);
	return pp;
}

static unsigned
eflags(const struct sh_tally *t, size_t r, size_t p)
{
	const struct sh_tally_entry *e = sh_tally_entry(t, r, p);

	assert_non_null(e);
	return e->flags;
}

#define assert_near(a, b) do {						\
	double _a = (a), _b = (b);					\
	if (!(fabs(_a - _b) < EPS))					\
		fail_msg("%.9f != %.9f", _a, _b);			\
} while (0)

/*
 * Three reviewers, four proposals, each reviewer a rotation:
 *	R0: 300 340 380 420	units −3 −1  1  3
 *	R1: 340 380 420 300	units −1  1  3 −3
 *	R2: 380 420 300 340	units  1  3 −3 −1
 */
static void
fx_three(struct fixture *f, bool trim)
{
	static const int64_t r0[] = { 300, 340, 380, 420 };
	static const int64_t r1[] = { 340, 380, 420, 300 };
	static const int64_t r2[] = { 380, 420, 300, 340 };

	fx_init(f, 3, 4, trim);
	fx_row(f, 0, 0, r0, 4);
	fx_row(f, 1, 0, r1, 4);
	fx_row(f, 2, 0, r2, 4);
}

/*
 * No trim (kakine):
 *	P0 units −3 −1  1: 50 − (10/3)(3/√5) = 50 − 10/√5 = 45.527864 → 45.5
 *	P1 units −1  1  3: 50 + 10/√5            = 54.472136 → 54.5
 *	P2 units  1  3 −3: 50 + 10/(3√5)         = 51.490712 → 51.5
 *	P3 units  3 −3 −1: 50 − 10/(3√5)         = 48.509288 → 48.5
 * Ranking P1, P2, P3, P0.
 */
static void
hand_worked_no_trim(void **state)
{
	struct fixture			 f;
	struct sh_tally			*t;
	const struct sh_tally_reviewer	*r;
	double				 d[4];

	fx_three(&f, false);
	t = run_ok(&f);
	r = sh_tally_reviewer(t, 0);
	assert_int_equal(r->n, 4);
	assert_near(r->mean, 360.0);
	assert_near(r->sd, sqrt(2000.0));
	assert_near(r->sd, 44.721360);
	assert_int_equal(r->flags, 0);
	assert_near(sh_tally_entry_dev(t, sh_tally_entry(t, 0, 0)), 36.583592);
	assert_near(sh_tally_entry_dev(t, sh_tally_entry(t, 0, 1)), 45.527864);
	assert_near(sh_tally_entry_dev(t, sh_tally_entry(t, 0, 2)), 54.472136);
	assert_near(sh_tally_entry_dev(t, sh_tally_entry(t, 0, 3)), 63.416408);
	assert_int_equal(sh_tally_entry(t, 0, 3)->total, 420);

	assert_near(prop(t, 0)->mean, 45.527864);
	assert_near(prop(t, 1)->mean, 54.472136);
	assert_near(prop(t, 2)->mean, 51.490712);
	assert_near(prop(t, 3)->mean, 48.509288);
	assert_int_equal(prop(t, 0)->tenths, 455);
	assert_int_equal(prop(t, 1)->tenths, 545);
	assert_int_equal(prop(t, 2)->tenths, 515);
	assert_int_equal(prop(t, 3)->tenths, 485);
	assert_int_equal(prop(t, 1)->rank, 1);
	assert_int_equal(prop(t, 2)->rank, 2);
	assert_int_equal(prop(t, 3)->rank, 3);
	assert_int_equal(prop(t, 0)->rank, 4);
	assert_int_equal(sh_tally_ranked(t, 0)->id, 1);
	assert_int_equal(sh_tally_ranked(t, 3)->id, 0);
	assert_null(sh_tally_ranked(t, 4));
	assert_int_equal(prop(t, 0)->nkept, 3);
	assert_int_equal(prop(t, 0)->flags, 0);
	assert_int_equal(sh_tally_kept_devs(t, 0, d, 4), 3);
	assert_near(d[0], 36.583592);	/* R0 */
	assert_near(d[1], 45.527864);	/* R1 */
	assert_near(d[2], 54.472136);	/* R2 */
	sh_tally_free(t);
}

/*
 * Trim with three reviewers (chiiki) keeps only the middle dev:
 *	P0 units −3 −1 1 (R0 R1 R2): keep R1 −1 → 45.527864 → 45.5
 *	P1 units −1 1 3:  keep R1 1  → 54.472136 → 54.5
 *	P2 units 1 3 −3:  keep R0 1  → 54.5
 *	P3 units 3 −3 −1: keep R2 −1 → 45.5
 * Equal scores share a rank and then go by id: P1 1, P2 1, P0 3, P3 3.
 */
static void
trim_three_and_shared_ranks(void **state)
{
	struct fixture	 f;
	struct sh_tally	*t;

	fx_three(&f, true);
	t = run_ok(&f);
	assert_int_equal(prop(t, 0)->tenths, 455);
	assert_int_equal(prop(t, 1)->tenths, 545);
	assert_int_equal(prop(t, 2)->tenths, 545);
	assert_int_equal(prop(t, 3)->tenths, 455);
	assert_int_equal(prop(t, 1)->rank, 1);
	assert_int_equal(prop(t, 2)->rank, 1);
	assert_int_equal(prop(t, 0)->rank, 3);
	assert_int_equal(prop(t, 3)->rank, 3);
	assert_int_equal(sh_tally_ranked(t, 0)->id, 1);
	assert_int_equal(sh_tally_ranked(t, 1)->id, 2);
	assert_int_equal(sh_tally_ranked(t, 2)->id, 0);
	assert_int_equal(sh_tally_ranked(t, 3)->id, 3);

	assert_true(eflags(t, 2, 0) & SH_TALLY_E_DROPPED_HIGH);
	assert_true(eflags(t, 0, 0) & SH_TALLY_E_DROPPED_LOW);
	assert_true(eflags(t, 1, 0) & SH_TALLY_E_KEPT);
	assert_true(eflags(t, 1, 2) & SH_TALLY_E_DROPPED_HIGH);
	assert_true(eflags(t, 2, 2) & SH_TALLY_E_DROPPED_LOW);
	assert_true(eflags(t, 0, 2) & SH_TALLY_E_KEPT);
	assert_int_equal(prop(t, 0)->nkept, 1);
	assert_int_equal(prop(t, 0)->ncounted, 3);
	assert_true(prop(t, 0)->flags & SH_TALLY_P_TRIMMED);
	sh_tally_free(t);
}

/*
 * Four reviewers:
 *	R0: 420 380 340 300	units  3  1 −1 −3
 *	R1: 420 340 380 300	units  3 −1  1 −3
 *	R2: 380 420 300 340	units  1  3 −3 −1
 *	R3: 420 380 300 340	units  3  1 −3 −1
 * P0  3  3  1  3: high tie R0,R1,R3 → R0 (lowest index); low R2.
 *     kept R1, R3 = 3, 3 → 50 + 30/√5 = 63.416408 → 63.4
 * P1  1 −1  3  1: high R2, low R1; kept 1, 1 → 54.472136 → 54.5
 * P2 −1  1 −3 −3: high R1; low tie R2,R3 → R3 (highest index);
 *     kept R0 −1, R2 −3 → 50 − 20/√5 = 41.055728 → 41.1
 * P3 −3 −3 −1 −1: high tie R2,R3 → R2; low tie R0,R1 → R1;
 *     kept R0 −3, R3 −1 → 41.055728 → 41.1
 * Ranks 1, 2, 3, 3.
 */
static void
fx_four(struct fixture *f)
{
	static const int64_t r0[] = { 420, 380, 340, 300 };
	static const int64_t r1[] = { 420, 340, 380, 300 };
	static const int64_t r2[] = { 380, 420, 300, 340 };
	static const int64_t r3[] = { 420, 380, 300, 340 };

	fx_init(f, 5, 4, true);
	f->in.nreviewers = 4;
	fx_row(f, 0, 0, r0, 4);
	fx_row(f, 1, 0, r1, 4);
	fx_row(f, 2, 0, r2, 4);
	fx_row(f, 3, 0, r3, 4);
}

static void
trim_four_ties_deterministic(void **state)
{
	struct fixture	 f;
	struct sh_tally	*t;

	fx_four(&f);
	t = run_ok(&f);
	assert_near(prop(t, 0)->mean, 63.416408);
	assert_int_equal(prop(t, 0)->tenths, 634);
	assert_true(eflags(t, 0, 0) & SH_TALLY_E_DROPPED_HIGH);
	assert_false(eflags(t, 1, 0) & SH_TALLY_E_DROPPED_HIGH);
	assert_true(eflags(t, 2, 0) & SH_TALLY_E_DROPPED_LOW);

	assert_int_equal(prop(t, 1)->tenths, 545);
	assert_true(eflags(t, 2, 1) & SH_TALLY_E_DROPPED_HIGH);
	assert_true(eflags(t, 1, 1) & SH_TALLY_E_DROPPED_LOW);

	assert_near(prop(t, 2)->mean, 41.055728);
	assert_int_equal(prop(t, 2)->tenths, 411);
	assert_true(eflags(t, 1, 2) & SH_TALLY_E_DROPPED_HIGH);
	assert_true(eflags(t, 3, 2) & SH_TALLY_E_DROPPED_LOW);
	assert_true(eflags(t, 2, 2) & SH_TALLY_E_KEPT);

	assert_int_equal(prop(t, 3)->tenths, 411);
	assert_true(eflags(t, 2, 3) & SH_TALLY_E_DROPPED_HIGH);
	assert_true(eflags(t, 3, 3) & SH_TALLY_E_KEPT);
	assert_true(eflags(t, 1, 3) & SH_TALLY_E_DROPPED_LOW);
	assert_true(eflags(t, 0, 3) & SH_TALLY_E_KEPT);

	assert_int_equal(prop(t, 0)->rank, 1);
	assert_int_equal(prop(t, 1)->rank, 2);
	assert_int_equal(prop(t, 2)->rank, 3);
	assert_int_equal(prop(t, 3)->rank, 3);
	sh_tally_free(t);
}

/*
 * Five reviewers: the four above and R4: 300 340 380 420 (−3 −1 1 3).
 * P0  3  3  1  3 −3: drop R0 (high), R4 (low); kept 3 1 3 = 7
 *     → 50 + 70/(3√5) = 60.434984 → 60.4
 * P1  1 −1  3  1 −1: drop R2; low tie R1,R4 → R4; kept 1 −1 1 = 1
 *     → 50 + 10/(3√5) = 51.490712 → 51.5
 * P2 −1  1 −3 −3  1: high tie R1,R4 → R1; low tie R2,R3 → R3;
 *     kept −1 −3 1 = −3 → 50 − 10/√5 = 45.527864 → 45.5
 * P3 −3 −3 −1 −1  3: drop R4 (high); low tie R0,R1 → R1;
 *     kept −3 −1 −1 = −5 → 50 − 50/(3√5) = 42.546440 → 42.5
 */
static void
trim_five(void **state)
{
	static const int64_t r4[] = { 300, 340, 380, 420 };
	struct fixture	 f;
	struct sh_tally	*t;

	fx_four(&f);
	f.in.nreviewers = 5;
	fx_row(&f, 4, 0, r4, 4);
	t = run_ok(&f);
	assert_near(prop(t, 0)->mean, 60.434984);
	assert_near(prop(t, 1)->mean, 51.490712);
	assert_near(prop(t, 2)->mean, 45.527864);
	assert_near(prop(t, 3)->mean, 42.546440);
	assert_int_equal(prop(t, 0)->tenths, 604);
	assert_int_equal(prop(t, 1)->tenths, 515);
	assert_int_equal(prop(t, 2)->tenths, 455);
	assert_int_equal(prop(t, 3)->tenths, 425);
	assert_true(eflags(t, 0, 0) & SH_TALLY_E_DROPPED_HIGH);
	assert_true(eflags(t, 4, 0) & SH_TALLY_E_DROPPED_LOW);
	assert_true(eflags(t, 4, 1) & SH_TALLY_E_DROPPED_LOW);
	assert_true(eflags(t, 1, 1) & SH_TALLY_E_KEPT);
	assert_true(eflags(t, 1, 2) & SH_TALLY_E_DROPPED_HIGH);
	assert_true(eflags(t, 4, 2) & SH_TALLY_E_KEPT);
	assert_true(eflags(t, 3, 2) & SH_TALLY_E_DROPPED_LOW);
	assert_true(eflags(t, 1, 3) & SH_TALLY_E_DROPPED_LOW);
	assert_int_equal(prop(t, 0)->nkept, 3);
	assert_int_equal(prop(t, 0)->rank, 1);
	assert_int_equal(prop(t, 3)->rank, 4);
	sh_tally_free(t);
}

/*
 * With every dev equal, the trim still drops exactly two entries: the
 * highest of the lowest reviewer index and the lowest of the highest.
 * Three reviewers each give their four proposals the same units on P0
 * (R0..R2: 300 on P0) → P0 devs all 36.583592.
 */
static void
trim_all_equal(void **state)
{
	static const int64_t r[] = { 300, 340, 380, 420 };
	struct fixture	 f;
	struct sh_tally	*t;

	fx_init(&f, 3, 4, true);
	fx_row(&f, 0, 0, r, 4);
	fx_row(&f, 1, 0, r, 4);
	fx_row(&f, 2, 0, r, 4);
	t = run_ok(&f);
	assert_true(eflags(t, 0, 0) & SH_TALLY_E_DROPPED_HIGH);
	assert_true(eflags(t, 2, 0) & SH_TALLY_E_DROPPED_LOW);
	assert_true(eflags(t, 1, 0) & SH_TALLY_E_KEPT);
	assert_int_equal(prop(t, 0)->tenths, 366);	/* 36.583592 */
	/* all four proposals distinct, all ranks distinct */
	assert_int_equal(prop(t, 3)->rank, 1);
	assert_int_equal(prop(t, 0)->rank, 4);
	sh_tally_free(t);
}

/*
 * σ = 0: R0 gives 350 to P0..P2 → every dev 50, flagged.
 * R1 gives 300 340 380: μ 340, σ² = (1600 + 0 + 1600)/3 = 3200/3,
 * σ = 32.659863, z = ±40/σ = ±1.2247449 → devs 37.752551, 50, 62.247449.
 *	P0 (50 + 37.752551)/2 = 43.876276 → 43.9
 *	P1 (50 + 50)/2        = 50.0
 *	P2 (50 + 62.247449)/2 = 56.123724 → 56.1
 */
static void
sigma_zero(void **state)
{
	static const int64_t r0[] = { 350, 350, 350 };
	static const int64_t r1[] = { 300, 340, 380 };
	struct fixture	 f;
	struct sh_tally	*t;

	fx_init(&f, 2, 3, false);
	fx_row(&f, 0, 0, r0, 3);
	fx_row(&f, 1, 0, r1, 3);
	t = run_ok(&f);
	assert_true(sh_tally_reviewer(t, 0)->flags & SH_TALLY_R_SIGMA_ZERO);
	assert_false(sh_tally_reviewer(t, 1)->flags & SH_TALLY_R_SIGMA_ZERO);
	assert_near(sh_tally_reviewer(t, 0)->sd, 0.0);
	assert_near(sh_tally_reviewer(t, 1)->sd, 32.659863);
	assert_near(sh_tally_entry_dev(t, sh_tally_entry(t, 0, 1)), 50.0);
	assert_near(sh_tally_entry_dev(t, sh_tally_entry(t, 1, 0)), 37.752551);
	assert_near(prop(t, 0)->mean, 43.876276);
	assert_int_equal(prop(t, 0)->tenths, 439);
	assert_int_equal(prop(t, 1)->tenths, 500);
	assert_int_equal(prop(t, 2)->tenths, 561);
	assert_true(prop(t, 0)->flags & SH_TALLY_P_SIGMA_ZERO);
	assert_false(isnan(prop(t, 1)->mean));
	sh_tally_free(t);
}

/*
 * Exact boundaries, no trim. Both reviewers have rational σ:
 *	R0 on P0..P3: 340 300 330 370: μ 335, deviations 5 −35 −5 35,
 *	   σ² = (25 + 1225 + 25 + 1225)/4 = 625, σ = 25
 *	   devs 52, 36, 48, 64
 *	R1 on P0..P4: 101 107 95 98 99: μ 100, deviations 1 7 −5 −2 −1,
 *	   σ² = (1 + 49 + 25 + 4 + 1)/5 = 16, σ = 4
 *	   devs 52.5, 67.5, 37.5, 45, 47.5
 *	P0 (52 + 52.5)/2 = 52.25 → 52.3	P1 (36 + 67.5)/2 = 51.75 → 51.8
 *	P2 (48 + 37.5)/2 = 42.75 → 42.8	P3 (64 + 45)/2   = 54.5
 *	P4 47.5 alone
 * Every score is exactly on a .x5 boundary and must go up, whatever the
 * doubles (0.2 is not exact in binary) happen to hold.
 */
static void
exact_half_up(void **state)
{
	static const int64_t r0[] = { 340, 300, 330, 370 };
	static const int64_t r1[] = { 101, 107, 95, 98, 99 };
	struct fixture	 f;
	struct sh_tally	*t;

	fx_init(&f, 2, 5, false);
	fx_row(&f, 0, 0, r0, 4);
	fx_row(&f, 1, 0, r1, 5);
	t = run_ok(&f);
	assert_near(sh_tally_entry_dev(t, sh_tally_entry(t, 0, 0)), 52.0);
	assert_near(sh_tally_entry_dev(t, sh_tally_entry(t, 1, 0)), 52.5);
	assert_int_equal(prop(t, 0)->tenths, 523);
	assert_int_equal(prop(t, 1)->tenths, 518);
	assert_int_equal(prop(t, 2)->tenths, 428);
	assert_int_equal(prop(t, 3)->tenths, 545);
	assert_int_equal(prop(t, 4)->tenths, 475);
	assert_int_equal(prop(t, 3)->rank, 1);
	assert_int_equal(prop(t, 0)->rank, 2);
	assert_int_equal(prop(t, 1)->rank, 3);
	assert_int_equal(prop(t, 4)->rank, 4);
	assert_int_equal(prop(t, 2)->rank, 5);
	sh_tally_free(t);
}

/*
 * An exact boundary with irrational devs that cancel. P0 gets
 *	R0 (300 340 380 420 set) 380: z = +80/√32000 = +1/√5
 *	R1 (the same ×3)        1020: z = −240/√288000 = −1/√5
 *	R2 (σ = 25 set above)    340: dev 52
 *	R3 (σ = 4 set above)      98: dev 45
 * mean = (50 + 10/√5 + 50 − 10/√5 + 52 + 45)/4 = 197/4 = 49.25 → 49.3.
 * √32000 and √288000 = 3·√32000 fall in one square class whose
 * coefficient is 80 − 240/3 = 0, so the exact check sees X = −0.3 = B.
 */
static void
exact_half_up_irrational_cancel(void **state)
{
	static const int64_t r0[] = { 380, 300, 340, 420 };
	static const int64_t r1[] = { 1020, 900, 1140, 1260 };
	static const int64_t r2[] = { 340, 300, 330, 370 };
	static const int64_t r3[] = { 98, 101, 107, 95, 99 };
	struct fixture	 f;
	struct sh_tally	*t;

	fx_init(&f, 4, 5, false);
	fx_row(&f, 0, 0, r0, 4);
	fx_row(&f, 1, 0, r1, 4);
	fx_row(&f, 2, 0, r2, 4);
	fx_row(&f, 3, 0, r3, 5);
	t = run_ok(&f);
	assert_near(sh_tally_entry_dev(t, sh_tally_entry(t, 3, 0)), 45.0);
	assert_near(prop(t, 0)->mean, 49.25);
	assert_int_equal(prop(t, 0)->tenths, 493);
	sh_tally_free(t);
}

/* Exact comparison of devs, z = a/√q, near the 128-bit limits too. */
static void
cmp_z_exact(void **state)
{
	static const struct {
		struct sh_tally_term x, y;
		int want;
	} c[] = {
		{ { 1, 2 }, { 2, 8 }, 0 },		/* 1/√2 = 2/√8 */
		{ { 1, 2 }, { 1, 3 }, 1 },		/* 1/√2 > 1/√3 */
		{ { -1, 2 }, { -1, 3 }, -1 },
		{ { 0, 5 }, { -1, 2 }, 1 },
		{ { 5, 0 }, { 0, 0 }, 0 },		/* σ = 0: z = 0 */
		{ { 5, 0 }, { 1, 7 }, -1 },
		/* (1e9 − 1)² = 999999998000000001: both z = 1 */
		{ { 1000000000, 1000000000000000000 },
		  { 999999999, 999999998000000001 }, 0 },
		{ { 1000000000, 1000000000000000000 },
		  { 999999999, 999999998000000000 }, -1 },
		{ { -1000000000, 1000000000000000000 },
		  { -999999999, 999999998000000000 }, 1 },
	};
	size_t	i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		assert_int_equal(sh_tally_cmp_z(&c[i].x, &c[i].y), c[i].want);
		assert_int_equal(sh_tally_cmp_z(&c[i].y, &c[i].x), -c[i].want);
	}
}

/*
 * The sign of X − B in each of its three steps. The fractions near 1/√2
 * and 1/√2 + 1/√3 are 1e-19..1e-18 away: too close for doubles (about
 * 1e-14 here), far for double-double (about 1e-29). Values from Python's
 * decimal at 80 digits:
 *	1/√2         = 0.70710678118654752440084436…
 *	1/√2 + 1/√3  = 1.28445705037617328790993142…
 *	543339720/768398401 = 1/√2 − 5.99e-19
 *	489133282872437279/691738922446276322 = 1/√2 − 1.48e-36
 */
static void
sign_three_steps(void **state)
{
	const struct sh_tally_term	 r2[] = { { 1, 2 } };
	const struct sh_tally_term	 r23[] = { { 1, 2 }, { 1, 3 } };
	/* 2/√8 − 1/√2 + 3/√9 = 1 exactly; and a σ = 0 term */
	const struct sh_tally_term	 one[] = { { 2, 8 }, { -1, 2 },
					    { 3, 9 }, { 7, 0 } };
	/* 20/√10000 + 5/√400 = 0.2 + 0.25 */
	const struct sh_tally_term	 q45[] = { { 20, 10000 }, { 5, 400 } };
	const int64_t			 e18 = 1000000000000000000;
	int				 sign;
	const char			*why;

	/* step 1, the double decides */
	assert_int_equal(sh_tally_sign(r2, 1, 7, 10, &sign, &why), 0);
	assert_int_equal(sign, 1);
	assert_int_equal(sh_tally_sign(r2, 1, 71, 100, &sign, &why), 0);
	assert_int_equal(sign, -1);
	/* step 2, exact rational */
	assert_int_equal(sh_tally_sign(one, 4, 1, 1, &sign, &why), 0);
	assert_int_equal(sign, 0);
	assert_int_equal(sh_tally_sign(one, 4, e18 - 1, e18, &sign, &why), 0);
	assert_int_equal(sign, 1);
	assert_int_equal(sh_tally_sign(one, 4, e18 + 1, e18, &sign, &why), 0);
	assert_int_equal(sign, -1);
	assert_int_equal(sh_tally_sign(q45, 2, 9, 20, &sign, &why), 0);
	assert_int_equal(sign, 0);
	/* step 3, double-double */
	assert_int_equal(sh_tally_sign(r2, 1, 543339720, 768398401, &sign,
	    &why), 0);
	assert_int_equal(sign, 1);
	assert_int_equal(sh_tally_sign(r2, 1, 707106781186547524, e18, &sign,
	    &why), 0);
	assert_int_equal(sign, 1);
	assert_int_equal(sh_tally_sign(r2, 1, 707106781186547525, e18, &sign,
	    &why), 0);
	assert_int_equal(sign, -1);
	assert_int_equal(sh_tally_sign(r23, 2, 1284457050376173288, e18,
	    &sign, &why), 0);
	assert_int_equal(sign, 1);
	assert_int_equal(sh_tally_sign(r23, 2, 1284457050376173289, e18,
	    &sign, &why), 0);
	assert_int_equal(sign, -1);
	/* beyond double-double: refused, not guessed */
	assert_int_equal(sh_tally_sign(r2, 1, 489133282872437279,
	    691738922446276322, &sign, &why), -1);
	assert_non_null(why);
}

/*
 * The bare-double rounding: half up at the boundary, also when the double
 * is a hair below it, never for a value truly below it.
 */
static void
round_tenths_boundaries(void **state)
{
	volatile double	 a = 0.15, b = 0.1, c = 0.35, d = 1.15;

	assert_int_equal(sh_tally_round_tenths(52.25), 523);
	assert_int_equal(sh_tally_round_tenths(52.249999999999996), 523);
	assert_int_equal(sh_tally_round_tenths(nextafter(52.25, 0.0)), 523);
	assert_int_equal(sh_tally_round_tenths(52.25 - 1e-12), 523);
	assert_int_equal(sh_tally_round_tenths(52.24), 522);
	assert_int_equal(sh_tally_round_tenths(52.2499), 522);
	assert_int_equal(sh_tally_round_tenths(52.24999999), 522);
	assert_int_equal(sh_tally_round_tenths(52.25 - 1e-8), 522);
	assert_int_equal(sh_tally_round_tenths(52.15), 522);	/* 52.1499… */
	assert_int_equal(sh_tally_round_tenths(52.35), 524);
	assert_int_equal(sh_tally_round_tenths(a + b), 3);	/* 0.25 */
	assert_int_equal(sh_tally_round_tenths(c), 4);	/* 0.34999… */
	assert_int_equal(sh_tally_round_tenths(d), 12);	/* 1.14999… */
	assert_int_equal(sh_tally_round_tenths(0.1 + 0.2), 3);
	assert_int_equal(sh_tally_round_tenths(0.0), 0);
	assert_int_equal(sh_tally_round_tenths(0.04), 0);
	assert_int_equal(sh_tally_round_tenths(0.05), 1);
	assert_int_equal(sh_tally_round_tenths(99.95), 1000);
	/* Negative values round half away from zero, as 四捨五入 does. */
	assert_int_equal(sh_tally_round_tenths(-52.25), -523);
	assert_int_equal(sh_tally_round_tenths(-52.24), -522);
	assert_int_equal(sh_tally_round_tenths(-0.04), 0);
	assert_int_equal(sh_tally_round_tenths(NAN), 0);
	assert_int_equal(sh_tally_round_tenths(1e300), INT64_MAX);
	assert_int_equal(sh_tally_round_tenths(-INFINITY), 0);
}

/*
 * Conflicts. The three rotations with trim, but R2 scores P1..P4 with
 * 300 340 380 420 (still μ 360, σ √2000) and has an entry on P0 with a
 * total of 999 and a conflict:
 *	R0: P0..P3 300 340 380 420	units −3 −1  1  3
 *	R1: P0..P3 340 380 420 300	units −1  1  3 −3
 *	R2: P1..P4 300 340 380 420	units −3 −1  1  3
 * Excluded (withdrawn, refused, pending): 999 does not touch R2's μ.
 *	P0 R0 −3, R1 −1: two left, no trim, flagged:
 *	   50 − (10/2)(4/√5) = 50 − 20/√5 = 41.055728 → 41.1
 *	P1 −1 1 −3: keep R0 −1 → 45.5
 *	P2  1 3 −1: keep R0 1 → 54.5
 *	P3  3 −3 1: keep R2 1 → 54.5
 *	P4 R2 3 alone → 63.416408 → 63.4, no trim, flagged
 */
static void
fx_conflicts(struct fixture *f, enum sh_conflict c)
{
	static const int64_t r0[] = { 300, 340, 380, 420 };
	static const int64_t r1[] = { 340, 380, 420, 300 };
	static const int64_t r2[] = { 300, 340, 380, 420 };
	static const int64_t bad[] = { 999 };

	fx_init(f, 3, 6, true);
	fx_row(f, 0, 0, r0, 4);
	fx_row(f, 1, 0, r1, 4);
	fx_row(f, 2, 1, r2, 4);
	fx_row(f, 2, 0, bad, 1);
	fx_conflict(f, 2, 0, c);
	/* P5: only a withdrawal, nobody scored it. */
	fx_conflict(f, 1, 5, SH_CONFLICT_WITHDRAWN);
}

static void
conflicts_excluded(void **state)
{
	static const enum sh_conflict states[] = { SH_CONFLICT_WITHDRAWN,
	    SH_CONFLICT_KI_REFUSED, SH_CONFLICT_KI_PENDING };
	struct fixture	 f;
	struct sh_tally	*t;
	size_t		 i, n;

	for (i = 0; i < 3; i++) {
		fx_conflicts(&f, states[i]);
		t = run_ok(&f);
		assert_int_equal(sh_tally_reviewer(t, 2)->n, 4);
		assert_near(sh_tally_reviewer(t, 2)->mean, 360.0);
		assert_false(eflags(t, 2, 0) & SH_TALLY_E_COUNTED);
		assert_true(eflags(t, 2, 0) & SH_TALLY_E_SCORED);
		assert_int_equal(sh_tally_entry(t, 2, 0)->conflict, states[i]);
		assert_int_equal(prop(t, 0)->ncounted, 2);
		assert_true(prop(t, 0)->flags & SH_TALLY_P_NO_TRIM);
		assert_false(prop(t, 0)->flags & SH_TALLY_P_TRIMMED);
		assert_near(prop(t, 0)->mean, 41.055728);
		assert_int_equal(prop(t, 0)->tenths, 411);
		assert_int_equal(prop(t, 1)->tenths, 455);
		assert_int_equal(prop(t, 2)->tenths, 545);
		assert_int_equal(prop(t, 3)->tenths, 545);
		assert_true(eflags(t, 2, 3) & SH_TALLY_E_KEPT);
		assert_int_equal(prop(t, 4)->tenths, 634);
		assert_true(prop(t, 4)->flags & SH_TALLY_P_NO_TRIM);
		assert_int_equal(!!(prop(t, 0)->flags & SH_TALLY_P_PENDING),
		    states[i] == SH_CONFLICT_KI_PENDING);
		/* ranks: P4 63.4, P2 = P3 54.5, P1 45.5, P0 41.1, P5 none */
		assert_int_equal(prop(t, 4)->rank, 1);
		assert_int_equal(prop(t, 2)->rank, 2);
		assert_int_equal(prop(t, 3)->rank, 2);
		assert_int_equal(prop(t, 1)->rank, 4);
		assert_int_equal(prop(t, 0)->rank, 5);
		assert_int_equal(prop(t, 5)->rank, 0);
		assert_true(prop(t, 5)->flags & SH_TALLY_P_NO_REVIEWERS);
		assert_int_equal(sh_tally_ranked(t, 5)->id, 5);
		assert_non_null(sh_tally_entries(t, 5, &n));
		assert_int_equal(n, 1);
		sh_tally_free(t);
	}
}

/*
 * (キ) allowed by the committee counts: R2 then has five proposals,
 * 999 300 340 380 420: S = 2439, n = 5, μ = 487.8,
 * ΣT² = 998001 + 90000 + 115600 + 144400 + 176400 = 1524401,
 * σ² = 1524401/5 − 487.8² = 304880.2 − 237948.84 = 66931.36,
 * σ = 258.711, dev(999) = 50 + 10·511.2/258.711 = 69.759.
 * P0 now has three devs and is trimmed.
 */
static void
conflict_allowed_counts(void **state)
{
	struct fixture	 f;
	struct sh_tally	*t;

	fx_conflicts(&f, SH_CONFLICT_KI_ALLOWED);
	t = run_ok(&f);
	assert_int_equal(sh_tally_reviewer(t, 2)->n, 5);
	assert_near(sh_tally_reviewer(t, 2)->mean, 487.8);
	assert_near(sh_tally_reviewer(t, 2)->sd, sqrt(66931.36));
	assert_true(eflags(t, 2, 0) & SH_TALLY_E_COUNTED);
	assert_near(sh_tally_entry_dev(t, sh_tally_entry(t, 2, 0)),
	    50.0 + 10.0 * 511.2 / sqrt(66931.36));
	assert_int_equal(prop(t, 0)->ncounted, 3);
	assert_true(prop(t, 0)->flags & SH_TALLY_P_TRIMMED);
	assert_false(prop(t, 0)->flags & SH_TALLY_P_PENDING);
	assert_true(eflags(t, 2, 0) & SH_TALLY_E_DROPPED_HIGH);
	assert_true(eflags(t, 1, 0) & SH_TALLY_E_KEPT);
	sh_tally_free(t);
}

/* Flags from the rules pass through; too few proposals is flagged. */
static void
flags_pass_through(void **state)
{
	static const int64_t r0[] = { 300, 340 };
	static const int64_t r1[] = { 300, 340, 380 };
	struct fixture	 f;
	struct sh_tally	*t;
	struct sh_buf	 b;
	struct sh_err	 err;

	fx_init(&f, 2, 3, false);
	fx_row(&f, 0, 0, r0, 2);
	fx_row(&f, 1, 0, r1, 3);
	f.obs[0].flags = SH_OBS_MANDATORY_ONE;
	f.obs[3].flags = SH_OBS_MANY_LOW;
	t = run_ok(&f);
	assert_true(sh_tally_reviewer(t, 0)->flags & SH_TALLY_R_TOO_FEW);
	assert_false(sh_tally_reviewer(t, 1)->flags & SH_TALLY_R_TOO_FEW);
	assert_true(prop(t, 0)->flags & SH_TALLY_P_MANDATORY_ONE);
	assert_true(prop(t, 0)->flags & SH_TALLY_P_FEW_PROPOSALS);
	assert_false(prop(t, 0)->flags & SH_TALLY_P_MANY_LOW);
	assert_true(prop(t, 1)->flags & SH_TALLY_P_MANY_LOW);
	assert_false(prop(t, 2)->flags & SH_TALLY_P_FEW_PROPOSALS);
	assert_false(prop(t, 2)->flags & SH_TALLY_P_MANDATORY_ONE);

	sh_buf_init(&b, false);
	assert_int_equal(sh_tally_dump(t, &b, &err), 0);
	assert_non_null(strstr(sh_buf_cstr(&b),
	    "R0 n=2 mean=320.000000 sd=20.000000 flags=too-few\n"));
	assert_non_null(strstr(sh_buf_cstr(&b), "obs=mandatory-1"));
	sh_buf_free(&b);
	sh_tally_free(t);
}

/* The dump of the trimmed three-reviewer example, whole. */
static void
dump_is_deterministic(void **state)
{
	struct fixture	 f;
	struct sh_tally	*t;
	struct sh_buf	 b;
	struct sh_err	 err;

	fx_three(&f, true);
	t = run_ok(&f);
	sh_buf_init(&b, false);
	assert_int_equal(sh_tally_dump(t, &b, &err), 0);
	assert_string_equal(sh_buf_cstr(&b),
	    "tally trim=1 min-trim=3 min-proposals=3\n"
	    "R0 n=4 mean=360.000000 sd=44.721360 flags=-\n"
	    "R1 n=4 mean=360.000000 sd=44.721360 flags=-\n"
	    "R2 n=4 mean=360.000000 sd=44.721360 flags=-\n"
	    "P1 rank=1 score=54.5 mean=54.472136 n=3 kept=1 flags=trimmed\n"
	    "  R0 T=340 dev=45.527864 dropped-low\n"
	    "  R1 T=380 dev=54.472136\n"
	    "  R2 T=420 dev=63.416408 dropped-high\n"
	    "P2 rank=1 score=54.5 mean=54.472136 n=3 kept=1 flags=trimmed\n"
	    "  R0 T=380 dev=54.472136\n"
	    "  R1 T=420 dev=63.416408 dropped-high\n"
	    "  R2 T=300 dev=36.583592 dropped-low\n"
	    "P0 rank=3 score=45.5 mean=45.527864 n=3 kept=1 flags=trimmed\n"
	    "  R0 T=300 dev=36.583592 dropped-low\n"
	    "  R1 T=340 dev=45.527864\n"
	    "  R2 T=380 dev=54.472136 dropped-high\n"
	    "P3 rank=3 score=45.5 mean=45.527864 n=3 kept=1 flags=trimmed\n"
	    "  R0 T=420 dev=63.416408 dropped-high\n"
	    "  R1 T=300 dev=36.583592 dropped-low\n"
	    "  R2 T=340 dev=45.527864\n");
	sh_buf_free(&b);
	sh_tally_free(t);
}

/*
 * Mathematically equal devs that differ as doubles. R1's totals are R0's
 * times 35, so every z is the same, but as doubles
 *	R0: 300 → 36.58359213500126	R1: 10500 → 36.58359213500127
 *	R0: 321 → 63.41640786499874	R1: 11235 → 63.41640786499873
 * R2 = R0. On P0 and P3 all three devs are equal, so the tie rule applies
 * (drop high R0, drop low R2, keep R1), whatever the last bits say.
 */
static void
trim_ties_are_exact(void **state)
{
	static const int64_t r0[] = { 300, 307, 314, 321 };
	static const int64_t r1[] = { 10500, 10745, 10990, 11235 };
	struct fixture	 f;
	struct sh_tally	*t;
	size_t		 p;

	fx_init(&f, 3, 4, true);
	fx_row(&f, 0, 0, r0, 4);
	fx_row(&f, 1, 0, r1, 4);
	fx_row(&f, 2, 0, r0, 4);
	t = run_ok(&f);
	for (p = 0; p < 4; p++) {
		assert_true(eflags(t, 0, p) & SH_TALLY_E_DROPPED_HIGH);
		assert_true(eflags(t, 1, p) & SH_TALLY_E_KEPT);
		assert_true(eflags(t, 2, p) & SH_TALLY_E_DROPPED_LOW);
	}
	assert_int_equal(prop(t, 0)->tenths, 366);	/* 36.583592 */
	assert_int_equal(prop(t, 3)->tenths, 634);	/* 63.416408 */
	sh_tally_free(t);
}

/*
 * A negative dev needs an extreme outlier among many proposals: R0 gives
 * 470 to P1..P29 and 0 to P0. n = 30, S = 29·470 = 13630,
 * Q = 30·29·470² − (29·470)² = 29·470², √Q = 470√29,
 * z(0) = −13630/(470√29) = −√29, dev = 50 − 10√29 = −3.851648 → −3.9;
 * z(470) = 470/(470√29) = 1/√29, dev = 51.856953 → 51.9.
 * Half up is taken away from zero for negatives (四捨五入 on magnitude);
 * the value is reported, never clamped, and ranks last.
 */
static void
negative_dev(void **state)
{
	struct sh_tally_obs	 obs[30];
	struct sh_tally_input	 in;
	struct sh_tally		*t;
	struct sh_err		 err;
	char			 buf[32];
	size_t			 i;

	memset(&in, 0, sizeof in);
	for (i = 0; i < 30; i++) {
		obs[i].reviewer = 0;
		obs[i].proposal = i;
		obs[i].total = i == 0 ? 0 : 470;
		obs[i].flags = 0;
	}
	in.nreviewers = 1;
	in.nproposals = 30;
	in.obs = obs;
	in.nobs = 30;
	sh_tally_settings_init(&in.settings, false);
	t = sh_tally_run(&in, &err);
	assert_non_null(t);
	assert_near(sh_tally_entry_dev(t, sh_tally_entry(t, 0, 0)), -3.851648);
	assert_int_equal(prop(t, 0)->tenths, -39);
	assert_int_equal(prop(t, 1)->tenths, 519);
	assert_int_equal(prop(t, 1)->rank, 1);
	assert_int_equal(prop(t, 29)->rank, 1);
	assert_int_equal(prop(t, 0)->rank, 30);
	assert_string_equal(sh_tally_fmt_tenths(-39, buf, sizeof buf), "-3.9");
	assert_string_equal(sh_tally_fmt_tenths(-5, buf, sizeof buf), "-0.5");
	assert_string_equal(sh_tally_fmt_tenths(523, buf, sizeof buf), "52.3");
	assert_string_equal(sh_tally_fmt_tenths(0, buf, sizeof buf), "0.0");
	sh_tally_free(t);
}

/* Bad input is refused with a message, never half-tallied. */
static void
rejects_bad_input(void **state)
{
	static const int64_t r[] = { 300, 340 };
	struct fixture	 f;
	struct sh_err	 err;

	fx_init(&f, 1, 2, false);
	fx_row(&f, 0, 0, r, 2);
	fx_row(&f, 0, 1, r, 1);		/* (0,1) twice */
	sh_err_clear(&err);
	assert_null(run_both(&f.in, &err));
	assert_non_null(strstr(err.msg, "given twice"));

	fx_init(&f, 1, 2, false);
	fx_row(&f, 0, 0, r, 2);
	f.obs[1].total = -1;
	assert_null(run_both(&f.in, &err));
	assert_non_null(strstr(err.msg, "not in 0.."));

	fx_init(&f, 1, 1, false);
	fx_row(&f, 0, 0, r, 2);		/* proposal 1 out of range */
	assert_null(run_both(&f.in, &err));
	assert_non_null(strstr(err.msg, "out of range"));

	fx_init(&f, 1, 2, true);
	f.in.settings.min_reviewers_to_trim = 2;
	assert_null(run_both(&f.in, &err));

	fx_init(&f, 1, 2, false);
	fx_conflict(&f, 0, 0, SH_CONFLICT_WITHDRAWN);
	fx_conflict(&f, 0, 0, SH_CONFLICT_KI_PENDING);
	assert_null(run_both(&f.in, &err));

	/* Two declarations on one scored pair, the first "none". */
	fx_init(&f, 1, 2, false);
	fx_row(&f, 0, 0, r, 2);
	fx_conflict(&f, 0, 0, SH_CONFLICT_NONE);
	fx_conflict(&f, 0, 0, SH_CONFLICT_KI_REFUSED);
	assert_null(run_both(&f.in, &err));
	assert_non_null(strstr(err.msg, "reviewer 0, proposal 0"));

	/* One declaration of "none" on a scored pair is fine. */
	fx_init(&f, 1, 2, false);
	fx_row(&f, 0, 0, r, 2);
	fx_conflict(&f, 0, 0, SH_CONFLICT_NONE);
	sh_tally_free(run_ok(&f));
}

/* Deterministic generator for the large case (xorshift64*). */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/*
 * 1000 reviewers, 100 proposals, each reviewer scoring 20 random
 * proposals with totals in 94..470: no NaN, each reviewer's devs average
 * 50, ranks consistent with scores, and each score equal to an
 * independent long double computation wherever that is clear of a
 * boundary.
 */
static void
large_random(void **state)
{
	enum { NR = 1000, NP = 100, PER = 20 };
	struct sh_tally_obs	*obs;
	struct sh_tally_input	 in;
	struct sh_tally		*t;
	struct sh_err		 err;
	uint64_t		 s = 0x5eed5eedULL;
	size_t			 r, i, j, n = 0;
	double			*devsum;

	obs = calloc(NR * PER, sizeof *obs);
	devsum = calloc(NR, sizeof *devsum);
	assert_non_null(obs);
	assert_non_null(devsum);
	for (r = 0; r < NR; r++) {
		size_t start = rnd(&s) % NP, step = 1 + rnd(&s) % 7;

		/* step in 1..7 is coprime to 100 only for 1, 3, 7 */
		if (step % 2 == 0 || step == 5)
			step = 1;
		for (i = 0; i < PER; i++) {
			obs[n].reviewer = r;
			obs[n].proposal = (start + i * step) % NP;
			obs[n].total = 94 + (int64_t)(rnd(&s) % 377);
			obs[n].flags = rnd(&s) % 50 == 0 ? SH_OBS_MANY_LOW : 0;
			n++;
		}
	}
	memset(&in, 0, sizeof in);
	in.nreviewers = NR;
	in.nproposals = NP;
	in.obs = obs;
	in.nobs = n;
	sh_tally_settings_init(&in.settings, true);
	t = run_both(&in, &err);
	if (t == NULL)
		fail_msg("%s", err.msg);

	for (i = 0; i < t->nentries; i++) {
		const struct sh_tally_entry *e = &t->entries[i];

		assert_true(isfinite(sh_tally_entry_dev(t, e)));
		devsum[e->reviewer] += sh_tally_entry_dev(t, e);
	}
	for (r = 0; r < NR; r++) {
		assert_int_equal(sh_tally_reviewer(t, r)->n, PER);
		assert_true(isfinite(sh_tally_reviewer(t, r)->sd));
		assert_true(fabs(devsum[r] / PER - 50.0) < 1e-9);
	}
	for (i = 0; i < NP; i++) {
		const struct sh_tally_proposal	*p = sh_tally_ranked(t, i);
		const struct sh_tally_entry	*e;
		long double			 sum = 0, y;
		size_t				 ne, k = 0;

		assert_true(isfinite(p->mean));
		assert_true(p->nkept > 0);
		assert_int_equal(p->nkept + 2, p->ncounted);
		if (i > 0) {
			const struct sh_tally_proposal *q =
			    sh_tally_ranked(t, i - 1);

			assert_true(q->tenths >= p->tenths);
			if (q->tenths == p->tenths) {
				assert_int_equal(q->rank, p->rank);
				assert_true(q->id < p->id);
			} else
				assert_int_equal(p->rank, i + 1);
		} else
			assert_int_equal(p->rank, 1);
		e = sh_tally_entries(t, p->id, &ne);
		for (j = 0; j < ne; j++) {
			const struct sh_tally_reviewer *rv;

			if ((e[j].flags & SH_TALLY_E_KEPT) == 0)
				continue;
			rv = sh_tally_reviewer(t, e[j].reviewer);
			sum += 10.0L * ((long double)e[j].total -
			    (long double)rv->sum / rv->n) /
			    (sqrtl((long double)rv->n * rv->sumsq -
			    (long double)rv->sum * rv->sum) / rv->n);
			k++;
		}
		assert_int_equal(k, p->nkept);
		y = 500.0L + 10.0L * sum / k;
		if (fabsl(y - floorl(y) - 0.5L) > 1e-6L)
			assert_int_equal(p->tenths, (int64_t)floorl(y + 0.5L));
	}
	sh_tally_free(t);
	free(obs);
	free(devsum);
}

/*
 * The entries come out in (proposal, reviewer) order whatever order the
 * observations and conflicts are given in: the same tally, byte for byte
 * in its dump, from a shuffled input as from a sorted one, with
 * conflicts on pairs that have an observation and on pairs that do not.
 */
static void
entries_sorted_from_any_order(void **state)
{
	enum { NR = 60, NP = 40, PER = 12 };
	struct sh_tally_obs		*obs, tmp;
	struct sh_tally_conflict	 conf[NR];
	struct sh_tally_input		 in;
	struct sh_tally			*t;
	struct sh_buf			 a, b;
	struct sh_err			 err;
	uint64_t			 s = 0xa11ce5ULL;
	size_t				 r, i, n = 0, nc = 0;

	obs = calloc(NR * PER, sizeof *obs);
	assert_non_null(obs);
	for (r = 0; r < NR; r++) {
		for (i = 0; i < PER; i++) {
			obs[n].reviewer = (uint32_t)r;
			obs[n].proposal = (uint32_t)((r * 7 + i) % NP);
			obs[n].total = 94 + (int32_t)(rnd(&s) % 377);
			n++;
		}
		conf[nc].reviewer = (uint32_t)r;
		conf[nc].proposal = (uint32_t)((r * 7 + (r % 2 ? 0 : PER)) %
		    NP);
		conf[nc].state = r % 3 == 0 ? SH_CONFLICT_KI_ALLOWED :
		    SH_CONFLICT_WITHDRAWN;
		if (r % 2 == 0 || conf[nc].state == SH_CONFLICT_KI_ALLOWED)
			nc++;
	}
	in = (struct sh_tally_input){ .nreviewers = NR, .nproposals = NP,
	    .obs = obs, .nobs = n, .conflicts = conf, .nconflicts = nc };
	sh_tally_settings_init(&in.settings, false);
	sh_buf_init(&a, false);
	sh_buf_init(&b, false);
	if ((t = sh_tally_run(&in, &err)) == NULL)
		fail_msg("%s", err.msg);
	/* Grouped by proposal, in order, each run by reviewer. */
	for (i = n = 0; i < NP; i++) {
		const struct sh_tally_proposal *p = sh_tally_proposal(t, i);
		size_t j;

		assert_int_equal(p->first, p->nentries ? n : 0);
		for (j = 1; j < p->nentries; j++)
			assert_true(t->entries[n + j - 1].reviewer <
			    t->entries[n + j].reviewer);
		n += p->nentries;
	}
	assert_int_equal(n, t->nentries);
	n = NR * PER;
	assert_int_equal(sh_tally_dump(t, &a, &err), 0);
	sh_tally_free(t);
	for (i = n - 1; i > 0; i--) {
		size_t k = rnd(&s) % (i + 1);

		tmp = obs[i];
		obs[i] = obs[k];
		obs[k] = tmp;
	}
	if ((t = sh_tally_run(&in, &err)) == NULL)
		fail_msg("%s", err.msg);
	assert_int_equal(sh_tally_dump(t, &b, &err), 0);
	assert_string_equal(sh_buf_cstr(&a), sh_buf_cstr(&b));
	sh_tally_free(t);
	sh_buf_free(&a);
	sh_buf_free(&b);
	free(obs);
}

/*
 * Entries are one per review, a million in a national round: 8 bytes
 * each, their proposal said by the run they lie in, with 17-bit totals
 * whose squares are still summed in 64 bits (100000² does not fit 32)
 * and deviation scores worked out when asked for, the same as those the
 * tally ranks by. The largest total and the largest index fit.
 */
static void
compact_entries(void **state)
{
	static const int64_t	 t0[] = { SH_TALLY_MAX_TOTAL, 0,
	    SH_TALLY_MAX_TOTAL, 0 };
	struct fixture		 f;
	struct sh_tally		*t;
	double			 kept[4];

	(void)state;
	assert_int_equal(sizeof(struct sh_tally_entry), 8);
	assert_true(sizeof(struct sh_tally_obs) <= 16);
	fx_init(&f, 1, 4, false);
	fx_row(&f, 0, 0, t0, 4);
	t = run_ok(&f);
	assert_int_equal(sh_tally_reviewer(t, 0)->sumsq,
	    2 * (int64_t)SH_TALLY_MAX_TOTAL * SH_TALLY_MAX_TOTAL);
	assert_near(sh_tally_reviewer(t, 0)->sd, 50000.0);
	assert_near(sh_tally_entry_dev(t, sh_tally_entry(t, 0, 0)), 60.0);
	assert_near(sh_tally_entry_dev(t, sh_tally_entry(t, 0, 1)), 40.0);
	assert_int_equal(sh_tally_kept_devs(t, 2, kept, 4), 1);
	assert_true(kept[0] == sh_tally_entry_dev(t, sh_tally_entry(t, 0, 2)));
	assert_int_equal(sh_tally_proposal(t, 2)->tenths, 600);
	sh_tally_free(t);
}

/*
 * The builder keeps a review in 8 bytes, so what does not fit is refused
 * as it is added, in the words sh_tally_run() uses, never wrapped into
 * another reviewer or total; the ranges below nreviewers and nproposals
 * are checked when the tally runs.
 */
static void
builder_refuses(void **state)
{
	struct sh_tally_builder	 b;
	struct sh_tally_settings s;
	struct sh_err		 err;

	(void)state;
	sh_tally_settings_init(&s, false);
	sh_tally_builder_init(&b);
	assert_int_equal(sh_tally_add_obs(&b, &(struct sh_tally_obs){
	    .reviewer = SH_TALLY_MAX_INDEX, .total = 1 }, &err), -1);
	assert_string_equal(err.msg, "tally: observation 0: reviewer "
	    "1000000, proposal 0 out of range");
	assert_int_equal(sh_tally_add_obs(&b, &(struct sh_tally_obs){
	    .total = SH_TALLY_MAX_TOTAL + 1 }, &err), -1);
	assert_string_equal(err.msg, "tally: reviewer 0, proposal 0: total "
	    "100001 not in 0..100000");
	assert_int_equal(sh_tally_add_conflict(&b,
	    &(struct sh_tally_conflict){ .proposal = 1 << 20 }, &err), -1);
	assert_string_equal(err.msg, "tally: conflict 0: reviewer 0, "
	    "proposal 1048576 out of range");
	assert_int_equal(b.n, 0);
	assert_int_equal(sh_tally_add_obs(&b, &(struct sh_tally_obs){
	    .reviewer = 0, .proposal = 0, .total = SH_TALLY_MAX_TOTAL },
	    &err), 0);
	assert_int_equal(sh_tally_add_conflict(&b,
	    &(struct sh_tally_conflict){ .reviewer = 2, .proposal = 0,
	    .state = SH_CONFLICT_WITHDRAWN }, &err), 0);
	assert_null(sh_tally_run_built(&b, 2, 1, &s, &err));
	assert_string_equal(err.msg, "tally: conflict 0: reviewer 2, "
	    "proposal 0 out of range");
	assert_null(b.v);
	sh_tally_builder_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hand_worked_no_trim),
		cmocka_unit_test(trim_three_and_shared_ranks),
		cmocka_unit_test(trim_four_ties_deterministic),
		cmocka_unit_test(trim_five),
		cmocka_unit_test(trim_all_equal),
		cmocka_unit_test(sigma_zero),
		cmocka_unit_test(exact_half_up),
		cmocka_unit_test(exact_half_up_irrational_cancel),
		cmocka_unit_test(cmp_z_exact),
		cmocka_unit_test(sign_three_steps),
		cmocka_unit_test(round_tenths_boundaries),
		cmocka_unit_test(conflicts_excluded),
		cmocka_unit_test(conflict_allowed_counts),
		cmocka_unit_test(flags_pass_through),
		cmocka_unit_test(dump_is_deterministic),
		cmocka_unit_test(trim_ties_are_exact),
		cmocka_unit_test(negative_dev),
		cmocka_unit_test(rejects_bad_input),
		cmocka_unit_test(large_random),
		cmocka_unit_test(entries_sorted_from_any_order),
		cmocka_unit_test(compact_entries),
		cmocka_unit_test(builder_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
