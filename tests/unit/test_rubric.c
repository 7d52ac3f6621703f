/*
 * review/rubric: the loader accepts the two transcribed schemes with the
 * maxima the seeds print, and refuses every broken rubric the contract
 * lists, each with its reason.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "testutil.h"
#include "review/rubric.h"

/*
 * A small rubric with one item of each kind: 2×5 + 10 + 5 + 15 = 40 at
 * most, 2×1 + 0 + 1 + 0 = 3 at least. Refusal tests edit one piece.
 */
static const char fixture[] =
    "{\"format\":\"shinsa-rubric/1\",\"id\":\"t\",\"title\":\"T\","
    "\"source\":\"s\",\"maximum\":40,"
    "\"scale\":{\"5\":\"a\",\"4\":\"b\",\"3\":\"c\",\"2\":\"d\",\"1\":\"e\"},"
    "\"comment_required_scores\":[5,1],\"cannot_judge_score\":1,"
    "\"mandatory\":{\"sections\":[\"1\"],\"score\":1,\"note\":\"n\"},"
    "\"low_scores\":{\"scores\":[2,1],\"threshold\":2,\"note\":\"n\"},"
    "\"tally\":{\"trim\":true,\"min_reviewers_to_trim\":3,"
    "\"min_proposals_per_reviewer\":5},"
    "\"notes\":[\"x\\ny\"],"
    "\"variants\":[{\"id\":\"v\",\"name\":\"V\",\"sections\":["
    "{\"id\":\"1\",\"title\":\"S1\",\"items\":["
    "{\"id\":\"1-1\",\"kind\":\"judged\",\"criterion\":\"審査\",\"label\":\"l\","
    "\"source\":\"s\",\"coefficient\":2}]},"
    "{\"id\":\"2\",\"title\":\"S2\",\"items\":["
    "{\"id\":\"2-a\",\"kind\":\"bonus\",\"criterion\":\"c\",\"label\":\"l\","
    "\"source\":\"s\",\"values\":[0,10,3,5]},"
    "{\"id\":\"2-b\",\"kind\":\"indicator\",\"criterion\":\"c\",\"label\":\"l\","
    "\"source\":\"s\",\"fact\":\"lan_rate\",\"unit\":\"%\",\"coefficient\":1,"
    "\"domain\":{\"min\":0,\"max\":100},\"bands\":["
    "{\"min\":100,\"points\":5,\"text\":\"a\"},"
    "{\"min\":50,\"max\":100,\"max_inclusive\":false,\"points\":3,\"text\":\"b\"},"
    "{\"max\":50,\"max_inclusive\":false,\"points\":1,\"text\":\"c\"}]},"
    "{\"id\":\"2-c\",\"kind\":\"certification\",\"criterion\":\"c\","
    "\"label\":\"l\",\"source\":\"s\",\"fact\":\"certifications\",\"options\":["
    "{\"id\":\"a\",\"group\":\"g\",\"text\":\"t\",\"points\":15},"
    "{\"id\":\"b\",\"group\":\"g\",\"text\":\"t\",\"points\":5}]}]}]}]}";

/* `base` with the first `from` replaced by `to`; caller frees. */
static char *
edit(const char *base, const char *from, const char *to)
{
	const char	*p;
	char		*s;
	size_t		 n;

	p = strstr(base, from);
	if (p == NULL)
		fail_msg("fixture has no %s", from);
	n = strlen(base) - strlen(from) + strlen(to) + 1;
	if ((s = malloc(n)) == NULL)
		fail_msg("out of memory");
	memcpy(s, base, (size_t)(p - base));
	strcpy(s + (p - base), to);
	strcat(s, p + strlen(from));
	return s;
}

/* Loading `s` fails with a message containing `why`; frees s. */
static void
refused_buf(char *s, const char *why)
{
	struct sh_rubric	*r;
	struct sh_err		 err;

	memset(&err, 0, sizeof err);
	r = sh_rubric_load_buf(s, strlen(s), "t.json", &err);
	if (r != NULL)
		fail_msg("accepted %s", s);
	if (strstr(err.msg, why) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, why);
	free(s);
}

