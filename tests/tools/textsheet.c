/*
 * textsheet: makes a sealed sheet whose comments, remarks and conditions
 * are the text of a file, for the hostile-text tests
 * (tests/e2e/hostile_text.sh).
 *
 *	textsheet -k REVIEWER.key -p FILE.shinsa-package -o OUT -t TEXTFILE
 *	    [-r REV] [--raw]
 *
 * Every judged item of every proposal gets score 3 and the text as its
 * comment; every proposal gets it as remarks and conditions. Without
 * --raw the sheet is sealed by format/seal, which refuses text the
 * contract forbids (control characters, bidirectional overrides): then
 * textsheet exits 3 with the writer's reason. With --raw the JSON is
 * written with a placeholder, the placeholder replaced by the text
 * JSON-escaped (so "\u001b" stands in the document, as a hostile
 * writer would put it), signed with a matching trusted comment and
 * encrypted by hand: a sheet the writer would never make, for the
 * reader to refuse.
 */
#define _GNU_SOURCE
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

#define PLACEHOLDER	"TEXTSHEET-PLACEHOLDER"

static void
die(const char *what, const struct sh_err *e)
{
	fprintf(stderr, "textsheet: %s%s%s\n", what, e ? ": " : "",
	    e ? e->msg : "");
	exit(1);
}

/* The text as the inside of a JSON string: ", \ and controls escaped. */
static void
json_escape(struct sh_buf *out, const unsigned char *s, size_t len)
{
	char	 u[8];
	size_t	 i;

	for (i = 0; i < len; i++) {
		if (s[i] == '"' || s[i] == '\\') {
			u[0] = '\\';
			u[1] = (char)s[i];
			sh_buf_append(out, u, 2);
		} else if (s[i] == '\n')
			sh_buf_append(out, "\\n", 2);
		else if (s[i] == '\t')
			sh_buf_append(out, "\\t", 2);
		else if (s[i] == '\r')
			sh_buf_append(out, "\\r", 2);
		else if (s[i] < 0x20) {
			snprintf(u, sizeof u, "\\u%04x", s[i]);
			sh_buf_append(out, u, 6);
		} else
			sh_buf_append(out, &s[i], 1);
	}
}

/* json with every placeholder replaced by the escaped text. */
static void
substitute(const struct sh_buf *json, const struct sh_buf *text,
    struct sh_buf *out)
{
	const unsigned char	*p = json->data, *end = p + json->len, *q;
	size_t			 pl = strlen(PLACEHOLDER);

	while (p < end) {
		q = memmem(p, (size_t)(end - p), PLACEHOLDER, pl);
		if (q == NULL) {
			sh_buf_append(out, p, (size_t)(end - p));
			break;
		}
		sh_buf_append(out, p, (size_t)(q - p));
		json_escape(out, text->data, text->len);
		p = q + pl;
	}
}

