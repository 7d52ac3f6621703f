/* Loads a round from the store into the shared results computation. */
#include <stdlib.h>
#include <string.h>

#include "review/rubric.h"
#include "merge.h"
#include "mround.h"

void
mround_free(struct mround *m)
{
	sh_results_free(&m->res);
	free(m->mp);
	free(m->ms);
	free(m->md);
	free(m->mv);
	sh_proposal_recs_free(m->ps, m->np);
	sh_reviewer_recs_free(m->vs, m->nv);
	sh_sheet_heads_free(m->ss, m->ns);
	sh_decision_recs_free(m->ds, m->nd);
	sh_rubric_free(m->rubric);
	sh_round_info_free(&m->info);
	sh_review_list_free(&m->rl);
	memset(m, 0, sizeof *m);
}

const struct sh_proposal_rec *
mround_proposal(const struct mround *m, size_t i)
{
	return i < m->np ? &m->ps[i] : NULL;
}

static int
load_json(void *arg, const struct sh_results_sheet *ms, struct sh_buf *out,
    struct sh_err *err)
{
	return sh_round_sheet_json(arg, ms->seq, out, err);
}

static int
load_reviews(void *arg, const struct sh_results_sheet *ms,
    const struct sh_review **v, size_t *n, struct sh_err *err)
{
	struct mround *m = arg;

	if (sh_round_sheet_reviews(m->round, ms->seq, &m->rl, err) == -1)
		return -1;
	*v = m->rl.v;
	*n = m->rl.n;
	return 0;
}

/*
 * The tally reads the reviews stored with each sheet, not the sheets
 * (store/round.h). SHINSA_TALLY_FROM=sheets, for tests and the bench
 * only, makes it parse and check every sheet instead, as shinsa-verify
 * does: the two must give the same bytes.
 */
static bool
from_sheets(void)
{
	const char *e = getenv("SHINSA_TALLY_FROM");

	return e != NULL && strcmp(e, "sheets") == 0;
}

/*
 * Loads the round and computes its tally once; the results document is
 * written from it later (sh_results_write), never held. With `vouch` (publish)
 * the results also name the round's creation time and every reviewer's
 * age recipient, so that the signed document vouches for every field of
 * round.json and roster.json; tally and report leave them out, which
 * keeps their output as it was.
 */
static int
load(struct sh_round *r, bool vouch, struct mround *m)
{
	struct sh_err	e;
	size_t		i;

	memset(m, 0, sizeof *m);
	if ((m->rubric = mload_rubric(r, &m->info)) == NULL)
		return -1;
	/*
	 * Sheets are read one at a time (load_json here, and publish's
	 * put_sheets), never all at once, so that memory does not grow with
	 * the sheets' bytes: 2 GiB at 10,000 sheets of 100 proposals, and a
	 * guarded mapping each, which a national round would run out of.
	 */
	if (sh_round_proposals(r, &m->ps, &m->np, &e) == -1 ||
	    sh_round_reviewers(r, &m->vs, &m->nv, &e) == -1 ||
	    sh_round_sheet_list(r, &m->ss, &m->ns, &e) == -1 ||
	    sh_round_decisions(r, &m->ds, &m->nd, &e) == -1) {
		merr("%s", sh_errstr(&e));
		goto fail;
	}
	m->mp = calloc(m->np + 1, sizeof *m->mp);
	m->ms = calloc(m->ns + 1, sizeof *m->ms);
	m->md = calloc(m->nd + 1, sizeof *m->md);
	m->mv = calloc(m->nv + 1, sizeof *m->mv);
	if (m->mp == NULL || m->ms == NULL || m->md == NULL || m->mv == NULL) {
		merr(_("out of memory"));
		goto fail;
	}
	for (i = 0; i < m->np; i++) {
		m->mp[i].id = m->ps[i].id;
		m->mp[i].variant = m->ps[i].variant;
		m->mp[i].prefecture = m->ps[i].prefecture;
		m->mp[i].facts = m->ps[i].facts;
		m->mp[i].title = m->ps[i].title;
		m->mp[i].applicant = m->ps[i].applicant;
	}
	for (i = 0; i < m->ns; i++) {
		m->ms[i].reviewer = m->ss[i].reviewer;
		m->ms[i].revision = m->ss[i].revision;
		m->ms[i].sha256 = m->ss[i].sha256;
		m->ms[i].json = NULL;
		m->ms[i].len = 0;
		m->ms[i].current = m->ss[i].current;
		m->ms[i].seq = m->ss[i].seq;
	}
	for (i = 0; i < m->nd; i++) {
		m->md[i].proposal = m->ds[i].proposal;
		m->md[i].reviewer = m->ds[i].reviewer;
		m->md[i].allow = m->ds[i].decision == SH_DECIDE_ALLOW;
	}
	for (i = 0; i < m->nv; i++) {
		m->mv[i].id = m->vs[i].id;
		m->mv[i].public_key = m->vs[i].public_key;
		if (vouch)
			m->mv[i].recipient = m->vs[i].recipient;
	}
	sh_round_now(m->published);
	m->in.rubric = m->rubric;
	m->in.round_id = m->info.id;
	m->in.round_title = m->info.title;
	if (vouch)
		m->in.round_created = m->info.created;
	m->in.secretariat_key = m->info.secretariat_key;
	m->in.secretariat_recipient = m->info.secretariat_recipient;
	m->in.published = m->published;
	m->in.proposals = m->mp;
	m->in.nproposals = m->np;
	m->in.sheets = m->ms;
	m->in.nsheets = m->ns;
	m->in.load = load_json;
	m->in.load_arg = r;
	if (!from_sheets()) {
		m->round = r;
		m->in.reviews = load_reviews;
		m->in.reviews_arg = m;
	}
	m->in.decisions = m->md;
	m->in.ndecisions = m->nd;
	m->in.roster = m->mv;
	m->in.nroster = m->nv;
	if (sh_results_compute(&m->in, &m->res, &e) == -1) {
		merr("%s", sh_errstr(&e));
		goto fail;
	}
	return 0;
fail:
	mround_free(m);
	return -1;
}

int
mround_load(struct sh_round *r, struct mround *m)
{
	return load(r, false, m);
}

int
mround_load_published(struct sh_round *r, struct mround *m)
{
	return load(r, true, m);
}
