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
sh_results_flag_words(enum sh_results_flag_kind kind, unsigned flags,
    char *buf, size_t len)
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
 * reviews as they come, 8 bytes each (the tally's builder).
 */
struct compute {
	const struct sh_results_input		*in;
	size_t				*by_id;		/* [nproposals] */
	struct sh_facts_cache		 facts;		/* [nproposals] */
	struct sh_review		*rv;		/* a sheet's reviews */
	size_t				 caprv;
	struct sh_tally_builder		 tb;
	struct sh_buf			 json;	/* a sheet read by load */
	size_t				 next;	/* by_id after the last found */
};

static int
cmp_proposal_index(const void *a, const void *b, void *arg)
{
	const struct sh_results_proposal *ps = arg;

	return strcmp(ps[*(const size_t *)a].id, ps[*(const size_t *)b].id);
}

/*
 * Proposal id's index in the input, or -1. A sheet lists its proposals
 * mostly in id order (its package's), so the one after the last found is
 * tried first: a million reviews then cost a comparison each, not a
 * binary search.
 */
static int
find_proposal(struct compute *c, const char *id)
{
	size_t lo = 0, hi = c->in->nproposals, mid;
	int cmp;

	if (c->next < hi &&
	    strcmp(id, c->in->proposals[c->by_id[c->next]].id) == 0)
		return (int)c->by_id[c->next++];
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		cmp = strcmp(id, c->in->proposals[c->by_id[mid]].id);
		if (cmp == 0) {
			c->next = mid + 1;
			return (int)c->by_id[mid];
		}
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

static int
compute_init(struct compute *c, const struct sh_results_input *in,
    struct sh_err *err)
{
	size_t i, n = in->nproposals;

	memset(c, 0, sizeof *c);
	c->in = in;
	sh_tally_builder_init(&c->tb);
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
	sh_tally_builder_free(&c->tb);
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
		if (state != SH_CONFLICT_NONE &&
		    sh_tally_add_conflict(&c->tb, &(struct sh_tally_conflict){
		    .reviewer = (uint32_t)ri, .proposal = (uint32_t)pi,
		    .state = state }, err) == -1)
			return -1;
		if (rv[i].withdrawn)
			continue;
		if (sh_tally_add_obs(&c->tb, &(struct sh_tally_obs){
		    .reviewer = (uint32_t)ri, .proposal = (uint32_t)pi,
		    .total = rv[i].total, .flags = rv[i].flags }, err) == -1)
			return -1;
	}
	return 0;
}

/*
 * One current sheet into observations and conflicts: its stored reviews
 * when the input has them, else the sheet itself, parsed and checked.
 */
static int
take_sheet(struct compute *c, const struct sh_results_sheet *ms,
    struct sh_results *res, struct sh_err *err)
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
 * The document, field by field (results.h): its one description. The
 * writer takes every key and its order from here, and the test checks
 * every document against it. Each object's fields are the rows whose
 * parent is the object's row, together, in the order they are written; the
 * document's members come first, so that member k is row k + 1.
 */
const struct sh_results_field sh_results_fields[SH_RF_COUNT] = {
	[SH_RF_DOC] = { NULL, -1, SH_RK_OBJECT, 0 },
	[SH_RF_FORMAT] = { "format", SH_RF_DOC, SH_RK_STRING, 0 },
	[SH_RF_ROUND] = { "round", SH_RF_DOC, SH_RK_OBJECT, 0 },
	[SH_RF_RUBRIC] = { "rubric", SH_RF_DOC, SH_RK_OBJECT, 0 },
	[SH_RF_SECRETARIAT_KEY] = { "secretariat_key", SH_RF_DOC,
	    SH_RK_STRING, 0 },
	[SH_RF_SECRETARIAT_RECIPIENT] = { "secretariat_recipient", SH_RF_DOC,
	    SH_RK_STRING, 0 },
	[SH_RF_PUBLISHED] = { "published", SH_RF_DOC, SH_RK_STRING, 0 },
	[SH_RF_SETTINGS] = { "settings", SH_RF_DOC, SH_RK_OBJECT, 0 },
	[SH_RF_ROSTER] = { "roster", SH_RF_DOC, SH_RK_ARRAY, 0 },
	[SH_RF_SHEETS] = { "sheets", SH_RF_DOC, SH_RK_ARRAY, 0 },
	[SH_RF_DECISIONS] = { "decisions", SH_RF_DOC, SH_RK_ARRAY, 0 },
	[SH_RF_REVIEWERS] = { "reviewers", SH_RF_DOC, SH_RK_ARRAY, 0 },
	[SH_RF_PROPOSALS] = { "proposals", SH_RF_DOC, SH_RK_ARRAY, 0 },
	[SH_RF_RANKING] = { "ranking", SH_RF_DOC, SH_RK_STRINGS, 0 },

	[SH_RF_ROUND_ID] = { "id", SH_RF_ROUND, SH_RK_STRING, 0 },
	[SH_RF_ROUND_TITLE] = { "title", SH_RF_ROUND, SH_RK_STRING, 0 },
	[SH_RF_ROUND_CREATED] = { "created", SH_RF_ROUND, SH_RK_STRING,
	    SH_RF_OPTIONAL },
	[SH_RF_RUBRIC_ID] = { "id", SH_RF_RUBRIC, SH_RK_STRING, 0 },
	[SH_RF_RUBRIC_SHA256] = { "sha256", SH_RF_RUBRIC, SH_RK_STRING, 0 },
	[SH_RF_TRIM] = { "trim", SH_RF_SETTINGS, SH_RK_BOOL, 0 },
	[SH_RF_MIN_REVIEWERS] = { "min_reviewers_to_trim", SH_RF_SETTINGS,
	    SH_RK_INT, 0 },
	[SH_RF_MIN_PROPOSALS] = { "min_proposals_per_reviewer",
	    SH_RF_SETTINGS, SH_RK_INT, 0 },

	[SH_RF_ROSTER_ID] = { "id", SH_RF_ROSTER, SH_RK_STRING, 0 },
	[SH_RF_ROSTER_KEY] = { "public_key", SH_RF_ROSTER, SH_RK_STRING, 0 },
	[SH_RF_ROSTER_RECIPIENT] = { "recipient", SH_RF_ROSTER, SH_RK_STRING,
	    SH_RF_OPTIONAL },
	[SH_RF_SHEET_REVIEWER] = { "reviewer", SH_RF_SHEETS, SH_RK_STRING, 0 },
	[SH_RF_SHEET_REVISION] = { "revision", SH_RF_SHEETS, SH_RK_INT, 0 },
	[SH_RF_SHEET_SHA256] = { "sha256", SH_RF_SHEETS, SH_RK_STRING, 0 },
	[SH_RF_SHEET_CURRENT] = { "current", SH_RF_SHEETS, SH_RK_BOOL, 0 },
	[SH_RF_DEC_PROPOSAL] = { "proposal", SH_RF_DECISIONS, SH_RK_STRING,
	    0 },
	[SH_RF_DEC_REVIEWER] = { "reviewer", SH_RF_DECISIONS, SH_RK_STRING,
	    0 },
	[SH_RF_DEC_DECISION] = { "decision", SH_RF_DECISIONS, SH_RK_STRING,
	    0 },
	[SH_RF_REV_ID] = { "id", SH_RF_REVIEWERS, SH_RK_STRING, 0 },
	[SH_RF_REV_COUNTED] = { "counted", SH_RF_REVIEWERS, SH_RK_INT, 0 },
	[SH_RF_REV_MEAN] = { "mean", SH_RF_REVIEWERS, SH_RK_FIXED6, 0 },
	[SH_RF_REV_SD] = { "sd", SH_RF_REVIEWERS, SH_RK_FIXED6, 0 },
	[SH_RF_REV_FLAGS] = { "flags", SH_RF_REVIEWERS, SH_RK_STRINGS, 0 },

	[SH_RF_P_ID] = { "id", SH_RF_PROPOSALS, SH_RK_STRING, 0 },
	[SH_RF_P_VARIANT] = { "variant", SH_RF_PROPOSALS, SH_RK_STRING, 0 },
	[SH_RF_P_PREFECTURE] = { "prefecture", SH_RF_PROPOSALS, SH_RK_STRING,
	    0 },
	[SH_RF_P_FACTS] = { "facts", SH_RF_PROPOSALS, SH_RK_ANY_OBJECT, 0 },
	[SH_RF_P_RANK] = { "rank", SH_RF_PROPOSALS, SH_RK_INT, SH_RF_NULL },
	[SH_RF_P_SCORE] = { "score", SH_RF_PROPOSALS, SH_RK_STRING,
	    SH_RF_NULL },
	[SH_RF_P_TENTHS] = { "tenths", SH_RF_PROPOSALS, SH_RK_INT,
	    SH_RF_NULL },
	[SH_RF_P_FLAGS] = { "flags", SH_RF_PROPOSALS, SH_RK_STRINGS, 0 },
	[SH_RF_P_REVIEWS] = { "reviews", SH_RF_PROPOSALS, SH_RK_ARRAY, 0 },
	[SH_RF_P_TITLE] = { "title", SH_RF_PROPOSALS, SH_RK_STRING,
	    SH_RF_NAMES },
	[SH_RF_P_APPLICANT] = { "applicant", SH_RF_PROPOSALS, SH_RK_STRING,
	    SH_RF_NAMES },

	[SH_RF_RV_REVIEWER] = { "reviewer", SH_RF_P_REVIEWS, SH_RK_STRING, 0 },
	[SH_RF_RV_CONFLICT] = { "conflict", SH_RF_P_REVIEWS, SH_RK_STRING, 0 },
	[SH_RF_RV_TOTAL] = { "total", SH_RF_P_REVIEWS, SH_RK_INT, SH_RF_NULL },
	[SH_RF_RV_DEV] = { "dev", SH_RF_P_REVIEWS, SH_RK_FIXED6, SH_RF_NULL },
	[SH_RF_RV_STATUS] = { "status", SH_RF_P_REVIEWS, SH_RK_STRING, 0 },
	[SH_RF_RV_FLAGS] = { "flags", SH_RF_P_REVIEWS, SH_RK_STRINGS, 0 },
};

/*
 * A national round repeats each reviewer's id a hundred times and writes
 * a million reviews: each id is made a JSON string once.
 */
struct sh_results_writer {
	const struct sh_results_input	*in;
	const struct sh_results		*res;
	bool				 names;
	char				**rid;	/* [nreviewers] "\"r01\"" */
};

/*
 * One object of the document: its fields in the table's order, each
 * written by value() unless absent() says it is left out this time (an
 * optional field the input lacks, the names without names).
 */
struct obj {
	struct sh_results_writer	*w;
	size_t				 i;	/* the record's index */
	const struct sh_tally_entry	*e;	/* a review */
};

typedef bool obj_absent_fn(const struct obj *, enum sh_rf);
typedef void obj_value_fn(const struct obj *, enum sh_rf, struct sh_jw *);

static void
put_object(const struct obj *o, enum sh_rf parent, obj_absent_fn *absent,
    obj_value_fn *value, struct sh_jw *jw)
{
	const struct sh_results_field	*f;
	int				 k;
	bool				 seen = false;

	sh_jw_obj_begin(jw);
	for (k = parent + 1; k < SH_RF_COUNT; k++) {
		f = &sh_results_fields[k];
		if (f->parent != (int)parent) {
			if (seen)
				break;	/* an object's rows are together */
			continue;
		}
		seen = true;
		if ((f->flags & SH_RF_NAMES) && !o->w->names)
			continue;
		if (absent != NULL && absent(o, (enum sh_rf)k))
			continue;
		sh_jw_key(jw, f->name);
		value(o, (enum sh_rf)k, jw);
	}
	sh_jw_obj_end(jw);
}

static void
put_fixed6(struct sh_jw *jw, double v)
{
	char b[32];

	sh_jw_str(jw, sh_results_fixed6(v, b));
}

static void
put_flags(struct sh_jw *jw, enum sh_results_flag_kind kind, unsigned flags)
{
	const char *const	*names;
	size_t			 i, n;

	names = flag_names(kind, &n);
	sh_jw_arr_begin(jw);
	for (i = 0; i < n; i++)
		if (flags & (1u << i))
			sh_jw_str(jw, names[i]);
	sh_jw_arr_end(jw);
}

/* A JSON text of our own (facts) as jansson reads it. */
static void
put_facts(struct sh_jw *jw, const char *text)
{
	json_t		*j;
	json_error_t	 je;

	/* Unreadable facts were always written as {}. */
	if (text == NULL || (j = json_loads(text, 0, &je)) == NULL) {
		sh_jw_obj_begin(jw);
		sh_jw_obj_end(jw);
		return;
	}
	sh_jw_json(jw, j);
	json_decref(j);
}

struct sh_results_writer *
sh_results_writer_new(const struct sh_results_input *in,
    const struct sh_results *res, bool names)
{
	struct sh_results_writer	*w;
	struct sh_buf			 b;
	struct sh_jw			 jw;
	size_t				 i;

	if ((w = calloc(1, sizeof *w)) == NULL ||
	    (w->rid = calloc(res->nreviewers + 1, sizeof *w->rid)) == NULL) {
		free(w);
		return NULL;
	}
	w->in = in;
	w->res = res;
	w->names = names;
	for (i = 0; i < res->nreviewers; i++) {
		sh_buf_init(&b, false);
		sh_jw_init_style(&jw, &b, SH_JW_JANSSON);
		sh_jw_str(&jw, res->reviewers[i]);
		if (sh_jw_finish(&jw, NULL) == -1 ||
		    (w->rid[i] = strdup(sh_buf_cstr(&b))) == NULL) {
			sh_buf_free(&b);
			sh_results_writer_free(w);
			return NULL;
		}
		sh_buf_free(&b);
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

static bool
head_absent(const struct obj *o, enum sh_rf f)
{
	return f == SH_RF_ROUND_CREATED && o->w->in->round_created == NULL;
}

/* The members that are not arrays of records, and their objects. */
static void
head_value(const struct obj *o, enum sh_rf f, struct sh_jw *jw)
{
	const struct sh_results_input	*in = o->w->in;
	const struct sh_tally_settings	*st = &o->w->res->tally->settings;

	switch (f) {
	case SH_RF_FORMAT:
		sh_jw_str(jw, SH_RESULTS_FORMAT);
		break;
	case SH_RF_ROUND:
	case SH_RF_RUBRIC:
	case SH_RF_SETTINGS:
		put_object(o, f, head_absent, head_value, jw);
		break;
	case SH_RF_SECRETARIAT_KEY:
		sh_jw_str(jw, in->secretariat_key);
		break;
	case SH_RF_SECRETARIAT_RECIPIENT:
		sh_jw_str(jw, in->secretariat_recipient ?
		    in->secretariat_recipient : "");
		break;
	case SH_RF_PUBLISHED:
		sh_jw_str(jw, in->published);
		break;
	case SH_RF_ROUND_ID:
		sh_jw_str(jw, in->round_id);
		break;
	case SH_RF_ROUND_TITLE:
		sh_jw_str(jw, in->round_title);
		break;
	case SH_RF_ROUND_CREATED:
		sh_jw_str(jw, in->round_created);
		break;
	case SH_RF_RUBRIC_ID:
		sh_jw_str(jw, in->rubric->id);
		break;
	case SH_RF_RUBRIC_SHA256:
		sh_jw_str(jw, in->rubric->hash_hex);
		break;
	case SH_RF_TRIM:
		sh_jw_bool(jw, st->trim);
		break;
	case SH_RF_MIN_REVIEWERS:
		sh_jw_int(jw, (long long)st->min_reviewers_to_trim);
		break;
	case SH_RF_MIN_PROPOSALS:
		sh_jw_int(jw, (long long)st->min_proposals_per_reviewer);
		break;
	default:
		break;
	}
}

static bool
roster_absent(const struct obj *o, enum sh_rf f)
{
	return f == SH_RF_ROSTER_RECIPIENT &&
	    o->w->in->roster[o->i].recipient == NULL;
}

static void
roster_value(const struct obj *o, enum sh_rf f, struct sh_jw *jw)
{
	const struct sh_results_roster *r = &o->w->in->roster[o->i];

	sh_jw_str(jw, f == SH_RF_ROSTER_ID ? r->id : f == SH_RF_ROSTER_KEY ?
	    r->public_key : r->recipient);
}

static void
sheet_value(const struct obj *o, enum sh_rf f, struct sh_jw *jw)
{
	const struct sh_results_sheet *sh = &o->w->in->sheets[o->i];

	switch (f) {
	case SH_RF_SHEET_REVISION:
		sh_jw_int(jw, sh->revision);
		break;
	case SH_RF_SHEET_CURRENT:
		sh_jw_bool(jw, sh->current);
		break;
	default:
		sh_jw_str(jw, f == SH_RF_SHEET_REVIEWER ? sh->reviewer :
		    sh->sha256);
	}
}

static void
decision_value(const struct obj *o, enum sh_rf f, struct sh_jw *jw)
{
	const struct sh_results_decision *d = &o->w->in->decisions[o->i];

	sh_jw_str(jw, f == SH_RF_DEC_PROPOSAL ? d->proposal :
	    f == SH_RF_DEC_REVIEWER ? d->reviewer :
	    d->allow ? "allow" : "refuse");
}

static void
reviewer_value(const struct obj *o, enum sh_rf f, struct sh_jw *jw)
{
	const struct sh_tally_reviewer *r =
	    sh_tally_reviewer(o->w->res->tally, o->i);

	switch (f) {
	case SH_RF_REV_ID:
		sh_jw_raw(jw, o->w->rid[o->i]);
		break;
	case SH_RF_REV_COUNTED:
		sh_jw_int(jw, (long long)r->n);
		break;
	case SH_RF_REV_MEAN:
	case SH_RF_REV_SD:
		put_fixed6(jw, f == SH_RF_REV_MEAN ? r->mean : r->sd);
		break;
	default:
		put_flags(jw, SH_RESULTS_FLAGS_REVIEWER, r->flags);
	}
}

/* One review: the bulk of the document. */
static void
review_value(const struct obj *o, enum sh_rf f, struct sh_jw *jw)
{
	const struct sh_tally_entry *e = o->e;

	switch (f) {
	case SH_RF_RV_REVIEWER:
		sh_jw_raw(jw, o->w->rid[e->reviewer]);
		break;
	case SH_RF_RV_CONFLICT:
		sh_jw_str(jw, sh_results_conflict_name((int)e->conflict));
		break;
	case SH_RF_RV_TOTAL:
		if (e->flags & SH_TALLY_E_SCORED)
			sh_jw_int(jw, (long long)e->total);
		else
			sh_jw_null(jw);
		break;
	case SH_RF_RV_DEV:
		if (e->flags & SH_TALLY_E_COUNTED)
			put_fixed6(jw, sh_tally_entry_dev(o->w->res->tally, e));
		else
			sh_jw_null(jw);
		break;
	case SH_RF_RV_STATUS:
		sh_jw_str(jw, sh_results_status_name(e));
		break;
	default:
		put_flags(jw, SH_RESULTS_FLAGS_REVIEW, e->obs_flags);
	}
}

static void
proposal_value(const struct obj *o, enum sh_rf f, struct sh_jw *jw)
{
	const struct sh_results_proposal *mp = &o->w->in->proposals[o->i];
	const struct sh_tally_proposal	*p =
	    sh_tally_proposal(o->w->res->tally, o->i);
	const struct sh_tally_entry	*es;
	struct obj			 rv = *o;
	size_t				 j, n;
	char				 buf[32];

	if (p->rank == 0 && (f == SH_RF_P_RANK || f == SH_RF_P_SCORE ||
	    f == SH_RF_P_TENTHS)) {
		sh_jw_null(jw);
		return;
	}
	switch (f) {
	case SH_RF_P_ID:
		sh_jw_str(jw, mp->id);
		break;
	case SH_RF_P_VARIANT:
		sh_jw_str(jw, mp->variant);
		break;
	case SH_RF_P_PREFECTURE:
		sh_jw_str(jw, mp->prefecture);
		break;
	case SH_RF_P_FACTS:
		put_facts(jw, mp->facts);
		break;
	case SH_RF_P_RANK:
		sh_jw_int(jw, (long long)p->rank);
		break;
	case SH_RF_P_SCORE:
		sh_jw_str(jw, sh_tally_fmt_tenths(p->tenths, buf, sizeof buf));
		break;
	case SH_RF_P_TENTHS:
		sh_jw_int(jw, (long long)p->tenths);
		break;
	case SH_RF_P_FLAGS:
		put_flags(jw, SH_RESULTS_FLAGS_PROPOSAL, p->flags);
		break;
	case SH_RF_P_REVIEWS:
		sh_jw_arr_begin(jw);
		es = sh_tally_entries(o->w->res->tally, o->i, &n);
		for (j = 0; j < n && !sh_jw_failed(jw); j++) {
			rv.e = &es[j];
			put_object(&rv, SH_RF_P_REVIEWS, NULL, review_value,
			    jw);
			sh_jw_flush(jw);
		}
		sh_jw_arr_end(jw);
		break;
	case SH_RF_P_TITLE:
		sh_jw_str(jw, mp->title);
		break;
	default:
		sh_jw_str(jw, mp->applicant);
	}
}

/*
 * An array of n records, each written and handed to the sink before the
 * next: one record in memory at a time.
 */
static void
put_records(struct sh_results_writer *w, enum sh_rf f, size_t n,
    obj_absent_fn *absent, obj_value_fn *value, struct sh_jw *jw)
{
	struct obj o = { w, 0, NULL };

	sh_jw_arr_begin(jw);
	for (o.i = 0; o.i < n && !sh_jw_failed(jw); o.i++) {
		put_object(&o, f, absent, value, jw);
		sh_jw_flush(jw);
	}
	sh_jw_arr_end(jw);
}

static void
put_ranking(struct sh_results_writer *w, struct sh_jw *jw)
{
	const struct sh_tally_proposal	*p;
	size_t				 i;

	sh_jw_arr_begin(jw);
	for (i = 0; i < w->in->nproposals; i++) {
		p = sh_tally_ranked(w->res->tally, i);
		if (p != NULL && p->rank > 0)
			sh_jw_str(jw, w->in->proposals[p->id].id);
	}
	sh_jw_arr_end(jw);
}

/* The value of the document's member f. */
static void
put_member(struct sh_results_writer *w, enum sh_rf f, struct sh_jw *jw)
{
	const struct sh_results_input	*in = w->in;
	struct obj			 o = { w, 0, NULL };

	switch (f) {
	case SH_RF_ROSTER:
		put_records(w, f, in->nroster, roster_absent, roster_value,
		    jw);
		break;
	case SH_RF_SHEETS:
		put_records(w, f, in->nsheets, NULL, sheet_value, jw);
		break;
	case SH_RF_DECISIONS:
		put_records(w, f, in->ndecisions, NULL, decision_value, jw);
		break;
	case SH_RF_REVIEWERS:
		put_records(w, f, w->res->nreviewers, NULL, reviewer_value,
		    jw);
		break;
	case SH_RF_PROPOSALS:
		put_records(w, f, in->nproposals, NULL, proposal_value, jw);
		break;
	case SH_RF_RANKING:
		put_ranking(w, jw);
		break;
	default:
		head_value(&o, f, jw);
	}
}

/* Member k of the document is row k + 1 (the table's order). */
#define NMEMBERS	(SH_RF_RANKING - SH_RF_DOC)

const char *
sh_results_member_name(size_t k)
{
	return k < NMEMBERS ? sh_results_fields[k + 1].name : NULL;
}

void
sh_results_write_member(struct sh_results_writer *w, size_t k,
    struct sh_sink *s)
{
	struct sh_jw jw;

	sh_jw_init_sink(&jw, s, SH_JW_JANSSON);
	if (k < NMEMBERS)
		put_member(w, (enum sh_rf)(k + 1), &jw);
}

void
sh_results_write_proposal(struct sh_results_writer *w, size_t i,
    struct sh_sink *s)
{
	struct obj	o = { w, i, NULL };
	struct sh_jw	jw;

	sh_jw_init_sink(&jw, s, SH_JW_JANSSON);
	put_object(&o, SH_RF_PROPOSALS, NULL, proposal_value, &jw);
}

/* The document, or only the members in `only` (NULL-terminated). */
static void
put_document(struct sh_results_writer *w, const enum sh_rf *only,
    struct sh_jw *jw)
{
	size_t k;

	sh_jw_obj_begin(jw);
	for (k = 0; k < NMEMBERS && !sh_jw_failed(jw); k++) {
		if (only != NULL && only[0] != (enum sh_rf)(k + 1))
			continue;
		if (only != NULL)
			only++;
		sh_jw_key(jw, sh_results_fields[k + 1].name);
		put_member(w, (enum sh_rf)(k + 1), jw);
	}
	sh_jw_obj_end(jw);
}

void
sh_results_write(const struct sh_results_input *in,
    const struct sh_results *res, bool names, struct sh_sink *s)
{
	struct sh_results_writer	*w;
	struct sh_jw			 jw;

	if ((w = sh_results_writer_new(in, res, names)) == NULL) {
		sh_sink_fail(s, "out of memory");
		return;
	}
	sh_jw_init_sink(&jw, s, SH_JW_JANSSON);
	put_document(w, NULL, &jw);
	sh_results_writer_free(w);
}

json_t *
sh_results_head_doc(const struct sh_results_input *in,
    const struct sh_results *res, struct sh_err *err)
{
	/* In the document's order; what round.json and roster.json need. */
	static const enum sh_rf head[] = { SH_RF_ROUND, SH_RF_RUBRIC,
	    SH_RF_SECRETARIAT_KEY, SH_RF_SECRETARIAT_RECIPIENT, SH_RF_ROSTER,
	    SH_RF_DOC };
	struct sh_results_writer	*w;
	struct sh_buf			 b;
	struct sh_jw			 jw;
	json_t				*doc = NULL;

	if ((w = sh_results_writer_new(in, res, false)) == NULL) {
		sh_errf(err, "out of memory");
		return NULL;
	}
	sh_buf_init(&b, false);
	sh_jw_init_style(&jw, &b, SH_JW_JANSSON);
	put_document(w, head, &jw);
	if (sh_jw_finish(&jw, err) == 0)
		sh_json_load(b.data, b.len, SIZE_MAX, &doc, err);
	sh_buf_free(&b);
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
	struct sh_tally_settings ts;
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
	sh_tally_settings_init(&ts, in->rubric->tally.trim);
	ts.min_reviewers_to_trim =
	    (size_t)in->rubric->tally.min_reviewers_to_trim;
	ts.min_proposals_per_reviewer =
	    (size_t)in->rubric->tally.min_proposals_per_reviewer;
	/* The reviews, 8 bytes each, become the tally's entries in place. */
	if ((res->tally = sh_tally_run_built(&c.tb, res->nreviewers,
	    in->nproposals, &ts, err)) == NULL)
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
