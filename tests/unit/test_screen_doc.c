/*
 * Reading a proposal's documents in process: `d` on the overview and on
 * the scoring screen, the pager (scroll, search across pages with the
 * match shown, go to page, wrap by display width with Japanese at 80
 * and at a narrow width), the list of several documents, a type that is
 * not shown, and `q` back to the same proposal and item.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "app.h"
#include "base/text.h"
#include "format/pdf.h"
#include "i18n.h"
#include "model.h"
#include "testing.h"
#include "screenutil.h"
#include "ui.h"
#include "views.h"

/* Pages longer than the screen, so that moving shows. */
#define FILL "本文\n本文\n本文\n本文\n本文\n本文\n本文\n本文\n本文\n本文\n"
static const char *const pdf_pages[] = {
	"構想調書 第1頁\n中山間地域の小規模校をつなぐ遠隔授業\n" FILL,
	"第2頁\n" FILL "探究学習の評価にはルーブリックを用います。\n",
	"第3頁\n成果指標 KPI の一覧\n" FILL,
};

/* A long line of wide characters, to be wrapped. */
#define LONG_LINE "審査委員は、本審査で知り得た情報を口外してはならない。" \
	"申請者の個人情報は厳重に管理すること。"

static void
add_doc(struct ws *ws, size_t prop, const char *name, const char *path,
    const void *data, size_t len)
{
	struct sh_err err;

	if (sh_package_add_doc(&ws->pkg.proposals[prop], name, path, len,
	    NULL) == NULL)
		fail();
	if (sh_tar_add(&ws->docs, path, data, len, &err) != 0)
		fail_msg("%s", err.msg);
}

/* K001 has a three-page PDF; K002 a text and a Word file. */
static struct ws *
load(void)
{
	struct ws	*ws = tw_load("kakine-2024", "R2026");
	struct sh_buf	 pdf;
	struct sh_err	 err;
	const char	*txt = "第一章\n" LONG_LINE "\n\x1b[2Jend\n";

	sh_buf_init(&pdf, false);
	if (sh_pdf_write(pdf_pages, 3, NULL, &pdf, &err) != 0)
		fail_msg("%s", err.msg);
	add_doc(ws, 0, "構想調書.pdf", "docs/K001/1.pdf", pdf.data, pdf.len);
	add_doc(ws, 1, "計画.txt", "docs/K002/1.txt", txt, strlen(txt));
	add_doc(ws, 1, "予算.docx", "docs/K002/2.docx", "PK\003\004word/",
	    9);
	sh_buf_free(&pdf);
	return ws;
}

static void
screen_lacks(struct ui *ui, const char *s)
{
	char *d = ui_dump(ui);

	if (strstr(d, s) != NULL)
		fail_msg("screen has \"%s\":\n%s", s, d);
	free(d);
}

