/*
 * The rubric files in data/rubrics/ against the seeds they transcribe.
 * Uses jansson directly, not the rubric loader, so that the data is
 * checked on its own: totals, the seed's coefficients and points (typed in below from
 * the seed, independently of the JSON), every text verbatim in the seed,
 * and the chiiki ICT bands at their edges.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "testutil.h"

#define CHIIKI_SEED	"seeds/003_4098140fe448eae6.txt"
#define KAKINE_SEED	"seeds/002_24a4f4ba8d55a4e7.txt"

static json_t *
load(const char *rel)
{
	json_error_t	 e;
	json_t		*j;
	char		*path = tu_src(rel);

	j = json_load_file(path, JSON_REJECT_DUPLICATES, &e);
	if (j == NULL)
		fail_msg("%s:%d: %s", path, e.line, e.text);
	free(path);
	assert_true(json_is_object(j));
	return j;
}

static const char *
str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	if (s == NULL)
		fail_msg("missing string \"%s\"", key);
	return s;
}

static json_int_t
num(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_integer(v))
		fail_msg("missing integer \"%s\"", key);
	return json_integer_value(v);
}

static json_t *
arr(const json_t *o, const char *key)
{
	json_t *a = json_object_get(o, key);

	if (!json_is_array(a) || json_array_size(a) == 0)
		fail_msg("missing array \"%s\"", key);
	return a;
}

/* Growing string for the canonical descriptions below. */
struct sb {
	char	*s;
	size_t	 len, cap;
};

static void sb_add(struct sb *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
sb_add(struct sb *b, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->s == NULL ? NULL : b->s + b->len,
		    b->s == NULL ? 0 : b->cap - b->len, fmt, ap);
		va_end(ap);
		assert_true(n >= 0);
		if (b->s != NULL && b->len + (size_t)n < b->cap)
			break;
		b->cap = (b->cap + (size_t)n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		assert_non_null(b->s);
		if (b->len == 0)
			b->s[0] = '\0';
	}
	b->len += (size_t)n;
}

/* Points of an item: maximum and minimum, by kind. */
static void
item_range(const json_t *it, int *maxp, int *minp)
{
	const char	*kind = str(it, "kind");
	json_t		*a, *e;
	size_t		 i;
	int		 hi = -1, lo = 1 << 30, v, coef;

	if (strcmp(kind, "judged") == 0) {
		coef = (int)num(it, "coefficient");
		*maxp = 5 * coef;
		*minp = 1 * coef;
		return;
	}
	if (strcmp(kind, "bonus") == 0) {
		a = arr(it, "values");
		json_array_foreach(a, i, e) {
			v = (int)json_integer_value(e);
			hi = v > hi ? v : hi;
			lo = v < lo ? v : lo;
		}
	} else if (strcmp(kind, "indicator") == 0) {
		coef = (int)num(it, "coefficient");
		a = arr(it, "bands");
		json_array_foreach(a, i, e) {
			v = (int)num(e, "points") * coef;
			hi = v > hi ? v : hi;
			lo = v < lo ? v : lo;
		}
	} else if (strcmp(kind, "certification") == 0) {
		a = arr(it, "options");
		json_array_foreach(a, i, e) {
			v = (int)num(e, "points");
			hi = v > hi ? v : hi;
		}
		lo = 0;		/* no certification held */
	} else
		fail_msg("item %s: unknown kind %s", str(it, "id"), kind);
	*maxp = hi;
	*minp = lo;
}

static const json_t *
variant(const json_t *r, const char *id)
{
	json_t	*v;
	size_t	 i;

	json_array_foreach(arr(r, "variants"), i, v)
		if (strcmp(str(v, "id"), id) == 0)
			return v;
	fail_msg("no variant %s", id);
	return NULL;
}

/* ------------------------------------------------------------ totals */

static void
variant_totals(const json_t *v, int *maxp, int *minp)
{
	json_t	*s, *it;
	size_t	 i, j;
	int	 hi, lo;

	*maxp = *minp = 0;
	json_array_foreach(arr(v, "sections"), i, s)
		json_array_foreach(arr(s, "items"), j, it) {
			item_range(it, &hi, &lo);
			*maxp += hi;
			*minp += lo;
		}
}

