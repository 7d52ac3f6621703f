/*
 * The workstation model; see model.h. Scoring rules here mirror
 * docs/rubric-format.md and DESIGN.md §2 (rules 1–7, 10).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "base/buf.h"
#include "base/text.h"
#include "model.h"

static const char *const conflict_labels[WS_NCONFLICTS] = {
	"(ア)", "(イ)", "(ウ)", "(エ)", "(オ)", "(カ)", "(キ)"
};

/* Seed 003 §4(2)①, verbatim. */
static const char *const conflict_texts[WS_NCONFLICTS] = {
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
	return i < WS_NCONFLICTS ? conflict_labels[i] : "";
}

const char *
ws_conflict_text(unsigned i)
{
	return i < WS_NCONFLICTS ? conflict_texts[i] : "";
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

static const char *
jstr(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool
id_ok(const char *s)
{
	size_t i, n;

	if (s == NULL || (n = strlen(s)) == 0 || n > 64)
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
		    s[i] == '_' || s[i] == '-'))
			return false;
	return true;
}

static int
need_str(const json_t *o, const char *key, char **out, bool id,
    struct sh_err *err)
{
	const char *s = jstr(o, key);

	if (s == NULL)
		return sh_errf(err, "%s: missing or not a string", key);
	if (id && !id_ok(s))
		return sh_errf(err, "%s: not an id: \"%.64s\"", key, s);
	if (!sh_utf8_valid(s, strlen(s)))
		return sh_errf(err, "%s: not UTF-8", key);
	if ((*out = strdup(s)) == NULL)
		return sh_errf(err, "out of memory");
	return 0;
}

static int
load_facts(struct ws_proposal *p, const json_t *facts, struct sh_err *err)
{
	const char	*key;
	json_t		*v, *c;
	size_t		 n, i;

	if (facts == NULL)
		return 0;
	if (!json_is_object(facts))
		return sh_errf(err, "facts: not an object");
	n = json_object_size(facts);
	if (n > 64)
		return sh_errf(err, "facts: more than 64");
	p->facts = calloc(n + 1, sizeof(*p->facts));
	if (p->facts == NULL)
		return sh_errf(err, "out of memory");
	json_object_foreach((json_t *)facts, key, v) {
		if (strcmp(key, "certifications") == 0) {
			if (!json_is_array(v) || json_array_size(v) > 64)
				return sh_errf(err, "facts: certifications: "
				    "not a list of at most 64 ids");
			p->certs = calloc(json_array_size(v) + 1,
			    sizeof(*p->certs));
			if (p->certs == NULL)
				return sh_errf(err, "out of memory");
			json_array_foreach(v, i, c) {
				if (!json_is_string(c) ||
				    !id_ok(json_string_value(c)))
					return sh_errf(err, "facts: "
					    "certifications[%zu]: not an id",
					    i);
				p->certs[p->ncerts] =
				    strdup(json_string_value(c));
				if (p->certs[p->ncerts++] == NULL)
					return sh_errf(err, "out of memory");
			}
			continue;
		}
		if (!json_is_number(v) || !isfinite(json_number_value(v)))
			return sh_errf(err, "facts: %.64s: not a number", key);
		if ((p->facts[p->nfacts].name = strdup(key)) == NULL)
			return sh_errf(err, "out of memory");
		p->facts[p->nfacts++].value = json_number_value(v);
	}
	return 0;
}

static int
load_proposal(struct ws *ws, struct ws_proposal *p, const json_t *o,
    struct sh_err *err)
{
	const json_t *t;

