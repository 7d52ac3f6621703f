/*
 * A reviewer's first start, in process on a dumb terminal: the welcome
 * screen (three steps, the key made with the id and a passphrase typed
 * twice and never shown, a short one and a mistyped one refused), the
 * screen that follows (the public key's full path wrapped, never cut,
 * and the fingerprint), and the fingerprint screen of the secretariat's
 * key (large, grouped; y pins, n and running out of keys do not), at
 * 80 and 41 columns, in English and Japanese. And the paths a reviewer
 * types or drags (pathin.h): quotes, escapes, file:// and ~ undone, Tab
 * completion.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "testutil.h"
#include "app.h"
#include "base/text.h"
#include "i18n.h"
#include "pathin.h"
#include "testing.h"
#include "screenutil.h"
#include "ui.h"
#include "views.h"

#define FPR	"4D40 F3A2 8D4B 695D 6DC5 47F2 89C6 0FEA"
#define LONGPUB	"/home/a-reviewer-with-a-long-name/.config/shinsa/" \
		"reviewer.pub"

static void
assert_rows_fit(struct ui *ui, int cols)
{
	char	*d = ui_dump(ui), *p = d, *nl;
	size_t	 n;

	for (;;) {
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		assert_true(sh_utf8_valid(p, n));
		assert_true(sh_text_width(p, n) <= (size_t)cols);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	free(d);
}

static void
assert_screen_lacks(struct ui *ui, const char *s)
{
	char	*d = ui_dump(ui);
	bool	 shown = strstr(d, s) != NULL;

	free(d);
	assert_false(shown);
}

/* The screen without line ends or spaces: a wrapped path reads whole. */
static void
screen_has_unwrapped(struct ui *ui, const char *s)
{
	char	*d = ui_dump(ui), *o = d, *p;
	bool	 ok;

	for (p = d; *p != '\0'; p++)
		if (*p != '\n' && *p != ' ')
			*o++ = *p;
	*o = '\0';
	ok = strstr(d, s) != NULL;
	free(d);
	if (!ok) {
		fprintf(stderr, "screen lacks \"%s\" even unwrapped\n", s);
		fail();
	}
}

struct made {
	int	calls;
	char	id[65];
	char	pass[64];
};

static int
stub_make_key(struct app *app, const char *id, const struct sh_buf *pass,
    struct sh_err *err)
{
	struct made *m = app->arg;

	m->calls++;
	snprintf(m->id, sizeof(m->id), "%s", id);
	snprintf(m->pass, sizeof(m->pass), "%.*s", (int)pass->len,
	    (const char *)pass->data);
	app->key_ready = true;
	app->pubpath = LONGPUB;
	snprintf(app->fpr, sizeof(app->fpr), "%s", FPR);
	return 0;
}

static void
welcome(const char *lang, int cols)
{
	struct app	 app = { 0 };
	struct made	 m = { 0 };
	struct ui	*ui;
	bool		 ja = lang != NULL;

	su_language(lang);
	app.make_key = stub_make_key;
	app.arg = &m;
	ui = ui_new_test(&app, 24, cols);
	assert_int_equal(ui_push(ui, &view_welcome_ops, NULL), 0);
	ui_run(ui);
	su_row_is(ui, 0, ja ? "shinsa: はじめに" : "shinsa: Welcome");
	su_screen_has(ui, ja ? "三つの手順" : "Three steps before you review");
	su_screen_has(ui, ja ? "Enter を押すと鍵を作ります。" :
	    "Press Enter to make your key.");
	assert_rows_fit(ui, cols);
	/* o before the key: refused, with what to do. */
	ui_test_keys(ui, "o");
	ui_run(ui);
	su_screen_has(ui, ja ? "先に鍵を作ってください" :
	    "First make your key: press Enter.");

	/* An id that is not one is asked again. */
	ui_test_keys(ui, "<Enter>r 01<Enter>");
	ui_run(ui);
	assert_int_equal(m.calls, 0);
	/* The keys ran out inside the prompt: cancelled, nothing made.
	 * Again, whole: a short passphrase, then two that differ, then
	 * the same twice. */
	ui_test_keys(ui, "<Enter>r01<Enter>short<Enter>");
	ui_run(ui);
	assert_int_equal(m.calls, 0);
	su_screen_has(ui, ja ? "短すぎます。8文字以上" :
	    "Too short: at least 8 characters.");
	ui_test_keys(ui, "<Enter>r01<Enter>horse battery<Enter>horse batterx"
	    "<Enter>");
	ui_run(ui);
	assert_int_equal(m.calls, 0);
	ui_test_keys(ui, "<Enter>r01<Enter>horse battery<Enter>horse batterx"
	    "<Enter>horse battery<Enter>horse battery<Enter>");
	ui_run(ui);
	assert_int_equal(m.calls, 1);
	assert_string_equal(m.id, "r01");
	assert_string_equal(m.pass, "horse battery");
	assert_screen_lacks(ui, "horse");
	/* Hidden: a star per character, never the text. */
	{
		struct ui_prompt_opts	o = { "?", NULL, true, NULL, NULL };
		struct sh_buf		b;

		ui_test_keys(ui, "xyzzy plugh");
		assert_int_equal(ui_prompt_ex(ui, &o, &b), -1);
		su_screen_has(ui, "? ***********");
		assert_screen_lacks(ui, "xyzzy");
	}
	/* What to send: the whole path, wrapped, never cut; the
	 * fingerprint as shinsa-keys show prints it. */
	su_screen_has(ui, ja ? "鍵の準備ができました。" : "Your key is ready.");
	screen_has_unwrapped(ui, LONGPUB);
	if (cols >= 80)
		su_screen_has(ui, "    " FPR);
	screen_has_unwrapped(ui, "4D40F3A28D4B695D6DC547F289C60FEA");
	assert_rows_fit(ui, cols);
	ui_free(ui);
	su_language(NULL);
}

