/*
 * Sheets to results: see results.h. Every rule comes from core (sheet
 * parsing and checking, scoring, the tally); this file only wires them
 * together and writes the document.
 */
#define _GNU_SOURCE	/* qsort_r */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "crypto/minisign.h"
#include "format/json_util.h"
#include "format/sheet.h"
#include "review/facts.h"
#include "review/rules.h"
#include "format/results.h"

const char *
sh_results_conflict_name(int c)
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

const char *
sh_results_status_name(const struct sh_tally_entry *e)
{
	if (e->flags & SH_TALLY_E_DROPPED_HIGH)
		return "dropped-high";
	if (e->flags & SH_TALLY_E_DROPPED_LOW)
		return "dropped-low";
	if (e->flags & SH_TALLY_E_KEPT)
		return "kept";
	return "not-counted";
}

void
sh_results_free(struct sh_results *r)
{
	size_t i;

	sh_tally_free(r->tally);
	for (i = 0; i < r->nreviewers; i++)
		free(r->reviewers[i]);
	free(r->reviewers);
	memset(r, 0, sizeof *r);
}

int
sh_results_dump(const json_t *doc, struct sh_buf *out, struct sh_err *err)
{
	char *s;

	if ((s = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER)) == NULL)
		return sh_errf(err, "results: cannot write the document");
	if (sh_buf_append_str(out, s) != 0) {
		free(s);
		return sh_errf(err, "out of memory");
	}
	free(s);
	return 0;
}

const char *
sh_results_fixed6(double v, char buf[32])
{
	snprintf(buf, 32, "%.6f", v);
	return buf;
}

static const char *const reviewer_flags[] = { "sigma-zero", "too-few" };
static const char *const obs_flags[] = { "mandatory-one", "many-low" };
static const char *const proposal_flags[] = { "no-reviewers", "no-trim",
    "trimmed", "pending", "mandatory-one", "many-low", "sigma-zero",
    "few-proposals" };

static const char *const *
flag_names(enum sh_results_flag_kind kind, size_t *n)
{
	switch (kind) {
	case SH_RESULTS_FLAGS_REVIEWER:
		*n = sizeof reviewer_flags / sizeof reviewer_flags[0];
		return reviewer_flags;
	case SH_RESULTS_FLAGS_REVIEW:
		*n = sizeof obs_flags / sizeof obs_flags[0];
		return obs_flags;
	case SH_RESULTS_FLAGS_PROPOSAL:
		break;
	}
	*n = sizeof proposal_flags / sizeof proposal_flags[0];
	return proposal_flags;
}

const char *
sh_results_flag_words(enum sh_results_flag_kind kind, unsigned flags, char *buf, size_t len)
{
	const char *const	*names;
	size_t			 i, n, used = 0;
	int			 w;

	names = flag_names(kind, &n);
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if ((flags & (1u << i)) == 0)
			continue;
		w = snprintf(buf + used, len - used, "%s%s", used ? " " : "",
		    names[i]);
		if (w < 0 || (size_t)w >= len - used)
			break;	/* a short buffer keeps whole words only */
		used += (size_t)w;
	}
	return buf;
}

/*
 * What one computation keeps besides its result: proposals found by
 * binary search over an index sorted by id (the input's order is the
 * document's and is kept), each proposal's facts parsed once, and the
 * growing observation and conflict arrays.
 */
struct compute {
	const struct sh_results_input		*in;
	size_t				*by_id;		/* [nproposals] */
	struct sh_facts_cache		 facts;		/* [nproposals] */
	struct sh_review		*rv;		/* a sheet's reviews */
	size_t				 caprv;
	struct sh_tally_obs		*obs;
	size_t				 nobs, capobs;
	struct sh_tally_conflict	*conf;
	size_t				 nconf, capconf;
	struct sh_buf			 json;		/* a sheet read by load */
};