/* The fixture with one edit is refused, saying `why`. */
static void
refused(const char *from, const char *to, const char *why)
{
	refused_buf(edit(fixture, from, to), why);
}

static void
fixture_loads(void **state)
{
	struct sh_rubric	*r;
	const struct sh_variant	*v;
	const struct sh_item	*it;
	struct sh_err		 err;
	unsigned char		 h[32];

	r = sh_rubric_load_buf(fixture, strlen(fixture), "t.json", &err);
	if (r == NULL)
		fail_msg("%s", err.msg);
	assert_string_equal(r->name, "t.json");
	assert_int_equal(r->maximum, 40);
	assert_true(r->comment_required[5] && r->comment_required[1]);
	assert_false(r->comment_required[2] || r->comment_required[3]);
	assert_string_equal(r->scale[5], "a");
	assert_true(r->has_low_scores && r->low_score[2] && r->low_score[1]);
	assert_false(r->low_score[3]);
	assert_int_equal(r->nnotes, 1);
	assert_string_equal(r->notes[0], "x\ny");
	assert_true(r->tally.trim);
	crypto_hash_sha256(h, (const unsigned char *)fixture, strlen(fixture));
	assert_memory_equal(r->hash, h, 32);
	assert_int_equal(strlen(r->hash_hex), 64);

	assert_null(sh_rubric_variant(r, "w"));
	v = sh_rubric_variant(r, "v");
	assert_non_null(v);
	assert_int_equal(v->max_points, 40);
	assert_int_equal(v->min_points, 3);
	assert_int_equal(v->nitems, 4);
	assert_int_equal(v->nreviewer_items, 2);
	assert_int_equal(v->nsections, 2);
	assert_ptr_equal(v->sections[1].items, &v->items[1]);
	assert_int_equal(v->sections[1].nitems, 3);
	assert_int_equal(v->sections[1].max_points, 30);
	assert_true(v->sections[0].mandatory);
	assert_true(v->items[0].mandatory);
	assert_false(v->items[1].mandatory);

	it = sh_variant_item(v, "1-1");
	assert_string_equal(it->criterion, "審査");
	assert_int_equal(it->max_points, 10);
	assert_int_equal(it->min_points, 2);
	it = sh_variant_item(v, "2-a");
	assert_int_equal(it->kind, SH_ITEM_BONUS);
	assert_int_equal(it->nvalues, 4);	/* sorted ascending */
	assert_int_equal(it->values[0], 0);
	assert_int_equal(it->values[1], 3);
	assert_int_equal(it->values[3], 10);
	it = sh_variant_item(v, "2-b");
	assert_int_equal(it->index, 2);
	assert_int_equal(it->section, 1);
	assert_int_equal(sh_item_band(it, 100)->points, 5);
	assert_int_equal(sh_item_band(it, 99.99)->points, 3);
	assert_int_equal(sh_item_band(it, 50)->points, 3);
	assert_int_equal(sh_item_band(it, 49.9)->points, 1);
	assert_int_equal(sh_item_band(it, 0)->points, 1);
	assert_null(sh_item_band(it, -0.1));
	assert_null(sh_item_band(it, 100.1));
	assert_null(sh_item_band(it, NAN));
	it = sh_variant_item(v, "2-c");
	assert_int_equal(sh_item_option(it, "b")->points, 5);
	assert_null(sh_item_option(it, "c"));
	assert_null(sh_variant_item(v, "3"));
	sh_rubric_free(r);
}

