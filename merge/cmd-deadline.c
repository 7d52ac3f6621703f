/*
 * deadline: shows or changes the round's deadline (締切) for the sheets.
 * Packages issued afterwards carry it to the workstations; packages
 * already issued keep the one they were issued with, so a change is
 * followed by issuing again.
 */
#include <stdio.h>
#include <string.h>

#include "base/text.h"
#include "merge.h"

static int
cmd_deadline_exec(const struct cmd_entry *self, struct merge_opts *o,
    int argc, char **argv)
{
	struct sh_round		*r;
	struct sh_round_info	 info;
	struct sh_err		 e;
	const char		*date;
	int			 rc = EXIT_OK;

	if ((r = mopen_round(o)) == NULL)
		return EXIT_FAIL;
	if (argc == 0) {
		if (sh_round_get_info(r, &info, &e) == -1)
			rc = merr("%s", sh_errstr(&e));
		else {
			if (info.deadline != NULL)
				printf(_("deadline %s\n"), info.deadline);
			else
				printf("%s\n", _("no deadline set"));
			sh_round_info_free(&info);
		}
		sh_round_close(r);
		return rc;
	}
	/* untranslated: the word a secretary types, as the usage says */
	date = strcmp(argv[0], "none") == 0 ? NULL : argv[0];
	if (date != NULL && !sh_date_valid(date)) {
		sh_round_close(r);
		return merr(_("deadline: \"%s\" is not a date like "
		    "2026-06-30"), date);
	}
	if (sh_round_set_deadline(r, date, &e) == -1)
		rc = merr("%s", sh_errstr(&e));
	else if (!o->quiet) {
		if (date != NULL)
			printf(_("deadline %s; issue the packages again to "
			    "tell the reviewers\n"), date);
		else
			printf("%s\n", _("deadline removed"));
	}
	sh_round_close(r);
	return rc;
}

const struct cmd_entry cmd_deadline_entry = {
	.name = "deadline",
	.usage = N_("[--db FILE] [YYYY-MM-DD|none]"),
	.help = N_("show or change the round's deadline for the sheets"),
	.args = { MOPTS(MOPT_DB, MOPT_QUIET),
	    0, 1 },
	.exec = cmd_deadline_exec,
};
