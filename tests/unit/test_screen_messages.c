/*
 * Core's messages as the reviewer sees them, in process: the rule
 * violations shown on the submit screen and when an entry is refused,
 * the submit and seal checks, a wrong passphrase, a bad package and a
 * store error on the status line, in Japanese (LANGUAGE=ja) and in
 * English (C). Core's errors carry message keys (base/err.h) that the
 * workstation translates (msg_err()); every rule's key has a Japanese
 * entry, and under C the translation is the English message itself.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "testutil.h"
#include "app.h"
#include "base/buf.h"
#include "base/err.h"
#include "crypto/minisign.h"
#include "format/seal.h"
#include "i18n.h"
#include "model.h"
#include "msg.h"
#include "session.h"
#include "testing.h"
#include "screenutil.h"
#include "ui.h"
#include "views.h"

/* The error as the reviewer reads it. */
static void
err_is(const struct sh_err *err, const char *want)
{
	char got[2 * SH_ERR_MAX];

	msg_err(err, got, sizeof(got));
	if (strcmp(got, want) != 0) {
		fprintf(stderr, "error:\n  got  \"%s\"\n  want \"%s\"\n"
		    "  (English: \"%s\")\n", got, want, err->msg);
		fail();
	}
}

/* The error ends with `tail` (what comes before names a temp path). */
static void
err_ends(const struct sh_err *err, const char *tail)
{
	char	got[2 * SH_ERR_MAX];
	size_t	n, t = strlen(tail);

	msg_err(err, got, sizeof(got));
	n = strlen(got);
	if (n < t || strcmp(got + n - t, tail) != 0) {
		fprintf(stderr, "error:\n  got  \"%s\"\n  want \"…%s\"\n",
		    got, tail);
		fail();
	}
}

static size_t
item_index(const struct ws_proposal *p, const char *id)
{
	size_t i;

	for (i = 0; i < ws_nitems(p); i++)
		if (strcmp(ws_item(p, i)->id, id) == 0)
			return i;
	fail_msg("no item %s", id);
	return 0;
}

/* Message keys */

static void
keys_record_and_render(void **state)
{
	struct sh_err	err;
	char		out[256], args[64];
	size_t		n;
	int		i;

	su_language(NULL);
	sh_errf(&err, "%s: %zu of %d, %5.1f%% %.*s|%-3s|%x", "a.json",
	    (size_t)7, -2, 12.25, 3, "abcdef", "z", 255u);
	assert_string_equal(err.msg, "a.json: 7 of -2,  12.2% abc|z  |ff");
	assert_true(sh_err_keyed(&err));
	assert_int_equal(err.nframes, 1);
	assert_int_equal(err.frame[0].nargs, 7);
	msg_err(&err, out, sizeof(out));
	assert_string_equal(out, err.msg);

	/* Prefixes are frames; the rendering joins them outermost first. */
	sh_err_prefix(&err, "tar member \"%s\"", "x");
	sh_err_prefix(&err, "%s", "pkg.age");
	assert_string_equal(err.msg,
	    "pkg.age: tar member \"x\": a.json: 7 of -2,  12.2% abc|z  |ff");
	assert_int_equal(err.nframes, 3);
	msg_err(&err, out, sizeof(out));
	assert_string_equal(out, err.msg);

	/* A translation may reorder its arguments and drop one. */
	sh_errf(&err, "%s %s %d", "one", "two", 3);
	assert_int_equal(sh_msg_render(out, sizeof(out), "%3$d-%1$s%2$.0s",
	    err.args, err.frame[0].nargs), 0);
	assert_string_equal(out, "3-one");
	/* A translation asking for an argument there is not fails. */
	assert_int_equal(sh_msg_render(out, sizeof(out), "%4$s",
	    err.args, err.frame[0].nargs), -1);

	/* Too many prefixes: the record is lost, the English stays. */
	sh_errf(&err, "wrong passphrase");
	for (i = 0; i < SH_ERR_FRAMES; i++)
		sh_err_prefix(&err, "f%d", i);
	assert_false(sh_err_keyed(&err));
	su_language("ja");
	msg_err(&err, out, sizeof(out));
	assert_string_equal(out, err.msg);
	su_language(NULL);

	/* A message written by hand is not taken for a keyed one. */
	sh_errf(&err, "no score yet");
	snprintf(err.msg, sizeof(err.msg), "something else");
	assert_false(sh_err_keyed(&err));

	/* Arguments too long for the record: English, never truncated. */
	memset(args, 'x', sizeof(args));
	args[sizeof(args) - 1] = '\0';
	sh_errf(&err, "%s", args);
	assert_true(sh_err_keyed(&err));
	{
		char big[SH_ERR_MAX + 16];

		memset(big, 'y', sizeof(big));
		big[sizeof(big) - 1] = '\0';
		sh_errf(&err, "%s: %s", big, "z");
		assert_false(sh_err_keyed(&err));
		msg_err(&err, out, sizeof(out));
		assert_int_equal(strncmp(out, err.msg, sizeof(out) - 1), 0);
	}
	n = strlen(out);
	assert_int_equal(n, sizeof(out) - 1);
}

