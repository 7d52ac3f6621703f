/*
 * assign import: which reviewer reviews which proposal, from CSV
 * (reviewer,proposal). All rows or none; unknown reviewers or proposals
 * and duplicates are refused naming the line, and any other column is
 * refused as every import refuses it (sh_csv_check_header).
 */
#define _GNU_SOURCE	/* qsort_r */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/csv.h"
#include "merge.h"

static int
by_reviewer_id(const void *key, const void *elem)
{
	return strcmp(key, ((const struct sh_reviewer_rec *)elem)->id);
}

static int
by_proposal_id(const void *key, const void *elem)
{
	return strcmp(key, ((const struct sh_proposal_rec *)elem)->id);
}

struct pair_cols {
	const struct sh_csv	*c;
	int			 cr, cp;
};

/* Rows by (reviewer, proposal), then by line: a repeat sorts after its first. */
static int
by_pair(const void *a, const void *b, void *arg)
{
	const struct pair_cols	*k = arg;
	char			**x = k->c->rows[*(const size_t *)a].fields;
	char			**y = k->c->rows[*(const size_t *)b].fields;
	int			 d;

	if ((d = strcmp(x[k->cr], y[k->cr])) != 0 ||
	    (d = strcmp(x[k->cp], y[k->cp])) != 0)
		return d;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/*
 * Marks every row whose (reviewer, proposal) an earlier row has: n log n,
 * since a national round assigns a million pairs.
 */
static bool *
repeats(const struct sh_csv *c, int cr, int cp)
{
	struct pair_cols	 k = { c, cr, cp };
	size_t			*idx, i;
	bool			*rep;

	if ((idx = calloc(c->nrows + 1, sizeof *idx)) == NULL ||
	    (rep = calloc(c->nrows + 1, sizeof *rep)) == NULL) {
		free(idx);
		return NULL;
	}
	for (i = 1; i < c->nrows; i++)
		idx[i - 1] = i;
	qsort_r(idx, c->nrows - 1, sizeof *idx, by_pair, &k);
	for (i = 1; i + 1 < c->nrows; i++)
		if (strcmp(c->rows[idx[i]].fields[cr],
		    c->rows[idx[i - 1]].fields[cr]) == 0 &&
		    strcmp(c->rows[idx[i]].fields[cp],
		    c->rows[idx[i - 1]].fields[cp]) == 0)
			rep[idx[i]] = true;
	free(idx);
	return rep;
}

static int
cmd_assign_import_exec(const struct cmd_entry *self, struct merge_opts *o,
    int argc, char **argv)
{
	struct sh_round		*r = NULL;
	struct sh_csv		 c;
	struct sh_round_assignment	*a = NULL;
	struct sh_proposal_rec	*ps = NULL;
	struct sh_reviewer_rec	*vs = NULL;
	struct sh_err		 e;
	bool			*rep = NULL;
	size_t			 i, np = 0, nv = 0;
	int			 cr, cp, rc = EXIT_FAIL;
	static const char *const columns[] = { "reviewer", "proposal", NULL };
	/* Japanese column names beside the English ones. */
	static const char *const ja[] = { "審査委員ID", "reviewer",
	    "審査委員", "reviewer", "構想ID", "proposal", "構想", "proposal",
	    NULL };

	if (mread_csv(argv[0], &c) != 0)
		return EXIT_FAIL;
	if (sh_csv_alias(&c, ja) != 0) {
		merr("%s", _("out of memory"));
		goto out;
	}
	if (sh_csv_check_header(&c, columns, NULL, NULL, NULL, &e) == -1) {
		merr("%s", sh_errstr(&e));
		goto out;
	}
	if ((cr = sh_csv_column(&c, "reviewer")) == -1 ||
	    (cp = sh_csv_column(&c, "proposal")) == -1) {
		sh_csv_errf(&e, &c, 0, -1, "columns reviewer and proposal are "
		    "required");
		merr("%s", sh_errstr(&e));
		goto out;
	}
	if ((r = mopen_round(o)) == NULL)
		goto out;
	if (sh_round_proposals(r, &ps, &np, &e) == -1 ||
	    sh_round_reviewers(r, &vs, &nv, &e) == -1) {
		merr("%s", sh_errstr(&e));
		goto out;
	}
	if ((a = calloc(c.nrows, sizeof *a)) == NULL ||
	    (rep = repeats(&c, cr, cp)) == NULL) {
		merr(_("out of memory"));
		goto out;
	}
	/* The store lists reviewers and proposals sorted by id. */
	for (i = 1; i < c.nrows; i++) {
		char	**f = c.rows[i].fields;

		if (bsearch(f[cr], vs, nv, sizeof *vs, by_reviewer_id) == NULL) {
			sh_csv_errf(&e, &c, i, cr, "reviewer \"%s\" is not "
			    "registered", f[cr]);
			goto bad;
		}
		if (bsearch(f[cp], ps, np, sizeof *ps, by_proposal_id) == NULL) {
			sh_csv_errf(&e, &c, i, cp, "proposal \"%s\" is not in "
			    "the round", f[cp]);
			goto bad;
		}
		if (rep[i]) {
			sh_csv_errf(&e, &c, i, -1, "%s/%s appears twice", f[cr],
			    f[cp]);
			goto bad;
		}
		a[i - 1].reviewer = f[cr];
		a[i - 1].proposal = f[cp];
	}
	if (sh_round_add_assignments(r, a, c.nrows - 1, &e) == -1) {
		merr("%s: %s", argv[0], sh_errstr(&e));
		goto out;
	}
	if (!o->quiet)
		printf(_("%zu assignments imported\n"), c.nrows - 1);
	rc = EXIT_OK;
	goto out;
bad:
	merr("%s", sh_errstr(&e));
out:
	free(rep);
	free(a);
	sh_proposal_recs_free(ps, np);
	sh_reviewer_recs_free(vs, nv);
	sh_csv_free(&c);
	sh_round_close(r);
	return rc;
}

const struct cmd_entry cmd_assign_import_entry = {
	.name = "assign import",
	.usage = N_("[--db FILE] CSV"),
	.help = N_("import assignments (reviewer, proposal) from CSV"),
	.args = { MOPTS(MOPT_DB, MOPT_QUIET),
	    1, 1 },
	.exec = cmd_assign_import_exec,
};
