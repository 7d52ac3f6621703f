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
 * The document is written, never held: mr_write() streams it through a
 * struct mr_sink a record at a time (one review, one sheet), so that its
 * size (a hundred bytes a review, a hundred megabytes for a national
 * round) is never in memory, and the reports read the tally itself.
 *
 * Ownership: the caller owns every input; struct mr_result owns the
 * tally and the index tables, freed by mr_result_free().
 */
#ifndef SHINSA_MERGE_RESULTS_H
#define SHINSA_MERGE_RESULTS_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"
#include "format/reviews.h"
#include "review/rubric.h"
#include "review/tally.h"
#include "sink.h"

#define MR_FORMAT	"shinsa-results/1"

struct mr_proposal {
	const char	*id;
	const char	*variant;
	const char	*prefecture;
	const char	*facts;		/* JSON object text */
	/* Only the committee's JSON report names them (mr_write's names). */
	const char	*title;
	const char	*applicant;
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

/*
 * The reviews of one current sheet as the round's store keeps them
 * beside it (format/reviews.h), valid until the next call. With it
 * mr_compute() reads no sheet: the store wrote them at ingest from the
 * sheet it had checked, with the code mr_compute() runs on a sheet.
 * shinsa-verify, which has only the sheets, leaves it NULL.
 */
typedef int mr_reviews_fn(void *arg, const struct mr_sheet *,
	    const struct sh_review **v, size_t *n, struct sh_err *err);

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
	mr_reviews_fn			*reviews;	/* NULL: the sheets */
	void				*reviews_arg;
};

struct mr_result {
	struct sh_tally	*tally;
	char		**reviewers;	/* tally reviewer index -> id */
	size_t		  nreviewers;
	size_t		  npending;	/* (キ) awaiting the committee */
};

/* Computes the tally; -1 with a message. */
int	mr_compute(const struct mr_input *in, struct mr_result *out,
	    struct sh_err *err);
void	mr_result_free(struct mr_result *);

/*
 * Writes the results document to s, in its canonical bytes (those of
 * jansson's compact dump, which earlier versions published). With names,
 * each proposal also carries its title and applicant, after its reviews:
 * the committee's JSON report. A failure (no memory, text that is not
 * UTF-8) is the sink's: see mr_sink_finish().
 */
void	mr_write(const struct mr_input *in, const struct mr_result *res,
	    bool names, struct mr_sink *s);

/*
 * Parts of the document one at a time, for telling where a document
 * differs without holding it: a writer (the reviewers' ids made JSON
 * once), the value of top-level member k (mr_member_name(k) is its key,
 * NULL past the last) and the value of proposals[i]. The writer reads
 * in and res, which must outlive it.
 */
struct mr_writer;
struct mr_writer *mr_writer_new(const struct mr_input *in,
	    const struct mr_result *res, bool names);
void	mr_writer_free(struct mr_writer *);
const char *mr_member_name(size_t k);
void	mr_write_member(struct mr_writer *, size_t k, struct mr_sink *s);
void	mr_write_proposal(struct mr_writer *, size_t i, struct mr_sink *s);

/*
 * The document's members round, rubric, secretariat_key,
 * secretariat_recipient and roster as a JSON object, parsed from the
 * bytes mr_write() writes for them: what mr_round_doc() and
 * mr_roster_doc() need, without the reviews.
 */
json_t	*mr_head_doc(const struct mr_input *in, const struct mr_result *res,
	    struct sh_err *err);
/* The canonical bytes of a (small) document. */
int	mr_dump(const json_t *doc, struct sh_buf *out, struct sh_err *err);
/*
 * round.json (shinsa-round/1) and roster.json (shinsa-roster/1) exactly as
 * publish writes them, every field taken from a results document (or its
 * head); NULL when it lacks one (round.created, a roster recipient).
 */
json_t	*mr_round_doc(const json_t *results);
json_t	*mr_roster_doc(const json_t *results);
/* keys/<id>.pub exactly as publish writes it, from the base64 key line. */
int	mr_pub_file(const char *b64, struct sh_buf *out, struct sh_err *err);
/* "none", "withdrawn", "ki-pending", "ki-allowed", "ki-refused". */
const char *mr_conflict_name(int);
/* "not-counted", "dropped-high", "dropped-low" or "kept". */
const char *mr_status_name(const struct sh_tally_entry *);

enum mr_flag_kind {
	MR_FLAGS_REVIEWER,	/* SH_TALLY_R_* */
	MR_FLAGS_REVIEW,	/* SH_OBS_* */
	MR_FLAGS_PROPOSAL,	/* SH_TALLY_P_* */
};

/* The document's names of the flags set, separated by spaces, in buf. */
const char *mr_flag_words(enum mr_flag_kind, unsigned flags, char *buf,
	    size_t len);
/* A deviation score, mean or σ as the document writes it: "%.6f". */
const char *mr_fixed6(double v, char buf[32]);

#endif
