/*
 * The display core in process: text layout by display width (Japanese,
 * no split double-width character, truncation with …), the help screen,
 * resizing, and the loop's keys, on a dumb terminal at 80×24 and at odd
 * narrow widths.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "base/text.h"
#include "draw.h"
#include "i18n.h"
#include "layout.h"
#include "ui.h"

/* Every row of a dump fits the width and holds no broken character. */
static void
assert_rows_fit(const char *dump, int cols)
{
	const char *p = dump, *nl;
	size_t n;

	for (;;) {
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		assert_true(sh_utf8_valid(p, n));
		if (sh_text_width(p, n) > (size_t)cols) {
			fprintf(stderr, "row too wide (%zu > %d): %.*s\n",
			    sh_text_width(p, n), cols, (int)n, p);
			fail();
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

static void
wrap_japanese_by_width(void **state)
{
	/* 20 wide characters, 40 columns. */
	const char	*s = "審査委員は、本審査で知り得た情報を口外してはならない。";
	struct sh_wrap	 w;
	size_t		 off, n, lines = 0;
	char		 line[128];

	sh_wrap_init(&w, s, strlen(s), 9);
	while (sh_wrap_next(&w, &off, &n)) {
		/* 9 columns hold at most 4 wide characters. */
		assert_true(sh_text_width(s + off, n) <= 9);
		assert_true(sh_utf8_valid(s + off, n));
		memcpy(line, s + off, n);
		line[n] = '\0';
		/* 、 and 。 never begin a line. */
		assert_true(strncmp(line, "、", strlen("、")) != 0);
		assert_true(strncmp(line, "。", strlen("。")) != 0);
		lines++;
	}
	assert_true(lines >= 7);
	/* Latin words are not cut when a space is on the line. */
	sh_wrap_init(&w, "deviation score", 15, 12);
	assert_true(sh_wrap_next(&w, &off, &n));
	assert_int_equal(n, strlen("deviation"));
	assert_true(sh_wrap_next(&w, &off, &n));
	assert_string_equal("score", &"deviation score"[off]);
	assert_false(sh_wrap_next(&w, &off, &n));
	/* Newlines end lines; an empty line in between is kept. */
	assert_int_equal(sh_wrap_count("a\n\nb", 4, 10), 3);
}

static void
truncate_with_ellipsis(void **state)
{
	const char	*s = "非常に優れている";	/* 16 columns */
	size_t		 used;
	bool		 trunc;

	assert_int_equal(sh_fit_ellipsis(s, strlen(s), 16, &used, &trunc),
	    strlen(s));
	assert_false(trunc);
	/* 10 columns: 4 wide characters (8) and the ellipsis; the fifth
	 * would need columns 9–10 and the ellipsis an 11th. */
	assert_int_equal(sh_fit_ellipsis(s, strlen(s), 10, &used, &trunc),
	    4 * 3);
	assert_true(trunc);
	assert_int_equal(used, 8);
}

static void
help_screen_80x24(void **state)
{
	struct ui	*ui;
	char		*d, row[512];

	ui = ui_new_test(NULL, 24, 80);
	assert_int_equal(ui_push(ui, &view_help_ops, NULL), 0);
	ui_run(ui);
	d = ui_dump(ui);
	assert_rows_fit(d, 80);
	ui_dump_row(ui, 0, row, sizeof(row));
	assert_string_equal(row, "shinsa: Help");
	ui_dump_row(ui, 1, row, sizeof(row));
	assert_string_equal(row, "Keys on every screen");
	ui_dump_row(ui, 2, row, sizeof(row));
	assert_string_equal(row,
	    "  ?, F1                  this help: every key of every screen");
	ui_dump_row(ui, 23, row, sizeof(row));
	assert_string_equal(row, "? help  q back  Q quit");
	free(d);

	/* q closes the only view, which ends the loop. */
	ui_test_keys(ui, "q");
	ui_run(ui);
	assert_int_equal(ui_depth(ui), 0);
	ui_free(ui);
}

static void
resize_relays_out(void **state)
{
	struct ui	*ui;
	char		*d, row[512];

	ui = ui_new_test(NULL, 24, 80);
	assert_int_equal(ui_push(ui, &view_help_ops, NULL), 0);
	ui_test_keys(ui, "<Resize 41x12>");
	ui_run(ui);
	assert_int_equal(ui_cols(ui), 41);
	assert_int_equal(ui_rows(ui), 12);
	d = ui_dump(ui);
	assert_rows_fit(d, 41);
	/* The long help line is wrapped, its second part indented. */
	ui_dump_row(ui, 2, row, sizeof(row));
	assert_string_equal(row, "  ?, F1                  this help: every");
	ui_dump_row(ui, 3, row, sizeof(row));
	assert_string_equal(row, "  key of every screen");
	free(d);

	/* Too small: says so rather than drawing garbage. */
	ui_test_keys(ui, "<Resize 10x3>");
	ui_run(ui);
	ui_dump_row(ui, 0, row, sizeof(row));
	assert_string_equal(row, "Terminal …");
	ui_free(ui);
}

static void
prompt_reads_japanese(void **state)
{
	struct ui	*ui;
	char		*s;

	ui = ui_new_test(NULL, 24, 41);
	assert_int_equal(ui_push(ui, &view_help_ops, NULL), 0);
	ui_test_keys(ui, "審査X<BS>の所見<Left><Left>!<Enter>");
	s = ui_prompt(ui, "Comment:", NULL);
	assert_non_null(s);
	assert_string_equal(s, "審査の!所見");
	free(s);
	/* Esc cancels; so does running out of keys. */
	ui_test_keys(ui, "abc<Esc>");
	assert_null(ui_prompt(ui, "Comment:", "x"));
	assert_null(ui_prompt(ui, "Comment:", "x"));
	ui_free(ui);
}

static void
draw_japanese_narrow(void **state)
{
	struct ui	*ui;
	struct ui_page	 p;
	char		*d, row[512];
	int		 cols;

	/* At every width from 20 to 41 columns, odd ones included, a
	 * Japanese paragraph is drawn whole and no row passes the edge. */
	for (cols = 20; cols <= 41; cols++) {
		ui = ui_new_test(NULL, 24, cols);
		page_init(&p, cols);
		page_add(&p, UI_NORMAL, -1, 0,
		    "（ア）競争参加者の企画提案書の中に、何らかの形で審査委員"
		    "自身が参画する内容の記載があった場合");
		page_draw(ui, &p, 0, 24, 0, -1);
		d = ui_dump(ui);
		assert_rows_fit(d, cols);
		ui_dump_row(ui, 0, row, sizeof(row));
		/* The first row is full: cols or cols-1 columns wide, or
		 * two less where 、 must not begin the next row. */
		assert_true(sh_text_width(row, strlen(row)) + 3 >=
		    (size_t)cols);
		if (cols == 41) {
			ui_dump_row(ui, 0, row, sizeof(row));
			assert_string_equal(row, "（ア）競争参加者の企画提案書の中に、何ら");
			ui_dump_row(ui, 1, row, sizeof(row));
			assert_string_equal(row, "かの形で審査委員自身が参画する内容の記載");
			ui_dump_row(ui, 2, row, sizeof(row));
			assert_string_equal(row, "があった場合");
		}
		page_free(&p);
		free(d);
		ui_free(ui);
	}
	/* Truncated single lines end with the ellipsis at column 41. */
	ui = ui_new_test(NULL, 24, 41);
	draw_text(ui, 0, 0, 41,
	    "令和6年度 各学校・課程・学科の垣根を超える高等学校改革推進事業",
	    UI_NORMAL);
	ui_dump_row(ui, 0, row, sizeof(row));
	assert_string_equal(row,
	    "令和6年度 各学校・課程・学科の垣根を超え…");
	assert_int_equal(sh_text_width(row, strlen(row)), 41);
	/* At 40 the last wide character gives way to the ellipsis. */
	draw_text(ui, 2, 0, 40,
	    "令和6年度 各学校・課程・学科の垣根を超える高等学校改革推進事業",
	    UI_NORMAL);
	ui_dump_row(ui, 2, row, sizeof(row));
	assert_string_equal(row,
	    "令和6年度 各学校・課程・学科の垣根を超…");
	/* Escape sequences from a file never reach the terminal. */
	draw_text(ui, 1, 0, 41, "A\x1b[2JB", UI_NORMAL);
	ui_dump_row(ui, 1, row, sizeof(row));
	assert_string_equal(row, "A\xef\xbf\xbd[2JB");
	ui_free(ui);
}

static void
help_in_japanese(void **state)
{
	struct ui	*ui;
	char		 row[512];

	setenv("LANGUAGE", "ja", 1);
	textdomain("shinsa");	/* a catalogue change is noticed */
	ui = ui_new_test(NULL, 24, 80);
	assert_int_equal(ui_push(ui, &view_help_ops, NULL), 0);
	ui_run(ui);
	ui_dump_row(ui, 0, row, sizeof(row));
	assert_string_equal(row, "shinsa: ヘルプ");
	ui_dump_row(ui, 1, row, sizeof(row));
	assert_string_equal(row, "全画面共通のキー");
	ui_free(ui);
	unsetenv("LANGUAGE");
	textdomain("shinsa");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wrap_japanese_by_width),
		cmocka_unit_test(truncate_with_ellipsis),
		cmocka_unit_test(help_screen_80x24),
		cmocka_unit_test(resize_relays_out),
		cmocka_unit_test(prompt_reads_japanese),
		cmocka_unit_test(draw_japanese_narrow),
		cmocka_unit_test(help_in_japanese),
	};

	setlocale(LC_ALL, "C.UTF-8");
	sh_i18n_bind(SHINSA_BUILD_LOCALEDIR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