/* A new rule cannot ship untranslated: every rule's message key has a
 * Japanese entry that uses the same arguments. */
static void
every_rule_message_in_japanese(void **state)
{
	size_t		 k;
	const char	*t;

	assert_true(sh_nrule_msgs >= 10);
	su_language("ja");
	for (k = 0; k < sh_nrule_msgs; k++) {
		t = gettext(sh_rule_msgs[k]);
		if (t == sh_rule_msgs[k] || strcmp(t, sh_rule_msgs[k]) == 0)
			fail_msg("no Japanese for rule message \"%s\"",
			    sh_rule_msgs[k]);
	}
	/* And the words around them. */
	assert_string_not_equal(gettext("item %s"), "item %s");
	assert_string_not_equal(gettext("%s: item %s: %s"), "%s: item %s: %s");
	su_language(NULL);
	for (k = 0; k < sh_nrule_msgs; k++)
		assert_ptr_equal(gettext(sh_rule_msgs[k]), sh_rule_msgs[k]);
}

/* Rule violations */

/* The rules' own words when an entry breaks one: the problems listed on
 * the submit screen, and what the model says when it refuses. */
static void
rule_violations(const char *lang)
{
	struct app		 app = { 0 };
	struct ws_proposal	*p;
	struct sh_err		 err;
	struct ui		*ui;
	size_t			 i12, i6a, i31;
	bool			 ja = lang != NULL;

	su_language(lang);
	app.ws = tw_load("kakine-2024", "R2026");
	p = &app.ws->props[0];
	su_score_all(app.ws, 0, 3);
	i12 = item_index(p, "1-2");
	i31 = item_index(p, "3-1");
	i6a = item_index(p, "6-a");

	/* An extreme score without its reason. */
	assert_int_equal(ws_set_value(app.ws, p, i12, 5, &err), 0);
	/* Cannot judge without its reason. */
	assert_int_equal(ws_set_cannot_judge(app.ws, p, i31, true, &err), 0);
	/* A bonus value no sheet may hold, as an old draft might have it. */
	p->entries[i6a].value = 4;

	ui = ui_new_test(&app, 24, 100);
	assert_int_equal(ui_push(ui, &view_overview_ops, NULL), 0);
	ui_test_keys(ui, "s");
	ui_run(ui);
	if (ja) {
		su_row_is(ui, 0, "shinsa: 提出");
		su_screen_has(ui, "提出を妨げる問題が4件あります");
		su_screen_has(ui,
		    "K001: 項目 1-2: 評点5にはコメント（判断根拠・理由）が必要です");
		su_screen_has(ui,
		    "K001: 項目 3-1: 判断できない理由をコメントに書いてください");
		su_screen_has(ui, "K001: 項目 6-a: 加点の値4は{0,3,5,10}"
		    "のいずれでもありません");
		su_screen_has(ui, "K002: 利害関係が未申告です");
	} else {
		su_row_is(ui, 0, "shinsa: Submit");
		su_screen_has(ui, "4 problems block submission");
		su_screen_has(ui, "K001: item 1-2: score 5 needs a comment "
		    "giving the reason");
		su_screen_has(ui, "K001: item 3-1: cannot judge: write why "
		    "in the comment");
		su_screen_has(ui, "K001: item 6-a: bonus value 4 not in "
		    "{0,3,5,10}");
		su_screen_has(ui, "K002: conflicts of interest not declared");
	}
	/* S is refused while they stand. */
	ui_test_keys(ui, "S");
	ui_run(ui);
	su_row_is(ui, 23, ja ? "まだ提出できません。先に一覧の問題を直してください。" :
	    "Not yet: fix the problems listed first.");
	ui_free(ui);

	/* The sheet writer refuses with the rules' words. */
	p->entries[i6a].value = 0;
	{
		struct sh_entry es[SH_RUBRIC_MAX_ITEMS];

		ws_entries(p, es);
		assert_int_equal(sh_entries_validate(app.ws->rubric,
		    p->variant, es, ws_nitems(p), true, &err), -1);
		assert_string_equal(err.msg, "item 1-2: score 5 needs a "
		    "comment (判断根拠・理由)");
		err_is(&err, ja ? "項目 1-2: 評点5にはコメント（判断根拠・理由）"
		    "が必要です" : err.msg);
		es[i12].comment = "具体的な計画が示されている。";
		assert_int_equal(sh_entries_validate(app.ws->rubric,
		    p->variant, es, ws_nitems(p), true, &err), -1);
		err_is(&err, ja ? "項目 3-1: 判断できない場合は、その具体的な理由を"
		    "コメントに記入してください" : "item 3-1: cannot judge needs "
		    "the reason in the comment (具体的な理由)");
	}

	/* The model refuses values against the rules in the same words. */
	assert_int_equal(ws_set_value(app.ws, p, i6a, 4, &err), -1);
	err_is(&err, ja ? "項目 6-a: 加点の値4は{0,3,5,10}のいずれでもありません" :
	    "item 6-a: bonus value 4 not in {0,3,5,10}");
	assert_int_equal(ws_set_value(app.ws, p, i12, 6, &err), -1);
	err_is(&err, ja ? "項目 1-2: 評点6が1～5の範囲外です" :
	    "item 1-2: score 6 outside 1-5");

	/* A conflict (ア)–(カ) cannot be reviewed; an undeclared one cannot
	 * be scored. */
	assert_int_equal(ws_declare(app.ws, &app.ws->props[1], 0x1,
	    WS_CONFLICT_REVIEW, &err), -1);
	err_is(&err, ja ? "構想 K002: (ア)～(カ)に該当: この構想を審査しては"
	    "なりません" : "proposal K002: (ア)–(カ) declared: the reviewer "
	    "must not review it");
	assert_int_equal(ws_set_value(app.ws, &app.ws->props[1], 0, 3, &err),
	    -1);
	err_is(&err, ja ? "構想 K002: 採点の前に利害関係を申告してください" :
	    "proposal K002: declare conflicts of interest before scoring");
	ws_free(app.ws);
	su_language(NULL);
}

