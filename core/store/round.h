/*
 * The secretariat's round: one SQLite file per round (shinsa-merge's
 * `--db`). It holds everything the secretariat has decided or received:
 * the round and its rubric (bytes and hash), proposals, reviewers with
 * their public keys, assignments, issued packages, every accepted sheet
 * exactly as received, the committee's (キ) decisions and an append-only
 * log.
 *
 * Guarantees:
 * - WAL journal, foreign keys on, `PRAGMA user_version` is the schema
 *   version; migrations are a table in round.c applied in order.
 * - Every mutation is one transaction, log entry included: it happens
 *   whole or not at all.
 * - A refused input changes nothing, not one byte of the file. Refusals
 *   are therefore NOT recorded in the store: the caller reports them
 *   (shinsa-merge prints them and appends them to a journal file beside
 *   the store, `<db>.refusals`). Checks that need the store (a stale
 *   revision) run inside the write transaction, which is rolled back;
 *   a rolled-back WAL transaction writes nothing.
 * - The log table refuses UPDATE and DELETE (triggers).
 *
 * The store checks structure (ids, prefecture codes, references,
 * revisions); it does not know the rubric or the crypto. The caller has
 * decrypted and verified a sheet before handing it here.
 *
 * Ownership: struct sh_round is opaque and owned by the caller of
 * sh_round_create/sh_round_open until sh_round_close. Every record and
 * array returned by a query is owned by the caller and freed with the
 * matching _free function. Records passed in are only read.
 */
#ifndef SHINSA_STORE_ROUND_H
#define SHINSA_STORE_ROUND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "format/reviews.h"

#define SH_ROUND_SCHEMA_VERSION	7
#define SH_ID_MAX		64

struct sh_round;

/* Ids: [A-Za-z0-9._-]{1,64}. */
bool	sh_round_id_valid(const char *s);
/* Prefecture codes: "01".."47", exactly two digits. */
bool	sh_round_prefecture_valid(const char *s);

struct sh_round_info {
	char		*id;
	char		*title;
	unsigned char	*rubric;		/* the rubric file's bytes */
	size_t		 rubric_len;
	char		 rubric_sha256[65];	/* set by the store on create */
	char		*secretariat_key;	/* minisign public key, base64 line */
	char		*secretariat_recipient;	/* age1... */
	char		*created;		/* RFC 3339, set by the store */
	char		*deadline;		/* 締切 YYYY-MM-DD; NULL: none */
};
void	sh_round_info_free(struct sh_round_info *);

struct sh_proposal_rec {
	char	*id;
	char	*title;
	char	*applicant;
	char	*variant;
	char	 prefecture[3];	/* "01".."47" */
	char	*facts;		/* JSON object text */
	char	*documents;	/* JSON array text */
};

struct sh_reviewer_rec {
	char	*id;
	char	*name;
	char	*public_key;	/* minisign public key, base64 line */
	char	*recipient;	/* age1... */
};

struct sh_round_assignment {
	char	*reviewer;
	char	*proposal;
};

struct sh_package_rec {
	char	*reviewer;
	char	*issued;	/* RFC 3339 */
	char	*path;		/* where it was written */
	char	 sha256[65];	/* of the sealed file */
};

struct sh_sheet_rec {
	int64_t		 seq;		/* set by the store */
	char		*reviewer;
	int64_t		 revision;
	struct sh_buf	 json;		/* inner sheet.json */
	struct sh_buf	 minisig;	/* inner sheet.json.minisig */
	char		 sha256[65];	/* of json */
	char		 sealed_sha256[65];	/* of the file as received,
						   which is not kept */
	char		*accepted_at;	/* set by the store */
	bool		 current;	/* set by the store */
	/* Its reviews (format/reviews.h), stored with it; not owned. */
	const struct sh_review	*reviews;
	size_t			 nreviews;
};
/* Frees the members (the json buffer is secret: plaintext of a sheet). */
void	sh_sheet_rec_free(struct sh_sheet_rec *);
void	sh_sheet_rec_init(struct sh_sheet_rec *);

enum sh_decision {
	SH_DECIDE_ALLOW = 1,
	SH_DECIDE_REFUSE = 2
};

struct sh_decision_rec {
	char			*proposal;
	char			*reviewer;
	enum sh_decision	 decision;
	char			*decided_at;
	char			*reason;	/* NULL: none recorded */
};

/*
 * A designation in force (指定): its balance reason (類型・地域のバランス
 *等) when the committee gave one, its conditions (計画の修正等の条件),
 * and whether the committee acknowledged going beyond the one-third
 * guideline (review/designate.h).
 */
struct sh_designation_rec {
	char	*proposal;
	char	*balance;	/* NULL: none */
	char	*condition;	/* NULL: none */
	bool	 beyond;
	char	*decided_at;	/* RFC 3339; NULL on input: now */
};

struct sh_log_rec {
	int64_t	 seq;
	char	*at;
	char	*what;
};

