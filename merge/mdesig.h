/*
 * The committee's designations beside a tally: the candidates the rules
 * of review/designate.h judge, and their refusals worded for the
 * secretariat and the auditor. Shared by shinsa-merge (designate,
 * undesignate, designations, publish, announce) and shinsa-verify, so
 * both say the same thing about the same set.
 *
 * Ownership: the caller owns every array; nothing here allocates.
 */
#ifndef SHINSA_MERGE_MDESIG_H
#define SHINSA_MERGE_MDESIG_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "base/err.h"
#include "review/designate.h"
#include "review/tally.h"

/* One designation as the store and the bundle hold it. */
struct mdesig {
	const char	*proposal;
	const char	*balance;	/* NULL: none */
	const char	*condition;	/* NULL: none */
	bool		 beyond;
};

/*
 * Fills c[t->nproposals] from the tally (score, rank, flags) and marks
 * those of d[nd] designated; ids[i] is the id of tally proposal i,
 * sorted. -1 if a designation names a proposal not in ids (then *bad,
 * if not NULL, is its index in d).
 */
int	mdesig_cands(const struct sh_tally *t, const char *const *ids,
	    const struct mdesig *d, size_t nd, struct sh_desig_cand *c,
	    size_t *bad);
/* The index of id in ids[n] (sorted), or n. */
size_t	mdesig_find(const char *const *ids, size_t n, const char *id);
/*
 * A problem in the reader's language, naming the proposals by id:
 * "P007 has markedly many 2s and 1s ...". Returns buf.
 */
const char *mdesig_words(const struct sh_desig_problem *p,
	    const struct sh_desig_cand *c, const char *const *ids, char *buf,
	    size_t size);

/*
 * designations.json (format shinsa-designations/1), which publish signs
 * into the audit bundle and shinsa-verify checks: keys in this order,
 *	format, round, results_sha256 (the results.json it follows from),
 *	designations [{proposal, balance, condition, beyond}] by proposal,
 * balance and condition null when absent. mdesig_doc() builds it (NULL
 * when out of memory); mdesig_parse() reads one back into d (allocated,
 * the caller frees it; its strings point into doc), refusing any other
 * shape.
 */
#define MDESIG_FORMAT	"shinsa-designations/1"
json_t	*mdesig_doc(const char *round, const char *results_sha256,
	    const struct mdesig *d, size_t n);
int	mdesig_parse(const json_t *doc, struct mdesig **d, size_t *n,
	    struct sh_err *err);

#endif
