/*
 * Exact decisions for the tally (internal to core/review/tally*.c and its
 * test; not for reports or front ends).
 *
 * A deviation score is 50 + 10z with z = a/√q, a = nT − S and q = n²σ²
 * integers (q = 0: σ = 0, z = 0). The tally needs two decisions that
 * floating point alone cannot make reliably: which of two devs is larger
 * (for the trim) and on which side of a rounding boundary a mean lies.
 * Both are made here from the integers.
 */
#ifndef SHINSA_REVIEW_TALLY_EXACT_H
#define SHINSA_REVIEW_TALLY_EXACT_H

#include <stddef.h>
#include <stdint.h>

struct sh_tally_term {
	int64_t	a;	/* |a| ≤ 1e9 */
	int64_t	q;	/* 0 ≤ q ≤ 1e18 */
};

/* Sign of z_x − z_y, exactly. */
int	sh_tally_cmp_z(const struct sh_tally_term *x,
	    const struct sh_tally_term *y);

/*
 * Sign of X − B, X = Σ a_i/√q_i (terms with q = 0 add nothing),
 * B = bn/bd with bd > 0: 0 with *sign set to −1, 0 or 1; −1 with *why
 * set when it cannot be decided (see tally_exact.c).
 */
int	sh_tally_sign(const struct sh_tally_term *t, size_t n, int64_t bn,
	    int64_t bd, int *sign, const char **why);

#endif
