/*
 * The workstation model; see model.h. Scoring rules here mirror
 * docs/rubric-format.md and DESIGN.md §2 (rules 1–7, 10).
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "base/buf.h"
#include "base/text.h"
#include "model.h"

static const char *const conflict_labels[SH_DECLARE_NCODES] = {
	"(ア)", "(イ)", "(ウ)", "(エ)", "(オ)", "(カ)", "(キ)"
};

/* Seed 003 §4(2)①, verbatim. */
static const char *const conflict_texts[SH_DECLARE_NCODES] = {
	"競争参加者の企画提案書の中に、何らかの形で審査委員自身が参画する"
	"内容の記載があった場合",
	"審査委員が所属している法人等から申請があった場合",
	"審査委員自身が、過去5年以内に競争参加者から寄附を受けている場合",
	"審査委員自身が、過去5年以内に競争参加者と共同研究又は共同で事業を"
	"行い且つそのための資金を審査委員自身が受けている場合",
	"審査委員自身と競争参加者との間に、過去5年以内に取引があり且つ競争"
	"参加者からその対価を審査委員自身が受け取っている場合",
	"審査委員自身が、競争参加者の発行した株式または新株予約権を保有して"
	"いる場合",
	"その他、競争参加者（競争参加者が法人の場合はその役員、その他企画"
	"提案書の中の研究代表者又は共同参画者等を含む）との間に深い利害関係"
	"があり、当該競争参加者の審査を行った場合に社会通念上の疑義を抱かれ"
	"るおそれがある場合",
};

const char *
ws_conflict_label(unsigned i)
{
	return i < SH_DECLARE_NCODES ? conflict_labels[i] : "";
}

const char *
ws_conflict_text(unsigned i)
{
	return i < SH_DECLARE_NCODES ? conflict_texts[i] : "";
}

/* Strings */

