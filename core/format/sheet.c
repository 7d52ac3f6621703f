#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "format/json_util.h"
#include "format/sheet.h"

void
sh_sheet_init(struct sh_sheet *s)
{
	memset(s, 0, sizeof *s);
}

/* Whether str lies in the sheet's arena (then it is not freed alone). */
static bool
in_arena(const struct sh_sheet *s, const char *str)
{
	uintptr_t	a = (uintptr_t)s->arena, p = (uintptr_t)str;

	return s->arena != NULL && p >= a && p - a < s->arenacap;
}

/* Wipes a string of s; frees it if it is not in the arena. */
static void
str_free(const struct sh_sheet *s, char *str)
{
	if (str == NULL)
		return;
	if (in_arena(s, str))
		sodium_memzero(str, strlen(str));
	else
		sh_str_wipe_free(str);
}

/*
 * Frees the strings of s outside the arena: the arena's are wiped all
 * at once by sh_sheet_free().
 */
static void
str_release(const struct sh_sheet *s, char *str)
{
	if (str != NULL && !in_arena(s, str))
		sh_str_wipe_free(str);
}

static void
proposal_free(const struct sh_sheet *s, struct sh_sheet_proposal *p)
{
	size_t	i;

	for (i = 0; i < p->nentries; i++) {
		str_release(s, p->entries[i].item);
		str_release(s, p->entries[i].comment);
	}
	free(p->entries);
	str_release(s, p->id);
	str_release(s, p->variant);
	str_release(s, p->remarks);
	str_release(s, p->conditions);
	str_release(s, p->statement);
}

void
sh_sheet_free(struct sh_sheet *s)
{
	size_t	i;

	for (i = 0; i < s->nproposals; i++)
		proposal_free(s, &s->proposals[i]);
	free(s->proposals);
	str_release(s, s->round);
	str_release(s, s->rubric_id);
	str_release(s, s->reviewer);
	str_release(s, s->secretariat_recipient);
	str_release(s, s->submitted);
	if (s->arena != NULL) {
		sodium_memzero(s->arena, s->arenalen);
		free(s->arena);
	}
	sh_sheet_init(s);
}

struct sh_sheet_proposal *
sh_sheet_add_proposal(struct sh_sheet *s, const char *id, const char *variant)
{
	struct sh_sheet_proposal	*p;

	if ((p = sh_array_grow(s->proposals, s->nproposals, &s->capproposals,
	    sizeof *p, 8)) == NULL)
		return NULL;
	s->proposals = p;
	p = &s->proposals[s->nproposals];
	if (sh_strdup_opt(&p->id, id) != 0 ||
	    sh_strdup_opt(&p->variant, variant) != 0) {
		proposal_free(s, p);
		return NULL;
	}
	s->nproposals++;
	return p;
}

struct sh_sheet_entry *
sh_sheet_add_entry(struct sh_sheet_proposal *p, const char *item)
{
	struct sh_sheet_entry	*e;

	if ((e = sh_array_grow(p->entries, p->nentries, &p->capentries,
	    sizeof *e, 16)) == NULL)
		return NULL;
	p->entries = e;
	e = &p->entries[p->nentries];
	if (sh_strdup_opt(&e->item, item) != 0)
		return NULL;
	p->nentries++;
	return e;
}

int
sh_sheet_set(struct sh_sheet *s, char **field, const char *value)
{
	char	*copy;

	if (sh_strdup_opt(&copy, value) != 0)
		return -1;
	str_free(s, *field);
	*field = copy;
	return 0;
}

const struct sh_sheet_proposal *
sh_sheet_proposal(const struct sh_sheet *s, const char *id)
{
	size_t	i;

	for (i = 0; i < s->nproposals; i++)
		if (s->proposals[i].id != NULL &&
		    strcmp(s->proposals[i].id, id) == 0)
			return &s->proposals[i];
	return NULL;
}

