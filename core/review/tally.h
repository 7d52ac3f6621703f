/*
 * The tally (DESIGN.md section 6): from each reviewer's raw totals T(r,p)
 * to deviation scores (偏差値), per-proposal scores rounded half up to one
 * decimal (小数点以下第2位を四捨五入), and a ranking with every flag the
 * report must show.
 *
 * A pure computation: no I/O, no rubric. The caller (merge, verify)
 * turns sheets into observations and conflict states and passes the
 * per-observation flags the scoring rules computed.
 *
 * Which observations count:
 *	no conflict			counted
 *	(キ) allowed by the committee	counted
 *	(キ) awaiting the committee	NOT counted, flagged: the committee
 *					has not allowed the review, so the
 *					score may not enter the tally yet
 *					(seeds 002/003 利害関係 ②)
 *	(キ) refused by the committee	not counted
 *	(ア)-(カ), or (キ) withdrawn	not counted (must not review)
 * A reviewer's mean and standard deviation are taken over that reviewer's
 * counted observations only, so deciding a pending (キ) can move all of
 * that reviewer's deviation scores.
 *
 * Ownership: sh_tally_run() copies what it needs from the input; the
 * returned struct sh_tally owns all its arrays and is released with
 * sh_tally_free(). Pointers returned by the accessors point into it.
 */
#ifndef SHINSA_REVIEW_TALLY_H
#define SHINSA_REVIEW_TALLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

/* Limits that keep every integer intermediate exact in int64_t. */
#define SH_TALLY_MAX_TOTAL		100000	/* T(r,p), points */
#define SH_TALLY_MAX_PER_REVIEWER	10000	/* counted proposals */
#define SH_TALLY_MAX_INDEX		1000000	/* reviewers, proposals */
#define SH_TALLY_MAX_OBS		10000000

enum sh_conflict {
	SH_CONFLICT_NONE = 0,
	SH_CONFLICT_WITHDRAWN,		/* (ア)-(カ), or (キ) self-withdrawn */
	SH_CONFLICT_KI_PENDING,		/* (キ), committee has not decided */
	SH_CONFLICT_KI_ALLOWED,		/* (キ), committee allowed the review */
	SH_CONFLICT_KI_REFUSED,		/* (キ), committee refused it */
};

/* Per-observation flags computed by the scoring rules, passed through. */
#define SH_OBS_MANDATORY_ONE	0x01	/* kakine 1-5: a mandatory item got 1 */
#define SH_OBS_MANY_LOW		0x02	/* chiiki: markedly many 2s and 1s */

/*
 * Observations and conflicts are what a caller gives, checked before
 * use: plain 32-bit fields, so that a bad value can be seen and refused
 * (a negative total). The tally keeps each review in 8 bytes (struct
 * sh_tally_entry); a caller with a million of them gives them through a
 * struct sh_tally_builder, which keeps them in 8 bytes too.
 */
struct sh_tally_obs {
	uint32_t	 reviewer;	/* < nreviewers */
	uint32_t	 proposal;	/* < nproposals */
	int32_t		 total;		/* T(r,p): 0..SH_TALLY_MAX_TOTAL */
	unsigned	 flags;		/* SH_OBS_* */
};

struct sh_tally_conflict {
	uint32_t	 reviewer;
	uint32_t	 proposal;
	enum sh_conflict state;
};

struct sh_tally_settings {
	bool		 trim;		/* chiiki: drop one highest, one lowest */
	size_t		 min_reviewers_to_trim;	/* >= 3; chiiki: 3 */
	size_t		 min_proposals_per_reviewer; /* below: flagged */
};

/*
 * What the tally reads; the caller owns the arrays. At most one
 * observation and one conflict per (reviewer, proposal); a conflict
 * without an observation is allowed (a withdrawn reviewer gave no score).
 */
struct sh_tally_input {
	size_t				 nreviewers;
	size_t				 nproposals;
	const struct sh_tally_obs	*obs;
	size_t				 nobs;
	const struct sh_tally_conflict	*conflicts;
	size_t				 nconflicts;
	struct sh_tally_settings	 settings;
};

