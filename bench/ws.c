/*
 * ws: the workstation's work for the callgrind benchmark (bench/ws.sh).
 *
 *	ws startup P [D]
 *			open a sealed P-proposal kakine package, build the
 *			workstation and draw its first screen; with D, each
 *			proposal carries D documents (small PDFs) in the
 *			package, so a package of many documents is measured
 *	ws keys P K	K scoring keystrokes on the scoring screen of the
 *			first proposal of a P-proposal package
 *	ws floor P	the package's raw cost: X25519, the HKDFs and the
 *			ChaCha20-Poly1305 over its bytes, BLAKE2b and two
 *			Ed25519 verifies (core's age and minisign with
 *			nothing else: sh_age_decrypt and sh_minisign_verify)
 *
 * Only the functions named measure_*() are counted (ws.sh runs valgrind
 * with --collect-atstart=no --toggle-collect=measure_*): making keys and
 * the package, and everything before the measured step, is not.
 *
 * The screens run in the workstation's test mode (ui_new_test: a curses
 * "dumb" terminal of 24x80 writing to /dev/null, keys from a script), as
 * in tests/unit/test_screen_*.c. Start-up is what `shinsa` with no command
 * does once the package has been opened the first time (`shinsa open`,
 * untimed here, pins the key and keeps the package; every proposal then
 * gets a draft, so that start-up has one per proposal to load): open the
 * workstation store with the reviewer's key (session_unlock_key; the key
 * is in memory, so no passphrase and no scrypt), session_open_round()
 * (decrypt the kept package, verify it against the pinned key, parse and
 * check it, load the drafts), the overview's first draw. Keystrokes save
 * through the store's save hook (wstore_save: one sealed row, one
 * transaction, synchronous=FULL), as in the program; callgrind counts
 * the instructions, not the time the fsync takes.
 *
 * The store lives in $BENCH_WS_HOME, which must not exist yet (ws.sh
 * makes a fresh one for every run).
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "app.h"
#include "base/buf.h"
#include "crypto/age.h"
#include "crypto/agekey.h"
#include "crypto/minisign.h"
#include "crypto/sha256.h"
#include "format/package.h"
#include "format/seal.h"
#include "format/tar.h"
#include "model.h"
#include "review/rubric.h"
#include "session.h"
#include "ui.h"
#include "views.h"

#ifndef BENCH_RUBRIC
#error "BENCH_RUBRIC names data/rubrics/kakine-2024.json"
#endif

struct fixture {
	struct sh_minisign_sk	*sec, *rev;
	struct sh_age_identity	*id;
	char			 rev_rcpt[SH_AGE_RECIPIENT_SIZE + 1];
	struct sh_buf		 rubric;	/* file bytes */
	struct sh_buf		 sealed;	/* the package */
};

static void __attribute__((noreturn))
die(const char *what, const struct sh_err *e)
{
	fprintf(stderr, "bench-ws: %s%s%s\n", what, e ? ": " : "",
	    e ? e->msg : "");
	exit(1);
}

/*
 * A P-proposal kakine package for r01, sealed, with nd documents per
 * proposal: a few hundred bytes each, so that what grows is their number
 * (a lookup per document by name), not the bytes to decrypt and hash.
 */