static void
rule_violations_japanese(void **state)
{
	rule_violations("ja");
}

static void
rule_violations_english(void **state)
{
	rule_violations(NULL);
}

/* The conflict screen: ticking (ア) and trying to continue. */
static void
conflict_screen(const char *lang)
{
	struct app	 app = { 0 };
	struct ui	*ui;

	su_language(lang);
	app.ws = tw_load("kakine-2024", "R2026");
	ui = ui_new_test(&app, 24, 80);
	assert_int_equal(ui_push(ui, &view_overview_ops, NULL), 0);
	/* Open K001's declaration, tick (ア), go to "continue", choose. */
	ui_test_keys(ui, "c<Space>jjjjjjjj<Enter>");
	ui_run(ui);
	su_row_is(ui, 23, lang != NULL ?
	    "審査を続けられるのは(キ)のみに該当する場合だけです。" :
	    "Continuing is possible only when (キ) alone is ticked.");
	ui_free(ui);
	ws_free(app.ws);
	su_language(NULL);
}

static void
conflict_screen_japanese(void **state)
{
	conflict_screen("ja");
}

/* Submit, seal, open, unlock: a real session */

static bool
say_yes(const char *fpr, const char *round, void *arg)
{
	return true;
}

static int
real_submit(struct app *app, char **where, struct sh_err *err)
{
	struct session	*s = app->submit_arg;
	char		 out[4096], *path;
	long long	 rev;

	/* A directory that is not there: the write fails in core. */
	snprintf(out, sizeof(out), "%s/gone/sheet", wstore_dir(s->st));
	if (session_submit(s, out, &path, &rev, err) != 0)
		return -1;
	*where = path;
	return 0;
}

