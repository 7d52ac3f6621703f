/*
 * Ingest: see ingest.h. The costs that matter at national scale (tens of
 * thousands of sheets of a hundred proposals each) and how they are kept
 * down:
 *   - one sync per batch, not per sheet (store/round batches);
 *   - one decryption per file, into one secret buffer sized once;
 *   - the roster, proposal variants and assignments read once per run,
 *     found by binary search (the store returns them sorted by id), and
 *     the store's per-sheet statements prepared once (store/round.c);
 *   - the duplicate check and the latest revision read from indexes;
 *   - the signed JSON and .minisig stored from the container as they
 *     came, and the JSON's SHA-256 taken from the verified trusted
 *     comment rather than computed again.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "crypto/minisign.h"
#include "format/seal.h"
#include "format/sheet.h"
#include "format/tar.h"
#include "store/ingest.h"

struct sh_ingest {
	struct sh_round			*r;
	const struct sh_round_info	*info;
	const struct sh_rubric		*rubric;
	const struct sh_age_identity	*id;

	struct sh_reviewer_rec		*roster;	/* sorted by id */
	size_t				 nroster;
	struct sh_proposal_rec		*proposals;	/* sorted by id */
	size_t				 nproposals;

	/*
	 * Every assignment of the round, read once: roster[i]'s are
	 * assigned[first[i]] up to assigned[first[i + 1]], in proposal
	 * order; the strings are the proposals' own.
	 */
	struct sh_assignment		*assigned;
	size_t				 nassigned;
	size_t				 capassigned;
	size_t				*first;		/* [nroster + 1] */
	size_t				 nfirst;	/* first[] set up to */

	/* What the lookup fills for the sheet being opened. */
	struct sh_minisign_pk		 pk;
	int64_t				 maxrev;
	char				 reviewer[65];

	/* Kept from file to file, wiped between: see sh_tar_clear(). */
	struct sh_buf			 plain;		/* the decrypted file */
	struct sh_tar			 tar;		/* its container */

	/* The sheet's reviews, stored with it; facts parsed once a run. */
	struct sh_round_facts		 facts;
	struct sh_review		*reviews;
	size_t				 capreviews;

	bool				 store_failed;	/* in lookup */
	size_t				 pending;
	size_t				 pending_bytes;
	char				(*pending_sha)[65];	/* [pending] */
	size_t				 cap_sha;
};

static int
by_reviewer_id(const void *key, const void *elem)
{
	return strcmp(key, ((const struct sh_reviewer_rec *)elem)->id);
}

static int
by_proposal_id(const void *key, const void *elem)
{
	return strcmp(key, ((const struct sh_proposal_rec *)elem)->id);
}

/* One row of sh_round_assignments_each(), in (reviewer, proposal) order. */
static int
index_assignment(void *arg, const char *reviewer, const char *proposal,
    struct sh_err *err)
{
	struct sh_ingest		*in = arg;
	const struct sh_reviewer_rec	*v;
	const struct sh_proposal_rec	*p;
	size_t				 k;
	void				*q;

	v = bsearch(reviewer, in->roster, in->nroster, sizeof *in->roster,
	    by_reviewer_id);
	p = bsearch(proposal, in->proposals, in->nproposals,
	    sizeof *in->proposals, by_proposal_id);
	/* The schema's foreign keys make both exist. */
	if (v == NULL || p == NULL)
		return sh_errf(err, "store: assignment of %.64s to %.64s names "
		    "no such reviewer or proposal", proposal, reviewer);
	if (in->nassigned == in->capassigned) {
		size_t cap = in->capassigned ? in->capassigned * 2 : 1024;

		if ((q = reallocarray(in->assigned, cap,
		    sizeof *in->assigned)) == NULL)
			return sh_errf(err, "out of memory");
		in->assigned = q;
		in->capassigned = cap;
	}
	/* Rows come by reviewer: this one's (and any before without
	 * assignments) start here. */
	if ((k = (size_t)(v - in->roster)) < in->nfirst)
		return sh_errf(err, "store: assignments out of order at %.64s",
		    reviewer);
	while (in->nfirst < k)
		in->first[++in->nfirst] = in->nassigned;
	in->assigned[in->nassigned].proposal = p->id;
	in->assigned[in->nassigned].variant = p->variant;
	in->nassigned++;
	return 0;
}

