/*
 * Helpers shared by the workstation's in-process tests (included after
 * testutil.h and testing.h): the language of the messages, what the
 * screen shows, and a reviewer's key and sealed package.
 */
#ifndef SHINSA_SCREENUTIL_H
#define SHINSA_SCREENUTIL_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "crypto/agekey.h"
#include "crypto/minisign.h"
#include "format/seal.h"
#include "i18n.h"
#include "ui.h"

/* "ja" or NULL (the C locale's English). */
static inline void
su_language(const char *lang)
{
	if (lang != NULL)
		setenv("LANGUAGE", lang, 1);
	else
		unsetenv("LANGUAGE");
	textdomain("shinsa");
}

static inline void
su_screen_has(struct ui *ui, const char *s)
{
	char	*d = ui_dump(ui);
	bool	 ok = strstr(d, s) != NULL;

	/* Freed before fail(), which gcc does not know never returns. */
	if (!ok)
		fprintf(stderr, "screen lacks \"%s\":\n%s\n", s, d);
	free(d);
	if (!ok)
		fail();
}

static inline void
su_row_is(struct ui *ui, int row, const char *want)
{
	char buf[1024];

	ui_dump_row(ui, row, buf, sizeof(buf));
	if (strcmp(buf, want) != 0) {
		char *d = ui_dump(ui);

		fprintf(stderr, "row %d:\n  got  \"%s\"\n  want \"%s\"\n%s\n",
		    row, buf, want, d);
		free(d);
		fail();
	}
}

/* A copy of a key, for a session to own. */
static inline struct sh_minisign_sk *
su_copy_sk(const struct sh_minisign_sk *sk)
{
	struct sh_buf		 b;
	struct sh_err		 err;
	struct sh_minisign_sk	*c;

	sh_buf_init(&b, true);
	assert_int_equal(sh_minisign_sk_format(sk, NULL, 0, NULL, &b, &err),
	    0);
	c = sh_minisign_sk_parse((char *)b.data, b.len, NULL, 0, &err);
	assert_non_null(c);
	sh_buf_free(&b);
	return c;
}

/* A sealed kakine package for r01, signed by `signer` and naming it. */
static inline void
su_sealed_package(const struct sh_minisign_sk *signer, struct sh_buf *out)
{
	struct sh_rubric	*r = tw_rubric("kakine-2024");
	struct sh_package	 pkg;
	struct sh_tar		 docs;
	struct sh_err		 err;
	char			*path, *bytes, b64[SH_MINISIGN_PK_B64_LEN + 1];
	char			 rcpt[SH_AGE_RECIPIENT_SIZE + 1];
	size_t			 len;

	tw_package(&pkg, r, "R2026");
	sh_minisign_pk_base64(&signer->pub, b64);
	assert_int_equal(sh_age_recipient_from_ed25519_pk(signer->pub.pk,
	    rcpt, sizeof(rcpt), &err), 0);
	sh_package_set(&pkg.secretariat_key, b64);
	sh_package_set(&pkg.secretariat_recipient, rcpt);
	path = tu_src("data/rubrics/kakine-2024.json");
	bytes = tu_slurp(path, &len);
	sh_tar_init(&docs, true);
	sh_buf_init(out, false);
	if (sh_seal_package(&pkg, bytes, len, &docs, signer, out, &err) != 0)
		fail_msg("seal: %s", err.msg);
	sh_tar_free(&docs);
	sh_package_free(&pkg);
	sh_rubric_free(r);
	free(bytes);
	free(path);
}

/* Every reviewer item of a proposal at `score` (bonus 0), declared
 * without conflict. */
static inline void
su_score_all(struct ws *ws, size_t prop, int score)
{
	struct ws_proposal	*p = &ws->props[prop];
	struct sh_err		 err;
	size_t			 i;

	assert_int_equal(ws_declare(ws, p, 0, WS_CONFLICT_REVIEW, &err), 0);
	for (i = 0; i < ws_nitems(p); i++) {
		const struct sh_item *it = ws_item(p, i);

		if (it->kind == SH_ITEM_JUDGED)
			assert_int_equal(ws_set_value(ws, p, i, score, &err),
			    0);
		else if (it->kind == SH_ITEM_BONUS)
			assert_int_equal(ws_set_value(ws, p, i, 0, &err), 0);
	}
}

#endif
