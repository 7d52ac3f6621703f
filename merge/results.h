/*
 * The results of a round, computed from the sheets: used by shinsa-merge
 * (tally, report, publish) and recomputed by shinsa-verify from the audit
 * bundle, so both run exactly the same code on the same inputs and the
 * verifier can compare documents byte for byte.
 *
 * results.json (format shinsa-results/1), compact, keys in this order:
 *	format, round {id, title, created}, rubric {id, sha256},
 *	secretariat_key, secretariat_recipient, published, settings {trim,
 *	min_reviewers_to_trim, min_proposals_per_reviewer}, roster [{id,
 *	public_key, recipient}], sheets [{reviewer, revision, sha256,
 *	current}], decisions [{proposal, reviewer, decision}],
 *	reviewers [{id, counted, mean, sd, flags}],
 *	proposals [{id, variant, prefecture, facts, rank, score, tenths,
 *	flags, reviews [{reviewer, conflict, total, dev, status, flags}]}],
 *	ranking [ids]
 * Deviation scores, means and standard deviations are decimal strings
 * with 6 places; score is the rounded score ("52.3"), tenths the same ×10.
 * round.created and each roster entry's recipient are written only when
 * the input has them (publish sets them, so that the signed results vouch
 * for every field of round.json and roster.json; tally and report need
 * not): mr_round_doc() and mr_roster_doc() derive those two files from
 * the results document, for publish to write and shinsa-verify to check.
 *
 * Ownership: the caller owns every input; struct mr_result owns the
 * tally, the index tables and the document, freed by mr_result_free().
 */
#ifndef SHINSA_MERGE_RESULTS_H
#define SHINSA_MERGE_RESULTS_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"
#include "review/rubric.h"
#include "review/tally.h"

#define MR_FORMAT	"shinsa-results/1"

struct mr_proposal {
	const char	*id;
	const char	*variant;
	const char	*prefecture;
	const char	*facts;		/* JSON object text */
};

struct mr_sheet {
	const char		*reviewer;
	long long		 revision;
	const char		*sha256;	/* of json */
	const unsigned char	*json;		/* sheet.json bytes, or NULL:
						   read by mr_input.load */
	size_t			 len;
	bool			 current;	/* only current sheets count */
	long long		 seq;		/* the store's, for load */
};

/*
 * Reads one sheet's JSON into out (secret, owned by the caller, contents
 * replaced). With it, the caller need not hold every sheet in memory:
 * each current sheet is read, parsed and dropped in turn.
 */
typedef int mr_load_fn(void *arg, const struct mr_sheet *, struct sh_buf *out,
	    struct sh_err *err);

struct mr_decision {
	const char	*proposal;
	const char	*reviewer;
	bool		 allow;
};

struct mr_roster {
	const char	*id;
	const char	*public_key;	/* minisign, base64 line */
	const char	*recipient;	/* age1...; NULL: not in the document */
};

struct mr_input {
	const struct sh_rubric		*rubric;
	const char			*round_id;
	const char			*round_title;
	const char			*round_created;	/* NULL: not written */
	const char			*secretariat_key;
	const char			*secretariat_recipient;
	const char			*published;
	const struct mr_proposal	*proposals;	/* sorted by id */
	size_t				 nproposals;
	const struct mr_sheet		*sheets;
	size_t				 nsheets;
	const struct mr_decision	*decisions;
	size_t				 ndecisions;
	const struct mr_roster		*roster;	/* sorted by id */
	size_t				 nroster;
	mr_load_fn			*load;		/* for json NULL */
	void				*load_arg;
	bool				 no_document;	/* tally only: res.doc
							   stays NULL */
};

struct mr_result {
	struct sh_tally	*tally;
	char		**reviewers;	/* tally reviewer index -> id */
	size_t		  nreviewers;
	json_t		 *doc;		/* the results document */
	size_t		  npending;	/* (キ) awaiting the committee */
};

/* Computes the tally and the results document; -1 with a message. */
int	mr_compute(const struct mr_input *in, struct mr_result *out,
	    struct sh_err *err);
void	mr_result_free(struct mr_result *);
/* The canonical bytes of the document. */
int	mr_dump(const json_t *doc, struct sh_buf *out, struct sh_err *err);
/*
 * round.json (shinsa-round/1) and roster.json (shinsa-roster/1) exactly as
 * publish writes them, every field taken from a results document; NULL
 * when the document lacks one (round.created, a roster recipient).
 */
json_t	*mr_round_doc(const json_t *results);
json_t	*mr_roster_doc(const json_t *results);
/* keys/<id>.pub exactly as publish writes it, from the base64 key line. */
int	mr_pub_file(const char *b64, struct sh_buf *out, struct sh_err *err);
/* "none", "withdrawn", "ki-pending", "ki-allowed", "ki-refused". */
const char *mr_conflict_name(int);

#endif
