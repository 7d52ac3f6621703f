/*
 * reviewers add / reviewers import: registers reviewers with their
 * minisign public keys; each one's age recipient is derived from the key
 * (DESIGN.md section 4), so a package can only be opened by the holder
 * of the secret key whose signatures the round will accept.
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

static int
cmd_reviewers_add_exec(const struct cmd_entry *self, struct merge_opts *o,
    int argc, char **argv)
{
	struct sh_round		*r;
	struct sh_minisign_pk	 pk;
	struct sh_reviewer_rec	 rec;
	struct reviewer_keys	 k;
	struct sh_err		 e;
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
	if (sh_round_add_reviewers(r, &rec, 1, &e) == -1)
		rc = merr("%s", e.msg);
	else if (!o->quiet)
		printf("reviewer %s added, recipient %s\n", argv[0], k.rcpt);
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

static int
cmd_reviewers_import_exec(const struct cmd_entry *self, struct merge_opts *o,
    int argc, char **argv)
{
	struct sh_round		*r = NULL;
	struct sh_csv		 c;
	struct sh_reviewer_rec	*recs = NULL;
	struct reviewer_keys	*keys = NULL;
	struct sh_minisign_pk	 pk;
	struct sh_err		 e;
	int			 ci, cn, ck, rc = EXIT_FAIL;
	size_t			 i;
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

			memcpy(why, e.msg, sizeof why);
			sh_csv_errf(&e, &c, i, ck, "public key: %s", why);
			goto bad;
		}
		recs[i - 1].id = f[ci];
		recs[i - 1].name = f[cn];
		recs[i - 1].public_key = keys[i].b64;
		recs[i - 1].recipient = keys[i].rcpt;
	}
	if ((r = mopen_round(o)) == NULL)
		goto out;
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
