/*
 * decide: records the committee's decision on a (キ) conflict: whether
 * the reviewer who declared it may review the proposal. A later decision
 * replaces an earlier one; the log keeps both. Deciding again the way
 * already recorded changes nothing, so that running decide again after a
 * crash that came after its commit does not log the decision twice
 * (tests/e2e/fault_kill_decide.sh). The look comes before the write
 * transaction: if another decide changes the record in between, this
 * one simply came first.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "merge.h"

static int
cmd_decide_exec(const struct cmd_entry *self, struct merge_opts *o, int argc,
    char **argv)
{
	struct sh_round		*r;
	struct sh_decision_rec	*ds = NULL;
	struct sh_err		 e;
	enum sh_decision	 d;
	size_t			 nd = 0, i;
	bool			 already = false;
	int			 rc = EXIT_OK;

	if (strcmp(argv[2], "allow") == 0)
		d = SH_DECIDE_ALLOW;
	else if (strcmp(argv[2], "refuse") == 0)
		d = SH_DECIDE_REFUSE;
	else {
		merr(_("decide: \"%s\" is neither allow nor refuse"), argv[2]);
		return musage(self);
	}
	if ((r = mopen_round(o)) == NULL)
		return EXIT_FAIL;
	if (sh_round_decisions(r, &ds, &nd, &e) == -1) {
		rc = merr("%s", sh_errstr(&e));
		goto out;
	}
	if (o->reason != NULL && o->reason[0] == '\0') {
		rc = merr(_("decide: the reason may not be empty"));
		goto out;
	}
	for (i = 0; i < nd; i++)
		if (strcmp(ds[i].proposal, argv[0]) == 0 &&
		    strcmp(ds[i].reviewer, argv[1]) == 0 && ds[i].decision == d &&
		    (o->reason == NULL || (ds[i].reason != NULL &&
		    strcmp(ds[i].reason, o->reason) == 0)))
			already = true;
	if (!already && sh_round_decide(r, argv[0], argv[1], d, o->reason,
	    &e) == -1)
		rc = merr("%s", sh_errstr(&e));
	else if (!o->quiet)
		printf("(キ) %s/%s: %s%s\n", argv[0], argv[1],
		    d == SH_DECIDE_ALLOW ? _("allow") : _("refuse"),
		    already ? _(" (already recorded)") : "");
out:
	sh_decision_recs_free(ds, nd);
	sh_round_close(r);
	return rc;
}

const struct cmd_entry cmd_decide_entry = {
	.name = "decide",
	.usage = N_("[--db FILE] [--reason TEXT] PROPOSAL REVIEWER "
	    "allow|refuse"),
	.help = N_("record the committee's decision on a (キ) conflict"),
	.args = { MOPTS(MOPT_DB, MOPT_QUIET, MOPT_REASON),
	    3, 3 },
	.exec = cmd_decide_exec,
};
