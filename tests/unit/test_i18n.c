/*
 * base/i18n: where the programs find their catalogue (beside their own
 * executable, in the build tree and under any install prefix) and what
 * they do with a locale that is not UTF-8.
 */
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "base/i18n.h"

/* The directories that "hold a catalogue", a NULL-terminated list. */
static bool
holds_listed(const char *dir, void *arg)
{
	const char *const	*l;

	for (l = arg; *l != NULL; l++)
		if (strcmp(*l, dir) == 0)
			return true;
	return false;
}

#define FIND(out, ovr, exe, list) \
	sh_i18n_find(out, sizeof out, ovr, exe, "../share/locale", \
	    "/usr/local/share/locale", holds_listed, (void *)list)

static void
find_override_wins(void **state)
{
	const char	*none[] = { NULL };
	const char	*all[] = { "/b/tui/locale", "/b/tui/../locale", NULL };
	char		 out[256];

	/* Taken as given, even where nothing is (the user said so). */
	assert_int_equal(FIND(out, "/elsewhere", "/b/tui/shinsa", none), 0);
	assert_string_equal(out, "/elsewhere");
	assert_int_equal(FIND(out, "/elsewhere", "/b/tui/shinsa", all), 0);
	assert_string_equal(out, "/elsewhere");
	/* Empty is unset. */
	assert_int_equal(FIND(out, "", "/b/tui/shinsa", all), 0);
	assert_string_equal(out, "/b/tui/locale");
}

static void
find_beside_the_executable(void **state)
{
	const char	*build[] = { "/b/tui/../locale", "/b/tui/../share/locale",
	    "/usr/local/share/locale", NULL };
	const char	*prefix[] = { "/tmp/x/bin/../share/locale",
	    "/usr/local/share/locale", NULL };
	const char	*bundle[] = { "/opt/s/locale", "/opt/s/../locale", NULL };
	char		 out[256];

	/* The build tree: build/tui/shinsa beside build/locale. */
	assert_int_equal(FIND(out, NULL, "/b/tui/shinsa", build), 0);
	assert_string_equal(out, "/b/tui/../locale");
	/* An install under a prefix beats the configured one. */
	assert_int_equal(FIND(out, NULL, "/tmp/x/bin/shinsa-keys", prefix), 0);
	assert_string_equal(out, "/tmp/x/bin/../share/locale");
	/* A directory right beside the executable comes first. */
	assert_int_equal(FIND(out, NULL, "/opt/s/shinsa", bundle), 0);
	assert_string_equal(out, "/opt/s/locale");
}

static void
find_falls_back_to_the_install_path(void **state)
{
	const char	*none[] = { NULL };
	const char	*installed[] = { "/usr/local/share/locale", NULL };
	char		 out[256], tiny[8];

	assert_int_equal(FIND(out, NULL, "/b/tui/shinsa", installed), 0);
	assert_string_equal(out, "/usr/local/share/locale");
	/* Executable unknown, or a bare name: only the install path. */
	assert_int_equal(FIND(out, NULL, NULL, installed), 0);
	assert_string_equal(out, "/usr/local/share/locale");
	assert_int_equal(FIND(out, NULL, "shinsa", installed), 0);
	assert_string_equal(out, "/usr/local/share/locale");
	/* Nowhere: -1, and gettext is pointed at the install path anyway. */
	assert_int_equal(FIND(out, NULL, "/b/tui/shinsa", none), -1);
	assert_string_equal(out, "/usr/local/share/locale");
	/* A path that does not fit is not cut short into another one. */
	assert_int_equal(FIND(tiny, NULL, "/b/tui/shinsa", installed), -1);
}

