/*
 * tally: recomputes the tally from the current sheets and shows it (the
 * text report). Nothing is stored: the tally is always a function of
 * the sheets and decisions, recomputed by anyone who has them.
 */
#include "merge.h"

static int
cmd_tally_exec(const struct cmd_entry *self, struct merge_opts *o, int argc,
    char **argv)
{
	return mreport(o, "text");
}

const struct cmd_entry cmd_tally_entry = {
	.name = "tally",
	.usage = N_("[--db FILE] [--lang ja|en]"),
	.help = N_("compute and show the ranking from the current sheets"),
	.args = { MOPTS(MOPT_DB, MOPT_LANG),
	    0, 0 },
	.exec = cmd_tally_exec,
};