static void
welcome_english(void **state)
{
	welcome(NULL, 80);
	welcome(NULL, 41);
}

static void
welcome_japanese(void **state)
{
	welcome("ja", 80);
	welcome("ja", 41);
}

static void
fingerprint_screen(const char *lang, int cols)
{
	struct app	 app = { 0 };
	struct pin_arg	 a = { FPR, "R2024-kakine", false };
	struct ui	*ui;
	bool		 ja = lang != NULL;

	su_language(lang);
	ui = ui_new_test(&app, 24, cols);
	assert_int_equal(ui_push(ui, &view_pin_ops, &a), 0);
	ui_run(ui);
	su_row_is(ui, 0, ja ? "shinsa: 事務局の鍵の確認" :
	    "shinsa: Check the secretariat's key");
	/* Large: groups apart, on their own line (two at 41 columns). */
	if (cols >= 80)
		su_screen_has(ui, "    4D40  F3A2  8D4B  695D  6DC5  47F2  "
		    "89C6  0FEA");
	else {
		/* Broken between groups only. */
		su_screen_has(ui, "    4D40  F3A2  8D4B  695D");
		screen_has_unwrapped(ui, "4D40F3A28D4B695D6DC547F289C60FEA");
	}
	screen_has_unwrapped(ui, ja ? "一つでも違えばnを押してください。何も開き"
	    "ません。" : "Anygroupdifferent:pressn.Nothingisopened.");
	assert_rows_fit(ui, cols);
	/* Q here is no, and leaves the screens below. */
	ui_test_keys(ui, "Q");
	ui_run(ui);
	assert_false(a.yes);
	assert_int_equal(ui_depth(ui), 0);
	assert_int_equal(ui_push(ui, &view_pin_ops, &a), 0);
	ui_test_keys(ui, "y");
	ui_run(ui);
	assert_true(a.yes);

	/* Asked over another screen: the answer, and that screen stays. */
	assert_int_equal(ui_push(ui, &view_welcome_ops, NULL), 0);
	ui_test_keys(ui, "y");
	assert_true(view_pin_ask(ui, FPR, "R1"));
	assert_int_equal(ui_depth(ui), 1);
	ui_test_keys(ui, "n");
	assert_false(view_pin_ask(ui, FPR, "R1"));
	/* No answer at all is no. */
	assert_false(view_pin_ask(ui, FPR, "R1"));
	assert_int_equal(ui_depth(ui), 1);
	ui_free(ui);
	su_language(NULL);
}

static void
fingerprint_english(void **state)
{
	fingerprint_screen(NULL, 80);
	fingerprint_screen(NULL, 41);
}

static void
fingerprint_japanese(void **state)
{
	fingerprint_screen("ja", 80);
	fingerprint_screen("ja", 37);
}

static int
stub_open_round(struct app *app, const char *round, struct sh_err *err)
{
	if (strcmp(round, "R1") != 0)
		return sh_errf(err, "round %s: not opened on this machine "
		    "(shinsa open PACKAGE)", round);
	app->ws = tw_load("kakine-2024", "R1");
	return 0;
}

/* Several rounds: a list, the most recent first; Enter opens one. */
static void
rounds_list(void **state)
{
	char		*rounds[] = { "R2", "R1" };
	struct app	 app = { 0 };
	struct ui	*ui;

	app.rounds = rounds;
	app.nrounds = 2;
	app.open_round = stub_open_round;
	ui = ui_new_test(&app, 24, 80);
	assert_int_equal(ui_push(ui, &view_rounds_ops, NULL), 0);
	ui_run(ui);
	su_row_is(ui, 0, "shinsa: Rounds");
	su_row_is(ui, 4, "  R2");
	su_row_is(ui, 5, "  R1");
	/* One that will not open says why and stays on the list. */
	ui_test_keys(ui, "<Enter>");
	ui_run(ui);
	su_screen_has(ui, "round R2: not opened on this machine");
	assert_int_equal(ui_depth(ui), 1);
	ui_test_keys(ui, "j<Enter>");
	ui_run(ui);
	su_row_is(ui, 0, "shinsa: Proposals");
	su_screen_has(ui, "R1");
	ui_free(ui);
	ws_free(app.ws);
}

