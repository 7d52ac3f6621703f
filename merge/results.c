/*
 * Sheets to results: see results.h. Every rule comes from core (sheet
 * parsing and checking, scoring, the tally); this file only wires them
 * together and writes the document.
 */
#define _GNU_SOURCE	/* qsort_r */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/minisign.h"
#include "format/sheet.h"
#include "review/facts.h"
#include "review/rules.h"
#include "results.h"

const char *
mr_conflict_name(int c)
{
	switch (c) {
	case SH_CONFLICT_NONE:		return "none";
	case SH_CONFLICT_WITHDRAWN:	return "withdrawn";
	case SH_CONFLICT_KI_PENDING:	return "ki-pending";
	case SH_CONFLICT_KI_ALLOWED:	return "ki-allowed";
	case SH_CONFLICT_KI_REFUSED:	return "ki-refused";
	}
	return "?";
}

void
mr_result_free(struct mr_result *r)
{
	size_t i;

	sh_tally_free(r->tally);
	for (i = 0; i < r->nreviewers; i++)
		free(r->reviewers[i]);
	free(r->reviewers);
	json_decref(r->doc);
	memset(r, 0, sizeof *r);
}

int
mr_dump(const json_t *doc, struct sh_buf *out, struct sh_err *err)
{
	char *s;

	if ((s = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_ENSURE_ASCII * 0)) == NULL)
		return sh_errf(err, "results: cannot write the document");
	if (sh_buf_append_str(out, s) != 0) {
		free(s);
		return sh_errf(err, "out of memory");
	}
	free(s);
	return 0;
}

static json_t *
fixed6(double v)
{
	char buf[64];

	snprintf(buf, sizeof buf, "%.6f", v);
	return json_string(buf);
}

static json_t *
flag_list(unsigned flags, const char *const *names, size_t n)
{
	json_t	*a = json_array();
	size_t	 i;

	for (i = 0; i < n; i++)
		if (flags & (1u << i))
			json_array_append_new(a, json_string(names[i]));
	return a;
}

static const char *const reviewer_flags[] = { "sigma-zero", "too-few" };
static const char *const obs_flags[] = { "mandatory-one", "many-low" };
static const char *const proposal_flags[] = { "no-reviewers", "no-trim",
    "trimmed", "pending", "mandatory-one", "many-low", "sigma-zero",
    "few-proposals" };

/*
 * What one computation keeps besides its result: proposals found by
 * binary search over an index sorted by id (the input's order is the
 * document's and is kept), each proposal's facts parsed once, and the
 * growing observation and conflict arrays.
 */
struct compute {
	const struct mr_input		*in;
	size_t				*by_id;		/* [nproposals] */
	struct sh_facts			*facts;		/* [nproposals] */
	bool				*facts_read;	/* [nproposals] */
	struct sh_tally_obs		*obs;
	size_t				 nobs, capobs;
	struct sh_tally_conflict	*conf;
	size_t				 nconf, capconf;
	struct sh_buf			 json;		/* a sheet read by load */
};

static int
cmp_proposal_index(const void *a, const void *b, void *arg)
{
	const struct mr_proposal *ps = arg;

	return strcmp(ps[*(const size_t *)a].id, ps[*(const size_t *)b].id);
}