static void
fixture(struct fixture *f, size_t np, size_t nd)
{
	struct sh_package	 pkg;
	struct sh_rubric	*rub = NULL;
	struct sh_tar		 docs;
	struct sh_err		 e;
	char			 sec_rcpt[SH_AGE_RECIPIENT_SIZE + 1];
	char			 sec_pk[SH_MINISIGN_PK_B64_LEN + 1];
	char			 id[16], title[256], pref[3];
	char			 path[64], pdf[512], hex[65];
	unsigned char		 h[SH_SHA256_BYTES];
	size_t			 i, j, len;

	memset(f, 0, sizeof *f);
	if ((f->sec = sh_minisign_keygen("secretariat", &e)) == NULL ||
	    (f->rev = sh_minisign_keygen("r01", &e)) == NULL ||
	    sh_age_recipient_from_ed25519_pk(f->sec->pub.pk, sec_rcpt,
	    sizeof sec_rcpt, &e) == -1 ||
	    sh_age_recipient_from_ed25519_pk(f->rev->pub.pk, f->rev_rcpt,
	    sizeof f->rev_rcpt, &e) == -1)
		die("keys", &e);
	sh_minisign_pk_base64(&f->sec->pub, sec_pk);
	if ((f->id = sodium_malloc(sizeof *f->id)) == NULL ||
	    sh_age_x25519_from_ed25519_sk(f->rev->sk, f->id->sk, &e) == -1)
		die("identity", &e);
	sh_buf_init(&f->rubric, false);
	if (sh_read_file(BENCH_RUBRIC, 1u << 20, &f->rubric, &e) == -1 ||
	    (rub = sh_rubric_load_buf(f->rubric.data, f->rubric.len,
	    BENCH_RUBRIC, &e)) == NULL)
		die(BENCH_RUBRIC, &e);

	sh_package_init(&pkg);
	if (sh_package_set(&pkg.round_id, "R2024-kakine-bench") != 0 ||
	    sh_package_set(&pkg.round_title, "令和6年度 書面審査") != 0 ||
	    sh_package_set(&pkg.secretariat_key, sec_pk) != 0 ||
	    sh_package_set(&pkg.secretariat_recipient, sec_rcpt) != 0 ||
	    sh_package_set(&pkg.rubric_id, rub->id) != 0 ||
	    sh_package_set(&pkg.reviewer_id, "r01") != 0 ||
	    sh_package_set(&pkg.reviewer_name, "山田 花子") != 0 ||
	    sh_package_set(&pkg.reviewer_recipient, f->rev_rcpt) != 0 ||
	    sh_package_set(&pkg.issued, "2024-06-28T09:00:00Z") != 0)
		die("out of memory", NULL);
	memcpy(pkg.rubric_sha256, rub->hash_hex, sizeof pkg.rubric_sha256);
	/*
	 * Plain memory: the fixture's documents are not secret, and a guarded
	 * mapping per document would exhaust valgrind's segment table.
	 */
	sh_tar_init(&docs, false);
	for (i = 0; i < np; i++) {
		struct sh_package_proposal *pp;

		snprintf(id, sizeof id, "K%04zu", i + 1);
		snprintf(title, sizeof title, "中山間地域の小規模校をつなぐ"
		    "遠隔授業ネットワークの構築 第%zu号", i + 1);
		snprintf(pref, sizeof pref, "%02zu", i % 47 + 1);
		if ((pp = sh_package_add_proposal(&pkg, id)) == NULL ||
		    sh_package_set(&pp->title, title) != 0 ||
		    sh_package_set(&pp->applicant, "北海道教育委員会") != 0 ||
		    sh_package_set(&pp->variant, "kakine") != 0 ||
		    sh_package_set(&pp->prefecture, pref) != 0)
			die("out of memory", NULL);
		if (i % 3 == 0 && sh_facts_add_cert(&pp->facts, "eruboshi-2",
		    &e) != 0)
			die("facts", &e);
		for (j = 0; j < nd; j++) {
			snprintf(path, sizeof path, "docs/%s/%zu.pdf", id,
			    j + 1);
			len = (size_t)snprintf(pdf, sizeof pdf, "%%PDF-1.4\n"
			    "%% %s document %zu\n%%%%EOF\n", id, j + 1);
			sh_sha256(pdf, len, h);
			sodium_bin2hex(hex, sizeof hex, h, sizeof h);
			if (sh_package_add_doc(pp, path, path, len, hex) ==
			    NULL || sh_tar_add(&docs, path, pdf, len, &e) != 0)
				die("documents", &e);
		}
	}
	sh_buf_init(&f->sealed, false);
	if (sh_seal_package(&pkg, f->rubric.data, f->rubric.len, &docs,
	    f->sec, &f->sealed, &e) == -1)
		die("seal", &e);
	sh_tar_free(&docs);
	sh_package_free(&pkg);
	sh_rubric_free(rub);
}

