/*
 * A reviewer's session end to end in process: open a sealed package
 * (decrypt, verify, pin on first use only when the person agrees),
 * refuse a package signed by another key later, keep drafts in the
 * store, and submit sealed sheets as revisions 1 and 2 that the
 * secretariat can open.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "testutil.h"
#include "crypto/agekey.h"
#include "format/seal.h"
#include "session.h"
#include "testing.h"
#include "screenutil.h"

static bool
say_no(const char *fpr, const char *round, void *arg)
{
	*(int *)arg += 1;
	return false;
}

static bool
say_yes(const char *fpr, const char *round, void *arg)
{
	*(int *)arg += 1;
	assert_int_equal(strlen(fpr), SH_MINISIGN_FPR_LEN);
	return true;
}

static void
start(struct session *s, const char *dir)
{
	struct sh_err err;

	session_init(s);
	if (session_unlock_key(s, su_copy_sk(tw_keys()->reviewer), dir,
	    &err) != 0)
		fail_msg("unlock: %s", err.msg);
}

static void
score_everything(struct ws *ws)
{
	struct sh_err	err;
	size_t		i, j;

	for (i = 0; i < ws->nprops; i++) {
		struct ws_proposal *p = &ws->props[i];

		assert_int_equal(ws_declare(ws, p, 0, WS_CONFLICT_REVIEW,
		    &err), 0);
		for (j = 0; j < ws_nitems(p); j++) {
			const struct sh_item *it = ws_item(p, j);

			if (it->kind == SH_ITEM_JUDGED)
				assert_int_equal(ws_set_value(ws, p, j, 3,
				    &err), 0);
			else if (it->kind == SH_ITEM_BONUS)
				assert_int_equal(ws_set_value(ws, p, j, 0,
				    &err), 0);
		}
	}
}

static void
open_pin_submit(void **state)
{
	char			*dir = tu_tmpdir("session");
	struct tw_keys		*k = tw_keys();
	struct session		 s;
	struct sh_buf		 pkg, other, file;
	struct sh_err		 err;
	struct sh_minisign_sk	*impostor;
	struct sh_age_identity	 sec_id;
	struct sh_sheet_expect	 x;
	struct sh_assignment	 as[2] = { { "K001", "kakine" },
				    { "K002", "kakine" } };
	struct sh_sheet		 sheet;
	char			*path;
	long long		 rev;
	int			 asked = 0;

	assert_int_equal(chmod(dir, 0700), 0);
	su_sealed_package(k->secretariat, &pkg);

	/* First use, the person says no: nothing is opened or pinned. */
	start(&s, dir);
	assert_int_equal(session_open_bytes(&s, pkg.data, pkg.len, say_no,
	    &asked, &err), -1);
	assert_int_equal(asked, 1);
	assert_non_null(strstr(err.msg, "was not pinned"));
	assert_null(s.ws);
	/* Yes: pinned, opened. */
	assert_int_equal(session_open_bytes(&s, pkg.data, pkg.len, say_yes,
	    &asked, &err), 0);
	assert_int_equal(asked, 2);
	assert_true(s.pinned_now);
	assert_string_equal(s.ws->round_id, "R2026");
	assert_int_equal(s.ws->nprops, 2);
	score_everything(s.ws);
	session_free(&s);

	/* Later: a package signed by another key is refused unasked. */
	impostor = sh_minisign_keygen("secretariat", &err);
	assert_non_null(impostor);
	su_sealed_package(impostor, &other);
	start(&s, dir);
	assert_int_equal(session_open_bytes(&s, other.data, other.len,
	    say_yes, &asked, &err), -1);
	assert_int_equal(asked, 2);
	assert_null(s.ws);
	/* The kept package reopens with the drafts. */
	assert_int_equal(session_open_round(&s, NULL, &err), 0);
	assert_int_equal(ws_problems(s.ws, NULL, 0), 0);

	/* Submit twice: revisions 1 and 2. */
	assert_int_equal(session_submit(&s, NULL, &path, &rev, &err), 0);
	assert_int_equal(rev, 1);
	assert_non_null(strstr(path, "/outbox/R2026-r01-r1.shinsa-sheet"));
	free(path);
	assert_int_equal(session_submit(&s, NULL, &path, &rev, &err), 0);
	assert_int_equal(rev, 2);

	/* The secretariat opens revision 2 and sees the scores. */
	assert_int_equal(sh_age_x25519_from_ed25519_sk(k->secretariat->sk,
	    sec_id.sk, &err), 0);
	memset(&x, 0, sizeof(x));
	x.round = "R2026";
	x.reviewer = "r01";
	x.reviewer_pk = &k->reviewer->pub;
	x.recipient = k->sec_rcpt;
	x.min_revision = 2;
	x.rubric = s.ws->rubric;
	x.assigned = as;
	x.nassigned = 2;
	sh_buf_init(&file, false);
	assert_int_equal(sh_read_file(path, 16 << 20, &file, &err), 0);
	sh_sheet_init(&sheet);
	if (sh_open_sheet(file.data, file.len, &sec_id, &x, &sheet, NULL,
	    NULL, &err) != 0)
		fail_msg("open sheet: %s", err.msg);
	assert_int_equal(sheet.revision, 2);
	assert_int_equal(sheet.nproposals, 2);
	assert_int_equal(sheet.proposals[0].entries[0].score, 3);
	sh_sheet_free(&sheet);
	sh_buf_free(&file);
	free(path);

	/* A blocked workstation does not submit. */
	assert_int_equal(ws_clear_value(s.ws, &s.ws->props[0], 0, &err), 0);
	assert_int_equal(session_submit(&s, NULL, &path, &rev, &err), -1);
	assert_non_null(strstr(err.msg, "1 problem blocks submission"));
	session_free(&s);
	sh_minisign_sk_free(impostor);
	sh_buf_free(&pkg);
	sh_buf_free(&other);
	sodium_memzero(&sec_id, sizeof(sec_id));
	free(dir);
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
		cmocka_unit_test(open_pin_submit),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, teardown);
}
