/*
 * The committee's rules for designation (指定の決定; DESIGN.md rule 9;
 * seed 003 §3 and 審査要項 2②, seed 002 審査基準 (2)②), each in one
 * function, used by shinsa-merge (designate, undesignate, designations,
 * publish, announce) to refuse and by shinsa-verify to check a published
 * bundle, so both judge a set of designations the same way.
 *
 * The rules read the tally (review/tally.h): a proposal's score, rank and
 * flags. The flags already say what the scheme's scoring rules found:
 * markedly many 2s and 1s only arises under chiiki, a mandatory item
 * scored 1 only under kakine, so these rules need not know the scheme.
 *
 *	a proposal that may never be designated (sh_desig_rules):
 *	  no score (no counted review)
 *	  a (キ) awaiting the committee's decision
 *	  kakine: a mandatory item scored 1 (不採択)
 *	  chiiki: markedly many 2s and 1s (指定しない)
 *	a designation out of score order: a proposal designated while a
 *	  higher-scored proposal that may be designated is not. Equal scores
 *	  share a rank, so a tie is never out of order. It is a balance pick
 *	  (類型・地域のバランス等) and needs a recorded reason.
 *	the guideline (目安): balance picks are at most one third of those
 *	  designated (3 × picks <= designated); beyond it every balance pick
 *	  must carry the committee's acknowledgement.
 *
 * Pure: no I/O, no allocation. The caller owns the candidates.
 */
#ifndef SHINSA_REVIEW_DESIGNATE_H
#define SHINSA_REVIEW_DESIGNATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One proposal as the committee sees it. */
struct sh_desig_cand {
	int64_t		 tenths;	/* score × 10; meaningless if rank 0 */
	size_t		 rank;		/* 1-based; 0: unscored */
	unsigned	 flags;		/* SH_TALLY_P_* */
	bool		 designated;
	bool		 has_reason;	/* a balance reason is recorded */
	bool		 beyond;	/* beyond the guideline, acknowledged */
	/* Set by sh_desig_check(). */
	bool		 balance;	/* designated out of score order */
};

enum sh_desig_kind {
	SH_DESIG_UNSCORED,		/* no counted review, no score */
	SH_DESIG_PENDING,		/* a (キ) awaits the committee */
	SH_DESIG_MANDATORY_ONE,		/* kakine: a mandatory item scored 1 */
	SH_DESIG_MANY_LOW,		/* chiiki: markedly many 2s and 1s */
	SH_DESIG_NEEDS_REASON,		/* out of score order, no reason */
	SH_DESIG_BEYOND_GUIDELINE	/* over one third, not acknowledged */
};

struct sh_desig_problem {
	enum sh_desig_kind	 kind;
	size_t			 cand;	/* the designated proposal */
	size_t			 above;	/* NEEDS_REASON: a higher-scored
					   proposal not designated */
	size_t			 nbalance;	/* BEYOND_GUIDELINE */
	size_t			 ndesignated;	/* BEYOND_GUIDELINE */
};

/*
 * One rule on one proposal: true if the rule lets it be designated;
 * otherwise false with p->kind set (p may be NULL).
 */
typedef bool sh_desig_rule_fn(const struct sh_desig_cand *,
    struct sh_desig_problem *);

sh_desig_rule_fn	sh_desig_rule_scored;
sh_desig_rule_fn	sh_desig_rule_not_pending;
sh_desig_rule_fn	sh_desig_rule_mandatory;
sh_desig_rule_fn	sh_desig_rule_not_many_low;

/* Every rule above, in the order their refusals are given. */
extern sh_desig_rule_fn *const	sh_desig_rules[];
extern const size_t		sh_ndesig_rules;

/* True if every rule lets c be designated; else the first refusal in p. */
bool	sh_desig_eligible(const struct sh_desig_cand *c,
	    struct sh_desig_problem *p);

/*
 * True if c[i], designated, has a higher-scored proposal that may be
 * designated and is not; *above (may be NULL) gets the highest such.
 */
bool	sh_desig_out_of_order(const struct sh_desig_cand *c, size_t n,
	    size_t i, size_t *above);

/* True if nbalance picks among ndesignated exceed one third. */
bool	sh_desig_over_guideline(size_t nbalance, size_t ndesignated);

/*
 * Checks a whole set: sets each candidate's balance, writes at most max
 * problems into p (designated proposals that are not eligible, balance
 * picks without a reason, the guideline exceeded without
 * acknowledgement) and returns how many there are (which may exceed
 * max). *nbalance (may be NULL) gets the number of balance picks.
 */
size_t	sh_desig_check(struct sh_desig_cand *c, size_t n,
	    struct sh_desig_problem *p, size_t max, size_t *nbalance);

#endif