static void
fixture_free(struct fixture *f)
{
	sh_minisign_sk_free(f->sec);
	sh_minisign_sk_free(f->rev);
	sodium_free(f->id);
	sh_buf_free(&f->rubric);
	sh_buf_free(&f->sealed);
}

/* A copy of the reviewer's key: the session takes ownership of one. */
static struct sh_minisign_sk *
key_copy(const struct sh_minisign_sk *sk)
{
	struct sh_minisign_sk	*c;
	struct sh_buf		 b;
	struct sh_err		 e;

	sh_buf_init(&b, true);
	if (sh_minisign_sk_format(sk, NULL, 0, NULL, &b, &e) == -1 ||
	    (c = sh_minisign_sk_parse((const char *)b.data, b.len, NULL, 0,
	    &e)) == NULL)
		die("key copy", &e);
	sh_buf_free(&b);
	return c;
}

static bool
pin_yes(const char *fpr, const char *round, void *arg)
{
	return true;
}

/*
 * `shinsa open FILE`: pins the key, keeps the package; with drafts,
 * every proposal then declared free of conflicts, so that each has a
 * draft in the store for start-up to load (a reviewer part way
 * through). Not measured.
 */
static void
first_open(const struct fixture *f, const char *home, bool drafts)
{
	struct session	s;
	struct sh_err	e;
	size_t		i;

	session_init(&s);
	if (session_unlock_key(&s, key_copy(f->rev), home, &e) != 0 ||
	    session_open_bytes(&s, f->sealed.data, f->sealed.len, pin_yes,
	    NULL, &e) != 0)
		die("first open", &e);
	for (i = 0; drafts && i < s.ws->nprops; i++)
		if (ws_declare(s.ws, &s.ws->props[i], 0, WS_CONFLICT_REVIEW,
		    &e) != 0)
			die("draft", &e);
	session_free(&s);
}

/* `shinsa`: unlock, open the round kept in the store. */
static void
open_session(const struct fixture *f, struct session *s, const char *home)
{
	struct sh_err e;

	session_init(s);
	if (session_unlock_key(s, key_copy(f->rev), home, &e) != 0 ||
	    session_open_round(s, NULL, &e) != 0)
		die("open round", &e);
}

__attribute__((noinline)) static struct ui *
measure_startup(const struct fixture *f, struct session *s,
    const char *home, struct app *app)
{
	struct ui *ui;

	open_session(f, s, home);
	app->ws = s->ws;
	ui = ui_new_test(app, 24, 80);
	if (ui_push(ui, &view_overview_ops, NULL) != 0)
		die("overview", NULL);
	ui_run(ui);
	return ui;
}

__attribute__((noinline)) static void
measure_keys(struct ui *ui, const char *keys)
{
	ui_test_keys(ui, keys);
	ui_run(ui);
}

/*
 * The raw cost of the package: decrypt (age, all of it) and the two
 * verifies over the signed bytes, with no parsing of JSON, no rubric
 * load and no checks.
 */
__attribute__((noinline)) static void
measure_floor(const struct fixture *f, const struct sh_buf *json,
    const struct sh_buf *sig)
{
	struct sh_buf		pt;
	struct sh_err		e;
	struct sh_minisign_verified v;

	sh_buf_init(&pt, true);
	if (sh_age_decrypt(f->id, 1, f->sealed.data, f->sealed.len,
	    SH_PACKAGE_MAX_BYTES, &pt, &e) == -1 ||
	    sh_minisign_verify(&f->sec->pub, 1, json->data, json->len,
	    (const char *)sig->data, sig->len, &v, &e) == -1)
		die("floor", &e);
	sh_buf_free(&pt);
}

