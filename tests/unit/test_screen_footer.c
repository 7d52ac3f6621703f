/*
 * The bottom of the screen at 80x24 in Japanese: the footer always ends
 * with help, back and quit, dropping the screen's own keys (whole pairs)
 * that do not fit; a message too long for one line wraps upwards so that
 * its end, which says what to do next, is on screen.
 */
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "app.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/text.h"
#include "i18n.h"
#include "keymap.h"
#include "model.h"
#include "testing.h"
#include "screenutil.h"
#include "ui.h"
#include "views.h"
#include "xmalloc.h"

#define JA_TAIL	"? ヘルプ  q 戻る  Q 終了"

/* The last row ends with help, back and quit, fits the width, and cuts
 * no pair: it holds no "…". */
static void
footer_ends_with_tail(struct ui *ui, int rows, int cols)
{
	char	row[1024];
	size_t	n, t = strlen(JA_TAIL);

	ui_dump_row(ui, rows - 1, row, sizeof(row));
	n = strlen(row);
	if (n < t || strcmp(row + n - t, JA_TAIL) != 0 ||
	    strstr(row, "…") != NULL ||
	    sh_text_width(row, n) > (size_t)cols) {
		char *d = ui_dump(ui);

		fprintf(stderr, "footer \"%s\" at %d columns:\n%s\n", row,
		    cols, d);
		free(d);
		fail();
	}
}

/* The list, 利害関係 and scoring screens at 80x24, and scoring at
 * 100x30, where the footer used to end "? ヘル…", "T…" and "q…". */
static void
help_and_quit_always_shown(void **state)
{
	struct app	 app = { 0 };
	struct ui	*ui;
	char		 row[1024];

	su_language("ja");
	app.ws = tw_load("kakine-2024", "R2026");
	ui = ui_new_test(&app, 24, 80);
	assert_int_equal(ui_push(ui, &view_overview_ops, NULL), 0);
	ui_run(ui);
	footer_ends_with_tail(ui, 24, 80);
	/* The screen's first keys stay while they fit. */
	ui_dump_row(ui, 23, row, sizeof(row));
	assert_non_null(strstr(row, "Enter "));
	ui_test_keys(ui, "<Enter>");
	ui_run(ui);
	assert_ptr_equal(ui_top(ui)->ops, &view_conflict_ops);
	footer_ends_with_tail(ui, 24, 80);
	/* j: the message "declaration saved" gives way to the footer. */
	ui_test_keys(ui, "nj");
	ui_run(ui);
	assert_ptr_equal(ui_top(ui)->ops, &view_score_ops);
	footer_ends_with_tail(ui, 24, 80);
	ui_test_keys(ui, "<Resize 100x30>");
	ui_run(ui);
	footer_ends_with_tail(ui, 30, 100);
	ui_free(ui);
	ws_free(app.ws);
	su_language(NULL);
}

/* The footer itself: all pairs when wide, the screen's own dropped
 * whole from the end when narrow, never help, back and quit. */
static void
footer_drops_own_keys_first(void **state)
{
	char	*all, *s;
	size_t	 cols;

	su_language(NULL);
	all = km_footer(KM_V_SCORE, SIZE_MAX);
	assert_string_equal(all, "Enter choose  c conflicts  d documents  "
	    "u undo  1-5 score  e write  x cannot judge  Tab next  ? help  "
	    "q back  Q quit");
	for (cols = 0; cols <= strlen(all); cols++) {
		s = km_footer(KM_V_SCORE, cols);
		/* A prefix of whole pairs of the full footer, then the
		 * three that close it. */
		assert_non_null(strstr(s, "? help  q back  Q quit"));
		if (strcmp(s, "? help  q back  Q quit") != 0) {
			assert_true(strlen(s) <= cols);
			assert_int_equal(strncmp(s, all, strlen(s) - 24), 0);
			assert_string_equal(s + strlen(s) - 24,
			    "  ? help  q back  Q quit");
		}
		free(s);
	}
	s = km_footer(KM_V_SCORE, 50);
	assert_string_equal(s, "Enter choose  c conflicts  ? help  q back  "
	    "Q quit");
	free(s);
	free(all);
}