/*
 * Creates a new round file at path (refused if the file exists) and
 * records the round. info->rubric_sha256 and created are computed here.
 */
struct sh_round	*sh_round_create(const char *path,
		    const struct sh_round_info *info, struct sh_err *err);
/*
 * Opens an existing round, migrating an older schema (one transaction)
 * and refusing a newer one.
 */
struct sh_round	*sh_round_open(const char *path, struct sh_err *err);
void		 sh_round_close(struct sh_round *);

int	sh_round_get_info(struct sh_round *, struct sh_round_info *out,
	    struct sh_err *err);
/* Sets the round's deadline (締切, YYYY-MM-DD; NULL removes it), logged. */
int	sh_round_set_deadline(struct sh_round *, const char *date,
	    struct sh_err *err);

/*
 * Mutations, each one transaction with its log line. Adding a record
 * whose id exists is refused (nothing is added), as is a reference to an
 * unknown reviewer or proposal.
 */
int	sh_round_add_proposals(struct sh_round *,
	    const struct sh_proposal_rec *, size_t n, struct sh_err *err);
int	sh_round_add_reviewers(struct sh_round *,
	    const struct sh_reviewer_rec *, size_t n, struct sh_err *err);
int	sh_round_add_assignments(struct sh_round *,
	    const struct sh_round_assignment *, size_t n, struct sh_err *err);
int	sh_round_add_package(struct sh_round *, const struct sh_package_rec *,
	    struct sh_err *err);
/* reason (may be NULL) is recorded with the decision and in the log. */
int	sh_round_decide(struct sh_round *, const char *proposal,
	    const char *reviewer, enum sh_decision, const char *reason,
	    struct sh_err *err);
/*
 * Logs that publish wrote a bundle whose results have this SHA-256 and
 * whose designations.json holds d[n], the set it loaded and signed.
 */
int	sh_round_log_published(struct sh_round *, const char *results_sha256,
	    const struct sh_designation_rec *d, size_t n, struct sh_err *err);
/*
 * *published: whether the last publish signed exactly the designations
 * in force now (every field of every row), so that the bundle's
 * designations.json is the set announce would write.
 */
int	sh_round_designations_published(struct sh_round *, bool *published,
	    struct sh_err *err);
/*
 * Replaces the designations in force by set[n] and logs each of
 * changed[nchanged] as designated (designate) or undesignated, with the
 * time, in one transaction. The caller has checked the new set against
 * the rules (review/designate.h).
 */
int	sh_round_set_designations(struct sh_round *,
	    const struct sh_designation_rec *set, size_t n,
	    const struct sh_designation_rec *changed, size_t nchanged,
	    bool designate, struct sh_err *err);

enum sh_ingest_result {
	SH_INGEST_FAILED = -2,	/* the store could not take it (disk full,
				   size limit, I/O): not the sheet's fault */
	SH_INGEST_REFUSED = -1,
	SH_INGEST_ACCEPTED = 0,
	SH_INGEST_ALREADY = 1	/* the same sealed bytes again: no change */
};
/*
 * Stores a verified sheet. The reviewer must be registered; the revision
 * must be newer than every stored one for that reviewer (an equal
 * revision with the same sealed bytes is SH_INGEST_ALREADY). The new
 * sheet becomes current; older ones are kept. On success rec->seq,
 * accepted_at and current are set.
 */
enum sh_ingest_result sh_round_add_sheet(struct sh_round *,
	    struct sh_sheet_rec *rec, struct sh_err *err);

/*
 * The reviews stored with sheet seq, in the sheet's order, into out
 * (contents replaced; its ids are copies). What the tally reads instead
 * of the sheet: written with it by sh_round_add_sheet(), and for sheets
 * stored before by the migration that added them.
 */
int	sh_round_sheet_reviews(struct sh_round *, int64_t seq,
	    struct sh_review_list *out, struct sh_err *err);

/*
 * Facts of the round's proposals by id (ps sorted by id, as
 * sh_round_proposals() returns them), each parsed once: an
 * sh_reviews_facts_fn for sh_sheet_reviews(). The caller initialises
 * cache for n proposals and frees it.
 */
struct sh_round_facts {
	const struct sh_proposal_rec	*ps;
	size_t				 n;
	struct sh_facts_cache		 cache;
};
const struct sh_facts *sh_round_facts(void *arg, const char *proposal,
	    struct sh_err *err);

/*
 * Batches: between begin and commit, sh_round_add_sheet() adds each
 * sheet as a savepoint of one transaction (a refused sheet rolls back
 * alone) and the whole batch reaches the disk with one sync at commit.
 * Nothing added in a batch is on disk before commit returns 0; after a
 * failed add (SH_INGEST_FAILED) the batch may be gone
 * (sh_round_batch_alive() says), and then commit fails and nothing of it
 * is stored. Other mutations must not run inside a batch.
 */
