/*
 * mksheet: makes a sealed sheet from a package, for end-to-end tests of
 * shinsa-merge until the workstation's `shinsa submit` exists.
 *
 *	mksheet -k REVIEWER.key -p FILE.shinsa-package -o OUT [-r REV]
 *	    [-s P001=4,P002=5,*=3] [-d P003=g,P004=a,P005=g!]
 *	    [-b BONUS] [-c P001=TEXT,...] [-t P001=TEXT,...] [--as ID]
 *	    [--round ID]
 *	    [--no-comments] [--raw]
 *	    [--open-key KEY]
 *
 * Every judged item of a proposal gets the proposal's score (default 3),
 * with a comment where the rubric requires one; every bonus item gets the
 * largest allowed value not above -b (default 0). -c gives a
 * proposal's conditions (計画の修正等の条件; no commas), -t its (キ)
 * statement (文書で申し出; no commas). -d declares conflicts:
 * a–f withdraw; g reviews (the committee decides); g! withdraws. Sealing
 * goes through format/seal (which refuses a sheet breaking a rule);
 * --raw (implied by --no-comments, --as and --round) signs and encrypts
 * by hand so that a broken or forged sheet can be made for the
 * refusal tests. --open-key opens the package with another reviewer's key
 * (to forge a sheet for proposals the signer was not given).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "crypto/age.h"
#include "crypto/agekey.h"
#include "crypto/minisign.h"
#include "format/seal.h"
#include "format/sheet.h"
#include "format/tar.h"
#include "review/rubric.h"

static void
die(const char *what, const struct sh_err *e)
{
	fprintf(stderr, "mksheet: %s%s%s\n", what, e ? ": " : "",
	    e ? e->msg : "");
	exit(1);
}

/* The value for `id` in "A=x,B=y,*=z", or NULL. */
static const char *
lookup(const char *spec, const char *id, char *buf, size_t len)
{
	const char	*p = spec, *eq, *end;
	const char	*star = NULL;
	size_t		 n, sl = 0;

	if (spec == NULL)
		return NULL;
	while (*p != '\0') {
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		eq = memchr(p, '=', (size_t)(end - p));
		if (eq != NULL) {
			n = (size_t)(eq - p);
			if ((n == strlen(id) && strncmp(p, id, n) == 0)) {
				snprintf(buf, len, "%.*s", (int)(end - eq - 1),
				    eq + 1);
				return buf;
			}
			if (n == 1 && *p == '*') {
				star = eq + 1;
				sl = (size_t)(end - eq - 1);
			}
		}
		p = *end ? end + 1 : end;
	}
	if (star != NULL) {
		snprintf(buf, len, "%.*s", (int)sl, star);
		return buf;
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "as", required_argument, NULL, 'A' },
		{ "round", required_argument, NULL, 'R' },
		{ "no-comments", no_argument, NULL, 'N' },
		{ "raw", no_argument, NULL, 'W' },
		{ "open-key", required_argument, NULL, 'K' },
		{ NULL, 0, NULL, 0 }
	};
	const char		*key = NULL, *pkgpath = NULL, *outpath = NULL;
	const char		*scores = NULL, *decl = NULL, *as = NULL;
	const char		*conds = NULL, *stmts = NULL;
	char			 cbuf[512];
	const char		*round = NULL, *v, *openkey = NULL;
	struct sh_minisign_sk	*osk;
	long long		 rev = 1;
	int			 bonus = 0, ch, raw = 0, nocomments = 0;
	struct sh_minisign_sk	*sk;
	struct sh_age_identity	*id;
	struct sh_opened_package op;
	struct sh_package_expect x;
	struct sh_sheet		 s;
	struct sh_assignment	*as_list;
	struct sh_buf		 file, out;
	struct sh_err		 e;
	char			 rcpt[SH_AGE_RECIPIENT_SIZE], buf[64];
	size_t			 i, j, k;

	if (sodium_init() < 0)
		die("sodium_init", NULL);
	while ((ch = getopt_long(argc, argv, "k:p:o:r:s:d:b:c:t:", lo, NULL))
	    != -1) {
		switch (ch) {
		case 'k': key = optarg; break;
		case 'p': pkgpath = optarg; break;
		case 'o': outpath = optarg; break;
		case 'r': rev = atoll(optarg); break;
		case 's': scores = optarg; break;
		case 'd': decl = optarg; break;
		case 'b': bonus = atoi(optarg); break;
		case 'c': conds = optarg; break;
		case 't': stmts = optarg; break;
		case 'A': as = optarg; raw = 1; break;
		case 'R': round = optarg; raw = 1; break;
		case 'N': nocomments = raw = 1; break;
		case 'W': raw = 1; break;
		case 'K': openkey = optarg; raw = 1; break;
		default:
			die("bad usage", NULL);
		}
	}
	if (key == NULL || pkgpath == NULL || outpath == NULL)
		die("usage: mksheet -k KEY -p PACKAGE -o OUT [options]", NULL);
	if ((sk = sh_minisign_sk_read_file(key, NULL, 0, &e)) == NULL)
		die(key, &e);
	osk = sk;
	if (openkey != NULL && (osk = sh_minisign_sk_read_file(openkey, NULL,
	    0, &e)) == NULL)
		die(openkey, &e);
	id = sodium_malloc(sizeof *id);
	if (id == NULL || sh_age_x25519_from_ed25519_sk(osk->sk, id->sk,
	    &e) == -1 || sh_age_recipient_from_ed25519_pk(osk->pub.pk, rcpt,
	    sizeof rcpt, &e) == -1)
		die("key", &e);
	sh_buf_init(&file, false);
	if (sh_read_file(pkgpath, SH_PACKAGE_MAX_BYTES, &file, &e) == -1)
		die(pkgpath, &e);
	memset(&x, 0, sizeof x);
	x.recipient = rcpt;
	sh_opened_package_init(&op);
	if (sh_open_package(file.data, file.len, id, &x, &op, &e) == -1)
		die(pkgpath, &e);

	sh_sheet_init(&s);
	if (sh_sheet_set(&s, &s.round, round ? round : op.pkg.round_id) ||
	    sh_sheet_set(&s, &s.rubric_id, op.pkg.rubric_id) ||
	    sh_sheet_set(&s, &s.reviewer, as ? as : op.pkg.reviewer_id) ||
	    sh_sheet_set(&s, &s.secretariat_recipient,
	    op.pkg.secretariat_recipient) ||
	    sh_sheet_set(&s, &s.submitted, "2026-06-30T12:00:00Z"))
		die("out of memory", NULL);
	memcpy(s.rubric_sha256, op.pkg.rubric_sha256, 65);
	s.revision = rev;
	as_list = calloc(op.pkg.nproposals + 1, sizeof *as_list);
	for (i = 0; i < op.pkg.nproposals; i++) {
		const struct sh_package_proposal *pp = &op.pkg.proposals[i];
		const struct sh_variant *var = sh_rubric_variant(op.rubric,
		    pp->variant);
		struct sh_sheet_proposal *sp;
		int score = 3;

		as_list[i].proposal = pp->id;
		as_list[i].variant = pp->variant;
		if ((sp = sh_sheet_add_proposal(&s, pp->id, pp->variant)) ==
		    NULL)
			die("out of memory", NULL);
		if ((v = lookup(scores, pp->id, buf, sizeof buf)) != NULL)
			score = atoi(v);
		sp->action = SH_ACTION_REVIEW;
		if ((v = lookup(stmts, pp->id, cbuf, sizeof cbuf)) != NULL)
			sh_sheet_set(&s, &sp->statement, v);
		if ((v = lookup(decl, pp->id, buf, sizeof buf)) != NULL) {
			for (k = 0; v[k] >= 'a' && v[k] <= 'g'; k++)
				sp->declared |= 1u << (v[k] - 'a');
			if (sh_conflict_must_withdraw(sp->declared, NULL) ||
			    strchr(v, '!') != NULL) {
				sp->action = SH_ACTION_WITHDRAW;
				continue;
			}
		}
		for (j = 0; j < var->nitems; j++) {
			const struct sh_item *it = &var->items[j];
			struct sh_sheet_entry *en;

			if (it->kind != SH_ITEM_JUDGED &&
			    it->kind != SH_ITEM_BONUS)
				continue;
			if ((en = sh_sheet_add_entry(sp, it->id)) == NULL)
				die("out of memory", NULL);
			if (it->kind == SH_ITEM_JUDGED) {
				en->has_score = true;
				en->score = score;
				if (op.rubric->comment_required[score] &&
				    !nocomments)
					sh_sheet_set(&s, &en->comment,
					    "判断根拠：計画の具体性による。");
			} else {
				en->has_value = true;
				en->value = 0;
				for (k = 0; k < it->nvalues; k++)
					if (it->values[k] <= bonus)
						en->value = it->values[k];
			}
		}
		sh_sheet_set(&s, &sp->remarks, "総合所見：試験用の所見。");
		if ((v = lookup(conds, pp->id, cbuf, sizeof cbuf)) != NULL)
			sh_sheet_set(&s, &sp->conditions, v);
	}
	sh_buf_init(&out, false);
	if (!raw) {
		if (sh_seal_sheet(&s, op.rubric, as_list, op.pkg.nproposals,
		    sk, &out, &e) == -1)
			die("seal", &e);
	} else {
		struct sh_buf		 json, tcb, sig, tarb;
		struct sh_seal_tc	 tc;
		struct sh_tar		 t;
		struct sh_age_recipient	 r;
		unsigned char		 h[32];

		sh_buf_init(&json, true);
		sh_buf_init(&tcb, false);
		sh_buf_init(&sig, false);
		sh_buf_init(&tarb, true);
		if (sh_sheet_write(&s, &json, &e) == -1)
			die("sheet", &e);
		memset(&tc, 0, sizeof tc);
		snprintf(tc.kind, sizeof tc.kind, "sheet");
		snprintf(tc.round, sizeof tc.round, "%s", s.round);
		snprintf(tc.reviewer, sizeof tc.reviewer, "%s", s.reviewer);
		tc.revision = s.revision;
		snprintf(tc.recipient, sizeof tc.recipient, "%s",
		    s.secretariat_recipient);
		crypto_hash_sha256(h, json.data, json.len);
		sodium_bin2hex(tc.sha256, sizeof tc.sha256, h, sizeof h);
		sh_tar_init(&t, true);
		if (sh_seal_tc_format(&tc, &tcb, &e) == -1 ||
		    sh_minisign_sign(sk, json.data, json.len,
		    sh_buf_cstr(&tcb), NULL, &sig, &e) == -1 ||
		    sh_tar_add(&t, SH_SHEET_JSON_NAME, json.data, json.len,
		    &e) == -1 ||
		    sh_tar_add(&t, SH_SHEET_SIG_NAME, sig.data, sig.len,
		    &e) == -1 ||
		    sh_tar_write(&t, &tarb, &e) == -1 ||
		    sh_age_recipient_parse(s.secretariat_recipient, r.pk,
		    &e) == -1 ||
		    sh_age_encrypt(&r, 1, tarb.data, tarb.len, &out, &e) == -1)
			die("raw seal", &e);
		sh_tar_free(&t);
		sh_buf_free(&json);
		sh_buf_free(&tcb);
		sh_buf_free(&sig);
		sh_buf_free(&tarb);
	}
	if (sh_write_file_atomic(outpath, out.data, out.len, 0600, &e) == -1)
		die(outpath, &e);
	sh_buf_free(&out);
	sh_buf_free(&file);
	free(as_list);
	sh_sheet_free(&s);
	sh_opened_package_free(&op);
	sodium_free(id);
	if (osk != sk)
		sh_minisign_sk_free(osk);
	sh_minisign_sk_free(sk);
	return 0;
}
