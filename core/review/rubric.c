/*
 * The rubric loader. It checks everything docs/rubric-format.md promises,
 * so that the rules, the TUI and the tally can trust a loaded rubric
 * without checking it again. Strings point into the parsed JSON tree,
 * which the rubric keeps until it is freed.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "base/buf.h"
#include "base/text.h"
#include "review/rubric.h"

struct priv {
	json_t			*root;
	char			*name;
	struct sh_variant	*variants;
	size_t			 nvariants;
	const char		**mandatory_sections;
	const char		**notes;
};

/* Where the loader is, for messages: file: variant v: item i: why. */
struct ld {
	const char	*name;
	const char	*variant;
	const char	*section;
	const char	*item;
	struct sh_err	*err;
};

static int ld_fail(struct ld *, const char *, ...) SH_PRINTF(2, 3);

static int
ld_fail(struct ld *ld, const char *fmt, ...)
{
	char	 why[SH_ERR_MAX], where[SH_ERR_MAX];
	va_list	 ap;
	int	 n;

	if (ld->err == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	n = snprintf(where, sizeof where, "%s", ld->name);
	if (ld->variant != NULL && n >= 0 && (size_t)n < sizeof where)
		n += snprintf(where + n, sizeof where - n, ": variant %s",
		    ld->variant);
	if (ld->item != NULL && n >= 0 && (size_t)n < sizeof where)
		n += snprintf(where + n, sizeof where - n, ": item %s",
		    ld->item);
	else if (ld->section != NULL && n >= 0 && (size_t)n < sizeof where)
		n += snprintf(where + n, sizeof where - n, ": section %s",
		    ld->section);
	return sh_errf(ld->err, "%s: %s", where, why);
}

const char *
sh_item_kind_name(enum sh_item_kind k)
{
	switch (k) {
	case SH_ITEM_JUDGED:
		return "judged";
	case SH_ITEM_BONUS:
		return "bonus";
	case SH_ITEM_INDICATOR:
		return "indicator";
	case SH_ITEM_CERTIFICATION:
		return "certification";
	}
	return "?";
}

/*
 * Only known keys are accepted: a misspelt optional key (`min_inclusve`)
 * would otherwise silently change a band.
 */
static int
check_keys(struct ld *ld, json_t *obj, const char *what,
    const char *const *allowed)
{
	const char	*key;
	json_t		*val;
	size_t		 i;

	json_object_foreach(obj, key, val) {
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(key, allowed[i]) == 0)
				break;
		if (allowed[i] == NULL)
			return ld_fail(ld, "%sunknown field \"%.64s\"", what,
			    key);
	}
	return 0;
}

static json_t *
get_field(struct ld *ld, json_t *obj, const char *what, const char *key,
    bool required)
{
	json_t	*v;

	v = json_object_get(obj, key);
	if (v == NULL && required)
		ld_fail(ld, "%smissing field \"%s\"", what, key);
	return v;
}

/* A string that is valid UTF-8, short enough and free of controls. */
static int
check_string(struct ld *ld, json_t *v, const char *what, const char *key,
    bool is_id, bool newlines, const char **out)
{
	const char	*s;
	size_t		 len, i, n;
	uint32_t	 cp;

	if (!json_is_string(v))
		return ld_fail(ld, "%sfield \"%s\" must be a string", what,
		    key);
	s = json_string_value(v);
	len = json_string_length(v);
	if (strlen(s) != len)
		return ld_fail(ld, "%sfield \"%s\" contains NUL", what, key);
	if (!sh_utf8_valid(s, len))
		return ld_fail(ld, "%sfield \"%s\" is not valid UTF-8", what,
		    key);
	if (is_id) {
		if (len == 0 || len > SH_RUBRIC_MAX_ID)
			return ld_fail(ld, "%sfield \"%s\" must be an id of "
			    "1-%d characters", what, key, SH_RUBRIC_MAX_ID);
		if (!sh_id_valid(s, len, SH_RUBRIC_MAX_ID))
			return ld_fail(ld, "%sfield \"%s\": id "
			    "\"%.64s\" may only have A-Z a-z 0-9 . _ -",
			    what, key, s);
	} else if (len > SH_RUBRIC_MAX_TEXT)
		return ld_fail(ld, "%sfield \"%s\" is longer than %d bytes",
		    what, key, SH_RUBRIC_MAX_TEXT);
	for (i = 0; i < len; i += n) {
		n = sh_utf8_decode(s + i, len - i, &cp);
		if (cp == '\n' && newlines)
			continue;
		if (sh_text_is_unsafe(cp))
			return ld_fail(ld, "%sfield \"%s\" contains control "
			    "character U+%04X", what, key, (unsigned)cp);
	}
	*out = s;
	return 0;
}