static void
totals_add_up(void **state)
{
	static const struct {
		const char	*file, *variant;
		int		 max, min;
	} want[] = {
		/* min: 1 × every coefficient, 1 band point × 2, no bonus/cert */
		{ "data/rubrics/chiiki-2020.json", "chiiki-miryoku", 470, 91 },
		{ "data/rubrics/chiiki-2020.json", "global", 470, 91 },
		{ "data/rubrics/chiiki-2020.json", "pro-single", 470, 91 },
		{ "data/rubrics/chiiki-2020.json", "pro-joint", 470, 91 },
		{ "data/rubrics/kakine-2024.json", "kakine", 375, 56 },
	};
	json_t	*r;
	size_t	 i;
	int	 hi, lo;

	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		r = load(want[i].file);
		assert_int_equal(num(r, "maximum"), want[i].max);
		variant_totals(variant(r, want[i].variant), &hi, &lo);
		print_message("%s %s: max %d min %d\n", want[i].file,
		    want[i].variant, hi, lo);
		assert_int_equal(hi, want[i].max);
		assert_int_equal(lo, want[i].min);
		assert_int_equal(json_array_size(arr(r, "variants")),
		    strstr(want[i].file, "chiiki") ? 4 : 1);
		json_decref(r);
	}
}

/* ------------------------------------------- the seed's numbers */

/*
 * One line per variant, typed from the seed's tables: item id and
 * coefficient (judged), i<coef> (indicator), b<values> (bonus), c
 * (certification); then the section maxima; then the options.
 */
#define CHIIKI_HEAD "1-1:3 2-1:2 2-2:2 3-1:2 3-2:2 3-3:2 3-4:2 3-5:3 3-6:2 " \
	"4-1:2 4-2:2 4-3:2 4-4:1 4-5:1 5-1:4 5-2:2 5-3:4 5-4:5 " \
	"6-1:6 6-2:5 6-3:4 6-4:6 "
#define CHIIKI_TAIL "8-1:3 9-1:2 9-2:2 10-1:i1 10-2:i1 11:c"
#define CHIIKI_SECTIONS "1=15 2=20 3=65 4=40 5=75 6=105 7=90 8=15 9=20 " \
	"10=10 11=15"
#define CHIIKI_CERTS "eruboshi-1=5 eruboshi-2=10 eruboshi-3=15 " \
	"eruboshi-plan=2 kurumin-old=5 kurumin-new=7 platinum-kurumin=10 " \
	"youth-yell=10"

static const struct {
	const char	*file, *variant, *items, *sections, *certs;
} numbers[] = {
	{ "data/rubrics/chiiki-2020.json", "chiiki-miryoku",
	  CHIIKI_HEAD "7-1:6 7-2:6 7-3:3 7-4:3 " CHIIKI_TAIL,
	  CHIIKI_SECTIONS, CHIIKI_CERTS },
	{ "data/rubrics/chiiki-2020.json", "global",
	  CHIIKI_HEAD "7-1:6 7-2:6 7-3:2 7-4:2 7-5:2 " CHIIKI_TAIL,
	  CHIIKI_SECTIONS, CHIIKI_CERTS },
	{ "data/rubrics/chiiki-2020.json", "pro-single",
	  CHIIKI_HEAD "7-1:6 7-2:6 7-3:3 7-4:3 " CHIIKI_TAIL,
	  CHIIKI_SECTIONS, CHIIKI_CERTS },
	{ "data/rubrics/chiiki-2020.json", "pro-joint",
	  CHIIKI_HEAD "7-1:6 7-2:6 7-3:2 7-4:2 7-5:2 " CHIIKI_TAIL,
	  CHIIKI_SECTIONS, CHIIKI_CERTS },
	{ "data/rubrics/kakine-2024.json", "kakine",
	  "1-1:2 1-2:2 2-1:2 2-2:2 2-3:2 3-1:2 3-2:2 4-1:2 4-2:2 5-1:2 5-2:2 "
	  "6-a:b0/3/5/10 6-b:b0/3/5/10 6-c:b0/3/5/10 7-1:6 7-2:6 7-3:6 "
	  "8-1:2 8-2:2 9-1:5 9-1a:b0/5 9-1b:b0/10 9-2:5 9-2a:b0/10 "
	  "9-2b:b0/10 10:1 11:1 12:c",
	  "1=20 2=30 3=20 4=20 5=20 6=30 7=90 8=20 9=85 10=5 11=5 12=30",
	  "eruboshi-1=10 eruboshi-2=15 eruboshi-3=20 platinum-eruboshi=30 "
	  "eruboshi-plan=5 kurumin-1=10 try-kurumin=15 kurumin-2=15 "
	  "kurumin-3=15 platinum-kurumin=20 youth-yell=20" },
};

