/*
 * format/jscan: the pull reader under the sheet reader. What it accepts
 * is compared with jansson by tests/fuzz/fuzz_jscan.c; here, each way
 * of refusing says what and where, and each value comes out as written.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "testutil.h"
#include "base/text.h"
#include "format/jscan.h"

/* Reads one string value from doc; NULL (and *msg set) if refused. */
static const char *
one_string(struct sh_jscan *sc, const char *doc, size_t *len,
    struct sh_err *err)
{
	const char	*s;

	sh_jscan_init(sc, doc, strlen(doc));
	if (sh_jscan_string(sc, &s, len, err) != 0 ||
	    sh_jscan_end(sc, err) != 0)
		return NULL;
	return s;
}

static void
strings_unescape(void **state)
{
	struct sh_jscan	 sc;
	struct sh_err	 err;
	const char	*s;
	size_t		 len;

	s = one_string(&sc, "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"", &len, &err);
	assert_non_null(s);
	assert_string_equal(s, "a\"b\\c/d\b\f\n\r\t");
	assert_int_equal(len, 12);
	sh_jscan_free(&sc);
	/* \u escapes, a surrogate pair, and raw UTF-8 left as it is. */
	s = one_string(&sc, " \"\\u3042\\u00E9\\ud83d\\ude00審査\" \n", &len,
	    &err);
	assert_non_null(s);
	assert_string_equal(s, "あé\xf0\x9f\x98\x80審査");
	sh_jscan_free(&sc);
	s = one_string(&sc, "\"\"", &len, &err);
	assert_non_null(s);
	assert_int_equal(len, 0);
	sh_jscan_free(&sc);
}

/* After reading doc with result rc: it must have been refused with msg. */
static void
finish(struct sh_jscan *sc, int rc, struct sh_err *err, const char *doc,
    const char *msg)
{
	if (rc == 0)
		rc = sh_jscan_end(sc, err);
	sh_jscan_free(sc);
	if (rc == 0)
		fail_msg("accepted: %s", doc);
	if (strcmp(err->msg, msg) != 0)
		fail_msg("%s:\n  got      %s\n  expected %s", doc, err->msg,
		    msg);
}

static void
refuses(const char *doc, size_t len, const char *msg)
{
	struct sh_jscan	 sc;
	struct sh_err	 err;
	const char	*s;
	size_t		 n;
	long long	 v;
	bool		 integral;
	int		 rc;

	sh_jscan_init(&sc, doc, len);
	switch (sh_jscan_peek(&sc)) {
	case SH_JT_STRING:
		rc = sh_jscan_string(&sc, &s, &n, &err);
		break;
	case SH_JT_NUMBER:
		rc = sh_jscan_number(&sc, &v, &integral, &err);
		break;
	case SH_JT_ARRAY:
	case SH_JT_OBJECT:
		rc = sh_jscan_skip(&sc, &err);
		break;
	default:
		rc = sh_jscan_fail(&sc, "expected a value", &err);
		break;
	}
	finish(&sc, rc, &err, doc, msg);
}

#define REFUSES(doc, msg)	refuses(doc, sizeof doc - 1, msg)

static void
strings_refused_with_place(void **state)
{
	REFUSES("\"abc", "line 1 column 5: unterminated string");
	REFUSES("\"a\\", "line 1 column 3: unterminated string");
	REFUSES("\"a\\x\"", "line 1 column 3: invalid escape in a string");
	REFUSES("\"\\u12G4\"", "line 1 column 2: invalid \\u escape");
	REFUSES("\"\\u0000\"", "line 1 column 2: \\u0000 is not allowed");
	REFUSES("\"\\udc00\"",
	    "line 1 column 2: a low surrogate without a high one");
	REFUSES("\"\\ud800x\"",
	    "line 1 column 2: a high surrogate without a low one");
	REFUSES("\"\\ud800\\u0041\"",
	    "line 1 column 2: a high surrogate without a low one");
	REFUSES("\n\n  \"a\tb\"",
	    "line 3 column 5: a control character in a string (escape it)");
	REFUSES("\"a\0b\"",
	    "line 1 column 3: a control character in a string (escape it)");
	/* Columns count characters: 審 is one column, three bytes. */
	REFUSES("\"審\xc0\xaf\"", "line 1 column 3: invalid UTF-8 in a string");
	REFUSES("\"\xed\xa0\x80\"", "line 1 column 2: invalid UTF-8 in a string");
	REFUSES("\"\xf4\x90\x80\x80\"",
	    "line 1 column 2: invalid UTF-8 in a string");
	REFUSES("\"\xe5\xaf\"", "line 1 column 2: invalid UTF-8 in a string");
	REFUSES("\"a\" x",
	    "line 1 column 5: only white space may follow the document");
}

/*
 * The one-pass string scanner (eight bytes at a time, checking text as
 * it goes) against a byte-at-a-time definition of what it must do: the
 * body of a string, body[0..len), with an escape of esc[i] bytes at
 * each i where that is not 0, the whole standing for unesc[0..ulen). It must refuse the first byte
 * that is a control character or does not start a well-formed UTF-8
 * sequence (sh_utf8_decode(), table 3-7), at that byte's column, and
 * otherwise give the text unescaped, left where it lies when it has no
 * escape, with *safe as tu_text_safe_slowly() says.
 */
static void
check_text(const unsigned char *body, size_t len, const size_t *esc,
    const char *unesc, size_t ulen)
{
	struct sh_jscan	 sc;
	struct sh_err	 err;
	unsigned char	*doc;
	const char	*s, *why = NULL;
	char		*to, msg[128];
	uint32_t	 cp;
	size_t		 i, n, slen, col;
	bool		 safe, noesc = true;
	int		 ml;

	for (i = 0; i < len; i += n) {
		if ((n = esc[i]) > 0) {
			noesc = false;
			continue;
		}
		if (body[i] < 0x20) {
			why = "a control character in a string (escape it)";
			break;
		}
		/* Only a refusal is one byte long at a byte past ASCII. */
		n = sh_utf8_decode((const char *)body + i, len - i, &cp);
		if (n == 1 && body[i] >= 0x80) {
			why = "invalid UTF-8 in a string";
			break;
		}
	}
	doc = malloc(len + 2);
	to = malloc(len + 2);
	assert_non_null(doc);
	assert_non_null(to);
	doc[0] = '"';
	memcpy(doc + 1, body, len);
	doc[len + 1] = '"';
	for (ml = 0; ml < 2; ml++) {
		sh_jscan_init(&sc, doc, len + 2);
		if (why != NULL) {
			for (col = 1, n = 0; n < 1 + i; n++)
				if ((doc[n] & 0xc0) != 0x80)
					col++;
			snprintf(msg, sizeof msg, "line 1 column %zu: %s", col,
			    why);
			if (sh_jscan_text(&sc, ml, &s, &slen, &safe, &err) == 0)
				fail_msg("accepted a string it must refuse "
				    "(%zu bytes)", len);
			assert_string_equal(err.msg, msg);
			/* sh_jscan_text_to(), which has a path of its own. */
			sh_jscan_free(&sc);
			sh_jscan_init(&sc, doc, len + 2);
			if (sh_jscan_text_to(&sc, ml, to, len + 2, &slen, &safe,
			    &err) == 0)
				fail_msg("text_to accepted a string it must "
				    "refuse (%zu bytes)", len);
			assert_string_equal(err.msg, msg);
		} else {
			if (sh_jscan_text(&sc, ml, &s, &slen, &safe, &err) != 0)
				fail_msg("refused: %s", err.msg);
			assert_int_equal(slen, ulen);
			assert_memory_equal(s, unesc, ulen);
			assert_int_equal(safe, tu_text_safe_slowly(unesc, ulen, ml));
			if (noesc)
				assert_ptr_equal(s, doc + 1);
			assert_int_equal(sh_jscan_end(&sc, &err), 0);
			sh_jscan_free(&sc);
			sh_jscan_init(&sc, doc, len + 2);
			if (sh_jscan_text_to(&sc, ml, to, len + 2, &slen, &safe,
			    &err) != 0)
				fail_msg("text_to refused: %s", err.msg);
			assert_int_equal(slen, ulen);
			assert_memory_equal(to, unesc, ulen);
			assert_int_equal(to[ulen], '\0');
			assert_int_equal(safe, tu_text_safe_slowly(unesc, ulen, ml));
			assert_int_equal(sh_jscan_end(&sc, &err), 0);
		}
		sh_jscan_free(&sc);
	}
	free(to);
	free(doc);
}

/* Pieces of string bodies: raw bytes, or an escape and what it means. */
static const struct piece {
	const char	*raw;
	const char	*means;		/* NULL: raw bytes, as they are */
} pieces[] = {
	{ "a", NULL }, { "Z~ ", NULL }, { "\x7f", NULL }, { "\x1f", NULL },
	{ "\t", NULL }, { "\x01", NULL },
	{ "\xc3\xa9", NULL },		/* é */
	{ "\xc2\x80", NULL }, { "\xc2\x9f", NULL }, { "\xc2\xa0", NULL },
	{ "\xd8\x9c", NULL },		/* U+061C */
	{ "\xe3\x81\x82", NULL },	/* あ */
	{ "\xe5\xaf\xa9", NULL },	/* 審 */
	{ "\xef\xbf\xbd", NULL }, { "\xef\xbf\xbf", NULL },
	{ "\xe2\x80\xae", NULL },	/* RLO */
	{ "\xe2\x80\x8e", NULL }, { "\xe2\x80\x8f", NULL },
	{ "\xe2\x81\xa6", NULL }, { "\xe2\x81\xa9", NULL },
	{ "\xe2\x80\xa8", NULL }, { "\xe2\x80\xaa", NULL },
	{ "\xe1\x80\x80", NULL }, { "\xe0\xa0\x80", NULL },
	{ "\xed\x9f\xbf", NULL }, { "\xee\x80\x80", NULL },
	{ "\xf0\x9f\x98\x80", NULL }, { "\xf4\x8f\xbf\xbf", NULL },
	/* Not UTF-8: surrogates, overlongs, past U+10FFFF, strays, cuts. */
	{ "\xed\xa0\x80", NULL }, { "\xed\xbf\xbf", NULL },
	{ "\xe0\x80\x80", NULL }, { "\xe0\x9f\xbf", NULL },
	{ "\xc0\xaf", NULL }, { "\xc1\xbf", NULL },
	{ "\xf0\x8f\xbf\xbf", NULL }, { "\xf4\x90\x80\x80", NULL },
	{ "\xf5\x80\x80\x80", NULL }, { "\xff", NULL }, { "\xfe", NULL },
	{ "\x80", NULL }, { "\xbf", NULL }, { "\xe3\x81", NULL },
	{ "\xf0\x9f\x98", NULL }, { "\xc3", NULL }, { "\xe3", NULL },
	/* Escapes, safe and not. */
	{ "\\n", "\n" }, { "\\t", "\t" }, { "\\r", "\r" }, { "\\b", "\b" },
	{ "\\f", "\f" }, { "\\/", "/" }, { "\\\\", "\\" }, { "\\\"", "\"" },
	{ "\\u0085", "\xc2\x85" }, { "\\u202E", "\xe2\x80\xae" },
	{ "\\u007f", "\x7f" }, { "\\u3042", "\xe3\x81\x82" },
	{ "\\u0009", "\t" }, { "\\u061c", "\xd8\x9c" },
	{ "\\ud83d\\ude00", "\xf0\x9f\x98\x80" },
};

static void
text_scan_matches_bytewise(void **state)
{
	static const char *const seqs[] = { "\xc3\xa9", "\xe5\xaf\xa9",
	    "\xf0\x9f\x98\x80", "\xe2\x80\xae", "\xc2\x85", "\x7f",
	    "\xed\xa0\x80", "\xe0\x80\xaf" };
	unsigned char	 body[512];
	char		 unesc[512];
	size_t		 esc[512];
	const struct piece *pc;
	uint64_t	 x = 0x9e3779b97f4a7c15ULL;
	size_t		 len, ulen, pad, k, n, t, i, m;

	/* Each character at every alignment, whole and cut at each byte. */
	for (pad = 0; pad < 17; pad++)
		for (t = 0; t < sizeof seqs / sizeof seqs[0]; t++)
			for (k = 0; k <= strlen(seqs[t]); k++) {
				memset(body, 'a', pad);
				memcpy(body + pad, seqs[t], k);
				len = pad + k;
				memset(body + len, 'b', 9);
				len += 9;
				memset(esc, 0, len * sizeof esc[0]);
				check_text(body, len, esc, (char *)body, len);
			}
	/* Random bodies of the pieces above, at random alignments. */
	for (i = 0; i < 5000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		len = ulen = x % 17;
		memset(body, 'a', len);
		memset(unesc, 'a', len);
		memset(esc, 0, sizeof esc);
		for (m = (x >> 8) % 24; m > 0; m--) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			/* Mostly plain text, as sheets are. */
			pc = (x >> 40) % 3 == 0 ? &pieces[0] :
			    &pieces[x % (sizeof pieces / sizeof pieces[0])];
			n = strlen(pc->raw);
			memcpy(body + len, pc->raw, n);
			if (pc->means != NULL) {
				esc[len] = n;
				memcpy(unesc + ulen, pc->means,
				    strlen(pc->means));
				ulen += strlen(pc->means);
			} else {
				memcpy(unesc + ulen, pc->raw, n);
				ulen += n;
			}
			len += n;
		}
		check_text(body, len, esc, unesc, ulen);
	}
}