const struct sh_sheet_entry *
sh_sheet_entry(const struct sh_sheet_proposal *p, const char *item)
{
	size_t	i;

	for (i = 0; i < p->nentries; i++)
		if (p->entries[i].item != NULL &&
		    strcmp(p->entries[i].item, item) == 0)
			return &p->entries[i];
	return NULL;
}

const char *
sh_conflict_code(unsigned bit)
{
	static const char *codes[SH_DECLARE_NCODES] = {
		"a", "b", "c", "d", "e", "f", "g"
	};

	return bit < SH_DECLARE_NCODES ? codes[bit] : "?";
}

const char *
sh_conflict_action_name(enum sh_conflict_action a)
{
	return a == SH_ACTION_WITHDRAW ? "withdraw" : "review";
}

/* ---- validation (shared by the reader and the writer) ---- */

/* `syntax` is false when the reader has checked v is an id already. */
static int
check_id(const char *path, const char *what, const char *v, bool syntax,
    struct sh_err *err)
{
	if (!syntax)
		return v == NULL ? sh_errf(err, "%s: no %s", path, what) : 0;
	return sh_json_check_id(path, what, v, err);
}

static int
check_text(const char *path, const char *what, const char *v, size_t max,
    struct sh_err *err)
{
	if (v == NULL)
		return 0;
	if (strlen(v) > max)
		return sh_errf(err, "%s: %s longer than %zu bytes", path, what,
		    max);
	if (!sh_json_text_ok(v, max, SH_TEXT_MULTILINE))
		return sh_errf(err, "%s: %s is not valid UTF-8 or contains a "
		    "control character", path, what);
	return 0;
}

/*
 * Validation runs on every sheet the merge reads, a hundred proposals of
 * twenty entries each: the JSON path of an entry is formatted only when
 * there is something to say about it. `texts` is false when the texts
 * and ids were checked already, with the same limits and the same
 * functions, by the parser (sheet_read.c get_id, get_text).
 */
static int SH_PRINTF(4, 5)
entry_fail(struct sh_err *err, size_t i, size_t j, const char *fmt, ...)
{
	va_list	ap;

	/* The reason and the path as two message keys (base/err.h). */
	va_start(ap, fmt);
	sh_verrf(err, fmt, ap);
	va_end(ap);
	return sh_err_prefix(err, "proposals[%zu].entries[%zu]", i, j);
}

/*
 * Ids are compared for duplicates by hash first: the check is quadratic
 * (a hundred proposals, twenty entries each), and most pairs differ.
 */
