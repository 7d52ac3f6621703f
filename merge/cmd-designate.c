/*
 * designate, undesignate: record the committee's decision of which
 * proposals are designated (指定の決定; DESIGN.md rule 9). The set in
 * force after the change is judged whole by the rules of
 * review/designate.h before anything is written, and a change that would
 * break one is refused with the rule's words; a problem the set already
 * had (a designated proposal whose score moved since) is shown by
 * `designations` and does not block an unrelated change. Every change is
 * one transaction with its entries in the designation log.
 *
 * Deciding again what is already recorded changes nothing, so that
 * running the command again after a crash that came after its commit
 * logs nothing twice (as decide does).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "merge.h"
#include "mdesig.h"
#include "mdset.h"

static bool
had(const struct sh_desig_problem *p, size_t np, size_t max,
    const struct sh_desig_problem *q)
{
	size_t i;

	for (i = 0; i < np && i < max; i++)
		if (p[i].kind == q->kind && p[i].cand == q->cand)
			return true;
	return false;
}

#define MAXP	64

/* A new text given that is not the one recorded. */
static bool
differs(const char *old, const char *given)
{
	return given != NULL && (old == NULL || strcmp(old, given) != 0);
}

static int
designate(const struct cmd_entry *self, struct merge_opts *o, int argc,
    char **argv, bool on)
{
	struct mcommittee		 c;
	struct sh_desig_problem		 pb[MAXP], pa[MAXP];
	struct sh_designation_rec	*set = NULL, *chg = NULL;
	struct sh_err			 e;
	size_t				 i, k, nb, na, nset = 0, nchg = 0, nbal;
	char				 msg[1024];
	int				 rc = EXIT_FAIL, bad = 0;
	bool				 write = false;

	if (!on && (o->balance || o->condition)) {
		merr(_("undesignate: --balance and --condition are for "
		    "designate"));
		return musage(self);
	}
	if ((o->balance && o->balance[0] == '\0') ||
	    (o->condition && o->condition[0] == '\0')) {
		merr(_("%s: a reason or condition may not be empty"),
		    self->name);
		return EXIT_USAGE;
	}
	if (mcommittee_open(o, &c) == -1)
		return EXIT_FAIL;
	for (i = 0; i < (size_t)argc; i++) {
		if ((k = mdesig_find(c.s.ids, c.s.n, argv[i])) == c.s.n) {
			merr(_("%s: no such proposal"), argv[i]);
			bad++;
			continue;
		}
		if (on && !sh_desig_eligible(&c.s.after[k], &pa[0])) {
			pa[0].cand = k;
			merr("%s", mdesig_words(&pa[0], c.s.after, c.s.ids, msg,
			    sizeof msg));
			bad++;
			continue;
		}
		c.s.after[k].designated = on;
		if (on && o->balance)
			c.s.after[k].has_reason = true;
	}
	if (bad)
		goto out;
	nb = sh_desig_check(c.s.before, c.s.n, pb, MAXP, NULL);
	/* Acknowledging the guideline covers every balance pick. */
	sh_desig_check(c.s.after, c.s.n, pa, MAXP, &nbal);
	if (o->beyond)
		for (i = 0; i < c.s.n; i++)
			if (c.s.after[i].balance)
				c.s.after[i].beyond = true;
	na = sh_desig_check(c.s.after, c.s.n, pa, MAXP, &nbal);
	for (i = 0; i < na && i < MAXP; i++) {
		if (had(pb, nb, MAXP, &pa[i]))
			continue;
		merr("%s", mdesig_words(&pa[i], c.s.after, c.s.ids, msg,
		    sizeof msg));
		bad++;
	}
	if (bad) {
		merr(_("%s: nothing was changed."), self->name);
		goto out;
	}
	/* The new set, keeping what each designation already had. */
	set = calloc(c.s.n + 1, sizeof *set);
	chg = calloc(c.s.n + 1, sizeof *chg);
	if (set == NULL || chg == NULL) {
		merr("%s", _("out of memory"));
		goto out;
	}
	for (k = 0; k < c.s.n; k++) {
		const struct sh_designation_rec *old;
		struct sh_designation_rec	 now;
		bool				 named = false;

		old = mdset_get(&c.s, c.s.ids[k]);
		for (i = 0; i < (size_t)argc; i++)
			if (strcmp(argv[i], c.s.ids[k]) == 0)
				named = true;
		memset(&now, 0, sizeof now);
		now.proposal = (char *)c.s.ids[k];
		if (old != NULL) {
			now.balance = old->balance;
			now.condition = old->condition;
			now.decided_at = old->decided_at;
		}
		now.beyond = c.s.after[k].beyond;
		if (named && on) {
			if (o->balance)
				now.balance = (char *)o->balance;
			if (o->condition)
				now.condition = (char *)o->condition;
		}
		if (old != NULL && now.beyond != old->beyond)
			write = true;
		if (named && ((old == NULL) == on || (on &&
		    (differs(old->balance, o->balance) ||
		    differs(old->condition, o->condition))))) {
			chg[nchg] = now;
			chg[nchg++].beyond = o->beyond;
		}
		if (!c.s.after[k].designated)
			continue;
		if (named && on)
			now.decided_at = NULL;	/* now */
		set[nset++] = now;
	}
	if ((write || nchg > 0) && sh_round_set_designations(c.r, set,
	    nset, chg, nchg, on, &e) == -1) {
		merr("%s", sh_errstr(&e));
		goto out;
	}
	rc = EXIT_OK;
	if (o->quiet)
		goto out;
	for (i = 0; i < (size_t)argc; i++) {
		mprint_text(argv[i]);
		fputs(on ? _(": designated") : _(": not designated"), stdout);
		k = mdesig_find(c.s.ids, c.s.n, argv[i]);
		if (on && c.s.after[k].balance)
			fputs(_(" (a choice for balance)"), stdout);
		if (nchg == 0 && !write)
			fputs(_(" (already recorded)"), stdout);
		putchar('\n');
	}
	printf(_("%zu designated, %zu of them chosen for balance.\n"), nset,
	    nbal);
out:
	free(set);
	free(chg);
	mcommittee_close(&c);
	return rc;
}

static int
cmd_designate_exec(const struct cmd_entry *self, struct merge_opts *o,
    int argc, char **argv)
{
	return designate(self, o, argc, argv, true);
}

static int
cmd_undesignate_exec(const struct cmd_entry *self, struct merge_opts *o,
    int argc, char **argv)
{
	return designate(self, o, argc, argv, false);
}

const struct cmd_entry cmd_designate_entry = {
	.name = "designate",
	.usage = N_("[--db FILE] [--balance REASON] [--condition TEXT] "
	    "[--beyond-guideline] PROPOSAL..."),
	.help = N_("record the committee's designation of proposals (指定)"),
	.args = { MOPTS(MOPT_DB, MOPT_QUIET, MOPT_BALANCE, MOPT_CONDITION,
	    MOPT_BEYOND),
	    1, -1 },
	.exec = cmd_designate_exec,
};

const struct cmd_entry cmd_undesignate_entry = {
	.name = "undesignate",
	.usage = N_("[--db FILE] [--beyond-guideline] PROPOSAL..."),
	.help = N_("withdraw a designation"),
	.args = { MOPTS(MOPT_DB, MOPT_QUIET, MOPT_BEYOND),
	    1, -1 },
	.exec = cmd_undesignate_exec,
};
