/*
 * Sheets to results: see results.h. Every rule comes from core (sheet
 * parsing and checking, scoring, the tally); this file only wires them
 * together and writes the document.
 */
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

static int
find_proposal(const struct mr_input *in, const char *id)
{
	size_t i;

	for (i = 0; i < in->nproposals; i++)
		if (strcmp(in->proposals[i].id, id) == 0)
			return (int)i;
	return -1;
}

static int
reviewer_index(struct mr_result *r, const char *id, size_t *idx)
{
	char	**p;
	size_t	  i;

	for (i = 0; i < r->nreviewers; i++)
		if (strcmp(r->reviewers[i], id) == 0) {
			*idx = i;
			return 1;
		}
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

struct growing {
	struct sh_tally_obs		*obs;
	size_t				 nobs;
	struct sh_tally_conflict	*conf;
	size_t				 nconf;
};

/* One current sheet into observations and conflicts. */
static int
take_sheet(const struct mr_input *in, const struct mr_sheet *ms,
    struct mr_result *res, struct growing *g, struct sh_err *err)
{
	struct sh_sheet		 s;
	struct sh_assignment	*as = NULL;
	struct sh_entry		*ents = NULL;
	struct sh_facts		 facts;
	size_t			 i, ri;
	int			 rc = -1;

	sh_sheet_init(&s);
	sh_facts_init(&facts);
	if (sh_sheet_parse(ms->json, ms->len, &s, err) == -1)
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
		int pi = find_proposal(in, s.proposals[i].id);

		if (pi == -1) {
			sh_errf(err, "sheet.json: proposal %s is not in the "
			    "round", s.proposals[i].id);
			goto out;
		}
		as[i].proposal = in->proposals[pi].id;
		as[i].variant = in->proposals[pi].variant;
	}
	if (sh_sheet_check(&s, in->rubric, as, s.nproposals, err) == -1)
		goto out;
	if (reviewer_index(res, ms->reviewer, &ri) == -1)
		goto oom;
	for (i = 0; i < s.nproposals; i++) {
		const struct sh_sheet_proposal	*p = &s.proposals[i];
		const struct sh_variant		*v;
		const struct mr_decision	*d;
		struct sh_score			 score;
		struct sh_flags			 fl;
		int				 pi, state;
		json_t				*fj;
		json_error_t			 je;

		pi = find_proposal(in, p->id);
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
			struct sh_tally_conflict *c;

			if ((c = realloc(g->conf, (g->nconf + 1) *
			    sizeof *c)) == NULL)
				goto oom;
			g->conf = c;
			c[g->nconf].reviewer = ri;
			c[g->nconf].proposal = (size_t)pi;
			c[g->nconf].state = state;
			g->nconf++;
		}
		if (p->action == SH_ACTION_WITHDRAW)
			continue;
		free(ents);
		if ((ents = calloc(v->nitems + 1, sizeof *ents)) == NULL)
			goto oom;
		if (sh_sheet_entries(p, v, ents, err) == -1)
			goto bad_proposal;
		if ((fj = json_loads(in->proposals[pi].facts, 0, &je)) == NULL) {
			sh_errf(err, "facts: %s", je.text);
			goto bad_proposal;
		}
		sh_facts_free(&facts);
		sh_facts_init(&facts);
		if (sh_facts_from_json(&facts, fj, err) == -1) {
			json_decref(fj);
			goto bad_proposal;
		}
		json_decref(fj);
		if (sh_entries_score(in->rubric, v, ents, v->nitems, &facts,
		    &score, err) == -1)
			goto bad_proposal;
		if (!score.complete) {
			sh_errf(err, "not every item has points");
			goto bad_proposal;
		}
		sh_entries_flags(in->rubric, v, ents, v->nitems, &fl);
		{
			struct sh_tally_obs *o;

			if ((o = realloc(g->obs, (g->nobs + 1) *
			    sizeof *o)) == NULL)
				goto oom;
			g->obs = o;
			o[g->nobs].reviewer = ri;
			o[g->nobs].proposal = (size_t)pi;
			o[g->nobs].total = score.points;
			o[g->nobs].flags = (fl.nmandatory > 0 ?
			    SH_OBS_MANDATORY_ONE : 0) | (fl.low ?
			    SH_OBS_MANY_LOW : 0);
			g->nobs++;
		}
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
	sh_facts_free(&facts);
	sh_sheet_free(&s);
	return rc;
}

static json_t *
build_doc(const struct mr_input *in, const struct mr_result *res)
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
			const char *status = "not-counted";

			if (e->flags & SH_TALLY_E_DROPPED_HIGH)
				status = "dropped-high";
			else if (e->flags & SH_TALLY_E_DROPPED_LOW)
				status = "dropped-low";
			else if (e->flags & SH_TALLY_E_KEPT)
				status = "kept";
			rv = json_object();
			json_object_set_new(rv, "reviewer",
			    json_string(res->reviewers[e->reviewer]));
			json_object_set_new(rv, "conflict",
			    json_string(mr_conflict_name(e->conflict)));
			json_object_set_new(rv, "total",
			    (e->flags & SH_TALLY_E_SCORED) ?
			    json_integer(e->total) : json_null());
			json_object_set_new(rv, "dev",
			    (e->flags & SH_TALLY_E_COUNTED) ?
			    fixed6(e->dev) : json_null());
			json_object_set_new(rv, "status", json_string(status));
			json_object_set_new(rv, "flags", flag_list(e->obs_flags,
			    obs_flags, 2));
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

int
mr_compute(const struct mr_input *in, struct mr_result *res,
    struct sh_err *err)
{
	struct sh_tally_input	ti;
	struct growing		g;
	size_t			i, j;

	memset(res, 0, sizeof *res);
	memset(&g, 0, sizeof g);
	for (i = 0; i < in->nsheets; i++) {
		if (!in->sheets[i].current)
			continue;
		for (j = 0; j < i; j++)
			if (in->sheets[j].current && strcmp(in->sheets[i].reviewer,
			    in->sheets[j].reviewer) == 0) {
				sh_errf(err, "two current sheets from %s",
				    in->sheets[i].reviewer);
				goto fail;
			}
		if (take_sheet(in, &in->sheets[i], res, &g, err) == -1) {
			sh_err_prefix(err, "sheet %s revision %lld",
			    in->sheets[i].reviewer, in->sheets[i].revision);
			goto fail;
		}
	}
	memset(&ti, 0, sizeof ti);
	ti.nreviewers = res->nreviewers;
	ti.nproposals = in->nproposals;
	ti.obs = g.obs;
	ti.nobs = g.nobs;
	ti.conflicts = g.conf;
	ti.nconflicts = g.nconf;
	sh_tally_settings_init(&ti.settings, in->rubric->tally.trim);
	ti.settings.min_reviewers_to_trim =
	    (size_t)in->rubric->tally.min_reviewers_to_trim;
	ti.settings.min_proposals_per_reviewer =
	    (size_t)in->rubric->tally.min_proposals_per_reviewer;
	if ((res->tally = sh_tally_run(&ti, err)) == NULL)
		goto fail;
	if ((res->doc = build_doc(in, res)) == NULL) {
		sh_errf(err, "out of memory");
		goto fail;
	}
	free(g.obs);
	free(g.conf);
	return 0;
fail:
	free(g.obs);
	free(g.conf);
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