struct sh_ingest *
sh_ingest_new(struct sh_round *r, const struct sh_round_info *info,
    const struct sh_rubric *rubric, const struct sh_age_identity *id,
    struct sh_err *err)
{
	struct sh_ingest *in;

	if ((in = calloc(1, sizeof *in)) == NULL) {
		sh_errf(err, "out of memory");
		return NULL;
	}
	in->r = r;
	in->info = info;
	in->rubric = rubric;
	in->id = id;
	sh_buf_init(&in->plain, true);
	sh_tar_init(&in->tar, true);
	if (sh_round_reviewers(r, &in->roster, &in->nroster, err) == -1 ||
	    sh_round_proposals(r, &in->proposals, &in->nproposals, err) == -1 ||
	    sh_facts_cache_init(&in->facts.cache, in->nproposals, err) == -1)
		goto fail;
	if ((in->first = calloc(in->nroster + 1, sizeof *in->first)) == NULL) {
		sh_errf(err, "out of memory");
		goto fail;
	}
	if (sh_round_assignments_each(r, index_assignment, in, err) == -1)
		goto fail;
	while (in->nfirst < in->nroster)
		in->first[++in->nfirst] = in->nassigned;
	in->facts.ps = in->proposals;
	in->facts.n = in->nproposals;
	return in;
fail:
	sh_ingest_free(in);
	return NULL;
}

void
sh_ingest_free(struct sh_ingest *in)
{
	if (in == NULL)
		return;
	if (in->pending > 0 || sh_round_batch_alive(in->r))
		sh_round_batch_rollback(in->r);
	free(in->assigned);
	free(in->first);
	sh_buf_free(&in->plain);
	sh_tar_free(&in->tar);
	free(in->pending_sha);
	free(in->reviews);
	sh_facts_cache_free(&in->facts.cache);
	sh_reviewer_recs_free(in->roster, in->nroster);
	sh_proposal_recs_free(in->proposals, in->nproposals);
	free(in);
}

/*
 * Called by format/seal with the reviewer the (not yet verified) trusted
 * comment names: the key that must verify, that reviewer's assignment and
 * the lowest revision still new.
 */
static int
lookup(void *arg, const char *reviewer, struct sh_sheet_expect *x,
    struct sh_err *err)
{
	struct sh_ingest		*in = arg;
	const struct sh_reviewer_rec	*v;
	size_t				 i;

	v = bsearch(reviewer, in->roster, in->nroster, sizeof *in->roster,
	    by_reviewer_id);
	if (v == NULL)
		return sh_errf(err, "from \"%.64s\", who is not a reviewer of "
		    "round %s", reviewer, in->info->id);
	if (sh_minisign_pk_parse(v->public_key, strlen(v->public_key),
	    &in->pk, err) == -1)
		return sh_err_prefix(err, "registered key of %s", v->id);
	i = (size_t)(v - in->roster);
	if (in->first[i + 1] == in->first[i])
		return sh_errf(err, "from %s, who has no proposals assigned in "
		    "round %s", v->id, in->info->id);
	if (sh_round_max_revision(in->r, v->id, &in->maxrev, err) == -1) {
		in->store_failed = true;
		return -1;
	}
	/* v->id, not the comment's bytes: it lives as long as the context. */
	snprintf(in->reviewer, sizeof in->reviewer, "%s", v->id);
	x->round = in->info->id;
	x->reviewer = in->reviewer;
	x->reviewer_pk = &in->pk;
	x->recipient = in->info->secretariat_recipient;
	x->min_revision = in->maxrev + 1;
	x->rubric = in->rubric;
	x->assigned = in->assigned + in->first[i];
	x->nassigned = in->first[i + 1] - in->first[i];
	return 0;
}

/*
 * Lends the opened container's members to the record, without copies;
 * rec_give_back() returns them to the container, which keeps their
 * buffers for the next file.
 */
static void
rec_lend(struct sh_sheet_rec *rec, struct sh_tar *t)
{
	rec->json = t->members[0].data;
	sh_buf_init(&t->members[0].data, true);
	rec->minisig = t->members[1].data;
	sh_buf_init(&t->members[1].data, true);
}

static void
rec_give_back(struct sh_sheet_rec *rec, struct sh_tar *t)
{
	sh_buf_free(&t->members[0].data);
	t->members[0].data = rec->json;
	sh_buf_init(&rec->json, true);
	sh_buf_free(&t->members[1].data);
	t->members[1].data = rec->minisig;
	sh_buf_init(&rec->minisig, true);
}

