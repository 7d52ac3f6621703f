/*
 * reviewers add / reviewers import: registers reviewers with their
 * minisign public keys; each one's age recipient is derived from the key
 * (DESIGN.md section 4), so a package can only be opened by the holder
 * of the secret key whose signatures the round will accept. A registered
 * reviewer is never changed: registering one again is refused with what
 * differs (nothing, the key, the name) and what to do about it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/agekey.h"
#include "crypto/minisign.h"
#include "format/json_util.h"
#include "format/package.h"
#include "store/csv.h"
#include "merge.h"

struct reviewer_keys {
	char	b64[SH_MINISIGN_PK_B64_LEN + 1];
	char	rcpt[SH_AGE_RECIPIENT_SIZE];
};

static int
derive(const struct sh_minisign_pk *pk, struct reviewer_keys *k,
    struct sh_err *e)
{
	sh_minisign_pk_base64(pk, k->b64);
	return sh_age_recipient_from_ed25519_pk(pk->pk, k->rcpt,
	    sizeof k->rcpt, e);
}

/* The field of a new reviewer that a refusal is about. */
enum clash_field { CLASH_ID, CLASH_NAME, CLASH_KEY };

/* The fingerprint of a base64 key line, as shinsa-keys show prints it. */
static const char *
fingerprint(const char *b64, char out[SH_MINISIGN_FPR_LEN + 1])
{
	struct sh_minisign_pk pk;

	if (sh_minisign_pk_parse(b64, strlen(b64), &pk, NULL) == -1)
		snprintf(out, SH_MINISIGN_FPR_LEN + 1, "?");
	else
		sh_minisign_pk_fingerprint(&pk, out);
	return out;
}

/*
 * Can `v` join the registered reviewers? A registered reviewer is never
 * changed by registering again: packages were encrypted to their key and
 * sheets are verified against it, so a new key under the same id would
 * strand what was issued. -1 with what happened in e, the field it is
 * about in *field and what to do in *todo.
 */
static int
clash(const struct sh_reviewer_rec *v, const struct sh_reviewer_rec *reg,
    size_t nreg, enum clash_field *field, const char **todo,
    struct sh_err *e)
{
	char	fr[SH_MINISIGN_FPR_LEN + 1], fv[SH_MINISIGN_FPR_LEN + 1];
	size_t	i;

	for (i = 0; i < nreg; i++) {
		if (strcmp(reg[i].id, v->id) != 0)
			continue;
		if (strcmp(reg[i].public_key, v->public_key) != 0) {
			*field = CLASH_KEY;
			*todo = "A registered key is not replaced: packages "
			    "were encrypted to it and sheets are verified "
			    "against it. Check with the reviewer which key is "
			    "theirs (shinsa-keys show prints the fingerprint); "
			    "if it really is the new one, register it under a "
			    "new reviewer id and assign their proposals to "
			    "that id.";
			return sh_errf(e, "reviewer %s is already registered "
			    "with another public key (fingerprint %s, where "
			    "this key's is %s)", v->id,
			    fingerprint(reg[i].public_key, fr),
			    fingerprint(v->public_key, fv));
		}
		if (strcmp(reg[i].name, v->name) != 0) {
			*field = CLASH_NAME;
			*todo = "A registered reviewer is not changed: give the "
			    "registered name, or leave the reviewer out.";
			return sh_errf(e, "reviewer %s is already registered, "
			    "with this key but the name \"%s\"", v->id,
			    reg[i].name);
		}
		*field = CLASH_ID;
		*todo = "Register only the reviewers not registered yet "
		    "(shinsa-merge status lists those that are).";
		return sh_errf(e, "reviewer %s is already registered, with "
		    "this name and key", v->id);
	}
	for (i = 0; i < nreg; i++)
		if (strcmp(reg[i].public_key, v->public_key) == 0) {
			*field = CLASH_KEY;
			*todo = "Each reviewer signs with their own key: check "
			    "whose key this is.";
			return sh_errf(e, "the public key given for %s is "
			    "registered already, for reviewer %s", v->id,
			    reg[i].id);
		}
	return 0;
}

/* The round's registered reviewers; NULL/0 and a message on failure. */
static int
registered(struct sh_round *r, struct sh_reviewer_rec **vs, size_t *nv)
{
	struct sh_err e;

	if (sh_round_reviewers(r, vs, nv, &e) == -1)
		return merr("%s", e.msg);
	return 0;
}

