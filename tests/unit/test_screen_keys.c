/*
 * The key table (tui/keymap.c) and what is generated from it: a key
 * means one thing on every screen, the help lists every key of each
 * screen exactly once, each screen's footer shows its own keys, and u
 * brings back a score a stray x replaced.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "app.h"
#include "draw.h"
#include "i18n.h"
#include "keymap.h"
#include "model.h"
#include "testing.h"
#include "screenutil.h"
#include "ui.h"
#include "views.h"

static bool
binds_overlap(const struct km_bind *a, const struct km_bind *b)
{
	wint_t ahi = a->hi ? a->hi : a->lo, bhi = b->hi ? b->hi : b->lo;

	if (a->lo == 0 || b->lo == 0 || a->fn != b->fn)
		return false;
	return a->lo <= bhi && b->lo <= ahi;
}

/* No key is bound to two requests, the editor's typing mode aside. */
static void
one_meaning_per_key(void **state)
{
	const struct km_row	*r, *s;
	size_t			 i, j;

	for (r = km_table; r->req != KM_NONE; r++) {
		assert_non_null(r->keys);
		assert_non_null(r->what);
		assert_true(r->views != 0);
		assert_true((r->fkey == NULL) == (r->foot == NULL));
		for (s = r + 1; s->req != KM_NONE; s++) {
			if ((r->flags | s->flags) & KM_F_TEXT)
				continue;
			for (i = 0; i < KM_MAXBIND; i++)
				for (j = 0; j < KM_MAXBIND; j++)
					if (binds_overlap(&r->bind[i],
					    &s->bind[j]))
						fail_msg("%s and %s share a key",
						    r->keys, s->keys);
		}
	}
}

/* How often the help lists a row under a screen's heading. */
static int
count_in_section(const struct ui_page *pg, const char *heading,
    const char *line)
{
	size_t	i;
	int	n = 0;
	bool	in = false;

	for (i = 0; i < pg->n; i++) {
		if (pg->lines[i].role == UI_HEADER) {
			in = strcmp(pg->lines[i].text, heading) == 0;
			continue;
		}
		if (in && strcmp(pg->lines[i].text, line) == 0)
			n++;
	}
	return n;
}

/* Every key of every screen once under that screen (or once under
 * "every screen" for the global ones), and nothing that does not work
 * there. */
static void
help_lists_each_key_once(void **state)
{
	const struct view_ops *const	*vp;
	const struct km_row		*r;
	struct ui_page			 pg;
	char				 line[1024];

	help_build(&pg, 400);
	for (r = km_table; r->req != KM_NONE; r++) {
		snprintf(line, sizeof(line), "%-22s %s", r->keys, r->what);
		if (r->flags & KM_F_GLOBAL) {
			assert_int_equal(count_in_section(&pg,
			    "Keys on every screen", line), 1);
			continue;
		}
		for (vp = ui_all_views; *vp != NULL; vp++)
			assert_int_equal(count_in_section(&pg, (*vp)->name,
			    line), (r->views & (*vp)->keyset) ? 1 : 0);
	}
	page_free(&pg);
}

static void
footers_differ_per_screen(void **state)
{
	struct app	 app = { 0 };
	struct ui	*ui;
	char		 over[512], score[512], conflict[512];

	app.ws = tw_load("kakine-2024", "R2026");
	ui = ui_new_test(&app, 24, 200);
	assert_int_equal(ui_push(ui, &view_overview_ops, NULL), 0);
	ui_run(ui);
	ui_dump_row(ui, 23, over, sizeof(over));
	assert_string_equal(over, "Enter choose  c conflicts  d documents  "
	    "u undo  s submit  o open package  ? help  q back  Q quit");
	ui_test_keys(ui, "<Enter>");
	ui_run(ui);
	ui_dump_row(ui, 23, conflict, sizeof(conflict));
	assert_string_equal(conflict, "Enter choose  u undo  e write  Space tick  "
	    "n no  w withdraw  ? help  q back  Q quit");
	/* j: the message "declaration saved" gives way to the footer. */
	ui_test_keys(ui, "nj");
	ui_run(ui);
	assert_ptr_equal(ui_top(ui)->ops, &view_score_ops);
	ui_dump_row(ui, 23, score, sizeof(score));
	assert_string_equal(score, "Enter choose  c conflicts  d documents  "
	    "u undo  1-5 score  e write  x cannot judge  Tab next  ? help  "
	    "q back  Q quit");
	/* Keys a screen does not take are not offered there. */
	assert_null(strstr(over, "cannot judge"));
	assert_null(strstr(score, "submit"));
	ui_free(ui);
	ws_free(app.ws);
}

