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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decode_rejects_malformed),
		cmocka_unit_test(sanitize_removes_escapes),
		cmocka_unit_test(width_counts_columns_not_bytes),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