static int
find_proposal(const struct compute *c, const char *id)
{
	size_t lo = 0, hi = c->in->nproposals, mid;
	int cmp;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		cmp = strcmp(id, c->in->proposals[c->by_id[mid]].id);
		if (cmp == 0)
			return (int)c->by_id[mid];
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

static int
compute_init(struct compute *c, const struct mr_input *in, struct sh_err *err)
{
	size_t i, n = in->nproposals;

	memset(c, 0, sizeof *c);
	c->in = in;
	sh_buf_init(&c->json, true);
	if ((c->by_id = calloc(n + 1, sizeof *c->by_id)) == NULL ||
	    (c->facts = calloc(n + 1, sizeof *c->facts)) == NULL ||
	    (c->facts_read = calloc(n + 1, sizeof *c->facts_read)) == NULL)
		return sh_errf(err, "out of memory");
	for (i = 0; i < n; i++) {
		c->by_id[i] = i;
		sh_facts_init(&c->facts[i]);
	}
	qsort_r(c->by_id, n, sizeof *c->by_id, cmp_proposal_index,
	    (void *)in->proposals);
	return 0;
}

static void
compute_free(struct compute *c)
{
	size_t i;

	if (c->facts != NULL)
		for (i = 0; i < c->in->nproposals; i++)
			sh_facts_free(&c->facts[i]);
	free(c->facts);
	free(c->facts_read);
	free(c->by_id);
	free(c->obs);
	free(c->conf);
	sh_buf_free(&c->json);
}

/* Proposal pi's facts, parsed the first time they are asked for. */
static const struct sh_facts *
proposal_facts(struct compute *c, size_t pi, struct sh_err *err)
{
	json_t		*fj;
	json_error_t	 je;

	if (c->facts_read[pi])
		return &c->facts[pi];
	if ((fj = json_loads(c->in->proposals[pi].facts, 0, &je)) == NULL) {
		sh_errf(err, "facts: %s", je.text);
		return NULL;
	}
	if (sh_facts_from_json(&c->facts[pi], fj, err) == -1) {
		json_decref(fj);
		sh_facts_free(&c->facts[pi]);
		sh_facts_init(&c->facts[pi]);
		return NULL;
	}
	json_decref(fj);
	c->facts_read[pi] = true;
	return &c->facts[pi];
}

/* Room for one more element in a doubling array. */
static int
room(void **arr, size_t n, size_t *cap, size_t size)
{
	size_t	 ncap;
	void	*p;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 1024;
	if (ncap > SIZE_MAX / size || (p = realloc(*arr, ncap * size)) == NULL)
		return -1;
	*arr = p;
	*cap = ncap;
	return 0;
}

/*
 * The tally's index of a reviewer: reviewers are numbered in the order
 * of their current sheets, and mr_compute() has checked that each has
 * only one, so every call adds one.
 */
static int
reviewer_add(struct mr_result *r, const char *id, size_t *idx)
{
	char	**p;

	if ((p = realloc(r->reviewers, (r->nreviewers + 1) * sizeof *p)) == NULL)
		return -1;
	r->reviewers = p;
	if ((p[r->nreviewers] = strdup(id)) == NULL)
		return -1;
	*idx = r->nreviewers++;
	return 0;
}

static const struct mr_decision *
find_decision(const struct mr_input *in, const char *p, const char *r)
{
	size_t i;

	for (i = 0; i < in->ndecisions; i++)
		if (strcmp(in->decisions[i].proposal, p) == 0 &&
		    strcmp(in->decisions[i].reviewer, r) == 0)
			return &in->decisions[i];
	return NULL;
}

/* One current sheet into observations and conflicts. */
static int
take_sheet(struct compute *c, const struct mr_sheet *ms, struct mr_result *res,
    struct sh_err *err)
{
	const struct mr_input	*in = c->in;
	const unsigned char	*json = ms->json;
	size_t			 len = ms->len;
	struct sh_sheet		 s;
	struct sh_assignment	*as = NULL;
	struct sh_entry		*ents = NULL;
	size_t			 i, ri;
	int			 rc = -1;

	sh_sheet_init(&s);
	if (json == NULL) {
		if (in->load == NULL) {
			sh_errf(err, "sheet.json missing");
			goto out;
		}
		if (in->load(in->load_arg, ms, &c->json, err) == -1)
			goto out;
		json = c->json.data;
		len = c->json.len;
	}
	if (sh_sheet_parse(json, len, &s, err) == -1)
		goto out;
	if (strcmp(s.reviewer, ms->reviewer) != 0 ||
	    s.revision != ms->revision) {
		sh_errf(err, "sheet.json is reviewer %s revision %lld, not "
		    "what it is listed as", s.reviewer, s.revision);
		goto out;
	}
	if (strcmp(s.round, in->round_id) != 0) {
		sh_errf(err, "sheet.json is for round %s, not %s", s.round,
		    in->round_id);
		goto out;
	}
	if (in->secretariat_recipient != NULL &&
	    strcmp(s.secretariat_recipient, in->secretariat_recipient) != 0) {
		sh_errf(err, "sheet.json names secretariat recipient %s, not "
		    "this round's", s.secretariat_recipient);
		goto out;
	}
	if ((as = calloc(s.nproposals + 1, sizeof *as)) == NULL)
		goto oom;
	for (i = 0; i < s.nproposals; i++) {
		int pi = find_proposal(c, s.proposals[i].id);

		if (pi == -1) {
			sh_errf(err, "sheet.json: proposal %s is not in the "
			    "round", s.proposals[i].id);
			goto out;
		}
		as[i].proposal = in->proposals[pi].id;
		as[i].variant = in->proposals[pi].variant;
	}
	if (sh_sheet_check_parsed(&s, in->rubric, as, s.nproposals,
	    err) == -1)
		goto out;
	if (reviewer_add(res, ms->reviewer, &ri) == -1)
		goto oom;
	for (i = 0; i < s.nproposals; i++) {
		const struct sh_sheet_proposal	*p = &s.proposals[i];
		const struct sh_variant		*v;
		const struct mr_decision	*d;
		const struct sh_facts		*facts;
		struct sh_score			 score;
		struct sh_flags			 fl;
		int				 pi, state;

		pi = find_proposal(c, p->id);
		v = sh_rubric_variant(in->rubric, p->variant);
		if (p->action == SH_ACTION_WITHDRAW)
			state = SH_CONFLICT_WITHDRAWN;
		else if (p->declared & SH_DECLARE_G) {
			d = find_decision(in, p->id, ms->reviewer);
			state = d == NULL ? SH_CONFLICT_KI_PENDING : d->allow ?
			    SH_CONFLICT_KI_ALLOWED : SH_CONFLICT_KI_REFUSED;
			if (d == NULL)
				res->npending++;
		} else
			state = SH_CONFLICT_NONE;
		if (state != SH_CONFLICT_NONE) {
			if (room((void **)&c->conf, c->nconf, &c->capconf,
			    sizeof *c->conf) == -1)
				goto oom;
			c->conf[c->nconf].reviewer = ri;
			c->conf[c->nconf].proposal = (size_t)pi;
			c->conf[c->nconf].state = state;
			c->nconf++;
		}
		if (p->action == SH_ACTION_WITHDRAW)
			continue;
		free(ents);
		if ((ents = calloc(v->nitems + 1, sizeof *ents)) == NULL)
			goto oom;
		if (sh_sheet_entries(p, v, ents, err) == -1 ||
		    (facts = proposal_facts(c, (size_t)pi, err)) == NULL ||
		    sh_entries_score(in->rubric, v, ents, v->nitems, facts,
		    &score, err) == -1)
			goto bad_proposal;
		if (!score.complete) {
			sh_errf(err, "not every item has points");
			goto bad_proposal;
		}
		sh_entries_flags(in->rubric, v, ents, v->nitems, &fl);
		if (room((void **)&c->obs, c->nobs, &c->capobs,
		    sizeof *c->obs) == -1)
			goto oom;
		c->obs[c->nobs].reviewer = ri;
		c->obs[c->nobs].proposal = (size_t)pi;
		c->obs[c->nobs].total = score.points;
		c->obs[c->nobs].flags = (fl.nmandatory > 0 ?
		    SH_OBS_MANDATORY_ONE : 0) | (fl.low ? SH_OBS_MANY_LOW : 0);
		c->nobs++;
		continue;
bad_proposal:
		sh_err_prefix(err, "proposal %s", p->id);
		goto out;
	}
	rc = 0;
	goto out;
oom:
	sh_errf(err, "out of memory");
out:
	free(ents);
	free(as);
	sh_sheet_free(&s);
	return rc;
}

/*
 * Values a national round repeats a million times (a review per
 * reviewer and proposal): the reviewer's id, the conflict and status
 * names, an empty flag list. Each is made once and referenced from
 * every review (jansson counts references); nothing edits a review in
 * place, so sharing cannot change the document.
 */
struct shared {
	json_t	**reviewer;	/* [nreviewers] */
	size_t	  nreviewers;
	json_t	 *conflict[5];	/* by enum sh_conflict */
	json_t	 *status[4];	/* not-counted, dropped-high, -low, kept */
	json_t	 *no_flags;
};

static void
shared_free(struct shared *sh)
{
	size_t i;

	for (i = 0; sh->reviewer != NULL && i < sh->nreviewers; i++)
		json_decref(sh->reviewer[i]);
	free(sh->reviewer);
	for (i = 0; i < 5; i++)
		json_decref(sh->conflict[i]);
	for (i = 0; i < 4; i++)
		json_decref(sh->status[i]);
	json_decref(sh->no_flags);
}

static int
shared_init(struct shared *sh, const struct mr_result *res)
{
	static const char *const status[] = { "not-counted", "dropped-high",
	    "dropped-low", "kept" };
	size_t i;

	memset(sh, 0, sizeof *sh);
	if ((sh->reviewer = calloc(res->nreviewers + 1,
	    sizeof *sh->reviewer)) == NULL)
		return -1;
	sh->nreviewers = res->nreviewers;
	for (i = 0; i < res->nreviewers; i++)
		if ((sh->reviewer[i] = json_string(res->reviewers[i])) == NULL)
			return -1;
	for (i = 0; i < 5; i++)
		if ((sh->conflict[i] = json_string(mr_conflict_name(
		    (int)i))) == NULL)
			return -1;
	for (i = 0; i < 4; i++)
		if ((sh->status[i] = json_string(status[i])) == NULL)
			return -1;
	return (sh->no_flags = json_array()) == NULL ? -1 : 0;
}

static json_t *
build_doc(const struct mr_input *in, const struct mr_result *res,
    const struct shared *sh)
{
	const struct sh_tally	*t = res->tally;
	json_t			*doc, *a, *o, *reviews, *rv;
	size_t			 i, j, n;
	char			 buf[32];

	doc = json_object();
	json_object_set_new(doc, "format", json_string(MR_FORMAT));
	o = json_pack("{s:s, s:s}", "id", in->round_id, "title",
	    in->round_title);
	if (in->round_created != NULL)
		json_object_set_new(o, "created",
		    json_string(in->round_created));
	json_object_set_new(doc, "round", o);
	json_object_set_new(doc, "rubric", json_pack("{s:s, s:s}", "id",
	    in->rubric->id, "sha256", in->rubric->hash_hex));
	json_object_set_new(doc, "secretariat_key",
	    json_string(in->secretariat_key));
	json_object_set_new(doc, "secretariat_recipient",
	    json_string(in->secretariat_recipient ?
	    in->secretariat_recipient : ""));
	json_object_set_new(doc, "published", json_string(in->published));
	json_object_set_new(doc, "settings", json_pack("{s:b, s:I, s:I}",
	    "trim", t->settings.trim, "min_reviewers_to_trim",
	    (json_int_t)t->settings.min_reviewers_to_trim,
	    "min_proposals_per_reviewer",
	    (json_int_t)t->settings.min_proposals_per_reviewer));
	a = json_array();
	for (i = 0; i < in->nroster; i++) {
		o = json_pack("{s:s, s:s}", "id", in->roster[i].id,
		    "public_key", in->roster[i].public_key);
		if (in->roster[i].recipient != NULL)
			json_object_set_new(o, "recipient",
			    json_string(in->roster[i].recipient));
		json_array_append_new(a, o);
	}
	json_object_set_new(doc, "roster", a);
	a = json_array();
	for (i = 0; i < in->nsheets; i++)
		json_array_append_new(a, json_pack("{s:s, s:I, s:s, s:b}",
		    "reviewer", in->sheets[i].reviewer, "revision",
		    (json_int_t)in->sheets[i].revision, "sha256",
		    in->sheets[i].sha256, "current", in->sheets[i].current));
	json_object_set_new(doc, "sheets", a);
	a = json_array();
	for (i = 0; i < in->ndecisions; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s}",
		    "proposal", in->decisions[i].proposal, "reviewer",
		    in->decisions[i].reviewer, "decision",
		    in->decisions[i].allow ? "allow" : "refuse"));
	json_object_set_new(doc, "decisions", a);
	a = json_array();
	for (i = 0; i < res->nreviewers; i++) {
		const struct sh_tally_reviewer *r = sh_tally_reviewer(t, i);

		o = json_object();
		json_object_set_new(o, "id", json_string(res->reviewers[i]));
		json_object_set_new(o, "counted", json_integer((json_int_t)r->n));
		json_object_set_new(o, "mean", fixed6(r->mean));
		json_object_set_new(o, "sd", fixed6(r->sd));
		json_object_set_new(o, "flags", flag_list(r->flags,
		    reviewer_flags, 2));
		json_array_append_new(a, o);
	}
	json_object_set_new(doc, "reviewers", a);
	a = json_array();
	for (i = 0; i < in->nproposals; i++) {
		const struct sh_tally_proposal	*p = sh_tally_proposal(t, i);
		const struct sh_tally_entry	*es;
		json_error_t			 je;
		json_t				*facts;

		o = json_object();
		json_object_set_new(o, "id", json_string(in->proposals[i].id));
		json_object_set_new(o, "variant",
		    json_string(in->proposals[i].variant));
		json_object_set_new(o, "prefecture",
		    json_string(in->proposals[i].prefecture));
		facts = json_loads(in->proposals[i].facts, 0, &je);
		json_object_set_new(o, "facts", facts ? facts : json_object());
		if (p->rank > 0) {
			json_object_set_new(o, "rank",
			    json_integer((json_int_t)p->rank));
			json_object_set_new(o, "score", json_string(
			    sh_tally_fmt_tenths(p->tenths, buf, sizeof buf)));
			json_object_set_new(o, "tenths",
			    json_integer((json_int_t)p->tenths));
		} else {
			json_object_set_new(o, "rank", json_null());
			json_object_set_new(o, "score", json_null());
			json_object_set_new(o, "tenths", json_null());
		}
		json_object_set_new(o, "flags", flag_list(p->flags,
		    proposal_flags, 8));
		reviews = json_array();
		es = sh_tally_entries(t, i, &n);
		for (j = 0; j < n; j++) {
			const struct sh_tally_entry *e = &es[j];
			int status = 0;

			if (e->flags & SH_TALLY_E_DROPPED_HIGH)
				status = 1;
			else if (e->flags & SH_TALLY_E_DROPPED_LOW)
				status = 2;
			else if (e->flags & SH_TALLY_E_KEPT)
				status = 3;
			rv = json_object();
			json_object_set(rv, "reviewer",
			    sh->reviewer[e->reviewer]);
			json_object_set(rv, "conflict",
			    sh->conflict[e->conflict]);
			json_object_set_new(rv, "total",
			    (e->flags & SH_TALLY_E_SCORED) ?
			    json_integer(e->total) : json_null());
			json_object_set_new(rv, "dev",
			    (e->flags & SH_TALLY_E_COUNTED) ?
			    fixed6(e->dev) : json_null());
			json_object_set(rv, "status", sh->status[status]);
			if (e->obs_flags == 0)
				json_object_set(rv, "flags", sh->no_flags);
			else
				json_object_set_new(rv, "flags", flag_list(
				    e->obs_flags, obs_flags, 2));
			json_array_append_new(reviews, rv);
		}
		json_object_set_new(o, "reviews", reviews);
		json_array_append_new(a, o);
	}
	json_object_set_new(doc, "proposals", a);
	a = json_array();
	for (i = 0; i < in->nproposals; i++) {
		const struct sh_tally_proposal *p = sh_tally_ranked(t, i);

		if (p != NULL && p->rank > 0)
			json_array_append_new(a,
			    json_string(in->proposals[p->id].id));
	}
	json_object_set_new(doc, "ranking", a);
	return doc;
}

