/* store/csv: RFC 4180 reading with limits and located errors; writing
 * with formula neutralisation. */
#include <string.h>

#include "testutil.h"
#include "store/csv.h"

static int
parse(const char *s, struct sh_csv *c, struct sh_err *e)
{
	return sh_csv_parse("t.csv", s, strlen(s), NULL, c, e);
}

static void
reads_quotes_and_japanese(void **state)
{
	struct sh_csv	c;
	struct sh_err	e;
	const char	*in = "\xef\xbb\xbfid,title,note\r\n"
	    "P001,\"遠隔授業, 通信教育\",\"He said \"\"yes\"\"\"\r\n"
	    "\r\n"
	    "P002,\"二行\nの題\",\n"
	    "P003,末尾改行なし,x";

	assert_int_equal(parse(in, &c, &e), 0);
	assert_int_equal(c.nrows, 4);
	assert_string_equal(c.rows[0].fields[0], "id");	/* BOM skipped */
	assert_string_equal(c.rows[1].fields[1], "遠隔授業, 通信教育");
	assert_string_equal(c.rows[1].fields[2], "He said \"yes\"");
	assert_string_equal(c.rows[2].fields[1], "二行\nの題");
	assert_string_equal(c.rows[2].fields[2], "");
	assert_int_equal(c.rows[2].line, 4);	/* blank line 3 skipped */
	assert_int_equal(c.rows[3].line, 6);	/* after a 2-line field */
	assert_string_equal(c.rows[3].fields[1], "末尾改行なし");
	assert_int_equal(sh_csv_column(&c, "note"), 2);
	assert_int_equal(sh_csv_column(&c, "nope"), -1);
	sh_csv_errf(&e, &c, 3, 2, "prefecture %d not in 01–47", 48);
	assert_string_equal(e.msg, "t.csv:6:3: prefecture 48 not in 01–47");
	sh_csv_free(&c);
}

/* Excel's CSV in a Japanese office: CP932, read as such, lines kept;
 * and Japanese column names read as the English ones. */
static void
reads_cp932_and_japanese_columns(void **state)
{
	/* 構想ID,都道府県 / P1,"東京, ｱ" / (line 4) P2,"表" in CP932:
	 * 表 ends in 0x5C, a backslash in ASCII. */
	const char in[] = "\x8d\x5c\x91\x7a" "ID,\x93\x73\x93\xb9\x95\x7b\x8c\xa7\r\n"
	    "P1,\"\x93\x8c, \xb1\"\r\n\r\nP2,\x95\x5c\r\n";
	static const char *const ja[] = { "構想ID", "id", "都道府県",
	    "prefecture", NULL };
	struct sh_csv	c;
	struct sh_err	e;

	assert_int_equal(parse(in, &c, &e), 0);
	assert_int_equal(c.nrows, 3);
	assert_string_equal(c.rows[0].fields[0], "構想ID");
	assert_string_equal(c.rows[0].fields[1], "都道府県");
	assert_string_equal(c.rows[1].fields[1], "東, ｱ");
	assert_string_equal(c.rows[2].fields[1], "表");
	assert_int_equal(c.rows[2].line, 4);
	assert_int_equal(sh_csv_alias(&c, ja), 0);
	assert_int_equal(sh_csv_column(&c, "id"), 0);
	assert_int_equal(sh_csv_column(&c, "prefecture"), 1);
	sh_csv_free(&c);
}

static void
refuses_malformed_with_location(void **state)
{
	static const struct {
		const char *in, *msg;
	} cases[] = {
		{ "a,b\n1,\"open\n", "t.csv:2:2: quoted field not closed" },
		{ "a,b\n1,x\"y\n", "t.csv:2:2: quote inside an unquoted field" },
		{ "a,b\n1,\"x\"y\n", "t.csv:2:2: text after a closing quote" },
		{ "a,b\n1,2,3\n", "t.csv:2: 3 fields where the header has 2" },
		{ "a,b\n1\n", "t.csv:2: 1 fields where the header has 2" },
		{ "a,b\n1,2\r3,4\n", "t.csv:2:2: bare CR (records end in CRLF or LF)" },
		{ "a,b\n\xff,2\n", "t.csv:2:1: not valid UTF-8" },
		/* A cut-off character: neither UTF-8 nor CP932. (E5 AF
		 * whole is a CP932 kanji, read as such.) */
		{ "a,b\n1,\xe5", "t.csv:2:2: not valid UTF-8" },
		{ "", "t.csv: empty (no header)" },
		{ "\n\n", "t.csv: empty (no header)" },
	};
	struct sh_csv	c;
	struct sh_err	e;
	size_t		i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(&e, 0, sizeof e);
		assert_int_equal(parse(cases[i].in, &c, &e), -1);
		assert_string_equal(e.msg, cases[i].msg);
		assert_null(c.rows);
		assert_int_equal(c.nrows, 0);
	}
	/* NUL inside data. */
	assert_int_equal(sh_csv_parse("t.csv", "a\nx\0y\n", 6, NULL, &c, &e),
	    -1);
	assert_string_equal(e.msg, "t.csv:2:1: NUL byte");
}

