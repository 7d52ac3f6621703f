/*
 * format/json_util.c: the one JSON writer, in both its styles, into a
 * buffer and streamed through a sink. The jansson style's oracle is
 * jansson itself: documents published before the writer existed were
 * json_dumps(JSON_COMPACT | JSON_PRESERVE_ORDER) bytes, and must stay so.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "testutil.h"
#include "format/json_util.h"

static void
jansson_style_is_jansson(void **state)
{
	/* Reals at every turn of jansson's "%.17g" (".0" added, exponent
	 * without '+' or leading zeros), escapes, nesting, order kept. */
	static const char *const docs[] = {
		"{\"a\":1.5,\"b\":0.1,\"c\":3.0,\"d\":-2.5e-10,\"e\":1e300,"
		    "\"f\":1e22,\"g\":1e-5,\"h\":123456789012345678.0,"
		    "\"i\":-0.0,\"j\":5e-324}",
		"{\"z\":\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u0001\\u001f/\\u007f "
		    "令和\",\"a\":[1,-2,true,false,null,[],{}],\"m\":{\"x\":"
		    "{\"y\":[9223372036854775807,-9223372036854775808]}}}",
		"{}",
	};
	struct sh_buf	 b;
	json_t		*j;
	json_error_t	 je;
	char		*want;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		assert_non_null(j = json_loads(docs[i], 0, &je));
		want = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
		sh_buf_init(&b, false);
		assert_int_equal(sh_json_dump(j, &b, NULL), 0);
		assert_string_equal(sh_buf_cstr(&b), want);
		free(want);
		sh_buf_free(&b);
		json_decref(j);
	}
}

/* Packages and sheets keep their own style: lower-case \u, no \b. */
static void
shinsa_style_is_its_own(void **state)
{
	struct sh_buf	b;
	struct sh_jw	w;

	(void)state;
	sh_buf_init(&b, false);
	sh_jw_init(&w, &b);
	sh_jw_obj_begin(&w);
	sh_jw_kstr(&w, "s", "\b\x1f\n");
	sh_jw_key(&w, "r");
	sh_jw_real(&w, 3.0);
	sh_jw_key(&w, "q");
	sh_jw_real(&w, 0.1);
	sh_jw_obj_end(&w);
	assert_int_equal(sh_jw_finish(&w, NULL), 0);
	assert_string_equal(sh_buf_cstr(&b),
	    "{\"s\":\"\\u0008\\u001f\\n\",\"r\":3,\"q\":0.1}");
	sh_buf_free(&b);
}

struct collect {
	struct sh_buf	all;
	size_t		largest;
};

static int
collect(void *arg, const void *p, size_t n, struct sh_err *err)
{
	struct collect *c = arg;

	(void)err;
	if (n > c->largest)
		c->largest = n;
	return sh_buf_append(&c->all, p, n);
}

/*
 * Streamed, a document costs a chunk of memory, and its bytes are those
 * written into one buffer.
 */
static void
streams_in_chunks(void **state)
{
	struct collect	c = { .largest = 0 };
	struct sh_sink	s;
	struct sh_buf	b;
	struct sh_jw	w, m;
	size_t		i;

	(void)state;
	sh_buf_init(&c.all, false);
	sh_buf_init(&b, false);
	sh_sink_init(&s, collect, &c, false);
	sh_jw_init_sink(&w, &s, SH_JW_JANSSON);
	sh_jw_init_style(&m, &b, SH_JW_JANSSON);
	sh_jw_arr_begin(&w);
	sh_jw_arr_begin(&m);
	for (i = 0; i < 20000; i++) {
		sh_jw_str(&w, "a record of some length, 審査");
		sh_jw_str(&m, "a record of some length, 審査");
		sh_jw_flush(&w);
		assert_true(s.buf.len < SH_SINK_CHUNK + 64);
	}
	sh_jw_arr_end(&w);
	sh_jw_arr_end(&m);
	assert_int_equal(sh_jw_finish(&w, NULL), 0);
	assert_int_equal(sh_sink_finish(&s, NULL), 0);
	assert_int_equal(sh_jw_finish(&m, NULL), 0);
	assert_true(c.all.len > 10 * SH_SINK_CHUNK);
	assert_true(c.largest < SH_SINK_CHUNK + 64);
	assert_int_equal(c.all.len, b.len);
	assert_memory_equal(c.all.data, b.data, b.len);
	sh_sink_free(&s);
	sh_buf_free(&c.all);
	sh_buf_free(&b);
}