static int
cmp_proposal_index(const void *a, const void *b, void *arg)
{
	const struct sh_results_proposal *ps = arg;

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
compute_init(struct compute *c, const struct sh_results_input *in, struct sh_err *err)
{
	size_t i, n = in->nproposals;

	memset(c, 0, sizeof *c);
	c->in = in;
	sh_buf_init(&c->json, true);
	if ((c->by_id = calloc(n + 1, sizeof *c->by_id)) == NULL)
		return sh_errf(err, "out of memory");
	if (sh_facts_cache_init(&c->facts, n, err) == -1)
		return -1;
	for (i = 0; i < n; i++)
		c->by_id[i] = i;
	qsort_r(c->by_id, n, sizeof *c->by_id, cmp_proposal_index,
	    (void *)in->proposals);
	return 0;
}

static void
compute_free(struct compute *c)
{
	sh_facts_cache_free(&c->facts);
	free(c->rv);
	free(c->by_id);
	free(c->obs);
	free(c->conf);
	sh_buf_free(&c->json);
}

/* A proposal's facts, parsed the first time they are asked for. */
static const struct sh_facts *
proposal_facts(void *arg, const char *id, struct sh_err *err)
{
	struct compute	*c = arg;
	int		 pi = find_proposal(c, id);

	if (pi == -1) {
		sh_errf(err, "not in the round");
		return NULL;
	}
	return sh_facts_cache_get(&c->facts, (size_t)pi,
	    c->in->proposals[pi].facts, err);
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
 * of their current sheets, and sh_results_compute() has checked that each has
 * only one, so every call adds one.
 */
static int
reviewer_add(struct sh_results *r, const char *id, size_t *idx)
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

static const struct sh_results_decision *
find_decision(const struct sh_results_input *in, const char *p, const char *r)
{
	size_t i;

	for (i = 0; i < in->ndecisions; i++)
		if (strcmp(in->decisions[i].proposal, p) == 0 &&
		    strcmp(in->decisions[i].reviewer, r) == 0)
			return &in->decisions[i];
	return NULL;
}

/* One reviewer's reviews into observations and conflicts. */
static int
take_reviews(struct compute *c, const char *reviewer,
    const struct sh_review *rv, size_t n, struct sh_results *res,
    struct sh_err *err)
{
	const struct sh_results_input	*in = c->in;
	size_t			 i, ri;

	if (reviewer_add(res, reviewer, &ri) == -1)
		return sh_errf(err, "out of memory");
	for (i = 0; i < n; i++) {
		const struct sh_results_decision	*d;
		int				 pi, state;

		if ((pi = find_proposal(c, rv[i].proposal)) == -1)
			return sh_errf(err, "proposal %s is not in the round",
			    rv[i].proposal);
		d = sh_conflict_committee(rv[i].declared, rv[i].withdrawn) ?
		    find_decision(in, rv[i].proposal, reviewer) : NULL;
		state = sh_conflict_state(rv[i].declared, rv[i].withdrawn,
		    d != NULL, d != NULL && d->allow);
		if (state == SH_CONFLICT_KI_PENDING)
			res->npending++;
		if (state != SH_CONFLICT_NONE) {
			if (room((void **)&c->conf, c->nconf, &c->capconf,
			    sizeof *c->conf) == -1)
				return sh_errf(err, "out of memory");
			c->conf[c->nconf].reviewer = ri;
			c->conf[c->nconf].proposal = (size_t)pi;
			c->conf[c->nconf].state = state;
			c->nconf++;
		}
		if (rv[i].withdrawn)
			continue;
		if (room((void **)&c->obs, c->nobs, &c->capobs,
		    sizeof *c->obs) == -1)
			return sh_errf(err, "out of memory");
		c->obs[c->nobs].reviewer = ri;
		c->obs[c->nobs].proposal = (size_t)pi;
		c->obs[c->nobs].total = rv[i].total;
		c->obs[c->nobs].flags = rv[i].flags;
		c->nobs++;
	}
	return 0;
}

/*
 * One current sheet into observations and conflicts: its stored reviews
 * when the input has them, else the sheet itself, parsed and checked.
 */
static int
take_sheet(struct compute *c, const struct sh_results_sheet *ms, struct sh_results *res,
    struct sh_err *err)
{
	const struct sh_results_input	*in = c->in;
	const unsigned char	*json = ms->json;
	const struct sh_review	*stored;
	size_t			 len = ms->len, n;
	struct sh_sheet		 s;
	struct sh_assignment	*as = NULL;
	size_t			 i;
	int			 rc = -1;

	/* A sheet has a review for each proposal assigned, and at least
	 * one is: none stored means the sheet is to be read. */
	if (in->reviews != NULL) {
		if (in->reviews(in->reviews_arg, ms, &stored, &n, err) == -1)
			return -1;
		if (n > 0)
			return take_reviews(c, ms->reviewer, stored, n, res,
			    err);
	}
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
	if (s.nproposals >= c->caprv) {
		free(c->rv);
		c->caprv = s.nproposals + 1;
		if ((c->rv = calloc(c->caprv, sizeof *c->rv)) == NULL) {
			c->caprv = 0;
			goto oom;
		}
	}
	if (sh_sheet_reviews(&s, in->rubric, proposal_facts, c, c->rv,
	    err) == -1)
		goto out;
	rc = take_reviews(c, ms->reviewer, c->rv, s.nproposals, res, err);
	goto out;
oom:
	sh_errf(err, "out of memory");
out:
	free(as);
	sh_sheet_free(&s);
	return rc;
}

/* ---- writing -------------------------------------------------------- */

/*
 * The document's bytes are those jansson's json_dumps(JSON_COMPACT |
 * JSON_PRESERVE_ORDER) gave when the document was built as a tree:
 * published bundles hold them and shinsa-verify compares byte for byte.
 * Hence not sh_jw, whose escapes differ for control characters ("\b" is
 * "\u0008" there); only facts, an object of the proposal's own, still go
 * through jansson, as they always did.
 */

static void
put(struct sh_sink *s, const char *lit)
{
	if (sh_buf_append_str(&s->buf, lit) != 0)
		sh_sink_fail(s, "out of memory");
}

/* A JSON string as jansson writes one: UTF-8 as it is, '"', '\\' and
 * controls escaped, \u with upper-case hex. */
static void
put_str(struct sh_sink *s, const char *v)
{
	const unsigned char	*p, *run;
	char			 esc[8];

	if (v == NULL || !sh_utf8_valid(v, strlen(v))) {
		sh_sink_fail(s, v == NULL ? "results: a text is missing" :
		    "results: a text is not valid UTF-8");
		return;
	}
	put(s, "\"");
	for (p = run = (const unsigned char *)v; *p != '\0'; p++) {
		if (*p >= 0x20 && *p != '"' && *p != '\\')
			continue;
		if (sh_buf_append(&s->buf, run, (size_t)(p - run)) != 0)
			sh_sink_fail(s, "out of memory");
		switch (*p) {
		case '"':  put(s, "\\\""); break;
		case '\\': put(s, "\\\\"); break;
		case '\b': put(s, "\\b"); break;
		case '\f': put(s, "\\f"); break;
		case '\n': put(s, "\\n"); break;
		case '\r': put(s, "\\r"); break;
		case '\t': put(s, "\\t"); break;
		default:
			snprintf(esc, sizeof esc, "\\u%04X", *p);
			put(s, esc);
		}
		run = p + 1;
	}
	if (sh_buf_append(&s->buf, run, (size_t)(p - run)) != 0)
		sh_sink_fail(s, "out of memory");
	put(s, "\"");
}

/* ,"key": (the comma unless it is an object's first member) */
static void
put_key(struct sh_sink *s, bool first, const char *key)
{
	if (!first)
		put(s, ",");
	put_str(s, key);
	put(s, ":");
}

static void
put_int(struct sh_sink *s, long long v)
{
	if (sh_buf_printf(&s->buf, "%lld", v) != 0)
		sh_sink_fail(s, "out of memory");
}

static void
put_fixed6(struct sh_sink *s, double v)
{
	char b[32];

	put_str(s, sh_results_fixed6(v, b));
}

static void
put_flags(struct sh_sink *s, enum sh_results_flag_kind kind, unsigned flags)
{
	const char *const	*names;
	size_t			 i, n;
	bool			 first = true;

	names = flag_names(kind, &n);
	put(s, "[");
	for (i = 0; i < n; i++) {
		if ((flags & (1u << i)) == 0)
			continue;
		if (!first)
			put(s, ",");
		put_str(s, names[i]);
		first = false;
	}
	put(s, "]");
}

/* A JSON text of our own (facts) as jansson reads and writes it back. */
static void
put_facts(struct sh_sink *s, const char *text)
{
	json_t		*j;
	json_error_t	 je;
	char		*d;

	/* Unreadable facts were always written as {}. */
	if (text == NULL || (j = json_loads(text, 0, &je)) == NULL) {
		put(s, "{}");
		return;
	}
	if ((d = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER)) == NULL)
		sh_sink_fail(s, "out of memory");
	else
		put(s, d);
	free(d);
	json_decref(j);
}

/*
 * A national round repeats each reviewer's id a hundred times and writes
 * a million reviews: each id is made a JSON string once.
 */
struct sh_results_writer {
	const struct sh_results_input	*in;
	const struct sh_results	*res;
	bool			 names;
	char			**rid;		/* [nreviewers] "\"r01\"" */
};

struct sh_results_writer *
sh_results_writer_new(const struct sh_results_input *in, const struct sh_results *res,
    bool names)
{
	struct sh_results_writer	*w;
	struct sh_sink		 s;
	size_t			 i;

	if ((w = calloc(1, sizeof *w)) == NULL ||
	    (w->rid = calloc(res->nreviewers + 1, sizeof *w->rid)) == NULL) {
		free(w);
		return NULL;
	}
	w->in = in;
	w->res = res;
	w->names = names;
	for (i = 0; i < res->nreviewers; i++) {
		sh_sink_init(&s, NULL, NULL, false);
		put_str(&s, res->reviewers[i]);
		if (s.failed || (w->rid[i] = strdup(sh_buf_cstr(&s.buf))) ==
		    NULL) {
			sh_sink_free(&s);
			sh_results_writer_free(w);
			return NULL;
		}
		sh_sink_free(&s);
	}
	return w;
}

void
sh_results_writer_free(struct sh_results_writer *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->res->nreviewers; i++)
		free(w->rid[i]);
	free(w->rid);
	free(w);
}

