/*
 * The plain-text review form: it round-trips exactly (text that looks
 * like a marker included), and an import that is from another round or
 * reviewer, stale, malformed, against the rules, or "ready" while
 * incomplete is refused with nothing changed.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "form.h"
#include "wstore.h"
#include "testing.h"
#include "screenutil.h"

static const char tricky[] = "一行目\n==+== End\n===三つ\n==-== 注\n最後";

/* The English form's head, byte for byte, as forms have always begun. */
static const char english_head[] =
    "==+== shinsa review form 1\n"
    "==-== Lines beginning \"==-== \" are notes and are ignored; "
    "\"==+== \" lines are fields.\n"
    "==-== In text, a line beginning \"==\" is written with one more "
    "\"=\" (\"===\" stands for \"==\").\n"
    "==-== Conflict: undeclared, review, review g, or withdraw with the "
    "codes a-g for (ア)-(キ), e.g. \"withdraw b\".\n"
    "==-== Set \"Ready: yes\" only when everything is filled in; a draft "
    "may be incomplete. See shinsa-form(5).\n"
    "==-== This file is plaintext: keep it private and delete it after "
    "import.\n"
    "==+== Round: R2026\n"
    "==+== Reviewer: r01\n"
    "==+== Version: 7\n"
    "==+== Ready: yes\n"
    "\n"
    "==+== Proposal: ";

static struct ws *
filled(void)
{
	struct ws		*ws = tw_load("kakine-2024", "R2026");
	struct ws_proposal	*p = &ws->props[0];
	struct sh_err		 err;

	su_score_all(ws, 0, 4);
	assert_int_equal(ws_set_value(ws, p, 1, 5, &err), 0);
	assert_int_equal(ws_set_comment(ws, p, 1, tricky, &err), 0);
	assert_int_equal(ws_set_cannot_judge(ws, p, 2, true, &err), 0);
	assert_int_equal(ws_set_comment(ws, p, 2, "記載なし", &err), 0);
	assert_int_equal(ws_set_text(ws, p, WS_TEXT_REMARKS, "総合所見です。",
	    &err), 0);
	assert_int_equal(ws_set_text(ws, p, WS_TEXT_SCRATCH, "メモ", &err), 0);
	assert_int_equal(ws_declare(ws, &ws->props[1], 0x42,
	    WS_CONFLICT_WITHDRAW, &err), 0);
	return ws;
}

static char *
snapshot(const struct ws *ws)
{
	struct sh_buf	b;
	size_t		i;
	char		*s;

	sh_buf_init(&b, false);
	for (i = 0; i < ws->nprops; i++)
		assert_int_equal(ws_prop_to_json(&ws->props[i], &b, NULL), 0);
	s = strdup(sh_buf_cstr(&b));
	sh_buf_free(&b);
	return s;
}

static char *
export_in(const struct ws *ws, long long version, enum form_lang lang)
{
	struct sh_buf	 b;
	struct sh_err	 err;
	char		*s;

	sh_buf_init(&b, false);
	assert_int_equal(form_export(ws, version, lang, &b, &err), 0);
	s = strdup(sh_buf_cstr(&b));
	sh_buf_free(&b);
	return s;
}

static char *
export(const struct ws *ws, long long version)
{
	return export_in(ws, version, FORM_EN);
}