int	sh_round_batch_begin(struct sh_round *, struct sh_err *err);
int	sh_round_batch_commit(struct sh_round *, struct sh_err *err);
void	sh_round_batch_rollback(struct sh_round *);
bool	sh_round_batch_alive(const struct sh_round *);

/* Queries. Arrays are sorted by id (sheets by reviewer, revision). */
int	sh_round_proposals(struct sh_round *, struct sh_proposal_rec **out,
	    size_t *n, struct sh_err *err);
void	sh_proposal_recs_free(struct sh_proposal_rec *, size_t n);
int	sh_round_reviewers(struct sh_round *, struct sh_reviewer_rec **out,
	    size_t *n, struct sh_err *err);
void	sh_reviewer_recs_free(struct sh_reviewer_rec *, size_t n);
/* reviewer may be NULL for all assignments. */
int	sh_round_assignments(struct sh_round *, const char *reviewer,
	    struct sh_round_assignment **out, size_t *n, struct sh_err *err);
void	sh_round_assignments_free(struct sh_round_assignment *, size_t n);
/*
 * Every assignment of the round, ordered by reviewer then proposal, one
 * call of fn each (the strings live until fn returns): what ingest
 * indexes once per run without a copy of every row. fn returning -1
 * stops and is returned.
 */
int	sh_round_assignments_each(struct sh_round *,
	    int (*fn)(void *, const char *reviewer, const char *proposal,
	    struct sh_err *), void *arg, struct sh_err *err);
int	sh_round_packages(struct sh_round *, struct sh_package_rec **out,
	    size_t *n, struct sh_err *err);
void	sh_package_recs_free(struct sh_package_rec *, size_t n);
/* current_only: the current revision of each reviewer's sheet. */
int	sh_round_sheets(struct sh_round *, bool current_only,
	    struct sh_sheet_rec **out, size_t *n, struct sh_err *err);
/*
 * The signed sheet.json of the sheet stored as `seq`, replacing out's
 * contents (out should be secret: it is a sheet's plaintext). With
 * sh_round_sheet_heads() this reads a round's sheets one at a time.
 */
int	sh_round_sheet_json(struct sh_round *, int64_t seq, struct sh_buf *out,
	    struct sh_err *err);
/* The same with its .minisig, as the reviewer signed them (publish). */
int	sh_round_sheet_signed(struct sh_round *, int64_t seq,
	    struct sh_buf *json, struct sh_buf *minisig, struct sh_err *err);
/*
 * The reviewer and revision of the stored sheet with these sealed bytes
 * (by SHA-256): 1 when there is one, 0 when not, -1 on error. Reads an
 * index only, never a sheet's bytes, so it stays fast as a round fills.
 */
int	sh_round_sheet_by_sealed(struct sh_round *, const char *sealed_sha256,
	    char reviewer[65], int64_t *revision, struct sh_err *err);
/* The highest stored revision of a reviewer's sheets, 0 when none. */
int	sh_round_max_revision(struct sh_round *, const char *reviewer,
	    int64_t *revision, struct sh_err *err);
/* The same without the bodies (sealed, json, minisig left empty). */
int	sh_round_sheet_heads(struct sh_round *, struct sh_sheet_rec **out,
	    size_t *n, struct sh_err *err);
void	sh_sheet_recs_free(struct sh_sheet_rec *, size_t n);
/*
 * What the tally, the report and publish keep of every stored sheet, one
 * per reviewer in a national round: the fields of sh_round_sheet_heads()
 * they read, in its order, in 96 bytes and one string instead of a
 * struct sh_sheet_rec's 256 and three.
 */
struct sh_sheet_head {
	int64_t		 seq;
	char		*reviewer;
	int64_t		 revision;
	char		 sha256[65];	/* of json */
	bool		 current;
};
int	sh_round_sheet_list(struct sh_round *, struct sh_sheet_head **out,
	    size_t *n, struct sh_err *err);
void	sh_sheet_heads_free(struct sh_sheet_head *, size_t n);
int	sh_round_decisions(struct sh_round *, struct sh_decision_rec **out,
	    size_t *n, struct sh_err *err);
void	sh_decision_recs_free(struct sh_decision_rec *, size_t n);
/* The designations in force, by proposal id. */
int	sh_round_designations(struct sh_round *,
	    struct sh_designation_rec **out, size_t *n, struct sh_err *err);
void	sh_designation_recs_free(struct sh_designation_rec *, size_t n);
int	sh_round_log(struct sh_round *, struct sh_log_rec **out, size_t *n,
	    struct sh_err *err);
void	sh_log_recs_free(struct sh_log_rec *, size_t n);

/* Current time as RFC 3339 UTC; SHINSA_NOW overrides it (tests, demo). */
void	sh_round_now(char out[21]);
/* Lowercase hex SHA-256. */
void	sh_round_sha256_hex(const void *p, size_t len, char out[65]);

#endif