static void
describe(const json_t *v, struct sb *items, struct sb *secs, struct sb *certs)
{
	json_t		*s, *it, *e;
	size_t		 i, j, k;
	const char	*kind;
	int		 hi, lo, shi;

	json_array_foreach(arr(v, "sections"), i, s) {
		shi = 0;
		json_array_foreach(arr(s, "items"), j, it) {
			kind = str(it, "kind");
			sb_add(items, "%s%s:", items->len ? " " : "",
			    str(it, "id"));
			if (strcmp(kind, "judged") == 0)
				sb_add(items, "%d", (int)num(it, "coefficient"));
			else if (strcmp(kind, "indicator") == 0)
				sb_add(items, "i%d", (int)num(it, "coefficient"));
			else if (strcmp(kind, "bonus") == 0) {
				sb_add(items, "b");
				json_array_foreach(arr(it, "values"), k, e)
					sb_add(items, "%s%d", k ? "/" : "",
					    (int)json_integer_value(e));
			} else {
				sb_add(items, "c");
				json_array_foreach(arr(it, "options"), k, e)
					sb_add(certs, "%s%s=%d",
					    certs->len ? " " : "", str(e, "id"),
					    (int)num(e, "points"));
			}
			item_range(it, &hi, &lo);
			shi += hi;
		}
		sb_add(secs, "%s%s=%d", secs->len ? " " : "", str(s, "id"), shi);
	}
}

static void
numbers_match_seed(void **state)
{
	json_t	*r;
	size_t	 i;

	for (i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
		struct sb	 items = { 0 }, secs = { 0 }, certs = { 0 };

		r = load(numbers[i].file);
		describe(variant(r, numbers[i].variant), &items, &secs, &certs);
		assert_string_equal(items.s, numbers[i].items);
		assert_string_equal(secs.s, numbers[i].sections);
		assert_string_equal(certs.s, numbers[i].certs);
		free(items.s);
		free(secs.s);
		free(certs.s);
		json_decref(r);
	}
}

static void
rules_match_seed(void **state)
{
	json_t	*c, *k, *a;

	c = load("data/rubrics/chiiki-2020.json");
	k = load("data/rubrics/kakine-2024.json");
	assert_string_equal(str(c, "format"), "shinsa-rubric/1");
	assert_string_equal(str(k, "format"), "shinsa-rubric/1");
	assert_string_equal(str(c, "id"), "chiiki-2020");
	assert_string_equal(str(k, "id"), "kakine-2024");

	a = arr(c, "comment_required_scores");
	assert_int_equal(json_array_size(a), 3);
	assert_int_equal(json_integer_value(json_array_get(a, 0)), 5);
	assert_int_equal(json_integer_value(json_array_get(a, 1)), 2);
	assert_int_equal(json_integer_value(json_array_get(a, 2)), 1);
	a = arr(k, "comment_required_scores");
	assert_int_equal(json_array_size(a), 2);
	assert_int_equal(json_integer_value(json_array_get(a, 0)), 5);
	assert_int_equal(json_integer_value(json_array_get(a, 1)), 1);
	assert_int_equal(num(c, "cannot_judge_score"), 1);
	assert_int_equal(num(k, "cannot_judge_score"), 1);

	assert_true(json_is_true(json_object_get(json_object_get(c, "tally"),
	    "trim")));
	assert_true(json_is_false(json_object_get(json_object_get(k, "tally"),
	    "trim")));

	/* chiiki: no mandatory items; 「著しく多い」 as a stated threshold. */
	assert_true(json_is_null(json_object_get(c, "mandatory")));
	a = json_object_get(c, "low_scores");
	assert_int_equal(num(a, "threshold"), 10);
	assert_non_null(strstr(str(a, "note"), "shinsa's stated choice"));
	assert_int_equal(json_array_size(arr(a, "scores")), 2);

	/* kakine: 1–5 mandatory at score 1; no low-score rule. */
	assert_true(json_is_null(json_object_get(k, "low_scores")));
	a = json_object_get(k, "mandatory");
	assert_int_equal(num(a, "score"), 1);
	assert_int_equal(json_array_size(arr(a, "sections")), 5);
	assert_string_equal(json_string_value(json_array_get(arr(a,
	    "sections"), 4)), "5");
	json_decref(c);
	json_decref(k);
}