static int
cmd_reviewers_add_exec(const struct cmd_entry *self, struct merge_opts *o,
    int argc, char **argv)
{
	struct sh_round		*r;
	struct sh_minisign_pk	 pk;
	struct sh_reviewer_rec	 rec, *vs = NULL;
	struct reviewer_keys	 k;
	struct sh_err		 e;
	enum clash_field	 field;
	const char		*todo;
	size_t			 nv = 0;
	int			 rc = EXIT_OK;

	if (!sh_round_id_valid(argv[0]))
		return merr("reviewer id \"%s\" is not [A-Za-z0-9._-]{1,64}",
		    argv[0]);
	if (argv[1][0] == '\0' || !sh_json_text_ok(argv[1],
	    SH_PACKAGE_MAX_TEXT, SH_TEXT_LINE))
		return merr("reviewer %s: the name is empty, has a control "
		    "character or a bidirectional override, or is too long",
		    argv[0]);
	if (sh_minisign_pk_read_file(argv[2], &pk, &e) == -1 ||
	    derive(&pk, &k, &e) == -1)
		return merr("%s", e.msg);
	if ((r = mopen_round(o)) == NULL)
		return EXIT_FAIL;
	rec.id = argv[0];
	rec.name = argv[1];
	rec.public_key = k.b64;
	rec.recipient = k.rcpt;
	if (registered(r, &vs, &nv) != 0)
		rc = EXIT_FAIL;
	else if (clash(&rec, vs, nv, &field, &todo, &e) == -1)
		rc = merr("%s; not added. %s", e.msg, todo);
	else if (sh_round_add_reviewers(r, &rec, 1, &e) == -1)
		rc = merr("%s", e.msg);
	else if (!o->quiet)
		printf("reviewer %s added, recipient %s\n", argv[0], k.rcpt);
	sh_reviewer_recs_free(vs, nv);
	sh_round_close(r);
	return rc;
}

const struct cmd_entry cmd_reviewers_add_entry = {
	.name = "reviewers add",
	.usage = "[--db FILE] ID NAME PUBKEYFILE",
	.help = "register a reviewer and their minisign public key",
	.options = ",db,quiet,",
	.minargs = 3,
	.maxargs = 3,
	.exec = cmd_reviewers_add_exec,
};

/* Row `row` (recs[row - 1]) against the rows above it in the file. */
static int
twice(const struct sh_csv *c, const struct sh_reviewer_rec *recs, size_t row,
    int ci, int ck, struct sh_err *e)
{
	const struct sh_reviewer_rec	*v = &recs[row - 1];
	size_t				 k;

	for (k = 1; k < row; k++) {
		if (strcmp(recs[k - 1].id, v->id) == 0)
			return sh_csv_errf(e, c, row, ci, "reviewer %s appears "
			    "twice (also line %zu)", v->id, c->rows[k].line);
		if (strcmp(recs[k - 1].public_key, v->public_key) == 0)
			return sh_csv_errf(e, c, row, ck, "the public key given "
			    "for %s is also given for %s (line %zu): each "
			    "reviewer signs with their own key", v->id,
			    recs[k - 1].id, c->rows[k].line);
	}
	return 0;
}

/*
 * Every row against the reviewers registered already. The import is all
 * or nothing, so the first clash refuses the file; when it is a reviewer
 * registered with the same name and key, the message counts how many
 * such rows there are, since a whole file imported twice is the usual
 * cause.
 */
static int
check_registered(const struct sh_csv *c, const struct sh_reviewer_rec *recs,
    const struct sh_reviewer_rec *vs, size_t nv, int ci, int cn, int ck,
    struct sh_err *e)
{
	enum clash_field	 field, f2;
	struct sh_err		 e2;
	const char		*todo, *todo2;
	char			 why[SH_ERR_MAX];
	size_t			 i, k, same = 0, n = c->nrows - 1;
	const int		 col[] = { ci, cn, ck };

