/*
 * The results of a round, computed from the sheets: used by shinsa-merge
 * (tally, report, publish) and recomputed by shinsa-verify from the audit
 * bundle, so both run exactly the same code on the same inputs and the
 * verifier can compare documents byte for byte.
 *
 * results.json (format shinsa-results/1), compact, keys in the order of
 * sh_results_fields[] below, the document's one description: the writer
 * takes its keys from it and the tests check documents against it.
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
 * not): sh_results_round_doc() and sh_results_roster_doc() derive those
 * two files from the results document, for publish to write and
 * shinsa-verify to check.
 *
 * The document is written, never held: sh_results_write() streams it
 * through the one JSON writer (format/json_util.h, in jansson's style,
 * which earlier versions published) into a struct sh_sink a record at a
 * time (one review, one sheet), so that its size (a hundred bytes a
 * review, a hundred megabytes for a national round) is never in memory,
 * and the reports read the tally itself.
 *
 * Ownership: the caller owns every input; struct sh_results owns the
 * tally and the index tables, freed by sh_results_free().
 */
#ifndef SHINSA_FORMAT_RESULTS_H
#define SHINSA_FORMAT_RESULTS_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"
#include "format/reviews.h"
#include "review/rubric.h"
#include "review/tally.h"
#include "base/sink.h"
#include "format/json_util.h"

#define SH_RESULTS_FORMAT	"shinsa-results/1"

/*
 * The document's fields, one row each. The document's members are rows
 * 1..SH_RF_RANKING in their order; every object's fields follow their
 * parent's row, together, in theirs. An array of records (SH_RK_ARRAY) is the
 * parent of its records' fields.
 */
enum sh_rf {
	SH_RF_DOC,
	SH_RF_FORMAT, SH_RF_ROUND, SH_RF_RUBRIC, SH_RF_SECRETARIAT_KEY,
	SH_RF_SECRETARIAT_RECIPIENT, SH_RF_PUBLISHED, SH_RF_SETTINGS,
	SH_RF_ROSTER, SH_RF_SHEETS, SH_RF_DECISIONS, SH_RF_REVIEWERS,
	SH_RF_PROPOSALS, SH_RF_RANKING,
	SH_RF_ROUND_ID, SH_RF_ROUND_TITLE, SH_RF_ROUND_CREATED,
	SH_RF_RUBRIC_ID, SH_RF_RUBRIC_SHA256,
	SH_RF_TRIM, SH_RF_MIN_REVIEWERS, SH_RF_MIN_PROPOSALS,
	SH_RF_ROSTER_ID, SH_RF_ROSTER_KEY, SH_RF_ROSTER_RECIPIENT,
	SH_RF_SHEET_REVIEWER, SH_RF_SHEET_REVISION, SH_RF_SHEET_SHA256,
	SH_RF_SHEET_CURRENT,
	SH_RF_DEC_PROPOSAL, SH_RF_DEC_REVIEWER, SH_RF_DEC_DECISION,
	SH_RF_REV_ID, SH_RF_REV_COUNTED, SH_RF_REV_MEAN, SH_RF_REV_SD,
	SH_RF_REV_FLAGS,
	SH_RF_P_ID, SH_RF_P_VARIANT, SH_RF_P_PREFECTURE, SH_RF_P_FACTS,
	SH_RF_P_RANK, SH_RF_P_SCORE, SH_RF_P_TENTHS, SH_RF_P_FLAGS,
	SH_RF_P_REVIEWS, SH_RF_P_TITLE, SH_RF_P_APPLICANT,
	SH_RF_RV_REVIEWER, SH_RF_RV_CONFLICT, SH_RF_RV_TOTAL, SH_RF_RV_DEV,
	SH_RF_RV_STATUS, SH_RF_RV_FLAGS,
	SH_RF_COUNT
};

enum sh_results_kind {
	SH_RK_STRING,
	SH_RK_INT,
	SH_RK_BOOL,
	SH_RK_FIXED6,		/* a decimal string with 6 places */
	SH_RK_STRINGS,		/* an array of strings */
	SH_RK_OBJECT,		/* its fields are rows of the table */
	SH_RK_ARRAY,		/* of records, whose fields are rows */
	SH_RK_ANY_OBJECT,	/* an object of the proposal's own (facts) */
};

#define SH_RF_OPTIONAL	0x1	/* left out when the input lacks it */
#define SH_RF_NULL	0x2	/* null when it has no value */
#define SH_RF_NAMES	0x4	/* only in the committee's JSON report */

struct sh_results_field {
	const char		*name;		/* NULL: the document */
	int			 parent;	/* enum sh_rf; the document: -1 */
	enum sh_results_kind	 kind;
	unsigned		 flags;
};

extern const struct sh_results_field sh_results_fields[SH_RF_COUNT];

struct sh_results_proposal {
	const char	*id;
	const char	*variant;
	const char	*prefecture;
	const char	*facts;		/* JSON object text */
	/* Only the committee's JSON report names them (names in
	 * sh_results_write()). */
	const char	*title;
	const char	*applicant;
};

struct sh_results_sheet {
	const char		*reviewer;
	long long		 revision;
	const char		*sha256;	/* of json */
	const unsigned char	*json;		/* sheet.json bytes, or NULL:
						   read by load */
	size_t			 len;
	bool			 current;	/* only current sheets count */
	long long		 seq;		/* the store's, for load */
};

