/*
 * Exact decisions for the tally; see tally_exact.h.
 *
 * sh_tally_sign() decides the sign of X − B in up to three steps, each
 * used only when the one before cannot be sure:
 *
 * 1. Double precision with a proven error bound. Each z_i = a_i/√q_i
 *    costs at most 3.5 units of roundoff u = 2^-53 (q_i to double, sqrt,
 *    divide; a_i is exact), the n-term sum (n−1)u·Σ|z_i|, B as a double
 *    3u|B|, the subtraction u|x − B|. The margin is 16 times that bound;
 *    outside it the sign of the double difference is the true sign.
 *    For a score this margin is about 1e-13: a true mean of 52.2499 is
 *    1e-4 from the boundary 52.25 and is decided here, downwards.
 *
 * 2. Exact algebra. √q_i and √q_j are rational multiples of each other
 *    iff q_i·q_j is a square iff, with g = gcd(q_i, q_j), q_i/g and q_j/g
 *    are both squares; then √q_i = √q_j·u/v. Grouping the terms into
 *    such classes gives X = R + Σ_c C_c/√q_c with R and every C_c
 *    rational and the q_c of distinct square-free parts other than 1.
 *    Square roots of distinct square-free integers are linearly
 *    independent over the rationals, so X is rational iff every C_c is 0,
 *    and then X = R and the comparison is between two fractions. This
 *    is what catches a mean that is exactly 52.25 while its double reads
 *    52.2499999…: it goes up.
 *
 * 3. Otherwise X is irrational, so X ≠ B, and the sign is computed in
 *    double-double arithmetic (about 104 bits) with its own bound, about
 *    1e-28 for a score. Only an irrational mean within that distance of
 *    a boundary is left, and then we refuse rather than guess. (So is
 *    an X that overflowed int64 in step 2 and is exactly on a boundary:
 *    only with very many reviewers of one square class.)
 *
 * Everything is IEEE double with round-to-nearest and no contraction of
 * a·b + c into an FMA, so every machine makes the same decisions.
 */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "review/tally_exact.h"

/* x87 excess precision would break the error bounds and two_sum. */
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD != 0
#error "tally_exact.c needs plain double arithmetic (FLT_EVAL_METHOD 0)"
#endif

#define U	(DBL_EPSILON / 2)		/* 2^-53 */
#define UDD	(DBL_EPSILON * DBL_EPSILON / 16)	/* 2^-106 */

/* --- integers --------------------------------------------------------- */