/*
 * Japanese text, which the scanner checks two three-byte characters at
 * a time where eight bytes are left: runs of them, broken by the leads
 * and cuts that test must not take (U+2xxx, U+D000-U+DFFF, overlong and
 * surrogate forms, a missing or bad continuation byte), at every
 * alignment and with the string's end at every distance.
 */
static void
text_scan_wide(void **state)
{
	static const char *const good[] = { "\xe3\x81\x82", "\xe5\xaf\xa9",
	    "\xe3\x80\x80", "\xec\x9f\xbf", "\xee\x80\x80", "\xef\xbf\xbd",
	    "\xef\xbf\xbf" };
	static const char *const odd[] = { "\xe2\x80\xae", "\xe2\x80\x8b",
	    "\xed\x9f\xbf", "\xed\xa0\x80", "\xe0\xa0\x80", "\xe0\x80\x80",
	    "\xe1\x80\x80", "\xe3\x81", "\xe3", "\xe3\xc1\x82", "\xe3\x81\xc2",
	    "\xe3\x01\x82", "\xf3\x81\x82", "\xd3\x81\x82", "\xf0\x9f\x98\x80",
	    "a", "\x7f", "\x1f", "\xc3\xa9", "\xc2\x85" };
	unsigned char	 body[512];
	size_t		 esc[512];
	const char	*pc;
	uint64_t	 x = 0x243f6a8885a308d3ULL;
	size_t		 len, pad, i, m, t;

	memset(esc, 0, sizeof esc);
	for (pad = 0; pad < 9; pad++)
		for (t = 0; t < sizeof odd / sizeof odd[0]; t++)
			for (m = 0; m < 6; m++) {
				memset(body, 'a', pad);
				len = pad;
				for (i = 0; i < m; i++) {
					memcpy(body + len, good[i], 3);
					len += 3;
				}
				memcpy(body + len, odd[t], strlen(odd[t]));
				len += strlen(odd[t]);
				memcpy(body + len, good[0], 3);
				len += 3;
				check_text(body, len, esc, (char *)body, len);
			}
	for (i = 0; i < 5000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		len = x % 9;
		memset(body, 'a', len);
		for (m = (x >> 8) % 40; m > 0; m--) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			pc = (x >> 40) % 8 != 0 ?
			    good[x % (sizeof good / sizeof good[0])] :
			    odd[x % (sizeof odd / sizeof odd[0])];
			memcpy(body + len, pc, strlen(pc));
			len += strlen(pc);
		}
		check_text(body, len, esc, (char *)body, len);
	}
}