/* Rows top..bottom joined, spaces dropped (a wrap may eat one). */
static char *
rows_joined(struct ui *ui, int top, int bottom)
{
	struct sh_buf	b;
	char		row[1024], *p;
	int		r;

	sh_buf_init(&b, false);
	for (r = top; r <= bottom; r++) {
		ui_dump_row(ui, r, row, sizeof(row));
		for (p = row; *p != '\0'; p++)
			if (*p != ' ')
				assert_int_equal(sh_buf_append(&b, p, 1), 0);
	}
	p = xstrdup(sh_buf_cstr(&b));
	sh_buf_free(&b);
	return p;
}

static char *
without_spaces(const char *s)
{
	char	*t = xstrdup(s), *q = t;

	for (; *s != '\0'; s++)
		if (*s != ' ')
			*q++ = *s;
	*q = '\0';
	return t;
}

/* The whole message is on the bottom rows. */
static void
message_whole(struct ui *ui, const char *msg)
{
	char	*got = rows_joined(ui, LINES - 4, LINES - 1);
	char	*want = without_spaces(msg);
	bool	 ok = strstr(got, want) != NULL;

	if (!ok) {
		char *d = ui_dump(ui);

		fprintf(stderr, "message \"%s\" not whole:\n%s\n", msg, d);
		free(d);
	}
	free(got);
	free(want);
	if (!ok)
		fail();
}

/* What the program's open does with a path: read it as a file. */
static int
open_reads(struct app *app, struct ui *ui, const char *path,
    struct sh_err *err)
{
	struct sh_buf b;

	sh_buf_init(&b, false);
	if (sh_read_file(path, 1 << 20, &b, err) != 0)
		return -1;
	sh_buf_free(&b);
	return sh_errf(err, "%s: unexpected", path);
}

static void
long_message_wraps(void **state)
{
	struct app	 app = { 0 };
	struct ui	*ui;
	const char	*m;
	char		*dir, *want;

	su_language("ja");
	dir = tu_tmpdir("footer");
	app.ws = tw_load("kakine-2024", "R2026");
	app.open = open_reads;
	ui = ui_new_test(&app, 24, 80);
	assert_int_equal(ui_push(ui, &view_overview_ops, NULL), 0);
	/* o and a folder: the refusal's end says what can be read. */
	ui_test_keys(ui, "o");
	ui_test_keys(ui, dir);
	ui_test_keys(ui, "<Enter>");
	ui_run(ui);
	want = xasprintf(_("%s: not read: it is a directory, and only a "
	    "regular file can be read"), dir);
	assert_true(sh_text_width(want, strlen(want)) > 80);
	message_whole(ui, want);
	free(want);
	su_screen_has(ui, "のみです）");
	/* The title stays; the list keeps the rows above the message. */
	su_row_is(ui, 0, "shinsa: 構想一覧");

	m = _("The package is not encrypted to your key: it was issued to "
	    "another reviewer. Ask the secretariat for your own package.");
	ui_error(ui, "%s", m);
	ui_redraw(ui);
	message_whole(ui, m);
	/* The next key clears it and the footer is back. */
	ui_test_keys(ui, "j");
	ui_run(ui);
	footer_ends_with_tail(ui, 24, 80);
	ui_free(ui);
	ws_free(app.ws);
	free(dir);
	su_language(NULL);
}

/* At most four rows; the last ends with "…" when more would not fit. */
static void
very_long_message_is_cut(void **state)
{
	struct app	 app = { 0 };
	struct ui	*ui;
	char		 msg[400], row[256];

	su_language(NULL);
	app.ws = tw_load("kakine-2024", "R2026");
	memset(msg, 'a', sizeof(msg) - 1);
	msg[sizeof(msg) - 1] = '\0';
	ui = ui_new_test(&app, 24, 80);
	assert_int_equal(ui_push(ui, &view_overview_ops, NULL), 0);
	ui_run(ui);
	ui_message(ui, "%s", msg);
	ui_redraw(ui);
	ui_dump_row(ui, 19, row, sizeof(row));
	assert_null(strstr(row, "aaaa"));
	ui_dump_row(ui, 20, row, sizeof(row));
	assert_int_equal(strlen(row), 80);
	ui_dump_row(ui, 23, row, sizeof(row));
	assert_non_null(strstr(row, "…"));
	ui_free(ui);
	ws_free(app.ws);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(help_and_quit_always_shown),
		cmocka_unit_test(footer_drops_own_keys_first),
		cmocka_unit_test(long_message_wraps),
		cmocka_unit_test(very_long_message_is_cut),
	};

	setlocale(LC_ALL, "C.UTF-8");
	unsetenv("LANGUAGE");
	sh_i18n_bind(SHINSA_BUILD_LOCALEDIR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