static int
get_str(struct ld *ld, json_t *obj, const char *what, const char *key,
    bool required, const char **out)
{
	json_t	*v;

	*out = NULL;
	if ((v = get_field(ld, obj, what, key, required)) == NULL)
		return required ? -1 : 0;
	return check_string(ld, v, what, key, false, false, out);
}

static int
get_id(struct ld *ld, json_t *obj, const char *what, const char *key,
    const char **out)
{
	json_t	*v;

	*out = NULL;
	if ((v = get_field(ld, obj, what, key, true)) == NULL)
		return -1;
	return check_string(ld, v, what, key, true, false, out);
}

static int
check_int(struct ld *ld, json_t *v, const char *what, const char *key,
    long long lo, long long hi, int *out)
{
	json_int_t	 i;

	if (!json_is_integer(v))
		return ld_fail(ld, "%sfield \"%s\" must be an integer", what,
		    key);
	i = json_integer_value(v);
	if (i < lo || i > hi)
		return ld_fail(ld, "%s%s %lld outside %lld-%lld", what, key,
		    (long long)i, lo, hi);
	*out = (int)i;
	return 0;
}

static int
get_int(struct ld *ld, json_t *obj, const char *what, const char *key,
    long long lo, long long hi, int *out)
{
	json_t	*v;

	if ((v = get_field(ld, obj, what, key, true)) == NULL)
		return -1;
	return check_int(ld, v, what, key, lo, hi, out);
}

static int
get_num(struct ld *ld, json_t *obj, const char *what, const char *key,
    bool required, bool *has, double *out)
{
	json_t	*v;

	if (has != NULL)
		*has = false;
	if ((v = get_field(ld, obj, what, key, required)) == NULL)
		return required ? -1 : 0;
	if (!json_is_number(v))
		return ld_fail(ld, "%sfield \"%s\" must be a number", what,
		    key);
	*out = json_number_value(v);
	if (!isfinite(*out))
		return ld_fail(ld, "%sfield \"%s\" must be finite", what, key);
	if (has != NULL)
		*has = true;
	return 0;
}

static int
get_bool(struct ld *ld, json_t *obj, const char *what, const char *key,
    bool required, bool dflt, bool *out)
{
	json_t	*v;

	*out = dflt;
	if ((v = get_field(ld, obj, what, key, required)) == NULL)
		return required ? -1 : 0;
	if (!json_is_boolean(v))
		return ld_fail(ld, "%sfield \"%s\" must be true or false", what,
		    key);
	*out = json_is_true(v);
	return 0;
}

static json_t *
get_array(struct ld *ld, json_t *obj, const char *what, const char *key,
    size_t lo, size_t hi)
{
	json_t	*v;
	size_t	 n;

	if ((v = get_field(ld, obj, what, key, true)) == NULL)
		return NULL;
	if (!json_is_array(v)) {
		ld_fail(ld, "%sfield \"%s\" must be an array", what, key);
		return NULL;
	}
	n = json_array_size(v);
	if (n < lo || n > hi) {
		ld_fail(ld, "%sfield \"%s\" must have %zu-%zu elements, "
		    "not %zu", what, key, lo, hi, n);
		return NULL;
	}
	return v;
}