/* ------------------------------------------------- texts verbatim */

/*
 * The seed as one stream of text, normalised the way the transcription
 * is: each line split into table cells at tabs and pipes, HTML tags
 * removed, cells trimmed, cells holding only numbers (coefficients,
 * maxima, 1～5, 最大10) dropped, and the rest joined with SEP between
 * them. Matching skips SEP, so that a sentence broken across a page or
 * a table row reads whole again, yet a criterion can be required to be
 * a whole cell.
 */
#define SEP	'\x1f'

static bool
numeric_cell(const char *p, size_t n)
{
	const char	*e = p + n;

	while (p < e) {
		if (strchr("0123456789-~ ", *p) != NULL)
			p++;
		else if (e - p >= 3 && memcmp(p, "～", 3) == 0)
			p += 3;
		else if (e - p >= 6 && memcmp(p, "最大", 6) == 0)
			p += 6;
		else
			return false;
	}
	return true;
}

static char *
normalise(const char *raw)
{
	size_t		 n = strlen(raw), o = 0, c, start;
	char		*out = malloc(2 * n + 1), *cell = malloc(n + 1);
	const char	*p = raw, *q;

	assert_non_null(out);
	assert_non_null(cell);
	while (*p != '\0') {
		c = 0;
		while (*p != '\0' && *p != '\t' && *p != '|' && *p != '\n') {
			/*
			 * A tag is < then a letter or /; 一覧<地域魅力化型> is
			 * text. Tags end a cell too, except <b>.
			 */
			if (*p == '<' && (p[1] == '/' ||
			    (p[1] >= 'a' && p[1] <= 'z'))) {
				q = p[1] == '/' ? p + 2 : p + 1;
				if ((*q != 'b' || q[1] == 'r') && c > 0)
					cell[c++] = SEP;
				while (*p != '\0' && *p != '>' && *p != '\n')
					p++;
				if (*p == '>')
					p++;
				continue;
			}
			cell[c++] = *p++;
		}
		if (*p != '\0')
			p++;
		start = 0;
		while (start < c && (cell[start] == ' ' || cell[start] == '\r'))
			start++;
		while (c > start && (cell[c - 1] == ' ' || cell[c - 1] == '\r'))
			c--;
		if (c == start || numeric_cell(cell + start, c - start))
			continue;
		if (o > 0)
			out[o++] = SEP;
		memcpy(out + o, cell + start, c - start);
		o += c - start;
	}
	out[o] = '\0';
	free(cell);
	return out;
}

struct region {
	const char	*b, *e;
};

/* End of `t` matched at p, skipping cell separators; NULL if no match. */
static const char *
match(const char *p, const char *e, const char *t)
{
	while (*t != '\0') {
		if (p < e && *p == SEP) {
			p++;
			continue;
		}
		if (p >= e || *p != *t)
			return NULL;
		p++;
		t++;
	}
	return p;
}

static bool
in_region(const struct region *r, const char *s)
{
	const char	*p;

	for (p = r->b; p < r->e; p++)
		if (*p != SEP && match(p, r->e, s) != NULL)
			return true;
	return false;
}

/*
 * `s` is one whole cell, or whole cells joined, after the item number
 * (①-⑳) or the 加点 marker column that the transcription drops.
 */