static void
w_format(struct sh_results_writer *w, struct sh_sink *s)
{
	(void)w;
	put_str(s, SH_RESULTS_FORMAT);
}

static void
w_round(struct sh_results_writer *w, struct sh_sink *s)
{
	put(s, "{");
	put_key(s, true, "id");
	put_str(s, w->in->round_id);
	put_key(s, false, "title");
	put_str(s, w->in->round_title);
	if (w->in->round_created != NULL) {
		put_key(s, false, "created");
		put_str(s, w->in->round_created);
	}
	put(s, "}");
}

static void
w_rubric(struct sh_results_writer *w, struct sh_sink *s)
{
	put(s, "{");
	put_key(s, true, "id");
	put_str(s, w->in->rubric->id);
	put_key(s, false, "sha256");
	put_str(s, w->in->rubric->hash_hex);
	put(s, "}");
}

static void
w_secretariat_key(struct sh_results_writer *w, struct sh_sink *s)
{
	put_str(s, w->in->secretariat_key);
}

static void
w_secretariat_recipient(struct sh_results_writer *w, struct sh_sink *s)
{
	put_str(s, w->in->secretariat_recipient ?
	    w->in->secretariat_recipient : "");
}

static void
w_published(struct sh_results_writer *w, struct sh_sink *s)
{
	put_str(s, w->in->published);
}