/* A failure while streaming is the sink's, and stops the writing. */
static void
stream_failure_is_the_sinks(void **state)
{
	struct sh_sink	s;
	struct sh_jw	w;
	struct sh_err	e;

	(void)state;
	sh_sink_init(&s, NULL, NULL, false);
	sh_jw_init_sink(&w, &s, SH_JW_JANSSON);
	sh_jw_arr_begin(&w);
	sh_jw_str(&w, "bad \xff byte");
	assert_true(sh_jw_failed(&w));
	sh_jw_str(&w, "after");
	sh_jw_arr_end(&w);
	assert_int_equal(sh_sink_finish(&s, &e), -1);
	assert_string_equal(e.msg,
	    "cannot write JSON: [0]: string is not valid UTF-8");
	assert_null(strstr(sh_buf_cstr(&s.buf), "after"));
	sh_sink_free(&s);
}

/* Writes {"round":"R1","reviews":[{"id":"a"},{"id":"b","comment":bad}]}
 * with bad in place of the comment, or as a key in its object if key. */
static int
write_bad(const char *bad, bool key, struct sh_err *e)
{
	struct sh_buf	b;
	struct sh_jw	w;
	int		rc;

	sh_buf_init(&b, false);
	sh_jw_init(&w, &b);
	sh_jw_obj_begin(&w);
	sh_jw_kstr(&w, "round", "R1");
	sh_jw_key(&w, "reviews");
	sh_jw_arr_begin(&w);
	sh_jw_obj_begin(&w);
	sh_jw_kstr(&w, "id", "a");
	sh_jw_obj_end(&w);
	sh_jw_obj_begin(&w);
	sh_jw_kstr(&w, "id", "b");
	if (key)
		sh_jw_kstr(&w, bad, "text");
	else
		sh_jw_kstr(&w, "comment", bad);
	sh_jw_obj_end(&w);
	sh_jw_arr_end(&w);
	sh_jw_obj_end(&w);
	rc = sh_jw_finish(&w, e);
	assert_int_equal(b.len, 0);	/* rolled back */
	sh_buf_free(&b);
	return rc;
}

/*
 * A string that is not valid UTF-8 is refused naming the field, by its
 * path of keys and indices as the readers name one, in a message of its
 * own that the catalogue translates.
 */
static void
bad_utf8_names_the_field(void **state)
{
	struct sh_err	e;
	struct sh_buf	b;
	struct sh_jw	w;

	(void)state;
	assert_int_equal(write_bad("\xe5\x88", false, &e), -1);
	assert_string_equal(e.msg, "cannot write JSON: reviews[1].comment: "
	    "string is not valid UTF-8");
	assert_string_equal(e.frame[0].fmt,
	    "cannot write JSON: %s: string is not valid UTF-8");
	assert_int_equal(write_bad("bad \xff key", true, &e), -1);
	assert_string_equal(e.msg, "cannot write JSON: reviews[1]: a key is "
	    "not valid UTF-8");
	/* A string alone has no place to name. */
	sh_buf_init(&b, false);
	sh_jw_init(&w, &b);
	sh_jw_str(&w, "\xff");
	assert_int_equal(sh_jw_finish(&w, &e), -1);
	assert_string_equal(e.msg,
	    "cannot write JSON: string is not valid UTF-8");
	sh_buf_free(&b);
	/* A key of the outermost object: no place, but still a key. */
	sh_buf_init(&b, false);
	sh_jw_init(&w, &b);
	sh_jw_obj_begin(&w);
	sh_jw_key(&w, "\xff");
	sh_jw_int(&w, 1);
	sh_jw_obj_end(&w);
	assert_int_equal(sh_jw_finish(&w, &e), -1);
	assert_string_equal(e.msg,
	    "cannot write JSON: a key is not valid UTF-8");
	sh_buf_free(&b);
	/* A failure other than the text's is worded as before. */
	sh_buf_init(&b, false);
	sh_jw_init(&w, &b);
	sh_jw_obj_begin(&w);
	assert_int_equal(sh_jw_finish(&w, &e), -1);
	assert_string_equal(e.msg, "cannot write JSON: unbalanced");
	sh_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(jansson_style_is_jansson),
		cmocka_unit_test(shinsa_style_is_its_own),
		cmocka_unit_test(streams_in_chunks),
		cmocka_unit_test(stream_failure_is_the_sinks),
		cmocka_unit_test(bad_utf8_names_the_field),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