static int
cmp_sheet_reviewer(const void *a, const void *b, void *arg)
{
	const struct mr_sheet *ss = arg;

	return strcmp(ss[*(const size_t *)a].reviewer,
	    ss[*(const size_t *)b].reviewer);
}

/* Refuses two current sheets from one reviewer, in n log n. */
static int
one_current_each(const struct mr_input *in, struct sh_err *err)
{
	size_t	*cur, n = 0, i;
	int	 rc = 0;

	if ((cur = calloc(in->nsheets + 1, sizeof *cur)) == NULL)
		return sh_errf(err, "out of memory");
	for (i = 0; i < in->nsheets; i++)
		if (in->sheets[i].current)
			cur[n++] = i;
	qsort_r(cur, n, sizeof *cur, cmp_sheet_reviewer, (void *)in->sheets);
	for (i = 1; i < n && rc == 0; i++)
		if (strcmp(in->sheets[cur[i]].reviewer,
		    in->sheets[cur[i - 1]].reviewer) == 0)
			rc = sh_errf(err, "two current sheets from %s",
			    in->sheets[cur[i]].reviewer);
	free(cur);
	return rc;
}

int
mr_compute(const struct mr_input *in, struct mr_result *res,
    struct sh_err *err)
{
	struct sh_tally_input	ti;
	struct compute		c;
	struct shared		sh;
	size_t			i;