	for (i = 0; i < n; i++)
		if (clash(&recs[i], vs, nv, &field, &todo, e) == -1)
			break;
	if (i == n)
		return 0;
	if (field == CLASH_ID)
		for (k = 0; k < n; k++)
			if (clash(&recs[k], vs, nv, &f2, &todo2, &e2) == -1 &&
			    f2 == CLASH_ID)
				same++;
	memcpy(why, e->msg, sizeof why);
	if (field == CLASH_ID && same > 1)
		return sh_csv_errf(e, c, i + 1, col[field], "%s; nothing was "
		    "imported (%zu of the %zu reviewers in this file are "
		    "registered already). %s", why, same, n, todo);
	return sh_csv_errf(e, c, i + 1, col[field], "%s; nothing was "
	    "imported. %s", why, todo);
}

static int
cmd_reviewers_import_exec(const struct cmd_entry *self, struct merge_opts *o,
    int argc, char **argv)
{
	struct sh_round		*r = NULL;
	struct sh_csv		 c;
	struct sh_reviewer_rec	*recs = NULL, *vs = NULL;
	struct reviewer_keys	*keys = NULL;
	struct sh_minisign_pk	 pk;
	struct sh_err		 e;
	int			 ci, cn, ck, rc = EXIT_FAIL;
	size_t			 i, nv = 0;
	static const char *const columns[] = { "id", "name", "public_key",
	    NULL };

	if (mread_csv(argv[0], &c) != 0)
		return EXIT_FAIL;
	if (sh_csv_check_header(&c, columns, NULL, NULL, NULL, &e) == -1) {
		merr("%s", e.msg);
		goto out;
	}
	if ((ci = sh_csv_column(&c, "id")) == -1 ||
	    (cn = sh_csv_column(&c, "name")) == -1 ||
	    (ck = sh_csv_column(&c, "public_key")) == -1) {
		sh_csv_errf(&e, &c, 0, -1, "columns id, name and public_key "
		    "are required");
		merr("%s", e.msg);
		goto out;
	}
	recs = calloc(c.nrows, sizeof *recs);
	keys = calloc(c.nrows, sizeof *keys);
	if (recs == NULL || keys == NULL) {
		merr("out of memory");
		goto out;
	}
	for (i = 1; i < c.nrows; i++) {
		char **f = c.rows[i].fields;

		if (!sh_round_id_valid(f[ci])) {
			sh_csv_errf(&e, &c, i, ci, "id \"%s\" is not "
			    "[A-Za-z0-9._-]{1,64}", f[ci]);
			goto bad;
		}
		if (f[cn][0] == '\0' || !sh_json_text_ok(f[cn],
		    SH_PACKAGE_MAX_TEXT, SH_TEXT_LINE)) {
			sh_csv_errf(&e, &c, i, cn, "the name is empty, has a "
			    "control character or a bidirectional override, or "
			    "is too long");
			goto bad;
		}
		if (sh_minisign_pk_parse(f[ck], strlen(f[ck]), &pk, &e) == -1 ||
		    derive(&pk, &keys[i], &e) == -1) {
			char why[SH_ERR_MAX];

			/* The message says "public key: ..." itself. */
			memcpy(why, e.msg, sizeof why);
			sh_csv_errf(&e, &c, i, ck, "%s", why);
			goto bad;
		}
		recs[i - 1].id = f[ci];
		recs[i - 1].name = f[cn];
		recs[i - 1].public_key = keys[i].b64;
		recs[i - 1].recipient = keys[i].rcpt;
		if (twice(&c, recs, i, ci, ck, &e) == -1)
			goto bad;
	}
	if ((r = mopen_round(o)) == NULL || registered(r, &vs, &nv) != 0)
		goto out;
	if (check_registered(&c, recs, vs, nv, ci, cn, ck, &e) == -1)
		goto bad;
	if (sh_round_add_reviewers(r, recs, c.nrows - 1, &e) == -1) {
		merr("%s: %s", argv[0], e.msg);
		goto out;
	}
	if (!o->quiet)
		printf("%zu reviewers imported\n", c.nrows - 1);
	rc = EXIT_OK;
	goto out;
bad:
	merr("%s", e.msg);
out:
	free(recs);
	free(keys);
	sh_reviewer_recs_free(vs, nv);
	sh_csv_free(&c);
	sh_round_close(r);
	return rc;
}

const struct cmd_entry cmd_reviewers_import_entry = {
	.name = "reviewers import",
	.usage = "[--db FILE] CSV",
	.help = "register reviewers from CSV (id, name, public_key)",
	.options = ",db,quiet,",
	.minargs = 1,
	.maxargs = 1,
	.exec = cmd_reviewers_import_exec,
};
