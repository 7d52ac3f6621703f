/*
 * A sheet's reviews: per proposal, what the tally needs of it (the
 * conflict declared, whether the reviewer withdrew, the raw total and
 * the review's flags). The merge stores them beside the sheet at ingest
 * (store/round.h, table reviews) so that tally, report and publish need
 * not parse every sheet again; shinsa-verify computes them from the
 * sheets of the bundle. Both come from sh_sheet_reviews(), the one
 * place that turns a sheet into reviews.
 *
 * Ownership: a review's proposal points into the sheet it was made from
 * (or the list that holds it); struct sh_facts_cache owns the facts it
 * parsed, freed by sh_facts_cache_free().
 */
#ifndef SHINSA_FORMAT_REVIEWS_H
#define SHINSA_FORMAT_REVIEWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "format/sheet.h"
#include "review/facts.h"

struct sh_review {
	const char	*proposal;
	unsigned	 declared;	/* SH_DECLARE bits */
	bool		 withdrawn;
	int32_t		 total;		/* raw points; 0 when withdrawn */
	unsigned	 flags;		/* SH_OBS_* (review/tally.h) */
};

/* The facts of a proposal of the round; NULL with a message. */
typedef const struct sh_facts *sh_reviews_facts_fn(void *arg,
	    const char *proposal, struct sh_err *err);

/*
 * The reviews of a sheet that has passed sh_sheet_check() (or
 * sh_sheet_check_parsed()): out has s->nproposals elements, in the
 * sheet's order. Fails (the error prefixed "proposal ID") when a review
 * does not score completely.
 */
int	sh_sheet_reviews(const struct sh_sheet *s, const struct sh_rubric *r,
	    sh_reviews_facts_fn *facts, void *arg, struct sh_review *out,
	    struct sh_err *err);

/*
 * Facts parsed from their JSON text the first time proposal i's are
 * asked for, for a loop over many sheets of the same proposals.
 */
struct sh_facts_cache {
	struct sh_facts	*facts;
	bool		*read;
	size_t		 n;
};

int	sh_facts_cache_init(struct sh_facts_cache *, size_t n,
	    struct sh_err *err);
const struct sh_facts *sh_facts_cache_get(struct sh_facts_cache *, size_t i,
	    const char *json, struct sh_err *err);
void	sh_facts_cache_free(struct sh_facts_cache *);

/*
 * A growing list of reviews read from the store, owning copies of their
 * proposal ids; contents replaced by each read.
 */
struct sh_review_list {
	struct sh_review	*v;
	char			(*ids)[65];
	size_t			 n, cap;
};

void	sh_review_list_free(struct sh_review_list *);
/* Room for n reviews (contents kept); -1 on no memory. */
int	sh_review_list_reserve(struct sh_review_list *, size_t n);

#endif