/*
 * Reads one sheet's JSON into out (secret, owned by the caller, contents
 * replaced). With it, the caller need not hold every sheet in memory:
 * each current sheet is read, parsed and dropped in turn.
 */
typedef int sh_results_load_fn(void *arg, const struct sh_results_sheet *,
	    struct sh_buf *out, struct sh_err *err);

/*
 * The reviews of one current sheet as the round's store keeps them
 * beside it (format/reviews.h), valid until the next call. With it
 * sh_results_compute() reads no sheet: the store wrote them at ingest
 * from the sheet it had checked, with the code sh_results_compute() runs
 * on a sheet.
 * shinsa-verify, which has only the sheets, leaves it NULL.
 */
typedef int sh_results_reviews_fn(void *arg, const struct sh_results_sheet *,
	    const struct sh_review **v, size_t *n, struct sh_err *err);

struct sh_results_decision {
	const char	*proposal;
	const char	*reviewer;
	bool		 allow;
};

struct sh_results_roster {
	const char	*id;
	const char	*public_key;	/* minisign, base64 line */
	const char	*recipient;	/* age1...; NULL: not in the document */
};

struct sh_results_input {
	const struct sh_rubric			*rubric;
	const char				*round_id;
	const char				*round_title;
	const char				*round_created;	/* NULL: none */
	const char				*secretariat_key;
	const char				*secretariat_recipient;
	const char				*published;
	const struct sh_results_proposal	*proposals;	/* by id */
	size_t					 nproposals;
	const struct sh_results_sheet		*sheets;
	size_t					 nsheets;
	const struct sh_results_decision	*decisions;
	size_t					 ndecisions;
	const struct sh_results_roster		*roster;	/* by id */
	size_t					 nroster;
	sh_results_load_fn			*load;	/* for json NULL */
	void					*load_arg;
	sh_results_reviews_fn			*reviews; /* NULL: sheets */
	void					*reviews_arg;
};

struct sh_results {
	struct sh_tally	*tally;
	char		**reviewers;	/* tally reviewer index -> id */
	size_t		  nreviewers;
	size_t		  npending;	/* (キ) awaiting the committee */
};

/* Computes the tally; -1 with a message. */
int	sh_results_compute(const struct sh_results_input *in,
	    struct sh_results *out, struct sh_err *err);
void	sh_results_free(struct sh_results *);

/*
 * Writes the results document to s, in its canonical bytes (those of
 * jansson's compact dump, which earlier versions published). With names,
 * each proposal also carries its title and applicant, after its reviews:
 * the committee's JSON report. A failure (no memory, text that is not
 * UTF-8) is the sink's: see sh_sink_finish().
 */
void	sh_results_write(const struct sh_results_input *in,
	    const struct sh_results *res, bool names, struct sh_sink *s);

/*
 * Parts of the document one at a time, for telling where a document
 * differs without holding it: a writer (the reviewers' ids made JSON
 * once), the value of top-level member k (sh_results_member_name(k) is
 * its key, NULL past the last) and the value of proposals[i]. The writer reads
 * in and res, which must outlive it.
 */
struct sh_results_writer;
struct sh_results_writer *sh_results_writer_new(
	    const struct sh_results_input *in, const struct sh_results *res,
	    bool names);
void	sh_results_writer_free(struct sh_results_writer *);
const char *sh_results_member_name(size_t k);
void	sh_results_write_member(struct sh_results_writer *, size_t k,
	    struct sh_sink *s);
void	sh_results_write_proposal(struct sh_results_writer *, size_t i,
	    struct sh_sink *s);

/*
 * The document's members round, rubric, secretariat_key,
 * secretariat_recipient and roster as a JSON object, parsed from the
 * bytes sh_results_write() writes for them: what sh_results_round_doc()
 * and sh_results_roster_doc() need, without the reviews.
 */
json_t	*sh_results_head_doc(const struct sh_results_input *in,
	    const struct sh_results *res, struct sh_err *err);
/*
 * round.json (shinsa-round/1) and roster.json (shinsa-roster/1) exactly as
 * publish writes them, every field taken from a results document (or its
 * head); NULL when it lacks one (round.created, a roster recipient).
 */
json_t	*sh_results_round_doc(const json_t *results);
json_t	*sh_results_roster_doc(const json_t *results);
/* keys/<id>.pub exactly as publish writes it, from the base64 key line. */
int	sh_results_pub_file(const char *b64, struct sh_buf *out,
	    struct sh_err *err);
/* "none", "withdrawn", "ki-pending", "ki-allowed", "ki-refused". */
const char *sh_results_conflict_name(int);
/* "not-counted", "dropped-high", "dropped-low" or "kept". */
const char *sh_results_status_name(const struct sh_tally_entry *);

enum sh_results_flag_kind {
	SH_RESULTS_FLAGS_REVIEWER,	/* SH_TALLY_R_* */
	SH_RESULTS_FLAGS_REVIEW,	/* SH_OBS_* */
	SH_RESULTS_FLAGS_PROPOSAL,	/* SH_TALLY_P_* */
};

/* The document's names of the flags set, separated by spaces, in buf. */
const char *sh_results_flag_words(enum sh_results_flag_kind, unsigned flags,
	    char *buf, size_t len);
/* A deviation score, mean or σ as the document writes it: "%.6f". */
const char *sh_results_fixed6(double v, char buf[32]);

#endif
