/* base/text: decoding, sanitising and display width of Japanese text. */
#include <locale.h>
#include <string.h>

#include "testutil.h"
#include "base/text.h"

static void
decode_rejects_malformed(void **state)
{
	uint32_t cp;

	assert_int_equal(sh_utf8_decode("\xe5\xaf\xa9", 3, &cp), 3);
	assert_int_equal(cp, 0x5BE9);			/* 審 */
	assert_int_equal(sh_utf8_decode("\xc0\xaf", 2, &cp), 1);	/* overlong */
	assert_int_equal(cp, SH_REPLACEMENT);
	assert_int_equal(sh_utf8_decode("\xed\xa0\x80", 3, &cp), 1);	/* surrogate */
	assert_int_equal(cp, SH_REPLACEMENT);
	assert_int_equal(sh_utf8_decode("\xe5\xaf", 2, &cp), 1);	/* truncated */
	assert_int_equal(cp, SH_REPLACEMENT);
	assert_true(sh_utf8_valid("審査", strlen("審査")));
	assert_false(sh_utf8_valid("\xff", 1));
}

static void
text_safe_agrees_with_decoding(void **state)
{
	unsigned char	b[8];
	uint32_t	cp, x = 2463534242u;
	size_t		n, i, len;

	/* Its fast path assumes nothing from U+3000 up is unsafe. */
	for (cp = 0x3000; cp <= 0x10FFFF; cp++)
		if (sh_text_is_unsafe(cp))
			fail_msg("U+%04X is unsafe", cp);
	/* Every code point alone, between ASCII, and as its lead bytes. */
	for (cp = 1; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		b[0] = 'a';
		n = sh_utf8_encode(cp, (char *)b + 1);
		b[n + 1] = 'z';
		for (len = 1; len <= n + 2; len++)
			for (i = 0; i < 2; i++)
				if (sh_text_safe((char *)b, len, i) !=
				    tu_text_safe_slowly((char *)b, len, i))
					fail_msg("U+%04X, %zu bytes, %s", cp,
					    len, i ? "multiline" : "line");
	}
	/* Random bytes, mostly from the ranges the fast path takes. */
	for (i = 0; i < 200000; i++) {
		for (n = 0; n < sizeof b; n++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			b[n] = (unsigned char)((x & 3) == 0 ? x >> 8 :
			    0xe0 + (x >> 8) % 0x20);
		}
		if (sh_text_safe((char *)b, sizeof b, x & 4) !=
		    tu_text_safe_slowly((char *)b, sizeof b, x & 4))
			fail_msg("random input %zu", i);
	}
	assert_true(sh_text_safe("審査\n所見\t", strlen("審査\n所見\t"), true));
	assert_false(sh_text_safe("審査\n", strlen("審査\n"), false));
	assert_false(sh_text_safe("a\xe2\x80\xae" "b", 5, true));	/* RLO */
	assert_false(sh_text_safe("\xe5\xaf", 2, true));		/* cut */
}

static void
sanitize_removes_escapes(void **state)
{
	struct sh_buf	b;
	const char	*in = "A\x1b]0;owned\x07\xc2\x9b" "B\xe2\x80\xae" "C\td\ne";

	sh_buf_init(&b, false);
	assert_int_equal(sh_text_sanitize(&b, in, strlen(in), false), 0);
	assert_null(memchr(b.data, 0x1b, b.len));
	assert_null(memchr(b.data, 0x07, b.len));
	assert_string_equal((char *)b.data,
	    "A\xef\xbf\xbd]0;owned\xef\xbf\xbd\xef\xbf\xbd"
	    "B\xef\xbf\xbd" "C d e");
	sh_buf_free(&b);

	sh_buf_init(&b, false);
	assert_int_equal(sh_text_sanitize(&b, "x\r\ny\n", 5, true), 0);
	assert_string_equal((char *)b.data, "x\ny\n");
	sh_buf_free(&b);
}

static void
width_counts_columns_not_bytes(void **state)
{
	const char	*s = "審査A";	/* 2 + 2 + 1 columns, 7 bytes */
	size_t		 used;

	assert_int_equal(sh_text_width(s, strlen(s)), 5);
	/* 3 columns cannot hold the second wide character. */
	assert_int_equal(sh_text_fit(s, strlen(s), 3, &used), 3);
	assert_int_equal(used, 2);
	assert_int_equal(sh_text_fit(s, strlen(s), 4, &used), 6);
	assert_int_equal(used, 4);
}

static void
chars_counts_characters_not_bytes(void **state)
{
	/* 判断できない is 6 characters and 18 bytes; a stray byte is one. */
	assert_int_equal(sh_text_chars("判断できない", 18), 6);
	assert_int_equal(sh_text_chars("a\xff判", 5), 3);
	assert_int_equal(sh_text_chars("", 0), 0);
}

/* The one id syntax: 1 to max bytes of A-Z a-z 0-9 . _ - and no other. */
static void
id_syntax(void **state)
{
	char	c, one[2] = { 0, 0 };
	bool	want;

	assert_true(sh_id_valid("R2024-kakine_r01.v2", 19, 64));
	assert_true(sh_id_valid("abc", 3, 3));
	assert_false(sh_id_valid("abcd", 4, 3));
	assert_false(sh_id_valid("", 0, 64));
	assert_false(sh_id_valid("審査", 6, 64));
	/* Only the first len bytes count. */
	assert_true(sh_id_valid("ab/", 2, 64));
	assert_false(sh_id_valid("a\0b", 3, 64));
	for (c = 1; c > 0; c++) {
		one[0] = c;
		want = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
		if (sh_id_valid(one, 1, 64) != want)
			fail_msg("byte 0x%02x", (unsigned)c);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decode_rejects_malformed),
		cmocka_unit_test(text_safe_agrees_with_decoding),
		cmocka_unit_test(sanitize_removes_escapes),
		cmocka_unit_test(width_counts_columns_not_bytes),
		cmocka_unit_test(chars_counts_characters_not_bytes),
		cmocka_unit_test(id_syntax),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
