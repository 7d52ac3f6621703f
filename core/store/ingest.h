/*
 * Ingest: sealed sheets into a round store, one file at a time, in
 * batches (DESIGN.md section 5, "ingest"; shinsa-merge(1)).
 *
 * Each file is opened with the secretariat's identity: decrypted once as
 * a whole, its container read, its signature verified against the key
 * registered for the reviewer its trusted comment names, the comment
 * checked against the round, that reviewer, this secretariat and the
 * next revision, and the sheet checked against the rubric and that
 * reviewer's assignment (format/seal). Then it is added to the store as
 * a savepoint of the open batch (store/round). A refused file changes
 * nothing in the store.
 *
 * An accepted sheet is not on disk until sh_ingest_commit() returns 0:
 * callers acknowledge accepted sheets only then. When a commit fails, or
 * the store fails a sheet so that the batch is lost, every sheet of the
 * batch is not stored; sh_ingest_pending() says how many that is.
 *
 * What the round holds that every file needs (its roster, proposal
 * variants) is read once, when the context is made: an ingest run sees
 * the round as it was when it started, and the store's own checks under
 * the write lock still refuse a sheet from a reviewer removed since.
 *
 * Ownership: the context borrows the round, its info, the rubric and the
 * identity, which must outlive it; it owns its caches and scratch
 * buffers (plaintext in secret memory, wiped on free).
 */
#ifndef SHINSA_STORE_INGEST_H
#define SHINSA_STORE_INGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "crypto/age.h"
#include "crypto/minisign.h"
#include "review/rubric.h"
#include "store/round.h"

struct sh_ingest;

/*
 * What became of one file; reason in the sh_err for REFUSED and FAILED,
 * whose kind (sh_err_kind()) says what the refusal amounts to.
 */
struct sh_ingest_outcome {
	enum sh_ingest_result	 result;
	char			 sealed_sha256[65];	/* of the file */
	char			 reviewer[65];		/* ACCEPTED, ALREADY */
	int64_t			 revision;		/* ACCEPTED, ALREADY */
	int64_t			 replaces;		/* ACCEPTED: 0 or the
							   revision it succeeds */
	bool			 in_batch;		/* ALREADY: the copy
							   held is one of the
							   open batch, not yet
							   on disk */
	/*
	 * REFUSED as SH_ERR_OTHER_KEY (signed by a key other than the
	 * registered key of the reviewer it names, then in `reviewer`):
	 * the registered reviewer whose key did sign it (borrowed from
	 * the context; NULL if none did), the fingerprints of the key
	 * expected and of the signer's ("" if not registered), and the
	 * key id the signature gives.
	 */
	const struct sh_reviewer_rec *signer;
	char			 expected_fpr[SH_MINISIGN_FPR_LEN + 1];
	char			 signer_fpr[SH_MINISIGN_FPR_LEN + 1];
	char			 signer_keyid[17];
};

struct sh_ingest *sh_ingest_new(struct sh_round *r,
	    const struct sh_round_info *info, const struct sh_rubric *rubric,
	    const struct sh_age_identity *id, struct sh_err *err);
/* Rolls back a batch still open: nothing of it is stored. */
void	sh_ingest_free(struct sh_ingest *);

/*
 * Takes one file's bytes. Opens a batch if none is open. Returns the
 * outcome's result. On SH_INGEST_FAILED (the store could not take a good
 * sheet: a full disk, a size limit) the whole open batch is rolled back:
 * every sheet accepted since the last commit is not stored either.
 */
enum sh_ingest_result sh_ingest_file(struct sh_ingest *,
	    const unsigned char *file, size_t len,
	    struct sh_ingest_outcome *out, struct sh_err *err);

/* Sheets accepted in the open batch, and the bytes they will add to the
 * round file (each sheet.json and its signature). */
size_t	sh_ingest_pending(const struct sh_ingest *);
size_t	sh_ingest_pending_bytes(const struct sh_ingest *);

/*
 * Writes the open batch to disk (one sync); 0 with nothing open. On
 * failure nothing of the batch is stored.
 */
int	sh_ingest_commit(struct sh_ingest *, struct sh_err *err);

#endif
