/*
 * The round's designations in force beside its tally, as the rules of
 * review/designate.h read them: what designate, undesignate,
 * designations, comments and announce share. Owns what it loads
 * (mdset_free); ids point into the mround, which must outlive it.
 */
#ifndef SHINSA_MERGE_MDSET_H
#define SHINSA_MERGE_MDSET_H

#include "mdesig.h"
#include "mround.h"

struct mdset {
	struct sh_designation_rec	*d;	/* from the store */
	size_t				 nd;
	const char			**ids;	/* tally index -> id */
	struct sh_desig_cand		*before, *after;
	size_t				 n;
};

/* Loads; prints "shinsa-merge: ..." and returns -1 on failure. */
int	mdset_load(struct sh_round *, const struct mround *, struct mdset *);
void	mdset_free(struct mdset *);
/* The designation of proposal id, or NULL. */
const struct sh_designation_rec *mdset_get(const struct mdset *,
	    const char *id);

/* A round opened for the committee: the store, its tally, its designations. */
struct mcommittee {
	struct sh_round	*r;
	struct mround	 m;
	struct mdset	 s;
};
struct merge_opts;
/* Opens --db and loads; -1 with a message (nothing left open). */
int	mcommittee_open(const struct merge_opts *, struct mcommittee *);
void	mcommittee_close(struct mcommittee *);

#endif
