/*
 * The scoring rules. Each rule is one function on one item's entry, so
 * that the TUI, the sheet writer and the merge apply the same rule with
 * the same words; everything else here is built from those functions.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "review/rules.h"

static bool problem(struct sh_problem *, enum sh_problem_kind, bool,
    const struct sh_item *, const char *, ...) SH_PRINTF(5, 6);

/*
 * Fills *p (if any) and returns false, so that rules `return problem()`.
 * fmt is the reason's key, one of sh_rule_msgs.
 */
static bool
problem(struct sh_problem *p, enum sh_problem_kind kind, bool invalid,
    const struct sh_item *it, const char *fmt, ...)
{
	va_list	ap;
	int	n = 0;

	if (p == NULL)
		return false;
	p->kind = kind;
	p->invalid = invalid;
	p->item = it != NULL ? it->index : SH_NO_ITEM;
	p->item_id[0] = '\0';
	p->key = fmt;
	p->msg[0] = '\0';
	p->args[0] = '\0';
	p->nargs = 0;
	va_start(ap, fmt);
	/* The arguments are numbers and rubric ids: they always fit. */
	if (sh_msg_args(p->args, sizeof p->args, &p->nargs, fmt, ap) < 0)
		p->nargs = 0;
	va_end(ap);
	/* Ids are at most SH_RUBRIC_MAX_ID bytes: the reason always fits. */
	if (it != NULL) {
		snprintf(p->item_id, sizeof p->item_id, "%s", it->id);
		n = snprintf(p->msg, sizeof p->msg, "item %s: ", it->id);
	}
	if (n < 0 || (size_t)n >= sizeof p->msg)
		return false;
	va_start(ap, fmt);
	vsnprintf(p->msg + n, sizeof p->msg - (size_t)n, fmt, ap);
	va_end(ap);
	return false;
}

int
sh_problem_err(const struct sh_problem *p, struct sh_err *err)
{
	sh_err_set(err, p->key, p->args, p->nargs);
	if (p->item != SH_NO_ITEM)
		sh_err_prefix(err, "item %s", p->item_id);
	return -1;
}

const char *const sh_rule_msgs[] = {
	SH_RULE_NO_SCORE,
	SH_RULE_NO_BONUS,
	SH_RULE_SCORE_RANGE,
	SH_RULE_BONUS_VALUE,
	SH_RULE_COMMENT_REQUIRED,
	SH_RULE_CANNOT_JUDGE_BONUS,
	SH_RULE_CANNOT_JUDGE_SCORE,
	SH_RULE_CANNOT_JUDGE_REASON,
	SH_RULE_REVIEWER_VALUE,
	SH_RULE_ENTRIES,
};
const size_t sh_nrule_msgs = sizeof sh_rule_msgs / sizeof sh_rule_msgs[0];

static bool
reviewer_item(const struct sh_item *it)
{
	return it->kind == SH_ITEM_JUDGED || it->kind == SH_ITEM_BONUS;
}

bool
sh_comment_blank(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	if (s == NULL)
		return true;
	while (*p != '\0') {
		if (*p == ' ' || (*p >= '\t' && *p <= '\r'))
			p++;
		else if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80)
			p += 3;		/* U+3000 IDEOGRAPHIC SPACE */
		else
			return false;
	}
	return true;
}

void
sh_entry_set_cannot_judge(const struct sh_rubric *r, struct sh_entry *e)
{
	e->set = true;
	e->value = r->cannot_judge_score;
	e->cannot_judge = true;
}

bool
sh_rule_score_present(const struct sh_rubric *r, const struct sh_item *it,
    const struct sh_entry *e, struct sh_problem *p)
{
	if (it->kind == SH_ITEM_JUDGED && !e->set)
		return problem(p, SH_PROBLEM_MISSING, false, it,
		    SH_RULE_NO_SCORE);
	if (it->kind == SH_ITEM_BONUS && !e->set)
		return problem(p, SH_PROBLEM_MISSING, false, it,
		    SH_RULE_NO_BONUS);
	return true;
}

bool
sh_rule_score_range(const struct sh_rubric *r, const struct sh_item *it,
    const struct sh_entry *e, struct sh_problem *p)
{
	if (it->kind != SH_ITEM_JUDGED || !e->set)
		return true;
	if (e->value < SH_SCORE_MIN || e->value > SH_SCORE_MAX)
		return problem(p, SH_PROBLEM_SCORE_RANGE, true, it,
		    SH_RULE_SCORE_RANGE, e->value, SH_SCORE_MIN,
		    SH_SCORE_MAX);
	return true;
}