static void
w_settings(struct sh_results_writer *w, struct sh_sink *s)
{
	const struct sh_tally_settings *st = &w->res->tally->settings;

	put(s, "{");
	put_key(s, true, "trim");
	put(s, st->trim ? "true" : "false");
	put_key(s, false, "min_reviewers_to_trim");
	put_int(s, (long long)st->min_reviewers_to_trim);
	put_key(s, false, "min_proposals_per_reviewer");
	put_int(s, (long long)st->min_proposals_per_reviewer);
	put(s, "}");
}

/*
 * An array of n records, each written by item and handed to the sink
 * before the next: one record in memory at a time.
 */
static void
put_array(struct sh_results_writer *w, struct sh_sink *s, size_t n,
    void (*item)(struct sh_results_writer *, size_t, struct sh_sink *))
{
	size_t i;

	put(s, "[");
	for (i = 0; i < n && !s->failed; i++) {
		if (i > 0)
			put(s, ",");
		item(w, i, s);
		sh_sink_flush(s, false);
	}
	put(s, "]");
}

static void
roster_item(struct sh_results_writer *w, size_t i, struct sh_sink *s)
{
	const struct sh_results_roster *r = &w->in->roster[i];

	put(s, "{");
	put_key(s, true, "id");
	put_str(s, r->id);
	put_key(s, false, "public_key");
	put_str(s, r->public_key);
	if (r->recipient != NULL) {
		put_key(s, false, "recipient");
		put_str(s, r->recipient);
	}
	put(s, "}");
}