/* A failure that is the store's, not the sheet's: the batch goes. */
static enum sh_ingest_result
failed(struct sh_ingest *in)
{
	if (sh_round_batch_alive(in->r) || in->pending > 0)
		sh_round_batch_rollback(in->r);
	in->pending = in->pending_bytes = 0;
	return SH_INGEST_FAILED;
}

static enum sh_ingest_result
store(struct sh_ingest *in, struct sh_sheet_rec *rec,
    struct sh_ingest_outcome *out, struct sh_err *err)
{
	enum sh_ingest_result res;

	if (!sh_round_batch_alive(in->r)) {
		/* Clears the flag of a batch SQLite ended on its own. */
		sh_round_batch_rollback(in->r);
		if (in->pending > 0) {
			sh_errf(err, "store: the open batch was lost");
			return failed(in);
		}
		if (sh_round_batch_begin(in->r, err) == -1)
			return SH_INGEST_FAILED;
	}
	res = sh_round_add_sheet(in->r, rec, err);
	switch (res) {
	case SH_INGEST_ACCEPTED:
		if (in->pending == in->cap_sha) {
			size_t	 cap = in->cap_sha ? in->cap_sha * 2 : 64;
			void	*p = reallocarray(in->pending_sha, cap,
			    sizeof *in->pending_sha);

			if (p == NULL) {
				sh_errf(err, "out of memory");
				return failed(in);
			}
			in->pending_sha = p;
			in->cap_sha = cap;
		}
		memcpy(in->pending_sha[in->pending], rec->sealed_sha256, 65);
		in->pending++;
		in->pending_bytes += rec->json.len + rec->minisig.len;
		out->replaces = in->maxrev;
		break;
	case SH_INGEST_FAILED:
		/* Whatever SQLite kept of the batch, none of it is stored. */
		failed(in);
		break;
	default:
		break;
	}
	return res;
}

/*
 * A sheet signed by a key other than its reviewer's: which registered
 * reviewer's key did sign it, if any, so that the secretariat can be
 * told whose it is. The key id in the signature only picks candidates;
 * a reviewer is named only if their key verifies the signature. Runs
 * over the whole roster, but only for this refusal.
 */
static void
find_signer(struct sh_ingest *in, const struct sh_tar *t,
    struct sh_ingest_outcome *out)
{
	struct sh_minisign_sig		*sig;
	struct sh_minisign_verified	 v;
	struct sh_minisign_pk		 pk;
	const struct sh_buf		*json = &t->members[0].data;
	const struct sh_buf		*sb = &t->members[1].data;
	size_t				 i;

	memcpy(out->reviewer, in->reviewer, sizeof out->reviewer);
	sh_minisign_pk_fingerprint(&in->pk, out->expected_fpr);
	if ((sig = malloc(sizeof *sig)) == NULL)
		return;
	if (sh_minisign_sig_parse((const char *)sb->data, sb->len, sig,
	    NULL) != 0)
		goto out;
	sh_minisign_keynum_hex(sig->keynum, out->signer_keyid);
	for (i = 0; i < in->nroster; i++) {
		if (sh_minisign_pk_parse(in->roster[i].public_key,
		    strlen(in->roster[i].public_key), &pk, NULL) != 0 ||
		    memcmp(pk.keynum, sig->keynum, sizeof pk.keynum) != 0)
			continue;
		if (sh_minisign_verify(&pk, 1, json->data, json->len,
		    (const char *)sb->data, sb->len, &v, NULL) == 0) {
			out->signer = &in->roster[i];
			sh_minisign_pk_fingerprint(&pk, out->signer_fpr);
			break;
		}
	}
out:
	free(sig);
}

/* Whether the stored copy of these bytes is one of the open batch. */
static bool
in_batch(const struct sh_ingest *in, const char *sealed_sha256)
{
	size_t i;

	for (i = 0; i < in->pending; i++)
		if (strcmp(in->pending_sha[i], sealed_sha256) == 0)
			return true;
	return false;
}

