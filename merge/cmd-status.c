/*
 * status: where the round stands — proposals, reviewers (id and name),
 * what each was assigned, issued and has sent (a sheet older than a
 * newer package said), how many reviews each proposal has counted (one
 * alone said), and the committee's decisions with their reasons.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/text.h"
#include "merge.h"
#include "mround.h"

struct per_reviewer {
	size_t				 assigned, issued, sheets;
	const char			*last_issued;	/* RFC 3339 */
	const struct sh_sheet_rec	*cur;
};

static int
by_id(const void *key, const void *elem)
{
	return strcmp(key, ((const struct sh_reviewer_rec *)elem)->id);
}

/* The index of reviewer id in vs (sorted by id), or nv. */
static size_t
reviewer_at(const struct sh_reviewer_rec *vs, size_t nv, const char *id)
{
	const struct sh_reviewer_rec *v = bsearch(id, vs, nv, sizeof *vs,
	    by_id);

	return v != NULL ? (size_t)(v - vs) : nv;
}

/*
 * Prints s sanitised in exactly cols display columns, padded on the
 * left (right) or the right: headings are translated and names are
 * Japanese, two columns a character, so printf's byte widths would
 * misalign them. What does not fit is cut at a character and ends in …
 */
static void
cell(const char *s, size_t cols, bool right)
{
	struct sh_buf	 b;
	const char	*t = s;
	size_t		 len = strlen(s), w, n, used;

	sh_buf_init(&b, false);
	if (sh_text_sanitize(&b, s, len, false) == 0 && b.data != NULL) {
		t = (const char *)b.data;
		len = b.len;
	}
	if ((w = sh_text_width(t, len)) > cols) {
		n = sh_text_fit(t, len, cols - 1, &used);
		printf("%.*s…%*s", (int)n, t, (int)(cols - 1 - used), "");
	} else if (right)
		printf("%*s%s", (int)(cols - w), "", t);
	else
		printf("%s%*s", t, (int)(cols - w), "");
	sh_buf_free(&b);
}

/*
 * A (キ) decision as status lists it, "  P07/r04: allow (time)", in b
 * (emptied first); NULL if out of memory.
 */
static const char *
decision_head(struct sh_buf *b, const struct sh_decision_rec *d)
{
	b->len = 0;
	if (sh_buf_printf(b, "  %s/%s: %s (%s)", d->proposal, d->reviewer,
	    d->decision == SH_DECIDE_ALLOW ? _("allow") : _("refuse"),
	    d->decided_at) == -1)
		return NULL;
	return sh_buf_cstr(b);
}

/*
 * The committee's (キ) decisions, each with its reason if it gave one.
 * The reasons start in one column: the words before them are translated
 * (審査を認める, 審査を認めない) and ids differ in length, so every
 * width is measured before the first line is printed. A decision without
 * a reason is printed as it always was. -1 if out of memory.
 */
static int
print_decisions(const struct sh_decision_rec *ds, size_t nd)
{
	struct sh_buf	 b;
	const char	*h;
	size_t		 i, w, wmax = 0;
	int		 rc = -1;

	sh_buf_init(&b, false);
	for (i = 0; i < nd; i++) {
		if (ds[i].reason == NULL)
			continue;
		if ((h = decision_head(&b, &ds[i])) == NULL)
			goto out;
		if ((w = sh_text_width(h, strlen(h))) > wmax)
			wmax = w;
	}
	printf(_("\n(キ) decisions\n"));
	for (i = 0; i < nd; i++) {
		if ((h = decision_head(&b, &ds[i])) == NULL)
			goto out;
		if (ds[i].reason == NULL)
			fputs(h, stdout);
		else {
			cell(h, wmax, false);
			printf("  %s", _("the committee's reason: "));
			mprint_text(ds[i].reason);
		}
		putchar('\n');
	}
	rc = 0;
out:
	sh_buf_free(&b);
	return rc;
}