static void
sheet_item(struct sh_results_writer *w, size_t i, struct sh_sink *s)
{
	const struct sh_results_sheet *sh = &w->in->sheets[i];

	put(s, "{");
	put_key(s, true, "reviewer");
	put_str(s, sh->reviewer);
	put_key(s, false, "revision");
	put_int(s, sh->revision);
	put_key(s, false, "sha256");
	put_str(s, sh->sha256);
	put_key(s, false, "current");
	put(s, sh->current ? "true" : "false");
	put(s, "}");
}

static void
decision_item(struct sh_results_writer *w, size_t i, struct sh_sink *s)
{
	const struct sh_results_decision *d = &w->in->decisions[i];

	put(s, "{");
	put_key(s, true, "proposal");
	put_str(s, d->proposal);
	put_key(s, false, "reviewer");
	put_str(s, d->reviewer);
	put_key(s, false, "decision");
	put_str(s, d->allow ? "allow" : "refuse");
	put(s, "}");
}

static void
reviewer_item(struct sh_results_writer *w, size_t i, struct sh_sink *s)
{
	const struct sh_tally_reviewer *r = sh_tally_reviewer(w->res->tally, i);

	put(s, "{");
	put_key(s, true, "id");
	put(s, w->rid[i]);
	put_key(s, false, "counted");
	put_int(s, (long long)r->n);
	put_key(s, false, "mean");
	put_fixed6(s, r->mean);
	put_key(s, false, "sd");
	put_fixed6(s, r->sd);
	put_key(s, false, "flags");
	put_flags(s, SH_RESULTS_FLAGS_REVIEWER, r->flags);
	put(s, "}");
}

static void
w_roster(struct sh_results_writer *w, struct sh_sink *s)
{
	put_array(w, s, w->in->nroster, roster_item);
}

static void
w_sheets(struct sh_results_writer *w, struct sh_sink *s)
{
	put_array(w, s, w->in->nsheets, sheet_item);
}

static void
w_decisions(struct sh_results_writer *w, struct sh_sink *s)
{
	put_array(w, s, w->in->ndecisions, decision_item);
}