static long long
number(const char *doc, bool *integral)
{
	struct sh_jscan	sc;
	struct sh_err	err;
	long long	v = -1;

	sh_jscan_init(&sc, doc, strlen(doc));
	if (sh_jscan_number(&sc, &v, integral, &err) != 0 ||
	    sh_jscan_end(&sc, &err) != 0)
		fail_msg("%s: %s", doc, err.msg);
	sh_jscan_free(&sc);
	return v;
}

static void
numbers(void **state)
{
	bool	integral;

	assert_int_equal(number("0", &integral), 0);
	assert_true(integral);
	assert_int_equal(number("-0", &integral), 0);
	assert_int_equal(number("42", &integral), 42);
	assert_true(number("9223372036854775807", &integral) == LLONG_MAX);
	assert_true(number("-9223372036854775808", &integral) == LLONG_MIN);
	assert_true(integral);
	number("1.5", &integral);
	assert_false(integral);
	number("-2e10", &integral);
	assert_false(integral);
	number("3E+2", &integral);
	assert_false(integral);
	number("3.0e-2", &integral);
	assert_false(integral);

	REFUSES("9223372036854775808", "line 1 column 1: integer too large");
	REFUSES("-9223372036854775809", "line 1 column 1: integer too large");
	REFUSES("01", "line 1 column 1: a number cannot start with 0");
	REFUSES("-", "line 1 column 1: invalid number");
	REFUSES("-a", "line 1 column 1: invalid number");
	REFUSES("1.", "line 1 column 1: a digit must follow '.'");
	REFUSES("1.e3", "line 1 column 1: a digit must follow '.'");
	REFUSES("1e", "line 1 column 1: a digit must follow the exponent");
	REFUSES("1e+", "line 1 column 1: a digit must follow the exponent");
	REFUSES("12 3",
	    "line 1 column 4: only white space may follow the document");
	REFUSES("+1", "line 1 column 1: expected a value");
	REFUSES("", "line 1 column 1: expected a value");
}