static uint64_t
id_hash(const char *s)
{
	uint64_t	h = 0xcbf29ce484222325ULL;	/* FNV-1a */

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

/*
 * Whether an id of hash h may have been seen: a 256-bit filter of the
 * hashes folded to a byte, which h joins. A proposal's twenty items are
 * nearly always absent from it, and then need no comparison at all.
 * (The fold takes every part of h: in FNV-1a the last bytes of short ids
 * like "7-1" and "7-2" hardly reach the top byte.)
 */
static bool
seen_maybe(uint64_t filter[4], uint64_t h)
{
	unsigned	b;
	uint64_t	bit;
	bool		maybe;

	h ^= h >> 32;
	h ^= h >> 16;
	h ^= h >> 8;
	b = (unsigned)(h & 0xff);
	bit = 1ULL << (b & 63);
	maybe = (filter[b >> 6] & bit) != 0;
	filter[b >> 6] |= bit;
	return maybe;
}

/*
 * hashes[0..j) are the earlier entries' items, in `filter` too;
 * hashes[j] is set here.
 */
static int
validate_entry(const struct sh_sheet_proposal *p, size_t i, size_t j,
    bool texts, uint64_t *hashes, uint64_t filter[4], struct sh_err *err)
{
	const struct sh_sheet_entry	*e = &p->entries[j];
	size_t				 k;

	if (e->item == NULL)
		return entry_fail(err, i, j, "no item");
	if (texts && !sh_json_id_ok(e->item))
		return entry_fail(err, i, j, "item is not an id "
		    "([A-Za-z0-9._-], 1 to %d characters)", SH_JSON_MAX_ID);
	hashes[j] = id_hash(e->item);
	for (k = seen_maybe(filter, hashes[j]) ? 0 : j; k < j; k++)
		if (hashes[k] == hashes[j] &&
		    strcmp(p->entries[k].item, e->item) == 0)
			return entry_fail(err, i, j, "item %s appears twice",
			    e->item);
	if (e->has_score == e->has_value)
		return entry_fail(err, i, j, "item %s needs exactly one of "
		    "score and value", e->item);
	if (e->has_score && (e->score < 1 || e->score > 5))
		return entry_fail(err, i, j, "score %d out of range 1–5",
		    e->score);
	if (e->has_value && (e->value < 0 || e->value > SH_SHEET_MAX_VALUE))
		return entry_fail(err, i, j, "value %d out of range 0–%d",
		    e->value, SH_SHEET_MAX_VALUE);
	if (e->cannot_judge && !e->has_score)
		return entry_fail(err, i, j, "cannot_judge is only for scored "
		    "items");
	if (texts && e->comment != NULL) {
		char path[SH_JSON_PATH_MAX];

		snprintf(path, sizeof path, "proposals[%zu].entries[%zu]", i,
		    j);
		return check_text(path, "comment", e->comment,
		    SH_SHEET_MAX_COMMENT, err);
	}
	return 0;
}

/*
 * "proposals[i]", as snprintf() would write it: formatting it a hundred
 * times a sheet with snprintf() cost a sixth of the validation.
 */
static void
proposal_path(char path[SH_JSON_PATH_MAX], size_t i)
{
	char	digits[24];
	size_t	n = 0;

	do
		digits[n++] = (char)('0' + i % 10);
	while ((i /= 10) > 0);
	memcpy(path, "proposals[", 10);
	path += 10;
	while (n > 0)
		*path++ = digits[--n];
	*path++ = ']';
	*path = '\0';
}

/*
 * hashes[0..i) are the earlier proposals' ids, in `filter` too;
 * hashes[i] is set here.
 */
static int
validate_proposal(const struct sh_sheet *s, size_t i, bool texts,
    uint64_t *hashes, uint64_t filter[4], struct sh_err *err)
{
	const struct sh_sheet_proposal	*p = &s->proposals[i];
	uint64_t			 items[SH_SHEET_MAX_ENTRIES];
	uint64_t			 ifilter[4] = { 0, 0, 0, 0 };
	char				 path[SH_JSON_PATH_MAX];
	size_t				 j;
	unsigned			 bit;

	proposal_path(path, i);
	if (check_id(path, "id", p->id, texts, err) != 0 ||
	    check_id(path, "variant", p->variant, texts, err) != 0)
		return -1;
	hashes[i] = id_hash(p->id);
	for (j = seen_maybe(filter, hashes[i]) ? 0 : i; j < i; j++)
		if (hashes[j] == hashes[i] &&
		    strcmp(s->proposals[j].id, p->id) == 0)
			return sh_errf(err, "%s: proposal %s appears twice",
			    path, p->id);
	if (!sh_conflict_known(p->declared))
		return sh_errf(err, "%s: unknown conflict code", path);
	if (p->action != SH_ACTION_REVIEW && p->action != SH_ACTION_WITHDRAW)
		return sh_errf(err, "%s: unknown conflict action", path);
	if (sh_conflict_must_withdraw(p->declared, &bit) &&
	    p->action != SH_ACTION_WITHDRAW)
		return sh_errf(err, "%s: proposal %s: conflict (%s) declared, "
		    "so the action must be withdraw", path, p->id,
		    sh_conflict_code(bit));
	if (p->statement != NULL && !(p->declared & SH_DECLARE_G))
		return sh_errf(err, "%s: proposal %s: a statement is only for "
		    "a (キ) declaration", path, p->id);
	if (p->action == SH_ACTION_WITHDRAW && p->nentries > 0)
		return sh_errf(err, "%s: proposal %s is withdrawn but has "
		    "%zu entries", path, p->id, p->nentries);
	if (p->nentries > SH_SHEET_MAX_ENTRIES)
		return sh_errf(err, "%s: more than %d entries", path,
		    SH_SHEET_MAX_ENTRIES);
	for (j = 0; j < p->nentries; j++)
		if (validate_entry(p, i, j, texts, items, ifilter, err) != 0)
			return -1;
	if (texts && (check_text(path, "remarks", p->remarks,
	    SH_SHEET_MAX_REMARKS, err) != 0 ||
	    check_text(path, "conditions", p->conditions,
	    SH_SHEET_MAX_REMARKS, err) != 0 ||
	    check_text(path, "statement", p->statement,
	    SH_SHEET_MAX_REMARKS, err) != 0))
		return -1;
	return 0;
}

static int
validate(const struct sh_sheet *s, bool texts, struct sh_err *err)
{
	uint64_t	*hashes, filter[4] = { 0, 0, 0, 0 };
	size_t		 i;
	int		 rc = 0;

	if (check_id("round", "round", s->round, texts, err) != 0 ||
	    check_id("rubric", "id", s->rubric_id, texts, err) != 0 ||
	    check_id("reviewer", "reviewer", s->reviewer, texts, err) != 0)
		return -1;
	if (!sh_json_sha256_ok(s->rubric_sha256))
		return sh_errf(err, "rubric.sha256: not 64 lowercase hex digits");
	if (s->secretariat_recipient == NULL ||
	    !sh_json_recipient_ok(s->secretariat_recipient))
		return sh_errf(err, "secretariat_recipient: not an age "
		    "recipient");
	if (s->revision < 1 || s->revision > SH_SHEET_MAX_REVISION)
		return sh_errf(err, "revision: %lld out of range 1–%d",
		    s->revision, SH_SHEET_MAX_REVISION);
	if (s->submitted == NULL || !sh_json_time_ok(s->submitted))
		return sh_errf(err, "submitted: not a UTC time like "
		    "2026-06-30T12:00:00Z");
	if (s->nproposals > SH_SHEET_MAX_PROPOSALS)
		return sh_errf(err, "proposals: more than %d",
		    SH_SHEET_MAX_PROPOSALS);
	if (s->nproposals == 0)
		return 0;
	if ((hashes = reallocarray(NULL, s->nproposals, sizeof *hashes)) ==
	    NULL)
		return sh_errf(err, "out of memory");
	for (i = 0; i < s->nproposals; i++)
		if ((rc = validate_proposal(s, i, texts, hashes, filter, err)) != 0)
			break;
	free(hashes);
	return rc;
}

int
sh_sheet_validate(const struct sh_sheet *s, struct sh_err *err)
{
	return validate(s, true, err);
}

int
sh_sheet_validate_read(const struct sh_sheet *s, struct sh_err *err)
{
	return validate(s, false, err);
}

/* ---- writing ---- */

int
sh_sheet_write(const struct sh_sheet *s, struct sh_buf *out,
    struct sh_err *err)
{
	const struct sh_sheet_proposal	*p;
	const struct sh_sheet_entry	*e;
	struct sh_jw			 w;
	size_t				 i, j;
	unsigned			 bit;

	if (sh_sheet_validate(s, err) != 0)
		return sh_err_prefix(err, "sheet.json");
	sh_jw_init(&w, out);
	sh_jw_obj_begin(&w);
	sh_jw_kstr(&w, "format", SH_SHEET_FORMAT);
	sh_jw_kstr(&w, "round", s->round);
	sh_jw_key(&w, "rubric");
	sh_jw_obj_begin(&w);
	sh_jw_kstr(&w, "id", s->rubric_id);
	sh_jw_kstr(&w, "sha256", s->rubric_sha256);
	sh_jw_obj_end(&w);
	sh_jw_kstr(&w, "reviewer", s->reviewer);
	sh_jw_kstr(&w, "secretariat_recipient", s->secretariat_recipient);
	sh_jw_kint(&w, "revision", s->revision);
	sh_jw_kstr(&w, "submitted", s->submitted);
	sh_jw_key(&w, "proposals");
	sh_jw_arr_begin(&w);
	for (i = 0; i < s->nproposals; i++) {
		p = &s->proposals[i];
		sh_jw_obj_begin(&w);
		sh_jw_kstr(&w, "id", p->id);
		sh_jw_kstr(&w, "variant", p->variant);
		sh_jw_key(&w, "conflict");
		sh_jw_obj_begin(&w);
		sh_jw_key(&w, "declared");
		sh_jw_arr_begin(&w);
		for (bit = 0; bit < SH_DECLARE_NCODES; bit++)
			if (p->declared & (1u << bit))
				sh_jw_str(&w, sh_conflict_code(bit));
		sh_jw_arr_end(&w);
		sh_jw_kstr(&w, "action", sh_conflict_action_name(p->action));
		if (p->statement != NULL)
			sh_jw_kstr(&w, "statement", p->statement);
		sh_jw_obj_end(&w);
		sh_jw_key(&w, "entries");
		sh_jw_arr_begin(&w);
		for (j = 0; j < p->nentries; j++) {
			e = &p->entries[j];
			sh_jw_obj_begin(&w);
			sh_jw_kstr(&w, "item", e->item);
			if (e->has_score)
				sh_jw_kint(&w, "score", e->score);
			if (e->has_value)
				sh_jw_kint(&w, "value", e->value);
			if (e->cannot_judge) {
				sh_jw_key(&w, "cannot_judge");
				sh_jw_bool(&w, true);
			}
			if (e->comment != NULL)
				sh_jw_kstr(&w, "comment", e->comment);
			sh_jw_obj_end(&w);
		}
		sh_jw_arr_end(&w);
		if (p->remarks != NULL)
			sh_jw_kstr(&w, "remarks", p->remarks);
		if (p->conditions != NULL)
			sh_jw_kstr(&w, "conditions", p->conditions);
		sh_jw_obj_end(&w);
	}
	sh_jw_arr_end(&w);
	sh_jw_obj_end(&w);
	if (sh_jw_finish(&w, err) != 0)
		return sh_err_prefix(err, "sheet.json");
	return 0;
}

/* ---- equality ---- */

static bool
str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool
entry_eq(const struct sh_sheet_entry *a, const struct sh_sheet_entry *b)
{
	return str_eq(a->item, b->item) && a->has_score == b->has_score &&
	    (!a->has_score || a->score == b->score) &&
	    a->has_value == b->has_value &&
	    (!a->has_value || a->value == b->value) &&
	    a->cannot_judge == b->cannot_judge &&
	    str_eq(a->comment, b->comment);
}

static bool
proposal_eq(const struct sh_sheet_proposal *a,
    const struct sh_sheet_proposal *b)
{
	size_t	i;

	if (!str_eq(a->id, b->id) || !str_eq(a->variant, b->variant) ||
	    a->declared != b->declared || a->action != b->action ||
	    a->nentries != b->nentries || !str_eq(a->remarks, b->remarks) ||
	    !str_eq(a->conditions, b->conditions) ||
	    !str_eq(a->statement, b->statement))
		return false;
	for (i = 0; i < a->nentries; i++)
		if (!entry_eq(&a->entries[i], &b->entries[i]))
			return false;
	return true;
}

bool
sh_sheet_equal(const struct sh_sheet *a, const struct sh_sheet *b)
{
	size_t	i;

	if (!str_eq(a->round, b->round) ||
	    !str_eq(a->rubric_id, b->rubric_id) ||
	    strcmp(a->rubric_sha256, b->rubric_sha256) != 0 ||
	    !str_eq(a->reviewer, b->reviewer) ||
	    !str_eq(a->secretariat_recipient, b->secretariat_recipient) ||
	    a->revision != b->revision ||
	    !str_eq(a->submitted, b->submitted) ||
	    a->nproposals != b->nproposals)
		return false;
	for (i = 0; i < a->nproposals; i++)
		if (!proposal_eq(&a->proposals[i], &b->proposals[i]))
			return false;
	return true;
}