static void
session_messages(const char *lang)
{
	char		*dir = tu_tmpdir(lang != NULL ? "msg-ja" : "msg-c");
	struct tw_keys	*k = tw_keys();
	struct session	 s;
	struct sh_buf	 pkg;
	struct sh_err	 err;
	struct app	 app = { 0 };
	struct ui	*ui;
	char		*path, buf[64];
	long long	 rev;
	bool		 ja = lang != NULL;

	su_language(lang);
	assert_int_equal(chmod(dir, 0700), 0);
	session_init(&s);
	if (session_unlock_key(&s, su_copy_sk(k->reviewer), dir, &err) != 0)
		fail_msg("unlock: %s", err.msg);

	/* A bad package: not an age file at all, then one for someone
	 * else. */
	assert_int_equal(session_open_bytes(&s, (const unsigned char *)
	    "PK\3\4 not a package\n", 20, say_yes, NULL, &err), -1);
	err_is(&err, ja ? "パッケージ: 暗号化されたファイルではありません"
	    "（age ファイルの形で始まっていません）" : "package: not an "
	    "encrypted file: it does not start as an age file does");
	{
		struct sh_minisign_sk *other = sh_minisign_keygen("r02", &err);
		struct session s2;

		session_init(&s2);
		assert_int_equal(session_unlock_key(&s2, other, dir, &err), 0);
		su_sealed_package(k->secretariat, &pkg);
		assert_int_equal(session_open_bytes(&s2, pkg.data, pkg.len,
		    say_yes, NULL, &err), -1);
		err_is(&err, ja ? "パッケージ: あなた宛てに暗号化されていません"
		    "（一致する鍵がありません）" : "package: not encrypted to "
		    "you (no identity matches)");
		session_free(&s2);
	}
	assert_int_equal(session_open_bytes(&s, pkg.data, pkg.len, say_yes,
	    NULL, &err), 0);
	/* Flip one byte of the payload: it no longer authenticates. */
	pkg.data[pkg.len - 40] ^= 1;
	assert_int_equal(session_open_bytes(&s, pkg.data, pkg.len, say_yes,
	    NULL, &err), -1);
	err_ends(&err, ja ? "の認証に失敗しました（改変又は破損しています）" :
	    "does not authenticate");
	sh_buf_free(&pkg);

	/* Submitting with problems: the session refuses. */
	assert_int_equal(session_submit(&s, NULL, &path, &rev, &err), -1);
	err_is(&err, ja ? "提出を妨げる問題が2件あります。最初の問題: 構想 K001" :
	    "2 problems block submission, the first: proposal K001");
	su_score_all(s.ws, 0, 3);
	assert_int_equal(ws_declare(s.ws, &s.ws->props[1], 0x1,
	    WS_CONFLICT_WITHDRAW, &err), 0);
	assert_int_equal(ws_clear_value(s.ws, &s.ws->props[0], 0, &err), 0);
	assert_int_equal(session_submit(&s, NULL, &path, &rev, &err), -1);
	err_is(&err, ja ? "提出を妨げる問題が1件あります: 構想 K001" :
	    "1 problem blocks submission: proposal K001");
	su_score_all(s.ws, 0, 3);

	/* Nothing blocks, but the sheet cannot be written: the status line
	 * says so in the reviewer's language. */
	app.ws = s.ws;
	app.submit = real_submit;
	app.submit_arg = &s;
	ui = ui_new_test(&app, 24, 200);
	assert_int_equal(ui_push(ui, &view_overview_ops, NULL), 0);
	ui_test_keys(ui, "sSy");
	ui_run(ui);
	ui_dump_row(ui, 23, buf, sizeof(buf));
	if (ja) {
		su_screen_has(ui, "提出されませんでした: ");
		su_screen_has(ui, "/gone/sheet: 作成できません: ");
	} else {
		su_screen_has(ui, "Not submitted: ");
		su_screen_has(ui, "/gone/sheet: cannot create: ");
	}
	assert_int_equal(s.ws->revision, 0);
	ui_free(ui);
	session_free(&s);
	free(dir);
	su_language(NULL);
}

static void
session_messages_japanese(void **state)
{
	session_messages("ja");
}

static void
session_messages_english(void **state)
{
	session_messages(NULL);
}