static bool
whole_cells(const struct region *r, const char *s)
{
	const unsigned char	*u;
	const char		*p, *q, *m;

	for (p = r->b; p < r->e; p++) {
		if (p != r->b && p[-1] != SEP)
			continue;
		q = p;
		u = (const unsigned char *)q;
		if (r->e - q >= 3 && u[0] == 0xe2 && u[1] == 0x91 &&
		    u[2] >= 0xa0 && u[2] <= 0xb3)
			q += 3;
		else if ((m = match(q, r->e, "加点")) != NULL)
			q = m;		/* printed 加<br>点 */
		else if (strncmp(q, "加", 3) == 0)
			q += 3;
		if (q != p && *q == ' ')
			q++;
		m = match(q, r->e, s);
		if (m != NULL && (m == r->e || *m == SEP || *m == '\0'))
			return true;
	}
	return false;
}

/*
 * `name` at the start of a cell or after a list's 「・」, then 「= N点」
 * or 「＝N点」 with N == points, then `cond` (may be empty) right after:
 * how bands and options are printed.
 */
static bool
printed_with_points(const struct region *r, const char *name,
    const char *cond, int points)
{
	const char	*p, *q;
	char		*end;
	long		 v;

	for (p = r->b; p < r->e; p++) {
		if (p != r->b && p[-1] != SEP &&
		    !(p - r->b >= 3 && memcmp(p - 3, "・", 3) == 0))
			continue;
		if (*p == SEP || (q = match(p, r->e, name)) == NULL)
			continue;
		while (*q == ' ' || *q == SEP)
			q++;
		if (*q == '=')
			q++;
		else if (strncmp(q, "＝", 3) == 0)
			q += 3;
		else
			continue;
		while (*q == ' ' || *q == SEP)
			q++;
		v = strtol(q, &end, 10);
		if (end == q || v != points || strncmp(end, "点", 3) != 0)
			continue;
		/* A condition is its own line (cell) in the seed. */
		q = match(end + 3, r->e, cond);
		if (q != NULL && (*cond == '\0' || q == r->e || *q == SEP ||
		    *q == '\0'))
			return true;
	}
	return false;
}

static int
check_texts(const json_t *v, const struct region *table,
    const struct region *seven, const char *srcpfx)
{
	const struct region *r;
	json_t		*s, *it, *e;
	size_t		 i, j, k;
	const char	*t, *kind, *sep;
	char		*name;
	int		 bad = 0, checked = 0;

	json_array_foreach(arr(v, "sections"), i, s) {
		r = table;
		if (seven != NULL && strcmp(str(s, "id"), "7") == 0)
			r = seven;
		if (!in_region(r, str(s, "title")) &&
		    !in_region(table, str(s, "title"))) {
			print_error("%s section %s: title not in seed: %s\n",
			    str(v, "id"), str(s, "id"), str(s, "title"));
			bad++;
		}
		json_array_foreach(arr(s, "items"), j, it) {
			kind = str(it, "kind");
			t = str(it, "criterion");
			checked++;
			if (strcmp(kind, "certification") != 0 ?
			    !whole_cells(r, t) : !in_region(r, t)) {
				print_error("%s item %s: criterion not in seed: "
				    "%s\n", str(v, "id"), str(it, "id"), t);
				bad++;
			}
			if (*str(it, "label") == '\0' ||
			    strncmp(str(it, "source"), srcpfx,
			    strlen(srcpfx)) != 0) {
				print_error("%s item %s: label or source\n",
				    str(v, "id"), str(it, "id"));
				bad++;
			}
			if (strcmp(kind, "indicator") == 0)
				json_array_foreach(arr(it, "bands"), k, e) {
					checked++;
					if (printed_with_points(r, str(e, "text"),
					    "", (int)num(e, "points")))
						continue;
					print_error("%s item %s: band not in "
					    "seed: %s\n", str(v, "id"),
					    str(it, "id"), str(e, "text"));
					bad++;
				}
			if (strcmp(kind, "certification") != 0)
				continue;
			json_array_foreach(arr(it, "options"), k, e) {
				checked += 2;
				if (!in_region(r, str(e, "group"))) {
					print_error("%s option %s: group not in "
					    "seed\n", str(v, "id"), str(e, "id"));
					bad++;
				}
				/* 「name ※condition」: the seed prints the
				 * points between the two. */
				t = str(e, "text");
				name = strdup(t);
				assert_non_null(name);
				sep = strstr(t, " ※");
				if (sep != NULL)
					name[sep - t] = '\0';
				if (!printed_with_points(r, name,
				    sep != NULL ? sep + 1 : "",
				    (int)num(e, "points"))) {
					print_error("%s option %s: not in seed: "
					    "%s\n", str(v, "id"), str(e, "id"), t);
					bad++;
				}
				free(name);
			}
		}
	}
	assert_true(checked > 20);
	return bad;
}