static void
enforces_limits(void **state)
{
	struct sh_csv_limits	lim = { .max_line = 10, .max_fields = 3,
				    .max_rows = 3 };
	struct sh_csv		c;
	struct sh_err		e;
	const char		*s;

	s = "a,b\n0123456789ab,1\n";
	assert_int_equal(sh_csv_parse("t.csv", s, strlen(s), &lim, &c, &e), -1);
	assert_string_equal(e.msg, "t.csv:2:1: line longer than 10 bytes");
	s = "a,b,c,d\n";
	assert_int_equal(sh_csv_parse("t.csv", s, strlen(s), &lim, &c, &e), -1);
	assert_string_equal(e.msg, "t.csv:1:4: more than 3 fields");
	s = "a\n1\n2\n3\n";
	assert_int_equal(sh_csv_parse("t.csv", s, strlen(s), &lim, &c, &e), -1);
	assert_string_equal(e.msg, "t.csv:4: more than 3 records");
	/* A long quoted field is counted per physical line. */
	s = "a\n\"01234\n56789\"\n";
	assert_int_equal(sh_csv_parse("t.csv", s, strlen(s), &lim, &c, &e), 0);
	sh_csv_free(&c);
}

static void
writer_neutralises_formulas(void **state)
{
	const char *cells[] = { "=HYPERLINK(\"http://x\",\"click\")", "+1",
	    "-2+3", "@SUM(A1)", "\tx", "\rx", "-3.5", "52.3", "普通の文",
	    "a,b", "", "-", "line\nbreak" };
	struct sh_buf	b;

	sh_buf_init(&b, false);
	assert_int_equal(sh_csv_write_bom(&b), 0);
	assert_int_equal(sh_csv_write_row(&b, cells,
	    sizeof cells / sizeof cells[0]), 0);
	assert_string_equal(sh_buf_cstr(&b),
	    "\xef\xbb\xbf"
	    "\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\","
	    "'+1,'-2+3,'@SUM(A1),'\tx,\"'\rx\",-3.5,52.3,普通の文,"
	    "\"a,b\",,'-,\"line\nbreak\"\r\n");
	assert_true(sh_csv_needs_neutralising("=1"));
	assert_false(sh_csv_needs_neutralising("-12"));
	assert_false(sh_csv_needs_neutralising(""));
	sh_buf_free(&b);
}

static void
writer_round_trips_hostile_text(void **state)
{
	const char *cells[] = { "\"\"\"", ",,,", "\x1b[2J\x1b]0;x\x07",
	    "\xe2\x80\xaegnp.exe", "a\r\nb", "審査\"委員\"" };
	const size_t	 n = sizeof cells / sizeof cells[0];
	const char	*hdr[] = { "1", "2", "3", "4", "5", "6" };
	struct sh_buf	 b;
	struct sh_csv	 c;
	struct sh_err	 e;
	size_t		 i;

	sh_buf_init(&b, false);
	assert_int_equal(sh_csv_write_row(&b, hdr, n), 0);
	assert_int_equal(sh_csv_write_row(&b, cells, n), 0);
	assert_int_equal(sh_csv_parse("w.csv", (char *)b.data, b.len, NULL,
	    &c, &e), 0);
	assert_int_equal(c.nrows, 2);
	/* None of these start a formula, so they come back exactly. */
	for (i = 0; i < n; i++)
		assert_string_equal(c.rows[1].fields[i], cells[i]);
	sh_csv_free(&c);
	sh_buf_free(&b);
}

static bool
is_fact(const char *name, const void *arg)
{
	return strcmp(name, (const char *)arg) == 0;
}

static void
header_check_refuses_unknown_and_doubled_columns(void **state)
{
	static const char *const known[] = { "id", "name", "public_key", NULL };
	static const struct {
		const char *in, *msg;
	} bad[] = {
		{ "id,name,public_key,note\n",
		    "t.csv:1:4: column \"note\" is not one of id, name, "
		    "public_key: remove it, or correct its name" },
		{ "id,Name,public_key\n",
		    "t.csv:1:2: column \"Name\" is not one of id, name, "
		    "public_key: remove it, or correct its name" },
		{ "id,name,id,public_key\n",
		    "t.csv:1:3: column \"id\" appears twice (also column 1): "
		    "which one would count is not clear" },
		{ "id,name,public_key,\n",
		    "t.csv:1:4: a column with no name: every column must be one "
		    "of id, name, public_key" },
	};
	struct sh_csv	c;
	struct sh_err	e;
	size_t		i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(parse(bad[i].in, &c, &e), 0);
		assert_int_equal(sh_csv_check_header(&c, known, NULL, NULL,
		    NULL, &e), -1);
		assert_string_equal(e.msg, bad[i].msg);
		sh_csv_free(&c);
	}
	/* Any order, and columns the caller accepts by name. */
	assert_int_equal(parse("public_key,lan_rate,id,name\n", &c, &e), 0);
	assert_int_equal(sh_csv_check_header(&c, known, is_fact, "lan_rate",
	    "a fact", &e), 0);
	assert_int_equal(sh_csv_check_header(&c, known, is_fact, "other",
	    "a fact of rubric x (other)", &e), -1);
	assert_string_equal(e.msg, "t.csv:1:2: column \"lan_rate\" is not one "
	    "of id, name, public_key, or a fact of rubric x (other): remove "
	    "it, or correct its name");
	sh_csv_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_quotes_and_japanese),
		cmocka_unit_test(reads_cp932_and_japanese_columns),
		cmocka_unit_test(refuses_malformed_with_location),
		cmocka_unit_test(enforces_limits),
		cmocka_unit_test(writer_neutralises_formulas),
		cmocka_unit_test(writer_round_trips_hostile_text),
		cmocka_unit_test(header_check_refuses_unknown_and_doubled_columns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