static void
refuse_n(struct ws *ws, long long version, const char *form, size_t len,
    const char *why)
{
	struct sh_err	 err;
	char		*before = snapshot(ws), *after;

	assert_int_equal(form_import(ws, version, form, len, &err), -1);
	if (strstr(err.msg, why) == NULL)
		fail_msg("wanted \"%s\", got \"%s\"", why, err.msg);
	after = snapshot(ws);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void
refuse(struct ws *ws, long long version, const char *form, const char *why)
{
	refuse_n(ws, version, form, strlen(form), why);
}

static void
round_trip(void **state)
{
	struct ws	*a = filled(), *b = tw_load("kakine-2024", "R2026");
	struct sh_err	 err;
	char		*form = export(a, 7), *sa, *sb;

	/* The English form is as it always was. */
	assert_true(strncmp(form, english_head, strlen(english_head)) == 0);
	/* The marker-like comment lines are escaped. */
	assert_non_null(strstr(form, "\n===+== End\n"));
	assert_non_null(strstr(form, "\n====三つ\n"));
	assert_non_null(strstr(form, "==+== Conflict: withdraw b,g\n"));
	assert_non_null(strstr(form, "==+== Item 2-1: cannot judge\n"));
	if (form_import(b, 7, form, strlen(form), &err) != 0)
		fail_msg("%s", err.msg);
	sa = snapshot(a);
	sb = snapshot(b);
	assert_string_equal(sa, sb);
	assert_string_equal(b->props[0].entries[1].comment, tricky);
	free(sa);
	free(sb);
	free(form);
	ws_free(a);
	ws_free(b);
}

static char *
replace(const char *s, const char *from, const char *to)
{
	const char	*p = strstr(s, from);
	char		*r;

	assert_non_null(p);
	r = calloc(1, strlen(s) + strlen(to) + 1);
	memcpy(r, s, (size_t)(p - s));
	strcat(r, to);
	strcat(r, p + strlen(from));
	return r;
}

static void
refusals(void **state)
{
	struct ws	*ws = filled(), *other;
	char		*form = export(ws, 3), *bad;

	/* Another round, another reviewer, a stale version. */
	other = tw_load("kakine-2024", "R2099");
	refuse(other, 3, form, "for round R2026, not R2099");
	ws_free(other);
	bad = replace(form, "Reviewer: r01", "Reviewer: r02");
	refuse(ws, 3, bad, "for reviewer r02");
	free(bad);
	refuse(ws, 4, form, "drafts are now at 4");
	/* A text line beginning "==" that is no marker. */
	bad = replace(form, "総合所見です。", "==oops");
	refuse(ws, 3, bad, "write \"===\"");
	free(bad);
	/* Values against the rules. */
	bad = replace(form, "Item 6-a: 0", "Item 6-a: 4");
	refuse(ws, 3, bad, "bonus value 4");
	free(bad);
	bad = replace(form, "Item 1-1: 4", "Item 1-1: 6");
	refuse(ws, 3, bad, "score 6");
	free(bad);
	bad = replace(form, "Conflict: withdraw b,g", "Conflict: review b");
	refuse(ws, 3, bad, "must withdraw");
	free(bad);
	/* Ready while incomplete; a draft of the same imports. */
	bad = replace(form, "Item 1-1: 4", "Item 1-1:");
	refuse(ws, 3, bad, "Ready: yes");
	{
		char		*draft = replace(bad, "==+== Ready: yes", "==+== Ready: no");
		struct sh_err	 err;

		if (form_import(ws, 3, draft, strlen(draft), &err) != 0)
			fail_msg("draft: %s", err.msg);
		assert_false(ws->props[0].entries[0].set);
		free(draft);
	}
	free(bad);
	/* Cut short. */
	bad = replace(form, "\n\n==+== End\n", "\n");
	refuse(ws, 3, bad, "cut short");
	free(bad);
	free(form);
	ws_free(ws);
}

/* Imports form into a fresh workstation and exports that in lang. */
static char *
via(const char *form, enum form_lang lang)
{
	struct ws	*b = tw_load("kakine-2024", "R2026");
	struct sh_err	 err;
	char		*s;

	if (form_import(b, 7, form, strlen(form), &err) != 0)
		fail_msg("%s", err.msg);
	s = export_in(b, 7, lang);
	ws_free(b);
	return s;
}

/*
 * Under Japanese the form's markers and notes are the seeds' words; it
 * round-trips exactly, imports whichever language the importer speaks
 * (import takes both), and keeps its round, reviewer and version guards.
 */
static void
japanese(void **state)
{
	struct ws	*a = filled(), *other;
	char		*ja = export_in(a, 7, FORM_JA), *en = export(a, 7), *s;
	char		*bad;

	assert_non_null(strstr(ja, "==+== shinsa 評価票 1\n"));
	assert_non_null(strstr(ja, "\n==+== 審査回: R2026\n"
	    "==+== 審査委員: r01\n==+== 版: 7\n==+== 記入完了: はい\n"));
	assert_non_null(strstr(ja, "\n==+== 構想: "));
	assert_non_null(strstr(ja, "\n==+== 利害関係: 辞退 イ,キ\n"));
	assert_non_null(strstr(ja, "\n==+== 評点 2-1: 判断できない\n"));
	assert_non_null(strstr(ja, "\n==+== コメント 2-1:\n記載なし\n"));
	assert_non_null(strstr(ja, "\n==+== 総合所見:\n総合所見です。\n"));
	assert_non_null(strstr(ja, "\n==+== 計画の修正等の条件:\n"));
	assert_non_null(strstr(ja, "\n==+== 個人メモ:\nメモ\n"));
	assert_non_null(strstr(ja, "\n==-== 加点: "));
	assert_non_null(strstr(ja, "\n===+== End\n"));
	assert_non_null(strstr(ja, "\n==+== 終わり\n"));
	assert_null(strstr(ja, "Item"));
	assert_null(strstr(ja, "Remarks"));
	/* Exact round trip in Japanese; either language into the other. */
	s = via(ja, FORM_JA);
	assert_string_equal(s, ja);
	free(s);
	s = via(ja, FORM_EN);
	assert_string_equal(s, en);
	free(s);
	s = via(en, FORM_JA);
	assert_string_equal(s, ja);
	free(s);
	/* As a Japanese keyboard types it: a full-width colon, 、 apart. */
	bad = replace(ja, "利害関係: 辞退 イ,キ", "利害関係：辞退 イ、キ");
	s = via(bad, FORM_JA);
	assert_string_equal(s, ja);
	free(s);
	free(bad);
	/* The guards hold in Japanese too. */
	other = tw_load("kakine-2024", "R2099");
	refuse(other, 7, ja, "for round R2026, not R2099");
	ws_free(other);
	bad = replace(ja, "審査委員: r01", "審査委員: r02");
	refuse(a, 7, bad, "for reviewer r02");
	free(bad);
	refuse(a, 8, ja, "drafts are now at 8");
	bad = replace(ja, "評点 1-1: 4", "評点 1-1: 6");
	refuse(a, 7, bad, "score 6");
	free(bad);
	bad = replace(ja, "利害関係: 辞退 イ,キ", "利害関係: 審査 イ");
	refuse(a, 7, bad, "must withdraw");
	free(bad);
	bad = replace(ja, "評点 1-1: 4", "評点 1-1:");
	refuse(a, 7, bad, "Ready: yes");
	free(bad);
	free(ja);
	free(en);
	ws_free(a);
}

/* The line of form that holds s, counted from 1 as the reader does. */
static size_t
line_of(const char *form, const char *s)
{
	const char	*at = strstr(form, s), *p;
	size_t		 n = 1;

	assert_non_null(at);
	for (p = form; p < at; p++)
		n += *p == '\n';
	return n;
}

/*
 * A text the model would refuse is refused with the line it is on:
 * before, a NUL cut the comment short at import, leaving only its blank
 * lines, and the next export and import dropped those (the fuzzer's
 * regress/form/nul-in-comment). A CR inside a line would have gone the
 * same way; a CR ending a line is a line break, and stays allowed.
 */
static void
text_refusals(void **state)
{
	static const struct {
		const char	*text;
		size_t		 len;
		const char	*why;
	} bad[] = {
#define T(s)	s, sizeof(s) - 1
		{ T("所見\0です"), "control or direction-override" },
		{ T("所見\rです"), "control or direction-override" },
		{ T("所見\033[2Jです"), "control or direction-override" },
		{ T("所見\xe2\x80\xaeです"), "control or direction-override" },
		{ T("所見\xffです"), "not UTF-8" },
#undef T
	};
	struct ws	*ws = filled();
	char		*form = export(ws, 3), *crlf, *p, *q, why[128];
	const char	*mark = "総合所見です。";
	size_t		 i, at = strstr(form, mark) - form, line;
	struct sh_err	 err;

	line = line_of(form, mark);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t	 n = strlen(form) - strlen(mark) + bad[i].len;
		char	*f = malloc(n);

		memcpy(f, form, at);
		memcpy(f + at, bad[i].text, bad[i].len);
		memcpy(f + at + bad[i].len, form + at + strlen(mark),
		    strlen(form) - at - strlen(mark));
		snprintf(why, sizeof(why), "line %zu: text ", line);
		refuse_n(ws, 3, f, n, why);
		refuse_n(ws, 3, f, n, bad[i].why);
		free(f);
	}
	/* The same texts through the model, as the editor would give them. */
	for (i = 1; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(ws_set_text(ws, &ws->props[0],
		    WS_TEXT_REMARKS, bad[i].text, &err), -1);
		assert_non_null(strstr(err.msg, i == 4 ? "not UTF-8" :
		    "control or direction-override"));
	}
	assert_string_equal(ws->props[0].remarks, "総合所見です。");
	/* CRLF line ends, as an editor on another system may save them. */
	crlf = calloc(2, strlen(form) + 1);
	for (p = form, q = crlf; *p != '\0'; p++) {
		if (*p == '\n')
			*q++ = '\r';
		*q++ = *p;
	}
	if (form_import(ws, 3, crlf, strlen(crlf), &err) != 0)
		fail_msg("CRLF: %s", err.msg);
	assert_string_equal(ws->props[0].entries[1].comment, tricky);
	free(crlf);
	free(form);
	ws_free(ws);
}

static int
teardown(void **state)
{
	tw_keys_free();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(refusals),
		cmocka_unit_test(text_refusals),
		cmocka_unit_test(japanese),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, teardown);
}
