/*
 * A round loaded from the store and tallied: what tally, report and
 * publish share. Owns everything it loads (mround_free).
 */
#ifndef SHINSA_MERGE_MROUND_H
#define SHINSA_MERGE_MROUND_H

#include "store/round.h"
#include "format/results.h"

struct mround {
	struct sh_round_info	 info;
	struct sh_rubric	*rubric;
	struct sh_proposal_rec	*ps;
	size_t			 np;
	struct sh_reviewer_rec	*vs;
	size_t			 nv;
	struct sh_sheet_head	*ss;
	size_t			 ns;
	struct sh_decision_rec	*ds;
	size_t			 nd;
	struct sh_results_proposal	*mp;
	struct sh_results_sheet		*ms;
	struct sh_results_decision	*md;
	struct sh_results_roster	*mv;
	struct sh_results_input		 in;
	struct sh_results	 res;
	char			 published[21];
	struct sh_round		*round;		/* for load_reviews */
	struct sh_review_list	 rl;		/* one sheet's reviews */
};

/*
 * Loads and tallies, for report, status and the designation commands;
 * prints "shinsa-merge: ..." and returns -1 on failure.
 */
int	mround_load(struct sh_round *, struct mround *);
/*
 * The same for publish: the results also carry round.created and every
 * roster recipient (results.h), computed in the same single pass.
 */
int	mround_load_published(struct sh_round *, struct mround *);
void	mround_free(struct mround *);
/* The proposal record of tally index i. */
const struct sh_proposal_rec *mround_proposal(const struct mround *, size_t);

#endif