/* An object field, or NULL for JSON null when nullable. */
static int
get_object(struct ld *ld, json_t *obj, const char *what, const char *key,
    bool nullable, json_t **out)
{
	json_t	*v;

	*out = NULL;
	if ((v = get_field(ld, obj, what, key, true)) == NULL)
		return -1;
	if (nullable && json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return ld_fail(ld, "%sfield \"%s\" must be an object%s", what,
		    key, nullable ? " or null" : "");
	*out = v;
	return 0;
}

/* A set of scores 1–5, each once. */
static int
get_scores(struct ld *ld, json_t *obj, const char *what, const char *key,
    bool *set)
{
	json_t	*a, *v;
	size_t	 i;
	int	 s;

	memset(set, 0, sizeof(bool) * (SH_SCORE_MAX + 1));
	if ((a = get_array(ld, obj, what, key, 0, SH_SCORE_MAX)) == NULL)
		return -1;
	json_array_foreach(a, i, v) {
		if (!json_is_integer(v))
			return ld_fail(ld, "%s%s must be integers", what, key);
		if (json_integer_value(v) < SH_SCORE_MIN ||
		    json_integer_value(v) > SH_SCORE_MAX)
			return ld_fail(ld, "%s%s: score %lld outside 1-5",
			    what, key,
			    (long long)json_integer_value(v));
		s = (int)json_integer_value(v);
		if (set[s])
			return ld_fail(ld, "%s%s: score %d appears twice",
			    what, key, s);
		set[s] = true;
	}
	return 0;
}

/* Interval endpoints for checking band coverage. */
struct bound {
	double	v;
	bool	incl;
	bool	inf;
};

/* Lower bounds: a inclusive starts before a exclusive. */
static int
lower_cmp(const struct bound *a, const struct bound *b)
{
	if (a->inf || b->inf)
		return a->inf - b->inf;
	if (a->v != b->v)
		return a->v < b->v ? -1 : 1;
	if (a->incl != b->incl)
		return a->incl ? -1 : 1;
	return 0;
}

static void
fmt_bound(char *buf, size_t len, const struct bound *b, bool lower)
{
	snprintf(buf, len, "%s%g", lower ? (b->incl ? ">= " : "> ") :
	    (b->incl ? "<= " : "< "), b->v);
}

static int
check_bands(struct ld *ld, struct sh_item *it)
{
	struct bound	 lo[SH_RUBRIC_MAX_BANDS], up[SH_RUBRIC_MAX_BANDS];
	struct bound	 cur;
	size_t		 order[SH_RUBRIC_MAX_BANDS], i, j, k, prev;
	const struct sh_band *b;
	char		 x[64];

	for (i = 0; i < it->nbands; i++) {
		b = &it->bands[i];
		if ((b->has_min && (b->min < it->domain_min ||
		    (it->has_domain_max && b->min > it->domain_max))) ||
		    (b->has_max && (b->max < it->domain_min ||
		    (it->has_domain_max && b->max > it->domain_max))))
			return ld_fail(ld, "band %zu falls outside the domain",
			    i + 1);
		lo[i].inf = false;
		lo[i].v = b->has_min ? b->min : it->domain_min;
		lo[i].incl = b->has_min ? b->min_inclusive : true;
		up[i].inf = !b->has_max && !it->has_domain_max;
		up[i].v = b->has_max ? b->max :
		    (it->has_domain_max ? it->domain_max : 0);
		up[i].incl = b->has_max ? b->max_inclusive : true;
		if (!up[i].inf && (lo[i].v > up[i].v || (lo[i].v == up[i].v &&
		    !(lo[i].incl && up[i].incl))))
			return ld_fail(ld, "band %zu is empty", i + 1);
		order[i] = i;
	}
	/* Insertion sort by lower bound; at most SH_RUBRIC_MAX_BANDS. */
	for (i = 1; i < it->nbands; i++) {
		k = order[i];
		for (j = i; j > 0 && lower_cmp(&lo[order[j - 1]], &lo[k]) > 0;
		    j--)
			order[j] = order[j - 1];
		order[j] = k;
	}
	cur.v = it->domain_min;
	cur.incl = true;
	cur.inf = false;
	prev = SIZE_MAX;
	for (i = 0; i < it->nbands; i++) {
		k = order[i];
		if (cur.inf || lower_cmp(&lo[k], &cur) < 0)
			return ld_fail(ld, "bands %zu and %zu overlap",
			    prev < k ? prev + 1 : k + 1,
			    prev < k ? k + 1 : prev + 1);
		if (lower_cmp(&lo[k], &cur) > 0) {
			fmt_bound(x, sizeof x, &cur, true);
			return ld_fail(ld, "bands leave a gap: values %s "
			    "below band %zu are in no band", x, k + 1);
		}
		cur.inf = up[k].inf;
		cur.v = up[k].v;
		cur.incl = !up[k].incl;
		prev = k;
	}
	if (it->has_domain_max) {
		if (cur.v < it->domain_max ||
		    (cur.v == it->domain_max && cur.incl))
			return ld_fail(ld, "bands leave a gap: values %s%g up "
			    "to the domain's max %g are in no band",
			    cur.incl ? "from " : "above ", cur.v,
			    it->domain_max);
	} else if (!cur.inf)
		return ld_fail(ld, "bands leave a gap: values above %g are "
		    "in no band (the domain has no max)", cur.v);
	return 0;
}

const struct sh_band *
sh_item_band(const struct sh_item *it, double v)
{
	const struct sh_band	*b;
	size_t			 i;

	if (it->kind != SH_ITEM_INDICATOR || !isfinite(v))
		return NULL;
	if (v < it->domain_min || (it->has_domain_max && v > it->domain_max))
		return NULL;
	for (i = 0; i < it->nbands; i++) {
		b = &it->bands[i];
		if (b->has_min && (b->min_inclusive ? v < b->min : v <= b->min))
			continue;
		if (b->has_max && (b->max_inclusive ? v > b->max : v >= b->max))
			continue;
		return b;
	}
	return NULL;
}

static int
load_indicator(struct ld *ld, json_t *o, struct sh_item *it)
{
	static const char *const dkeys[] = { "min", "max", NULL };
	static const char *const bkeys[] = { "min", "max", "min_inclusive",
	    "max_inclusive", "points", "text", NULL };
	struct sh_band	*bands;
	json_t		*d, *a, *bo;
	size_t		 i;
	int		 hi = 0, lo = SH_RUBRIC_MAX_POINTS;
	char		 what[32];

	if (get_id(ld, o, "", "fact", &it->fact) == -1 ||
	    get_str(ld, o, "", "unit", true, &it->unit) == -1 ||
	    get_int(ld, o, "", "coefficient", 1, 10,
	    &it->coefficient) == -1 ||
	    get_object(ld, o, "", "domain", false, &d) == -1)
		return -1;
	if (check_keys(ld, d, "domain: ", dkeys) == -1 ||
	    get_num(ld, d, "domain: ", "min", true, NULL,
	    &it->domain_min) == -1 ||
	    get_num(ld, d, "domain: ", "max", false, &it->has_domain_max,
	    &it->domain_max) == -1)
		return -1;
	if (it->has_domain_max && it->domain_max <= it->domain_min)
		return ld_fail(ld, "domain max %g is not above min %g",
		    it->domain_max, it->domain_min);
	if ((a = get_array(ld, o, "", "bands", 1,
	    SH_RUBRIC_MAX_BANDS)) == NULL)
		return -1;
	if ((bands = calloc(json_array_size(a), sizeof *bands)) == NULL)
		return ld_fail(ld, "out of memory");
	it->bands = bands;
	it->nbands = json_array_size(a);
	json_array_foreach(a, i, bo) {
		snprintf(what, sizeof what, "band %zu: ", i + 1);
		if (!json_is_object(bo))
			return ld_fail(ld, "%smust be an object", what);
		if (check_keys(ld, bo, what, bkeys) == -1 ||
		    get_num(ld, bo, what, "min", false, &bands[i].has_min,
		    &bands[i].min) == -1 ||
		    get_num(ld, bo, what, "max", false, &bands[i].has_max,
		    &bands[i].max) == -1 ||
		    get_bool(ld, bo, what, "min_inclusive", false, true,
		    &bands[i].min_inclusive) == -1 ||
		    get_bool(ld, bo, what, "max_inclusive", false, true,
		    &bands[i].max_inclusive) == -1 ||
		    get_int(ld, bo, what, "points", 0, SH_RUBRIC_MAX_POINTS,
		    &bands[i].points) == -1 ||
		    get_str(ld, bo, what, "text", true, &bands[i].text) == -1)
			return -1;
		if (bands[i].points > hi)
			hi = bands[i].points;
		if (bands[i].points < lo)
			lo = bands[i].points;
	}
	if (check_bands(ld, it) == -1)
		return -1;
	it->max_points = hi * it->coefficient;
	it->min_points = lo * it->coefficient;
	return 0;
}

static int
load_bonus(struct ld *ld, json_t *o, struct sh_item *it)
{
	json_t	*a, *v;
	int	*vals, x, t;
	size_t	 i, j;
	bool	 zero = false;

	if ((a = get_array(ld, o, "", "values", 1,
	    SH_RUBRIC_MAX_VALUES)) == NULL)
		return -1;
	if ((vals = calloc(json_array_size(a), sizeof *vals)) == NULL)
		return ld_fail(ld, "out of memory");
	it->values = vals;
	it->nvalues = json_array_size(a);
	json_array_foreach(a, i, v) {
		if (!json_is_integer(v))
			return ld_fail(ld, "bonus values must be integers");
		if (json_integer_value(v) < 0)
			return ld_fail(ld, "bonus value %lld is negative",
			    (long long)json_integer_value(v));
		if (json_integer_value(v) > SH_RUBRIC_MAX_POINTS)
			return ld_fail(ld, "bonus value %lld above %d",
			    (long long)json_integer_value(v),
			    SH_RUBRIC_MAX_POINTS);
		x = (int)json_integer_value(v);
		for (j = 0; j < i; j++)
			if (vals[j] == x)
				return ld_fail(ld, "bonus value %d appears "
				    "twice", x);
		vals[i] = x;
		if (x == 0)
			zero = true;
	}
	if (!zero)
		return ld_fail(ld, "bonus values must include 0");
	if (it->nvalues < 2)
		return ld_fail(ld, "bonus values must offer a value above 0");
	for (i = 1; i < it->nvalues; i++)
		for (j = i; j > 0 && vals[j - 1] > vals[j]; j--) {
			t = vals[j];
			vals[j] = vals[j - 1];
			vals[j - 1] = t;
		}
	it->max_points = vals[it->nvalues - 1];
	it->min_points = 0;
	return 0;
}

static int
load_certification(struct ld *ld, json_t *o, struct sh_item *it)
{
	static const char *const okeys[] = { "id", "group", "text", "points",
	    NULL };
	struct sh_cert_option	*opts;
	json_t			*a, *oo;
	size_t			 i, j;
	char			 what[32];

	if (get_id(ld, o, "", "fact", &it->fact) == -1)
		return -1;
	if ((a = get_array(ld, o, "", "options", 1,
	    SH_RUBRIC_MAX_OPTIONS)) == NULL)
		return -1;
	if ((opts = calloc(json_array_size(a), sizeof *opts)) == NULL)
		return ld_fail(ld, "out of memory");
	it->options = opts;
	it->noptions = json_array_size(a);
	it->max_points = 0;
	json_array_foreach(a, i, oo) {
		snprintf(what, sizeof what, "option %zu: ", i + 1);
		if (!json_is_object(oo))
			return ld_fail(ld, "%smust be an object", what);
		if (check_keys(ld, oo, what, okeys) == -1 ||
		    get_id(ld, oo, what, "id", &opts[i].id) == -1 ||
		    get_str(ld, oo, what, "group", true,
		    &opts[i].group) == -1 ||
		    get_str(ld, oo, what, "text", true, &opts[i].text) == -1 ||
		    get_int(ld, oo, what, "points", 0, SH_RUBRIC_MAX_POINTS,
		    &opts[i].points) == -1)
			return -1;
		for (j = 0; j < i; j++)
			if (strcmp(opts[j].id, opts[i].id) == 0)
				return ld_fail(ld, "certification option %s "
				    "appears twice", opts[i].id);
		if (opts[i].points > it->max_points)
			it->max_points = opts[i].points;
	}
	it->min_points = 0;
	return 0;
}

static int
load_item(struct ld *ld, json_t *o, struct sh_item *it)
{
	static const char *const jkeys[] = { "id", "kind", "criterion",
	    "label", "source", "note", "coefficient", NULL };
	static const char *const bkeys[] = { "id", "kind", "criterion",
	    "label", "source", "note", "values", NULL };
	static const char *const ikeys[] = { "id", "kind", "criterion",
	    "label", "source", "note", "fact", "unit", "coefficient",
	    "domain", "bands", NULL };
	static const char *const ckeys[] = { "id", "kind", "criterion",
	    "label", "source", "note", "fact", "options", NULL };
	const char	*kind, *note;

	if (!json_is_object(o))
		return ld_fail(ld, "item must be an object");
	if (get_id(ld, o, "", "id", &it->id) == -1)
		return -1;
	ld->item = it->id;
	if (get_str(ld, o, "", "kind", true, &kind) == -1 ||
	    get_str(ld, o, "", "criterion", true, &it->criterion) == -1 ||
	    get_str(ld, o, "", "label", true, &it->label) == -1 ||
	    get_str(ld, o, "", "source", true, &it->source) == -1 ||
	    get_str(ld, o, "", "note", false, &note) == -1)
		return -1;
	if (strcmp(kind, "judged") == 0) {
		it->kind = SH_ITEM_JUDGED;
		if (check_keys(ld, o, "", jkeys) == -1 ||
		    get_int(ld, o, "", "coefficient", 1, 10,
		    &it->coefficient) == -1)
			return -1;
		it->max_points = SH_SCORE_MAX * it->coefficient;
		it->min_points = SH_SCORE_MIN * it->coefficient;
		return 0;
	}
	if (strcmp(kind, "bonus") == 0) {
		it->kind = SH_ITEM_BONUS;
		if (check_keys(ld, o, "", bkeys) == -1)
			return -1;
		return load_bonus(ld, o, it);
	}
	if (strcmp(kind, "indicator") == 0) {
		it->kind = SH_ITEM_INDICATOR;
		if (check_keys(ld, o, "", ikeys) == -1)
			return -1;
		return load_indicator(ld, o, it);
	}
	if (strcmp(kind, "certification") == 0) {
		it->kind = SH_ITEM_CERTIFICATION;
		if (check_keys(ld, o, "", ckeys) == -1)
			return -1;
		return load_certification(ld, o, it);
	}
	return ld_fail(ld, "unknown kind \"%.64s\"", kind);
}

static void
free_items(struct sh_item *items, size_t n)
{
	size_t	i;

	if (items == NULL)
		return;
	for (i = 0; i < n; i++) {
		free((void *)items[i].values);
		free((void *)items[i].bands);
		free((void *)items[i].options);
	}
	free(items);
}

static bool
is_mandatory(const struct sh_rubric *r, const char *section)
{
	size_t	i;

	for (i = 0; i < r->nmandatory_sections; i++)
		if (strcmp(r->mandatory_sections[i], section) == 0)
			return true;
	return false;
}

static int
load_variant(struct ld *ld, const struct sh_rubric *r, json_t *o,
    struct sh_variant *v)
{
	static const char *const vkeys[] = { "id", "name", "note", "sections",
	    NULL };
	static const char *const skeys[] = { "id", "title", "note", "items",
	    NULL };
	struct sh_section	*secs;
	struct sh_item		*items;
	json_t			*sa, *so, *ia, *io;
	const char		*note;
	size_t			 i, j, k, n, total = 0;

	if (!json_is_object(o))
		return ld_fail(ld, "variant must be an object");
	if (get_id(ld, o, "", "id", &v->id) == -1)
		return -1;
	ld->variant = v->id;
	if (check_keys(ld, o, "", vkeys) == -1 ||
	    get_str(ld, o, "", "name", true, &v->name) == -1 ||
	    get_str(ld, o, "", "note", false, &note) == -1 ||
	    (sa = get_array(ld, o, "", "sections", 1,
	    SH_RUBRIC_MAX_SECTIONS)) == NULL)
		return -1;

	/* Count first so that items are one array and sections slices. */
	json_array_foreach(sa, i, so) {
		if (!json_is_object(so))
			return ld_fail(ld, "section %zu must be an object",
			    i + 1);
		if (get_id(ld, so, "", "id", &note) == -1)
			return -1;
		ld->section = note;
		if (check_keys(ld, so, "", skeys) == -1 ||
		    (ia = get_array(ld, so, "", "items", 1,
		    SH_RUBRIC_MAX_ITEMS)) == NULL)
			return -1;
		total += json_array_size(ia);
		if (total > SH_RUBRIC_MAX_ITEMS)
			return ld_fail(ld, "more than %d items",
			    SH_RUBRIC_MAX_ITEMS);
	}
	ld->section = NULL;
	if ((secs = calloc(json_array_size(sa), sizeof *secs)) == NULL)
		return ld_fail(ld, "out of memory");
	v->sections = secs;
	v->nsections = json_array_size(sa);
	if ((items = calloc(total, sizeof *items)) == NULL)
		return ld_fail(ld, "out of memory");
	v->items = items;
	v->nitems = total;

	n = 0;
	json_array_foreach(sa, i, so) {
		secs[i].id = json_string_value(json_object_get(so, "id"));
		ld->section = secs[i].id;
		for (j = 0; j < i; j++)
			if (strcmp(secs[j].id, secs[i].id) == 0)
				return ld_fail(ld, "duplicate section id %s",
				    secs[i].id);
		if (get_str(ld, so, "", "title", true,
		    &secs[i].title) == -1 ||
		    get_str(ld, so, "", "note", false, &note) == -1)
			return -1;
		secs[i].mandatory = r->has_mandatory &&
		    is_mandatory(r, secs[i].id);
		ia = json_object_get(so, "items");
		secs[i].items = &items[n];
		secs[i].first = n;
		secs[i].nitems = json_array_size(ia);
		json_array_foreach(ia, j, io) {
			items[n].index = n;
			items[n].section = i;
			if (load_item(ld, io, &items[n]) == -1)
				return -1;
			for (k = 0; k < n; k++)
				if (strcmp(items[k].id, items[n].id) == 0)
					return ld_fail(ld, "duplicate item "
					    "id %s", items[n].id);
			items[n].mandatory = secs[i].mandatory &&
			    items[n].kind == SH_ITEM_JUDGED;
			if (items[n].kind == SH_ITEM_JUDGED ||
			    items[n].kind == SH_ITEM_BONUS)
				v->nreviewer_items++;
			secs[i].max_points += items[n].max_points;
			secs[i].min_points += items[n].min_points;
			n++;
			ld->item = NULL;
		}
		v->max_points += secs[i].max_points;
		v->min_points += secs[i].min_points;
	}
	ld->section = NULL;
	for (i = 0; i < r->nmandatory_sections; i++)
		if (sh_variant_section(v, r->mandatory_sections[i]) == NULL)
			return ld_fail(ld, "mandatory section %s not found",
			    r->mandatory_sections[i]);
	if (v->max_points != r->maximum)
		return ld_fail(ld, "items add up to %d, not the maximum %d",
		    v->max_points, r->maximum);
	return 0;
}

static int
load_top(struct ld *ld, struct sh_rubric *r, struct priv *p, json_t *root)
{
	static const char *const keys[] = { "format", "id", "title", "source",
	    "maximum", "scale", "comment_required_scores",
	    "cannot_judge_score", "mandatory", "low_scores", "tally", "notes",
	    "conflict_clause", "variants", NULL };
	static const char *const mkeys[] = { "sections", "score", "note",
	    NULL };
	static const char *const lkeys[] = { "scores", "threshold", "note",
	    NULL };
	static const char *const tkeys[] = { "trim", "min_reviewers_to_trim",
	    "min_proposals_per_reviewer", NULL };
	const char	*format, *key;
	json_t		*o, *a, *v;
	size_t		 i, j;
	char		 k[2];

	if (!json_is_object(root))
		return ld_fail(ld, "not a JSON object");
	if (get_str(ld, root, "", "format", true, &format) == -1)
		return -1;
	if (strcmp(format, SH_RUBRIC_FORMAT) != 0)
		return ld_fail(ld, "unknown format \"%.64s\" (expected %s)",
		    format, SH_RUBRIC_FORMAT);
	if (check_keys(ld, root, "", keys) == -1 ||
	    get_id(ld, root, "", "id", &r->id) == -1 ||
	    get_str(ld, root, "", "title", true, &r->title) == -1 ||
	    get_str(ld, root, "", "source", true, &r->source) == -1 ||
	    get_str(ld, root, "", "conflict_clause", false,
	    &r->conflict_clause) == -1 ||
	    get_int(ld, root, "", "maximum", 1, 100000,
	    &r->maximum) == -1)
		return -1;

	if (get_object(ld, root, "", "scale", false, &o) == -1)
		return -1;
	if (json_object_size(o) != SH_SCORE_MAX)
		return ld_fail(ld, "scale must name exactly the scores 1-5");
	for (i = SH_SCORE_MIN; i <= SH_SCORE_MAX; i++) {
		k[0] = (char)('0' + i);
		k[1] = '\0';
		if (get_str(ld, o, "scale: ", k, true, &r->scale[i]) == -1)
			return -1;
	}

	if (get_scores(ld, root, "", "comment_required_scores",
	    r->comment_required) == -1 ||
	    get_int(ld, root, "", "cannot_judge_score", SH_SCORE_MIN,
	    SH_SCORE_MAX, &r->cannot_judge_score) == -1)
		return -1;

	if (get_object(ld, root, "", "mandatory", true, &o) == -1)
		return -1;
	if (o != NULL) {
		r->has_mandatory = true;
		if (check_keys(ld, o, "mandatory: ", mkeys) == -1 ||
		    (a = get_array(ld, o, "mandatory: ", "sections", 1,
		    SH_RUBRIC_MAX_SECTIONS)) == NULL ||
		    get_int(ld, o, "mandatory: ", "score", SH_SCORE_MIN,
		    SH_SCORE_MAX, &r->mandatory_score) == -1 ||
		    get_str(ld, o, "mandatory: ", "note", true,
		    &r->mandatory_note) == -1)
			return -1;
		if ((p->mandatory_sections = calloc(json_array_size(a),
		    sizeof *p->mandatory_sections)) == NULL)
			return ld_fail(ld, "out of memory");
		r->mandatory_sections = p->mandatory_sections;
		json_array_foreach(a, i, v) {
			if (check_string(ld, v, "mandatory: ", "sections", true,
			    false, &key) == -1)
				return -1;
			for (j = 0; j < i; j++)
				if (strcmp(p->mandatory_sections[j], key) == 0)
					return ld_fail(ld, "mandatory: section "
					    "%s appears twice", key);
			p->mandatory_sections[i] = key;
			r->nmandatory_sections++;
		}
	}

	if (get_object(ld, root, "", "low_scores", true, &o) == -1)
		return -1;
	if (o != NULL) {
		r->has_low_scores = true;
		if (check_keys(ld, o, "low_scores: ", lkeys) == -1 ||
		    get_scores(ld, o, "low_scores: ", "scores",
		    r->low_score) == -1 ||
		    get_int(ld, o, "low_scores: ", "threshold", 1,
		    SH_RUBRIC_MAX_ITEMS, &r->low_scores_threshold) == -1 ||
		    get_str(ld, o, "low_scores: ", "note", true,
		    &r->low_scores_note) == -1)
			return -1;
		if (memchr(r->low_score, true, sizeof r->low_score) == NULL)
			return ld_fail(ld, "low_scores: scores must not be "
			    "empty");
	}

	if (get_object(ld, root, "", "tally", false, &o) == -1 ||
	    check_keys(ld, o, "tally: ", tkeys) == -1 ||
	    get_bool(ld, o, "tally: ", "trim", true, false,
	    &r->tally.trim) == -1 ||
	    get_int(ld, o, "tally: ", "min_reviewers_to_trim", 1, 1000,
	    &r->tally.min_reviewers_to_trim) == -1 ||
	    get_int(ld, o, "tally: ", "min_proposals_per_reviewer", 1, 100000,
	    &r->tally.min_proposals_per_reviewer) == -1)
		return -1;
	if (r->tally.trim && r->tally.min_reviewers_to_trim < 3)
		return ld_fail(ld, "tally: dropping a highest and a lowest "
		    "needs min_reviewers_to_trim of at least 3");

	if ((v = json_object_get(root, "notes")) != NULL) {
		if ((a = get_array(ld, root, "", "notes", 0,
		    SH_RUBRIC_MAX_NOTES)) == NULL)
			return -1;
		if ((p->notes = calloc(json_array_size(a) + 1,
		    sizeof *p->notes)) == NULL)
			return ld_fail(ld, "out of memory");
		r->notes = p->notes;
		json_array_foreach(a, i, v) {
			if (check_string(ld, v, "", "notes", false, true,
			    &p->notes[i]) == -1)
				return -1;
			r->nnotes++;
		}
	}

	if ((a = get_array(ld, root, "", "variants", 1,
	    SH_RUBRIC_MAX_VARIANTS)) == NULL)
		return -1;
	if ((p->variants = calloc(json_array_size(a),
	    sizeof *p->variants)) == NULL)
		return ld_fail(ld, "out of memory");
	r->variants = p->variants;
	json_array_foreach(a, i, v) {
		p->nvariants = i + 1;
		if (load_variant(ld, r, v, &p->variants[i]) == -1)
			return -1;
		for (j = 0; j < i; j++)
			if (strcmp(p->variants[j].id, p->variants[i].id) == 0)
				return ld_fail(ld, "duplicate variant id");
		ld->variant = NULL;
		r->nvariants++;
	}
	return 0;
}

struct sh_rubric *
sh_rubric_load_buf(const void *data, size_t len, const char *name,
    struct sh_err *err)
{
	struct sh_rubric	*r;
	struct priv		*p;
	struct ld		 ld;
	json_error_t		 je;

	if (name == NULL)
		name = "rubric";
	if (data == NULL)
		data = "";
	memset(&ld, 0, sizeof ld);
	ld.name = name;
	ld.err = err;
	if (len > SH_RUBRIC_MAX_BYTES) {
		ld_fail(&ld, "larger than the limit of %d bytes",
		    SH_RUBRIC_MAX_BYTES);
		return NULL;
	}
	if (sodium_init() == -1) {
		ld_fail(&ld, "libsodium failed to initialise");
		return NULL;
	}
	if ((r = calloc(1, sizeof *r)) == NULL ||
	    (p = calloc(1, sizeof *p)) == NULL) {
		free(r);
		ld_fail(&ld, "out of memory");
		return NULL;
	}
	r->priv = p;
	if ((p->name = strdup(name)) == NULL) {
		ld_fail(&ld, "out of memory");
		goto fail;
	}
	r->name = p->name;
	ld.name = p->name;
	crypto_hash_sha256(r->hash, data, len);
	sodium_bin2hex(r->hash_hex, sizeof r->hash_hex, r->hash,
	    sizeof r->hash);

	p->root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (p->root == NULL) {
		ld_fail(&ld, "line %d column %d: %s", je.line, je.column,
		    je.text);
		goto fail;
	}
	if (load_top(&ld, r, p, p->root) == -1)
		goto fail;
	return r;
fail:
	sh_rubric_free(r);
	return NULL;
}

static const char *
base_name(const char *path)
{
	const char	*s;

	s = strrchr(path, '/');
	return s != NULL && s[1] != '\0' ? s + 1 : path;
}

struct sh_rubric *
sh_rubric_load_file(const char *path, struct sh_err *err)
{
	struct sh_rubric	*r;
	struct sh_buf		 b;

	sh_buf_init(&b, false);
	if (sh_read_file(path, SH_RUBRIC_MAX_BYTES, &b, err) == -1)
		return NULL;
	r = sh_rubric_load_buf(b.data != NULL ? b.data : (void *)"", b.len,
	    base_name(path), err);
	sh_buf_free(&b);
	return r;
}

void
sh_rubric_free(struct sh_rubric *r)
{
	struct priv	*p;
	size_t		 i;

	if (r == NULL)
		return;
	p = r->priv;
	if (p != NULL) {
		for (i = 0; p->variants != NULL && i < p->nvariants; i++) {
			free_items((struct sh_item *)p->variants[i].items,
			    p->variants[i].nitems);
			free((void *)p->variants[i].sections);
		}
		free(p->variants);
		free(p->mandatory_sections);
		free(p->notes);
		json_decref(p->root);
		free(p->name);
		free(p);
	}
	free(r);
}

const struct sh_variant *
sh_rubric_variant(const struct sh_rubric *r, const char *id)
{
	size_t	i;

	for (i = 0; i < r->nvariants; i++)
		if (strcmp(r->variants[i].id, id) == 0)
			return &r->variants[i];
	return NULL;
}

const struct sh_item *
sh_variant_item(const struct sh_variant *v, const char *id)
{
	size_t	i;

	for (i = 0; i < v->nitems; i++)
		if (strcmp(v->items[i].id, id) == 0)
			return &v->items[i];
	return NULL;
}

const struct sh_section *
sh_variant_section(const struct sh_variant *v, const char *id)
{
	size_t	i;

	for (i = 0; i < v->nsections; i++)
		if (strcmp(v->sections[i].id, id) == 0)
			return &v->sections[i];
	return NULL;
}

const struct sh_cert_option *
sh_item_option(const struct sh_item *it, const char *id)
{
	size_t	i;

	for (i = 0; i < it->noptions; i++)
		if (strcmp(it->options[i].id, id) == 0)
			return &it->options[i];
	return NULL;
}