bool
sh_rule_bonus_value(const struct sh_rubric *r, const struct sh_item *it,
    const struct sh_entry *e, struct sh_problem *p)
{
	char	set[128];
	size_t	i;
	int	n = 0;

	if (it->kind != SH_ITEM_BONUS || !e->set)
		return true;
	for (i = 0; i < it->nvalues; i++)
		if (it->values[i] == e->value)
			return true;
	for (i = 0; i < it->nvalues && n >= 0 && (size_t)n < sizeof set; i++)
		n += snprintf(set + n, sizeof set - n, "%s%d", i > 0 ? "," : "",
		    it->values[i]);
	return problem(p, SH_PROBLEM_BONUS_VALUE, true, it,
	    SH_RULE_BONUS_VALUE, e->value, set);
}

bool
sh_rule_comment_required(const struct sh_rubric *r, const struct sh_item *it,
    const struct sh_entry *e, struct sh_problem *p)
{
	if (it->kind != SH_ITEM_JUDGED || !e->set || e->cannot_judge)
		return true;	/* cannot-judge has its own reason rule */
	if (e->value < SH_SCORE_MIN || e->value > SH_SCORE_MAX ||
	    !r->comment_required[e->value])
		return true;
	if (sh_comment_blank(e->comment))
		return problem(p, SH_PROBLEM_COMMENT_REQUIRED, false, it,
		    SH_RULE_COMMENT_REQUIRED, e->value);
	return true;
}

bool
sh_rule_cannot_judge_score(const struct sh_rubric *r,
    const struct sh_item *it, const struct sh_entry *e, struct sh_problem *p)
{
	if (!e->cannot_judge)
		return true;
	if (it->kind == SH_ITEM_BONUS)
		return problem(p, SH_PROBLEM_CANNOT_JUDGE_SCORE, true, it,
		    SH_RULE_CANNOT_JUDGE_BONUS);
	if (it->kind != SH_ITEM_JUDGED)
		return true;	/* sh_rule_reviewer_value */
	if (e->set && e->value != r->cannot_judge_score)
		return problem(p, SH_PROBLEM_CANNOT_JUDGE_SCORE, true, it,
		    SH_RULE_CANNOT_JUDGE_SCORE,
		    r->cannot_judge_score, e->value);
	return true;
}

bool
sh_rule_cannot_judge_reason(const struct sh_rubric *r,
    const struct sh_item *it, const struct sh_entry *e, struct sh_problem *p)
{
	if (it->kind != SH_ITEM_JUDGED || !e->cannot_judge)
		return true;
	if (sh_comment_blank(e->comment))
		return problem(p, SH_PROBLEM_CANNOT_JUDGE_REASON, false, it,
		    SH_RULE_CANNOT_JUDGE_REASON);
	return true;
}

bool
sh_rule_reviewer_value(const struct sh_rubric *r, const struct sh_item *it,
    const struct sh_entry *e, struct sh_problem *p)
{
	if (reviewer_item(it) || (!e->set && !e->cannot_judge))
		return true;
	return problem(p, SH_PROBLEM_REVIEWER_VALUE, true, it,
	    SH_RULE_REVIEWER_VALUE, sh_item_kind_name(it->kind), it->fact);
}

const struct sh_rule sh_rules[] = {
	{ "score_present", sh_rule_score_present },
	{ "score_range", sh_rule_score_range },
	{ "bonus_value", sh_rule_bonus_value },
	{ "cannot_judge_score", sh_rule_cannot_judge_score },
	{ "cannot_judge_reason", sh_rule_cannot_judge_reason },
	{ "comment_required", sh_rule_comment_required },
	{ "reviewer_value", sh_rule_reviewer_value },
};
const size_t sh_nrules = sizeof sh_rules / sizeof sh_rules[0];

void
sh_problems_init(struct sh_problems *l)
{
	memset(l, 0, sizeof *l);
}

void
sh_problems_free(struct sh_problems *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}