/* Keys for `cycles` passes over the first proposal's items, K digits. */
static char *
score_keys(struct ws *ws, size_t k)
{
	struct ws_proposal	*p = &ws->props[0];
	char			*s;
	size_t			 n = 0, i, done = 0, cycle = 0;

	if ((s = malloc(2 * k + 64)) == NULL)
		die("out of memory", NULL);
	while (done < k) {
		for (i = 0; i < ws_nitems(p) && done < k; i++) {
			const struct sh_item *it = ws_item(p, i);

			if (it->kind == SH_ITEM_JUDGED)
				s[n++] = cycle % 2 ? '3' : '4';
			else if (it->kind == SH_ITEM_BONUS)
				s[n++] = cycle % 2 ? '3' : '0';
			else
				continue;
			done++;
		}
		s[n++] = 'g';	/* back to the first item */
		cycle++;
	}
	s[n] = '\0';
	return s;
}

int
main(int argc, char **argv)
{
	struct fixture	 f;
	struct app	 app;
	struct session	 s;
	struct ui	*ui;
	size_t		 np, nd = 0, k = 0;
	char		*keys;
	const char	*home = getenv("BENCH_WS_HOME");

	if (argc < 3 || (strcmp(argv[1], "keys") == 0 && argc != 4) ||
	    (strcmp(argv[1], "keys") != 0 && argc > 4)) {
		fprintf(stderr, "usage: bench-ws startup|floor P [D] | "
		    "bench-ws keys P K\n");
		return 2;
	}
	setlocale(LC_ALL, "");
	if (sodium_init() < 0)
		die("sodium_init", NULL);
	np = strtoul(argv[2], NULL, 10);
	if (np == 0 || np > 10000)
		die("P must be 1..10000", NULL);
	if (strcmp(argv[1], "keys") != 0 && argc == 4 &&
	    ((nd = strtoul(argv[3], NULL, 10)) == 0 || nd > 4))
		die("D must be 1..4", NULL);
	if (home == NULL || home[0] == '\0')
		die("set BENCH_WS_HOME to a directory that does not exist yet",
		    NULL);
	fixture(&f, np, nd);
	memset(&app, 0, sizeof app);
	if (strcmp(argv[1], "floor") != 0)
		first_open(&f, home, strcmp(argv[1], "startup") == 0);
	if (strcmp(argv[1], "floor") == 0) {
		struct sh_buf			 pt;
		struct sh_tar			 t;
		struct sh_err			 e;
		const struct sh_tar_member	*mj, *ms;

		sh_buf_init(&pt, true);
		sh_tar_init(&t, true);
		if (sh_age_decrypt(f.id, 1, f.sealed.data, f.sealed.len,
		    SH_PACKAGE_MAX_BYTES, &pt, &e) == -1 ||
		    sh_tar_read(pt.data, pt.len, NULL, &t, &e) == -1)
			die("package", &e);
		if ((mj = sh_tar_find(&t, "package.json")) == NULL ||
		    (ms = sh_tar_find(&t, "package.json.minisig")) == NULL)
			die("package members", NULL);
		printf("package: %zu bytes sealed, package.json %zu bytes\n",
		    f.sealed.len, mj->data.len);
		measure_floor(&f, &mj->data, &ms->data);
		sh_tar_free(&t);
		sh_buf_free(&pt);
	} else if (strcmp(argv[1], "startup") == 0) {
		ui = measure_startup(&f, &s, home, &app);
		ui_free(ui);
		session_free(&s);
	} else if (strcmp(argv[1], "keys") == 0) {
		k = strtoul(argv[3], NULL, 10);
		open_session(&f, &s, home);
		app.ws = s.ws;
		ui = ui_new_test(&app, 24, 80);
		if (ui_push(ui, &view_overview_ops, NULL) != 0)
			die("overview", NULL);
		/* Declare no conflict on the first proposal: scoring opens. */
		ui_test_keys(ui, "<Enter>n");
		ui_run(ui);
		keys = score_keys(app.ws, k);
		measure_keys(ui, keys);
		free(keys);
		if (app.ws->props[0].entries[0].set != true)
			die("the keys scored nothing", NULL);
		ui_free(ui);
		session_free(&s);
	} else
		die("unknown mode", NULL);
	fixture_free(&f);
	return 0;
}