static void
clean_is(const char *in, const char *want)
{
	char *got = pathin_clean(in);

	assert_non_null(got);
	if (strcmp(got, want) != 0) {
		fprintf(stderr, "pathin_clean(\"%s\"):\n  got  \"%s\"\n  want "
		    "\"%s\"\n", in, got, want);
		fail();
	}
	free(got);
}

static void
dropped_paths(void **state)
{
	setenv("HOME", "/home/r", 1);
	/* What terminals paste for a dropped file. */
	clean_is("'/tmp/my file.shinsa-package' ", "/tmp/my file.shinsa-package");
	clean_is("\"/tmp/my file\"", "/tmp/my file");
	clean_is("/tmp/my\\ file ", "/tmp/my file");
	clean_is("file:///tmp/my%20file", "/tmp/my file");
	clean_is("  /tmp/審査.pkg\n", "/tmp/審査.pkg");
	/* ~ and ~/, not ~user or a ~ inside. */
	clean_is("~/Desktop/a", "/home/r/Desktop/a");
	clean_is("~", "/home/r");
	clean_is("~r/x", "~r/x");
	clean_is("/a/~/b", "/a/~/b");
	/* Inside quotes, a backslash is the file's own. */
	clean_is("'/tmp/a\\b'", "/tmp/a\\b");
}

static void
tab_completion(void **state)
{
	char	*d = tu_tmpdir("screen_first_tab"), *p, *got, *choices;
	size_t	 n;

	p = malloc(strlen(d) + 64);
	sprintf(p, "%s/inbox", d);
	assert_int_equal(mkdir(p, 0700), 0);
	sprintf(p, "%s/inbox/R1-r01.shinsa-package", d);
	tu_write(p, "x", 1);
	sprintf(p, "%s/inbox/R2-r01.shinsa-package", d);
	tu_write(p, "x", 1);
	sprintf(p, "%s/.hidden", d);
	tu_write(p, "x", 1);
	setenv("HOME", d, 1);
	/* One folder: completed with its '/'. */
	got = pathin_complete("~/in", &choices, &n);
	assert_string_equal(got, "~/inbox/");
	assert_null(choices);
	free(got);
	/* Two files: their common start, and the choices listed. */
	got = pathin_complete("~/inbox/", &choices, &n);
	assert_string_equal(got, "~/inbox/R");
	assert_int_equal(n, 2);
	assert_string_equal(choices, "R1-r01.shinsa-package  "
	    "R2-r01.shinsa-package");
	free(choices);
	free(got);
	got = pathin_complete("~/inbox/R2", NULL, NULL);
	assert_string_equal(got, "~/inbox/R2-r01.shinsa-package");
	free(got);
	/* Hidden files only when asked for; nothing: NULL. */
	got = pathin_complete("~/", NULL, &n);
	assert_string_equal(got, "~/inbox/");
	free(got);
	got = pathin_complete("~/.h", NULL, NULL);
	assert_string_equal(got, "~/.hidden");
	free(got);
	assert_null(pathin_complete("~/nothing", NULL, NULL));
	assert_null(pathin_complete("/no/such/dir/x", NULL, NULL));
	got = pathin_complete("~", NULL, NULL);
	assert_string_equal(got, "~/");
	free(got);

	/* In the prompt: Tab completes, the choices are shown. */
	{
		struct app	 app = { 0 };
		struct ui	*ui = ui_new_test(&app, 24, 80);
		char		*line;

		ui_test_keys(ui, "~/in<Tab>R1<Tab><Enter>");
		line = view_ask_path(ui, "Package file (Tab completes):");
		sprintf(p, "%s/inbox/R1-r01.shinsa-package", d);
		assert_string_equal(line, p);
		free(line);
		ui_test_keys(ui, "~/inbox/<Tab>");
		assert_null(view_ask_path(ui, "Package file (Tab "
		    "completes):"));
		su_screen_has(ui, "R1-r01.shinsa-package  "
		    "R2-r01.shinsa-package");
		ui_free(ui);
	}
	free(p);
	free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(welcome_english),
		cmocka_unit_test(welcome_japanese),
		cmocka_unit_test(fingerprint_english),
		cmocka_unit_test(fingerprint_japanese),
		cmocka_unit_test(rounds_list),
		cmocka_unit_test(dropped_paths),
		cmocka_unit_test(tab_completion),
	};

	/* Passphrases are kept in sodium_malloc memory. */
	if (sodium_init() < 0)
		return 1;
	setlocale(LC_ALL, "C.UTF-8");
	unsetenv("LANGUAGE");
	sh_i18n_bind(SHINSA_BUILD_LOCALEDIR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