static char *
seed_stream(const char *rel)
{
	char		 path[4096];
	struct stat	 st;
	char		*raw, *norm;

	snprintf(path, sizeof path, "%s/%s", SHINSA_SHARED_DIR, rel);
	if (stat(path, &st) == -1)
		return NULL;
	raw = tu_slurp(path, NULL);
	norm = normalise(raw);
	free(raw);
	return norm;
}

static const char *
must_find(const char *hay, const char *needle)
{
	const char *p = hay == NULL ? NULL : strstr(hay, needle);

	if (p == NULL)
		fail_msg("seed has no \"%s\"", needle);
	return p;
}

static void
texts_are_verbatim(void **state)
{
	/* Each table's texts must come from that table, and プロフェッショナル
	 * 型's two (7) from their own half. */
	static const struct {
		const char *variant, *from, *to, *from7, *to7, *src;
	} chiiki[] = {
		{ "chiiki-miryoku", "係数一覧<地域魅力化型>", "係数一覧<グローバル型>",
		  NULL, NULL, "003 別紙 地域魅力化型 (" },
		{ "global", "係数一覧<グローバル型>", "係数一覧<プロフェッショナル型>",
		  NULL, NULL, "003 別紙 グローバル型 (" },
		{ "pro-single", "係数一覧<プロフェッショナル型>", NULL,
		  "【一学科単独実施の場合】", "【学科連携による実施の場合】",
		  "003 別紙 プロフェッショナル型 (" },
		{ "pro-joint", "係数一覧<プロフェッショナル型>", NULL,
		  "【学科連携による実施の場合】", "成果の普及",
		  "003 別紙 プロフェッショナル型 (" },
	};
	char		*cs, *ks;
	json_t		*c, *k;
	struct region	 r, r7;
	size_t		 i;
	int		 bad = 0;

	cs = seed_stream(CHIIKI_SEED);
	ks = seed_stream(KAKINE_SEED);
	if (cs == NULL || ks == NULL) {
		free(cs);
		free(ks);
		skip();
	}
	c = load("data/rubrics/chiiki-2020.json");
	for (i = 0; i < sizeof chiiki / sizeof chiiki[0]; i++) {
		r.b = must_find(cs, chiiki[i].from);
		r.e = chiiki[i].to != NULL ? must_find(r.b, chiiki[i].to) :
		    cs + strlen(cs);
		if (chiiki[i].from7 != NULL) {
			r7.b = must_find(r.b, chiiki[i].from7);
			r7.e = must_find(r7.b, chiiki[i].to7);
		}
		bad += check_texts(variant(c, chiiki[i].variant), &r,
		    chiiki[i].from7 != NULL ? &r7 : NULL, chiiki[i].src);
	}

	/* The typo of 地域魅力化型 (4)① is kept, and only there. */
	assert_non_null(strstr(str(json_array_get(arr(json_array_get(arr(
	    variant(c, "chiiki-miryoku"), "sections"), 3), "items"), 0),
	    "criterion"), "構築されとともに"));
	assert_non_null(strstr(str(json_array_get(arr(json_array_get(arr(
	    variant(c, "global"), "sections"), 3), "items"), 0),
	    "criterion"), "構築されるとともに"));

	k = load("data/rubrics/kakine-2024.json");
	r.b = must_find(ks, "※審査項目のうち、1～5を必須項目とし");
	r.e = ks + strlen(ks);
	bad += check_texts(variant(k, "kakine"), &r, NULL, "002 参考2 ");

	assert_int_equal(bad, 0);
	json_decref(c);
	json_decref(k);
	free(cs);
	free(ks);
}

