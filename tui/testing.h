/*
 * Fixtures for the workstation's tests (included by tests only): keys
 * for a secretariat and a reviewer, and a package for each scheme built
 * around the transcribed rubric, so that its hash matches.
 */
#ifndef SHINSA_TUI_TESTING_H
#define SHINSA_TUI_TESTING_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "crypto/agekey.h"
#include "crypto/minisign.h"
#include "format/package.h"
#include "review/rubric.h"
#include "model.h"

#ifndef SHINSA_SOURCE_DIR
#error "tests define SHINSA_SOURCE_DIR"
#endif

struct tw_keys {
	struct sh_minisign_sk	*secretariat;
	struct sh_minisign_sk	*reviewer;
	char			 sec_rcpt[SH_AGE_RECIPIENT_SIZE + 1];
	char			 rev_rcpt[SH_AGE_RECIPIENT_SIZE + 1];
	char			 sec_pk[SH_MINISIGN_PK_B64_LEN + 1];
};

static inline void
tw_die(const char *what, const struct sh_err *err)
{
	fprintf(stderr, "fixture: %s: %s\n", what, err->msg);
	abort();
}

/* Keys made once per test program (keygen is not free). */
static inline struct tw_keys *
tw_keys(void)
{
	static struct tw_keys	k;
	struct sh_err		err;

	if (k.secretariat != NULL)
		return &k;
	if ((k.secretariat = sh_minisign_keygen("secretariat", &err)) ==
	    NULL || (k.reviewer = sh_minisign_keygen("r01", &err)) == NULL)
		tw_die("keygen", &err);
	if (sh_age_recipient_from_ed25519_pk(k.secretariat->pub.pk,
	    k.sec_rcpt, sizeof(k.sec_rcpt), &err) != 0 ||
	    sh_age_recipient_from_ed25519_pk(k.reviewer->pub.pk, k.rev_rcpt,
	    sizeof(k.rev_rcpt), &err) != 0)
		tw_die("recipient", &err);
	sh_minisign_pk_base64(&k.secretariat->pub, k.sec_pk);
	return &k;
}

static inline void
tw_keys_free(void)
{
	struct tw_keys *k = tw_keys();

	sh_minisign_sk_free(k->secretariat);
	sh_minisign_sk_free(k->reviewer);
	k->secretariat = k->reviewer = NULL;
}

static inline void
tw_prop(struct sh_package *pkg, const char *id, const char *title,
    const char *applicant, const char *variant, const char *pref,
    double spc, double lan, const char *cert)
{
	struct sh_package_proposal	*pp;
	struct sh_err			 err;

	if ((pp = sh_package_add_proposal(pkg, id)) == NULL ||
	    sh_package_set(&pp->title, title) != 0 ||
	    sh_package_set(&pp->applicant, applicant) != 0 ||
	    sh_package_set(&pp->variant, variant) != 0 ||
	    sh_package_set(&pp->prefecture, pref) != 0)
		abort();
	if (spc >= 0 && (sh_facts_set(&pp->facts, "students_per_pc", spc,
	    &err) != 0 || sh_facts_set(&pp->facts, "lan_rate", lan,
	    &err) != 0))
		tw_die("facts", &err);
	if (cert != NULL && sh_facts_add_cert(&pp->facts, cert, &err) != 0)
		tw_die("cert", &err);
}

/* The package of `scheme` ("kakine-2024" or "chiiki-2020") for r01. */
static inline void
tw_package(struct sh_package *pkg, const struct sh_rubric *r,
    const char *round)
{
	struct tw_keys *k = tw_keys();

	sh_package_init(pkg);
	if (sh_package_set(&pkg->round_id, round) != 0 ||
	    sh_package_set(&pkg->round_title, "令和6年度 書面審査") != 0 ||
	    sh_package_set(&pkg->secretariat_key, k->sec_pk) != 0 ||
	    sh_package_set(&pkg->secretariat_recipient, k->sec_rcpt) != 0 ||
	    sh_package_set(&pkg->rubric_id, r->id) != 0 ||
	    sh_package_set(&pkg->reviewer_id, "r01") != 0 ||
	    sh_package_set(&pkg->reviewer_name, "山田 花子") != 0 ||
	    sh_package_set(&pkg->reviewer_recipient, k->rev_rcpt) != 0 ||
	    sh_package_set(&pkg->issued, "2026-06-28T09:00:00Z") != 0)
		abort();
	memcpy(pkg->rubric_sha256, r->hash_hex, sizeof(pkg->rubric_sha256));
	if (strcmp(r->id, "kakine-2024") == 0) {
		tw_prop(pkg, "K001", "中山間地域の小規模校をつなぐ遠隔授業"
		    "ネットワークの構築", "北海道教育委員会", "kakine", "01",
		    -1, -1, "eruboshi-2");
		sh_facts_add_cert(&pkg->proposals[0].facts, "kurumin-1", NULL);
		tw_prop(pkg, "K002", "島嶼部の高校における通信教育の充実",
		    "沖縄県教育委員会", "kakine", "47", -1, -1, NULL);
	} else {
		tw_prop(pkg, "C001", "地域と協働した探究学習による魅力ある"
		    "学校づくり", "島根県教育委員会", "chiiki-miryoku", "32",
		    1.5, 80, "eruboshi-3");
		tw_prop(pkg, "C002", "地元産業界と連携した専門人材育成",
		    "新潟県教育委員会", "pro-single", "15", 3, 40, NULL);
	}
}

static inline struct sh_rubric *
tw_rubric(const char *scheme)
{
	struct sh_err		 err;
	struct sh_rubric	*r;
	char			 path[4096];

	snprintf(path, sizeof(path), "%s/data/rubrics/%s.json",
	    SHINSA_SOURCE_DIR, scheme);
	if ((r = sh_rubric_load_file(path, &err)) == NULL)
		tw_die(path, &err);
	return r;
}

/* A workstation for rubric `scheme`; fails the test on error. */
static inline struct ws *
tw_load(const char *scheme, const char *round)
{
	struct sh_err		 err;
	struct sh_rubric	*r = tw_rubric(scheme);
	struct sh_package	 pkg;
	struct ws		*ws;

	tw_package(&pkg, r, round);
	if ((ws = ws_new(&pkg, r, &err)) == NULL)
		tw_die("ws_new", &err);
	return ws;
}

#endif