static void
refuses_format_and_fields(void **state)
{
	refused("shinsa-rubric/1", "shinsa-rubric/2", "unknown format");
	refused_buf(strdup("[1]"), "t.json: not a JSON object");
	refused("\"title\":\"T\",", "", "missing field \"title\"");
	refused("\"criterion\":\"c\",\"label\"", "\"label\"",
	    "t.json: variant v: item 2-a: missing field \"criterion\"");
	refused("\"coefficient\":2", "\"coefficient\":\"2\"",
	    "item 1-1: field \"coefficient\" must be an integer");
	refused("\"coefficient\":2", "\"coeficient\":2", "unknown field");
	refused("\"max_inclusive\":false,\"points\":3",
	    "\"max_inclusiv\":false,\"points\":3", "unknown field");
	refused("\"kind\":\"bonus\"", "\"kind\":\"bogus\"",
	    "item 2-a: unknown kind \"bogus\"");
	refused("\"title\":\"T\"", "\"title\":\"T\",\"title\":\"U\"",
	    "duplicate");
	refused("\"title\":\"T\"", "\"title\":\"\\u001b[2J\"",
	    "control character");
	refused("\"title\":\"T\"", "\"title\":\"\xff\"", "t.json: ");
	refused("\"id\":\"1-1\"", "\"id\":\"1 1\"", "may only have");
	refused("\"trim\":true", "\"trim\":1", "must be true or false");
	refused("\"min_reviewers_to_trim\":3", "\"min_reviewers_to_trim\":2",
	    "at least 3");
	refused("\"5\":\"a\",", "", "scale must name exactly");
	refused("\"scores\":[2,1]", "\"scores\":[]",
	    "low_scores: scores must not be empty");
	refused("\"sections\":[\"1\"]", "\"sections\":[\"9\"]",
	    "variant v: mandatory section 9 not found");
	refused("}]}]}]}", "}]}]}]} x", "t.json: ");
}

static void
refuses_ids_and_numbers(void **state)
{
	refused("\"id\":\"2-a\"", "\"id\":\"1-1\"",
	    "variant v: item 1-1: duplicate item id 1-1");
	refused("{\"id\":\"2\"", "{\"id\":\"1\"", "duplicate section id 1");
	refused("\"coefficient\":2", "\"coefficient\":11",
	    "item 1-1: coefficient 11 outside 1-10");
	refused("\"coefficient\":2", "\"coefficient\":0",
	    "coefficient 0 outside 1-10");
	refused("\"coefficient\":1", "\"coefficient\":12",
	    "item 2-b: coefficient 12 outside 1-10");
	refused("\"comment_required_scores\":[5,1]",
	    "\"comment_required_scores\":[5,6]", "score 6 outside 1-5");
	refused("\"comment_required_scores\":[5,1]",
	    "\"comment_required_scores\":[0]", "score 0 outside 1-5");
	refused("\"comment_required_scores\":[5,1]",
	    "\"comment_required_scores\":[5,5]", "score 5 appears twice");
	refused("\"cannot_judge_score\":1", "\"cannot_judge_score\":0",
	    "outside 1-5");
	refused("\"maximum\":40", "\"maximum\":45",
	    "t.json: variant v: items add up to 40, not the maximum 45");
	refused("{\"id\":\"b\"", "{\"id\":\"a\"",
	    "item 2-c: certification option a appears twice");
}

static void
refuses_bonus_sets(void **state)
{
	refused("[0,10,3,5]", "[10,3,5]",
	    "t.json: variant v: item 2-a: bonus values must include 0");
	refused("[0,10,3,5]", "[0,10,3,3]", "bonus value 3 appears twice");
	refused("[0,10,3,5]", "[0,10,-3,5]", "bonus value -3 is negative");
	refused("[0,10,3,5]", "[0]", "above 0");
	refused("[0,10,3,5]", "[0,10,3.5,5]", "must be integers");
}

static void
refuses_bad_bands(void **state)
{
	char	*s;

	/* [0,60) over [50,100): the chiiki misprint, in small. */
	refused("{\"max\":50,\"max_inclusive\":false",
	    "{\"max\":60,\"max_inclusive\":false",
	    "item 2-b: bands 2 and 3 overlap");
	/* Both 100-bands inclusive at 100. */
	refused("\"max\":100,\"max_inclusive\":false",
	    "\"max\":100,\"max_inclusive\":true", "overlap");
	/* [60,100) leaves [50,60) uncovered. */
	refused("\"min\":50,\"max\":100", "\"min\":60,\"max\":100",
	    "item 2-b: bands leave a gap");
	/* 50 itself in no band. */
	refused("\"min\":50,\"max\":100", "\"min\":50,\"min_inclusive\":false,"
	    "\"max\":100", "gap");
	/* Nothing reaches 100. */
	refused("{\"min\":100,\"points\":5,\"text\":\"a\"},", "", "gap");
	/* No band is unbounded above in an unbounded domain. */
	s = edit(fixture, "\"domain\":{\"min\":0,\"max\":100}",
	    "\"domain\":{\"min\":0}");
	refused_buf(edit(s, "{\"min\":100,\"points\":5",
	    "{\"min\":100,\"max\":200,\"points\":5"),
	    "values above 200 are in no band");
	free(s);
	refused("{\"min\":100,\"points\":5", "{\"min\":100,\"max\":101,"
	    "\"points\":5", "band 1 falls outside the domain");
	refused("{\"max\":50,\"max_inclusive\":false",
	    "{\"min\":-1,\"max\":50,\"max_inclusive\":false",
	    "band 3 falls outside the domain");
	refused("\"min\":50,\"max\":100", "\"min\":100,\"max\":50", "empty");
	refused("\"domain\":{\"min\":0,\"max\":100}",
	    "\"domain\":{\"min\":100,\"max\":0}", "not above");
	refused("\"domain\":{\"min\":0,\"max\":100}",
	    "\"domain\":{\"max\":100}", "domain: missing field \"min\"");
	refused("{\"min\":100,\"points\":5", "{\"min\":\"100\",\"points\":5",
	    "band 1: field \"min\" must be a number");
}