/* ------------------------------------------------------ ICT bands */

/*
 * Points for `x` by the item's bands: -1 outside the domain; fails if x
 * falls in no band or in more than one (a gap or an overlap).
 */
static int
band_points(const json_t *it, double x)
{
	const json_t	*d = json_object_get(it, "domain"), *b, *lim;
	size_t		 i;
	int		 hits = 0, pts = -1;
	bool		 in;

	if (x < json_number_value(json_object_get(d, "min")))
		return -1;
	lim = json_object_get(d, "max");
	if (lim != NULL && x > json_number_value(lim))
		return -1;
	json_array_foreach(arr(it, "bands"), i, b) {
		in = true;
		if ((lim = json_object_get(b, "min")) != NULL) {
			if (json_is_false(json_object_get(b, "min_inclusive")))
				in = in && x > json_number_value(lim);
			else
				in = in && x >= json_number_value(lim);
		}
		if ((lim = json_object_get(b, "max")) != NULL) {
			if (json_is_false(json_object_get(b, "max_inclusive")))
				in = in && x < json_number_value(lim);
			else
				in = in && x <= json_number_value(lim);
		}
		if (in) {
			hits++;
			pts = (int)num(b, "points");
		}
	}
	if (hits != 1)
		fail_msg("%s at %g: %d bands", str(it, "id"), x, hits);
	return pts;
}

static const json_t *
item(const json_t *v, const char *id)
{
	json_t	*s, *it;
	size_t	 i, j;

	json_array_foreach(arr(v, "sections"), i, s)
		json_array_foreach(arr(s, "items"), j, it)
			if (strcmp(str(it, "id"), id) == 0)
				return it;
	fail_msg("no item %s", id);
	return NULL;
}

static void
ict_bands_at_edges(void **state)
{
	static const struct { double x; int pts; } spc[] = {
		{ -0.5, -1 }, { 0, 5 }, { 0.5, 5 }, { 1.0, 5 }, { 1.001, 4 },
		{ 2.0, 4 }, { 2.001, 3 }, { 3.0, 3 }, { 3.5, 2 }, { 4.0, 2 },
		{ 4.001, 1 }, { 40, 1 },
	}, lan[] = {
		{ -1, -1 }, { 0, 1 }, { 20, 1 }, { 32.99, 1 }, { 33, 2 },
		{ 49.99, 2 }, { 50, 3 }, { 74.99, 3 }, { 75, 4 },
		{ 99.99, 4 }, { 100, 5 }, { 100.01, -1 },
	};
	static const char *variants[] = {
		"chiiki-miryoku", "global", "pro-single", "pro-joint"
	};
	json_t		*c;
	const json_t	*a, *b;
	size_t		 i, j;
	double		 x;

	c = load("data/rubrics/chiiki-2020.json");
	for (i = 0; i < 4; i++) {
		a = item(variant(c, variants[i]), "10-1");
		b = item(variant(c, variants[i]), "10-2");
		assert_string_equal(str(a, "fact"), "students_per_pc");
		assert_string_equal(str(b, "fact"), "lan_rate");
		for (j = 0; j < sizeof spc / sizeof spc[0]; j++)
			if (band_points(a, spc[j].x) != spc[j].pts)
				fail_msg("%s 10-1 at %g: want %d", variants[i],
				    spc[j].x, spc[j].pts);
		for (j = 0; j < sizeof lan / sizeof lan[0]; j++)
			if (band_points(b, lan[j].x) != lan[j].pts)
				fail_msg("%s 10-2 at %g: want %d", variants[i],
				    lan[j].x, lan[j].pts);
		/* No gap, no overlap anywhere in the domains. */
		for (x = 0; x <= 100; x += 0.125)
			assert_in_range(band_points(b, x), 1, 5);
		for (x = 0; x <= 10; x += 0.125)
			assert_in_range(band_points(a, x), 1, 5);
	}
	json_decref(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(totals_add_up),
		cmocka_unit_test(numbers_match_seed),
		cmocka_unit_test(rules_match_seed),
		cmocka_unit_test(texts_are_verbatim),
		cmocka_unit_test(ict_bands_at_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