static void
w_reviewers(struct sh_results_writer *w, struct sh_sink *s)
{
	put_array(w, s, w->res->nreviewers, reviewer_item);
}

/* One review: the bulk of the document, so literals where they can be. */
static void
put_review(struct sh_results_writer *w, const struct sh_tally_entry *e,
    struct sh_sink *s)
{
	put(s, "{\"reviewer\":");
	put(s, w->rid[e->reviewer]);
	put(s, ",\"conflict\":\"");
	put(s, sh_results_conflict_name((int)e->conflict));
	put(s, "\",\"total\":");
	if (e->flags & SH_TALLY_E_SCORED)
		put_int(s, (long long)e->total);
	else
		put(s, "null");
	put(s, ",\"dev\":");
	if (e->flags & SH_TALLY_E_COUNTED)
		put_fixed6(s, sh_tally_entry_dev(w->res->tally, e));
	else
		put(s, "null");
	put(s, ",\"status\":\"");
	put(s, sh_results_status_name(e));
	put(s, "\",\"flags\":");
	put_flags(s, SH_RESULTS_FLAGS_REVIEW, e->obs_flags);
	put(s, "}");
}

void
sh_results_write_proposal(struct sh_results_writer *w, size_t i, struct sh_sink *s)
{
	const struct sh_results_proposal	*mp = &w->in->proposals[i];
	const struct sh_tally_proposal	*p = sh_tally_proposal(w->res->tally, i);
	const struct sh_tally_entry	*es;
	size_t				 j, n;
	char				 buf[32];

	put(s, "{");
	put_key(s, true, "id");
	put_str(s, mp->id);
	put_key(s, false, "variant");
	put_str(s, mp->variant);
	put_key(s, false, "prefecture");
	put_str(s, mp->prefecture);
	put_key(s, false, "facts");
	put_facts(s, mp->facts);
	if (p->rank > 0) {
		put_key(s, false, "rank");
		put_int(s, (long long)p->rank);
		put_key(s, false, "score");
		put_str(s, sh_tally_fmt_tenths(p->tenths, buf, sizeof buf));
		put_key(s, false, "tenths");
		put_int(s, (long long)p->tenths);
	} else
		put(s, ",\"rank\":null,\"score\":null,\"tenths\":null");
	put_key(s, false, "flags");
	put_flags(s, SH_RESULTS_FLAGS_PROPOSAL, p->flags);
	put_key(s, false, "reviews");
	put(s, "[");
	es = sh_tally_entries(w->res->tally, i, &n);
	for (j = 0; j < n; j++) {
		if (j > 0)
			put(s, ",");
		put_review(w, &es[j], s);
		sh_sink_flush(s, false);
	}
	put(s, "]");
	if (w->names) {
		put_key(s, false, "title");
		put_str(s, mp->title);
		put_key(s, false, "applicant");
		put_str(s, mp->applicant);
	}
	put(s, "}");
}

static void
w_proposals(struct sh_results_writer *w, struct sh_sink *s)
{
	put_array(w, s, w->in->nproposals, sh_results_write_proposal);
}

static void
w_ranking(struct sh_results_writer *w, struct sh_sink *s)
{
	const struct sh_tally_proposal	*p;
	size_t				 i;
	bool				 first = true;

	put(s, "[");
	for (i = 0; i < w->in->nproposals; i++) {
		p = sh_tally_ranked(w->res->tally, i);
		if (p == NULL || p->rank == 0)
			continue;
		if (!first)
			put(s, ",");
		put_str(s, w->in->proposals[p->id].id);
		first = false;
	}
	put(s, "]");
}

/* The document's members, in its order (results.h). */
static const struct member {
	const char	*name;
	void		(*write)(struct sh_results_writer *, struct sh_sink *);
} members[] = {
	{ "format", w_format },
	{ "round", w_round },
	{ "rubric", w_rubric },
	{ "secretariat_key", w_secretariat_key },
	{ "secretariat_recipient", w_secretariat_recipient },
	{ "published", w_published },
	{ "settings", w_settings },
	{ "roster", w_roster },
	{ "sheets", w_sheets },
	{ "decisions", w_decisions },
	{ "reviewers", w_reviewers },
	{ "proposals", w_proposals },
	{ "ranking", w_ranking },
};
#define NMEMBERS	(sizeof members / sizeof members[0])