static void
wipe_free(char *s)
{
	if (s != NULL) {
		sodium_memzero(s, strlen(s));
		free(s);
	}
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

/* Replaces *field by a copy of text (NULL/"" clears); -1 on no memory. */
static int
replace(char **field, const char *text)
{
	char *n = NULL;

	if (text != NULL && *text != '\0' && (n = strdup(text)) == NULL)
		return -1;
	wipe_free(*field);
	*field = n;
	return 0;
}

/* Loading */

/* By id, then by place, so that the first of equal ids comes first. */
static int
byid_cmp(const void *a, const void *b)
{
	const struct ws_proposal	*x = *(struct ws_proposal *const *)a;
	const struct ws_proposal	*y = *(struct ws_proposal *const *)b;
	int				 c;

	if ((c = strcmp(x->id, y->id)) != 0)
		return c;
	return x < y ? -1 : x > y;
}

struct ws *
ws_new(struct sh_package *pkg, struct sh_rubric *rubric, struct sh_err *err)
{
	struct ws			*ws;
	struct ws_proposal		*p;
	struct sh_package_proposal	*pp;
	size_t				 i;

	if ((ws = calloc(1, sizeof(*ws))) == NULL) {
		sh_package_free(pkg);
		sh_rubric_free(rubric);
		sh_errf(err, "out of memory");
		return NULL;
	}
	sh_tar_init(&ws->docs, true);
	ws->rubric = rubric;
	ws->pkg = *pkg;
	sh_package_init(pkg);
	if (sh_package_check(&ws->pkg, rubric, err) != 0)
		goto fail;
	if (ws->pkg.nproposals == 0) {
		sh_errf(err, "package.json: no proposals assigned");
		goto fail;
	}
	ws->round_id = ws->pkg.round_id;
	ws->round_title = ws->pkg.round_title;
	ws->reviewer_id = ws->pkg.reviewer_id;
	ws->reviewer_name = ws->pkg.reviewer_name;
	ws->props = calloc(ws->pkg.nproposals, sizeof(*ws->props));
	if (ws->props == NULL) {
		sh_errf(err, "out of memory");
		goto fail;
	}
	for (i = 0; i < ws->pkg.nproposals; i++) {
		pp = &ws->pkg.proposals[i];
		p = &ws->props[i];
		p->id = pp->id;
		p->title = pp->title;
		p->applicant = pp->applicant;
		p->variant_id = pp->variant;
		p->prefecture = pp->prefecture;
		p->facts = &pp->facts;
		p->rubric = rubric;
		p->variant = sh_rubric_variant(rubric, pp->variant);
		if (p->variant == NULL) {
			sh_errf(err, "proposal %s: variant %s not in rubric "
			    "%s", pp->id, pp->variant, rubric->id);
			goto fail;
		}
		p->entries = calloc(p->variant->nitems + 1,
		    sizeof(*p->entries));
		if (p->entries == NULL) {
			sh_errf(err, "out of memory");
			goto fail;
		}
		ws->nprops++;
	}
	if ((ws->byid = calloc(ws->nprops, sizeof(*ws->byid))) == NULL) {
		sh_errf(err, "out of memory");
		goto fail;
	}
	for (i = 0; i < ws->nprops; i++)
		ws->byid[i] = &ws->props[i];
	qsort(ws->byid, ws->nprops, sizeof(*ws->byid), byid_cmp);
	return ws;
fail:
	ws_free(ws);
	return NULL;
}

struct ws *
ws_from_package(const void *data, size_t len, struct sh_rubric *rubric,
    struct sh_err *err)
{
	struct sh_package pkg;

	sh_package_init(&pkg);
	if (sh_package_parse(data, len, &pkg, err) != 0) {
		sh_rubric_free(rubric);
		return NULL;
	}
	return ws_new(&pkg, rubric, err);
}

struct ws *
ws_load_files(const char *package_json, const char *rubric_path,
    struct sh_err *err)
{
	struct sh_rubric	*r;
	struct sh_buf		 b;
	struct ws		*ws;

	if ((r = sh_rubric_load_file(rubric_path, err)) == NULL)
		return NULL;
	sh_buf_init(&b, true);
	if (sh_read_file(package_json, WS_PACKAGE_MAX, &b, err) != 0) {
		sh_rubric_free(r);
		return NULL;
	}
	ws = ws_from_package(b.data, b.len, r, err);
	sh_buf_free(&b);
	return ws;
}

static void
proposal_free(struct ws_proposal *p)
{
	size_t i;

	if (p->entries != NULL && p->variant != NULL)
		for (i = 0; i < p->variant->nitems; i++)
			wipe_free(p->entries[i].comment);
	free(p->entries);
	wipe_free(p->remarks);
	wipe_free(p->conditions);
	wipe_free(p->statement);
	wipe_free(p->scratch);
	wipe_free(p->undo.text);
}

void
ws_free(struct ws *ws)
{
	size_t i;

	if (ws == NULL)
		return;
	for (i = 0; i < ws->nprops; i++)
		proposal_free(&ws->props[i]);
	free(ws->props);
	free(ws->byid);
	sh_package_free(&ws->pkg);
	sh_rubric_free(ws->rubric);
	sh_tar_free(&ws->docs);
	free(ws);
}

const struct sh_package_doc *
ws_docs(const struct ws *ws, size_t prop, size_t *n)
{
	*n = prop < ws->pkg.nproposals ? ws->pkg.proposals[prop].ndocs : 0;
	return *n > 0 ? ws->pkg.proposals[prop].docs : NULL;
}

const struct sh_buf *
ws_doc_bytes(const struct ws *ws, const struct sh_package_doc *d)
{
	const struct sh_tar_member *m = sh_tar_find(&ws->docs, d->path);

	return m != NULL ? &m->data : NULL;
}

struct ws_proposal *
ws_proposal(struct ws *ws, const char *id)
{
	size_t	lo = 0, hi = ws->nprops, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(ws->byid[mid]->id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < ws->nprops && strcmp(ws->byid[lo]->id, id) == 0)
		return ws->byid[lo];
	return NULL;
}

const struct sh_item *
ws_item(const struct ws_proposal *p, size_t i)
{
	return i < p->variant->nitems ? &p->variant->items[i] : NULL;
}

size_t
ws_nitems(const struct ws_proposal *p)
{
	return p->variant->nitems;
}

/* Changes */

static int
save(struct ws *ws, const struct ws_proposal *p, struct sh_err *err)
{
	if (ws->save == NULL)
		return 0;
	return ws->save(ws, p, ws->save_arg, err);
}

/* Undo records: each change, once saved, replaces the last one. */
static void
undo_forget(struct ws_proposal *p)
{
	wipe_free(p->undo.text);
	memset(&p->undo, 0, sizeof(p->undo));
}

static void
undo_entry(struct ws_proposal *p, size_t item, const struct ws_entry *old)
{
	undo_forget(p);
	p->undo.kind = WS_UNDO_ENTRY;
	p->undo.item = item;
	p->undo.set = old->set;
	p->undo.value = old->value;
	p->undo.cannot_judge = old->cannot_judge;
}

int
ws_declare(struct ws *ws, struct ws_proposal *p, unsigned declared,
    enum ws_conflict_state state, struct sh_err *err)
{
	unsigned		old_d = p->declared;
	enum ws_conflict_state	old_s = p->conflict;

	if (!sh_conflict_known(declared))
		return sh_errf(err, "proposal %s: unknown conflict code",
		    p->id);
	if (state == WS_CONFLICT_UNDECLARED)
		declared = 0;
	else if (sh_conflict_must_withdraw(declared, NULL) &&
	    state != WS_CONFLICT_WITHDRAW)
		return sh_errf(err, "proposal %s: (ア)–(カ) declared: the "
		    "reviewer must not review it", p->id);
	p->declared = declared;
	p->conflict = state;
	if (save(ws, p, err) != 0) {
		p->declared = old_d;
		p->conflict = old_s;
		return -1;
	}
	undo_forget(p);
	p->undo.kind = WS_UNDO_DECLARE;
	p->undo.declared = old_d;
	p->undo.conflict = (int)old_s;
	return 0;
}

static int
need_reviewable(struct ws_proposal *p, size_t item, struct sh_err *err,
    const struct sh_item **it)
{
	if ((*it = ws_item(p, item)) == NULL)
		return sh_errf(err, "proposal %s: no item %zu", p->id, item);
	if (p->conflict == WS_CONFLICT_UNDECLARED)
		return sh_errf(err, "proposal %s: declare conflicts of "
		    "interest before scoring", p->id);
	if (p->conflict == WS_CONFLICT_WITHDRAW)
		return sh_errf(err, "proposal %s: withdrawn for a conflict "
		    "of interest", p->id);
	return 0;
}

/* Checks a candidate entry with the core's rules for invalid values. */
static int
check_entry(const struct ws *ws, const struct sh_item *it,
    const struct ws_entry *e, struct sh_err *err)
{
	struct sh_entry		 se = { e->set, e->value, e->cannot_judge,
				    e->comment };
	struct sh_problem	 pr;

	if (!sh_rule_reviewer_value(ws->rubric, it, &se, &pr) ||
	    !sh_rule_score_range(ws->rubric, it, &se, &pr) ||
	    !sh_rule_bonus_value(ws->rubric, it, &se, &pr) ||
	    !sh_rule_cannot_judge_score(ws->rubric, it, &se, &pr))
		return sh_problem_err(&pr, err);
	return 0;
}

/*
 * Keeps the change just made to entry item (old: the entry before it):
 * checked by the rules of item it when it is not NULL, saved and recorded
 * for undo; or, if any of that fails, the entry is put back.
 */
static int
entry_keep(struct ws *ws, struct ws_proposal *p, size_t item,
    const struct ws_entry *old, const struct sh_item *it, struct sh_err *err)
{
	struct ws_entry	*e = &p->entries[item];

	if ((it != NULL && check_entry(ws, it, e, err) != 0) ||
	    save(ws, p, err) != 0) {
		*e = *old;
		return -1;
	}
	undo_entry(p, item, old);
	return 0;
}

int
ws_set_value(struct ws *ws, struct ws_proposal *p, size_t item, int value,
    struct sh_err *err)
{
	const struct sh_item	*it;
	struct ws_entry		*e, old;

	if (need_reviewable(p, item, err, &it) != 0)
		return -1;
	e = &p->entries[item];
	old = *e;
	e->set = true;
	e->value = value;
	if (it->kind == SH_ITEM_JUDGED &&
	    value != ws->rubric->cannot_judge_score)
		e->cannot_judge = false;
	return entry_keep(ws, p, item, &old, it, err);
}

int
ws_clear_value(struct ws *ws, struct ws_proposal *p, size_t item,
    struct sh_err *err)
{
	const struct sh_item	*it;
	struct ws_entry		*e, old;

	if (need_reviewable(p, item, err, &it) != 0)
		return -1;
	e = &p->entries[item];
	old = *e;
	e->set = false;
	e->value = 0;
	e->cannot_judge = false;
	return entry_keep(ws, p, item, &old, NULL, err);
}

int
ws_set_cannot_judge(struct ws *ws, struct ws_proposal *p, size_t item,
    bool on, struct sh_err *err)
{
	const struct sh_item	*it;
	struct ws_entry		*e, old;

	if (need_reviewable(p, item, err, &it) != 0)
		return -1;
	if (it->kind != SH_ITEM_JUDGED)
		return sh_errf(err, "item %s: only judged items can be "
		    "marked cannot judge", it->id);
	e = &p->entries[item];
	old = *e;
	if (on) {
		struct sh_entry se = { e->set, e->value, false, NULL };

		sh_entry_set_cannot_judge(ws->rubric, &se);
		e->set = se.set;
		e->value = se.value;
	}
	e->cannot_judge = on;
	return entry_keep(ws, p, item, &old, NULL, err);
}

enum text_field {
	TF_COMMENT, TF_REMARKS, TF_CONDITIONS, TF_STATEMENT, TF_SCRATCH
};

/* Why a text is refused. */
enum text_fault { TX_TOOLONG, TX_UTF8, TX_CONTROL };

/* Says which text is refused and why, the name a message key of its own
 * (base/err.h) so that it is translated. */
static int
text_err(struct sh_err *err, enum text_field what, size_t max,
    enum text_fault why)
{
	switch (why) {
	case TX_TOOLONG:
		sh_errf(err, "over %zu bytes", max);
		break;
	case TX_UTF8:
		sh_errf(err, "not UTF-8");
		break;
	case TX_CONTROL:
		sh_errf(err, "has a control or direction-override "
		    "character (only tabs and line breaks may be in a text)");
		break;
	}
	switch (what) {
	case TF_COMMENT:
		return sh_err_prefix(err, "comment");
	case TF_REMARKS:
		return sh_err_prefix(err, "remarks");
	case TF_CONDITIONS:
		return sh_err_prefix(err, "conditions");
	case TF_STATEMENT:
		return sh_err_prefix(err, "(キ) statement");
	case TF_SCRATCH:
		break;
	}
	return sh_err_prefix(err, "scratchpad");
}

/*
 * Texts are multi-line UTF-8 with no control character but tab and line
 * feed, and no direction override (sh_text_safe): what a sheet may carry
 * (sh_json_text_ok), so a draft never holds what submission would refuse,
 * and what the form writes back unchanged (a NUL or a CR would not
 * survive its lines).
 */
static const enum ws_undo_kind text_undo[] = {
	[TF_COMMENT] = WS_UNDO_COMMENT,
	[TF_REMARKS] = WS_UNDO_REMARKS,
	[TF_CONDITIONS] = WS_UNDO_CONDITIONS,
	[TF_STATEMENT] = WS_UNDO_STATEMENT,
	[TF_SCRATCH] = WS_UNDO_SCRATCH
};

static int
set_text(struct ws *ws, struct ws_proposal *p, char **field, size_t item,
    const char *text, size_t max, enum text_field what, struct sh_err *err)
{
	char	*old;
	size_t	 len = text != NULL ? strlen(text) : 0;

	if (text != NULL && (len > max || !sh_text_safe(text, len, true))) {
		text_err(err, what, max, len > max ? TX_TOOLONG :
		    !sh_utf8_valid(text, len) ? TX_UTF8 : TX_CONTROL);
		return sh_err_prefix(err, "proposal %s", p->id);
	}
	old = dup_or_null(*field);
	if (*field != NULL && old == NULL)
		return sh_errf(err, "out of memory");
	if (replace(field, text) != 0) {
		wipe_free(old);
		return sh_errf(err, "out of memory");
	}
	if (save(ws, p, err) != 0) {
		wipe_free(*field);
		*field = old;
		return -1;
	}
	/* The replaced text moves into the undo record. */
	undo_forget(p);
	p->undo.kind = text_undo[what];
	p->undo.item = item;
	p->undo.text = old;
	return 0;
}

int
ws_set_comment(struct ws *ws, struct ws_proposal *p, size_t item,
    const char *text, struct sh_err *err)
{
	const struct sh_item *it;

	if (need_reviewable(p, item, err, &it) != 0)
		return -1;
	if (it->kind != SH_ITEM_JUDGED && it->kind != SH_ITEM_BONUS)
		return sh_errf(err, "item %s: objective items take no "
		    "comment", it->id);
	return set_text(ws, p, &p->entries[item].comment, item, text,
	    WS_MAX_COMMENT, TF_COMMENT, err);
}

/* Where each of a proposal's own texts is kept and its limit. */
static const struct {
	enum text_field	 what;
	size_t		 off;	/* of its char * in struct ws_proposal */
	size_t		 max;
} ws_texts[] = {
	[WS_TEXT_REMARKS] = { TF_REMARKS,
	    offsetof(struct ws_proposal, remarks), WS_MAX_REMARKS },
	[WS_TEXT_CONDITIONS] = { TF_CONDITIONS,
	    offsetof(struct ws_proposal, conditions), WS_MAX_REMARKS },
	[WS_TEXT_STATEMENT] = { TF_STATEMENT,
	    offsetof(struct ws_proposal, statement), WS_MAX_REMARKS },
	[WS_TEXT_SCRATCH] = { TF_SCRATCH,
	    offsetof(struct ws_proposal, scratch), WS_MAX_SCRATCH }
};

int
ws_set_text(struct ws *ws, struct ws_proposal *p, enum ws_text which,
    const char *text, struct sh_err *err)
{
	char	**field = (char **)((char *)p + ws_texts[which].off);

	return set_text(ws, p, field, 0, text, ws_texts[which].max,
	    ws_texts[which].what, err);
}

bool
ws_can_undo(const struct ws_proposal *p)
{
	return p->undo.kind != WS_UNDO_NONE;
}

/* The field a text undo record belongs to. */
static char **
undo_field(struct ws_proposal *p)
{
	switch (p->undo.kind) {
	case WS_UNDO_COMMENT:
		return &p->entries[p->undo.item].comment;
	case WS_UNDO_REMARKS:
		return &p->remarks;
	case WS_UNDO_CONDITIONS:
		return &p->conditions;
	case WS_UNDO_STATEMENT:
		return &p->statement;
	case WS_UNDO_SCRATCH:
		return &p->scratch;
	default:
		return NULL;
	}
}

/*
 * Swaps the record with the proposal's state: applied once to undo and,
 * if saving fails, once more to put everything back. The state it
 * restores was accepted when it was made, so no rule is checked again.
 */
static void
undo_swap(struct ws_proposal *p)
{
	struct ws_undo	*u = &p->undo;
	struct ws_entry	*e;
	char		**field, *t;
	unsigned	 d;
	int		 c, v;
	bool		 b;

	switch (u->kind) {
	case WS_UNDO_NONE:
		break;
	case WS_UNDO_DECLARE:
		d = p->declared;
		c = (int)p->conflict;
		p->declared = u->declared;
		p->conflict = (enum ws_conflict_state)u->conflict;
		u->declared = d;
		u->conflict = c;
		break;
	case WS_UNDO_ENTRY:
		e = &p->entries[u->item];
		b = e->set;
		e->set = u->set;
		u->set = b;
		v = e->value;
		e->value = u->value;
		u->value = v;
		b = e->cannot_judge;
		e->cannot_judge = u->cannot_judge;
		u->cannot_judge = b;
		break;
	default:
		field = undo_field(p);
		t = *field;
		*field = u->text;
		u->text = t;
		break;
	}
}

int
ws_undo(struct ws *ws, struct ws_proposal *p, struct sh_err *err)
{
	if (!ws_can_undo(p))
		return sh_errf(err, "proposal %s: nothing to undo", p->id);
	undo_swap(p);
	if (save(ws, p, err) != 0) {
		undo_swap(p);
		return -1;
	}
	undo_forget(p);
	return 0;
}

/* Points and progress: the core's rules (review/rules.h). */

void
ws_entries(const struct ws_proposal *p, struct sh_entry *out)
{
	size_t i;

	for (i = 0; i < p->variant->nitems; i++) {
		out[i].set = p->entries[i].set;
		out[i].value = p->entries[i].value;
		out[i].cannot_judge = p->entries[i].cannot_judge;
		out[i].comment = p->entries[i].comment;
	}
}

const struct sh_band *
ws_item_band(const struct ws_proposal *p, size_t item, double *fact)
{
	const struct sh_item	*it = ws_item(p, item);
	double			 v;

	if (it == NULL || it->kind != SH_ITEM_INDICATOR ||
	    !sh_facts_get(p->facts, it->fact, &v))
		return NULL;
	if (fact != NULL)
		*fact = v;
	return sh_item_band(it, v);
}

const struct sh_cert_option *
ws_item_cert(const struct ws_proposal *p, size_t item)
{
	const struct sh_item		*it = ws_item(p, item);
	const struct sh_cert_option	*best = NULL, *o;
	size_t				 i;

	if (it == NULL || it->kind != SH_ITEM_CERTIFICATION)
		return NULL;
	/* The option that gives the points: the highest one held. */
	for (i = 0; i < p->facts->ncerts; i++) {
		o = sh_item_option(it, p->facts->certs[i]);
		if (o != NULL && (best == NULL || o->points > best->points))
			best = o;
	}
	return best;
}

/* Item item of p and its entry as the core rules take it; NULL: none. */
static const struct sh_item *
rule_entry(const struct ws_proposal *p, size_t item, struct sh_entry *se)
{
	const struct sh_item	*it = ws_item(p, item);
	const struct ws_entry	*e;

	if (it == NULL)
		return NULL;
	e = &p->entries[item];
	se->set = e->set;
	se->value = e->value;
	se->cannot_judge = e->cannot_judge;
	se->comment = e->comment;
	return it;
}

bool
ws_item_points(const struct ws_proposal *p, size_t item, int *points)
{
	const struct sh_item	*it;
	struct sh_entry		 se;

	if ((it = rule_entry(p, item, &se)) == NULL)
		return false;
	/* A rubric from the loader and a checked package: never -1 here,
	 * but a -1 is "no points" rather than a guess. */
	return sh_item_points(p->rubric, it, &se, p->facts, points,
	    NULL) == 1;
}

void
ws_progress(const struct ws_proposal *p, size_t *done, size_t *total)
{
	struct sh_entry es[SH_RUBRIC_MAX_ITEMS];

	ws_entries(p, es);
	sh_entries_progress(p->rubric, p->variant, es, p->variant->nitems, done,
	    total);
}

int
ws_total(const struct ws_proposal *p, int *maximum)
{
	size_t	i;
	int	sum = 0, pts;

	for (i = 0; i < p->variant->nitems; i++)
		if (ws_item_points(p, i, &pts))
			sum += pts;
	if (maximum != NULL)
		*maximum = p->variant->max_points;
	return sum;
}

bool
ws_comment_required(const struct ws *ws, const struct ws_proposal *p,
    size_t item)
{
	const struct sh_item	*it = ws_item(p, item);
	const struct ws_entry	*e;

	if (it == NULL || it->kind != SH_ITEM_JUDGED)
		return false;
	e = &p->entries[item];
	if (e->cannot_judge)
		return true;
	return e->set && e->value >= SH_SCORE_MIN &&
	    e->value <= SH_SCORE_MAX && ws->rubric->comment_required[e->value];
}

bool
ws_comment_missing(const struct ws *ws, const struct ws_proposal *p,
    size_t item)
{
	const struct sh_item	*it;
	struct sh_entry		 se;

	if ((it = rule_entry(p, item, &se)) == NULL)
		return false;
	return !sh_rule_comment_required(ws->rubric, it, &se, NULL) ||
	    !sh_rule_cannot_judge_reason(ws->rubric, it, &se, NULL);
}

/* Problems and flags */

static void
add_problem(struct ws_problem *out, size_t max, size_t *n, size_t prop,
    enum ws_where where, size_t item, enum ws_problem_kind kind, int score,
    const struct sh_problem *sp)
{
	struct ws_problem *w;

	if (out != NULL && *n < max) {
		w = &out[*n];
		memset(w, 0, sizeof(*w));
		w->prop = prop;
		w->where = where;
		w->item = item;
		w->kind = kind;
		w->score = score;
		w->whole = true;
		w->key = "";
		if (sp != NULL) {
			w->whole = sp->item == SH_NO_ITEM;
			w->key = sp->key;
			memcpy(w->args, sp->args, sizeof(w->args));
			w->nargs = sp->nargs;
		}
	}
	(*n)++;
}

/* A problem of its own when the rules could not be checked. */
static const struct sh_problem oom = {
	.kind = SH_PROBLEM_ENTRIES, .invalid = true, .item = SH_NO_ITEM,
	.key = "out of memory"
};

size_t
ws_prop_problems(const struct ws *ws, size_t prop, struct ws_problem *out,
    size_t max)
{
	const struct ws_proposal	*p = &ws->props[prop];
	struct sh_entry			 es[SH_RUBRIC_MAX_ITEMS];
	struct sh_problems		 list;
	const struct sh_problem		*sp;
	enum ws_problem_kind		 kind;
	size_t				 i, n = 0;

	if (p->conflict == WS_CONFLICT_UNDECLARED) {
		add_problem(out, max, &n, prop, WS_AT_CONFLICT, 0,
		    WS_P_UNDECLARED, 0, NULL);
		return n;
	}
	if (p->conflict == WS_CONFLICT_WITHDRAW)
		return 0;
	if (sh_conflict_statement_missing(p->declared, false, p->statement))
		add_problem(out, max, &n, prop, WS_AT_CONFLICT, 0,
		    WS_P_NEEDS_STATEMENT, 0, NULL);
	ws_entries(p, es);
	sh_problems_init(&list);
	if (sh_rules_check(ws->rubric, p->variant, es, p->variant->nitems,
	    &list, NULL) < 0) {
		/* No memory: say the proposal is not ready, never ready. */
		sh_problems_free(&list);
		add_problem(out, max, &n, prop, WS_AT_ITEM, 0, WS_P_INVALID,
		    0, &oom);
		return n;
	}
	for (i = 0; i < list.n; i++) {
		sp = &list.v[i];
		switch (sp->kind) {
		case SH_PROBLEM_MISSING:
			kind = WS_P_UNSCORED;
			break;
		case SH_PROBLEM_COMMENT_REQUIRED:
			kind = WS_P_NEEDS_COMMENT;
			break;
		case SH_PROBLEM_CANNOT_JUDGE_REASON:
			kind = WS_P_NEEDS_REASON;
			break;
		default:
			kind = WS_P_INVALID;
			break;
		}
		add_problem(out, max, &n, prop, WS_AT_ITEM,
		    sp->item == SH_NO_ITEM ? 0 : sp->item, kind,
		    sp->item != SH_NO_ITEM ? es[sp->item].value : 0, sp);
	}
	sh_problems_free(&list);
	return n;
}

size_t
ws_problems(const struct ws *ws, struct ws_problem *out, size_t max)
{
	size_t i, n = 0, k;

	for (i = 0; i < ws->nprops; i++) {
		k = ws_prop_problems(ws, i, out != NULL && n < max ?
		    out + n : NULL, n < max ? max - n : 0);
		n += k;
	}
	return n;
}

bool
ws_prop_ready(const struct ws *ws, size_t prop)
{
	return ws_prop_problems(ws, prop, NULL, 0) == 0;
}

size_t
ws_flags(const struct ws *ws, struct ws_flag *out, size_t max)
{
	const struct ws_proposal	*p;
	struct sh_entry			 es[SH_RUBRIC_MAX_ITEMS];
	struct sh_flags			 f;
	size_t				 i, j, n = 0;

#define ADD(pi, k, itm, c) do {						\
	if (out != NULL && n < max) {					\
		out[n].prop = (pi);					\
		out[n].kind = (k);					\
		out[n].item = (itm);					\
		out[n].count = (c);					\
	}								\
	n++;								\
} while (0)
	for (i = 0; i < ws->nprops; i++) {
		p = &ws->props[i];
		if (p->conflict == WS_CONFLICT_REVIEW &&
		    sh_conflict_committee(p->declared, false))
			ADD(i, WS_F_COMMITTEE, 0, 0);
		if (p->conflict != WS_CONFLICT_REVIEW)
			continue;
		ws_entries(p, es);
		sh_entries_flags(ws->rubric, p->variant, es,
		    p->variant->nitems, &f);
		for (j = 0; j < f.nmandatory; j++)
			ADD(i, WS_F_MANDATORY_LOW, f.mandatory[j], 0);
		if (f.low)
			ADD(i, WS_F_MANY_LOW, 0, (int)f.nlow);
	}
#undef ADD
	return n;
}
