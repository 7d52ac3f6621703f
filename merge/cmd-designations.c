/*
 * designations: the designations in force in score order, each with its
 * balance reason and conditions, then the checks of review/designate.h
 * on the whole set as the round's tally stands now. A set with a problem
 * (a designated proposal whose score moved, a balance pick left without
 * its reason) exits 1, so that a script, and publish, can tell.
 */
#include <stdio.h>
#include <string.h>

#include "merge.h"
#include "mdset.h"
#include "rlang.h"

#define MAXP	64

static int
cmd_designations_exec(const struct cmd_entry *self, struct merge_opts *o,
    int argc, char **argv)
{
	struct mcommittee		 c;
	struct sh_desig_problem		 p[MAXP];
	const struct sh_tally_proposal	*tp;
	const struct sh_designation_rec	*d;
	const struct sh_proposal_rec	*pr;
	size_t				 i, np, nbal, nd = 0;
	char				 num[24], msg[1024];
	int				 rc = EXIT_FAIL;
	bool				 ja;

	if (mcommittee_open(o, &c) == -1)
		return EXIT_FAIL;
	ja = mr_lang_ja();
	np = sh_desig_check(c.s.before, c.s.n, p, MAXP, &nbal);
	printf("%4s %6s  %-10s %s\n", _("rank"), _("score"), _("proposal"),
	    _("title"));
	for (i = 0; i < c.s.n; i++) {
		tp = sh_tally_ranked(c.m.res.tally, i);
		pr = mround_proposal(&c.m, tp->id);
		if ((d = mdset_get(&c.s, pr->id)) == NULL)
			continue;
		nd++;
		if (tp->rank > 0)
			printf("%4zu %6s  ", tp->rank, sh_tally_fmt_tenths(
			    tp->tenths, num, sizeof num));
		else
			printf("%4s %6s  ", "-", "-");
		mprint_text(pr->id);
		fputs(" ", stdout);
		/* The names, as the tally shows them, for the committee. */
		mprint_text(mr_variant_label(c.m.rubric, pr->variant, ja));
		printf(" %s ", mr_pref_label(pr->prefecture, ja));
		mprint_text(pr->title);
		putchar('\n');
		if (c.s.before[tp->id].balance) {
			printf("            %s", _("chosen for balance: "));
			mprint_text(d->balance ? d->balance : _("(no reason)"));
			putchar('\n');
		}
		if (d->condition != NULL) {
			printf("            %s", _("conditions: "));
			mprint_text(d->condition);
			putchar('\n');
		}
	}
	printf(_("%zu designated, %zu of them chosen for balance "
	    "(guideline: at most one third).\n"), nd, nbal);
	for (i = 0; i < np && i < MAXP; i++) {
		fputs(_("problem: "), stdout);
		mprint_text(mdesig_words(&p[i], c.s.before, c.s.ids, msg,
		    sizeof msg));
		putchar('\n');
	}
	rc = np == 0 ? EXIT_OK : EXIT_FAIL;
	mcommittee_close(&c);
	return rc;
}

const struct cmd_entry cmd_designations_entry = {
	.name = "designations",
	.usage = N_("[--db FILE] [--lang ja|en]"),
	.help = N_("list the designations and check them against the rules"),
	.args = { MOPTS(MOPT_DB, MOPT_LANG),
	    0, 0 },
	.exec = cmd_designations_exec,
};