/* Reviewer flags. */
#define SH_TALLY_R_SIGMA_ZERO	0x01	/* σ = 0: every dev is 50 */
#define SH_TALLY_R_TOO_FEW	0x02	/* n < min_proposals_per_reviewer */

struct sh_tally_reviewer {
	size_t		 n;		/* counted proposals */
	int64_t		 sum;		/* Σ T */
	int64_t		 sumsq;		/* Σ T² */
	double		 mean;		/* μ = sum / n; 0 when n = 0 */
	double		 sd;		/* population σ; 0 when n = 0 */
	unsigned	 flags;		/* SH_TALLY_R_* */
};

/* Entry flags. */
#define SH_TALLY_E_SCORED	0x01	/* an observation exists (total valid) */
#define SH_TALLY_E_COUNTED	0x02	/* enters the reviewer's μ, σ and a dev */
#define SH_TALLY_E_DROPPED_HIGH	0x04	/* trimmed as the highest */
#define SH_TALLY_E_DROPPED_LOW	0x08	/* trimmed as the lowest */
#define SH_TALLY_E_KEPT		0x10	/* counted and not trimmed: in the mean */

/*
 * One (reviewer, proposal) with an observation, a conflict, or both: 8
 * bytes, a million of them in a national round. Its proposal is not
 * stored: the entries are grouped by proposal (sh_tally_proposal's first
 * and nentries), so the run an entry lies in says it. Its deviation score
 * is not stored either but worked out from the reviewer's integers when
 * asked for (sh_tally_entry_dev()), the same bits every time. The fields
 * are bit-fields of unsigned int, so that they read as plain integers;
 * the limits above are what makes them wide enough (tally.c asserts it).
 */
struct sh_tally_entry {
	unsigned	 reviewer : 20;	/* < SH_TALLY_MAX_INDEX <= 2^20 */
	unsigned	 conflict : 3;	/* enum sh_conflict */
	unsigned	 obs_flags : 2;	/* SH_OBS_* as given */
	unsigned	 flags : 7;	/* SH_TALLY_E_* */
	unsigned	 total : 17;	/* raw T < 2^17; 0 unless SCORED */
};

/* Proposal flags. */
#define SH_TALLY_P_NO_REVIEWERS	0x001	/* nothing counted: no score, unranked */
#define SH_TALLY_P_NO_TRIM	0x002	/* trim asked, too few counted: untrimmed */
#define SH_TALLY_P_TRIMMED	0x004	/* one highest and one lowest dropped */
#define SH_TALLY_P_PENDING	0x008	/* a (キ) awaits the committee */
#define SH_TALLY_P_MANDATORY_ONE 0x010	/* a counted sheet scored a mandatory item 1 */
#define SH_TALLY_P_MANY_LOW	0x020	/* a counted sheet has markedly many 2s/1s */
#define SH_TALLY_P_SIGMA_ZERO	0x040	/* a counted reviewer has σ = 0 */
#define SH_TALLY_P_FEW_PROPOSALS 0x080	/* a counted reviewer scored too few */

struct sh_tally_proposal {
	size_t		 id;		/* proposal index */
	size_t		 first;		/* its entries: entries[first..first+nentries) */
	size_t		 nentries;	/* observations and conflicts */
	size_t		 ncounted;	/* counted devs */
	size_t		 nkept;		/* devs in the mean (after any trim) */
	double		 mean;		/* mean of kept devs; 0 when unscored */
	int64_t		 tenths;	/* score × 10, rounded half up; 0 unscored */
	size_t		 rank;		/* 1-based; 0 when unscored */
	unsigned	 flags;		/* SH_TALLY_P_* */
};

