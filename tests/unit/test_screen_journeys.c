/*
 * The reviewer's journeys through the screens, in process on a dumb
 * terminal: declaring conflicts (with a withdrawal), scoring every item
 * of a kakine and a chiiki proposal, being blocked from submitting by a
 * missing comment, jumping to it, fixing it and submitting; Japanese
 * text at 80 columns and at 41, in English and in Japanese.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "app.h"
#include "base/text.h"
#include "i18n.h"
#include "model.h"
#include "testing.h"
#include "screenutil.h"
#include "ui.h"
#include "views.h"

/* Every row fits the width, is valid UTF-8 (no split character). */
static void
assert_rows_fit(const char *dump, int cols)
{
	const char	*p = dump, *nl;
	size_t		 n;

	for (;;) {
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		assert_true(sh_utf8_valid(p, n));
		if (sh_text_width(p, n) > (size_t)cols) {
			fprintf(stderr, "row too wide: %.*s\n", (int)n, p);
			fail();
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

static void
assert_screen_lacks(struct ui *ui, const char *s)
{
	char *d = ui_dump(ui);

	if (strstr(d, s) != NULL) {
		fprintf(stderr, "screen has \"%s\":\n%s\n", s, d);
		free(d);
		fail();
	}
	free(d);
}

/* Keys that score every reviewer item of a proposal from the first:
 * 4 for judged items, 0 for bonus items (the cursor moves on by
 * itself). `special` gives item id and key to use instead. */
static char *
score_keys(const struct ws_proposal *p, const char *special_id,
    const char *special_key)
{
	size_t	 i, n = 0;
	char	*k = calloc(1, 4 * ws_nitems(p) + 64);

	for (i = 0; i < ws_nitems(p); i++) {
		const struct sh_item *it = ws_item(p, i);

		if (special_id != NULL && strcmp(it->id, special_id) == 0) {
			strcpy(k + n, special_key);
			n += strlen(special_key);
		} else if (it->kind == SH_ITEM_JUDGED)
			k[n++] = '4';
		else if (it->kind == SH_ITEM_BONUS)
			k[n++] = '0';
	}
	return k;
}

struct submitted {
	int	calls;
};

static int
stub_submit(struct app *app, char **where, struct sh_err *err)
{
	struct submitted *s = app->submit_arg;

	s->calls++;
	app->ws->revision++;
	*where = strdup("Submitted revision 1: outbox/R2026-r01-1.shinsa-sheet");
	return 0;
}

static void
conflicts_with_withdrawal(void **state)
{
	struct app	 app = { 0 };
	struct ui	*ui;

	app.ws = tw_load("kakine-2024", "R2026");
	ui = ui_new_test(&app, 24, 80);
	assert_int_equal(ui_push(ui, &view_overview_ops, NULL), 0);
	ui_run(ui);
	su_row_is(ui, 0, "shinsa: Proposals");
	su_row_is(ui, 5, "K001  中山間地域の小規模校…  学びの機…  not declared    0/27  15/375 incomplete");
	su_screen_has(ui, "not declared");

	/* Enter on an undeclared proposal asks for the declaration. */
	ui_test_keys(ui, "<Enter>");
	ui_run(ui);
	su_row_is(ui, 0, "shinsa: Conflict of interest");
	/* kakine's clause, from its rubric file, not chiiki's 4(2). */
	su_screen_has(ui, "with this applicant (審査要項 5(2)):");
	su_screen_has(ui, "[ ] (ア) 競争参加者の企画提案書の中に");
	/* Scoring is refused until declared. */
	assert_int_equal(app.ws->props[0].conflict, WS_CONFLICT_UNDECLARED);
	/* Tick (イ): "no conflict" is no longer possible, withdraw is. */
	ui_test_keys(ui, "j<Space>n");
	ui_run(ui);
	su_screen_has(ui, "[x] (イ) 審査委員が所属している法人等から申請");
	su_screen_has(ui, "Untick every relationship");
	assert_int_equal(app.ws->props[0].conflict, WS_CONFLICT_UNDECLARED);
	ui_test_keys(ui, "K");
	ui_run(ui);
	su_screen_has(ui, "only when (キ) alone");
	ui_test_keys(ui, "w");
	ui_run(ui);
	assert_int_equal(app.ws->props[0].conflict, WS_CONFLICT_WITHDRAW);
	assert_int_equal(app.ws->props[0].declared, 0x02);
	su_row_is(ui, 0, "shinsa: Proposals");
	su_screen_has(ui, "withdrawn (イ)");
	su_screen_has(ui, "K001: withdrawn; saved.");

	ui_free(ui);
	ws_free(app.ws);

	/* K002: (キ) only, continue pending the committee: (キ) is
	 * declared in writing, so the editor asks for the statement; it
	 * blocks submission until written; then scoring is there. */
	app.ws = tw_load("kakine-2024", "R2026");
	ui = ui_new_test(&app, 24, 80);
	assert_int_equal(ui_push(ui, &view_overview_ops, NULL), 0);
	ui_test_keys(ui, "j<Enter>jjjjjj<Space>");
	ui_run(ui);
	su_screen_has(ui, "(キ) statement: not written yet");
	ui_test_keys(ui, "K");
	ui_run(ui);
	assert_int_equal(app.ws->props[1].conflict, WS_CONFLICT_REVIEW);
	assert_int_equal(app.ws->props[1].declared, SH_DECLARE_G);
	su_row_is(ui, 0, "shinsa: Editor");
	su_screen_has(ui, "K002: (キ) statement for the committee");
	assert_int_equal(ws_prop_problems(app.ws, 1, NULL, 0) > 0, 1);
	ui_test_keys(ui, "申請校の校長は元同僚です。<C-s>");
	ui_run(ui);
	su_screen_has(ui, "Saved.");
	assert_string_equal(app.ws->props[1].statement,
	    "申請校の校長は元同僚です。");
	su_row_is(ui, 0, "shinsa: Scoring");
	ui_test_keys(ui, "q");
	ui_run(ui);
	su_screen_has(ui, "(キ) committee");
	ui_free(ui);
	ws_free(app.ws);
}

static void
score_all(const char *scheme, const char *round, int cols)
{
	struct app	 app = { 0 };
	struct ui	*ui;
	char		*keys, *d, want[64];
	size_t		 i, done, total;

	app.ws = tw_load(scheme, round);
	ui = ui_new_test(&app, 24, cols);
	assert_int_equal(ui_push(ui, &view_overview_ops, NULL), 0);
	for (i = 0; i < app.ws->nprops; i++) {
		struct ws_proposal *p = &app.ws->props[i];

		/* Declare no conflict; the scoring screen opens. */
		ui_test_keys(ui, "<Enter>n");
		ui_run(ui);
		su_row_is(ui, 0, "shinsa: Scoring");
		keys = score_keys(p, NULL, NULL);
		ui_test_keys(ui, keys);
		free(keys);
		ui_run(ui);
		d = ui_dump(ui);
		assert_rows_fit(d, cols);
		free(d);
		ws_progress(p, &done, &total);
		assert_int_equal(done, total);
		assert_true(ws_prop_ready(app.ws, i));
		snprintf(want, sizeof(want), "%zu/%zu", total, total);
		su_screen_has(ui, want);
		ui_test_keys(ui, "qj");
		ui_run(ui);
	}
	d = ui_dump(ui);
	assert_rows_fit(d, cols);
	free(d);
	assert_screen_lacks(ui, "incomplete");
	su_screen_has(ui, "ready");
	ui_free(ui);
	ws_free(app.ws);
}

static void
score_every_item_kakine(void **state)
{
	score_all("kakine-2024", "R2026", 80);
}

static void
score_every_item_chiiki(void **state)
{
	score_all("chiiki-2020", "R2020", 80);
	score_all("chiiki-2020", "R2020", 41);
}

static void
blocked_then_fixed_then_submitted(void **state)
{
	struct app		 app = { 0 };
	struct submitted	 sub = { 0 };
	struct ui		*ui;
	char			*keys;

	app.ws = tw_load("kakine-2024", "R2026");
	app.submit = stub_submit;
	app.submit_arg = &sub;
	ui = ui_new_test(&app, 24, 80);
	assert_int_equal(ui_push(ui, &view_overview_ops, NULL), 0);
	/* K001: 1-2 scored 5 without a comment; K002 withdrawn (ア). */
	ui_test_keys(ui, "<Enter>n");
	keys = score_keys(&app.ws->props[0], "1-2", "5j");
	ui_test_keys(ui, keys);
	free(keys);
	ui_test_keys(ui, "qj<Enter><Space>w");
	ui_run(ui);
	su_screen_has(ui, "withdrawn (ア)");
	ui_test_keys(ui, "s");
	ui_run(ui);
	su_row_is(ui, 0, "shinsa: Submit");
	su_screen_has(ui, "1 problems block submission");
	su_screen_has(ui,
	    "K001: item 1-2: score 5 needs a comment giving the reason");
	/* S is refused. */
	ui_test_keys(ui, "S");
	ui_run(ui);
	su_screen_has(ui, "Not yet: fix the problems listed first.");
	assert_int_equal(sub.calls, 0);
	/* Enter jumps to the item, which shows what is missing. */
	ui_test_keys(ui, "<Enter>");
	ui_run(ui);
	su_row_is(ui, 0, "shinsa: Scoring");
	su_screen_has(ui, "1-2    5 非常に優れている  x2 = 10 ! comment required");
	/* Write the comment in Japanese and save. */
	ui_test_keys(ui, "<Enter>地域の産業界と連携した具体的な計画が示されている。");
	ui_run(ui);
	/* The editor counts characters, as a person does, not bytes. */
	su_screen_has(ui, "25 characters (modified)  C-s save");
	ui_test_keys(ui, "<C-s>");
	ui_run(ui);
	su_screen_has(ui, "Saved.");
	su_screen_has(ui, "1-2    5 非常に優れている  x2 = 10 * comment required");
	assert_string_equal(app.ws->props[0].entries[1].comment,
	    "地域の産業界と連携した具体的な計画が示されている。");
	ui_test_keys(ui, "q");
	ui_run(ui);
	su_row_is(ui, 0, "shinsa: Submit");
	su_screen_has(ui, "Nothing blocks submission.");
	ui_test_keys(ui, "Sy");
	ui_run(ui);
	assert_int_equal(sub.calls, 1);
	su_screen_has(ui, "Submitted revision 1");
	ui_free(ui);
	ws_free(app.ws);
}

static void
japanese_interface(void **state)
{
	struct app	 app = { 0 };
	struct ui	*ui;
	char		*keys;

	su_language("ja");
	app.ws = tw_load("kakine-2024", "R2026");
	ui = ui_new_test(&app, 24, 80);
	assert_int_equal(ui_push(ui, &view_overview_ops, NULL), 0);
	ui_run(ui);
	su_row_is(ui, 0, "shinsa: 構想一覧");
	su_screen_has(ui, "未申告");
	ui_test_keys(ui, "<Enter>n");
	keys = score_keys(&app.ws->props[0], "1-2", "5j");
	ui_test_keys(ui, keys);
	free(keys);
	ui_test_keys(ui, "qs");
	ui_run(ui);
	su_row_is(ui, 0, "shinsa: 提出");
	su_screen_has(ui, "K001: 項目 1-2: 評点5にはコメント");
	ui_free(ui);
	ws_free(app.ws);
	su_language(NULL);
}

/* The scoring screen with Japanese criteria at 80, 41 and 33 columns,
 * in English and in Japanese: nothing passes the edge and no wide
 * character is split. */
static void
narrow_widths(const char *lang)
{
	static const int	 widths[] = { 80, 41, 33 };
	struct app		 app = { 0 };
	struct ui		*ui;
	char			*d;
	size_t			 w, i;

	su_language(lang);
	app.ws = tw_load("chiiki-2020", "R2020");
	assert_int_equal(ws_declare(app.ws, &app.ws->props[0], 0,
	    WS_CONFLICT_REVIEW, NULL), 0);
	for (w = 0; w < sizeof(widths) / sizeof(widths[0]); w++) {
		ui = ui_new_test(&app, 24, widths[w]);
		assert_int_equal(ui_push(ui, &view_overview_ops, NULL), 0);
		d = ui_dump(ui);
		assert_rows_fit(d, widths[w]);
		free(d);
		ui_test_keys(ui, "<Enter>");
		ui_run(ui);
		/* Walk every item, checking each screen. */
		for (i = 0; i < ws_nitems(&app.ws->props[0]) + 3; i++) {
			d = ui_dump(ui);
			assert_rows_fit(d, widths[w]);
			free(d);
			ui_test_keys(ui, "j");
			ui_run(ui);
		}
		ui_test_keys(ui, "g");
		ui_run(ui);
		if (widths[w] == 41 && lang == NULL) {
			su_row_is(ui, 1, "C001  地域と協働した探究学習による魅力あ…");
			su_row_is(ui, 2, "Points 23/470  Items 0/29  Conflict: none");
			su_row_is(ui, 3, " incomplete");
			su_row_is(ui, 4, "(1) 構想の目的等");
		}
		if (widths[w] == 41 && lang != NULL) {
			su_row_is(ui, 0, "shinsa: 採点");
			su_row_is(ui, 2, "得点 23/470  項目 0/29  利害関係: なし");
			su_row_is(ui, 3, "未完了");
		}
		/* The help, every key, fits too. */
		ui_test_keys(ui, "?");
		ui_run(ui);
		for (i = 0; i < 60; i++) {
			d = ui_dump(ui);
			assert_rows_fit(d, widths[w]);
			free(d);
			ui_test_keys(ui, "j");
			ui_run(ui);
		}
		/* And the resize to an odd width redraws within it. */
		ui_test_keys(ui, "q<Resize 39x20>");
		ui_run(ui);
		d = ui_dump(ui);
		assert_rows_fit(d, 39);
		free(d);
		ui_free(ui);
	}
	ws_free(app.ws);
	su_language(NULL);
}

static void
japanese_at_narrow_widths(void **state)
{
	narrow_widths(NULL);
	narrow_widths("ja");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(conflicts_with_withdrawal),
		cmocka_unit_test(score_every_item_kakine),
		cmocka_unit_test(score_every_item_chiiki),
		cmocka_unit_test(blocked_then_fixed_then_submitted),
		cmocka_unit_test(japanese_interface),
		cmocka_unit_test(japanese_at_narrow_widths),
	};

	setlocale(LC_ALL, "C.UTF-8");
	unsetenv("LANGUAGE");
	sh_i18n_bind(SHINSA_BUILD_LOCALEDIR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