int
main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "raw", no_argument, NULL, 'W' },
		{ NULL, 0, NULL, 0 }
	};
	const char		*key = NULL, *pkgpath = NULL, *outpath = NULL;
	const char		*textpath = NULL, *t;
	long long		 rev = 1;
	int			 ch, raw = 0;
	struct sh_minisign_sk	*sk;
	struct sh_age_identity	*id;
	struct sh_opened_package op;
	struct sh_package_expect x;
	struct sh_sheet		 s;
	struct sh_assignment	*as_list;
	struct sh_buf		 file, out, text;
	struct sh_err		 e;
	char			 rcpt[SH_AGE_RECIPIENT_SIZE], *ctext;
	size_t			 i, j;

	if (sodium_init() < 0)
		die("sodium_init", NULL);
	while ((ch = getopt_long(argc, argv, "k:p:o:r:t:", lo, NULL)) != -1) {
		switch (ch) {
		case 'k': key = optarg; break;
		case 'p': pkgpath = optarg; break;
		case 'o': outpath = optarg; break;
		case 'r': rev = atoll(optarg); break;
		case 't': textpath = optarg; break;
		case 'W': raw = 1; break;
		default:
			die("bad usage", NULL);
		}
	}
	if (key == NULL || pkgpath == NULL || outpath == NULL ||
	    textpath == NULL)
		die("usage: textsheet -k KEY -p PACKAGE -o OUT -t TEXT "
		    "[-r REV] [--raw]", NULL);
	if ((sk = sh_minisign_sk_read_file(key, NULL, 0, &e)) == NULL)
		die(key, &e);
	id = sodium_malloc(sizeof *id);
	if (id == NULL || sh_age_x25519_from_ed25519_sk(sk->sk, id->sk,
	    &e) == -1 || sh_age_recipient_from_ed25519_pk(sk->pub.pk, rcpt,
	    sizeof rcpt, &e) == -1)
		die("key", &e);
	sh_buf_init(&text, false);
	if (sh_read_file(textpath, 1u << 20, &text, &e) == -1)
		die(textpath, &e);
	if ((ctext = calloc(1, text.len + 1)) == NULL)
		die("out of memory", NULL);
	if (text.len > 0)
		memcpy(ctext, text.data, text.len);
	t = raw ? PLACEHOLDER : ctext;
	sh_buf_init(&file, false);
	if (sh_read_file(pkgpath, SH_PACKAGE_MAX_BYTES, &file, &e) == -1)
		die(pkgpath, &e);
	memset(&x, 0, sizeof x);
	x.recipient = rcpt;
	sh_opened_package_init(&op);
	if (sh_open_package(file.data, file.len, id, &x, &op, &e) == -1)
		die(pkgpath, &e);

	sh_sheet_init(&s);
	if (sh_sheet_set(&s, &s.round, op.pkg.round_id) ||
	    sh_sheet_set(&s, &s.rubric_id, op.pkg.rubric_id) ||
	    sh_sheet_set(&s, &s.reviewer, op.pkg.reviewer_id) ||
	    sh_sheet_set(&s, &s.secretariat_recipient,
	    op.pkg.secretariat_recipient) ||
	    sh_sheet_set(&s, &s.submitted, "2026-06-30T12:00:00Z"))
		die("out of memory", NULL);
	memcpy(s.rubric_sha256, op.pkg.rubric_sha256, 65);
	s.revision = rev;
	if ((as_list = calloc(op.pkg.nproposals + 1, sizeof *as_list)) == NULL)
		die("out of memory", NULL);
	for (i = 0; i < op.pkg.nproposals; i++) {
		const struct sh_package_proposal *pp = &op.pkg.proposals[i];
		const struct sh_variant *var = sh_rubric_variant(op.rubric,
		    pp->variant);
		struct sh_sheet_proposal *sp;

		as_list[i].proposal = pp->id;
		as_list[i].variant = pp->variant;
		if ((sp = sh_sheet_add_proposal(&s, pp->id, pp->variant)) ==
		    NULL)
			die("out of memory", NULL);
		sp->action = SH_ACTION_REVIEW;
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
				en->score = 3;
				sh_sheet_set(&s, &en->comment, t);
			} else {
				en->has_value = true;
				en->value = 0;	/* as mksheet: no bonus */
			}
		}
		sh_sheet_set(&s, &sp->remarks, t);
		sh_sheet_set(&s, &sp->conditions, t);
	}
	sh_buf_init(&out, false);
	if (!raw) {
		if (sh_seal_sheet(&s, op.rubric, as_list, op.pkg.nproposals,
		    sk, &out, &e) == -1) {
			fprintf(stderr, "textsheet: seal: %s\n", e.msg);
			exit(3);
		}
	} else {
		struct sh_buf		 json0, json, tcb, sig, tarb;
		struct sh_seal_tc	 tc;
		struct sh_tar		 tr;
		struct sh_age_recipient	 r;
		unsigned char		 h[32];

		sh_buf_init(&json0, true);
		sh_buf_init(&json, true);
		sh_buf_init(&tcb, false);
		sh_buf_init(&sig, false);
		sh_buf_init(&tarb, true);
		if (sh_sheet_write(&s, &json0, &e) == -1)
			die("sheet", &e);
		substitute(&json0, &text, &json);
		memset(&tc, 0, sizeof tc);
		snprintf(tc.kind, sizeof tc.kind, "sheet");
		snprintf(tc.round, sizeof tc.round, "%s", s.round);
		snprintf(tc.reviewer, sizeof tc.reviewer, "%s", s.reviewer);
		tc.revision = s.revision;
		snprintf(tc.recipient, sizeof tc.recipient, "%s",
		    s.secretariat_recipient);
		crypto_hash_sha256(h, json.data, json.len);
		sodium_bin2hex(tc.sha256, sizeof tc.sha256, h, sizeof h);
		sh_tar_init(&tr, true);
		if (sh_seal_tc_format(&tc, &tcb, &e) == -1 ||
		    sh_minisign_sign(sk, json.data, json.len,
		    sh_buf_cstr(&tcb), NULL, &sig, &e) == -1 ||
		    sh_tar_add(&tr, SH_SHEET_JSON_NAME, json.data, json.len,
		    &e) == -1 ||
		    sh_tar_add(&tr, SH_SHEET_SIG_NAME, sig.data, sig.len,
		    &e) == -1 ||
		    sh_tar_write(&tr, &tarb, &e) == -1 ||
		    sh_age_recipient_parse(s.secretariat_recipient, r.pk,
		    &e) == -1 ||
		    sh_age_encrypt(&r, 1, tarb.data, tarb.len, &out, &e) == -1)
			die("raw seal", &e);
		sh_tar_free(&tr);
		sh_buf_free(&json0);
		sh_buf_free(&json);
		sh_buf_free(&tcb);
		sh_buf_free(&sig);
		sh_buf_free(&tarb);
	}
	if (sh_write_file_atomic(outpath, out.data, out.len, 0600, &e) == -1)
		die(outpath, &e);
	sh_buf_free(&out);
	sh_buf_free(&file);
	sh_buf_free(&text);
	free(ctext);
	free(as_list);
	sh_sheet_free(&s);
	sh_opened_package_free(&op);
	sodium_free(id);
	sh_minisign_sk_free(sk);
	return 0;
}
