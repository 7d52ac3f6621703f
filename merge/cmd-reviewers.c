/*
 * reviewers add / reviewers import: registers reviewers with their
 * minisign public keys; each one's age recipient is derived from the key
 * (DESIGN.md section 4), so a package can only be opened by the holder
 * of the secret key whose signatures the round will accept. A registered
 * reviewer is never changed: registering one again is refused with what
 * differs (nothing, the key, the name) and what to do about it.
 *
 * An import checks every row against the registered reviewers and the
 * rows above it by sorting and searching, not pairwise: a national round
 * registers ten thousand reviewers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/minisign.h"
#include "format/json_util.h"
#include "format/package.h"
#include "store/csv.h"
#include "merge.h"
#include "reviewers_rows.h"

/*
 * The registry a new reviewer is checked against: the round's reviewers
 * and its own key (info, which the caller frees). A message on failure.
 */
static int
registry(struct sh_round *r, struct sh_round_info *info,
    struct sh_reviewer_rec **vs, size_t *nv, struct mi_registry *g)
{
	struct sh_err e;

	if (sh_round_get_info(r, info, &e) == -1 ||
	    sh_round_reviewers(r, vs, nv, &e) == -1)
		return merr("%s", sh_errstr(&e));
	if (mi_registry_init(g, *vs, *nv) != 0)
		return merr(_("out of memory"));
	g->secretariat_key = info->secretariat_key;
	return 0;
}

static int
cmd_reviewers_add_exec(const struct cmd_entry *self, struct merge_opts *o,
    int argc, char **argv)
{
	struct sh_round		*r;
	struct sh_minisign_pk	 pk;
	struct sh_reviewer_rec	 rec, *vs = NULL;
	struct sh_round_info	 info;
	struct mi_registry	 g;
	struct mi_reviewer_keys	 k;
	struct sh_err		 e;
	enum mi_clash_field	 field;
	const char		*todo;
	size_t			 nv = 0;
	int			 rc = EXIT_OK;

	if (!sh_round_id_valid(argv[0]))
		return merr(_("reviewer id \"%s\" is not [A-Za-z0-9._-]{1,64}"),
		    argv[0]);
	if (argv[1][0] == '\0' || !sh_json_text_ok(argv[1],
	    SH_PACKAGE_MAX_TEXT, SH_TEXT_LINE))
		return merr(_("reviewer %s: the name is empty, has a control "
		    "character or a bidirectional override, or is too long"),
		    argv[0]);
	if (sh_minisign_pk_read_file(argv[2], &pk, &e) == -1 ||
	    mi_reviewer_derive(&pk, &k, &e) == -1)
		return merr("%s", sh_errstr(&e));
	if ((r = mopen_round(o)) == NULL)
		return EXIT_FAIL;
	rec.id = argv[0];
	rec.name = argv[1];
	rec.public_key = k.b64;
	rec.recipient = k.rcpt;
	memset(&g, 0, sizeof g);
	memset(&info, 0, sizeof info);
	if (registry(r, &info, &vs, &nv, &g) != 0)
		rc = EXIT_FAIL;
	else if (mi_clash(&rec, &g, &field, &todo, &e) == -1)
		rc = merr(_("%s; not added. %s"), sh_errstr(&e), todo);
	else if (sh_round_add_reviewers(r, &rec, 1, &e) == -1)
		rc = merr("%s", sh_errstr(&e));
	else if (!o->quiet)
		printf(_("reviewer %s added, recipient %s\n"), argv[0], k.rcpt);
	mi_registry_free(&g);
	sh_reviewer_recs_free(vs, nv);
	sh_round_info_free(&info);
	sh_round_close(r);
	return rc;
}

const struct cmd_entry cmd_reviewers_add_entry = {
	.name = "reviewers add",
	.usage = N_("[--db FILE] ID NAME PUBKEYFILE"),
	.help = N_("register a reviewer and their minisign public key"),
	.args = { MOPTS(MOPT_DB, MOPT_QUIET),
	    3, 3 },
	.exec = cmd_reviewers_add_exec,
};

static int
cmd_reviewers_import_exec(const struct cmd_entry *self, struct merge_opts *o,
    int argc, char **argv)
{
	struct sh_round		*r = NULL;
	struct sh_csv		 c;
	struct sh_reviewer_rec	*recs = NULL, *vs = NULL;
	struct mi_reviewer_keys	*keys = NULL;
	struct mi_registry	 g = { NULL, 0, NULL, NULL };
	struct sh_round_info	 info;
	struct sh_err		 e;
	int			 rc = EXIT_FAIL;
	size_t			 nv = 0;

	memset(&info, 0, sizeof info);
	if (mread_csv(argv[0], &c) != 0)
		return EXIT_FAIL;
	if (sh_csv_alias(&c, mi_reviewer_columns_ja) != 0) {
		sh_errf(&e, "out of memory");
		goto bad;
	}
	if (mi_reviewer_rows_read(&c, &recs, &keys, &e) == -1)
		goto bad;
	if ((r = mopen_round(o)) == NULL ||
	    registry(r, &info, &vs, &nv, &g) != 0)
		goto out;
	if (mi_reviewer_rows_check(&c, recs, &g, &e) == -1)
		goto bad;
	if (sh_round_add_reviewers(r, recs, c.nrows - 1, &e) == -1) {
		merr("%s: %s", argv[0], sh_errstr(&e));
		goto out;
	}
	if (!o->quiet)
		printf(_("%zu reviewers imported\n"), c.nrows - 1);
	rc = EXIT_OK;
	goto out;
bad:
	merr("%s", sh_errstr(&e));
out:
	free(recs);
	free(keys);
	mi_registry_free(&g);
	sh_reviewer_recs_free(vs, nv);
	sh_round_info_free(&info);
	sh_csv_free(&c);
	sh_round_close(r);
	return rc;
}

const struct cmd_entry cmd_reviewers_import_entry = {
	.name = "reviewers import",
	.usage = N_("[--db FILE] CSV"),
	.help = N_("register reviewers from CSV (id, name, public_key)"),
	.args = { MOPTS(MOPT_DB, MOPT_QUIET),
	    1, 1 },
	.exec = cmd_reviewers_import_exec,
};