const char *
sh_results_member_name(size_t k)
{
	return k < NMEMBERS ? members[k].name : NULL;
}

void
sh_results_write_member(struct sh_results_writer *w, size_t k, struct sh_sink *s)
{
	if (k < NMEMBERS)
		members[k].write(w, s);
}

void
sh_results_write(const struct sh_results_input *in, const struct sh_results *res, bool names,
    struct sh_sink *s)
{
	struct sh_results_writer	*w;
	size_t			 k;

	if ((w = sh_results_writer_new(in, res, names)) == NULL) {
		sh_sink_fail(s, "out of memory");
		return;
	}
	put(s, "{");
	for (k = 0; k < NMEMBERS && !s->failed; k++) {
		put_key(s, k == 0, members[k].name);
		members[k].write(w, s);
	}
	put(s, "}");
	sh_results_writer_free(w);
}

json_t *
sh_results_head_doc(const struct sh_results_input *in, const struct sh_results *res,
    struct sh_err *err)
{
	static const char *const head[] = { "round", "rubric",
	    "secretariat_key", "secretariat_recipient", "roster" };
	struct sh_results_writer	*w;
	struct sh_sink		 s;
	size_t			 i, k;
	json_t			*doc = NULL;

	if ((w = sh_results_writer_new(in, res, false)) == NULL) {
		sh_errf(err, "out of memory");
		return NULL;
	}
	sh_sink_init(&s, NULL, NULL, false);
	put(&s, "{");
	for (i = 0; i < sizeof head / sizeof head[0]; i++) {
		for (k = 0; k < NMEMBERS; k++)
			if (strcmp(members[k].name, head[i]) == 0)
				break;
		put_key(&s, i == 0, head[i]);
		members[k].write(w, &s);
	}
	put(&s, "}");
	if (sh_sink_finish(&s, err) == 0)
		sh_json_load(s.buf.data, s.buf.len, SIZE_MAX, &doc, err);
	sh_sink_free(&s);
	sh_results_writer_free(w);
	return doc;
}

static int
cmp_sheet_reviewer(const void *a, const void *b, void *arg)
{
	const struct sh_results_sheet *ss = arg;

	return strcmp(ss[*(const size_t *)a].reviewer,
	    ss[*(const size_t *)b].reviewer);
}

/* Refuses two current sheets from one reviewer, in n log n. */
static int
one_current_each(const struct sh_results_input *in, struct sh_err *err)
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
sh_results_compute(const struct sh_results_input *in, struct sh_results *res,
    struct sh_err *err)
{
	struct sh_tally_input	ti;
	struct compute		c;
	size_t			i;

	memset(res, 0, sizeof *res);
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
	/* The observations become the tally's entries: a review costs 16
	 * bytes from here on, not 32. */
	if ((res->tally = sh_tally_run_take(&ti, &c.obs, err)) == NULL)
		goto fail;
	compute_free(&c);
	return 0;
fail:
	compute_free(&c);
	sh_results_free(res);
	return -1;
}

static const char *
sval(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

json_t *
sh_results_round_doc(const json_t *res)
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
sh_results_roster_doc(const json_t *res)
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
sh_results_pub_file(const char *b64, struct sh_buf *out, struct sh_err *err)
{
	struct sh_minisign_pk pk;

	if (b64 == NULL)
		return sh_errf(err, "no key");
	if (sh_minisign_pk_parse(b64, strlen(b64), &pk, err) == -1)
		return -1;
	memset(pk.id, 0, sizeof pk.id);
	return sh_minisign_pk_format(&pk, out, err);
}