static void
refuses_long_and_large(void **state)
{
	struct sh_err	 err;
	char		*s, *title;
	size_t		 n = SH_RUBRIC_MAX_TEXT + 10;

	title = malloc(n + 20);
	assert_non_null(title);
	strcpy(title, "\"title\":\"");
	memset(title + 9, 'x', n);
	strcpy(title + 9 + n, "\"");
	refused("\"title\":\"T\"", title, "longer than");
	free(title);

	s = calloc(1, SH_RUBRIC_MAX_BYTES + 2);
	assert_non_null(s);
	memcpy(s, fixture, strlen(fixture));
	memset(s + strlen(fixture), ' ', SH_RUBRIC_MAX_BYTES + 1 -
	    strlen(fixture));
	assert_null(sh_rubric_load_buf(s, SH_RUBRIC_MAX_BYTES + 1, "big.json",
	    &err));
	assert_non_null(strstr(err.msg, "big.json: larger than"));
	free(s);

	assert_null(sh_rubric_load_buf("", 0, NULL, &err));
	assert_non_null(strstr(err.msg, "rubric: "));
	assert_null(sh_rubric_load_file("/nonexistent/x.json", &err));
	assert_non_null(strstr(err.msg, "/nonexistent/x.json"));
	/* NULL err is allowed. */
	assert_null(sh_rubric_load_buf("{}", 2, "x", NULL));
}

static struct sh_rubric *
load_data(const char *file)
{
	struct sh_rubric	*r;
	struct sh_err		 err;
	char			*path;
	unsigned char		 h[32];
	char			*data;
	size_t			 len;

	path = tu_src(file);
	r = sh_rubric_load_file(path, &err);
	if (r == NULL)
		fail_msg("%s", err.msg);
	data = tu_slurp(path, &len);
	crypto_hash_sha256(h, (unsigned char *)data, len);
	assert_memory_equal(r->hash, h, sizeof h);
	free(data);
	free(path);
	return r;
}

static void
chiiki_maxima(void **state)
{
	static const char *const ids[] = { "chiiki-miryoku", "global",
	    "pro-single", "pro-joint" };
	struct sh_rubric	*r;
	const struct sh_variant	*v;
	const struct sh_item	*it;
	size_t			 i, j;
	int			 coef;

	r = load_data("data/rubrics/chiiki-2020.json");
	assert_string_equal(r->name, "chiiki-2020.json");
	assert_int_equal(r->maximum, 470);
	assert_int_equal(r->nvariants, 4);
	assert_true(r->comment_required[5] && r->comment_required[2] &&
	    r->comment_required[1]);
	assert_false(r->comment_required[3] || r->comment_required[4]);
	assert_int_equal(r->cannot_judge_score, 1);
	assert_false(r->has_mandatory);
	assert_true(r->has_low_scores);
	assert_true(r->tally.trim);
	for (i = 0; i < 4; i++) {
		v = sh_rubric_variant(r, ids[i]);
		assert_non_null(v);
		assert_int_equal(v->max_points, 470);
		/* Every judged item at 1, indicators at 1, no certificate. */
		assert_int_equal(v->min_points, 91);
		coef = 0;
		for (j = 0; j < v->nitems; j++)
			if (v->items[j].kind == SH_ITEM_JUDGED)
				coef += v->items[j].coefficient;
		assert_int_equal(coef, 89);
		it = sh_variant_item(v, "11");
		assert_int_equal(it->kind, SH_ITEM_CERTIFICATION);
		assert_int_equal(it->max_points, 15);
	}
	sh_rubric_free(r);
}