	memset(res, 0, sizeof *res);
	memset(&sh, 0, sizeof sh);
	if (compute_init(&c, in, err) == -1 || one_current_each(in, err) == -1)
		goto fail;
	for (i = 0; i < in->nsheets; i++) {
		if (!in->sheets[i].current)
			continue;
		if (take_sheet(&c, &in->sheets[i], res, err) == -1) {
			sh_err_prefix(err, "sheet %s revision %lld",
			    in->sheets[i].reviewer, in->sheets[i].revision);
			goto fail;
		}
	}
	memset(&ti, 0, sizeof ti);
	ti.nreviewers = res->nreviewers;
	ti.nproposals = in->nproposals;
	ti.obs = c.obs;
	ti.nobs = c.nobs;
	ti.conflicts = c.conf;
	ti.nconflicts = c.nconf;
	sh_tally_settings_init(&ti.settings, in->rubric->tally.trim);
	ti.settings.min_reviewers_to_trim =
	    (size_t)in->rubric->tally.min_reviewers_to_trim;
	ti.settings.min_proposals_per_reviewer =
	    (size_t)in->rubric->tally.min_proposals_per_reviewer;
	if ((res->tally = sh_tally_run(&ti, err)) == NULL)
		goto fail;
	compute_free(&c);
	if (in->no_document)
		return 0;
	if (shared_init(&sh, res) == -1 ||
	    (res->doc = build_doc(in, res, &sh)) == NULL) {
		shared_free(&sh);
		sh_errf(err, "out of memory");
		mr_result_free(res);
		return -1;
	}
	shared_free(&sh);
	return 0;
fail:
	compute_free(&c);
	mr_result_free(res);
	return -1;
}