	if (!json_is_object(o))
		return sh_errf(err, "not an object");
	if (need_str(o, "id", &p->id, true, err) != 0 ||
	    need_str(o, "title", &p->title, false, err) != 0 ||
	    need_str(o, "variant", &p->variant_id, true, err) != 0)
		return -1;
	if ((t = json_object_get(o, "applicant")) != NULL &&
	    need_str(o, "applicant", &p->applicant, false, err) != 0)
		return -1;
	if ((t = json_object_get(o, "prefecture")) != NULL &&
	    need_str(o, "prefecture", &p->prefecture, false, err) != 0)
		return -1;
	p->variant = sh_rubric_variant(ws->rubric, p->variant_id);
	if (p->variant == NULL)
		return sh_errf(err, "variant %s: not in rubric %s",
		    p->variant_id, ws->rubric->id);
	if (load_facts(p, json_object_get(o, "facts"), err) != 0)
		return sh_err_prefix(err, "proposal %s", p->id);
	p->entries = calloc(p->variant->nitems + 1, sizeof(*p->entries));
	if (p->entries == NULL)
		return sh_errf(err, "out of memory");
	return 0;
}

struct ws *
ws_from_package(const void *data, size_t len, struct sh_rubric *rubric,
    struct sh_err *err)
{
	struct ws	*ws;
	json_t		*root = NULL, *round, *rev, *props, *o;
	json_error_t	 jerr;
	size_t		 i, j;
	const char	*fmt, *sha;

	if ((ws = calloc(1, sizeof(*ws))) == NULL) {
		sh_rubric_free(rubric);
		sh_errf(err, "out of memory");
		return NULL;
	}
	ws->rubric = rubric;
	if (len > WS_PACKAGE_MAX) {
		sh_errf(err, "package.json: over %u bytes", WS_PACKAGE_MAX);
		goto fail;
	}
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		sh_errf(err, "package.json: line %d: %s", jerr.line, jerr.text);
		goto fail;
	}
	if ((fmt = jstr(root, "format")) == NULL ||
	    strcmp(fmt, "shinsa-package/1") != 0) {
		sh_errf(err, "package.json: not a shinsa-package/1");
		goto fail;
	}
	round = json_object_get(root, "round");
	rev = json_object_get(root, "reviewer");
	if (!json_is_object(round) || !json_is_object(rev)) {
		sh_errf(err, "package.json: round or reviewer missing");
		goto fail;
	}
	if (need_str(round, "id", &ws->round_id, true, err) != 0 ||
	    need_str(round, "title", &ws->round_title, false, err) != 0 ||
	    need_str(round, "secretariat_key", &ws->secretariat_key, false,
	    err) != 0 ||
	    need_str(round, "secretariat_recipient",
	    &ws->secretariat_recipient, false, err) != 0) {
		sh_err_prefix(err, "package.json: round");
		goto fail;
	}
	if (need_str(rev, "id", &ws->reviewer_id, true, err) != 0 ||
	    need_str(rev, "name", &ws->reviewer_name, false, err) != 0 ||
	    need_str(rev, "recipient", &ws->reviewer_recipient, false,
	    err) != 0) {
		sh_err_prefix(err, "package.json: reviewer");
		goto fail;
	}
	if (need_str(root, "issued", &ws->issued, false, err) != 0) {
		sh_err_prefix(err, "package.json");
		goto fail;
	}
	o = json_object_get(root, "rubric");
	if (!json_is_object(o) || (sha = jstr(o, "sha256")) == NULL ||
	    jstr(o, "id") == NULL) {
		sh_errf(err, "package.json: rubric: id and sha256 needed");
		goto fail;
	}
	if (strcmp(jstr(o, "id"), rubric->id) != 0) {
		sh_errf(err, "package.json: names rubric %.64s, loaded %s",
		    jstr(o, "id"), rubric->id);
		goto fail;
	}
	if (strcmp(sha, rubric->hash_hex) != 0) {
		sh_errf(err, "package.json: rubric %s: sha256 differs from "
		    "the rubric's bytes", rubric->id);
		goto fail;
	}
	if ((ws->rubric_sha256 = strdup(sha)) == NULL) {
		sh_errf(err, "out of memory");
		goto fail;
	}
	props = json_object_get(root, "proposals");
	if (!json_is_array(props) || json_array_size(props) == 0 ||
	    json_array_size(props) > WS_MAX_PROPOSALS) {
		sh_errf(err, "package.json: proposals: a list of 1 to %d",
		    WS_MAX_PROPOSALS);
		goto fail;
	}
	ws->props = calloc(json_array_size(props), sizeof(*ws->props));
	if (ws->props == NULL) {
		sh_errf(err, "out of memory");
		goto fail;
	}
	json_array_foreach(props, i, o) {
		ws->nprops++;
		if (load_proposal(ws, &ws->props[i], o, err) != 0) {
			sh_err_prefix(err, "package.json: proposals[%zu]", i);
			goto fail;
		}
		for (j = 0; j < i; j++)
			if (strcmp(ws->props[j].id, ws->props[i].id) == 0) {
				sh_errf(err, "package.json: proposal %s "
				    "twice", ws->props[i].id);
				goto fail;
			}
	}
	json_decref(root);
	return ws;