struct sh_tally {
	struct sh_tally_settings  settings;
	size_t			  nreviewers;
	struct sh_tally_reviewer *reviewers;	/* [nreviewers] */
	size_t			  nproposals;
	struct sh_tally_proposal *proposals;	/* [nproposals], by id */
	size_t			  nentries;
	struct sh_tally_entry	 *entries;	/* by (proposal, reviewer) */
	size_t			 *order;	/* [nproposals] proposal ids: by
						   score desc then id; unscored
						   last, by id */
};

/* chiiki: trim = true; kakine: false. min_reviewers_to_trim 3, min 3. */
void	sh_tally_settings_init(struct sh_tally_settings *s, bool trim);

/* Runs the tally; NULL with a message on bad input or no memory. */
struct sh_tally *sh_tally_run(const struct sh_tally_input *in,
	    struct sh_err *err);

/*
 * Reviews given one at a time, for a caller that makes them as it reads
 * (format/results.c): each is kept in 8 bytes from the start, and
 * sh_tally_run_built() groups them by proposal in place, so that they
 * become the tally's entries without a second copy. Each add checks what
 * sh_tally_run() checks of the same observation or conflict, except
 * the ranges below nreviewers and nproposals, which sh_tally_run_built()
 * checks once they are known.
 */
struct sh_tally_builder {
	uint64_t	*v;		/* packed reviews, as added */
	size_t		 n, cap;
	size_t		 nobs, nconflicts;
};

void	sh_tally_builder_init(struct sh_tally_builder *b);
void	sh_tally_builder_free(struct sh_tally_builder *b);
int	sh_tally_add_obs(struct sh_tally_builder *b,
	    const struct sh_tally_obs *o, struct sh_err *err);
int	sh_tally_add_conflict(struct sh_tally_builder *b,
	    const struct sh_tally_conflict *c, struct sh_err *err);
/*
 * Runs the tally of what b holds; b's memory becomes the tally's, and b
 * is empty on return, whatever happens.
 */
struct sh_tally *sh_tally_run_built(struct sh_tally_builder *b,
	    size_t nreviewers, size_t nproposals,
	    const struct sh_tally_settings *settings, struct sh_err *err);
void	sh_tally_free(struct sh_tally *t);

/*
 * Rounds a bare double half up (away from zero for negatives) to an
 * integer number of tenths, treating a value within a relative 2^-40 of a
 * .x5 boundary as on it (see tally.c for why); NaN gives 0 and huge
 * values saturate at ±INT64_MAX. The tally itself does not use this: it
 * decides its boundaries exactly from the integers (tally_exact.c).
 */
int64_t	sh_tally_round_tenths(double v);

/* Accessors; NULL when out of range. */
const struct sh_tally_reviewer *sh_tally_reviewer(const struct sh_tally *t,
	    size_t reviewer);
const struct sh_tally_proposal *sh_tally_proposal(const struct sh_tally *t,
	    size_t proposal);
/* The i-th proposal in ranking order (0-based). */
const struct sh_tally_proposal *sh_tally_ranked(const struct sh_tally *t,
	    size_t i);
/* A proposal's entries (by reviewer); *n set to their number. */
const struct sh_tally_entry *sh_tally_entries(const struct sh_tally *t,
	    size_t proposal, size_t *n);
const struct sh_tally_entry *sh_tally_entry(const struct sh_tally *t,
	    size_t reviewer, size_t proposal);
/* An entry's deviation score: 50 + 10(T-μ)/σ, or 50; 0 unless COUNTED. */
double	sh_tally_entry_dev(const struct sh_tally *t,
	    const struct sh_tally_entry *e);
/* Kept devs of a proposal into out[max], by reviewer; returns nkept. */
size_t	sh_tally_kept_devs(const struct sh_tally *t, size_t proposal,
	    double *out, size_t max);
/* "52.3" for 523; buf of at least 24 bytes. Returns buf. */
const char *sh_tally_fmt_tenths(int64_t tenths, char *buf, size_t len);

/* A compact, deterministic text table of everything, for tests and logs. */
int	sh_tally_dump(const struct sh_tally *t, struct sh_buf *out,
	    struct sh_err *err);

#endif