static void
assert_rows_fit(struct ui *ui, int cols)
{
	char		*d = ui_dump(ui), *p = d, *nl;
	size_t		 n;

	for (;;) {
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		assert_true(sh_utf8_valid(p, n));
		if (sh_text_width(p, n) > (size_t)cols)
			fail_msg("row too wide: %.*s", (int)n, p);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	free(d);
}

static void
pdf_pager_from_overview(void **state)
{
	struct app	 app = { 0 };
	struct ui	*ui;

	app.ws = load();
	ui = ui_new_test(&app, 24, 80);
	assert_int_equal(ui_push(ui, &view_overview_ops, NULL), 0);
	ui_test_keys(ui, "d");
	ui_run(ui);
	su_row_is(ui, 0, "shinsa: Document");
	su_screen_has(ui, "K001  構想調書.pdf");
	su_screen_has(ui, "中山間地域の小規模校をつなぐ遠隔授業");
	su_screen_has(ui, "── page 2 of 3 ──");
	su_screen_has(ui, "page 1 of 3");
	su_screen_has(ui, "Tab next  / search  : page  v viewer");
	screen_lacks(ui, "ルーブリック");

	/* A word of page 2, from the top: the match is on screen. */
	ui_test_keys(ui, "/ルーブリック<Enter>");
	ui_run(ui);
	su_screen_has(ui, "Match 1 of 1, page 2.");
	su_screen_has(ui, "page 2 of 3  \"ルーブリック\": 1 matches");
	su_screen_has(ui, "探究学習の評価にはルーブリックを用います。");
	ui_test_keys(ui, "/存在しない語<Enter>");
	ui_run(ui);
	su_screen_has(ui, "\"存在しない語\" is not in this document.");

	ui_test_keys(ui, ":3<Enter>");
	ui_run(ui);
	su_screen_has(ui, "page 3 of 3");
	su_screen_has(ui, "成果指標 KPI の一覧");
	ui_test_keys(ui, ":9<Enter>");
	ui_run(ui);
	su_screen_has(ui, "No page 9: this document has pages 1 to 3.");

	/* q: back to the overview, on the same proposal. */
	ui_test_keys(ui, "q");
	ui_run(ui);
	su_row_is(ui, 0, "shinsa: Proposals");
	assert_int_equal(ui_top(ui)->sel, 0);
	ui_free(ui);
	ws_free(app.ws);
}

static void
list_text_and_other_types(void **state)
{
	struct app	 app = { 0 };
	struct ui	*ui;
	char		*d;

	app.ws = load();
	ui = ui_new_test(&app, 24, 80);
	assert_int_equal(ui_push(ui, &view_overview_ops, NULL), 0);
	ui_test_keys(ui, "jd");
	ui_run(ui);
	su_row_is(ui, 0, "shinsa: Documents");
	su_screen_has(ui, "K002: 2 documents");
	su_screen_has(ui, "1. 計画.txt  (text, 1 KB)");
	su_screen_has(ui, "2. 予算.docx  (Word (docx), 1 KB)");

	ui_test_keys(ui, "<Enter>");
	ui_run(ui);
	su_screen_has(ui, "第一章");
	su_screen_has(ui, "end");
	d = ui_dump(ui);
	assert_null(strchr(d, '\x1b'));
	free(d);

	ui_test_keys(ui, "qj<Enter>");
	ui_run(ui);
	su_screen_has(ui, "予算.docx: a Word document (docx) cannot be shown "
	    "as text here");
	ui_test_keys(ui, "qq");
	ui_run(ui);
	su_row_is(ui, 0, "shinsa: Proposals");
	assert_int_equal(ui_top(ui)->sel, 1);
	ui_free(ui);
	ws_free(app.ws);
}

static void
narrow_japanese_wraps(void **state)
{
	struct app	 app = { 0 };
	struct ui	*ui;

	su_language("ja");
	app.ws = load();
	ui = ui_new_test(&app, 20, 25);
	assert_int_equal(ui_push(ui, &view_overview_ops, NULL), 0);
	ui_test_keys(ui, "jd<Enter>");
	ui_run(ui);
	/* 25 columns hold 12 wide characters: the line is wrapped, never
	 * split inside a character. */
	su_screen_has(ui, "審査委員は、本審査で知り");
	su_screen_has(ui, "得た情報を口外してはなら");
	assert_rows_fit(ui, 25);
	su_screen_has(ui, "1/1ページ");
	ui_free(ui);
	ws_free(app.ws);
	su_language(NULL);
}

static void
score_screen_comes_back_to_item(void **state)
{
	struct app		 app = { 0 };
	struct score_arg	 a = { 0, 3 };
	struct sh_err		 err;
	struct ui		*ui;
	int			 sel;

	app.ws = load();
	assert_int_equal(ws_declare(app.ws, &app.ws->props[0], 0,
	    WS_CONFLICT_REVIEW, &err), 0);
	ui = ui_new_test(&app, 24, 80);
	assert_int_equal(ui_push(ui, &view_overview_ops, NULL), 0);
	assert_int_equal(ui_push(ui, &view_score_ops, &a), 0);
	ui_run(ui);
	sel = ui_top(ui)->sel;
	ui_test_keys(ui, "d");
	ui_run(ui);
	su_row_is(ui, 0, "shinsa: Document");
	su_screen_has(ui, "遠隔授業");
	ui_test_keys(ui, "<Space>q");
	ui_run(ui);
	assert_ptr_equal(ui_top(ui)->ops, &view_score_ops);
	assert_int_equal(ui_top(ui)->sel, sel);
	ui_free(ui);
	ws_free(app.ws);
}

/* The row of the screen holding both strings, or -1. */
static int
row_with_both(struct ui *ui, const char *a, const char *b)
{
	char	buf[2048];
	int	r;

	for (r = 0; r < 40; r++) {
		ui_dump_row(ui, r, buf, sizeof(buf));
		if (strstr(buf, a) != NULL && strstr(buf, b) != NULL)
			return r;
	}
	return -1;
}

static void
document_beside_items(void **state)
{
	struct app		 app = { 0 };
	struct score_arg	 a = { 0, 0 };
	struct sh_err		 err;
	struct ui		*ui;
	char			*d;

	app.ws = load();
	assert_int_equal(ws_declare(app.ws, &app.ws->props[0], 0,
	    WS_CONFLICT_REVIEW, &err), 0);
	ui = ui_new_test(&app, 40, 170);
	assert_int_equal(ui_push(ui, &view_overview_ops, NULL), 0);
	assert_int_equal(ui_push(ui, &view_score_ops, &a), 0);
	ui_run(ui);
	screen_lacks(ui, "第1頁");
	ui_test_keys(ui, "D");
	ui_run(ui);
	/* The items on the left, page 1 on the right, side by side. */
	su_row_is(ui, 0, "shinsa: Scoring");
	su_screen_has(ui, "K001  構想調書.pdf  page 1 of 3");
	su_screen_has(ui, "構想調書 第1頁");
	if (row_with_both(ui, " 1-2 ", "本文") < 0) {
		d = ui_dump(ui);
		fail_msg("not side by side:\n%s", d);
	}
	assert_rows_fit(ui, 170);
	/* Scoring goes on: a digit scores the selected item. */
	ui_test_keys(ui, "3");
	ui_run(ui);
	su_screen_has(ui, "3 妥当である");

	/* It follows the page the pager last showed (in a window short
	 * enough for page 2 to be at the top). */
	ui_resize(ui, 20, 170);
	ui_test_keys(ui, "d");
	ui_run(ui);
	ui_test_keys(ui, ":2<Enter>");
	ui_run(ui);
	su_row_is(ui, 2, "第2頁");
	ui_test_keys(ui, "q");
	ui_run(ui);
	ui_resize(ui, 40, 170);
	assert_ptr_equal(ui_top(ui)->ops, &view_score_ops);
	su_screen_has(ui, "K001  構想調書.pdf  page 2 of 3");
	su_screen_has(ui, "第2頁");

	/* Kept across proposals; K002's first document is text. */
	ui_test_keys(ui, "]");
	ui_run(ui);
	if (ui_top(ui)->ops == &view_score_ops)
		su_screen_has(ui, "K002  計画.txt  page 1 of 1");

	/* Again: the items alone. */
	ui_test_keys(ui, "[D");
	ui_run(ui);
	screen_lacks(ui, "構想調書.pdf");
	ui_free(ui);

	/* Narrower: the toggle says why not. */
	ui = ui_new_test(&app, 40, 120);
	assert_int_equal(ui_push(ui, &view_overview_ops, NULL), 0);
	assert_int_equal(ui_push(ui, &view_score_ops, &a), 0);
	ui_test_keys(ui, "D");
	ui_run(ui);
	su_screen_has(ui, "The document beside the items needs a window of "
	    "160 columns or more.");
	screen_lacks(ui, "第1頁");
	su_language("ja");
	ui_test_keys(ui, "D");
	ui_run(ui);
	su_screen_has(ui, "160桁以上");
	su_language(NULL);
	ui_free(ui);
	ws_free(app.ws);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pdf_pager_from_overview),
		cmocka_unit_test(list_text_and_other_types),
		cmocka_unit_test(narrow_japanese_wraps),
		cmocka_unit_test(score_screen_comes_back_to_item),
		cmocka_unit_test(document_beside_items),
	};

	setlocale(LC_ALL, "C.UTF-8");
	unsetenv("LANGUAGE");
	sh_i18n_bind(SHINSA_BUILD_LOCALEDIR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
