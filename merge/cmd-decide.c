/*
 * decide: records the committee's decision on a (キ) conflict: whether
 * the reviewer who declared it may review the proposal. A later decision
 * replaces an earlier one; the log keeps both.
 */
#include <stdio.h>
#include <string.h>

#include "merge.h"

static int
cmd_decide_exec(const struct cmd_entry *self, struct merge_opts *o, int argc,
    char **argv)
{
	struct sh_round		*r;
	struct sh_err		 e;
	enum sh_decision	 d;
	int			 rc = EXIT_OK;

	if (strcmp(argv[2], "allow") == 0)
		d = SH_DECIDE_ALLOW;
	else if (strcmp(argv[2], "refuse") == 0)
		d = SH_DECIDE_REFUSE;
	else {
		merr("decide: \"%s\" is neither allow nor refuse", argv[2]);
		return musage(self);
	}
	if ((r = mopen_round(o)) == NULL)
		return EXIT_FAIL;
	if (sh_round_decide(r, argv[0], argv[1], d, &e) == -1)
		rc = merr("%s", e.msg);
	else if (!o->quiet)
		printf("(キ) %s/%s: %s\n", argv[0], argv[1], argv[2]);
	sh_round_close(r);
	return rc;
}

const struct cmd_entry cmd_decide_entry = {
	.name = "decide",
	.usage = "[--db FILE] PROPOSAL REVIEWER allow|refuse",
	.help = "record the committee's decision on a (キ) conflict",
	.options = ",db,quiet,",
	.minargs = 3,
	.maxargs = 3,
	.exec = cmd_decide_exec,
};