fail:
	json_decref(root);
	ws_free(ws);
	return NULL;
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

	free(p->id);
	wipe_free(p->title);
	wipe_free(p->applicant);
	free(p->variant_id);
	free(p->prefecture);
	for (i = 0; i < p->nfacts; i++)
		free(p->facts[i].name);
	free(p->facts);
	for (i = 0; i < p->ncerts; i++)
		free(p->certs[i]);
	free(p->certs);
	if (p->entries != NULL && p->variant != NULL)
		for (i = 0; i < p->variant->nitems; i++)
			wipe_free(p->entries[i].comment);
	free(p->entries);
	wipe_free(p->remarks);
	wipe_free(p->conditions);
	wipe_free(p->scratch);
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
	free(ws->round_id);
	free(ws->round_title);
	free(ws->secretariat_key);
	free(ws->secretariat_recipient);
	free(ws->reviewer_id);
	wipe_free(ws->reviewer_name);
	free(ws->reviewer_recipient);
	free(ws->issued);
	free(ws->rubric_sha256);
	sh_rubric_free(ws->rubric);
	free(ws);
}

struct ws_proposal *
ws_proposal(struct ws *ws, const char *id)
{
	size_t i;

	for (i = 0; i < ws->nprops; i++)
		if (strcmp(ws->props[i].id, id) == 0)
			return &ws->props[i];
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

int
ws_declare(struct ws *ws, struct ws_proposal *p, unsigned declared,
    enum ws_conflict_state state, struct sh_err *err)
{
	unsigned		old_d = p->declared;
	enum ws_conflict_state	old_s = p->conflict;

	if (declared & ~0x7fu)
		return sh_errf(err, "proposal %s: unknown conflict code",
		    p->id);
	if (state == WS_CONFLICT_UNDECLARED)
		declared = 0;
	else if ((declared & WS_CONFLICT_MUST_WITHDRAW) &&
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

int
ws_set_value(struct ws *ws, struct ws_proposal *p, size_t item, int value,
    struct sh_err *err)
{
	const struct sh_item	*it;
	struct ws_entry		*e, old;
	size_t			 i;

	if (need_reviewable(p, item, err, &it) != 0)
		return -1;
	e = &p->entries[item];
	old = *e;
	switch (it->kind) {
	case SH_ITEM_JUDGED:
		if (value < SH_SCORE_MIN || value > SH_SCORE_MAX)
			return sh_errf(err, "item %s: score %d not in 1–5",
			    it->id, value);
		if (value != ws->rubric->cannot_judge_score)
			e->cannot_judge = false;
		break;
	case SH_ITEM_BONUS:
		for (i = 0; i < it->nvalues; i++)
			if (it->values[i] == value)
				break;
		if (i == it->nvalues)
			return sh_errf(err, "item %s: bonus value %d not "
			    "allowed", it->id, value);
		break;
	default:
		return sh_errf(err, "item %s: comes from the proposal's "
		    "facts, not from the reviewer", it->id);
	}
	e->set = true;
	e->value = value;
	if (save(ws, p, err) != 0) {
		*e = old;
		return -1;
	}
	return 0;
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
	if (save(ws, p, err) != 0) {
		*e = old;
		return -1;
	}
	return 0;
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
	e->cannot_judge = on;
	if (on) {
		e->set = true;
		e->value = ws->rubric->cannot_judge_score;
	}
	if (save(ws, p, err) != 0) {
		*e = old;
		return -1;
	}
	return 0;
}

static int
set_text(struct ws *ws, struct ws_proposal *p, char **field,
    const char *text, size_t max, const char *what, struct sh_err *err)
{
	char *old;

	if (text != NULL && strlen(text) > max)
		return sh_errf(err, "proposal %s: %s over %zu bytes", p->id,
		    what, max);
	if (text != NULL && !sh_utf8_valid(text, strlen(text)))
		return sh_errf(err, "proposal %s: %s: not UTF-8", p->id,
		    what);
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
	wipe_free(old);
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
	return set_text(ws, p, &p->entries[item].comment, text,
	    WS_MAX_COMMENT, "comment", err);
}

int
ws_set_remarks(struct ws *ws, struct ws_proposal *p, const char *text,
    struct sh_err *err)
{
	return set_text(ws, p, &p->remarks, text, WS_MAX_REMARKS,
	    "remarks", err);
}

int
ws_set_conditions(struct ws *ws, struct ws_proposal *p, const char *text,
    struct sh_err *err)
{
	return set_text(ws, p, &p->conditions, text, WS_MAX_REMARKS,
	    "conditions", err);
}

int
ws_set_scratch(struct ws *ws, struct ws_proposal *p, const char *text,
    struct sh_err *err)
{
	return set_text(ws, p, &p->scratch, text, WS_MAX_SCRATCH,
	    "scratchpad", err);
}

/* Points and progress */

bool
ws_fact(const struct ws_proposal *p, const char *name, double *value)
{
	size_t i;

	for (i = 0; i < p->nfacts; i++)
		if (strcmp(p->facts[i].name, name) == 0) {
			*value = p->facts[i].value;
			return true;
		}
	return false;
}

const struct sh_band *
ws_item_band(const struct ws_proposal *p, size_t item, double *fact)
{
	const struct sh_item	*it = ws_item(p, item);
	double			 v;

	if (it == NULL || it->kind != SH_ITEM_INDICATOR ||
	    !ws_fact(p, it->fact, &v))
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
	/* Only the single highest-scoring certification counts. */
	for (i = 0; i < p->ncerts; i++) {
		o = sh_item_option(it, p->certs[i]);
		if (o != NULL && (best == NULL || o->points > best->points))
			best = o;
	}
	return best;
}

bool
ws_item_points(const struct ws_proposal *p, size_t item, int *points)
{
	const struct sh_item		*it = ws_item(p, item);
	const struct ws_entry		*e;
	const struct sh_band		*b;
	const struct sh_cert_option	*o;

	if (it == NULL)
		return false;
	e = &p->entries[item];
	switch (it->kind) {
	case SH_ITEM_JUDGED:
		if (!e->set)
			return false;
		*points = e->value * it->coefficient;
		return true;
	case SH_ITEM_BONUS:
		if (!e->set)
			return false;
		*points = e->value;
		return true;
	case SH_ITEM_INDICATOR:
		if ((b = ws_item_band(p, item, NULL)) == NULL)
			return false;
		*points = b->points * it->coefficient;
		return true;
	case SH_ITEM_CERTIFICATION:
		o = ws_item_cert(p, item);
		*points = o != NULL ? o->points : 0;
		return true;
	}
	return false;
}

void
ws_progress(const struct ws_proposal *p, size_t *done, size_t *total)
{
	const struct sh_item	*it;
	size_t			 i;

	*done = *total = 0;
	for (i = 0; i < p->variant->nitems; i++) {
		it = &p->variant->items[i];
		if (it->kind != SH_ITEM_JUDGED && it->kind != SH_ITEM_BONUS)
			continue;
		(*total)++;
		if (p->entries[i].set)
			(*done)++;
	}
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

static bool
blank(const char *s)
{
	if (s == NULL)
		return true;
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r' &&
		    strncmp(s, "\xe3\x80\x80", 3) != 0)	/* U+3000 */
			return false;
		else if (*s == '\xe3')
			s += 2;
	return true;
}

bool
ws_comment_missing(const struct ws *ws, const struct ws_proposal *p,
    size_t item)
{
	return ws_comment_required(ws, p, item) &&
	    blank(p->entries[item].comment);
}

/* Problems and flags */

static void
add_problem(struct ws_problem *out, size_t max, size_t *n, size_t prop,
    enum ws_where where, size_t item, enum ws_problem_kind kind, int score)
{
	if (out != NULL && *n < max) {
		out[*n].prop = prop;
		out[*n].where = where;
		out[*n].item = item;
		out[*n].kind = kind;
		out[*n].score = score;
	}
	(*n)++;
}

size_t
ws_prop_problems(const struct ws *ws, size_t prop, struct ws_problem *out,
    size_t max)
{
	const struct ws_proposal	*p = &ws->props[prop];
	const struct sh_item		*it;
	const struct ws_entry		*e;
	size_t				 i, n = 0;
	int				 pts;

	if (p->conflict == WS_CONFLICT_UNDECLARED) {
		add_problem(out, max, &n, prop, WS_AT_CONFLICT, 0,
		    WS_P_UNDECLARED, 0);
		return n;
	}
	if (p->conflict == WS_CONFLICT_WITHDRAW)
		return 0;
	for (i = 0; i < p->variant->nitems; i++) {
		it = &p->variant->items[i];
		e = &p->entries[i];
		switch (it->kind) {
		case SH_ITEM_JUDGED:
		case SH_ITEM_BONUS:
			if (!e->set) {
				add_problem(out, max, &n, prop, WS_AT_ITEM, i,
				    WS_P_UNSCORED, 0);
				break;
			}
			if (!ws_comment_missing(ws, p, i))
				break;
			add_problem(out, max, &n, prop, WS_AT_ITEM, i,
			    e->cannot_judge ? WS_P_NEEDS_REASON :
			    WS_P_NEEDS_COMMENT, e->value);
			break;
		case SH_ITEM_INDICATOR:
			if (!ws_item_points(p, i, &pts))
				add_problem(out, max, &n, prop, WS_AT_ITEM, i,
				    WS_P_NO_FACT, 0);
			break;
		case SH_ITEM_CERTIFICATION:
			break;
		}
	}
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
	const struct sh_rubric		*r = ws->rubric;
	const struct ws_proposal	*p;
	const struct sh_item		*it;
	const struct ws_entry		*e;
	size_t				 i, j, n = 0;
	int				 low;

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
		    (p->declared & WS_CONFLICT_G))
			ADD(i, WS_F_COMMITTEE, 0, 0);
		if (p->conflict != WS_CONFLICT_REVIEW)
			continue;
		low = 0;
		for (j = 0; j < p->variant->nitems; j++) {
			it = &p->variant->items[j];
			e = &p->entries[j];
			if (it->kind != SH_ITEM_JUDGED || !e->set)
				continue;
			if (r->has_mandatory && it->mandatory &&
			    e->value == r->mandatory_score)
				ADD(i, WS_F_MANDATORY_LOW, j, 0);
			if (r->has_low_scores && r->low_score[e->value])
				low++;
		}
		if (r->has_low_scores && low >= r->low_scores_threshold)
			ADD(i, WS_F_MANY_LOW, 0, low);
	}
#undef ADD
	return n;
}
