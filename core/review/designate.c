/*
 * The designation rules (designate.h). A proposal's eligibility is its
 * own; the order and the guideline depend on the whole set, so the set is
 * always judged whole, after the change a command would make.
 */
#include <string.h>

#include "review/designate.h"
#include "review/tally.h"

static bool
refuse(struct sh_desig_problem *p, enum sh_desig_kind kind)
{
	if (p != NULL) {
		memset(p, 0, sizeof *p);
		p->kind = kind;
	}
	return false;
}

bool
sh_desig_rule_scored(const struct sh_desig_cand *c, struct sh_desig_problem *p)
{
	return c->rank > 0 ? true : refuse(p, SH_DESIG_UNSCORED);
}

/* The score may still move until the committee decides the (キ). */
bool
sh_desig_rule_not_pending(const struct sh_desig_cand *c,
    struct sh_desig_problem *p)
{
	return (c->flags & SH_TALLY_P_PENDING) == 0 ? true :
	    refuse(p, SH_DESIG_PENDING);
}

/* seed 002 審査基準: 必須項目 scored 1 is grounds for 不採択. */
bool
sh_desig_rule_mandatory(const struct sh_desig_cand *c,
    struct sh_desig_problem *p)
{
	return (c->flags & SH_TALLY_P_MANDATORY_ONE) == 0 ? true :
	    refuse(p, SH_DESIG_MANDATORY_ONE);
}

/* seed 003 §3: 「2」又は「1」の項目が著しく多い構想は指定しない. */
bool
sh_desig_rule_not_many_low(const struct sh_desig_cand *c,
    struct sh_desig_problem *p)
{
	return (c->flags & SH_TALLY_P_MANY_LOW) == 0 ? true :
	    refuse(p, SH_DESIG_MANY_LOW);
}

sh_desig_rule_fn *const sh_desig_rules[] = {
	sh_desig_rule_scored,
	sh_desig_rule_not_pending,
	sh_desig_rule_mandatory,
	sh_desig_rule_not_many_low,
};
const size_t sh_ndesig_rules = sizeof sh_desig_rules /
    sizeof sh_desig_rules[0];

bool
sh_desig_eligible(const struct sh_desig_cand *c, struct sh_desig_problem *p)
{
	size_t i;

	for (i = 0; i < sh_ndesig_rules; i++)
		if (!sh_desig_rules[i](c, p))
			return false;
	return true;
}

bool
sh_desig_out_of_order(const struct sh_desig_cand *c, size_t n, size_t i,
    size_t *above)
{
	size_t	j, best = n;

	for (j = 0; j < n; j++) {
		if (j == i || c[j].designated || c[j].tenths <= c[i].tenths ||
		    !sh_desig_eligible(&c[j], NULL))
			continue;
		if (best == n || c[j].tenths > c[best].tenths)
			best = j;
	}
	if (best == n)
		return false;
	if (above != NULL)
		*above = best;
	return true;
}

/* 指定する構想全体の1/3以内を目安: picks ≤ designated / 3, exactly. */
bool
sh_desig_over_guideline(size_t nbalance, size_t ndesignated)
{
	return 3 * nbalance > ndesignated;
}

static void
add(struct sh_desig_problem *p, size_t max, size_t *np,
    const struct sh_desig_problem *one)
{
	if (*np < max)
		p[*np] = *one;
	(*np)++;
}

size_t
sh_desig_check(struct sh_desig_cand *c, size_t n, struct sh_desig_problem *p,
    size_t max, size_t *nbalance)
{
	struct sh_desig_problem	one;
	size_t			i, np = 0, nb = 0, nd = 0, above;
	bool			acked = true;

	for (i = 0; i < n; i++) {
		c[i].balance = false;
		if (!c[i].designated)
			continue;
		nd++;
		if (!sh_desig_eligible(&c[i], &one)) {
			one.cand = i;
			add(p, max, &np, &one);
			continue;
		}
		if (!sh_desig_out_of_order(c, n, i, &above))
			continue;
		c[i].balance = true;
		nb++;
		if (!c[i].beyond)
			acked = false;
		if (!c[i].has_reason) {
			memset(&one, 0, sizeof one);
			one.kind = SH_DESIG_NEEDS_REASON;
			one.cand = i;
			one.above = above;
			add(p, max, &np, &one);
		}
	}
	if (sh_desig_over_guideline(nb, nd) && !acked) {
		memset(&one, 0, sizeof one);
		one.kind = SH_DESIG_BEYOND_GUIDELINE;
		one.cand = n;
		one.nbalance = nb;
		one.ndesignated = nd;
		add(p, max, &np, &one);
	}
	if (nbalance != NULL)
		*nbalance = nb;
	return np;
}