static uint64_t
uabs64(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

static uint64_t
isqrt64(uint64_t x)
{
	uint64_t	r;

	r = (uint64_t)sqrt((double)x);
	while (r > 0 && r > x / r)
		r--;
	while ((r + 1) <= x / (r + 1))
		r++;
	return r;
}

static bool
is_square(uint64_t x, uint64_t *root)
{
	uint64_t	r = isqrt64(x);

	if (r * r != x)
		return false;
	*root = r;
	return true;
}

static uint64_t
gcd64(uint64_t a, uint64_t b)
{
	while (b != 0) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* x·y as a 128-bit (hi, lo) pair, portably. */
static void
mul_wide(uint64_t x, uint64_t y, uint64_t *hi, uint64_t *lo)
{
	uint64_t	xl = x & 0xffffffffu, xh = x >> 32;
	uint64_t	yl = y & 0xffffffffu, yh = y >> 32;
	uint64_t	ll = xl * yl, lh = xl * yh, hl = xh * yl, hh = xh * yh;
	uint64_t	mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);

	*lo = (mid << 32) | (ll & 0xffffffffu);
	*hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

/*
 * For equal signs compare a_x²·q_y with a_y²·q_x: a² ≤ 1e18 fits in 64
 * bits and each product in 128.
 */
int
sh_tally_cmp_z(const struct sh_tally_term *x, const struct sh_tally_term *y)
{
	int64_t		ax = x->q == 0 ? 0 : x->a, ay = y->q == 0 ? 0 : y->a;
	int		sx = (ax > 0) - (ax < 0), sy = (ay > 0) - (ay < 0);
	uint64_t	h1, l1, h2, l2, ux = uabs64(ax), uy = uabs64(ay);
	int		c;

	if (sx != sy)
		return sx < sy ? -1 : 1;
	if (sx == 0)
		return 0;
	mul_wide(ux * ux, (uint64_t)y->q, &h1, &l1);
	mul_wide(uy * uy, (uint64_t)x->q, &h2, &l2);
	if (h1 != h2)
		c = h1 < h2 ? -1 : 1;
	else
		c = (l1 > l2) - (l1 < l2);
	return sx > 0 ? c : -c;
}

/* A reduced fraction, d > 0. */
struct frac {
	int64_t	n;
	int64_t	d;
};

static void
frac_reduce(struct frac *f)
{
	uint64_t	g = gcd64(uabs64(f->n), (uint64_t)f->d);

	if (g > 1) {
		f->n /= (int64_t)g;
		f->d /= (int64_t)g;
	}
}

/* f += n/d (d > 0); false on overflow. */
static bool
frac_add(struct frac *f, int64_t n, int64_t d)
{
	struct frac	 r;
	int64_t		 g, x, y;

	g = (int64_t)gcd64((uint64_t)f->d, (uint64_t)d);
	/* n1/d1 + n2/d2 = (n1·(d2/g) + n2·(d1/g)) / (d1/g·d2) */
	if (__builtin_mul_overflow(f->n, d / g, &x) ||
	    __builtin_mul_overflow(n, f->d / g, &y) ||
	    __builtin_add_overflow(x, y, &r.n) ||
	    __builtin_mul_overflow(f->d / g, d, &r.d))
		return false;
	frac_reduce(&r);
	*f = r;
	return true;
}

/* Sign of a − b, exactly (128-bit cross products). */
static int
frac_cmp(struct frac a, struct frac b)
{
	int		sa = (a.n > 0) - (a.n < 0), sb = (b.n > 0) - (b.n < 0);
	uint64_t	h1, l1, h2, l2;
	int		c;

	if (sa != sb)
		return sa < sb ? -1 : 1;
	if (sa == 0)
		return 0;
	mul_wide(uabs64(a.n), (uint64_t)b.d, &h1, &l1);
	mul_wide(uabs64(b.n), (uint64_t)a.d, &h2, &l2);
	if (h1 != h2)
		c = h1 < h2 ? -1 : 1;
	else
		c = (l1 > l2) - (l1 < l2);
	return sa > 0 ? c : -c;
}

/*
 * Step 2. Returns 1 with *sign when X is rational, 0 when X is provably
 * irrational, −1 on overflow.
 */
static int
rational_sign(const struct sh_tally_term *t, size_t n, struct frac b,
    int *sign)
{
	int64_t		*cq;
	struct frac	*cc, r = { 0, 1 };
	size_t		 nc = 0, i, c;
	int		 rc = -1;
	bool		 irr = false;
	uint64_t	 root;

	cq = calloc(n + 1, sizeof *cq);
	cc = calloc(n + 1, sizeof *cc);
	if (cq == NULL || cc == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		uint64_t	g, u = 1, v = 1;
		int64_t		num;

		if (t[i].q == 0 || t[i].a == 0)
			continue;
		for (c = 0; c < nc; c++) {
			g = gcd64((uint64_t)t[i].q, (uint64_t)cq[c]);
			if (is_square((uint64_t)t[i].q / g, &u) &&
			    is_square((uint64_t)cq[c] / g, &v))
				break;
		}
		if (c == nc) {
			cq[nc] = t[i].q;
			cc[nc].n = 0;
			cc[nc].d = 1;
			nc++;
			u = v = 1;
		}
		/* a/√q_i = a·v/(u·√q_c) */
		if (__builtin_mul_overflow(t[i].a, (int64_t)v, &num) ||
		    !frac_add(&cc[c], num, (int64_t)u))
			goto out;
	}
	for (c = 0; c < nc; c++) {
		int64_t d;

		if (!is_square((uint64_t)cq[c], &root)) {
			if (cc[c].n != 0)
				irr = true;
			continue;
		}
		/* C/√q_c = n/(d·root) */
		if (__builtin_mul_overflow(cc[c].d, (int64_t)root, &d) ||
		    !frac_add(&r, cc[c].n, d))
			goto out;
	}
	if (irr)
		rc = 0;
	else {
		*sign = frac_cmp(r, b);
		rc = 1;
	}
out:
	free(cq);
	free(cc);
	return rc;
}

/* --- double-double ---------------------------------------------------- */

struct dd {
	double	hi;
	double	lo;
};

static struct dd
two_sum(double a, double b)
{
	struct dd	r;
	double		bb;

	r.hi = a + b;
	bb = r.hi - a;
	r.lo = (a - (r.hi - bb)) + (b - bb);
	return r;
}

static struct dd
quick_two_sum(double a, double b)
{
	struct dd	r;

	r.hi = a + b;
	r.lo = b - (r.hi - a);
	return r;
}

static void
split(double a, double *hi, double *lo)
{
	double	c = 134217729.0 * a;	/* 2^27 + 1 */

	*hi = c - (c - a);
	*lo = a - *hi;
}

static struct dd
two_prod(double a, double b)
{
	struct dd	r;
	double		ah, al, bh, bl;

	r.hi = a * b;
	split(a, &ah, &al);
	split(b, &bh, &bl);
	r.lo = ((ah * bh - r.hi) + ah * bl + al * bh) + al * bl;
	return r;
}

static struct dd
dd_add(struct dd a, struct dd b)
{
	struct dd	s, t;

	s = two_sum(a.hi, b.hi);
	t = two_sum(a.lo, b.lo);
	s.lo += t.hi;
	s = quick_two_sum(s.hi, s.lo);
	s.lo += t.lo;
	return quick_two_sum(s.hi, s.lo);
}

static struct dd
dd_neg(struct dd a)
{
	a.hi = -a.hi;
	a.lo = -a.lo;
	return a;
}

static struct dd
dd_mul_d(struct dd a, double b)
{
	struct dd	p = two_prod(a.hi, b);

	p.lo += a.lo * b;
	return quick_two_sum(p.hi, p.lo);
}

/* Exact for |v| < 2^63: the remainder v − (int64_t)hi is small. */
static struct dd
dd_from_i64(int64_t v)
{
	struct dd	r;
	double		hi = (double)v;

	if (hi >= 0x1p63 || hi < -0x1p63) {
		r.hi = hi;
		r.lo = 0;
		return r;
	}
	r.hi = hi;
	r.lo = (double)(v - (int64_t)hi);
	return quick_two_sum(r.hi, r.lo);
}

static struct dd
dd_div(struct dd a, struct dd b)
{
	double		q0, q1, q2;
	struct dd	r, s;

	q0 = a.hi / b.hi;
	r = dd_add(a, dd_neg(dd_mul_d(b, q0)));
	q1 = r.hi / b.hi;
	r = dd_add(r, dd_neg(dd_mul_d(b, q1)));
	q2 = r.hi / b.hi;
	s = quick_two_sum(q0, q1);
	return dd_add(s, (struct dd){ q2, 0.0 });
}

/* One Newton step from the double root doubles its bits. */
static struct dd
dd_sqrt(struct dd a)
{
	double		s0 = sqrt(a.hi);
	struct dd	r;

	if (s0 == 0.0)
		return (struct dd){ 0.0, 0.0 };
	r = dd_add(a, dd_neg(two_prod(s0, s0)));
	return quick_two_sum(s0, r.hi / (2.0 * s0));
}

/* --- the sign --------------------------------------------------------- */

int
sh_tally_sign(const struct sh_tally_term *t, size_t n, int64_t bn,
    int64_t bd, int *sign, const char **why)
{
	double		 x = 0.0, abssum = 0.0, b, diff, margin;
	struct frac	 fb;
	struct dd	 xd = { 0.0, 0.0 }, bdd;
	size_t		 i, k = 0;
	int		 rc;

	*why = NULL;
	if (bd <= 0) {
		*why = "bad boundary";
		return -1;
	}
	for (i = 0; i < n; i++) {
		double z;

		if (t[i].q == 0)
			continue;
		z = (double)t[i].a / sqrt((double)t[i].q);
		x += z;
		abssum += fabs(z);
		k++;
	}
	b = (double)bn / (double)bd;
	diff = x - b;
	margin = 16.0 * ((double)k + 8.0) * U * (abssum + fabs(b) + 1.0);
	if (diff > margin || diff < -margin) {
		*sign = diff > 0 ? 1 : -1;
		return 0;
	}

	fb.n = bn;
	fb.d = bd;
	frac_reduce(&fb);
	/*
	 * On overflow (many reviewers of one square class, never the case
	 * in practice) step 3 can still decide any X ≠ B.
	 */
	if ((rc = rational_sign(t, n, fb, sign)) == 1)
		return 0;

	for (i = 0; i < n; i++) {
		if (t[i].q == 0)
			continue;
		xd = dd_add(xd, dd_div(dd_from_i64(t[i].a),
		    dd_sqrt(dd_from_i64(t[i].q))));
	}
	bdd = dd_div(dd_from_i64(bn), dd_from_i64(bd));
	xd = dd_add(xd, dd_neg(bdd));
	/* Per term about 8 units of 2^-106 (sqrt, divide), per addition 2. */
	margin = 64.0 * ((double)k + 16.0) * UDD *
	    (abssum + fabs(b) + 1.0);
	if (xd.hi > margin || xd.hi < -margin) {
		*sign = xd.hi > 0 ? 1 : -1;
		return 0;
	}
	*why = rc == -1 ? "integer overflow in the exact check" :
	    "the mean is irrational and within 1e-27 of the rounding boundary";
	return -1;
}
