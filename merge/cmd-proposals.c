/*
 * proposals import: reads proposals from CSV, checks every row against
 * the round's rubric (variant, prefecture, the facts its indicator and
 * certification items need) and adds them all in one transaction, or
 * none. Columns:
 *
 *	id,title,applicant,variant,prefecture[,FACT...][,certifications]
 *	[,facts][,documents]
 *
 * FACT columns are named after the rubric's indicator facts
 * (students_per_pc, lan_rate); certifications are option ids separated
 * by ';'; facts is review/facts.h's text form
 * (students_per_pc=1.5;lan_rate=80;certifications=eruboshi-2); documents
 * are paths relative to the CSV, separated by ';'.
 *
 * A fact may be given in its own column, in the facts cell, or in both
 * when both say the same; an empty cell gives nothing. Two different
 * values for one fact are refused naming both cells: a rule that one
 * place wins would silently score the proposal on whichever value the
 * list's author did not mean. Every row's facts then pass the package's
 * own check (format/package.h), so whatever imports can be issued.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store/csv.h"
#include "merge.h"
#include "proposals_rows.h"

#define MAX_DOCUMENT_BYTES	(256u * 1024 * 1024)

/* A document named in the CSV: read, hashed and described. */
static int
add_document(void *arg, const char *rel, json_t *docs, struct sh_err *e)
{
	const char	*csvdir = arg;
	struct sh_buf	 b;
	char		 path[PATH_MAX], abs[PATH_MAX], sha[65];
	const char	*base;
	json_t		*d;

	if (rel[0] == '/')
		snprintf(path, sizeof path, "%s", rel);
	else
		snprintf(path, sizeof path, "%s/%s", csvdir, rel);
	sh_buf_init(&b, false);
	if (sh_read_file(path, MAX_DOCUMENT_BYTES, &b, e) == -1) {
		sh_buf_free(&b);
		return -1;
	}
	if (realpath(path, abs) == NULL)
		snprintf(abs, sizeof abs, "%s", path);
	sh_round_sha256_hex(b.data ? b.data : (unsigned char *)"", b.len, sha);
	base = strrchr(rel, '/');
	d = json_pack("{s:s, s:s, s:I, s:s}", "name", base ? base + 1 : rel,
	    "source", abs, "size", (json_int_t)b.len, "sha256", sha);
	sh_buf_free(&b);
	if (d == NULL || json_array_append_new(docs, d) == -1)
		return sh_errf(e, "out of memory");
	return 0;
}

static int
cmd_proposals_import_exec(const struct cmd_entry *self, struct merge_opts *o,
    int argc, char **argv)
{
	struct sh_round		*r;
	struct sh_round_info	 info;
	struct sh_rubric	*rb;
	struct sh_csv		 c;
	struct sh_proposal_rec	*recs = NULL;
	struct sh_err		 e;
	char			 csvdir[PATH_MAX], *slash;
	int			 rc = EXIT_FAIL;

	memset(&c, 0, sizeof c);
	if ((r = mopen_round(o)) == NULL)
		return EXIT_FAIL;
	if ((rb = mload_rubric(r, &info)) == NULL) {
		sh_round_close(r);
		return EXIT_FAIL;
	}
	if (mread_csv(argv[0], &c) != 0)
		goto out;
	if (sh_csv_alias(&c, mi_proposal_columns_ja) != 0) {
		merr("%s", _("out of memory"));
		goto out;
	}
	snprintf(csvdir, sizeof csvdir, "%s", argv[0]);
	if ((slash = strrchr(csvdir, '/')) != NULL)
		*slash = '\0';
	else
		snprintf(csvdir, sizeof csvdir, ".");
	if (mi_proposals_rows(&c, rb, add_document, csvdir, &recs, &e) != 0) {
		merr("%s", sh_errstr(&e));
		goto out;
	}
	if (sh_round_add_proposals(r, recs, c.nrows - 1, &e) == -1) {
		merr("%s: %s", argv[0], sh_errstr(&e));
		goto out;
	}
	if (!o->quiet)
		printf(ngettext("%zu proposal imported\n",
		    "%zu proposals imported\n", c.nrows - 1), c.nrows - 1);
	rc = EXIT_OK;
out:
	mi_proposal_recs_free(recs, c.nrows);
	sh_csv_free(&c);
	sh_rubric_free(rb);
	sh_round_info_free(&info);
	sh_round_close(r);
	return rc;
}

const struct cmd_entry cmd_proposals_import_entry = {
	.name = "proposals import",
	.usage = N_("[--db FILE] CSV"),
	.help = N_("import proposals (id, title, applicant, variant, "
	    "prefecture, facts, documents) from CSV"),
	.args = { MOPTS(MOPT_DB, MOPT_QUIET),
	    1, 1 },
	.exec = cmd_proposals_import_exec,
};