static void
holds_wants_a_catalogue(void **state)
{
	char	dir[512], path[600];
	FILE	*f;

	snprintf(dir, sizeof dir, "%s/i18n.%ld", SHINSA_TEST_TMPDIR,
	    (long)getpid());
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_false(sh_i18n_holds(dir, NULL));		/* empty */
	snprintf(path, sizeof path, "%s/ja", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/ja/LC_MESSAGES", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_false(sh_i18n_holds(dir, NULL));		/* no shinsa.mo */
	snprintf(path, sizeof path, "%s/ja/LC_MESSAGES/other.mo", dir);
	assert_non_null(f = fopen(path, "w"));
	fclose(f);
	assert_false(sh_i18n_holds(dir, NULL));		/* another's */
	snprintf(path, sizeof path, "%s/ja/LC_MESSAGES/shinsa.mo", dir);
	assert_non_null(f = fopen(path, "w"));
	fclose(f);
	assert_true(sh_i18n_holds(dir, NULL));
	assert_false(sh_i18n_holds("/nonexistent/locale", NULL));
	remove(path);
	snprintf(path, sizeof path, "%s/ja/LC_MESSAGES/other.mo", dir);
	remove(path);
	snprintf(path, sizeof path, "%s/ja/LC_MESSAGES", dir);
	rmdir(path);
	snprintf(path, sizeof path, "%s/ja", dir);
	rmdir(path);
	rmdir(dir);
}

static void
plan_by_codeset(void **state)
{
	assert_int_equal(sh_locale_plan(true, "UTF-8"), SH_LOCALE_KEEP);
	/* Not generated: setlocale() failed. */
	assert_int_equal(sh_locale_plan(false, NULL), SH_LOCALE_C_UTF8);
	/* C, POSIX: nobody chose ASCII. */
	assert_int_equal(sh_locale_plan(true, "ANSI_X3.4-1968"),
	    SH_LOCALE_C_UTF8);
	/* A chosen legacy encoding: UTF-8 would be garbage there. */
	assert_int_equal(sh_locale_plan(true, "EUC-JP"), SH_LOCALE_REFUSE);
	assert_int_equal(sh_locale_plan(true, "SHIFT_JIS"), SH_LOCALE_REFUSE);
	assert_int_equal(sh_locale_plan(true, "ISO-8859-1"), SH_LOCALE_REFUSE);
}

static void
clear_env(void)
{
	unsetenv("LANGUAGE");
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LC_CTYPE");
	unsetenv("LANG");
	unsetenv("SHINSA_LOCALEDIR");
}

static void
language_as_setlocale_reads_it(void **state)
{
	clear_env();
	assert_null(sh_locale_language());
	setenv("LANG", "ja_JP.EUC-JP", 1);
	assert_string_equal(sh_locale_language(), "ja_JP.EUC-JP");
	setenv("LC_MESSAGES", "en_GB.UTF-8", 1);
	assert_string_equal(sh_locale_language(), "en_GB.UTF-8");
	setenv("LC_ALL", "C.UTF-8", 1);
	assert_null(sh_locale_language());
	setenv("LC_ALL", "POSIX", 1);
	assert_null(sh_locale_language());
	setenv("LC_ALL", "", 1);	/* empty is unset */
	assert_string_equal(sh_locale_language(), "en_GB.UTF-8");
	clear_env();
}

/*
 * The whole start of a program, in this test program (build/tests/ is
 * beside build/locale as build/tui/ is): a Japanese locale that is not
 * generated gives C.UTF-8 and Japanese messages from the build tree's
 * catalogue, with no SHINSA_LOCALEDIR.
 */
static void
init_ungenerated_japanese(void **state)
{
	clear_env();
	setenv("LANG", "ja_XX.UTF-8", 1);	/* no such locale anywhere */
	assert_int_equal(sh_i18n_init(NULL), 0);
	assert_string_equal(nl_langinfo(CODESET), "UTF-8");
	assert_string_equal(getenv("LANGUAGE"), "ja_XX.UTF-8");
	assert_string_equal(gettext("libsodium failed to start"),
	    "libsodiumを開始できませんでした");

	/* Under C the programs speak English, in UTF-8. */
	clear_env();
	setenv("LANG", "C", 1);
	assert_int_equal(sh_i18n_init(NULL), 0);
	assert_string_equal(nl_langinfo(CODESET), "UTF-8");
	assert_null(getenv("LANGUAGE"));
	assert_string_equal(gettext("libsodium failed to start"),
	    "libsodium failed to start");

	/* An explicit LANGUAGE is kept as the user set it. */
	clear_env();
	setenv("LANG", "ja_XX.UTF-8", 1);
	setenv("LANGUAGE", "en", 1);
	assert_int_equal(sh_i18n_init(NULL), 0);
	assert_string_equal(getenv("LANGUAGE"), "en");
	assert_string_equal(gettext("libsodium failed to start"),
	    "libsodium failed to start");
	clear_env();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(find_override_wins),
		cmocka_unit_test(find_beside_the_executable),
		cmocka_unit_test(find_falls_back_to_the_install_path),
		cmocka_unit_test(holds_wants_a_catalogue),
		cmocka_unit_test(plan_by_codeset),
		cmocka_unit_test(language_as_setlocale_reads_it),
		cmocka_unit_test(init_ungenerated_japanese),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
