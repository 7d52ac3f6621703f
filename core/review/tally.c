/*
 * The tally. See tally.h for what counts; this file is about getting the
 * arithmetic right.
 *
 * Everything integer is exact: per reviewer n, S = ΣT and ΣT² fit in
 * int64_t by the limits in tally.h (T ≤ 1e5, n ≤ 1e4: nΣT² ≤ 1e18 < 2^63),
 * and so does Q = nΣT² − S² = n²σ². With a = nT − S,
 *
 *	z = (T − μ)/σ = a/√Q,	dev = 50 + 10z,
 *
 * and a proposal's score from its k kept devs is
 *
 *	m = 50 + (10/k)·X,	X = Σ z_i.
 *
 * Doubles are for display. Decisions (which dev the trim drops, which way
 * a mean rounds) are made from the integers in tally_exact.c, so they are
 * the same on every machine.
 */
#if defined(__clang__)
/* An FMA would make results differ between machines; the auditor must
 * recompute the same bits. (GCC contracts nothing in ISO C mode.) */
#pragma STDC FP_CONTRACT OFF
#endif

#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review/tally.h"
#include "review/tally_exact.h"

void
sh_tally_settings_init(struct sh_tally_settings *s, bool trim)
{
	s->trim = trim;
	s->min_reviewers_to_trim = 3;
	s->min_proposals_per_reviewer = 3;
}