static int
problems_add(struct sh_problems *l, const struct sh_problem *p)
{
	struct sh_problem	*v;
	size_t			 cap;

	if (l->n == l->cap) {
		cap = l->cap == 0 ? 16 : l->cap * 2;
		if ((v = realloc(l->v, cap * sizeof *v)) == NULL)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *p;
	return 0;
}

static bool
entries_match(const struct sh_variant *v, size_t n, struct sh_problem *p)
{
	if (n == v->nitems)
		return true;
	return problem(p, SH_PROBLEM_ENTRIES, true, NULL,
	    SH_RULE_ENTRIES, v->id, n, v->nitems);
}

int
sh_rules_check(const struct sh_rubric *r, const struct sh_variant *v,
    const struct sh_entry *e, size_t n, struct sh_problems *out,
    struct sh_err *err)
{
	struct sh_problem	p;
	size_t			i, k;

	out->n = 0;
	if (!entries_match(v, n, &p)) {
		if (problems_add(out, &p) == -1)
			return sh_errf(err, "out of memory");
		return 1;
	}
	for (i = 0; i < v->nitems; i++)
		for (k = 0; k < sh_nrules; k++)
			if (!sh_rules[k].check(r, &v->items[i], &e[i], &p) &&
			    problems_add(out, &p) == -1)
				return sh_errf(err, "out of memory");
	return (int)out->n;
}

/* The first problem (invalid ones first), or false if there is none. */
static bool
first_problem(const struct sh_rubric *r, const struct sh_variant *v,
    const struct sh_entry *e, size_t n, struct sh_problem *first)
{
	struct sh_problem	p;
	size_t			i, k;
	bool			found = false;

	if (!entries_match(v, n, first))
		return true;
	for (i = 0; i < v->nitems; i++)
		for (k = 0; k < sh_nrules; k++) {
			if (sh_rules[k].check(r, &v->items[i], &e[i], &p))
				continue;
			if (p.invalid) {
				*first = p;
				return true;
			}
			if (!found)
				*first = p;
			found = true;
		}
	return found;
}

enum sh_entries_state
sh_entries_state(const struct sh_rubric *r, const struct sh_variant *v,
    const struct sh_entry *e, size_t n)
{
	struct sh_problem	p;

	if (!first_problem(r, v, e, n, &p))
		return SH_ENTRIES_COMPLETE;
	return p.invalid ? SH_ENTRIES_INVALID : SH_ENTRIES_INCOMPLETE;
}

bool
sh_entries_complete(const struct sh_rubric *r, const struct sh_variant *v,
    const struct sh_entry *e, size_t n)
{
	return sh_entries_state(r, v, e, n) == SH_ENTRIES_COMPLETE;
}

int
sh_entries_validate(const struct sh_rubric *r, const struct sh_variant *v,
    const struct sh_entry *e, size_t n, bool final, struct sh_err *err)
{
	struct sh_problem	p;

	if (!first_problem(r, v, e, n, &p) || (!p.invalid && !final))
		return 0;
	return sh_problem_err(&p, err);
}

static int
indicator_points(const struct sh_item *it, const struct sh_facts *f,
    int *points, struct sh_err *err)
{
	const struct sh_band	*b;
	double			 x;

	if (f == NULL || !sh_facts_get(f, it->fact, &x))
		return sh_errf(err, "item %s: the proposal has no fact %s",
		    it->id, it->fact);
	if ((b = sh_item_band(it, x)) == NULL) {
		if (it->has_domain_max)
			return sh_errf(err, "item %s: %s %g outside %g-%g %s",
			    it->id, it->fact, x, it->domain_min,
			    it->domain_max, it->unit);
		return sh_errf(err, "item %s: %s %g below %g %s", it->id,
		    it->fact, x, it->domain_min, it->unit);
	}
	*points = b->points * it->coefficient;
	return 1;
}

static int
certification_points(const struct sh_item *it, const struct sh_facts *f,
    int *points, struct sh_err *err)
{
	const struct sh_cert_option	*o;
	size_t				 i;
	int				 best = 0;

	/* Only the single highest-scoring certification counts. */
	for (i = 0; f != NULL && i < f->ncerts; i++) {
		if ((o = sh_item_option(it, f->certs[i])) == NULL)
			return sh_errf(err, "item %s: certification %s is not "
			    "one this item lists", it->id, f->certs[i]);
		if (o->points > best)
			best = o->points;
	}
	*points = best;
	return 1;
}

int
sh_item_points(const struct sh_rubric *r, const struct sh_item *it,
    const struct sh_entry *e, const struct sh_facts *f, int *points,
    struct sh_err *err)
{
	struct sh_problem	p;
	static const struct sh_entry none;
	size_t			k;

	if (e == NULL)
		e = &none;
	for (k = 0; k < sh_nrules; k++)
		if (!sh_rules[k].check(r, it, e, &p) && p.invalid)
			return sh_problem_err(&p, err);
	switch (it->kind) {
	case SH_ITEM_JUDGED:
		if (!e->set)
			return 0;
		*points = e->value * it->coefficient;
		return 1;
	case SH_ITEM_BONUS:
		if (!e->set)
			return 0;
		*points = e->value;
		return 1;
	case SH_ITEM_INDICATOR:
		return indicator_points(it, f, points, err);
	case SH_ITEM_CERTIFICATION:
		return certification_points(it, f, points, err);
	}
	return sh_errf(err, "item %s: unknown kind", it->id);
}

int
sh_entries_score(const struct sh_rubric *r, const struct sh_variant *v,
    const struct sh_entry *e, size_t n, const struct sh_facts *f,
    struct sh_score *s, struct sh_err *err)
{
	struct sh_problem	p;
	size_t			i;
	int			pts, rc;

	memset(s, 0, sizeof *s);
	s->maximum = v->max_points;
	s->nitems = v->nitems;
	if (!entries_match(v, n, &p))
		return sh_problem_err(&p, err);
	for (i = 0; i < v->nitems; i++) {
		if ((rc = sh_item_points(r, &v->items[i], &e[i], f, &pts,
		    err)) == -1)
			return -1;
		if (rc == 1) {
			s->points += pts;
			s->known++;
		}
	}
	s->complete = s->known == s->nitems;
	return 0;
}

void
sh_entries_progress(const struct sh_rubric *r, const struct sh_variant *v,
    const struct sh_entry *e, size_t n, size_t *done, size_t *todo)
{
	size_t	i, k;

	*todo = v->nreviewer_items;
	*done = 0;
	for (i = 0; i < v->nitems && i < n; i++) {
		if (!reviewer_item(&v->items[i]))
			continue;
		for (k = 0; k < sh_nrules; k++)
			if (!sh_rules[k].check(r, &v->items[i], &e[i], NULL))
				break;
		if (k == sh_nrules)
			(*done)++;
	}
}

static bool
judged_score(const struct sh_item *it, const struct sh_entry *e)
{
	return it->kind == SH_ITEM_JUDGED && e->set &&
	    e->value >= SH_SCORE_MIN && e->value <= SH_SCORE_MAX;
}

bool
sh_flag_mandatory_item(const struct sh_rubric *r, const struct sh_item *it,
    const struct sh_entry *e)
{
	return r->has_mandatory && it->mandatory && judged_score(it, e) &&
	    e->value == r->mandatory_score;
}

bool
sh_flag_low_item(const struct sh_rubric *r, const struct sh_item *it,
    const struct sh_entry *e)
{
	return r->has_low_scores && judged_score(it, e) &&
	    r->low_score[e->value];
}

void
sh_entries_flags(const struct sh_rubric *r, const struct sh_variant *v,
    const struct sh_entry *e, size_t n, struct sh_flags *fl)
{
	size_t	i;

	memset(fl, 0, sizeof *fl);
	for (i = 0; i < v->nitems && i < n; i++) {
		if (sh_flag_mandatory_item(r, &v->items[i], &e[i]))
			fl->mandatory[fl->nmandatory++] = i;
		if (sh_flag_low_item(r, &v->items[i], &e[i]))
			fl->nlow++;
	}
	fl->low = r->has_low_scores &&
	    fl->nlow >= (size_t)r->low_scores_threshold;
}

bool
sh_conflict_known(unsigned declared)
{
	return (declared & ~SH_DECLARE_ALL) == 0;
}

bool
sh_conflict_must_withdraw(unsigned declared, unsigned *code)
{
	unsigned	bit;

	if ((declared & SH_DECLARE_A_TO_F) == 0)
		return false;
	for (bit = 0; !(declared & (1u << bit)); bit++)
		;
	if (code != NULL)
		*code = bit;
	return true;
}

bool
sh_conflict_committee(unsigned declared, bool withdrawn)
{
	return !withdrawn && (declared & SH_DECLARE_G) != 0;
}

int
sh_conflict_decidable(const char *proposal, const char *reviewer,
    bool assigned, bool have_sheet, unsigned declared, struct sh_err *err)
{
	if (!assigned)
		return sh_errf(err, "%s/%s: proposal %s is not assigned to "
		    "reviewer %s; check the proposal and the reviewer",
		    proposal, reviewer, proposal, reviewer);
	if (!have_sheet)
		return sh_errf(err, "%s/%s: no sheet from reviewer %s with "
		    "proposal %s has been received, so there is no (キ) "
		    "declaration to decide on; the committee decides on a (キ) "
		    "after the sheet declaring it is ingested; check the "
		    "proposal and the reviewer", proposal, reviewer, reviewer,
		    proposal);
	if ((declared & SH_DECLARE_G) == 0)
		return sh_errf(err, "%s/%s: reviewer %s did not declare (キ) "
		    "for proposal %s in the current sheet; the committee "
		    "decides only on a declared (キ); check the proposal and "
		    "the reviewer (shinsa-merge status lists the (キ) "
		    "awaiting a decision)", proposal, reviewer, reviewer,
		    proposal);
	return 0;
}

enum sh_conflict
sh_conflict_state(unsigned declared, bool withdrawn, bool decided, bool allow)
{
	if (withdrawn)
		return SH_CONFLICT_WITHDRAWN;
	if (!sh_conflict_committee(declared, withdrawn))
		return SH_CONFLICT_NONE;
	if (!decided)
		return SH_CONFLICT_KI_PENDING;
	return allow ? SH_CONFLICT_KI_ALLOWED : SH_CONFLICT_KI_REFUSED;
}

bool
sh_conflict_statement_missing(unsigned declared, bool withdrawn,
    const char *statement)
{
	return sh_conflict_committee(declared, withdrawn) &&
	    (statement == NULL || *statement == '\0');
}