static int
cmd_status_exec(const struct cmd_entry *self, struct merge_opts *o, int argc,
    char **argv)
{
	struct sh_round		*r;
	struct sh_round_info	 info;
	struct sh_proposal_rec	*ps = NULL;
	struct sh_reviewer_rec	*vs = NULL;
	struct sh_round_assignment	*as = NULL;
	struct sh_package_rec	*pk = NULL;
	struct sh_sheet_rec	*ss = NULL;
	struct sh_decision_rec	*ds = NULL;
	struct sh_err		 e;
	size_t			 np = 0, nv = 0, na = 0, npk = 0, ns = 0, nd = 0;
	struct per_reviewer	*per = NULL;
	size_t			 i, j;
	int			 rc = EXIT_FAIL;

	if ((r = mopen_round(o)) == NULL)
		return EXIT_FAIL;
	memset(&info, 0, sizeof info);
	if (sh_round_get_info(r, &info, &e) == -1 ||
	    sh_round_proposals(r, &ps, &np, &e) == -1 ||
	    sh_round_reviewers(r, &vs, &nv, &e) == -1 ||
	    sh_round_assignments(r, NULL, &as, &na, &e) == -1 ||
	    sh_round_packages(r, &pk, &npk, &e) == -1 ||
	    sh_round_sheet_heads(r, &ss, &ns, &e) == -1 ||
	    sh_round_decisions(r, &ds, &nd, &e) == -1) {
		merr("%s", sh_errstr(&e));
		goto out;
	}
	fputs(_("round      "), stdout);
	mprint_text(info.id);
	fputs(_("\ntitle      "), stdout);
	mprint_text(info.title);
	printf(_("\nrubric     sha256 %s\n"), info.rubric_sha256);
	printf(_("recipient  %s\n"), info.secretariat_recipient);
	printf(_("created    %s\n"), info.created);
	if (info.deadline != NULL)
		printf(_("deadline   %s\n"), info.deadline);
	printf(_("proposals  %zu\nreviewers  %zu\nassignments %zu\n"), np, nv, na);
	putchar('\n');
	cell(_("reviewer"), 12, false);
	putchar(' ');
	cell(_("name"), 16, false);
	putchar(' ');
	cell(_("assigned"), 8, true);
	putchar(' ');
	cell(_("issued"), 20, false);
	putchar(' ');
	cell(_("revision"), 8, true);
	printf("  %s\n", _("accepted"));
	/* One pass over each list: a national round has a million rows. */
	if ((per = calloc(nv + 1, sizeof *per)) == NULL) {
		merr(_("out of memory"));
		goto out;
	}
	for (j = 0; j < na; j++)
		if ((i = reviewer_at(vs, nv, as[j].reviewer)) < nv)
			per[i].assigned++;
	/* RFC 3339 UTC times, all from the store: they sort as text. */
	for (j = 0; j < npk; j++)
		if ((i = reviewer_at(vs, nv, pk[j].reviewer)) < nv) {
			per[i].issued++;
			if (per[i].last_issued == NULL ||
			    strcmp(pk[j].issued, per[i].last_issued) > 0)
				per[i].last_issued = pk[j].issued;
		}
	for (j = 0; j < ns; j++)
		if ((i = reviewer_at(vs, nv, ss[j].reviewer)) < nv) {
			per[i].sheets++;
			if (ss[j].current)
				per[i].cur = &ss[j];
		}
	for (i = 0; i < nv; i++) {
		const struct sh_sheet_rec *cur = per[i].cur;

		/* Ids are ASCII (sh_id_valid) and never cut. */
		printf("%-12s ", vs[i].id);
		cell(vs[i].name, 16, false);
		printf(" %8zu %-20s ", per[i].assigned,
		    per[i].last_issued != NULL ? per[i].last_issued : "-");
		if (cur != NULL)
			printf(_("%8lld  %s (%zu kept)\n"),
			    (long long)cur->revision, cur->accepted_at,
			    per[i].sheets);
		else
			printf("%8s  -\n", "-");
		/* The reviewer may have scored the old package: the
		 * secretariat asks for a sheet from the new one. */
		if (cur != NULL && per[i].last_issued != NULL &&
		    strcmp(cur->accepted_at, per[i].last_issued) < 0)
			printf(_("  %s: the sheet is older than the package "
			    "issued %s; ask for a new sheet\n"), vs[i].id,
			    per[i].last_issued);
	}
	{
		char		 path[4096], line[8192];
		FILE		*f = NULL;
		size_t		 nref = 0;
		struct sh_err	 je;
		struct stat	 st;
		int		 fd;

		snprintf(path, sizeof path, "%s.refusals", o->db ? o->db :
		    getenv("SHINSA_DB"));
		/* No journal is no refusals; anything else there is said. */
		if ((fd = sh_open_regular(path, NULL, &je)) == -1) {
			if (lstat(path, &st) == 0)
				merr("%s", sh_errstr(&je));
		} else if ((f = fdopen(fd, "r")) == NULL)
			close(fd);
		if (f != NULL) {
			while (fgets(line, sizeof line, f) != NULL)
				nref += strchr(line, '\n') != NULL;
			fclose(f);
		}
		if (nref > 0)
			printf(ngettext("\n%zu file refused (see %s)\n",
			    "\n%zu files refused (see %s)\n", nref), nref,
			    path);
	}
	if (ns > 0) {
		struct mround			 m;
		const struct sh_tally_entry	*es;
		size_t				 pi, n;

		/*
		 * What awaits the committee, from the current sheets: the
		 * tally alone, without the results document (a million
		 * reviews at national scale).
		 */
		if (mround_load(r, &m) == 0) {
			const struct sh_tally_proposal *tp;

			putchar('\n');
			cell(_("proposal"), 12, false);
			putchar(' ');
			cell(_("counted"), 8, true);
			putchar('\n');
			for (pi = 0; pi < m.np; pi++) {
				if ((tp = sh_tally_proposal(m.res.tally,
				    pi)) == NULL)
					continue;
				printf("%-12s %8zu", m.ps[pi].id, tp->ncounted);
				/* One review is no deviation-score mean
				 * the rules meant: the secretariat acts. */
				if (tp->ncounted == 1)
					fputs(_("  only one counted reviewer"),
					    stdout);
				putchar('\n');
			}
			if (m.res.npending > 0)
				printf(_("\n(キ) awaiting the committee: %zu\n"),
				    m.res.npending);
			for (pi = 0; pi < m.np; pi++) {
				es = sh_tally_entries(m.res.tally, pi, &n);
				for (j = 0; j < n; j++)
					if (es[j].conflict ==
					    SH_CONFLICT_KI_PENDING)
						/* untranslated: a command line */
						printf("  shinsa-merge decide "
						    "%s %s allow|refuse\n",
						    m.ps[pi].id, m.res.reviewers[
						    es[j].reviewer]);
			}
			mround_free(&m);
		}
	}
	if (nd > 0 && print_decisions(ds, nd) == -1) {
		merr(_("out of memory"));
		goto out;
	}
	rc = EXIT_OK;
out:
	free(per);
	sh_round_info_free(&info);
	sh_proposal_recs_free(ps, np);
	sh_reviewer_recs_free(vs, nv);
	sh_round_assignments_free(as, na);
	sh_package_recs_free(pk, npk);
	sh_sheet_recs_free(ss, ns);
	sh_decision_recs_free(ds, nd);
	sh_round_close(r);
	return rc;
}

const struct cmd_entry cmd_status_entry = {
	.name = "status",
	.usage = N_("[--db FILE] [--lang ja|en]"),
	.help = N_("show the round: proposals, reviewers, packages, sheets"),
	.args = { MOPTS(MOPT_DB, MOPT_LANG),
	    0, 0 },
	.exec = cmd_status_exec,
};