/*
 * One-digit numbers inside a document, where the reader takes a score
 * at once: what follows the digit decides whether it may.
 */
static void
numbers_in_arrays(void **state)
{
	static const char doc[] = "[7,5.5,2e1,3E0,0,9]";
	static const long long want[] = { 7, 0, 0, 0, 0, 9 };
	static const bool whole[] = { true, false, false, false, true, true };
	struct sh_jscan	sc;
	struct sh_err	err;
	size_t		n = 0;
	long long	v;
	bool		integral;

	sh_jscan_init(&sc, doc, strlen(doc));
	assert_int_equal(sh_jscan_array(&sc, &err), 0);
	while (sh_jscan_element(&sc, &n, &err) == 1) {
		assert_int_equal(sh_jscan_number(&sc, &v, &integral, &err), 0);
		assert_int_equal(v, want[n - 1]);
		assert_int_equal(integral, whole[n - 1]);
	}
	assert_int_equal(n, 6);
	assert_int_equal(sh_jscan_end(&sc, &err), 0);
	sh_jscan_free(&sc);
	REFUSES("[1,2", "line 1 column 5: unexpected end of the document");
	REFUSES("[1,]", "line 1 column 4: a value must follow ','");
	REFUSES("[1 ,]", "line 1 column 5: a value must follow ','");
	REFUSES("[1 2]", "line 1 column 4: expected ',' or ']'");
	REFUSES("[,1]", "line 1 column 2: expected a value");
}