static uint64_t
uabs64(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

/* --- rounding --------------------------------------------------------- */

/*
 * For a bare double we have no exact form, so a tolerance is the only
 * tool. Its width is 2^-40 relative to |10v| (at least 2^-40 absolute):
 * for a score near 52 that is 4.7e-10 tenths. A value that came from
 * decimal data through a short computation is off from its true value by a
 * few units of 2^-53 relative, 2^13 times less than the tolerance, so a
 * true 52.25 stored as 52.2499999999999929 is still recognised as on the
 * boundary and goes up. A true 52.2499 is 1e-3 tenths below the boundary,
 * two million times the tolerance, so it can never go up; only a value
 * within 5e-11 of a boundary would be taken as on it, and such a value
 * does not come out of decimal data with one or two decimals.
 */
int64_t
sh_tally_round_tenths(double v)
{
	double	x, f, frac, tol;
	int64_t	r;

	if (!isfinite(v))
		return 0;	/* never reached by the tally; no NaN out */
	x = fabs(v) * 10.0;
	if (x >= 0x1p62)	/* saturate rather than overflow int64_t */
		return v < 0 ? -INT64_MAX : INT64_MAX;
	f = floor(x);
	frac = x - f;		/* exact: f ≤ x < 2f for x ≥ 1, or f = 0 */
	tol = ldexp(x > 1.0 ? x : 1.0, -40);
	r = (int64_t)f;
	if (frac >= 0.5 - tol)
		r++;
	return v < 0 ? -r : r;
}

/*
 * The score in tenths, rounded half up, decided exactly.
 *
 * y = 500 + 100·X/k estimates 10m with an error far below ½, so with
 * f = floor(y) the true 10m lies in (f − ½, f + 1½) and the only boundary
 * that matters is h = f + ½: 10m = h iff X = B = k(2f − 999)/200.
 * sh_tally_sign() gives the sign of X − B from the integers (see
 * tally_exact.c): a true 52.2499 is decided down by the double alone, a
 * true 52.25 held as 52.2499999… is found equal and goes up, away from
 * zero when negative as 四捨五入 does.
 */
static int
decide_tenths(const struct sh_tally_term *t, size_t nt, size_t k, double x,
    int64_t *tenths, struct sh_err *err)
{
	int64_t		 f;
	int		 sign;
	const char	*why;

	f = (int64_t)floor(500.0 + 100.0 * x / (double)k);
	if (sh_tally_sign(t, nt, (int64_t)k * (2 * f - 999), 200, &sign,
	    &why) == -1)
		return sh_errf(err, "score %.12f: %s", 50.0 + 10.0 * x /
		    (double)k, why);
	if (sign > 0)
		*tenths = f + 1;
	else if (sign < 0)
		*tenths = f;
	else
		*tenths = 2 * f + 1 > 0 ? f + 1 : f;
	return 0;
}

/* --- building --------------------------------------------------------- */

/*
 * A review while the tally is built: one uint64_t, with its proposal,
 * until build_entries() has grouped the reviews by proposal and made each
 * an entry in the same 8 bytes. SCORED says it is an observation,
 * DECLARED a conflict; merging puts both on one.
 */
#define R_PROPOSAL_SHIFT	20
#define R_TOTAL_SHIFT		40
#define R_OBS_SHIFT		57
#define R_CONFLICT_SHIFT	59
#define R_SCORED		(1ULL << 62)
#define R_DECLARED		(1ULL << 63)
#define R_INDEX_MASK		0xfffffULL	/* 20 bits */

#define R_REVIEWER(r)	((uint32_t)((r) & R_INDEX_MASK))
#define R_PROPOSAL(r)	((uint32_t)(((r) >> R_PROPOSAL_SHIFT) & R_INDEX_MASK))
#define R_TOTAL(r)	((unsigned)(((r) >> R_TOTAL_SHIFT) & 0x1ffffULL))
#define R_OBS(r)	((unsigned)(((r) >> R_OBS_SHIFT) & 0x3ULL))
#define R_CONFLICT(r)	((unsigned)(((r) >> R_CONFLICT_SHIFT) & 0x7ULL))

_Static_assert(SH_TALLY_MAX_INDEX <= (1 << 20),
    "an index fits the 20 bits of a review and an entry");
_Static_assert(SH_TALLY_MAX_TOTAL < (1 << 17),
    "a total fits the 17 bits of a review and an entry");
_Static_assert(SH_OBS_MANDATORY_ONE + SH_OBS_MANY_LOW < 4 &&
    SH_CONFLICT_KI_REFUSED < 8, "flags and conflicts fit their bits");
_Static_assert(SH_TALLY_E_KEPT < (1 << 7), "entry flags fit 7 bits");
_Static_assert(sizeof(struct sh_tally_entry) == sizeof(uint64_t),
    "a review becomes an entry in place");

static uint64_t
review_pack(uint32_t reviewer, uint32_t proposal, unsigned total,
    unsigned obs, unsigned conflict, uint64_t kind)
{
	return (uint64_t)reviewer | (uint64_t)proposal << R_PROPOSAL_SHIFT |
	    (uint64_t)total << R_TOTAL_SHIFT | (uint64_t)obs << R_OBS_SHIFT |
	    (uint64_t)conflict << R_CONFLICT_SHIFT | kind;
}

/*
 * Within a proposal's run: by reviewer, and an observation before a
 * conflict on the same pair.
 */
static uint64_t
review_key(uint64_t r)
{
	return (uint64_t)R_REVIEWER(r) << 1 | ((r & R_SCORED) ? 0 : 1);
}

static int
cmp_review(const void *va, const void *vb)
{
	uint64_t a = review_key(*(const uint64_t *)va);
	uint64_t b = review_key(*(const uint64_t *)vb);

	return (a > b) - (a < b);
}

static const char *
conflict_name(enum sh_conflict c)
{
	switch (c) {
	case SH_CONFLICT_NONE:
		return "none";
	case SH_CONFLICT_WITHDRAWN:
		return "withdrawn";
	case SH_CONFLICT_KI_PENDING:
		return "ki-pending";
	case SH_CONFLICT_KI_ALLOWED:
		return "ki-allowed";
	case SH_CONFLICT_KI_REFUSED:
		return "ki-refused";
	}
	return "?";
}

static int
check_sizes(size_t nreviewers, size_t nproposals,
    const struct sh_tally_settings *s, struct sh_err *err)
{
	if (nreviewers > SH_TALLY_MAX_INDEX || nproposals > SH_TALLY_MAX_INDEX)
		return sh_errf(err, "tally: %zu reviewers, %zu proposals: "
		    "limit is %d", nreviewers, nproposals, SH_TALLY_MAX_INDEX);
	if (s->trim && s->min_reviewers_to_trim < 3)
		return sh_errf(err, "tally: trimming needs at least 3 "
		    "reviewers, not %zu", s->min_reviewers_to_trim);
	return 0;
}

/* Observation i against nreviewers and nproposals. */
static int
check_obs(const struct sh_tally_obs *o, size_t i, size_t nreviewers,
    size_t nproposals, struct sh_err *err)
{
	if (o->reviewer >= nreviewers || o->proposal >= nproposals)
		return sh_errf(err, "tally: observation %zu: reviewer %zu, "
		    "proposal %zu out of range", i, (size_t)o->reviewer,
		    (size_t)o->proposal);
	if (o->total < 0 || o->total > SH_TALLY_MAX_TOTAL)
		return sh_errf(err, "tally: reviewer %zu, proposal %zu: "
		    "total %" PRId64 " not in 0..%d", (size_t)o->reviewer,
		    (size_t)o->proposal, (int64_t)o->total, SH_TALLY_MAX_TOTAL);
	if ((o->flags & ~(unsigned)(SH_OBS_MANDATORY_ONE |
	    SH_OBS_MANY_LOW)) != 0)
		return sh_errf(err, "tally: reviewer %zu, proposal %zu: "
		    "unknown flags %#x", (size_t)o->reviewer,
		    (size_t)o->proposal, o->flags);
	return 0;
}

/* Conflict i against nreviewers and nproposals. */
static int
check_conflict(const struct sh_tally_conflict *c, size_t i,
    size_t nreviewers, size_t nproposals, struct sh_err *err)
{
	if (c->reviewer >= nreviewers || c->proposal >= nproposals)
		return sh_errf(err, "tally: conflict %zu: reviewer %zu, "
		    "proposal %zu out of range", i, (size_t)c->reviewer,
		    (size_t)c->proposal);
	if ((unsigned)c->state > SH_CONFLICT_KI_REFUSED)
		return sh_errf(err, "tally: reviewer %zu, proposal %zu: "
		    "unknown conflict state %d", (size_t)c->reviewer,
		    (size_t)c->proposal, (int)c->state);
	return 0;
}

static int
check_input(const struct sh_tally_input *in, struct sh_err *err)
{
	size_t	i;

	if (check_sizes(in->nreviewers, in->nproposals, &in->settings,
	    err) == -1)
		return -1;
	if (in->nobs > SH_TALLY_MAX_OBS || in->nconflicts > SH_TALLY_MAX_OBS)
		return sh_errf(err, "tally: too many observations or conflicts "
		    "(limit %d)", SH_TALLY_MAX_OBS);
	if ((in->nobs > 0 && in->obs == NULL) ||
	    (in->nconflicts > 0 && in->conflicts == NULL))
		return sh_errf(err, "tally: missing input array");
	for (i = 0; i < in->nobs; i++)
		if (check_obs(&in->obs[i], i, in->nreviewers, in->nproposals,
		    err) == -1)
			return -1;
	for (i = 0; i < in->nconflicts; i++)
		if (check_conflict(&in->conflicts[i], i, in->nreviewers,
		    in->nproposals, err) == -1)
			return -1;
	return 0;
}

void
sh_tally_builder_init(struct sh_tally_builder *b)
{
	memset(b, 0, sizeof *b);
}

void
sh_tally_builder_free(struct sh_tally_builder *b)
{
	free(b->v);
	sh_tally_builder_init(b);
}

/*
 * Room for one more review. Doubling: the capacity not yet written is
 * address space, not memory, for an array this size (malloc maps it and
 * realloc moves its pages), so it does not add to the peak.
 */
static int
builder_push(struct sh_tally_builder *b, uint64_t r, struct sh_err *err)
{
	size_t		 ncap;
	uint64_t	*v;

	if (b->n == b->cap) {
		ncap = b->cap ? b->cap * 2 : 1024;
		if ((v = realloc(b->v, ncap * sizeof *v)) == NULL)
			return sh_errf(err, "tally: out of memory");
		b->v = v;
		b->cap = ncap;
	}
	b->v[b->n++] = r;
	return 0;
}

static int
too_many(struct sh_err *err)
{
	return sh_errf(err, "tally: too many observations or conflicts "
	    "(limit %d)", SH_TALLY_MAX_OBS);
}

int
sh_tally_add_obs(struct sh_tally_builder *b, const struct sh_tally_obs *o,
    struct sh_err *err)
{
	if (b->nobs == SH_TALLY_MAX_OBS)
		return too_many(err);
	if (check_obs(o, b->nobs, SH_TALLY_MAX_INDEX, SH_TALLY_MAX_INDEX,
	    err) == -1 || builder_push(b, review_pack(o->reviewer,
	    o->proposal, (unsigned)o->total, o->flags, SH_CONFLICT_NONE,
	    R_SCORED), err) == -1)
		return -1;
	b->nobs++;
	return 0;
}

int
sh_tally_add_conflict(struct sh_tally_builder *b,
    const struct sh_tally_conflict *c, struct sh_err *err)
{
	if (b->nconflicts == SH_TALLY_MAX_OBS)
		return too_many(err);
	if (check_conflict(c, b->nconflicts, SH_TALLY_MAX_INDEX,
	    SH_TALLY_MAX_INDEX, err) == -1 || builder_push(b,
	    review_pack(c->reviewer, c->proposal, 0, 0, (unsigned)c->state,
	    R_DECLARED), err) == -1)
		return -1;
	b->nconflicts++;
	return 0;
}

/* What the adds could not check: the ranges, once they are known. */
static int
check_built(const uint64_t *v, size_t n, size_t nreviewers,
    size_t nproposals, struct sh_err *err)
{
	size_t	i, kth[2] = { 0, 0 };

	for (i = 0; i < n; i++) {
		uint64_t	r = v[i];
		int		obs = (r & R_SCORED) != 0;

		if (R_REVIEWER(r) >= nreviewers || R_PROPOSAL(r) >= nproposals)
			return sh_errf(err, "tally: %s %zu: reviewer %zu, "
			    "proposal %zu out of range", obs ? "observation" :
			    "conflict", kth[obs], (size_t)R_REVIEWER(r),
			    (size_t)R_PROPOSAL(r));
		kth[obs]++;
	}
	return 0;
}

/*
 * Sorts the reviews by proposal, then as cmp_review. A million reviews
 * in a national round: qsort() of them all would take a copy (8 MB)
 * besides its time; so they are moved in place to their proposal's run
 * first (American flag sort: a count and a cursor per proposal), and
 * only each run, a few dozen reviews, is sorted by qsort().
 */
static int
sort_reviews(uint64_t *v, size_t n, size_t nproposals)
{
	size_t		*end, *next, p, q;
	uint64_t	 tmp;

	end = calloc(nproposals + 1, sizeof *end);
	next = calloc(nproposals + 1, sizeof *next);
	if (end == NULL || next == NULL) {
		free(end);
		free(next);
		return -1;
	}
	/* check_built() has checked every proposal index. */
	for (q = 0; q < n; q++)
		end[R_PROPOSAL(v[q])]++;
	for (p = 0, q = 0; p < nproposals; p++) {
		next[p] = q;
		q += end[p];
		end[p] = q;
	}
	for (p = 0; p < nproposals; p++) {
		while (next[p] < end[p]) {
			q = R_PROPOSAL(v[next[p]]);
			if (q == p) {
				next[p]++;
				continue;
			}
			tmp = v[next[q]];
			v[next[q]++] = v[next[p]];
			v[next[p]] = tmp;
		}
	}
	for (p = 0, q = 0; p < nproposals; q = end[p++])
		qsort(v + q, end[p] - q, sizeof *v, cmp_review);
	free(end);
	free(next);
	return 0;
}

/*
 * The reviews v[0..n), malloc'd, merged into one entry per pair and
 * grouped by proposal, in place: v becomes t->entries, and each
 * proposal's run its first and nentries. *maxk is the longest run.
 */
static int
build_entries(struct sh_tally *t, uint64_t *v, size_t n, size_t *maxk,
    struct sh_err *err)
{
	struct sh_tally_entry	 e;
	struct sh_tally_entry	*es;
	uint64_t		 r;
	size_t			 i, j;
	uint32_t		 p;

	if (sort_reviews(v, n, t->nproposals) == -1) {
		free(v);
		return sh_errf(err, "tally: out of memory");
	}
	for (i = j = 0; i < n; i++) {
		if (j > 0 && R_PROPOSAL(v[j - 1]) == R_PROPOSAL(v[i]) &&
		    R_REVIEWER(v[j - 1]) == R_REVIEWER(v[i])) {
			/* Sorted: the observation, if any, comes first. */
			if ((v[i] & R_SCORED) || (v[j - 1] & R_DECLARED)) {
				sh_errf(err, "tally: reviewer %zu, proposal "
				    "%zu: given twice", (size_t)R_REVIEWER(v[i]),
				    (size_t)R_PROPOSAL(v[i]));
				free(v);
				return -1;
			}
			v[j - 1] |= (uint64_t)R_CONFLICT(v[i]) <<
			    R_CONFLICT_SHIFT | R_DECLARED;
			continue;
		}
		v[j++] = v[i];
	}
	/* A conflict of state "none" with no observation says nothing. */
	for (i = n = 0; i < j; i++) {
		if ((v[i] & R_SCORED) == 0 &&
		    R_CONFLICT(v[i]) == SH_CONFLICT_NONE)
			continue;
		v[n++] = v[i];
	}
	/* Each review becomes its entry in the same 8 bytes, its proposal
	 * now said by the run it lies in. */
	for (i = 0; i < n; i++) {
		r = v[i];
		p = R_PROPOSAL(r);
		if (t->proposals[p].nentries++ == 0)
			t->proposals[p].first = i;
		if (t->proposals[p].nentries > *maxk)
			*maxk = t->proposals[p].nentries;
		memset(&e, 0, sizeof e);
		e.reviewer = R_REVIEWER(r);
		e.conflict = R_CONFLICT(r);
		e.obs_flags = R_OBS(r);
		e.total = R_TOTAL(r);
		if (r & R_SCORED) {
			e.flags = SH_TALLY_E_SCORED;
			if (e.conflict == SH_CONFLICT_NONE ||
			    e.conflict == SH_CONFLICT_KI_ALLOWED)
				e.flags |= SH_TALLY_E_COUNTED;
		}
		memcpy(&v[i], &e, sizeof e);
	}
	/* Fewer after merging: give back the rest. */
	if ((es = realloc(v, (n + 1) * sizeof *es)) == NULL)
		es = (struct sh_tally_entry *)(void *)v;
	t->entries = es;
	t->nentries = n;
	return 0;
}

static int
reviewer_stats(struct sh_tally *t, struct sh_err *err)
{
	size_t	i;

	for (i = 0; i < t->nentries; i++) {
		struct sh_tally_entry	 *e = &t->entries[i];
		struct sh_tally_reviewer *r = &t->reviewers[e->reviewer];

		if ((e->flags & SH_TALLY_E_COUNTED) == 0)
			continue;
		if (r->n == SH_TALLY_MAX_PER_REVIEWER)
			return sh_errf(err, "tally: reviewer %zu: more than %d "
			    "proposals", (size_t)e->reviewer,
			    SH_TALLY_MAX_PER_REVIEWER);
		r->n++;
		r->sum += e->total;
		r->sumsq += (int64_t)e->total * e->total;
	}
	for (i = 0; i < t->nreviewers; i++) {
		struct sh_tally_reviewer *r = &t->reviewers[i];
		int64_t			  q;

		if (r->n < t->settings.min_proposals_per_reviewer)
			r->flags |= SH_TALLY_R_TOO_FEW;
		if (r->n == 0)
			continue;
		q = (int64_t)r->n * r->sumsq - r->sum * r->sum;
		r->mean = (double)r->sum / (double)r->n;
		r->sd = sqrt((double)q) / (double)r->n;
		if (q == 0)
			r->flags |= SH_TALLY_R_SIGMA_ZERO;
	}
	return 0;
}

static int64_t
reviewer_q(const struct sh_tally_reviewer *r)
{
	return (int64_t)r->n * r->sumsq - r->sum * r->sum;
}

static double
entry_z(const struct sh_tally *t, const struct sh_tally_entry *e,
    struct sh_tally_term *out)
{
	const struct sh_tally_reviewer	*r = &t->reviewers[e->reviewer];
	int64_t				 q = reviewer_q(r);

	out->a = (int64_t)r->n * e->total - r->sum;
	out->q = q;
	if (q == 0) {
		out->a = 0;
		return 0.0;
	}
	return (double)out->a / sqrt((double)q);
}

/*
 * Trim: drop exactly one highest and one lowest dev even when values tie.
 * Among equal highest devs the one of the lowest reviewer index is
 * dropped; among equal lowest devs the one of the highest reviewer index.
 * (Think of the devs sorted by value descending, then reviewer ascending:
 * the first and the last go.) With every dev equal, the first and the last
 * reviewer are dropped, never the same entry twice.
 *
 * Devs are compared exactly from their integers, not as doubles: two
 * reviewers' equal devs can differ in the last bit as doubles
 * (36.58359213500126 and …127 for the same z), and which one is dropped
 * must not depend on that, nor on the machine.
 */
static void
trim(const struct sh_tally *t, struct sh_tally_entry *e, size_t n)
{
	size_t		i, hi = SIZE_MAX, lo = SIZE_MAX;
	struct sh_tally_term	ti, th = { 0, 0 }, tl = { 0, 0 };

	for (i = 0; i < n; i++) {
		if ((e[i].flags & SH_TALLY_E_COUNTED) == 0)
			continue;
		entry_z(t, &e[i], &ti);
		if (hi == SIZE_MAX || sh_tally_cmp_z(&ti, &th) > 0) {
			hi = i;
			th = ti;
		}
		if (lo == SIZE_MAX || sh_tally_cmp_z(&ti, &tl) <= 0) {
			lo = i;
			tl = ti;
		}
	}
	e[hi].flags |= SH_TALLY_E_DROPPED_HIGH;
	e[lo].flags |= SH_TALLY_E_DROPPED_LOW;
}

static int
score_proposal(struct sh_tally *t, struct sh_tally_proposal *p,
    struct sh_tally_term *terms, struct sh_err *err)
{
	struct sh_tally_entry	*e = &t->entries[p->first];
	size_t			 i, nt = 0;
	double			 x = 0.0;

	for (i = 0; i < p->nentries; i++) {
		if (e[i].conflict == SH_CONFLICT_KI_PENDING)
			p->flags |= SH_TALLY_P_PENDING;
		if ((e[i].flags & SH_TALLY_E_COUNTED) == 0)
			continue;
		p->ncounted++;
		if (e[i].obs_flags & SH_OBS_MANDATORY_ONE)
			p->flags |= SH_TALLY_P_MANDATORY_ONE;
		if (e[i].obs_flags & SH_OBS_MANY_LOW)
			p->flags |= SH_TALLY_P_MANY_LOW;
		if (t->reviewers[e[i].reviewer].flags & SH_TALLY_R_SIGMA_ZERO)
			p->flags |= SH_TALLY_P_SIGMA_ZERO;
		if (t->reviewers[e[i].reviewer].flags & SH_TALLY_R_TOO_FEW)
			p->flags |= SH_TALLY_P_FEW_PROPOSALS;
	}
	if (p->ncounted == 0) {
		p->flags |= SH_TALLY_P_NO_REVIEWERS;
		return 0;
	}
	if (t->settings.trim) {
		if (p->ncounted >= t->settings.min_reviewers_to_trim) {
			trim(t, e, p->nentries);
			p->flags |= SH_TALLY_P_TRIMMED;
		} else
			p->flags |= SH_TALLY_P_NO_TRIM;
	}
	for (i = 0; i < p->nentries; i++) {
		double z;

		if ((e[i].flags & SH_TALLY_E_COUNTED) == 0 ||
		    (e[i].flags & (SH_TALLY_E_DROPPED_HIGH |
		    SH_TALLY_E_DROPPED_LOW)))
			continue;
		e[i].flags |= SH_TALLY_E_KEPT;
		z = entry_z(t, &e[i], &terms[nt]);
		if (terms[nt].q != 0)
			nt++;
		x += z;
		p->nkept++;
	}
	p->mean = 50.0 + 10.0 * x / (double)p->nkept;
	if (decide_tenths(terms, nt, p->nkept, x, &p->tenths,
	    err) == -1)
		return sh_err_prefix(err, "tally: proposal %zu", p->id);
	return 0;
}

struct rank_key {
	bool	scored;
	int64_t	tenths;
	size_t	id;
};

/* Scored first, by score descending; equal scores and the unscored by id. */
static int
cmp_rank(const void *va, const void *vb)
{
	const struct rank_key *a = va, *b = vb;

	if (a->scored != b->scored)
		return a->scored ? -1 : 1;
	if (a->scored && a->tenths != b->tenths)
		return a->tenths > b->tenths ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

static int
rank_proposals(struct sh_tally *t, struct sh_err *err)
{
	struct rank_key	*k;
	size_t		 i;

	if ((k = calloc(t->nproposals + 1, sizeof *k)) == NULL)
		return sh_errf(err, "tally: out of memory");
	for (i = 0; i < t->nproposals; i++) {
		k[i].scored = t->proposals[i].nkept > 0;
		k[i].tenths = t->proposals[i].tenths;
		k[i].id = i;
	}
	qsort(k, t->nproposals, sizeof *k, cmp_rank);
	for (i = 0; i < t->nproposals; i++) {
		struct sh_tally_proposal *p = &t->proposals[k[i].id];

		t->order[i] = k[i].id;
		if (!k[i].scored)
			continue;
		/* Equal tenths share the rank of the first of them: 1,2,2,4. */
		if (i > 0 && k[i - 1].scored && k[i - 1].tenths == k[i].tenths)
			p->rank = t->proposals[k[i - 1].id].rank;
		else
			p->rank = i + 1;
	}
	free(k);
	return 0;
}

struct sh_tally *
sh_tally_run_built(struct sh_tally_builder *b, size_t nreviewers,
    size_t nproposals, const struct sh_tally_settings *settings,
    struct sh_err *err)
{
	struct sh_tally		*t = NULL;
	struct sh_tally_term	*terms = NULL;
	uint64_t		*v = b->v;
	size_t			 i, n = b->n, maxk = 0;
	int			 rc;

	/* b is emptied at once: v is the entries' or freed below. */
	sh_tally_builder_init(b);
	if (check_sizes(nreviewers, nproposals, settings, err) == -1)
		goto fail;
	if (check_built(v, n, nreviewers, nproposals, err) == -1)
		goto fail;
	if ((t = calloc(1, sizeof *t)) == NULL) {
		sh_errf(err, "tally: out of memory");
		goto fail;
	}
	t->settings = *settings;
	t->nreviewers = nreviewers;
	t->nproposals = nproposals;
	t->reviewers = calloc(nreviewers + 1, sizeof *t->reviewers);
	t->proposals = calloc(nproposals + 1, sizeof *t->proposals);
	t->order = calloc(nproposals + 1, sizeof *t->order);
	if (t->reviewers == NULL || t->proposals == NULL || t->order == NULL) {
		sh_errf(err, "tally: out of memory");
		goto fail;
	}
	for (i = 0; i < nproposals; i++)
		t->proposals[i].id = i;
	if (v == NULL && (v = calloc(1, sizeof *v)) == NULL) {
		sh_errf(err, "tally: out of memory");
		goto fail;
	}
	/* From here v is build_entries()'s, to keep or free. */
	rc = build_entries(t, v, n, &maxk, err);
	v = NULL;
	if (rc == -1 || reviewer_stats(t, err) == -1)
		goto fail;
	if ((terms = calloc(maxk + 1, sizeof *terms)) == NULL) {
		sh_errf(err, "tally: out of memory");
		goto fail;
	}
	for (i = 0; i < t->nproposals; i++)
		if (score_proposal(t, &t->proposals[i], terms, err) == -1)
			goto fail;

	if (rank_proposals(t, err) == -1)
		goto fail;
	free(terms);
	return t;
fail:
	free(v);
	free(terms);
	sh_tally_free(t);
	return NULL;
}

struct sh_tally *
sh_tally_run(const struct sh_tally_input *in, struct sh_err *err)
{
	struct sh_tally_builder	b;
	size_t			i;

	if (check_input(in, err) == -1)
		return NULL;
	/* Checked: the adds cannot fail but for memory. */
	sh_tally_builder_init(&b);
	b.cap = in->nobs + in->nconflicts + 1;
	if ((b.v = calloc(b.cap, sizeof *b.v)) == NULL) {
		sh_errf(err, "tally: out of memory");
		return NULL;
	}
	for (i = 0; i < in->nobs; i++)
		if (sh_tally_add_obs(&b, &in->obs[i], err) == -1)
			goto fail;
	for (i = 0; i < in->nconflicts; i++)
		if (sh_tally_add_conflict(&b, &in->conflicts[i], err) == -1)
			goto fail;
	return sh_tally_run_built(&b, in->nreviewers, in->nproposals,
	    &in->settings, err);
fail:
	sh_tally_builder_free(&b);
	return NULL;
}

void
sh_tally_free(struct sh_tally *t)
{
	if (t == NULL)
		return;
	free(t->reviewers);
	free(t->proposals);
	free(t->entries);
	free(t->order);
	free(t);
}

/* --- accessors -------------------------------------------------------- */

const struct sh_tally_reviewer *
sh_tally_reviewer(const struct sh_tally *t, size_t reviewer)
{
	return reviewer < t->nreviewers ? &t->reviewers[reviewer] : NULL;
}

const struct sh_tally_proposal *
sh_tally_proposal(const struct sh_tally *t, size_t proposal)
{
	return proposal < t->nproposals ? &t->proposals[proposal] : NULL;
}

const struct sh_tally_proposal *
sh_tally_ranked(const struct sh_tally *t, size_t i)
{
	return i < t->nproposals ? &t->proposals[t->order[i]] : NULL;
}

const struct sh_tally_entry *
sh_tally_entries(const struct sh_tally *t, size_t proposal, size_t *n)
{
	const struct sh_tally_proposal *p = sh_tally_proposal(t, proposal);

	*n = 0;
	if (p == NULL || p->nentries == 0)
		return NULL;
	*n = p->nentries;
	return &t->entries[p->first];
}

const struct sh_tally_entry *
sh_tally_entry(const struct sh_tally *t, size_t reviewer, size_t proposal)
{
	const struct sh_tally_entry	*e;
	size_t				 n, lo, hi;

	if ((e = sh_tally_entries(t, proposal, &n)) == NULL)
		return NULL;
	for (lo = 0, hi = n; lo < hi;) {
		size_t mid = lo + (hi - lo) / 2;

		if ((size_t)e[mid].reviewer == reviewer)
			return &e[mid];
		if ((size_t)e[mid].reviewer < reviewer)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

double
sh_tally_entry_dev(const struct sh_tally *t, const struct sh_tally_entry *e)
{
	struct sh_tally_term tm;

	if ((e->flags & SH_TALLY_E_COUNTED) == 0)
		return 0.0;
	return 50.0 + 10.0 * entry_z(t, e, &tm);
}

size_t
sh_tally_kept_devs(const struct sh_tally *t, size_t proposal, double *out,
    size_t max)
{
	const struct sh_tally_entry	*e;
	size_t				 n, i, k = 0;

	e = sh_tally_entries(t, proposal, &n);
	for (i = 0; i < n; i++) {
		if ((e[i].flags & SH_TALLY_E_KEPT) == 0)
			continue;
		if (k < max)
			out[k] = sh_tally_entry_dev(t, &e[i]);
		k++;
	}
	return k;
}

const char *
sh_tally_fmt_tenths(int64_t tenths, char *buf, size_t len)
{
	uint64_t	m = uabs64(tenths);

	snprintf(buf, len, "%s%" PRIu64 ".%" PRIu64, tenths < 0 ? "-" : "",
	    m / 10, m % 10);
	return buf;
}

/* --- dump ------------------------------------------------------------- */

static int
flag_words(struct sh_buf *b, unsigned flags, const char *const *names,
    size_t nnames)
{
	size_t	i;
	bool	any = false;

	for (i = 0; i < nnames; i++) {
		if ((flags & (1u << i)) == 0)
			continue;
		if (sh_buf_printf(b, "%s%s", any ? "," : "", names[i]) == -1)
			return -1;
		any = true;
	}
	if (!any && sh_buf_append_str(b, "-") == -1)
		return -1;
	return 0;
}

static const char *const rflag_names[] = { "sigma0", "too-few" };
static const char *const pflag_names[] = { "no-reviewers", "no-trim",
	"trimmed", "ki-pending", "mandatory-1", "many-low", "sigma0",
	"few-proposals" };
static const char *const oflag_names[] = { "mandatory-1", "many-low" };

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * One line of settings, one per reviewer, then per proposal in ranking
 * order one line and one indented line per entry. Doubles are printed
 * with 6 decimals, which is deterministic for identical doubles.
 */
int
sh_tally_dump(const struct sh_tally *t, struct sh_buf *b, struct sh_err *err)
{
	size_t	i, j;
	char	s[32];
	int	rc = 0;

	rc |= sh_buf_printf(b, "tally trim=%d min-trim=%zu min-proposals=%zu\n",
	    t->settings.trim ? 1 : 0, t->settings.min_reviewers_to_trim,
	    t->settings.min_proposals_per_reviewer);
	for (i = 0; i < t->nreviewers; i++) {
		const struct sh_tally_reviewer *r = &t->reviewers[i];

		rc |= sh_buf_printf(b, "R%zu n=%zu mean=%.6f sd=%.6f flags=",
		    i, r->n, r->mean, r->sd);
		rc |= flag_words(b, r->flags, rflag_names, NELEM(rflag_names));
		rc |= sh_buf_append_str(b, "\n");
	}
	for (i = 0; i < t->nproposals; i++) {
		const struct sh_tally_proposal *p = &t->proposals[t->order[i]];

		if (p->nkept > 0)
			rc |= sh_buf_printf(b, "P%zu rank=%zu score=%s "
			    "mean=%.6f n=%zu kept=%zu flags=", p->id, p->rank,
			    sh_tally_fmt_tenths(p->tenths, s, sizeof s),
			    p->mean, p->ncounted, p->nkept);
		else
			rc |= sh_buf_printf(b, "P%zu rank=- score=- n=0 "
			    "flags=", p->id);
		rc |= flag_words(b, p->flags, pflag_names, NELEM(pflag_names));
		rc |= sh_buf_append_str(b, "\n");
		for (j = 0; j < p->nentries; j++) {
			const struct sh_tally_entry *e =
			    &t->entries[p->first + j];

			rc |= sh_buf_printf(b, "  R%zu", (size_t)e->reviewer);
			if (e->flags & SH_TALLY_E_SCORED)
				rc |= sh_buf_printf(b, " T=%" PRId64,
				    (int64_t)e->total);
			else
				rc |= sh_buf_append_str(b, " T=-");
			if (e->flags & SH_TALLY_E_COUNTED)
				rc |= sh_buf_printf(b, " dev=%.6f",
				    sh_tally_entry_dev(t, e));
			if (e->flags & SH_TALLY_E_DROPPED_HIGH)
				rc |= sh_buf_append_str(b, " dropped-high");
			if (e->flags & SH_TALLY_E_DROPPED_LOW)
				rc |= sh_buf_append_str(b, " dropped-low");
			if ((e->flags & SH_TALLY_E_SCORED) &&
			    (e->flags & SH_TALLY_E_COUNTED) == 0)
				rc |= sh_buf_append_str(b, " excluded");
			if (e->conflict != SH_CONFLICT_NONE)
				rc |= sh_buf_printf(b, " conflict=%s",
				    conflict_name((enum sh_conflict)e->conflict));
			if (e->obs_flags != 0) {
				rc |= sh_buf_append_str(b, " obs=");
				rc |= flag_words(b, e->obs_flags, oflag_names,
				    NELEM(oflag_names));
			}
			rc |= sh_buf_append_str(b, "\n");
		}
	}
	if (rc != 0)
		return sh_errf(err, "tally dump: out of memory");
	return 0;
}