/*
 * In Japanese the scoring footer says 評点 (an item's score, the seeds'
 * word), while the report's heading "score" stays 得点: the footer's
 * word has its own context.
 */
static void
score_footer_says_hyoten(void **state)
{
	struct app	 app = { 0 };
	struct ui	*ui;
	struct sh_err	 err;
	char		 row[512];

	app.ws = tw_load("kakine-2024", "R2026");
	assert_int_equal(ws_declare(app.ws, &app.ws->props[0], 0,
	    WS_CONFLICT_REVIEW, &err), 0);
	su_language("ja");
	ui = ui_new_test(&app, 24, 200);
	assert_int_equal(ui_push(ui, &view_overview_ops, NULL), 0);
	ui_test_keys(ui, "<Enter>");
	ui_run(ui);
	assert_ptr_equal(ui_top(ui)->ops, &view_score_ops);
	ui_dump_row(ui, 23, row, sizeof(row));
	assert_non_null(strstr(row, "1-5 評点"));
	assert_null(strstr(row, "得点"));
	assert_string_equal(_("score"), "得点");
	su_language(NULL);
	ui_free(ui);
	ws_free(app.ws);
}

/* A stray x replaces a 4 with cannot-judge; u brings the 4 back. */
static void
undo_restores_score_after_x(void **state)
{
	struct app	 app = { 0 };
	struct ui	*ui;
	struct sh_err	 err;
	struct ws_entry	*e;

	app.ws = tw_load("kakine-2024", "R2026");
	assert_int_equal(ws_declare(app.ws, &app.ws->props[0], 0,
	    WS_CONFLICT_REVIEW, &err), 0);
	ui = ui_new_test(&app, 24, 80);
	assert_int_equal(ui_push(ui, &view_overview_ops, NULL), 0);
	ui_test_keys(ui, "<Enter>4k");
	ui_run(ui);
	assert_ptr_equal(ui_top(ui)->ops, &view_score_ops);
	e = &app.ws->props[0].entries[0];
	assert_true(e->set);
	assert_int_equal(e->value, 4);
	/* x asks for the reason at once: leave the editor unsaved. */
	ui_test_keys(ui, "x");
	ui_run(ui);
	assert_true(e->cannot_judge);
	assert_int_equal(e->value, 1);
	if (ui_top(ui)->ops == &view_edit_ops) {
		ui_test_keys(ui, "<Esc>");
		ui_run(ui);
	}
	assert_ptr_equal(ui_top(ui)->ops, &view_score_ops);
	ui_test_keys(ui, "u");
	ui_run(ui);
	assert_false(e->cannot_judge);
	assert_int_equal(e->value, 4);
	su_screen_has(ui, "K001: the last change is undone.");
	ui_test_keys(ui, "u");
	ui_run(ui);
	su_screen_has(ui, "Nothing to undo on this proposal.");
	assert_int_equal(e->value, 4);
	ui_free(ui);
	ws_free(app.ws);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_meaning_per_key),
		cmocka_unit_test(help_lists_each_key_once),
		cmocka_unit_test(footers_differ_per_screen),
		cmocka_unit_test(undo_restores_score_after_x),
		cmocka_unit_test(score_footer_says_hyoten),
	};

	setlocale(LC_ALL, "C.UTF-8");
	unsetenv("LANGUAGE");
	sh_i18n_bind(SHINSA_BUILD_LOCALEDIR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