/* A wrong passphrase, and a key file others can read. */
static void
passphrase(const char *lang)
{
	char				*dir = tu_tmpdir(lang != NULL ? "pw-ja" :
					    "pw-c");
	static const struct sh_minisign_kdf cheap = { 32768, 16777216 };
	struct sh_buf			 b;
	struct sh_err			 err;
	struct session			 s;
	char				 key[4096], pw[4096], want[8192];
	bool				 ja = lang != NULL;

	su_language(lang);
	snprintf(key, sizeof(key), "%s/r01.key", dir);
	snprintf(pw, sizeof(pw), "%s/pw", dir);
	sh_buf_init(&b, true);
	assert_int_equal(sh_minisign_sk_format(tw_keys()->reviewer,
	    (const unsigned char *)"正しい合言葉", strlen("正しい合言葉"),
	    &cheap, &b, &err), 0);
	tu_write(key, (char *)b.data, b.len);
	sh_buf_free(&b);
	assert_int_equal(chmod(key, 0600), 0);
	tu_write(pw, "違う合言葉\n", strlen("違う合言葉\n"));
	assert_int_equal(chmod(pw, 0600), 0);

	session_init(&s);
	assert_int_equal(session_unlock(&s, key, pw, dir, &err), -1);
	/* A passphrase file is read once and named with the key. */
	snprintf(want, sizeof(want), ja ? "%s: %s のパスフレーズが違います" :
	    "%s: wrong passphrase for %s", pw, key);
	err_is(&err, want);
	session_free(&s);

	assert_int_equal(chmod(key, 0644), 0);
	session_init(&s);
	assert_int_equal(session_unlock(&s, key, pw, dir, &err), -1);
	snprintf(want, sizeof(want), ja ? "%s: グループ又は他のユーザーが読めます"
	    "（モード 0644）。chmod 600 としてください" : "%s: readable by group "
	    "or others (mode 0644); chmod 600 it", key);
	err_is(&err, want);
	session_free(&s);

	session_init(&s);
	assert_int_equal(session_unlock(&s, NULL, NULL, dir, &err), -1);
	err_is(&err, ja ? "秘密鍵がまだありません。shinsa だけを実行して"
	    "作るか、-s 鍵ファイル を指定してください" : "no secret key yet: "
	    "run shinsa alone to make one, or give -s KEYFILE");
	session_free(&s);
	free(dir);
	su_language(NULL);
}

static void
passphrase_japanese(void **state)
{
	passphrase("ja");
}

static void
passphrase_english(void **state)
{
	passphrase(NULL);
}

/* A store that cannot save: the status line of the scoring screen. */
static int
broken_save(struct ws *ws, const struct ws_proposal *p, void *arg,
    struct sh_err *err)
{
	const char *dir = arg;
	char path[4096];

	snprintf(path, sizeof(path), "%s/gone/drafts", dir);
	return sh_write_file_atomic(path, "x", 1, 0600, err);
}

static void
status_line(const char *lang)
{
	char		*dir = tu_tmpdir(lang != NULL ? "st-ja" : "st-c");
	struct app	 app = { 0 };
	struct ui	*ui;
	char		 row[1024], want[4096];

	su_language(lang);
	app.ws = tw_load("kakine-2024", "R2026");
	assert_int_equal(ws_declare(app.ws, &app.ws->props[0], 0,
	    WS_CONFLICT_REVIEW, NULL), 0);
	app.ws->save = broken_save;
	app.ws->save_arg = dir;
	ui = ui_new_test(&app, 24, 200);
	assert_int_equal(ui_push(ui, &view_overview_ops, NULL), 0);
	ui_test_keys(ui, "<Enter>4");
	ui_run(ui);
	ui_dump_row(ui, 23, row, sizeof(row));
	/* The cause is libc's (strerror), in the locale's language. */
	snprintf(want, sizeof(want), lang != NULL ?
	    "%s/gone/drafts: 作成できません: " : "%s/gone/drafts: cannot "
	    "create: No such file or directory", dir);
	if (strncmp(row, want, strlen(want)) != 0)
		fail_msg("status line: %s", row);
	/* Nothing was kept. */
	assert_false(app.ws->props[0].entries[0].set);
	ui_free(ui);
	ws_free(app.ws);
	free(dir);
	su_language(NULL);
}

static void
status_line_japanese(void **state)
{
	status_line("ja");
}

static void
status_line_english(void **state)
{
	status_line(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keys_record_and_render),
		cmocka_unit_test(every_rule_message_in_japanese),
		cmocka_unit_test(rule_violations_japanese),
		cmocka_unit_test(rule_violations_english),
		cmocka_unit_test(conflict_screen_japanese),
		cmocka_unit_test(session_messages_japanese),
		cmocka_unit_test(session_messages_english),
		cmocka_unit_test(passphrase_japanese),
		cmocka_unit_test(passphrase_english),
		cmocka_unit_test(status_line_japanese),
		cmocka_unit_test(status_line_english),
	};

	if (sodium_init() < 0)
		return 1;
	setlocale(LC_ALL, "C.UTF-8");
	unsetenv("LANGUAGE");
	sh_i18n_bind(SHINSA_BUILD_LOCALEDIR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
