/*
 * assign import: which reviewer reviews which proposal, from CSV
 * (reviewer,proposal). All rows or none; unknown reviewers or proposals
 * and duplicates are refused naming the line, and any other column is
 * refused as every import refuses it (sh_csv_check_header).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/csv.h"
#include "merge.h"

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
	size_t			 i, j, np = 0, nv = 0;
	int			 cr, cp, rc = EXIT_FAIL;
	static const char *const columns[] = { "reviewer", "proposal", NULL };

	if (mread_csv(argv[0], &c) != 0)
		return EXIT_FAIL;
	if (sh_csv_check_header(&c, columns, NULL, NULL, NULL, &e) == -1) {
		merr("%s", e.msg);
		goto out;
	}
	if ((cr = sh_csv_column(&c, "reviewer")) == -1 ||
	    (cp = sh_csv_column(&c, "proposal")) == -1) {
		sh_csv_errf(&e, &c, 0, -1, "columns reviewer and proposal are "
		    "required");
		merr("%s", e.msg);
		goto out;
	}
	if ((r = mopen_round(o)) == NULL)
		goto out;
	if (sh_round_proposals(r, &ps, &np, &e) == -1 ||
	    sh_round_reviewers(r, &vs, &nv, &e) == -1) {
		merr("%s", e.msg);
		goto out;
	}
	if ((a = calloc(c.nrows, sizeof *a)) == NULL) {
		merr("out of memory");
		goto out;
	}
	for (i = 1; i < c.nrows; i++) {
		char	**f = c.rows[i].fields;
		bool	  found;

		for (found = false, j = 0; j < nv; j++)
			found |= strcmp(vs[j].id, f[cr]) == 0;
		if (!found) {
			sh_csv_errf(&e, &c, i, cr, "reviewer \"%s\" is not "
			    "registered", f[cr]);
			goto bad;
		}
		for (found = false, j = 0; j < np; j++)
			found |= strcmp(ps[j].id, f[cp]) == 0;
		if (!found) {
			sh_csv_errf(&e, &c, i, cp, "proposal \"%s\" is not in "
			    "the round", f[cp]);
			goto bad;
		}
		for (j = 1; j < i; j++)
			if (strcmp(a[j - 1].reviewer, f[cr]) == 0 &&
			    strcmp(a[j - 1].proposal, f[cp]) == 0) {
				sh_csv_errf(&e, &c, i, -1, "%s/%s appears "
				    "twice", f[cr], f[cp]);
				goto bad;
			}
		a[i - 1].reviewer = f[cr];
		a[i - 1].proposal = f[cp];
	}
	if (sh_round_add_assignments(r, a, c.nrows - 1, &e) == -1) {
		merr("%s: %s", argv[0], e.msg);
		goto out;
	}
	if (!o->quiet)
		printf("%zu assignments imported\n", c.nrows - 1);
	rc = EXIT_OK;
	goto out;
bad:
	merr("%s", e.msg);
out:
	free(a);
	sh_proposal_recs_free(ps, np);
	sh_reviewer_recs_free(vs, nv);
	sh_csv_free(&c);
	sh_round_close(r);
	return rc;
}

const struct cmd_entry cmd_assign_import_entry = {
	.name = "assign import",
	.usage = "[--db FILE] CSV",
	.help = "import assignments (reviewer, proposal) from CSV",
	.options = ",db,quiet,",
	.minargs = 1,
	.maxargs = 1,
	.exec = cmd_assign_import_exec,
};