/* An object read with sh_jscan_key_text() must be refused with msg. */
static void
refuses_keys(const char *doc, const char *msg)
{
	struct sh_jscan	 sc;
	struct sh_err	 err;
	const char	*key;
	size_t		 n = 0, len;
	int		 rc;

	sh_jscan_init(&sc, doc, strlen(doc));
	if ((rc = sh_jscan_object(&sc, &err)) == 0) {
		while ((rc = sh_jscan_key_text(&sc, &n, &key, &len, &err)) ==
		    1)
			if ((rc = sh_jscan_skip(&sc, &err)) != 0)
				break;
		if (rc == 0)
			rc = -1, sh_errf(&err, "read to the end");
	}
	finish(&sc, rc, &err, doc, msg);
}

/*
 * Keys read with sh_jscan_key_text(): as shinsa writes them (taken in
 * a word, where they lie), and every other way JSON allows or refuses,
 * which the general path reads with the same result.
 */
static void
keys_where_they_lie(void **state)
{
	static const char *const docs[] = {
		"{\"item\":1,\"cannot_judge\":2,\"x\":3}",
		" { \"item\" : 1 , \"cannot_judge\":2,\n\"x\"\t:3 } ",
		"{\"it\\u0065m\":1,\"cannot_judge\":2,\"\\u0078\":3}",
	};
	static const char *const keys[] = { "item", "cannot_judge", "x" };
	struct sh_jscan	 sc;
	struct sh_err	 err;
	const char	*key;
	size_t		 d, n, len;
	long long	 v;
	bool		 integral;

	for (d = 0; d < sizeof docs / sizeof docs[0]; d++) {
		sh_jscan_init(&sc, docs[d], strlen(docs[d]));
		assert_int_equal(sh_jscan_object(&sc, &err), 0);
		for (n = 0; n < 3;) {
			assert_int_equal(sh_jscan_key_text(&sc, &n, &key, &len,
			    &err), 1);
			assert_int_equal(len, strlen(keys[n - 1]));
			assert_memory_equal(key, keys[n - 1], len);
			/* Without an escape, where it lies in the document. */
			if (d < 2)
				assert_ptr_equal(key, strstr(docs[d], keys[n - 1]));
			assert_int_equal(sh_jscan_number(&sc, &v, &integral,
			    &err), 0);
			assert_int_equal(v, (long long)n);
		}
		assert_int_equal(sh_jscan_key_text(&sc, &n, &key, &len, &err),
		    0);
		assert_int_equal(sh_jscan_end(&sc, &err), 0);
		sh_jscan_free(&sc);
	}
	refuses_keys("{\"a\":1,}", "line 1 column 8: a value must follow ','");
	refuses_keys("{\"a\":1\"b\":2}",
	    "line 1 column 7: expected ',' or '}'");
	refuses_keys("{\"a\":1,\"b\"}",
	    "line 1 column 11: expected ':' after the key");
	refuses_keys("{\"a\":1,\"b", "line 1 column 10: unterminated string");
	refuses_keys("{\"a\":1,\"\x01\":2}", "line 1 column 9: a control "
	    "character in a string (escape it)");
	refuses_keys("{\"a\":1,\"\xe3\x81\":2}",
	    "line 1 column 9: invalid UTF-8 in a string");
	refuses_keys("{,\"a\":1}",
	    "line 1 column 2: expected a key in double quotes");
	refuses_keys("{\"a\":1,\"a\"", "line 1 column 11: unexpected end of "
	    "the document");
}

