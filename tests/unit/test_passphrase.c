/* crypto/passphrase: the one rule for a new passphrase's length, which
 * shinsa-keys and the workstation's first start share, counted in
 * characters as the messages say, and a passphrase file that breaks it
 * refused naming the file. (The terminal's prompts and retries are
 * driven on a pseudo-terminal by tests/e2e/keys_cli.sh.) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "testutil.h"
#include "base/buf.h"
#include "crypto/passphrase.h"

static bool
enough(const char *s)
{
	return sh_passphrase_long_enough((const unsigned char *)s,
	    strlen(s));
}

static void
eight_characters_not_bytes(void **state)
{
	(void)state;
	assert_int_equal(SH_PASSPHRASE_MIN, 8);
	assert_false(enough(""));
	assert_false(enough("short"));
	assert_false(enough("1234567"));
	assert_true(enough("12345678"));
	/* 7 characters in 21 bytes: too short, though bytes would pass. */
	assert_false(enough("審査委員の鍵で"));
	assert_true(enough("審査委員の鍵です"));
	assert_true(enough("pass 鍵 word"));
}

static void
write_pass(const char *path, const char *s)
{
	FILE	*f;

	assert_non_null(f = fopen(path, "w"));
	fputs(s, f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, 0600), 0);
}

static void
a_short_file_is_refused_naming_it(void **state)
{
	char		*d = tu_tmpdir("passphrase_new"), path[512];
	struct sh_buf	 b;
	struct sh_err	 e;

	(void)state;
	snprintf(path, sizeof path, "%s/p", d);
	write_pass(path, "short\n");
	assert_int_equal(sh_passphrase_new(path, NULL, &b, &e), -1);
	assert_non_null(strstr(e.msg, "/p: the passphrase is too short: "
	    "at least 8 characters"));
	assert_int_equal(b.len, 0);
	write_pass(path, "long enough\n");
	assert_int_equal(sh_passphrase_new(path, NULL, &b, &e), 0);
	assert_string_equal(sh_buf_cstr(&b), "long enough");
	sh_buf_free(&b);
	free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(eight_characters_not_bytes),
		cmocka_unit_test(a_short_file_is_refused_naming_it),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