static const char *
sval(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

json_t *
mr_round_doc(const json_t *res)
{
	const json_t	*r = json_object_get(res, "round");
	const json_t	*rb = json_object_get(res, "rubric");
	const char	*id = sval(r, "id"), *title = sval(r, "title");
	const char	*created = sval(r, "created");
	const char	*rid = sval(rb, "id"), *rsha = sval(rb, "sha256");
	const char	*key = sval(res, "secretariat_key");
	const char	*rcpt = sval(res, "secretariat_recipient");

	if (id == NULL || title == NULL || created == NULL || rid == NULL ||
	    rsha == NULL || key == NULL || rcpt == NULL)
		return NULL;
	return json_pack("{s:s, s:s, s:s, s:{s:s, s:s}, s:s, s:s, s:s}",
	    "format", "shinsa-round/1", "id", id, "title", title, "rubric",
	    "id", rid, "sha256", rsha, "secretariat_key", key,
	    "secretariat_recipient", rcpt, "created", created);
}

json_t *
mr_roster_doc(const json_t *res)
{
	const char	*id = sval(json_object_get(res, "round"), "id");
	const char	*key = sval(res, "secretariat_key");
	const char	*rcpt = sval(res, "secretariat_recipient");
	const json_t	*roster = json_object_get(res, "roster"), *v;
	json_t		*vs;
	size_t		 i;

	if (id == NULL || key == NULL || rcpt == NULL ||
	    !json_is_array(roster) || (vs = json_array()) == NULL)
		return NULL;
	json_array_foreach(roster, i, v) {
		const char *vid = sval(v, "id"), *vkey = sval(v, "public_key");
		const char *vrcpt = sval(v, "recipient");

		if (vid == NULL || vkey == NULL || vrcpt == NULL) {
			json_decref(vs);
			return NULL;
		}
		json_array_append_new(vs, json_pack("{s:s, s:s, s:s}", "id",
		    vid, "public_key", vkey, "recipient", vrcpt));
	}
	return json_pack("{s:s, s:s, s:{s:s, s:s}, s:o}", "format",
	    "shinsa-roster/1", "round", id, "secretariat", "public_key", key,
	    "recipient", rcpt, "reviewers", vs);
}

int
mr_pub_file(const char *b64, struct sh_buf *out, struct sh_err *err)
{
	struct sh_minisign_pk pk;

	if (b64 == NULL)
		return sh_errf(err, "no key");
	if (sh_minisign_pk_parse(b64, strlen(b64), &pk, err) == -1)
		return -1;
	memset(pk.id, 0, sizeof pk.id);
	return sh_minisign_pk_format(&pk, out, err);
}