/* {"a":[1,true],"b":{}} read with the pull API, member by member. */
static void
containers(void **state)
{
	static const char doc[] = " { \"a\" : [ 1 , true ] ,\"b\":{ } } ";
	struct sh_jscan	 sc;
	struct sh_err	 err;
	const char	*key;
	size_t		 n = 0, m = 0, k = 0, len;
	long long	 v;
	bool		 b, integral;

	sh_jscan_init(&sc, doc, strlen(doc));
	assert_int_equal(sh_jscan_peek(&sc), SH_JT_OBJECT);
	assert_int_equal(sh_jscan_object(&sc, &err), 0);
	assert_int_equal(sh_jscan_key(&sc, &n, &key, &len, &err), 1);
	assert_string_equal(key, "a");
	assert_int_equal(sh_jscan_peek(&sc), SH_JT_ARRAY);
	assert_int_equal(sh_jscan_array(&sc, &err), 0);
	assert_int_equal(sh_jscan_element(&sc, &m, &err), 1);
	assert_int_equal(sh_jscan_number(&sc, &v, &integral, &err), 0);
	assert_int_equal(v, 1);
	assert_int_equal(sh_jscan_element(&sc, &m, &err), 1);
	assert_int_equal(sh_jscan_peek(&sc), SH_JT_BOOL);
	assert_int_equal(sh_jscan_bool(&sc, &b, &err), 0);
	assert_true(b);
	assert_int_equal(sh_jscan_element(&sc, &m, &err), 0);
	assert_int_equal(m, 2);
	assert_int_equal(sh_jscan_key(&sc, &n, &key, &len, &err), 1);
	assert_string_equal(key, "b");
	assert_int_equal(sh_jscan_object(&sc, &err), 0);
	assert_int_equal(sh_jscan_key(&sc, &k, &key, &len, &err), 0);
	assert_int_equal(sh_jscan_key(&sc, &n, &key, &len, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(sh_jscan_end(&sc, &err), 0);
	sh_jscan_free(&sc);
}

/*
 * sh_jscan_text_to(): the text unescaped straight into the caller's
 * block, with a NUL, each string after the last; what a refused string
 * wrote is wiped; a block shorter than what is left of the document is
 * refused before anything is written. sh_jscan_key_text() leaves a key
 * where it lies.
 */
static void
text_to_unescapes_in_place(void **state)
{
	static const char	 doc[] = "{\"k\":[\"a\\n\\u00e9\\ud83d\\ude00b\","
				    "\"審査\",\"\\u001b\",\"x\\q\"]}";
	struct sh_jscan		 sc;
	struct sh_err		 err;
	char			 block[sizeof doc];
	const char		*key;
	size_t			 n = 0, m = 0, len, used = 0, i;
	bool			 safe;

	(void)state;
	memset(block, 'Z', sizeof block);
	sh_jscan_init(&sc, doc, strlen(doc));
	assert_int_equal(sh_jscan_object(&sc, &err), 0);
	assert_int_equal(sh_jscan_key_text(&sc, &n, &key, &len, &err), 1);
	assert_int_equal(len, 1);
	assert_ptr_equal(key, doc + 2);
	assert_int_equal(sh_jscan_array(&sc, &err), 0);
	assert_int_equal(sh_jscan_element(&sc, &m, &err), 1);
	/* Too small for what is left: refused, nothing written. */
	assert_int_equal(sh_jscan_text_to(&sc, true, block, 8, &len, &safe,
	    &err), -1);
	assert_int_equal(block[0], 'Z');
	sh_jscan_free(&sc);

	sh_jscan_init(&sc, doc, strlen(doc));
	n = m = 0;
	assert_int_equal(sh_jscan_object(&sc, &err), 0);
	assert_int_equal(sh_jscan_key_text(&sc, &n, &key, &len, &err), 1);
	assert_int_equal(sh_jscan_array(&sc, &err), 0);
	assert_int_equal(sh_jscan_element(&sc, &m, &err), 1);
	assert_int_equal(sh_jscan_text_to(&sc, true, block, sizeof block,
	    &len, &safe, &err), 0);
	assert_string_equal(block, "a\n\xc3\xa9\xf0\x9f\x98\x80" "b");
	assert_int_equal(len, 9);
	assert_true(safe);
	used = len + 1;
	for (i = 0; i < 2; i++) {
		assert_int_equal(sh_jscan_element(&sc, &m, &err), 1);
		assert_int_equal(sh_jscan_text_to(&sc, i == 1, block + used,
		    sizeof block - used, &len, &safe, &err), 0);
		assert_string_equal(block + used, i == 0 ? "審査" : "\x1b");
		assert_int_equal(safe, i == 0);
		used += len + 1;
	}
	/* "x\q": the x written, then wiped when the escape is refused. */
	assert_int_equal(sh_jscan_element(&sc, &m, &err), 1);
	assert_int_equal(sh_jscan_text_to(&sc, true, block + used,
	    sizeof block - used, &len, &safe, &err), -1);
	assert_non_null(strstr(err.msg, "invalid escape"));
	assert_int_equal(block[used], 0);
	for (i = used + 1; i < sizeof block; i++)
		assert_int_equal(block[i], 'Z');
	sh_jscan_free(&sc);
}

/* The first refusal reading doc as an object of arrays of integers. */
static void
refuses_shape(const char *doc, const char *msg)
{
	struct sh_jscan	 sc;
	struct sh_err	 err;
	const char	*key;
	size_t		 n = 0, m, len;
	long long	 v;
	bool		 integral;
	int		 rc;

	sh_jscan_init(&sc, doc, strlen(doc));
	rc = sh_jscan_object(&sc, &err);
	while (rc == 0 && (rc = sh_jscan_key(&sc, &n, &key, &len,
	    &err)) == 1) {
		m = 0;
		rc = sh_jscan_array(&sc, &err);
		while (rc == 0 && (rc = sh_jscan_element(&sc, &m, &err)) == 1)
			rc = sh_jscan_number(&sc, &v, &integral, &err);
	}
	finish(&sc, rc, &err, doc, msg);
}

static void
containers_refused_with_place(void **state)
{
	refuses_shape("[]", "line 1 column 1: expected '{'");
	refuses_shape("{\"a\":[1,]}", "line 1 column 9: a value must follow ','");
	refuses_shape("{\"a\":[1 2]}", "line 1 column 9: expected ',' or ']'");
	refuses_shape("{\"a\":[1],}", "line 1 column 10: a value must follow ','");
	refuses_shape("{\"a\":[1] \"b\":[]}",
	    "line 1 column 10: expected ',' or '}'");
	refuses_shape("{a:[]}", "line 1 column 2: expected a key in double quotes");
	refuses_shape("{\"a\" []}", "line 1 column 6: expected ':' after the key");
	refuses_shape("{\"a\":[1,", "line 1 column 9: unexpected end of the document");
	refuses_shape("{\"a\":[1", "line 1 column 8: unexpected end of the document");
	refuses_shape("{\"a\":[]", "line 1 column 8: unexpected end of the document");
	refuses_shape("{\"a\":[]}}",
	    "line 1 column 9: only white space may follow the document");
}

static void
skip_reads_past_any_value(void **state)
{
	static const char doc[] = "{\"a\":[1,2.5e3,{\"b\":null,\"b\":true}],"
	    "\"c\":\"\\u3042\"} x";
	struct sh_jscan	sc;
	struct sh_err	err;
	char		deep[2 * SH_JSCAN_SKIP_DEPTH + 4];
	size_t		i;

	/* Reals and repeated keys pass: skip is for parts checked apart. */
	sh_jscan_init(&sc, doc, strlen(doc));
	assert_int_equal(sh_jscan_skip(&sc, &err), 0);
	assert_int_equal(*sc.p, ' ');
	sh_jscan_free(&sc);

	for (i = 0; i <= SH_JSCAN_SKIP_DEPTH; i++) {
		deep[i] = '[';
		deep[2 * SH_JSCAN_SKIP_DEPTH + 2 - i] = ']';
	}
	deep[SH_JSCAN_SKIP_DEPTH + 1] = '0';
	deep[2 * SH_JSCAN_SKIP_DEPTH + 3] = '\0';
	refuses(deep, strlen(deep), "line 1 column 65: nested too deeply");
	/* One level less is fine. */
	sh_jscan_init(&sc, deep + 1, strlen(deep) - 2);
	assert_int_equal(sh_jscan_skip(&sc, &err), 0);
	sh_jscan_free(&sc);

	sh_jscan_init(&sc, "nul", 3);
	assert_int_equal(sh_jscan_skip(&sc, &err), -1);
	assert_string_equal(err.msg, "line 1 column 1: expected null");
	sh_jscan_free(&sc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strings_unescape),
		cmocka_unit_test(text_to_unescapes_in_place),
		cmocka_unit_test(strings_refused_with_place),
		cmocka_unit_test(text_scan_matches_bytewise),
		cmocka_unit_test(text_scan_wide),
		cmocka_unit_test(numbers),
		cmocka_unit_test(numbers_in_arrays),
		cmocka_unit_test(keys_where_they_lie),
		cmocka_unit_test(containers),
		cmocka_unit_test(containers_refused_with_place),
		cmocka_unit_test(skip_reads_past_any_value),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