/* The reviews of a verified sheet, into in->reviews. */
static int
reviews_of(struct sh_ingest *in, const struct sh_sheet *s, struct sh_err *err)
{
	void *p;

	if (s->nproposals >= in->capreviews) {
		if ((p = reallocarray(in->reviews, s->nproposals + 1,
		    sizeof *in->reviews)) == NULL)
			return sh_errf(err, "out of memory");
		in->reviews = p;
		in->capreviews = s->nproposals + 1;
	}
	return sh_sheet_reviews(s, in->rubric, sh_round_facts, &in->facts,
	    in->reviews, err);
}

enum sh_ingest_result
sh_ingest_file(struct sh_ingest *in, const unsigned char *file, size_t len,
    struct sh_ingest_outcome *out, struct sh_err *err)
{
	struct sh_tar		*t = &in->tar;
	struct sh_sheet		 s;
	struct sh_seal_tc	 tc;
	struct sh_sheet_rec	 rec;
	enum sh_age_fail	 why;
	bool			 lent = false;
	char			 who[65];
	int64_t			 rev;
	enum sh_ingest_result	 res = SH_INGEST_REFUSED;

	memset(out, 0, sizeof *out);
	sh_round_sha256_hex(file != NULL ? file : (const unsigned char *)"",
	    len, out->sealed_sha256);
	switch (sh_round_sheet_by_sealed(in->r, out->sealed_sha256, who, &rev,
	    err)) {
	case -1:
		return out->result = failed(in);
	case 1:
		memcpy(out->reviewer, who, sizeof out->reviewer);
		out->revision = rev;
		out->in_batch = in_batch(in, out->sealed_sha256);
		return out->result = SH_INGEST_ALREADY;
	}
	sh_sheet_init(&s);
	sh_sheet_rec_init(&rec);
	if (sh_sheet_decrypt(file, len, in->id, t, &why, &in->plain,
	    err) == -1) {
		if (why == SH_AGE_FAIL_NO_MATCH) {
			sh_errf(err, "not encrypted to this round's secretariat "
			    "(%s)", in->info->secretariat_recipient);
			sh_err_set_kind(err, SH_ERR_NOT_OURS);
		} else if (why != SH_AGE_OK)
			sh_err_prefix(err, "cannot decrypt");
		else
			/* It decrypted: what failed is what it holds. */
			sh_err_prefix(err, "sheet");
		goto out;
	}
	in->store_failed = false;
	if (sh_open_sheet_container(t, lookup, in, &s, &tc, err) == -1) {
		if (in->store_failed)
			res = failed(in);
		else {
			if (sh_err_kind(err) == SH_ERR_OTHER_KEY)
				find_signer(in, t, out);
			sh_err_prefix(err, "sheet");
		}
		goto out;
	}
	if (reviews_of(in, &s, err) == -1) {
		sh_err_prefix(err, "sheet");
		goto out;
	}
	rec.reviews = in->reviews;
	rec.nreviews = s.nproposals;
	if ((rec.reviewer = strdup(in->reviewer)) == NULL) {
		sh_errf(err, "out of memory");
		res = failed(in);
		goto out;
	}
	rec.revision = s.revision;
	rec_lend(&rec, t);
	lent = true;
	/* Verified against the JSON by sh_open_sheet_container(). */
	memcpy(rec.sha256, tc.sha256, sizeof rec.sha256);
	memcpy(rec.sealed_sha256, out->sealed_sha256, sizeof rec.sealed_sha256);
	res = store(in, &rec, out, err);
	if (res == SH_INGEST_ACCEPTED || res == SH_INGEST_ALREADY) {
		memcpy(out->reviewer, in->reviewer, sizeof out->reviewer);
		out->revision = s.revision;
	}
out:
	if (lent)
		rec_give_back(&rec, t);
	sh_sheet_rec_free(&rec);
	sh_sheet_free(&s);
	sh_tar_clear(t);
	return out->result = res;
}

size_t
sh_ingest_pending(const struct sh_ingest *in)
{
	return in->pending;
}

size_t
sh_ingest_pending_bytes(const struct sh_ingest *in)
{
	return in->pending_bytes;
}

int
sh_ingest_commit(struct sh_ingest *in, struct sh_err *err)
{
	int rc = 0;

	if (sh_round_batch_alive(in->r))
		rc = sh_round_batch_commit(in->r, err);
	else if (in->pending > 0)
		rc = sh_errf(err, "store: the batch was lost");
	in->pending = in->pending_bytes = 0;
	return rc;
}