static void
kakine_maxima(void **state)
{
	struct sh_rubric	*r;
	const struct sh_variant	*v;
	size_t			 j, mandatory = 0;

	r = load_data("data/rubrics/kakine-2024.json");
	assert_int_equal(r->maximum, 375);
	assert_int_equal(r->nvariants, 1);
	v = &r->variants[0];
	assert_int_equal(v->max_points, 375);
	assert_int_equal(v->min_points, 56);
	assert_true(r->comment_required[5] && r->comment_required[1]);
	assert_false(r->comment_required[2] || r->comment_required[3] ||
	    r->comment_required[4]);
	assert_true(r->has_mandatory);
	assert_int_equal(r->mandatory_score, 1);
	assert_false(r->has_low_scores);
	assert_false(r->tally.trim);
	for (j = 0; j < v->nitems; j++)
		if (v->items[j].mandatory)
			mandatory++;
	assert_int_equal(mandatory, 11);	/* 1-1 .. 5-2 */
	assert_int_equal(sh_variant_item(v, "6-a")->values[0], 0);
	assert_int_equal(sh_variant_item(v, "6-a")->max_points, 10);
	assert_int_equal(sh_variant_item(v, "9-1a")->max_points, 5);
	assert_int_equal(sh_variant_item(v, "12")->max_points, 30);
	sh_rubric_free(r);
}

/* The band edges of chiiki (10), as the seed prints them. */
static void
chiiki_band_edges(void **state)
{
	static const struct { double v; int pts; } pc[] = {
		{ 0, 5 }, { 1.0, 5 }, { 1.0001, 4 }, { 2.0, 4 }, { 2.0001, 3 },
		{ 3, 3 }, { 3.5, 2 }, { 4, 2 }, { 4.0001, 1 }, { 4.5, 1 },
		{ 1000, 1 } };
	static const struct { double v; int pts; } lan[] = {
		{ 100, 5 }, { 99.9, 4 }, { 75, 4 }, { 74.9, 3 }, { 50, 3 },
		{ 49.9, 2 }, { 33, 2 }, { 32.9, 1 }, { 0, 1 } };
	struct sh_rubric	*r;
	const struct sh_item	*it;
	size_t			 i, k;

	r = load_data("data/rubrics/chiiki-2020.json");
	for (k = 0; k < r->nvariants; k++) {
		it = sh_variant_item(&r->variants[k], "10-1");
		assert_int_equal(it->kind, SH_ITEM_INDICATOR);
		for (i = 0; i < sizeof pc / sizeof pc[0]; i++) {
			assert_non_null(sh_item_band(it, pc[i].v));
			assert_int_equal(sh_item_band(it, pc[i].v)->points,
			    pc[i].pts);
		}
		assert_null(sh_item_band(it, -1));
		it = sh_variant_item(&r->variants[k], "10-2");
		for (i = 0; i < sizeof lan / sizeof lan[0]; i++) {
			assert_non_null(sh_item_band(it, lan[i].v));
			assert_int_equal(sh_item_band(it, lan[i].v)->points,
			    lan[i].pts);
		}
		assert_null(sh_item_band(it, 101));
		assert_null(sh_item_band(it, 100.0001));
		assert_null(sh_item_band(it, -0.1));
	}
	sh_rubric_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fixture_loads),
		cmocka_unit_test(refuses_format_and_fields),
		cmocka_unit_test(refuses_ids_and_numbers),
		cmocka_unit_test(refuses_bonus_sets),
		cmocka_unit_test(refuses_bad_bands),
		cmocka_unit_test(refuses_long_and_large),
		cmocka_unit_test(chiiki_maxima),
		cmocka_unit_test(kakine_maxima),
		cmocka_unit_test(chiiki_band_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
